//! Everything a quiz can be asked to do, typed: the subcommands a member types and the buttons a member
//! presses. Doors never call the quiz service any other way than through [`QuizAction`].

use super::service::Period;
use crate::knowledge::Topic;

/// One thing asked of the quiz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizAction {
    /// `/quiz start`: a timed session in this channel.
    Start {
        /// Topic filter (`None`: a mix of all topics).
        topic: Option<Topic>,
        /// How many questions.
        count: usize,
        /// Seconds per question.
        seconds: u32,
    },
    /// `/quiz stop`: reveal the open question, then the results.
    Stop,
    /// `/quiz practice`: a private question by spaced repetition.
    Practice {
        /// Topic filter.
        topic: Option<Topic>,
    },
    /// `/quiz leaderboard`.
    Leaderboard {
        /// Which period.
        period: Period,
    },
    /// `/quiz stats` (educators).
    Stats {
        /// Which period.
        period: Period,
    },
    /// `/quiz reports` (educators): the open reports, after closing one if asked.
    Reports {
        /// The report to close first.
        close: Option<i64>,
    },
    /// "Report" under a revealed question: opens the form for the reason.
    ReportForm {
        /// The question's id in the bank.
        question: String,
    },
    /// The report form, submitted.
    Report {
        /// The question's id in the bank.
        question: String,
        /// The member's reason, as typed.
        reason: String,
    },
    /// `/quiz daily`: set, stop or show the channel's question of the day.
    Daily(super::daily::DailyRequest),
    /// A press of an option of a channel question.
    Answer {
        /// The session.
        session: i64,
        /// The question's 0-based place in the session.
        question: usize,
        /// The 0-based option.
        option: usize,
    },
    /// "Reveal now" (the starter or an educator).
    Reveal {
        /// The session.
        session: i64,
        /// The question's 0-based place in the session.
        question: usize,
    },
    /// A press of an option of a practice question.
    PracticeAnswer {
        /// The topic practised.
        topic: Option<Topic>,
        /// The question's id in the bank.
        question: String,
        /// The 0-based option.
        option: usize,
    },
}
