//! The question of the day: one question posted in a channel at a local time every day, revealed some
//! hours later, chosen without repeats and weighted toward what the team misses; members' streaks. The
//! timing ([`schedule`]), the choice ([`pick`]) and the streaks ([`streak`]) are pure; the service posts
//! and reveals through the same timers and store as channel quizzes.

pub mod pick;
pub mod schedule;
pub mod streak;
pub mod view;

pub use schedule::ScheduleError;
pub use streak::{DayResult, streaks};

use jiff::civil::Time;

use crate::knowledge::Topic;

/// The fewest hours from a question of the day to its reveal.
pub const MIN_REVEAL_HOURS: u32 = 1;
/// The most hours from a question of the day to its reveal (a reveal never comes after the next day's
/// question either: it is brought forward to it).
pub const MAX_REVEAL_HOURS: u32 = 12;

/// A schedule as an educator asks for it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailySettings {
    /// The local time of day.
    pub time: Time,
    /// The IANA time zone's canonical name.
    pub zone: String,
    /// Only questions on this topic (`None`: the whole bank).
    pub topic: Option<Topic>,
    /// Hours from the question to its reveal.
    pub reveal_hours: u32,
}

/// What `/quiz daily` asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DailyRequest {
    /// Show this channel's schedule and the streaks.
    Show,
    /// Stop this channel's question of the day.
    Off,
    /// Schedule (or reschedule) this channel's question of the day.
    Set(DailySettings),
}
