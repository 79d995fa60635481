//! What the store keeps for questions of the day: one schedule per channel, whose next post is a durable
//! timer (`next_post_ms`) with the local day it is for (`next_day`). Taking a day is a compare-and-set on
//! `next_day`, and each day's question is a one-question session whose (channel, day) is unique, so a day
//! is posted once however many instances share the database.

/// A channel's schedule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailySchedule {
    /// The channel it posts in (one schedule each).
    pub channel_id: String,
    /// Its server.
    pub guild_id: String,
    /// The educator who set it (the "starter" of each day's question).
    pub created_by: String,
    /// Local time of day, `HH:MM`.
    pub local_time: String,
    /// IANA time zone name, canonical (`Europe/London`).
    pub time_zone: String,
    /// Topic filter (`None`: the whole bank).
    pub topic: Option<String>,
    /// Hours from the post to the reveal.
    pub reveal_hours: u32,
    /// The local day (`YYYY-MM-DD`) the schedule waits for.
    pub next_day: String,
    /// When that day's question is due (Unix milliseconds).
    pub next_post_ms: i64,
}

/// A day's question to post, in the same transaction as the schedule's move to its next day.
#[derive(Debug, Clone, Copy)]
pub struct DailyPost<'a> {
    /// The local day it is for.
    pub day: &'a str,
    /// The question's id in the bank.
    pub question_id: &'a str,
    /// Seconds until its reveal (shown with the question).
    pub seconds: u32,
    /// When it is revealed (Unix milliseconds).
    pub reveal_due_ms: i64,
    /// Unix seconds now.
    pub now: i64,
}

/// Moving a schedule from the day it waited for to the next, posting a question or not.
#[derive(Debug, Clone, Copy)]
pub struct DailyTake<'a> {
    /// The schedule's channel.
    pub channel_id: &'a str,
    /// The day it waited for, as read (the compare of the compare-and-set).
    pub from_day: &'a str,
    /// The day it waits for next.
    pub next_day: &'a str,
    /// When that day's question is due (Unix milliseconds).
    pub next_post_ms: i64,
    /// The question to post now, if the rule says to post one.
    pub post: Option<DailyPost<'a>>,
}

/// What taking a day did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DailyTaken {
    /// Another instance (or a change of schedule) moved it first: nothing done.
    Lost,
    /// Moved to the next day; no question posted (a skipped day, or that day has its question already).
    Moved,
    /// Moved, and this session asks the day's question: the caller posts it.
    Posted(i64),
}

/// A question of the day asked in a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyAsked {
    /// The local day.
    pub day: String,
    /// The question's id.
    pub question_id: String,
}
