//! The quiz database embedded in one SQLite file (created and migrated on first open): the default, for
//! one machine. Processes on that machine may share the file; WAL mode and immediate transactions keep
//! their writes apart.
//!
//! Queries take microseconds on a local file, so they run on the calling task, under one connection's lock
//! that is never held across an await.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

use super::{
    AnswerRecord, CardState, Channels, DailyAsked, DailySchedule, DailyTake, DailyTaken, DueReveal, MemberResult,
    NewReport, NewSession, PracticeRecord, QuizStorage, Recorded, ReportFiled, ReportRow, RevealMark, SessionRow,
    Standing, StoreError, rank,
};
use crate::quiz::daily::DayResult;

const MIGRATIONS: &[M<'static>] = &[
    M::up(
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
    ),
    // Reveal timers as rows, and the message of each posted question, so that any instance (or this one
    // after a restart) can reveal a question and close its buttons. Sessions an older build left running
    // are due at once.
    M::up(
        "ALTER TABLE sessions ADD COLUMN reveal_due_ms INTEGER;
        UPDATE sessions SET reveal_due_ms = started_at * 1000 WHERE status = 'running';
        CREATE INDEX due_reveals ON sessions(reveal_due_ms) WHERE status = 'running';
        CREATE TABLE question_messages (
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            question_index INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            PRIMARY KEY (session_id, question_index)
        );",
    ),
    // Questions of the day: a schedule per channel whose next post is a durable timer, and each day's
    // question as a one-question session marked with its local day, unique per (channel, day) so a day is
    // never posted twice. A question of the day does not stop a channel quiz from running beside it.
    M::up(
        "ALTER TABLE sessions ADD COLUMN daily_day TEXT;
        DROP INDEX one_running_session_per_channel;
        CREATE UNIQUE INDEX one_running_session_per_channel ON sessions(channel_id)
            WHERE status = 'running' AND daily_day IS NULL;
        CREATE UNIQUE INDEX one_daily_question_per_channel_day ON sessions(channel_id, daily_day)
            WHERE daily_day IS NOT NULL;
        CREATE TABLE daily_schedules (
            channel_id TEXT PRIMARY KEY,
            guild_id TEXT NOT NULL,
            created_by TEXT NOT NULL,
            local_time TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            topic TEXT,
            reveal_hours INTEGER NOT NULL,
            next_day TEXT NOT NULL,
            next_post_ms INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX due_dailies ON daily_schedules(next_post_ms);",
    ),
    // Members' reports of questions, with what each question cited when it was reported; open until an
    // educator closes them.
    M::up(
        "CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            guild_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            cites TEXT NOT NULL,
            reason TEXT NOT NULL,
            reported_at INTEGER NOT NULL,
            closed_at INTEGER
        );
        CREATE INDEX open_reports ON reports(guild_id) WHERE closed_at IS NULL;",
    ),
    // One open report per (server, member, question): a member's second report of a question waits until
    // an educator closes the first. Duplicates an earlier build stored are kept, closed now, leaving each
    // member's oldest open report of a question open.
    M::up(
        "UPDATE reports SET closed_at = CAST(strftime('%s', 'now') AS INTEGER)
         WHERE closed_at IS NULL AND EXISTS (
             SELECT 1 FROM reports AS older
             WHERE older.guild_id = reports.guild_id AND older.user_id = reports.user_id
                 AND older.question_id = reports.question_id AND older.closed_at IS NULL AND older.id < reports.id
         );
        CREATE UNIQUE INDEX one_open_report_per_member_question ON reports(guild_id, user_id, question_id)
            WHERE closed_at IS NULL;",
    ),
];

/// The embedded database.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
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
        rank(&mut list);
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
#[async_trait::async_trait]
impl QuizStorage for SqliteStore {
    async fn create_session(
        &self,
        session: &NewSession<'_>,
        now: i64,
        reveal_due_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        let NewSession { guild_id, channel_id, starter_id, topic, question_ids, seconds } = *session;
        let ids = serde_json::to_string(question_ids).unwrap_or_else(|_| "[]".to_owned());
        self.with(|c| {
            let inserted = c.execute(
                "INSERT OR IGNORE INTO sessions
                 (guild_id, channel_id, starter_id, topic, question_ids, seconds, status, started_at, reveal_due_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7, ?8)",
                params![guild_id, channel_id, starter_id, topic, ids, seconds, now, reveal_due_ms],
            )?;
            Ok((inserted == 1).then(|| c.last_insert_rowid()))
        })
    }

    async fn running_in(&self, channel_id: &str) -> Result<Option<SessionRow>, StoreError> {
        self.with(|c| {
            c.query_row(
                &format!("{SELECT_SESSION} WHERE channel_id = ?1 AND status = 'running' AND daily_day IS NULL"),
                [channel_id],
                session_row,
            )
            .optional()
        })
    }

    async fn session(&self, id: i64) -> Result<Option<SessionRow>, StoreError> {
        self.with(|c| c.query_row(&format!("{SELECT_SESSION} WHERE id = ?1"), [id], session_row).optional())
    }

    async fn record_answer(&self, a: &AnswerRecord<'_>) -> Result<Recorded, StoreError> {
        self.with(|c| {
            // Immediate: a deferred transaction that reads, then writes, fails at once with "database is
            // locked" when another process wrote in between (the busy timeout does not apply to it).
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
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

    async fn reveal(&self, session_id: i64, question_index: usize, now: i64) -> Result<RevealMark, StoreError> {
        self.with(|c| {
            let n = c.execute(
                "INSERT OR IGNORE INTO reveals (session_id, question_index, revealed_at) VALUES (?1, ?2, ?3)",
                params![session_id, question_index as i64, now],
            )?;
            if n == 1 {
                return Ok(RevealMark::First);
            }
            let at = c.query_row(
                "SELECT revealed_at FROM reveals WHERE session_id = ?1 AND question_index = ?2",
                params![session_id, question_index as i64],
                |r| r.get(0),
            )?;
            Ok(RevealMark::Already { at })
        })
    }

    async fn answers(&self, session_id: i64, question_index: usize) -> Result<Vec<(String, usize)>, StoreError> {
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

    async fn advance(&self, session_id: i64, from: usize, next: usize, reveal_due_ms: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE sessions SET current = ?3, reveal_due_ms = ?4
                 WHERE id = ?1 AND current = ?2 AND status = 'running'",
                params![session_id, from as i64, next as i64, reveal_due_ms],
            )
        })
        .map(|n| n == 1)
    }

    async fn end(&self, session_id: i64, status: &str, now: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE sessions SET status = ?2, ended_at = ?3, reveal_due_ms = NULL WHERE id = ?1 AND status = 'running'",
                params![session_id, status, now],
            )
        })
        .map(|n| n == 1)
    }

    async fn claim_due(
        &self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: usize,
        channels: Channels<'_>,
    ) -> Result<Vec<DueReveal>, StoreError> {
        let (channel, inside) = channels.as_condition();
        self.with(|c| {
            // Immediate: the write lock is taken first, so two processes on this file never claim one reveal.
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let due: Vec<DueReveal> = {
                let mut stmt = tx.prepare(
                    "SELECT id, current, reveal_due_ms FROM sessions
                     WHERE status = 'running' AND reveal_due_ms <= ?1 AND (channel_id = ?3) = ?4
                     ORDER BY reveal_due_ms, id LIMIT ?2",
                )?;
                let rows = stmt.query_map(params![now_ms, limit as i64, channel, inside], |r| {
                    Ok(DueReveal {
                        session_id: r.get(0)?,
                        question_index: r.get::<_, i64>(1)? as usize,
                        due_ms: r.get(2)?,
                    })
                })?;
                rows.collect::<Result<_, _>>()?
            };
            for d in &due {
                tx.execute(
                    "UPDATE sessions SET reveal_due_ms = ?2 WHERE id = ?1",
                    params![d.session_id, lease_until_ms],
                )?;
            }
            tx.commit()?;
            Ok(due)
        })
    }

    async fn set_question_message(
        &self,
        session_id: i64,
        question_index: usize,
        message_id: &str,
    ) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO question_messages (session_id, question_index, message_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (session_id, question_index) DO UPDATE SET message_id = excluded.message_id",
                params![session_id, question_index as i64, message_id],
            )
        })
        .map(|_| ())
    }

    async fn question_message(&self, session_id: i64, question_index: usize) -> Result<Option<String>, StoreError> {
        self.with(|c| {
            c.query_row(
                "SELECT message_id FROM question_messages WHERE session_id = ?1 AND question_index = ?2",
                params![session_id, question_index as i64],
                |r| r.get(0),
            )
            .optional()
        })
    }

    async fn session_scores(&self, session_id: i64) -> Result<Vec<Standing>, StoreError> {
        self.standings(
            "SELECT a.user_id, SUM(a.correct), COUNT(*) FROM answers a
             JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
             WHERE a.session_id = ?1 GROUP BY a.user_id",
            params![session_id],
        )
    }

    async fn leaderboard(&self, guild_id: &str, since: Option<i64>, limit: usize) -> Result<Vec<Standing>, StoreError> {
        let mut list = self.standings(
            "SELECT a.user_id, SUM(a.correct), COUNT(*) FROM answers a
             JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
             WHERE a.guild_id = ?1 AND a.answered_at >= ?2 GROUP BY a.user_id",
            params![guild_id, since.unwrap_or(i64::MIN)],
        )?;
        list.truncate(limit);
        Ok(list)
    }

    async fn question_stats_since(
        &self,
        guild_id: &str,
        since: Option<i64>,
    ) -> Result<Vec<(String, u32, u32)>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT question_id, COUNT(*), SUM(1 - correct) FROM (
                    SELECT a.question_id, a.correct FROM answers a
                    JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
                    WHERE a.guild_id = ?1 AND a.answered_at >= ?2
                    UNION ALL
                    SELECT question_id, correct FROM practice_log WHERE guild_id = ?1 AND answered_at >= ?2
                 ) GROUP BY question_id ORDER BY question_id",
            )?;
            let rows = stmt.query_map(params![guild_id, since.unwrap_or(i64::MIN)], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as u32, r.get::<_, i64>(2)? as u32))
            })?;
            rows.collect()
        })
    }

    async fn member_results(&self, guild_id: &str, since: Option<i64>) -> Result<Vec<MemberResult>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT user_id, question_id, topic, source, COUNT(*), SUM(correct) FROM (
                    SELECT a.user_id, a.question_id, a.topic, 'quiz' AS source, a.correct FROM answers a
                    JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
                    WHERE a.guild_id = ?1 AND a.answered_at >= ?2
                    UNION ALL
                    SELECT user_id, question_id, topic, 'practice' AS source, correct FROM practice_log
                    WHERE guild_id = ?1 AND answered_at >= ?2
                 ) GROUP BY user_id, question_id, topic, source ORDER BY user_id, question_id, source",
            )?;
            let rows = stmt.query_map(params![guild_id, since.unwrap_or(i64::MIN)], |r| {
                Ok(MemberResult {
                    user_id: r.get(0)?,
                    question_id: r.get(1)?,
                    topic: r.get(2)?,
                    source: r.get(3)?,
                    answered: r.get::<_, i64>(4)? as u32,
                    correct: r.get::<_, i64>(5)? as u32,
                })
            })?;
            rows.collect()
        })
    }

    async fn add_report(&self, report: &NewReport<'_>) -> Result<ReportFiled, StoreError> {
        let NewReport { guild_id, user_id, question_id, cites, reason, now } = *report;
        self.with(|c| {
            // Immediate: the insert and the look-up of the open report it met are one step for every
            // process on this file; the unique index is what refuses the second open report.
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let inserted = tx.execute(
                "INSERT INTO reports (guild_id, user_id, question_id, cites, reason, reported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                params![guild_id, user_id, question_id, cites, reason, now],
            )?;
            let filed = if inserted == 1 {
                ReportFiled::Stored { id: tx.last_insert_rowid() }
            } else {
                let id = tx.query_row(
                    "SELECT id FROM reports
                     WHERE guild_id = ?1 AND user_id = ?2 AND question_id = ?3 AND closed_at IS NULL",
                    params![guild_id, user_id, question_id],
                    |r| r.get(0),
                )?;
                ReportFiled::AlreadyOpen { id }
            };
            tx.commit()?;
            Ok(filed)
        })
    }

    async fn open_reports(&self, guild_id: &str) -> Result<Vec<ReportRow>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT id, question_id, cites, user_id, reason, reported_at FROM reports
                 WHERE guild_id = ?1 AND closed_at IS NULL ORDER BY reported_at, id",
            )?;
            let rows = stmt.query_map([guild_id], |r| {
                Ok(ReportRow {
                    id: r.get(0)?,
                    question_id: r.get(1)?,
                    cites: r.get(2)?,
                    user_id: r.get(3)?,
                    reason: r.get(4)?,
                    reported_at: r.get(5)?,
                })
            })?;
            rows.collect()
        })
    }

    async fn close_report(&self, guild_id: &str, id: i64, now: i64) -> Result<bool, StoreError> {
        self.with(|c| {
            c.execute(
                "UPDATE reports SET closed_at = ?3 WHERE guild_id = ?1 AND id = ?2 AND closed_at IS NULL",
                params![guild_id, id, now],
            )
        })
        .map(|n| n == 1)
    }

    async fn cards(&self, user_id: &str) -> Result<Vec<(String, CardState)>, StoreError> {
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

    async fn save_practice(&self, p: &PracticeRecord<'_>) -> Result<(), StoreError> {
        self.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO practice_cards (user_id, question_id, box, due_step) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_step = excluded.due_step",
                params![p.user_id, p.question_id, p.card.box_number, p.card.due_step],
            )?;
            tx.execute(
                "INSERT INTO practice_log (user_id, guild_id, question_id, topic, correct, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![p.user_id, p.guild_id, p.question_id, p.topic, p.correct, p.now],
            )?;
            tx.commit()
        })
    }

    async fn practice_step(&self, user_id: &str) -> Result<u32, StoreError> {
        self.with(|c| {
            c.query_row("SELECT COUNT(*) FROM practice_log WHERE user_id = ?1", [user_id], |r| r.get::<_, i64>(0))
        })
        .map(|n| n as u32)
    }

    async fn set_daily(&self, d: &DailySchedule, now: i64) -> Result<(), StoreError> {
        self.with(|c| {
            c.execute(
                "INSERT INTO daily_schedules (channel_id, guild_id, created_by, local_time, time_zone, topic,
                     reveal_hours, next_day, next_post_ms, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id,
                     created_by = excluded.created_by, local_time = excluded.local_time,
                     time_zone = excluded.time_zone, topic = excluded.topic, reveal_hours = excluded.reveal_hours,
                     next_day = excluded.next_day, next_post_ms = excluded.next_post_ms,
                     updated_at = excluded.updated_at",
                params![
                    d.channel_id,
                    d.guild_id,
                    d.created_by,
                    d.local_time,
                    d.time_zone,
                    d.topic,
                    d.reveal_hours,
                    d.next_day,
                    d.next_post_ms,
                    now
                ],
            )
        })
        .map(|_| ())
    }

    async fn daily(&self, channel_id: &str) -> Result<Option<DailySchedule>, StoreError> {
        self.with(|c| c.query_row(&format!("{SELECT_DAILY} WHERE channel_id = ?1"), [channel_id], daily_row).optional())
    }

    async fn stop_daily(&self, channel_id: &str) -> Result<bool, StoreError> {
        self.with(|c| c.execute("DELETE FROM daily_schedules WHERE channel_id = ?1", [channel_id])).map(|n| n == 1)
    }

    async fn due_dailies(
        &self,
        now_ms: i64,
        limit: usize,
        channels: Channels<'_>,
    ) -> Result<Vec<DailySchedule>, StoreError> {
        let (channel, inside) = channels.as_condition();
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "{SELECT_DAILY} WHERE next_post_ms <= ?1 AND (channel_id = ?3) = ?4
                 ORDER BY next_post_ms, channel_id LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![now_ms, limit as i64, channel, inside], daily_row)?;
            rows.collect()
        })
    }

    async fn take_daily(&self, t: &DailyTake<'_>) -> Result<DailyTaken, StoreError> {
        self.with(|c| {
            // Immediate: two processes on this file take a day one after the other, the second finding it
            // moved already.
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let moved = tx.execute(
                "UPDATE daily_schedules SET next_day = ?3, next_post_ms = ?4 WHERE channel_id = ?1 AND next_day = ?2",
                params![t.channel_id, t.from_day, t.next_day, t.next_post_ms],
            )?;
            if moved != 1 {
                return Ok(DailyTaken::Lost);
            }
            let mut taken = DailyTaken::Moved;
            if let Some(p) = t.post {
                let ids = serde_json::to_string(&[p.question_id]).unwrap_or_else(|_| "[]".to_owned());
                let inserted = tx.execute(
                    "INSERT OR IGNORE INTO sessions (guild_id, channel_id, starter_id, topic, question_ids, seconds,
                         status, started_at, reveal_due_ms, daily_day)
                     SELECT guild_id, channel_id, created_by, topic, ?2, ?3, 'running', ?4, ?5, ?6
                     FROM daily_schedules WHERE channel_id = ?1",
                    params![t.channel_id, ids, p.seconds, p.now, p.reveal_due_ms, p.day],
                )?;
                if inserted == 1 {
                    taken = DailyTaken::Posted(tx.last_insert_rowid());
                }
            }
            tx.commit()?;
            Ok(taken)
        })
    }

    async fn daily_asked(&self, channel_id: &str) -> Result<Vec<DailyAsked>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT daily_day, question_ids FROM sessions
                 WHERE channel_id = ?1 AND daily_day IS NOT NULL ORDER BY daily_day",
            )?;
            let rows = stmt.query_map([channel_id], |r| {
                let ids: String = r.get(1)?;
                let ids: Vec<String> = serde_json::from_str(&ids).unwrap_or_default();
                Ok(DailyAsked { day: r.get(0)?, question_id: ids.into_iter().next().unwrap_or_default() })
            })?;
            rows.collect()
        })
    }

    async fn daily_results(&self, channel_id: &str) -> Result<Vec<DayResult>, StoreError> {
        let rows: Vec<(String, Option<String>, Option<bool>)> = self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT s.daily_day, a.user_id, a.correct FROM sessions s
                 JOIN reveals r ON r.session_id = s.id AND r.question_index = 0
                 LEFT JOIN answers a ON a.session_id = s.id AND a.question_index = 0
                 WHERE s.channel_id = ?1 AND s.daily_day IS NOT NULL
                 ORDER BY s.daily_day, a.user_id",
            )?;
            let rows = stmt.query_map([channel_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect()
        })?;
        Ok(super::day_results(rows))
    }
}

const SELECT_SESSION: &str =
    "SELECT id, guild_id, channel_id, starter_id, question_ids, seconds, current, status, daily_day FROM sessions";

const SELECT_DAILY: &str = "SELECT channel_id, guild_id, created_by, local_time, time_zone, topic, reveal_hours,
    next_day, next_post_ms FROM daily_schedules";

fn daily_row(r: &rusqlite::Row<'_>) -> Result<DailySchedule, rusqlite::Error> {
    Ok(DailySchedule {
        channel_id: r.get(0)?,
        guild_id: r.get(1)?,
        created_by: r.get(2)?,
        local_time: r.get(3)?,
        time_zone: r.get(4)?,
        topic: r.get(5)?,
        reveal_hours: r.get::<_, i64>(6)? as u32,
        next_day: r.get(7)?,
        next_post_ms: r.get(8)?,
    })
}

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
        daily_day: r.get(8)?,
    })
}
