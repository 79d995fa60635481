//! The command line: global options, tool subcommands (derive), and one subcommand per bot command,
//! generated from the command descriptions so the CLI cannot drift from the console or Discord.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Arg, ArgAction, ArgMatches, Args as _, FromArgMatches, Subcommand};

use crate::commands::spec::{CommandSpec, OptionKind, Scope};
use crate::commands::{COMMANDS, CommandError, Invocation, dispatch};
use crate::config::Settings;
use crate::knowledge::Knowledge;
use crate::render::text;
use crate::search::{Matching, SearchIndex};
use crate::{Core, console, discord, eval, logging, tools};

/// Exit code for input the user must fix (clap uses the same for usage errors).
const EXIT_BAD_INPUT: u8 = 2;

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
    /// The quiz question bank.
    Quiz {
        /// What to do with it.
        #[command(subcommand)]
        action: QuizTool,
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

/// Quiz bank tools.
#[derive(Debug, Clone, Subcommand)]
pub enum QuizTool {
    /// Print every question (with --json: {"questions": [...]}, answer as a 0-based index).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
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

fn subcommand(spec: &CommandSpec) -> clap::Command {
    let args = spec.options.iter().filter(|o| o.scope == Scope::Content).map(|o| {
        let long = o.name.replace('_', "-");
        let arg = Arg::new(o.name).help(o.description);
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
        Some((name, sub)) => Action::Run { invocation: invocation(name, sub), json: sub.get_flag("json") },
    };
    (global, action)
}

/// Turns a bot command's matches back into raw `(option, value)` pairs for the shared validation.
fn invocation(name: &str, matches: &ArgMatches) -> Invocation {
    let spec = crate::commands::find(name).map(|c| c.spec);
    let options = spec
        .iter()
        .flat_map(|s| s.options.iter())
        .filter(|o| o.scope == Scope::Content)
        .filter_map(|o| match o.kind {
            OptionKind::Boolean => matches.get_flag(o.name).then(|| (o.name.to_owned(), "true".to_owned())),
            _ => matches
                .get_many::<String>(o.name)
                .map(|values| (o.name.to_owned(), values.cloned().collect::<Vec<_>>().join(" "))),
        })
        .collect();
    Invocation { command: name.to_owned(), options }
}

/// Runs the binary: settings, logging, then the chosen action. Returns the process exit code.
pub fn main() -> ExitCode {
    let (global, action) = parse();
    match run(&global, action) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("myositis-bot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(global: &Global, action: Action) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(global.config.as_deref())?;
    let long_running = matches!(action, Action::Default | Action::Tool(Tool::Console | Tool::Serve | Tool::ServeHttp));
    logging::init(&settings.log, if long_running { "info" } else { "warn" });
    let dir = settings.knowledge_dir(global.knowledge.as_deref());
    match action {
        Action::Tool(Tool::Check) => check(&dir),
        Action::Tool(Tool::Review { mark, mark_all, date, json }) => {
            let action = if mark_all {
                tools::review::ReviewAction::MarkAll
            } else if mark.is_empty() {
                tools::review::ReviewAction::List
            } else {
                tools::review::ReviewAction::Mark(mark)
            };
            tools::review::run(&dir, action, date.as_deref(), json)
        }
        Action::Tool(Tool::Console) => run_console(&settings, &dir),
        Action::Tool(Tool::Passages { json }) => {
            let core = load(&dir)?;
            print_passages(&core, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Action::Tool(Tool::Quiz { action: QuizTool::List { json } }) => {
            let core = load(&dir)?;
            list_quiz(&core, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Action::Tool(Tool::Eval { questions, split, json, misses }) => {
            let core = load(&dir)?;
            evaluate(&core, questions.as_deref(), split, json, misses)?;
            Ok(ExitCode::SUCCESS)
        }
        Action::Run { invocation, json } => {
            let core = load(&dir)?;
            Ok(run_command(&core, &invocation, json))
        }
        Action::Tool(Tool::Serve) => serve(&settings, &dir),
        Action::Tool(Tool::ServeHttp) => serve_http(&settings, &dir),
        Action::Default if settings.discord_token().is_some() => serve(&settings, &dir),
        Action::Default => {
            eprintln!(
                "No Discord token configured: opening the local console. To connect to Discord, set \
                 MYOSITIS_BOT__DISCORD__TOKEN (see README.md) and run again."
            );
            run_console(&settings, &dir)
        }
    }
}

/// The console, with the quiz database when it can be opened (the console works without it).
fn run_console(settings: &Settings, dir: &Path) -> anyhow::Result<ExitCode> {
    let core = std::sync::Arc::new(load(dir)?);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let _entered = runtime.enter();
    let quiz = match crate::quiz::QuizStore::open(&settings.data.dir.join("quiz.sqlite3")) {
        Ok(store) => {
            let (posts, _) = tokio::sync::mpsc::unbounded_channel();
            crate::quiz::QuizService::new(
                std::sync::Arc::clone(&core),
                std::sync::Arc::new(store),
                settings.quiz.clone(),
                posts,
                crate::quiz::system_clock,
                true,
            )
            .ok()
        }
        Err(e) => {
            eprintln!(
                "The quiz database in {} cannot be opened ({e}); practice and leaderboards are off.",
                settings.data.dir.display()
            );
            None
        }
    };
    console::run(&core, quiz, io::stdin().lock(), io::stdout().lock(), io::stdin().is_terminal())?;
    Ok(ExitCode::SUCCESS)
}

fn serve(settings: &Settings, dir: &Path) -> anyhow::Result<ExitCode> {
    let core = std::sync::Arc::new(load(dir)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let bot = discord::Bot::build(core, settings).await?;
        bot.run_until_signal().await
    })?;
    Ok(ExitCode::SUCCESS)
}

fn serve_http(settings: &Settings, dir: &Path) -> anyhow::Result<ExitCode> {
    use std::sync::Arc;
    let public_key = settings.discord.public_key.clone().context("serve-http needs discord.public_key")?;
    let core = Arc::new(load(dir)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let store = Arc::new(crate::quiz::QuizStore::open(&settings.data.dir.join("quiz.sqlite3"))?);
        let (posts, queue) = tokio::sync::mpsc::unbounded_channel();
        let quiz = crate::quiz::QuizService::new(
            Arc::clone(&core),
            store,
            settings.quiz.clone(),
            posts,
            crate::quiz::system_clock,
            false,
        )
        .map_err(|e| anyhow::anyhow!("quiz: {e}"))?;
        let token = settings.discord_token().map(|t| t.expose().to_owned());
        if token.is_none() {
            tracing::warn!("no Discord token: quiz reveals and next questions cannot be posted to channels");
        }
        let mut builder = serenity::all::HttpBuilder::new(token.clone().unwrap_or_default());
        if let Some(base) = &settings.discord.api_base_url {
            builder = builder.proxy(base.trim_end_matches('/')).ratelimiter_disabled(true);
        }
        let http = Arc::new(builder.build());
        if token.is_some() {
            tokio::spawn(discord::deliver_posts(Arc::clone(&http), queue));
        }
        let endpoint = crate::http::Endpoint::new(
            core,
            Some(quiz),
            &public_key,
            crate::quiz::system_clock,
            std::time::Duration::from_millis(settings.http.respond_within_ms),
            Some(http),
        )?;
        let listener = tokio::net::TcpListener::bind(&settings.http.bind)
            .await
            .with_context(|| format!("cannot listen on {}", settings.http.bind))?;
        tracing::info!(bind = %settings.http.bind, "serving Discord HTTP interactions");
        axum::serve(listener, endpoint.router(settings.http.max_body_bytes))
            .with_graceful_shutdown(discord::shutdown_signal())
            .await?;
        tracing::info!("shut down");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn load(dir: &Path) -> anyhow::Result<Core> {
    Core::load(dir).with_context(|| format!("cannot start with the knowledge in {}", dir.display()))
}

fn check(dir: &Path) -> anyhow::Result<ExitCode> {
    match Core::load(dir) {
        Ok(core) => {
            let k: &Knowledge = &core.knowledge;
            println!(
                "ok: {} passages, {} antibodies, {} IBM features, {} regimens, {} therapies, {} sources, {} quiz questions in {} (sha256:{})",
                k.article.passages.len(),
                k.antibodies.entries.len(),
                k.ibm.features.len(),
                k.dosing.regimens.len(),
                k.refractory.therapies.len(),
                k.sources.iter().count(),
                k.quiz.questions.len(),
                dir.display(),
                k.checksum
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn print_passages(core: &Core, json: bool) -> anyhow::Result<()> {
    let article = &core.knowledge.article;
    if json {
        let passages: Vec<serde_json::Value> = article
            .passages
            .iter()
            .map(|p| {
                serde_json::json!({
                    "id": p.id,
                    "section": p.section,
                    "text": p.text,
                    "location": article.location(p),
                    "page": p.page,
                    "paragraph": p.paragraph,
                    "item": p.item,
                    "references": p.reference_numbers(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "passages": passages }))?);
    } else {
        for p in &article.passages {
            println!("[{}] {} — {}\n{}\n", p.id, p.section, article.location(p), p.text_with_markers());
        }
    }
    Ok(())
}

fn list_quiz(core: &Core, json: bool) -> anyhow::Result<()> {
    let bank = &core.knowledge.quiz;
    if json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "questions": bank.questions }))?);
        return Ok(());
    }
    for q in &bank.questions {
        let tests = q.reference.clone().unwrap_or_else(|| q.passages.join(", "));
        println!("[{}] ({}, {:?}) {}", q.id, q.topic.name(), q.difficulty, q.stem);
        for (i, option) in q.options.iter().enumerate() {
            let mark = if i == q.answer { "*" } else { " " };
            println!("  {mark} {}. {option}", crate::quiz::tally::letter(i));
        }
        println!("  tests {tests}: \u{201c}{}\u{201d}\n", q.evidence);
    }
    Ok(())
}

fn evaluate(core: &Core, file: Option<&Path>, split: SplitArg, json: bool, misses: bool) -> anyhow::Result<()> {
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/questions.toml");
    let file = file.unwrap_or(&default);
    let questions = eval::load_questions(file, &core.knowledge)?;
    let wanted = |q: &&eval::Question| match split {
        SplitArg::Tune => q.split == eval::Split::Tune,
        SplitArg::Heldout => q.split == eval::Split::Heldout,
        SplitArg::All => true,
    };
    let chosen: Vec<&eval::Question> = questions.iter().filter(wanted).collect();
    let baseline = SearchIndex::build_with(&core.knowledge, Matching::PlainBm25)?;
    let label = format!("{split:?} ({} questions)", chosen.len()).to_lowercase();
    let report = eval::report(&core.index, &baseline, &chosen, &label)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    print!("{}", report.to_text());
    if misses {
        for miss in &report.misses {
            let text = questions.iter().find(|q| q.id == miss.id).map(|q| q.text.as_str()).unwrap_or_default();
            let gold = questions.iter().find(|q| q.id == miss.id).map(|q| q.gold.join(",")).unwrap_or_default();
            println!(
                "miss {} [{}] {text:?} gold={gold} top={:?} rank={:?} unmatched={:?} aspects={:?} ask={:?} history={:?}",
                miss.id,
                miss.category,
                miss.top,
                miss.gold_rank,
                miss.unmatched,
                miss.aspects,
                miss.reading.ask,
                miss.reading.history
            );
        }
    }
    Ok(())
}

fn run_command(core: &Core, invocation: &Invocation, json: bool) -> ExitCode {
    match dispatch(core, invocation) {
        Ok(answer) => {
            if json {
                match serde_json::to_string_pretty(&answer.to_json()) {
                    Ok(s) => println!("{s}"),
                    Err(e) => {
                        eprintln!("myositis-bot: cannot write JSON: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                print!("{}", text::render(&answer));
            }
            ExitCode::SUCCESS
        }
        Err(CommandError::User(e)) => {
            eprintln!("{e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(CommandError::Internal(e)) => {
            tracing::error!(error = %e, command = %invocation.command, "command failed");
            eprintln!("Sorry, something went wrong inside the bot: {e}");
            ExitCode::FAILURE
        }
    }
}
