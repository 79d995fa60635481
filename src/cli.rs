//! The command line: global options, tool subcommands (derive), and one subcommand per bot command,
//! generated from the command descriptions so the CLI cannot drift from the console or Discord.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Args as _, FromArgMatches, Subcommand};

use crate::commands::spec::{CommandSpec, OptionKind, Scope};
use crate::commands::{COMMANDS, Invocation};

/// Options every subcommand takes.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Settings file (TOML); MYOSITIS_BOT__… environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Knowledge folder (default: the knowledge/ folder shipped with the bot).
    #[arg(long, global = true, value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
}

/// Subcommands that are tools rather than bot commands.
#[derive(Debug, Clone, Subcommand)]
pub enum Tool {
    /// Validate every knowledge file and build the index; non-zero exit on any problem.
    Check,
    /// Connect to Discord (needs MYOSITIS_BOT__DISCORD__TOKEN) and answer slash commands until stopped.
    Serve,
    /// Serve Discord's HTTP interactions endpoint (needs discord.public_key; see http.* settings).
    ServeHttp,
    /// The local console: type slash commands (/dose weight:70 unit:kg) or plain questions.
    Console,
    /// List every indexed passage.
    Passages {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// When each knowledge entry was last reviewed against its sources; `--mark` records a review.
    Review {
        /// Record a review of this entry (a key as listed); repeat for several.
        #[arg(long, value_name = "ENTRY")]
        mark: Vec<String>,
        /// Record a review of every entry (after reviewing all of them).
        #[arg(long, conflicts_with = "mark")]
        mark_all: bool,
        /// The review's date, YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Score retrieval on the evaluation questions (hit@1, hit@3, MRR, abstention), next to plain BM25.
    Eval {
        /// Question set (default: tests/eval/questions.toml).
        #[arg(long, value_name = "FILE")]
        questions: Option<PathBuf>,
        /// Which half to score.
        #[arg(long, value_enum, default_value_t = SplitArg::All)]
        split: SplitArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// List the questions the search got wrong.
        #[arg(long)]
        misses: bool,
    },
}

/// Which questions `eval` scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitArg {
    /// The half used to tune the vocabulary.
    Tune,
    /// The held-out half.
    Heldout,
    /// Both.
    All,
}

/// What the command line asked for.
#[derive(Debug, Clone)]
pub enum Action {
    /// A tool subcommand.
    Tool(Tool),
    /// A bot command, with `--json` or not.
    Run {
        /// The command and its raw options.
        invocation: Invocation,
        /// Print JSON instead of text.
        json: bool,
        /// For a quiz command: the Discord server whose quiz data to read (default: the console's).
        guild: Option<String>,
        /// `quiz stats --png FILE`: where to write the chart.
        png: Option<PathBuf>,
    },
    /// `quiz export`: per-member and per-question results for teaching records.
    QuizExport {
        /// The format (one of [`crate::quiz::export::FORMATS`]).
        format: String,
        /// The period, as the description's `period` option names it.
        period: String,
        /// The Discord server whose results to export (default: the console's).
        guild: Option<String>,
        /// Where to write (default: standard output).
        out: Option<PathBuf>,
    },
    /// `quiz list`: print the question bank.
    QuizList {
        /// Print JSON.
        json: bool,
    },
    /// No subcommand: the bot's main job.
    Default,
}

/// The clap command: global options, tools, and the bot commands from their descriptions.
pub fn command() -> clap::Command {
    let cmd = clap::Command::new("myositis-bot")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Teaching-and-reference bot on \"Myositis Mysteries\" (The Rheumatologist, Jan 2008)")
        .after_help("With no subcommand: connects to Discord when a token is configured, else opens the console.");
    let cmd = Tool::augment_subcommands(Global::augment_args(cmd));
    // clap provides `help` itself; the bot's /help is for the console and Discord.
    cmd.subcommands(COMMANDS.iter().filter(|c| c.spec.name != "help").map(|c| subcommand(&c.spec)))
}

/// The name of the quiz group's own tool (`myositis-bot quiz list`), next to the subcommands it derives.
const QUIZ_LIST: &str = "list";
/// The quiz group's export tool (`myositis-bot quiz export`).
const QUIZ_EXPORT: &str = "export";
/// The subcommand whose answer carries the chart `--png` writes.
const CHART_SUBCOMMAND: &str = "stats";

/// A command, or a group with the subcommands that work in one shot (leaderboard, stats; not the ones
/// that need a conversation, like start).
fn subcommand(spec: &CommandSpec) -> clap::Command {
    if spec.subcommands.is_empty() {
        return leaf(spec);
    }
    let guild = Arg::new("guild")
        .long("guild")
        .value_name("SERVER_ID")
        .help("The Discord server whose quiz data to read (default: the console's)");
    let leaves = spec.subcommands.iter().filter(|s| !s.interactive).map(|s| {
        let leaf = leaf(s).arg(guild.clone());
        if s.name == CHART_SUBCOMMAND {
            leaf.arg(
                Arg::new("png")
                    .long("png")
                    .value_name("FILE")
                    .value_parser(clap::value_parser!(PathBuf))
                    .help("Also write the chart as a PNG to FILE"),
            )
        } else {
            leaf
        }
    });
    let list = clap::Command::new(QUIZ_LIST)
        .about("Print every question of the bank (with --json: {\"questions\": [...]}, answer as a 0-based index)")
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON"));
    clap::Command::new(spec.name)
        .about(spec.description)
        .subcommand_required(true)
        .subcommands(leaves)
        .subcommand(list)
        .subcommand(export(guild))
        .after_help(format!("Timed quizzes and practice run in Discord and the console: {}", spec.example))
}

/// `quiz export`: its period's choices and default come from the description's `period` option.
fn export(guild: Arg) -> clap::Command {
    let period = &crate::commands::quiz::PERIOD;
    let choices: Vec<&'static str> = match period.kind {
        OptionKind::Choice(choices) => choices.iter().map(|c| c.value).collect(),
        _ => Vec::new(),
    };
    let mut period_arg = Arg::new("period")
        .long("period")
        .value_name(choices.join("|"))
        .value_parser(clap::builder::PossibleValuesParser::new(choices))
        .help(period.help());
    if let Some(default) = period.default {
        period_arg = period_arg.default_value(default);
    }
    clap::Command::new(QUIZ_EXPORT)
        .about("Write per-member and per-question results for teaching records (member ids, never messages)")
        .arg(
            Arg::new("format")
                .long("format")
                .required(true)
                .value_parser(clap::builder::PossibleValuesParser::new(crate::quiz::export::FORMATS))
                .help("Output format"),
        )
        .arg(period_arg)
        .arg(guild)
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("FILE")
                .value_parser(clap::value_parser!(PathBuf))
                .help("Write to FILE (default: standard output)"),
        )
}

fn leaf(spec: &CommandSpec) -> clap::Command {
    let args = spec.options.iter().filter(|o| o.scope == Scope::Content).map(|o| {
        let long = o.name.replace('_', "-");
        let arg = Arg::new(o.name).help(o.help());
        match o.kind {
            OptionKind::Text { .. } if o.required => {
                // Words after `--` may start with a dash ("-- -TNF in PM"); flags may follow the words.
                arg.required(true).num_args(1..).value_name(o.name.to_uppercase())
            }
            OptionKind::Boolean => arg.long(long).action(ArgAction::SetTrue),
            OptionKind::Choice(choices) => {
                let names: Vec<&str> = choices.iter().map(|c| c.value).collect();
                arg.long(long).required(o.required).value_name(names.join("|"))
            }
            OptionKind::Number | OptionKind::Integer { .. } => {
                arg.long(long).required(o.required).allow_negative_numbers(true).value_name("NUMBER")
            }
            OptionKind::Text { .. } => arg.long(long).required(o.required).allow_hyphen_values(true),
        }
    });
    clap::Command::new(spec.name)
        .about(spec.description)
        .after_help(format!("Console and Discord: {}", spec.example))
        .args(args)
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON"))
}

/// Reads the command line (clap prints help or usage errors and exits by itself).
pub fn parse() -> (Global, Action) {
    let matches = command().get_matches();
    let global = Global::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let action = match matches.subcommand() {
        None => Action::Default,
        Some((name, _)) if Tool::has_subcommand(name) => {
            Action::Tool(Tool::from_arg_matches(&matches).unwrap_or_else(|e| e.exit()))
        }
        Some((name, sub)) => match sub.subcommand() {
            Some((QUIZ_LIST, list)) => Action::QuizList { json: list.get_flag("json") },
            Some((QUIZ_EXPORT, export)) => Action::QuizExport {
                format: export.get_one::<String>("format").cloned().unwrap_or_default(),
                period: export.get_one::<String>("period").cloned().unwrap_or_default(),
                guild: export.get_one::<String>("guild").cloned(),
                out: export.get_one::<PathBuf>("out").cloned(),
            },
            Some((leaf, matches)) => {
                let spec = crate::commands::find(name).and_then(|c| c.spec.subcommand(leaf));
                let mut invocation = Invocation::new(name, options(spec, matches));
                invocation.subcommand = Some(leaf.to_owned());
                let guild = matches.get_one::<String>("guild").cloned();
                let png = if leaf == CHART_SUBCOMMAND { matches.get_one::<PathBuf>("png").cloned() } else { None };
                Action::Run { invocation, json: matches.get_flag("json"), guild, png }
            }
            None => {
                let spec = crate::commands::find(name).map(|c| &c.spec);
                Action::Run {
                    invocation: Invocation::new(name, options(spec, sub)),
                    json: sub.get_flag("json"),
                    guild: None,
                    png: None,
                }
            }
        },
    };
    (global, action)
}

/// Turns a bot command's matches back into raw `(option, value)` pairs for the shared validation.
fn options(spec: Option<&CommandSpec>, matches: &ArgMatches) -> Vec<(String, String)> {
    spec.iter()
        .flat_map(|s| s.options.iter())
        .filter(|o| o.scope == Scope::Content)
        .filter_map(|o| match o.kind {
            OptionKind::Boolean => matches.get_flag(o.name).then(|| (o.name.to_owned(), "true".to_owned())),
            _ => matches
                .get_many::<String>(o.name)
                .map(|values| (o.name.to_owned(), values.cloned().collect::<Vec<_>>().join(" "))),
        })
        .collect()
}

/// Runs the binary: settings, logging, then the chosen action. Returns the process exit code; a reader
/// that closed standard output early ends it quietly, with success.
pub fn main() -> ExitCode {
    let (global, action) = parse();
    match crate::run::run(&global, action) {
        Ok(code) => code,
        Err(e) if crate::stdout::was_closed(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("myositis-bot: {e:#}");
            ExitCode::FAILURE
        }
    }
}
