//! Quiz persistence: what the quiz needs from a database ([`QuizStorage`]), kept in embedded SQLite by
//! default ([`SqliteStore`]) or in a PostgreSQL server shared by several instances.
//!
//! Scores are never stored: they are counted from the answers of revealed questions, and an answer's key is
//! (session, question, member), so a change of answer replaces it and nothing can be counted twice. Reveal
//! timers are rows too (a session's `reveal_due_ms`, in Unix milliseconds), claimed by whichever instance sees them due first, so
//! a reveal survives the instance that scheduled it.

mod daily;
mod postgres;
mod sqlite;

pub use daily::{DailyAsked, DailyPost, DailySchedule, DailyTake, DailyTaken};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// Why the store failed (an operator problem; users get an apology).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("quiz database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The SQLite schema could not be migrated.
    #[error("quiz database migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The data folder could not be created.
    #[error("quiz database folder: {0}")]
    Io(#[from] std::io::Error),
    /// PostgreSQL failed: the server, the connection, the pool (none free in time) or the URL.
    #[error("quiz database (PostgreSQL): {0}")]
    Postgres(#[from] sqlx::Error),
    /// The PostgreSQL schema could not be migrated.
    #[error("quiz database migration (PostgreSQL): {0}")]
    PostgresMigration(#[from] sqlx::migrate::MigrateError),
    /// Another thread panicked while holding the connection.
    #[error("quiz database: the connection is unusable after a crash in another task")]
    Poisoned,
    /// A write kept meeting concurrent changes of the same rows (retried, then given up).
    #[error("quiz database: {0} kept changing under concurrent writes; try again")]
    Contended(&'static str),
}

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
    /// For a question of the day, the local day it asks for (`YYYY-MM-DD`); `None` for a channel quiz.
    pub daily_day: Option<String>,
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

/// What marking a question revealed found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevealMark {
    /// This call revealed it: the caller posts the reveal.
    First,
    /// It was revealed already, at this time (Unix seconds), by this or another instance.
    Already {
        /// When it was revealed.
        at: i64,
    },
}

/// A question whose reveal time has come, claimed by one instance (the claim lasts until the lease the
/// claim set, after which another instance may claim it again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueReveal {
    /// The session.
    pub session_id: i64,
    /// Its current question.
    pub question_index: usize,
    /// When its reveal was due (Unix milliseconds), before the claim moved it.
    pub due_ms: i64,
}

/// Which sessions' reveals an instance may claim: those of the channels it can post in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels<'a> {
    /// Only this channel's (the console's own).
    Only(&'a str),
    /// Every channel but this one (Discord instances leave the console's sessions to the console).
    AllBut(&'a str),
}

impl Channels<'_> {
    /// The channel, and whether the sessions claimed are in it (true) or elsewhere (false): a query binds
    /// them to `(channel_id = ?) = ?`.
    pub fn as_condition(&self) -> (&str, bool) {
        match *self {
            Channels::Only(channel) => (channel, true),
            Channels::AllBut(channel) => (channel, false),
        }
    }
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

/// A practice answer to save, with the card's state after it.
#[derive(Debug, Clone)]
pub struct PracticeRecord<'a> {
    /// Member.
    pub user_id: &'a str,
    /// Server ("dm" in direct messages).
    pub guild_id: &'a str,
    /// The question's id.
    pub question_id: &'a str,
    /// Its topic.
    pub topic: &'a str,
    /// Whether the answer was right.
    pub correct: bool,
    /// The card after this answer.
    pub card: CardState,
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

/// One member's results on one question over a period, from one source: what the export writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberResult {
    /// Member id.
    pub user_id: String,
    /// The question's id.
    pub question_id: String,
    /// Its topic.
    pub topic: String,
    /// "quiz" (revealed channel answers) or "practice".
    pub source: String,
    /// Answers given.
    pub answered: u32,
    /// Right answers.
    pub correct: u32,
}

/// A member's report of a question, to store.
#[derive(Debug, Clone, Copy)]
pub struct NewReport<'a> {
    /// Server ("dm" in direct messages).
    pub guild_id: &'a str,
    /// Who reported it.
    pub user_id: &'a str,
    /// The question's id.
    pub question_id: &'a str,
    /// What it cites: its passage ids (comma-separated) or its reference entry.
    pub cites: &'a str,
    /// The member's reason (free text, already bounded in length).
    pub reason: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// What filing a report did: at most one report per (server, member, question) is open at a time, so a
/// second one waits until an educator closes the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFiled {
    /// Stored as this report.
    Stored {
        /// Its number.
        id: i64,
    },
    /// Not stored: the member's earlier report of the question, this one, is still open.
    AlreadyOpen {
        /// The open report's number.
        id: i64,
    },
}

/// A stored report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// Its number, to close it by.
    pub id: i64,
    /// The question's id.
    pub question_id: String,
    /// What the question cited when it was reported.
    pub cites: String,
    /// Who reported it.
    pub user_id: String,
    /// Why.
    pub reason: String,
    /// When (Unix seconds).
    pub reported_at: i64,
}

/// A practice card of the Leitner system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardState {
    /// Box 1 (often) to 5 (rarely).
    pub box_number: u8,
    /// The practice step at which it is due again.
    pub due_step: u32,
}

/// What the quiz needs from storage, with the same semantics on every backend: every answer stored in a
/// transaction, one running session per channel enforced by the database, a question revealed once, and a
/// due reveal claimed by one instance at a time.
#[async_trait::async_trait]
pub trait QuizStorage: Send + Sync {
    /// Starts a session whose first reveal is due at `reveal_due_ms` (Unix milliseconds; `now` is in
    /// seconds, as every other time the store keeps); `None` when the channel already has
    /// one running.
    async fn create_session(
        &self,
        session: &NewSession<'_>,
        now: i64,
        reveal_due_ms: i64,
    ) -> Result<Option<i64>, StoreError>;

    /// The channel quiz running in a channel (questions of the day are not channel quizzes).
    async fn running_in(&self, channel_id: &str) -> Result<Option<SessionRow>, StoreError>;

    /// A session by id.
    async fn session(&self, id: i64) -> Result<Option<SessionRow>, StoreError>;

    /// Records (or changes) a member's answer, in one transaction, unless the question is closed.
    async fn record_answer(&self, a: &AnswerRecord<'_>) -> Result<Recorded, StoreError>;

    /// Closes a question for answers, once across every instance.
    async fn reveal(&self, session_id: i64, question_index: usize, now: i64) -> Result<RevealMark, StoreError>;

    /// The answers to one question: (member, option), ordered by member.
    async fn answers(&self, session_id: i64, question_index: usize) -> Result<Vec<(String, usize)>, StoreError>;

    /// Moves a running session from question `from` to `next`, due for its reveal at `reveal_due_ms`;
    /// false when it was not running at `from` (another instance moved it, or it ended).
    async fn advance(&self, session_id: i64, from: usize, next: usize, reveal_due_ms: i64) -> Result<bool, StoreError>;

    /// Ends a session (finished, stopped or interrupted); false when it was not running.
    async fn end(&self, session_id: i64, status: &str, now: i64) -> Result<bool, StoreError>;

    /// Claims up to `limit` running sessions in `channels` whose reveal is due at `now_ms`, moving each
    /// one's due time to `lease_until_ms` so that no other instance claims it meanwhile, and so that another does if this one
    /// dies before it moves the session on.
    async fn claim_due(
        &self,
        now_ms: i64,
        lease_until_ms: i64,
        limit: usize,
        channels: Channels<'_>,
    ) -> Result<Vec<DueReveal>, StoreError>;

    /// Remembers the Discord message that asks a session's question (so any instance can close it).
    async fn set_question_message(
        &self,
        session_id: i64,
        question_index: usize,
        message_id: &str,
    ) -> Result<(), StoreError>;

    /// The Discord message that asks a session's question, when one was posted.
    async fn question_message(&self, session_id: i64, question_index: usize) -> Result<Option<String>, StoreError>;

    /// Scores of a session: correct answers to revealed questions, best first.
    async fn session_scores(&self, session_id: i64) -> Result<Vec<Standing>, StoreError>;

    /// A server's leaderboard since a time (all time when `None`), best first.
    async fn leaderboard(&self, guild_id: &str, since: Option<i64>, limit: usize) -> Result<Vec<Standing>, StoreError>;

    /// Per question of a server (revealed session answers and practice): (question id, answered, missed),
    /// ordered by question id.
    async fn question_stats(&self, guild_id: &str) -> Result<Vec<(String, u32, u32)>, StoreError> {
        self.question_stats_since(guild_id, None).await
    }

    /// [`QuizStorage::question_stats`] over answers given at or after `since` (Unix seconds; all when `None`).
    async fn question_stats_since(
        &self,
        guild_id: &str,
        since: Option<i64>,
    ) -> Result<Vec<(String, u32, u32)>, StoreError>;

    /// Per member, question and source (revealed channel answers: "quiz"; "practice") of a server, since a
    /// time (all when `None`): ordered by member, question, source.
    async fn member_results(&self, guild_id: &str, since: Option<i64>) -> Result<Vec<MemberResult>, StoreError>;

    /// Stores a member's report of a question, unless that member's earlier report of it in that server is
    /// still open (the database holds one open report per server, member and question, so instances
    /// racing to file the same report store one).
    async fn add_report(&self, report: &NewReport<'_>) -> Result<ReportFiled, StoreError>;

    /// A server's open reports, oldest first.
    async fn open_reports(&self, guild_id: &str) -> Result<Vec<ReportRow>, StoreError>;

    /// Closes an open report of a server (it was dealt with); false when it has no such open report.
    async fn close_report(&self, guild_id: &str, id: i64, now: i64) -> Result<bool, StoreError>;

    /// A member's practice cards: question id → state, ordered by question id.
    async fn cards(&self, user_id: &str) -> Result<Vec<(String, CardState)>, StoreError>;

    /// Saves a practice answer and the card's new state in one transaction.
    async fn save_practice(&self, record: &PracticeRecord<'_>) -> Result<(), StoreError>;

    /// How many practice answers a member has given (the Leitner clock).
    async fn practice_step(&self, user_id: &str) -> Result<u32, StoreError>;

    /// Sets a channel's question of the day, replacing its earlier schedule (the days already asked stay).
    async fn set_daily(&self, schedule: &DailySchedule, now: i64) -> Result<(), StoreError>;

    /// A channel's schedule.
    async fn daily(&self, channel_id: &str) -> Result<Option<DailySchedule>, StoreError>;

    /// Stops a channel's question of the day; false when it had none. A question already posted is still
    /// revealed at its time.
    async fn stop_daily(&self, channel_id: &str) -> Result<bool, StoreError>;

    /// Up to `limit` schedules in `channels` whose next question is due at `now_ms`, earliest first.
    async fn due_dailies(
        &self,
        now_ms: i64,
        limit: usize,
        channels: Channels<'_>,
    ) -> Result<Vec<DailySchedule>, StoreError>;

    /// Moves a schedule from `from_day` to its next day (compare-and-set: [`DailyTaken::Lost`] when it no
    /// longer waits for `from_day`) and, in the same transaction, creates the day's question session
    /// unless that day of that channel has one already.
    async fn take_daily(&self, take: &DailyTake<'_>) -> Result<DailyTaken, StoreError>;

    /// The questions of the day asked in a channel, by day.
    async fn daily_asked(&self, channel_id: &str) -> Result<Vec<DailyAsked>, StoreError>;

    /// The revealed questions of the day of a channel with each answer's member and rightness, by day.
    async fn daily_results(&self, channel_id: &str) -> Result<Vec<crate::quiz::daily::DayResult>, StoreError>;
}

/// Orders standings best first: most points, then fewest answers, then member id (so ties are stable).
pub fn rank(list: &mut [Standing]) {
    list.sort_by(|a, b| b.points.cmp(&a.points).then(a.answered.cmp(&b.answered)).then(a.user_id.cmp(&b.user_id)));
}

/// Rows of (day, member, right?) ordered by day (a day with no answers has one row without a member) as
/// one result per day.
fn day_results(rows: Vec<(String, Option<String>, Option<bool>)>) -> Vec<crate::quiz::daily::DayResult> {
    let mut days: Vec<crate::quiz::daily::DayResult> = Vec::new();
    for (day, member, right) in rows {
        if days.last().is_none_or(|d| d.day != day) {
            days.push(crate::quiz::daily::DayResult { day: day.clone(), answers: Vec::new() });
        }
        if let (Some(member), Some(right), Some(last)) = (member, right, days.last_mut()) {
            last.answers.push((member, right));
        }
    }
    days
}
