//! `/quiz`: the one description of the quiz subcommands. The quiz is stateful, so its handlers live in
//! `crate::quiz`; doors parse with [`parse_quiz`] and call the service.

use super::UserError;
use super::args::{Args, parse_args};
use super::spec::{Choice, CommandSpec, OptionKind, OptionSpec, Scope};
use crate::answer::Visibility;
use crate::knowledge::Topic;
use crate::quiz::{MAX_QUESTIONS, MAX_SECONDS, MIN_SECONDS, Period};

const TOPICS: &[Choice] = &[
    Choice { value: "dosing", label: "dosing" },
    Choice { value: "antibodies", label: "antibodies" },
    Choice { value: "ibm", label: "inclusion body myositis" },
    Choice { value: "refractory", label: "refractory options" },
    Choice { value: "monitoring", label: "monitoring" },
    Choice { value: "reassessment", label: "\"Is this IIM?\" reassessment" },
];

const TOPIC: OptionSpec = OptionSpec {
    name: "topic",
    description: "Only questions on this topic (default: all)",
    kind: OptionKind::Choice(TOPICS),
    required: false,
    scope: Scope::Content,
};

/// The group's name.
pub const NAME: &str = "quiz";
/// The group's description.
pub const DESCRIPTION: &str = "Quizzes on the article: channel sessions, private practice, leaderboards";

/// The subcommands.
pub const SUBCOMMANDS: [CommandSpec; 5] = [
    CommandSpec {
        name: "start",
        description: "Start a timed quiz in this channel (educators)",
        example: "/quiz start topic:dosing count:5 seconds:30",
        visibility: Visibility::Public,
        options: &[
            TOPIC,
            OptionSpec {
                name: "count",
                description: "How many questions (1-20, default 5)",
                kind: OptionKind::Integer { min: 1, max: MAX_QUESTIONS as i64 },
                required: false,
                scope: Scope::Content,
            },
            OptionSpec {
                name: "seconds",
                description: "Seconds per question (10-120, default 30)",
                kind: OptionKind::Integer { min: MIN_SECONDS as i64, max: MAX_SECONDS as i64 },
                required: false,
                scope: Scope::Content,
            },
        ],
    },
    CommandSpec {
        name: "stop",
        description: "Stop the quiz in this channel and show the results",
        example: "/quiz stop",
        visibility: Visibility::Public,
        options: &[],
    },
    CommandSpec {
        name: "practice",
        description: "A private question chosen by spaced repetition",
        example: "/quiz practice topic:ibm",
        visibility: Visibility::Private,
        options: &[TOPIC],
    },
    CommandSpec {
        name: "leaderboard",
        description: "This server's quiz leaderboard",
        example: "/quiz leaderboard period:week",
        visibility: Visibility::Public,
        options: &[OptionSpec {
            name: "period",
            description: "Which period (default: all)",
            kind: OptionKind::Choice(&[
                Choice { value: "week", label: "last 7 days" },
                Choice { value: "month", label: "last 30 days" },
                Choice { value: "all", label: "all time" },
            ]),
            required: false,
            scope: Scope::Content,
        }],
    },
    CommandSpec {
        name: "stats",
        description: "Accuracy per topic and the most-missed questions (educators)",
        example: "/quiz stats",
        visibility: Visibility::Private,
        options: &[],
    },
];

/// A parsed quiz subcommand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizCommand {
    /// Start a channel session.
    Start {
        /// Topic filter.
        topic: Option<Topic>,
        /// Questions.
        count: usize,
        /// Seconds per question.
        seconds: u32,
    },
    /// Stop the channel session.
    Stop,
    /// Private practice.
    Practice {
        /// Topic filter.
        topic: Option<Topic>,
    },
    /// Leaderboard.
    Leaderboard {
        /// Period.
        period: Period,
    },
    /// Educator stats.
    Stats,
}

/// The description of the subcommand with this name (any case).
pub fn subcommand(name: &str) -> Option<&'static CommandSpec> {
    SUBCOMMANDS.iter().find(|s| s.name.eq_ignore_ascii_case(name.trim()))
}

/// Whether the subcommand's answers are private by its description (unknown ones are refused: private).
pub fn answers_privately(name: &str) -> bool {
    subcommand(name).is_none_or(|s| s.visibility == crate::answer::Visibility::Private)
}

/// Checks a subcommand's raw options against its description and reads them.
pub fn parse_quiz(subcommand_name: &str, raw: &[(String, String)]) -> Result<QuizCommand, UserError> {
    let spec = subcommand(subcommand_name).ok_or_else(|| {
        let names: Vec<&str> = SUBCOMMANDS.iter().map(|s| s.name).collect();
        UserError::new(format!("/quiz takes one of: {}. Example: /quiz start topic:dosing", names.join(", ")))
    })?;
    let args: Args = parse_args(spec, raw)?;
    let topic = args.choice("topic").and_then(Topic::parse);
    Ok(match spec.name {
        "start" => QuizCommand::Start {
            topic,
            count: args.integer("count").unwrap_or(5) as usize,
            seconds: args.integer("seconds").unwrap_or(30) as u32,
        },
        "stop" => QuizCommand::Stop,
        "practice" => QuizCommand::Practice { topic },
        "leaderboard" => QuizCommand::Leaderboard {
            period: match args.choice("period") {
                Some("week") => Period::Week,
                Some("month") => Period::Month,
                _ => Period::All,
            },
        },
        _ => QuizCommand::Stats,
    })
}
