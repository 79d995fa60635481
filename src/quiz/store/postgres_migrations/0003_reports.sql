-- Members' reports of questions, with what each question cited when it was reported (its passage ids or
-- reference entry); open until an educator closes them. (0002 is the question-of-the-day schedules'.)
-- Applied migrations are checksummed: never edit this file once released.
CREATE TABLE reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    cites TEXT NOT NULL,
    reason TEXT NOT NULL,
    reported_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX open_reports ON reports (guild_id) WHERE closed_at IS NULL;
