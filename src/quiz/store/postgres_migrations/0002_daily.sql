-- Questions of the day (SQLite migration 3): a schedule per channel whose next post is a durable timer,
-- and each day's question as a one-question session marked with its local day. (channel, day) is unique,
-- so a day is never posted twice, whichever instance takes it; a question of the day does not stop a
-- channel quiz from running beside it.
-- Applied migrations are checksummed: never edit this file once released; add 0003_….sql instead.
ALTER TABLE sessions ADD COLUMN daily_day TEXT;
DROP INDEX one_running_session_per_channel;
CREATE UNIQUE INDEX one_running_session_per_channel ON sessions (channel_id)
    WHERE status = 'running' AND daily_day IS NULL;
CREATE UNIQUE INDEX one_daily_question_per_channel_day ON sessions (channel_id, daily_day)
    WHERE daily_day IS NOT NULL;

CREATE TABLE daily_schedules (
    channel_id TEXT PRIMARY KEY,
    guild_id TEXT NOT NULL,
    created_by TEXT NOT NULL,
    -- Local time of day (HH:MM) in an IANA time zone: the instant is computed for each local day.
    local_time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    topic TEXT,
    reveal_hours BIGINT NOT NULL,
    -- The local day (YYYY-MM-DD) the schedule waits for, and when its question is due (Unix ms): taking a
    -- day is a compare-and-set on next_day.
    next_day TEXT NOT NULL,
    next_post_ms BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX due_dailies ON daily_schedules (next_post_ms);
