//! Quizzes: channel sessions with timed reveals, private practice by spaced repetition, and the embedded
//! database that keeps every answer. The question banks themselves are knowledge data.

mod action;
pub mod draw;
pub mod practice;
mod service;
pub mod store;
pub mod tally;
pub mod view;

pub use action::QuizAction;
pub use service::{
    CONSOLE, Caller, ChannelPost, DIRECT_MESSAGES, MAX_QUESTIONS, MAX_SECONDS, MIN_SECONDS, NO_CHANNEL, Period,
    QuestionRef, QuizService, system_clock,
};
pub use store::{NewSession, QuizStorage, QuizStore, StoreError};
