//! The quiz database in a PostgreSQL server, shared by every instance of the bot (`data.url =
//! "postgres://…"`): the same semantics as the SQLite file, kept by the server's locks instead of one
//! process's mutex.
//!
//! - The schema is migrated at connect (embedded SQL files, `postgres_migrations/`; sqlx takes an advisory
//!   lock, so instances starting together migrate once).
//! - Every write that depends on a session's state (an answer, a reveal) locks the session's row first
//!   (`SELECT … FOR UPDATE`), so an answer is either stored before the reveal (and shown in it) or refused,
//!   whichever instance each press reaches. Advancing and ending are compare-and-set updates of that row.
//! - Due reveals are claimed in one statement with `FOR UPDATE SKIP LOCKED`: two instances claiming at once
//!   never get the same session (a session locked by an answer being written is claimed on the next pass).
//! - Rows come back in the byte order of their ids (`COLLATE "C"`), as SQLite orders them, whatever the
//!   database's collation.

use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use super::{
    AnswerRecord, CardState, Channels, DailyAsked, DailySchedule, DailyTake, DailyTaken, DueReveal, MemberResult,
    NewReport, NewSession, PracticeRecord, QuizStorage, Recorded, ReportFiled, ReportRow, RevealMark, SessionRow,
    Standing, StoreError, rank,
};
use crate::quiz::daily::DayResult;

/// Connections per instance: each query holds one for about a millisecond.
const POOL_SIZE: u32 = 8;
/// How many times filing a report is tried when the open report it met is closed before it is read.
const REPORT_ATTEMPTS: usize = 3;
/// How long a query waits for a free connection (or for the server to accept one) before failing.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// The quiz database on a PostgreSQL server.
pub struct PostgresStore {
    pool: PgPool,
    target: String,
}

impl PostgresStore {
    /// Connects to the server at `url` (`postgres://user:password@host:port/database`), migrating the schema
    /// to the latest version. The password is never logged: only [`PostgresStore::target`] is.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let target = target_of(&options);
        // One connection first: the pool would report any failure as "pool timed out", this one says why
        // (refused, no such database, password authentication failed).
        PgConnection::connect_with(&options).await?.close().await?;
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        sqlx::migrate!("src/quiz/store/postgres_migrations").run(&pool).await?;
        tracing::info!(database = %target, "quiz database migrated");
        Ok(Self { pool, target })
    }

    /// Where it is connected: host, port and database, without the credentials (safe to log).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Where a URL points, without its credentials (safe to log, also when connecting failed).
    pub fn describe(url: &str) -> String {
        PgConnectOptions::from_str(url).map_or_else(|_| "PostgreSQL (unreadable URL)".to_owned(), |o| target_of(&o))
    }

    /// Closes the pool, waiting for the queries under way (an instance shutting down, a test's end).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// "PostgreSQL host:port/database" (no user, no password).
fn target_of(options: &PgConnectOptions) -> String {
    let database = options.get_database().unwrap_or("(the user's database)");
    format!("PostgreSQL {}:{}/{database}", options.get_host(), options.get_port())
}

/// Standings from rows of (member, points, answered), best first.
fn ranked(rows: Vec<(String, i64, i64)>) -> Vec<Standing> {
    let mut list: Vec<Standing> = rows
        .into_iter()
        .map(|(user_id, points, answered)| Standing { user_id, points: points as u32, answered: answered as u32 })
        .collect();
    rank(&mut list);
    list
}

/// The columns of [`SessionRow`], in its order.
type SessionColumns = (i64, String, String, String, Vec<String>, i64, i64, String, Option<String>);

fn session_row(
    (id, guild_id, channel_id, starter_id, question_ids, seconds, current, status, daily_day): SessionColumns,
) -> SessionRow {
    SessionRow {
        id,
        guild_id,
        channel_id,
        starter_id,
        question_ids,
        seconds: seconds as u32,
        current: current as usize,
        status,
        daily_day,
    }
}

/// The columns of [`DailySchedule`], in its order.
type DailyColumns = (String, String, String, String, String, Option<String>, i64, String, i64);

fn daily_row(
    (channel_id, guild_id, created_by, local_time, time_zone, topic, reveal_hours, next_day, next_post_ms): DailyColumns,
) -> DailySchedule {
    DailySchedule {
        channel_id,
        guild_id,
        created_by,
        local_time,
        time_zone,
        topic,
        reveal_hours: reveal_hours as u32,
        next_day,
        next_post_ms,
    }
}

// The methods are documented on the trait.
#[async_trait::async_trait]
impl QuizStorage for PostgresStore {
    async fn create_session(
        &self,
        session: &NewSession<'_>,
        now: i64,
        reveal_due_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        let NewSession { guild_id, channel_id, starter_id, topic, question_ids, seconds } = *session;
        // The partial unique index refuses a second running session in the channel: no row comes back.
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO sessions
             (guild_id, channel_id, starter_id, topic, question_ids, seconds, status, started_at, reveal_due_ms)
             VALUES ($1, $2, $3, $4, $5, $6, 'running', $7, $8)
             ON CONFLICT DO NOTHING
             RETURNING id",
        )
        .bind(guild_id)
        .bind(channel_id)
        .bind(starter_id)
        .bind(topic)
        .bind(question_ids)
        .bind(i64::from(seconds))
        .bind(now)
        .bind(reveal_due_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id)
    }

    async fn running_in(&self, channel_id: &str) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query_as::<_, SessionColumns>(
            "SELECT id, guild_id, channel_id, starter_id, question_ids, seconds, current, status, daily_day
             FROM sessions WHERE channel_id = $1 AND status = 'running' AND daily_day IS NULL",
        )
        .bind(channel_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(session_row))
    }

    async fn session(&self, id: i64) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query_as::<_, SessionColumns>(
            "SELECT id, guild_id, channel_id, starter_id, question_ids, seconds, current, status, daily_day
             FROM sessions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(session_row))
    }

    async fn record_answer(&self, a: &AnswerRecord<'_>) -> Result<Recorded, StoreError> {
        let index = a.question_index as i64;
        let mut tx = self.pool.begin().await?;
        // The session's row lock orders this answer with the reveal, the advance and the end of the session
        // (and with the same member's other presses), on every instance.
        let open = sqlx::query_as::<_, (String, i64, String)>(
            "SELECT status, current, guild_id FROM sessions WHERE id = $1 FOR UPDATE",
        )
        .bind(a.session_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((status, current, guild_id)) = open else { return Ok(Recorded::Closed) };
        let revealed = sqlx::query_scalar::<_, bool>(
            "SELECT EXISTS (SELECT 1 FROM reveals WHERE session_id = $1 AND question_index = $2)",
        )
        .bind(a.session_id)
        .bind(index)
        .fetch_one(&mut *tx)
        .await?;
        if status != "running" || current != index || revealed {
            return Ok(Recorded::Closed);
        }
        let before = sqlx::query_scalar::<_, i64>(
            "SELECT option FROM answers WHERE session_id = $1 AND question_index = $2 AND user_id = $3",
        )
        .bind(a.session_id)
        .bind(index)
        .bind(a.user_id)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO answers
             (session_id, question_index, question_id, topic, guild_id, user_id, option, correct, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (session_id, question_index, user_id)
             DO UPDATE SET option = excluded.option, correct = excluded.correct, answered_at = excluded.answered_at",
        )
        .bind(a.session_id)
        .bind(index)
        .bind(a.question_id)
        .bind(a.topic)
        .bind(guild_id)
        .bind(a.user_id)
        .bind(a.option as i64)
        .bind(a.correct)
        .bind(a.now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(match before {
            None => Recorded::New,
            Some(from) if from as usize == a.option => Recorded::Same,
            Some(from) => Recorded::Changed { from: from as usize },
        })
    }

    async fn reveal(&self, session_id: i64, question_index: usize, now: i64) -> Result<RevealMark, StoreError> {
        let index = question_index as i64;
        let mut tx = self.pool.begin().await?;
        // Waits for the answers being written to this session: they are all in before the reveal is.
        sqlx::query("SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE").bind(session_id).execute(&mut *tx).await?;
        let inserted = sqlx::query(
            "INSERT INTO reveals (session_id, question_index, revealed_at) VALUES ($1, $2, $3)
             ON CONFLICT (session_id, question_index) DO NOTHING",
        )
        .bind(session_id)
        .bind(index)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let mark = if inserted {
            RevealMark::First
        } else {
            let at = sqlx::query_scalar::<_, i64>(
                "SELECT revealed_at FROM reveals WHERE session_id = $1 AND question_index = $2",
            )
            .bind(session_id)
            .bind(index)
            .fetch_one(&mut *tx)
            .await?;
            RevealMark::Already { at }
        };
        tx.commit().await?;
        Ok(mark)
    }

    async fn answers(&self, session_id: i64, question_index: usize) -> Result<Vec<(String, usize)>, StoreError> {
        let rows = sqlx::query_as::<_, (String, i64)>(
            "SELECT user_id, option FROM answers WHERE session_id = $1 AND question_index = $2
             ORDER BY user_id COLLATE \"C\"",
        )
        .bind(session_id)
        .bind(question_index as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(user, option)| (user, option as usize)).collect())
    }

    async fn advance(&self, session_id: i64, from: usize, next: usize, reveal_due_ms: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET current = $3, reveal_due_ms = $4
             WHERE id = $1 AND current = $2 AND status = 'running'",
        )
        .bind(session_id)
        .bind(from as i64)
        .bind(next as i64)
        .bind(reveal_due_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn end(&self, session_id: i64, status: &str, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET status = $2, ended_at = $3, reveal_due_ms = NULL WHERE id = $1 AND status = 'running'",
        )
        .bind(session_id)
        .bind(status)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn claim_due(
        &self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: usize,
        channels: Channels<'_>,
    ) -> Result<Vec<DueReveal>, StoreError> {
        let (channel, inside) = channels.as_condition();
        // One statement: the rows are picked and locked (skipping those another instance holds), moved to the
        // lease, and returned with the due time they had before.
        let rows = sqlx::query_as::<_, (i64, i64, i64)>(
            "WITH due AS (
                 SELECT id, reveal_due_ms FROM sessions
                 WHERE status = 'running' AND reveal_due_ms <= $1 AND (channel_id = $4) = $5
                 ORDER BY reveal_due_ms, id
                 LIMIT $3
                 FOR UPDATE SKIP LOCKED
             )
             UPDATE sessions s SET reveal_due_ms = $2 FROM due WHERE s.id = due.id
             RETURNING s.id, s.current, due.reveal_due_ms",
        )
        .bind(now_ms)
        .bind(lease_until_ms)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(channel)
        .bind(inside)
        .fetch_all(&self.pool)
        .await?;
        let mut due: Vec<DueReveal> = rows
            .into_iter()
            .map(|(session_id, current, due_ms)| DueReveal { session_id, question_index: current as usize, due_ms })
            .collect();
        // RETURNING keeps no order: the earliest due first, as SQLite returns them.
        due.sort_by_key(|d| (d.due_ms, d.session_id));
        Ok(due)
    }

    async fn set_question_message(
        &self,
        session_id: i64,
        question_index: usize,
        message_id: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO question_messages (session_id, question_index, message_id) VALUES ($1, $2, $3)
             ON CONFLICT (session_id, question_index) DO UPDATE SET message_id = excluded.message_id",
        )
        .bind(session_id)
        .bind(question_index as i64)
        .bind(message_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn question_message(&self, session_id: i64, question_index: usize) -> Result<Option<String>, StoreError> {
        let id = sqlx::query_scalar::<_, String>(
            "SELECT message_id FROM question_messages WHERE session_id = $1 AND question_index = $2",
        )
        .bind(session_id)
        .bind(question_index as i64)
        .fetch_optional(&self.pool)
        .await?;
        Ok(id)
    }

    async fn session_scores(&self, session_id: i64) -> Result<Vec<Standing>, StoreError> {
        let rows = sqlx::query_as::<_, (String, i64, i64)>(
            "SELECT a.user_id, COUNT(*) FILTER (WHERE a.correct), COUNT(*) FROM answers a
             JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
             WHERE a.session_id = $1 GROUP BY a.user_id",
        )
        .bind(session_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(ranked(rows))
    }

    async fn leaderboard(&self, guild_id: &str, since: Option<i64>, limit: usize) -> Result<Vec<Standing>, StoreError> {
        let rows = sqlx::query_as::<_, (String, i64, i64)>(
            "SELECT a.user_id, COUNT(*) FILTER (WHERE a.correct), COUNT(*) FROM answers a
             JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
             WHERE a.guild_id = $1 AND a.answered_at >= $2 GROUP BY a.user_id",
        )
        .bind(guild_id)
        .bind(since.unwrap_or(i64::MIN))
        .fetch_all(&self.pool)
        .await?;
        let mut list = ranked(rows);
        list.truncate(limit);
        Ok(list)
    }

    async fn question_stats_since(
        &self,
        guild_id: &str,
        since: Option<i64>,
    ) -> Result<Vec<(String, u32, u32)>, StoreError> {
        let rows = sqlx::query_as::<_, (String, i64, i64)>(
            "SELECT question_id, COUNT(*), COUNT(*) FILTER (WHERE NOT correct) FROM (
                 SELECT a.question_id, a.correct FROM answers a
                 JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
                 WHERE a.guild_id = $1 AND a.answered_at >= $2
                 UNION ALL
                 SELECT question_id, correct FROM practice_log WHERE guild_id = $1 AND answered_at >= $2
             ) answered GROUP BY question_id ORDER BY question_id COLLATE \"C\"",
        )
        .bind(guild_id)
        .bind(since.unwrap_or(i64::MIN))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id, answered, missed)| (id, answered as u32, missed as u32)).collect())
    }

    async fn member_results(&self, guild_id: &str, since: Option<i64>) -> Result<Vec<MemberResult>, StoreError> {
        let rows = sqlx::query_as::<_, (String, String, String, String, i64, i64)>(
            "SELECT user_id, question_id, topic, source, COUNT(*), COUNT(*) FILTER (WHERE correct) FROM (
                 SELECT a.user_id, a.question_id, a.topic, 'quiz' AS source, a.correct FROM answers a
                 JOIN reveals r ON r.session_id = a.session_id AND r.question_index = a.question_index
                 WHERE a.guild_id = $1 AND a.answered_at >= $2
                 UNION ALL
                 SELECT user_id, question_id, topic, 'practice' AS source, correct FROM practice_log
                 WHERE guild_id = $1 AND answered_at >= $2
             ) answered GROUP BY user_id, question_id, topic, source
             ORDER BY user_id COLLATE \"C\", question_id COLLATE \"C\", source COLLATE \"C\"",
        )
        .bind(guild_id)
        .bind(since.unwrap_or(i64::MIN))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(user_id, question_id, topic, source, answered, correct)| MemberResult {
                user_id,
                question_id,
                topic,
                source,
                answered: answered as u32,
                correct: correct as u32,
            })
            .collect())
    }

    async fn add_report(&self, report: &NewReport<'_>) -> Result<ReportFiled, StoreError> {
        // The unique index refuses a second open report, also one another instance is inserting at this
        // moment (the insert waits for it, then does nothing). The open report it met is then looked up;
        // should an educator close it in between, the insert is tried again.
        for _ in 0..REPORT_ATTEMPTS {
            let stored = sqlx::query_scalar::<_, i64>(
                "INSERT INTO reports (guild_id, user_id, question_id, cites, reason, reported_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (guild_id, user_id, question_id) WHERE closed_at IS NULL DO NOTHING
                 RETURNING id",
            )
            .bind(report.guild_id)
            .bind(report.user_id)
            .bind(report.question_id)
            .bind(report.cites)
            .bind(report.reason)
            .bind(report.now)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(id) = stored {
                return Ok(ReportFiled::Stored { id });
            }
            let open = sqlx::query_scalar::<_, i64>(
                "SELECT id FROM reports
                 WHERE guild_id = $1 AND user_id = $2 AND question_id = $3 AND closed_at IS NULL",
            )
            .bind(report.guild_id)
            .bind(report.user_id)
            .bind(report.question_id)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(id) = open {
                return Ok(ReportFiled::AlreadyOpen { id });
            }
        }
        Err(StoreError::Contended("a member's open report of a question"))
    }

    async fn open_reports(&self, guild_id: &str) -> Result<Vec<ReportRow>, StoreError> {
        let rows = sqlx::query_as::<_, (i64, String, String, String, String, i64)>(
            "SELECT id, question_id, cites, user_id, reason, reported_at FROM reports
             WHERE guild_id = $1 AND closed_at IS NULL ORDER BY reported_at, id",
        )
        .bind(guild_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, question_id, cites, user_id, reason, reported_at)| ReportRow {
                id,
                question_id,
                cites,
                user_id,
                reason,
                reported_at,
            })
            .collect())
    }

    async fn close_report(&self, guild_id: &str, id: i64, now: i64) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE reports SET closed_at = $3 WHERE guild_id = $1 AND id = $2 AND closed_at IS NULL")
                .bind(guild_id)
                .bind(id)
                .bind(now)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn cards(&self, user_id: &str) -> Result<Vec<(String, CardState)>, StoreError> {
        let rows = sqlx::query_as::<_, (String, i64, i64)>(
            "SELECT question_id, box, due_step FROM practice_cards WHERE user_id = $1 ORDER BY question_id COLLATE \"C\"",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, box_number, due_step)| {
                (id, CardState { box_number: box_number as u8, due_step: due_step as u32 })
            })
            .collect())
    }

    async fn save_practice(&self, p: &PracticeRecord<'_>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO practice_cards (user_id, question_id, box, due_step) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, question_id) DO UPDATE SET box = excluded.box, due_step = excluded.due_step",
        )
        .bind(p.user_id)
        .bind(p.question_id)
        .bind(i64::from(p.card.box_number))
        .bind(i64::from(p.card.due_step))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO practice_log (user_id, guild_id, question_id, topic, correct, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(p.user_id)
        .bind(p.guild_id)
        .bind(p.question_id)
        .bind(p.topic)
        .bind(p.correct)
        .bind(p.now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn practice_step(&self, user_id: &str) -> Result<u32, StoreError> {
        let n = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM practice_log WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u32)
    }

    async fn set_daily(&self, d: &DailySchedule, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO daily_schedules (channel_id, guild_id, created_by, local_time, time_zone, topic,
                 reveal_hours, next_day, next_post_ms, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id,
                 created_by = excluded.created_by, local_time = excluded.local_time,
                 time_zone = excluded.time_zone, topic = excluded.topic, reveal_hours = excluded.reveal_hours,
                 next_day = excluded.next_day, next_post_ms = excluded.next_post_ms,
                 updated_at = excluded.updated_at",
        )
        .bind(&d.channel_id)
        .bind(&d.guild_id)
        .bind(&d.created_by)
        .bind(&d.local_time)
        .bind(&d.time_zone)
        .bind(&d.topic)
        .bind(i64::from(d.reveal_hours))
        .bind(&d.next_day)
        .bind(d.next_post_ms)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn daily(&self, channel_id: &str) -> Result<Option<DailySchedule>, StoreError> {
        let row = sqlx::query_as::<_, DailyColumns>(
            "SELECT channel_id, guild_id, created_by, local_time, time_zone, topic, reveal_hours, next_day,
                 next_post_ms FROM daily_schedules WHERE channel_id = $1",
        )
        .bind(channel_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(daily_row))
    }

    async fn stop_daily(&self, channel_id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM daily_schedules WHERE channel_id = $1")
            .bind(channel_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn due_dailies(
        &self,
        now_ms: i64,
        limit: usize,
        channels: Channels<'_>,
    ) -> Result<Vec<DailySchedule>, StoreError> {
        let (channel, inside) = channels.as_condition();
        let rows = sqlx::query_as::<_, DailyColumns>(
            "SELECT channel_id, guild_id, created_by, local_time, time_zone, topic, reveal_hours, next_day,
                 next_post_ms FROM daily_schedules WHERE next_post_ms <= $1 AND (channel_id = $3) = $4
             ORDER BY next_post_ms, channel_id COLLATE \"C\" LIMIT $2",
        )
        .bind(now_ms)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(channel)
        .bind(inside)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(daily_row).collect())
    }

    async fn take_daily(&self, t: &DailyTake<'_>) -> Result<DailyTaken, StoreError> {
        let mut tx = self.pool.begin().await?;
        // The row lock of the update orders two instances taking one day: the second waits, then finds the
        // schedule moved on and changes nothing.
        let moved = sqlx::query(
            "UPDATE daily_schedules SET next_day = $3, next_post_ms = $4 WHERE channel_id = $1 AND next_day = $2",
        )
        .bind(t.channel_id)
        .bind(t.from_day)
        .bind(t.next_day)
        .bind(t.next_post_ms)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Ok(DailyTaken::Lost);
        }
        let mut taken = DailyTaken::Moved;
        if let Some(p) = t.post {
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO sessions (guild_id, channel_id, starter_id, topic, question_ids, seconds, status,
                     started_at, reveal_due_ms, daily_day)
                 SELECT guild_id, channel_id, created_by, topic, $2, $3, 'running', $4, $5, $6
                 FROM daily_schedules WHERE channel_id = $1
                 ON CONFLICT DO NOTHING
                 RETURNING id",
            )
            .bind(t.channel_id)
            .bind(vec![p.question_id.to_owned()])
            .bind(i64::from(p.seconds))
            .bind(p.now)
            .bind(p.reveal_due_ms)
            .bind(p.day)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = id {
                taken = DailyTaken::Posted(id);
            }
        }
        tx.commit().await?;
        Ok(taken)
    }

    async fn daily_asked(&self, channel_id: &str) -> Result<Vec<DailyAsked>, StoreError> {
        let rows = sqlx::query_as::<_, (String, Vec<String>)>(
            "SELECT daily_day, question_ids FROM sessions
             WHERE channel_id = $1 AND daily_day IS NOT NULL ORDER BY daily_day COLLATE \"C\"",
        )
        .bind(channel_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(day, ids)| DailyAsked { day, question_id: ids.into_iter().next().unwrap_or_default() })
            .collect())
    }

    async fn daily_results(&self, channel_id: &str) -> Result<Vec<DayResult>, StoreError> {
        let rows = sqlx::query_as::<_, (String, Option<String>, Option<bool>)>(
            "SELECT s.daily_day, a.user_id, a.correct FROM sessions s
             JOIN reveals r ON r.session_id = s.id AND r.question_index = 0
             LEFT JOIN answers a ON a.session_id = s.id AND a.question_index = 0
             WHERE s.channel_id = $1 AND s.daily_day IS NOT NULL
             ORDER BY s.daily_day COLLATE \"C\", a.user_id COLLATE \"C\"",
        )
        .bind(channel_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(super::day_results(rows))
    }
}
