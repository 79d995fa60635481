//! `/quiz`: the description of the quiz group and its subcommands, and how a subcommand becomes the quiz
//! service's typed action. The quiz is stateful, so its logic lives in `crate::quiz`.

use super::Context;
use super::args::Args;
use super::spec::{Choice, CommandSpec, OptionKind, OptionSpec, Scope};
use crate::answer::Visibility;
use crate::error::UserError;
use crate::knowledge::Topic;
use crate::quiz::daily::schedule::{MAX_ZONE_CHARS, TIME_CHARS, parse_time, parse_zone, zone_name};
use crate::quiz::daily::{DailyRequest, DailySettings, MAX_REVEAL_HOURS, MIN_REVEAL_HOURS};
use crate::quiz::{MAX_QUESTIONS, MAX_SECONDS, MIN_SECONDS, Period, QuizAction, QuizService};

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
    description: "Only questions on this topic (default: a mix of all)",
    kind: OptionKind::Choice(TOPICS),
    required: false,
    scope: Scope::Content,
    default: None,
};

/// The periods of the leaderboard and the stats (and the CLI's export): described once.
pub const PERIOD: OptionSpec = OptionSpec {
    name: "period",
    description: "Which period",
    kind: OptionKind::Choice(&[
        Choice { value: "week", label: "last 7 days" },
        Choice { value: "month", label: "last 30 days" },
        Choice { value: "all", label: "all time" },
    ]),
    required: false,
    scope: Scope::Content,
    default: Some("all"),
};

/// The largest report number `/quiz reports close:` takes (Discord's integers stop at 2^53).
const MAX_REPORT_ID: i64 = (1 << 53) - 1;

/// `/quiz` and its subcommands.
pub const SPEC: CommandSpec = CommandSpec {
    name: "quiz",
    description: "Quizzes on the article: channel sessions, private practice, leaderboards",
    example: "/quiz start topic:dosing count:5 seconds:30",
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &SUBCOMMANDS,
    options: &[],
};

const SUBCOMMANDS: [CommandSpec; 7] = [
    CommandSpec {
        name: "start",
        description: "Start a timed quiz in this channel (educators)",
        example: "/quiz start topic:dosing count:5 seconds:30",
        visibility: Visibility::Public,
        interactive: true,
        subcommands: &[],
        options: &[
            TOPIC,
            OptionSpec {
                name: "count",
                description: "How many questions",
                kind: OptionKind::Integer { min: 1, max: MAX_QUESTIONS as i64 },
                required: false,
                scope: Scope::Content,
                default: Some("5"),
            },
            OptionSpec {
                name: "seconds",
                description: "Seconds per question",
                kind: OptionKind::Integer { min: MIN_SECONDS as i64, max: MAX_SECONDS as i64 },
                required: false,
                scope: Scope::Content,
                default: Some("30"),
            },
        ],
    },
    CommandSpec {
        name: "stop",
        description: "Stop the quiz in this channel and show the results",
        example: "/quiz stop",
        visibility: Visibility::Public,
        interactive: true,
        subcommands: &[],
        options: &[],
    },
    CommandSpec {
        name: "practice",
        description: "A private question chosen by spaced repetition",
        example: "/quiz practice topic:ibm",
        visibility: Visibility::Private,
        interactive: true,
        subcommands: &[],
        options: &[TOPIC],
    },
    CommandSpec {
        name: "leaderboard",
        description: "This server's quiz leaderboard",
        example: "/quiz leaderboard period:week",
        visibility: Visibility::Public,
        interactive: false,
        subcommands: &[],
        options: &[PERIOD],
    },
    CommandSpec {
        name: "stats",
        description: "Accuracy per topic and the most-missed questions, with a chart (educators)",
        example: "/quiz stats period:month",
        visibility: Visibility::Private,
        interactive: false,
        subcommands: &[],
        options: &[PERIOD],
    },
    CommandSpec {
        name: "reports",
        description: "Members' open reports of questions; close one when dealt with (educators)",
        example: "/quiz reports close:3",
        visibility: Visibility::Private,
        interactive: false,
        subcommands: &[],
        options: &[OptionSpec {
            name: "close",
            description: "Close this report (its number) first",
            kind: OptionKind::Integer { min: 1, max: MAX_REPORT_ID },
            required: false,
            scope: Scope::Content,
            default: None,
        }],
    },
    DAILY,
];

/// `/quiz daily`: with `time` and `timezone`, schedules the channel's question of the day (educators);
/// with `off:true`, stops it; alone, shows it and the streaks.
const DAILY: CommandSpec = CommandSpec {
    name: "daily",
    description: "Question of the day in this channel: set it (educators), off:true stops it, alone shows it",
    example: "/quiz daily time:09:00 timezone:Europe/London reveal_hours:8",
    visibility: Visibility::Public,
    interactive: true,
    subcommands: &[],
    options: &[
        OptionSpec {
            name: "time",
            description: "Local time of day to post it, HH:MM (24-hour)",
            kind: OptionKind::Text { max_chars: TIME_CHARS, autocomplete: false },
            required: false,
            scope: Scope::Content,
            default: None,
        },
        OptionSpec {
            name: "timezone",
            description: "IANA time zone of that time, e.g. Europe/London",
            kind: OptionKind::Text { max_chars: MAX_ZONE_CHARS, autocomplete: false },
            required: false,
            scope: Scope::Content,
            default: None,
        },
        TOPIC,
        OptionSpec {
            name: "reveal_hours",
            description: "Hours from the question to its answer",
            kind: OptionKind::Integer { min: MIN_REVEAL_HOURS as i64, max: MAX_REVEAL_HOURS as i64 },
            required: false,
            scope: Scope::Content,
            default: Some("8"),
        },
        OptionSpec {
            name: "off",
            description: "true: stop the question of the day in this channel",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Content,
            default: None,
        },
    ],
};

/// What `/quiz daily` asks, from its arguments: `off:true` alone stops it; `time` with `timezone` (and
/// optionally `topic`, `reveal_hours`) sets it; nothing (or only the described defaults) shows it.
fn daily_request(sub: &CommandSpec, args: &Args) -> Result<DailyRequest, UserError> {
    let default_hours = sub.option("reveal_hours").and_then(|o| o.default).and_then(|d| d.parse::<i64>().ok());
    let hours = args.integer("reveal_hours");
    let (time, zone, topic) = (args.text("time"), args.text("timezone"), args.choice("topic"));
    let settings_given = time.is_some() || zone.is_some() || topic.is_some() || hours != default_hours;
    if args.flag("off") {
        return if settings_given {
            Err(UserError::new("`off:true` stops the question of the day; give it on its own."))
        } else {
            Ok(DailyRequest::Off)
        };
    }
    let (time, zone) = match (time, zone) {
        (None, None) if !settings_given => return Ok(DailyRequest::Show),
        (Some(time), Some(zone)) => (time, zone),
        _ => {
            return Err(UserError::new(format!(
                "/quiz daily needs both `time` and `timezone` to set the question of the day. Example: {}. \
                 Alone, /quiz daily shows the schedule; off:true stops it.",
                sub.example
            )));
        }
    };
    // Both checked, so a member who got both wrong hears of both at once.
    let (time, zone) = match (parse_time(time), parse_zone(zone)) {
        (Ok(time), Ok(zone)) => (time, zone),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => return Err(UserError::new(e.to_string())),
        (Err(time), Err(zone)) => {
            return Err(super::args::problems_message(&[&time.to_string(), &zone.to_string()], None));
        }
    };
    Ok(DailyRequest::Set(DailySettings {
        time,
        zone: zone_name(&zone),
        topic: topic.and_then(Topic::parse),
        reveal_hours: hours.and_then(|h| u32::try_from(h).ok()).unwrap_or(MIN_REVEAL_HOURS),
    }))
}

/// Reads a subcommand's checked arguments into the quiz's typed action. Every default comes from the
/// description (filled in by the argument parser).
pub fn action(subcommand: &CommandSpec, args: &Args) -> Result<QuizAction, UserError> {
    let topic = args.choice("topic").and_then(Topic::parse);
    let number = |name: &str| {
        args.integer(name).ok_or_else(|| UserError::new(format!("/quiz {} needs `{name}`.", subcommand.name)))
    };
    Ok(match subcommand.name {
        "start" => QuizAction::Start {
            topic,
            count: usize::try_from(number("count")?).unwrap_or(1),
            seconds: u32::try_from(number("seconds")?).unwrap_or(MIN_SECONDS),
        },
        "stop" => QuizAction::Stop,
        "practice" => QuizAction::Practice { topic },
        "leaderboard" => QuizAction::Leaderboard { period: period(args) },
        "stats" => QuizAction::Stats { period: period(args) },
        "reports" => QuizAction::Reports { close: args.integer("close") },
        "daily" => QuizAction::Daily(daily_request(subcommand, args)?),
        other => return Err(UserError::new(format!("/quiz has no subcommand {other}."))),
    })
}

/// The period chosen (the description's default filled in by the argument parser).
fn period(args: &Args) -> Period {
    args.choice("period").and_then(Period::parse).unwrap_or(Period::All)
}

/// The quiz service (the one quiz handler), when the door has one.
pub fn service<'a>(ctx: &Context<'a>) -> Result<&'a QuizService, UserError> {
    ctx.quiz
        .map(AsRef::as_ref)
        .ok_or_else(|| UserError::new("Quizzes are not available here: the quiz database is off."))
}

/// A subcommand that will be refused as far as can be told before it runs (no quiz database; a start in a
/// direct message, in a channel the bot cannot post in, or by a member who may not start one; a start or
/// stop sent without a channel; a question of the day set by a member who may not, or with bad input) is
/// answered privately, as every refusal is.
pub fn refused_privately(ctx: &Context<'_>, subcommand: &CommandSpec, args: &Args) -> bool {
    match ctx.quiz {
        None => true,
        Some(quiz) => match subcommand.name {
            "start" => quiz.start_refusal(ctx.caller).is_some(),
            "stop" => QuizService::channel_refusal(ctx.caller).is_some(),
            "daily" => match action(subcommand, args) {
                Ok(QuizAction::Daily(request)) => quiz.daily_refusal(ctx.caller, &request).is_some(),
                _ => true,
            },
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::parse_args;

    #[test]
    fn every_subcommand_becomes_an_action_with_the_described_defaults() {
        for sub in SPEC.subcommands {
            let args = parse_args(sub, &[]).expect("defaults parse");
            assert!(action(sub, &args).is_ok(), "/quiz {} has no action", sub.name);
        }
        let start = SPEC.subcommand("start").expect("start");
        let args = parse_args(start, &[]).expect("defaults");
        assert_eq!(action(start, &args), Ok(QuizAction::Start { topic: None, count: 5, seconds: 30 }));
        // Both a bad time and a bad time zone are reported, in one message.
        let daily = SPEC.subcommand("daily").expect("daily");
        let pairs = [("time".to_owned(), "25:00".to_owned()), ("timezone".to_owned(), "Mars/Olympus".to_owned())];
        let both = action(daily, &parse_args(daily, &pairs).expect("texts")).expect_err("refused").to_string();
        assert!(both.starts_with("2 problems") && both.contains("HH:MM") && both.contains("IANA time zone"), "{both}");
        let count = start.option("count").expect("count");
        assert_eq!(count.help(), "How many questions (1-20, default 5)");
    }
}
