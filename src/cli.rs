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
    let leaves = spec.subcommands.iter().filter(|s| !s.interactive).map(|s| leaf(s).arg(guild.clone()));
    let list = clap::Command::new(QUIZ_LIST)
        .about("Print every question of the bank (with --json: {\"questions\": [...]}, answer as a 0-based index)")
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).help("Print JSON"));
    clap::Command::new(spec.name)
        .about(spec.description)
        .subcommand_required(true)
        .subcommands(leaves)
        .subcommand(list)
        .after_help(format!("Timed quizzes and practice run in Discord and the console: {}", spec.example))
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
            Some((leaf, matches)) => {
                let spec = crate::commands::find(name).and_then(|c| c.spec.subcommand(leaf));
                let mut invocation = Invocation::new(name, options(spec, matches));
                invocation.subcommand = Some(leaf.to_owned());
                let guild = matches.get_one::<String>("guild").cloned();
                Action::Run { invocation, json: matches.get_flag("json"), guild }
            }
            None => {
                let spec = crate::commands::find(name).map(|c| &c.spec);
                Action::Run {
                    invocation: Invocation::new(name, options(spec, sub)),
                    json: sub.get_flag("json"),
                    guild: None,
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

/// Runs the binary: settings, logging, then the chosen action. Returns the process exit code.
pub fn main() -> ExitCode {
    let (global, action) = parse();
    match crate::run::run(&global, action) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("myositis-bot: {e:#}");
            ExitCode::FAILURE
        }
    }
}
