//! Quiz persistence in an embedded SQLite database (created and migrated on first open).
//!
//! Scores are never stored: they are counted from the answers of revealed questions, and an answer's key is
//! (session, question, member), so a change of answer replaces it and nothing can be counted twice.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};

/// Why the store failed (an operator problem; users get an apology).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("quiz database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be migrated.
    #[error("quiz database migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The data folder could not be created.
    #[error("quiz database folder: {0}")]
    Io(#[from] std::io::Error),
    /// Another thread panicked while holding the connection.
    #[error("quiz database: the connection is unusable after a crash in another task")]
    Poisoned,
}

const MIGRATIONS: &[M<'static>] = &[M::up(
    "CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        starter_id TEXT NOT NULL,
        topic TEXT,
        question_ids TEXT NOT NULL,
        seconds INTEGER NOT NULL,
        current INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'interrupted')),
        started_at INTEGER NOT NULL,
        ended_at INTEGER
    );
    CREATE UNIQUE INDEX one_running_session_per_channel ON sessions(channel_id) WHERE status = 'running';
    CREATE TABLE answers (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        question_index INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        option INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        answered_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, question_index, user_id)
    );
    CREATE TABLE reveals (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        question_index INTEGER NOT NULL,
        revealed_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, question_index)
    );
    CREATE TABLE practice_cards (
        user_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        box INTEGER NOT NULL,
        due_step INTEGER NOT NULL,
        PRIMARY KEY (user_id, question_id)
    );
    CREATE TABLE practice_log (
        user_id TEXT NOT NULL,
        guild_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        correct INTEGER NOT NULL,
        answered_at INTEGER NOT NULL
    );",
)];

/// A session about to start: who starts it where, and what it asks.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    /// Server.
    pub guild_id: &'a str,
    /// Channel (at most one running session each).
    pub channel_id: &'a str,
    /// Who starts it.
    pub starter_id: &'a str,
    /// The topic chosen, if any.
    pub topic: Option<&'a str>,
    /// Question ids in order.
    pub question_ids: &'a [String],
    /// Seconds per question.
    pub seconds: u32,
}

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Row id.
    pub id: i64,
    /// Server.
    pub guild_id: String,
    /// Channel.
    pub channel_id: String,
    /// Who started it.
    pub starter_id: String,
    /// Question ids in order.
    pub question_ids: Vec<String>,
    /// Seconds per question.
    pub seconds: u32,
    /// Index of the current question.
    pub current: usize,
    /// running, finished, stopped or interrupted.
    pub status: String,
}

/// What happened to an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// First answer of this member to this question.
    New,
    /// The member changed their answer.
    Changed {
        /// The earlier option.
        from: usize,
    },
    /// The same option again.
    Same,
    /// The question is revealed or the session is over.
    Closed,
}

/// One answer to record.
#[derive(Debug, Clone)]
pub struct AnswerRecord<'a> {
    /// Session.
    pub session_id: i64,
    /// Which question of the session.
    pub question_index: usize,
    /// The question's id.
    pub question_id: &'a str,
    /// Its topic.
    pub topic: &'a str,
    /// Member.
    pub user_id: &'a str,
    /// Chosen option.
    pub option: usize,
    /// Whether it is right.
    pub correct: bool,
    /// Unix seconds.
    pub now: i64,
}

/// A line of a leaderboard or session results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// Member.
    pub user_id: String,
    /// Correct answers.
    pub points: u32,
    /// Answers given.
    pub answered: u32,
}

/// A practice card of the Leitner system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardState {
    /// Box 1 (often) to 5 (rarely).
    pub box_number: u8,
    /// The practice step at which it is due again.
    pub due_step: u32,
}

/// The embedded database.
pub struct QuizStore {
    conn: Mutex<Connection>,
}

/// What the quiz needs from storage. [`QuizStore`] keeps it in embedded SQLite; a shared database (e.g.
/// PostgreSQL, for instances on several hosts) would implement the same trait.
pub trait QuizStorage: Send + Sync {
    /// Every running session, oldest first (after a restart: those a previous process left running).
    fn running(&self) -> Result<Vec<SessionRow>, StoreError>;

    /// Starts a session; `None` when the channel already has one running.
    fn create_session(&self, session: &NewSession<'_>, now: i64) -> Result<Option<i64>, StoreError>;

    /// The session running in a channel.
    fn running_in(&self, channel_id: &str) -> Result<Option<SessionRow>, StoreError>;

    /// A session by id.
    fn session(&self, id: i64) -> Result<Option<SessionRow>, StoreError>;

    /// Records (or changes) a member's answer, in one transaction, unless the question is closed.
    fn record_answer(&self, a: &AnswerRecord<'_>) -> Result<Recorded, StoreError>;

    /// Closes a question for answers; returns false when it was already revealed (so a reveal happens once).
    fn reveal(&self, session_id: i64, question_index: usize, now: i64) -> Result<bool, StoreError>;

    /// The answers to one question: (member, option), ordered by member.
    fn answers(&self, session_id: i64, question_index: usize) -> Result<Vec<(String, usize)>, StoreError>;

    /// Moves a running session to its next question.
    fn advance(&self, session_id: i64, next: usize) -> Result<(), StoreError>;

    /// Ends a session (finished or stopped); false when it was not running.
    fn end(&self, session_id: i64, status: &str, now: i64) -> Result<bool, StoreError>;

    /// Scores of a session: correct answers to revealed questions, best first.
    fn session_scores(&self, session_id: i64) -> Result<Vec<Standing>, StoreError>;

    /// A server's leaderboard since a time (all time when `None`).
    fn leaderboard(&self, guild_id: &str, since: Option<i64>, limit: usize) -> Result<Vec<Standing>, StoreError>;

    /// Per question of a server (sessions and practice): (question id, answered, missed).
    fn question_stats(&self, guild_id: &str) -> Result<Vec<(String, u32, u32)>, StoreError>;

    /// A member's practice cards: question id → state.
    fn cards(&self, user_id: &str) -> Result<Vec<(String, CardState)>, StoreError>;

    /// Saves a practice answer and the card's new state in one transaction.
    #[allow(clippy::too_many_arguments)]
    fn save_practice(
        &self,
        user_id: &str,
        guild_id: &str,
        question_id: &str,
        topic: &str,
        correct: bool,
        card: CardState,
        now: i64,
    ) -> Result<(), StoreError>;

    /// How many practice answers a member has given (the Leitner clock).
    fn practice_step(&self, user_id: &str) -> Result<u32, StoreError>;
}

impl QuizStore {
    /// Standings from a query of (member, points, answered), best first.
    fn standings(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Standing>, StoreError> {
        let mut list: Vec<Standing> = self.with(|c| {
            let mut stmt = c.prepare(sql)?;
            let rows = stmt.query_map(args, |r| {
                Ok(Standing {
                    user_id: r.get(0)?,
                    points: r.get::<_, i64>(1)? as u32,
                    answered: r.get::<_, i64>(2)? as u32,
                })
            })?;
            rows.collect()
        })?;
        list.sort_by(|a, b| b.points.cmp(&a.points).then(a.answered.cmp(&b.answered)).then(a.user_id.cmp(&b.user_id)));
        Ok(list)
    }

    /// Opens (creating and migrating) the database file; its folder is created if missing.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
        Ok(Self { conn: Mutex::new(conn) })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T, rusqlite::Error>) -> Result<T, StoreError> {
        let mut conn = self.conn.lock().map_err(|_| StoreError::Poisoned)?;
        Ok(f(&mut conn)?)
    }
}

// The methods are documented on the trait.
impl QuizStorage for QuizStore {
    fn running(&self) -> Result<Vec<SessionRow>, StoreError> {
        self.with(|c| {
            let mut statement = c.prepare(&format!("{SELECT_SESSION} WHERE status = 'running' ORDER BY id"))?;
            statement.query_map([], session_row)?.collect()
        })
    }

    fn create_session(&self, session: &NewSession<'_>, now: i64) -> Result<Option<i64>, StoreError> {
        let NewSession { guild_id, channel_id, starter_id, topic, question_ids, seconds } = *session;
        let ids = serde_json::to_string(question_ids).unwrap_or_else(|_| "[]".to_owned());
        self.with(|c| {
            let inserted = c.execute(
                "INSERT OR IGNORE INTO sessions (guild_id, channel_id, starter_id, topic, question_ids, seconds, status, started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7)",
                params![guild_id, channel_id, starter_id, topic, ids, seconds, now],
            )?;
            Ok((inserted == 1).then(|| c.last_insert_rowid()))
        })
    }

    fn running_in(&self, channel_id: &str) -> Result<Option<SessionRow>, StoreError> {
        self.with(|c| {
            c.query_row(
                &format!("{SELECT_SESSION} WHERE channel_id = ?1 AND status = 'running'"),
                [channel_id],
                session_row,
            )
            .optional()
        })
    }

    fn session(&self, id: i64) -> Result<Option<SessionRow>, StoreError> {
        self.with(|c| c.query_row(&format!("{SELECT_SESSION} WHERE id = ?1"), [id], session_row).optional())
    }

    fn record_answer(&self, a: &AnswerRecord<'_>) -> Result<Recorded, StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            let open: Option<(String, i64, String)> = tx
                .query_row("SELECT status, current, guild_id FROM sessions WHERE id = ?1", [a.session_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let revealed: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM reveals WHERE session_id = ?1 AND question_index = ?2)",
                params![a.session_id, a.question_index as i64],
                |r| r.get(0),
            )?;
            let Some((status, current, guild_id)) = open else { return Ok(Recorded::Closed) };
            if status != "running" || current != a.question_index as i64 || revealed {
                return Ok(Recorded::Closed);
            }
            let before: Option<i64> = tx
                .query_row(
                    "SELECT option FROM answers WHERE session_id = ?1 AND question_index = ?2 AND user_id = ?3",
                    params![a.session_id, a.question_index as i64, a.user_id],
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO answers (session_id, question_index, question_id, topic, guild_id, user_id, option, correct, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (session_id, question_index, user_id)
                 DO UPDATE SET option = excluded.option, correct = excluded.correct, answered_at = excluded.answered_at",
                params![a.session_id, a.question_index as i64, a.question_id, a.topic, guild_id, a.user_id, a.option as i64, a.correct, a.now],
            )?;
            tx.commit()?;
            Ok(match before {
                None => Recorded::New,
                Some(from) if from as usize == a.option => Recorded::Same,
                Some(from) => Recorded::Changed { from: from as usize },
            })
        })
    }

    fn reveal(&self, session_id: i64, question_index: usize, now: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            let n = c.execute(
                "INSERT OR IGNORE INTO reveals (session_id, question_index, revealed_at) VALUES (?1, ?2, ?3)",
                params![session_id, question_index as i64, now],
            )?;
            Ok(n == 1)
        })
    }

    fn answers(&self, session_id: i64, question_index: usize) -> Result<Vec<(String, usize)>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT user_id, option FROM answers WHERE session_id = ?1 AND question_index = ?2 ORDER BY user_id",
            )?;
            let rows = stmt.query_map(params![session_id, question_index as i64], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
            })?;
            rows.collect()
        })
    }

    fn advance(&self, session_id: i64, next: usize) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE sessions SET current = ?2 WHERE id = ?1 AND status = 'running'",
                params![session_id, next as i64],
            )
        })
        .map(|_| ())
    }

    fn end(&self, session_id: i64, status: &str, now: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE sessions SET status = ?2, ended_at = ?3 WHERE id = ?1 AND status = 'running'",
                params![session_id, status, now],
            )
        })
        .map(|n| n == 1)
    }

    fn session_scores(&self, session_id: i64) -> Result<Vec<Standing>, StoreError> {
        self.standings(
            "SELECT a.user_id, SUM(a.correct), COUNT(*) FROM answers a
             JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
             WHERE a.session_id = ?1 GROUP BY a.user_id",
            params![session_id],
        )
    }

    fn leaderboard(&self, guild_id: &str, since: Option<i64>, limit: usize) -> Result<Vec<Standing>, StoreError> {
        let mut list = self.standings(
            "SELECT a.user_id, SUM(a.correct), COUNT(*) FROM answers a
             JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
             WHERE a.guild_id = ?1 AND a.answered_at >= ?2 GROUP BY a.user_id",
            params![guild_id, since.unwrap_or(i64::MIN)],
        )?;
        list.truncate(limit);
        Ok(list)
    }

    fn question_stats(&self, guild_id: &str) -> Result<Vec<(String, u32, u32)>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT question_id, COUNT(*), SUM(1 - correct) FROM (
                    SELECT a.question_id, a.correct FROM answers a
                    JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
                    WHERE a.guild_id = ?1
                    UNION ALL
                    SELECT question_id, correct FROM practice_log WHERE guild_id = ?1
                 ) GROUP BY question_id ORDER BY question_id",
            )?;
            let rows = stmt
                .query_map([guild_id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u32, r.get::<_, i64>(2)? as u32)))?;
            rows.collect()
        })
    }

    fn cards(&self, user_id: &str) -> Result<Vec<(String, CardState)>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT question_id, box, due_step FROM practice_cards WHERE user_id = ?1 ORDER BY question_id",
            )?;
            let rows = stmt.query_map([user_id], |r| {
                Ok((
                    r.get(0)?,
                    CardState { box_number: r.get::<_, i64>(1)? as u8, due_step: r.get::<_, i64>(2)? as u32 },
                ))
            })?;
            rows.collect()
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn save_practice(
        &self,
        user_id: &str,
        guild_id: &str,
        question_id: &str,
        topic: &str,
        correct: bool,
        card: CardState,
        now: i64,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO practice_cards (user_id, question_id, box, due_step) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_step = excluded.due_step",
                params![user_id, question_id, card.box_number, card.due_step],
            )?;
            tx.execute(
                "INSERT INTO practice_log (user_id, guild_id, question_id, topic, correct, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![user_id, guild_id, question_id, topic, correct, now],
            )?;
            tx.commit()
        })
    }

    fn practice_step(&self, user_id: &str) -> Result<u32, StoreError> {
        self.with(|c| {
            c.query_row("SELECT COUNT(*) FROM practice_log WHERE user_id = ?1", [user_id], |r| r.get::<_, i64>(0))
        })
        .map(|n| n as u32)
    }
}

const SELECT_SESSION: &str =
    "SELECT id, guild_id, channel_id, starter_id, question_ids, seconds, current, status FROM sessions";

fn session_row(r: &rusqlite::Row<'_>) -> Result<SessionRow, rusqlite::Error> {
    let ids: String = r.get(4)?;
    Ok(SessionRow {
        id: r.get(0)?,
        guild_id: r.get(1)?,
        channel_id: r.get(2)?,
        starter_id: r.get(3)?,
        question_ids: serde_json::from_str(&ids).unwrap_or_default(),
        seconds: r.get::<_, i64>(5)? as u32,
        current: r.get::<_, i64>(6)? as usize,
        status: r.get(7)?,
    })
}
