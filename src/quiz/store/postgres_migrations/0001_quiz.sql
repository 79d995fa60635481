-- The quiz schema on PostgreSQL: the same tables, keys and rules as the SQLite migrations, in one step
-- (this backend starts at the SQLite schema's latest version). Times are Unix seconds, except the reveal
-- timer's (milliseconds).
-- Applied migrations are checksummed: never edit this file once released; add 0002_….sql instead.
CREATE TABLE sessions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    starter_id TEXT NOT NULL,
    topic TEXT,
    question_ids TEXT[] NOT NULL,
    seconds BIGINT NOT NULL,
    current BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'interrupted')),
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    -- The reveal timer (Unix ms): whichever instance finds it due first claims it (and moves it to its lease).
    reveal_due_ms BIGINT
);
-- Two instances starting a quiz in one channel at once: the database lets one of them.
CREATE UNIQUE INDEX one_running_session_per_channel ON sessions (channel_id) WHERE status = 'running';
CREATE INDEX due_reveals ON sessions (reveal_due_ms) WHERE status = 'running';

-- One answer per (session, question, member): a changed answer replaces the earlier one.
CREATE TABLE answers (
    session_id BIGINT NOT NULL REFERENCES sessions (id),
    question_index BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    guild_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    option BIGINT NOT NULL,
    correct BOOLEAN NOT NULL,
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, question_index, user_id)
);
CREATE INDEX answers_by_guild ON answers (guild_id, answered_at);

-- A question is revealed once: the first instance to insert its row posts the reveal.
CREATE TABLE reveals (
    session_id BIGINT NOT NULL REFERENCES sessions (id),
    question_index BIGINT NOT NULL,
    revealed_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, question_index)
);

-- The message that asks each posted question, so any instance can close its buttons.
CREATE TABLE question_messages (
    session_id BIGINT NOT NULL REFERENCES sessions (id),
    question_index BIGINT NOT NULL,
    message_id TEXT NOT NULL,
    PRIMARY KEY (session_id, question_index)
);

CREATE TABLE practice_cards (
    user_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    box BIGINT NOT NULL,
    due_step BIGINT NOT NULL,
    PRIMARY KEY (user_id, question_id)
);

CREATE TABLE practice_log (
    user_id TEXT NOT NULL,
    guild_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    correct BOOLEAN NOT NULL,
    answered_at BIGINT NOT NULL
);
CREATE INDEX practice_log_by_user ON practice_log (user_id);
CREATE INDEX practice_log_by_guild ON practice_log (guild_id);
