-- One open report per (server, member, question) (SQLite migration 5): a member's second report of a
-- question waits until an educator closes the first, and the unique index makes the database refuse it,
-- whichever instance files it. Duplicates an earlier build stored are kept, closed now, leaving each
-- member's oldest open report of a question open.
-- Applied migrations are checksummed: never edit this file once released; add 0005_….sql instead.
UPDATE reports SET closed_at = EXTRACT(EPOCH FROM now())::BIGINT
WHERE closed_at IS NULL AND EXISTS (
    SELECT 1 FROM reports AS older
    WHERE older.guild_id = reports.guild_id AND older.user_id = reports.user_id
        AND older.question_id = reports.question_id AND older.closed_at IS NULL AND older.id < reports.id
);
CREATE UNIQUE INDEX one_open_report_per_member_question ON reports (guild_id, user_id, question_id)
    WHERE closed_at IS NULL;
