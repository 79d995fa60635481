//! Quizzes: channel sessions with timed reveals, private practice by spaced repetition, and the embedded
//! database that keeps every answer. The question banks themselves are knowledge data.

mod action;
pub mod chart;
pub mod daily;
pub mod difficulty;
pub mod draw;
pub mod export;
mod period;
pub mod practice;
mod service;
pub mod stats;
pub mod store;
pub mod tally;
pub mod view;

pub use action::QuizAction;
pub use service::insight::{MAX_REASON_CHARS, MIN_REASON_CHARS, REASON_FIELD, bounded_reason};
pub use service::{
    BotAccess, CONSOLE, Caller, ChannelPost, Clock, DIRECT_MESSAGES, LEASE_SECONDS, MAX_QUESTIONS, MAX_SECONDS,
    MIN_SECONDS, NO_CHANNEL, Period, QuestionRef, QuizService, STALE_SECONDS, TIMER_POLL, TimerDoor, system_clock,
    system_clock_ms,
};
pub use store::{NewSession, QuizStorage, SqliteStore, StoreError};
