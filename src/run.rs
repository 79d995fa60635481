//! What each command-line action does: the bot's main jobs (console, gateway, HTTP endpoint), the tools
//! (check, passages, eval, quiz list) and one-off bot commands. `cli.rs` reads the arguments; this runs
//! them, assembling the app through `crate::app`.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::app::{App, AppError};
use crate::cli::{Action, Global, SplitArg, Tool};
use crate::commands::{Invocation, dispatch};
use crate::config::Settings;
use crate::error::explain;
use crate::knowledge::Knowledge;
use crate::quiz::{Caller, QuizService, TimerDoor};
use crate::render::text;
use crate::search::{Matching, SearchIndex};
use crate::stdout::stdout;
use crate::{Core, console, discord, eval, logging, tools};

/// Exit code for input the user must fix (clap uses the same for usage errors).
const EXIT_BAD_INPUT: u8 = 2;

/// Runs one action with the settings: logging first, then the action. Returns the process exit code.
pub fn run(global: &Global, action: Action) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(global.config.as_deref())?;
    // A server logs what it does; the console and one-off commands keep the terminal for the conversation.
    let serving = matches!(action, Action::Tool(Tool::Serve | Tool::ServeHttp))
        || (matches!(action, Action::Default) && settings.discord_token().is_some());
    logging::init(&settings.log, if serving { "info" } else { "warn" });
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
            print_passages(&load(&dir)?, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Action::QuizList { json } => {
            list_quiz(&load(&dir)?, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Action::Tool(Tool::Eval { questions, split, json, misses }) => {
            evaluate(&load(&dir)?, questions.as_deref(), split, json, misses)?;
            Ok(ExitCode::SUCCESS)
        }
        Action::Run { invocation, json, guild, png } => {
            run_command(&settings, &dir, &invocation, json, guild, png.as_deref())
        }
        Action::QuizExport { format, period, guild, out } => {
            crate::tools::export::run(&settings, &dir, &format, &period, guild, out.as_deref())
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
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (app, posts) = match runtime.block_on(App::assemble(settings, dir)) {
        Ok(assembled) => assembled,
        Err(e @ AppError::Store { .. }) => {
            eprintln!("{e}; quizzes, practice and leaderboards are off.");
            (App::core_only(dir)?, tokio::sync::mpsc::unbounded_channel().1)
        }
        Err(e) => return Err(e.into()),
    };
    let input = io::BufReader::new(io::stdin());
    let interactive = io::stdin().is_terminal();
    if let Some(quiz) = &app.quiz {
        runtime.spawn(QuizService::run_timers(std::sync::Arc::downgrade(quiz), TimerDoor::Console));
    }
    runtime.block_on(console::run(&app.core, app.quiz.clone(), posts, input, stdout(), interactive))?;
    Ok(ExitCode::SUCCESS)
}

fn serve(settings: &Settings, dir: &Path) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let (app, posts) = App::assemble(settings, dir).await?;
        let bot = discord::Bot::build(std::sync::Arc::new(app), posts, settings).await?;
        bot.run_until_signal().await?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn serve_http(settings: &Settings, dir: &Path) -> anyhow::Result<ExitCode> {
    use std::sync::Arc;
    let public_key = settings.discord.public_key.clone().context("serve-http needs discord.public_key")?;
    anyhow::ensure!(settings.http.read_timeout_ms > 0, "http.read_timeout_ms must be more than 0");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let (app, posts) = App::assemble(settings, dir).await?;
        let token = settings.discord_token().map(|t| t.expose().to_owned());
        let http = token.as_deref().map(|token| Arc::new(discord::rest_client(&settings.discord, token)));
        match &http {
            Some(http) => {
                tokio::spawn(discord::deliver_posts(Arc::clone(http), posts, app.quiz.as_ref().map(Arc::downgrade)));
                if let Some(quiz) = &app.quiz {
                    tokio::spawn(QuizService::run_timers(Arc::downgrade(quiz), TimerDoor::Discord));
                }
            }
            // Nobody delivers the quiz's posts: the service sees the queue closed and refuses channel quizzes.
            None => {
                drop(posts);
                tracing::warn!("no Discord token: channel quizzes are off, as their questions could not be posted");
            }
        }
        let endpoint = crate::http::Endpoint::new(
            Arc::new(app),
            &public_key,
            crate::quiz::system_clock,
            std::time::Duration::from_millis(settings.http.respond_within_ms),
            http,
        )?;
        let listener = tokio::net::TcpListener::bind(&settings.http.bind)
            .await
            .with_context(|| format!("cannot listen on {}", settings.http.bind))?;
        tracing::info!(
            bind = %settings.http.bind,
            read_timeout_ms = settings.http.read_timeout_ms,
            "serving Discord HTTP interactions"
        );
        if settings.http.metrics_token().is_none() {
            tracing::warn!(
                bind = %settings.http.bind,
                "GET /metrics is open to anyone who can reach the endpoint: set http.metrics_token \
                 (MYOSITIS_BOT__HTTP__METRICS_TOKEN) to require a bearer token"
            );
        }
        let router = endpoint.router(&settings.http);
        crate::http::serve(listener, router, settings.http.read_timeout(), discord::shutdown_signal()).await;
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
            let mut out = stdout();
            writeln!(
                out,
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
            )?;
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
    let mut out = stdout();
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
                    // Numbered as evaluation questions cite them ("mm2008-p6-01#2").
                    "sentences": p.sentences.iter().map(|s| serde_json::json!({
                        "number": s.number,
                        "text": &p.text[s.range.clone()],
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({ "passages": passages }))?)?;
    } else {
        for p in &article.passages {
            writeln!(out, "[{}] {} — {}\n{}\n", p.id, p.section, article.location(p), p.text_with_markers())?;
        }
    }
    Ok(())
}

fn list_quiz(core: &Core, json: bool) -> anyhow::Result<()> {
    let bank = &core.knowledge.quiz;
    let mut out = stdout();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&serde_json::json!({ "questions": bank.questions }))?)?;
        return Ok(());
    }
    for q in &bank.questions {
        let tests = q.reference.clone().unwrap_or_else(|| q.passages.join(", "));
        writeln!(out, "[{}] ({}, {:?}) {}", q.id, q.topic.name(), q.difficulty, q.stem)?;
        for (i, option) in q.options.iter().enumerate() {
            let mark = if i == q.answer { "*" } else { " " };
            writeln!(out, "  {mark} {}. {option}", crate::quiz::tally::letter(i))?;
        }
        writeln!(out, "  tests {tests}: \u{201c}{}\u{201d}\n", q.evidence)?;
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
    let mut out = stdout();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(());
    }
    write!(out, "{}", report.to_text())?;
    if misses {
        for miss in &report.misses {
            let text = questions.iter().find(|q| q.id == miss.id).map(|q| q.text.as_str()).unwrap_or_default();
            let gold = questions.iter().find(|q| q.id == miss.id).map(|q| q.gold.join(",")).unwrap_or_default();
            writeln!(
                out,
                "miss {} [{}] {text:?} gold={gold} top={:?} rank={:?} unmatched={:?} aspects={:?} ask={:?} history={:?}",
                miss.id,
                miss.category,
                miss.top,
                miss.gold_rank,
                miss.unmatched,
                miss.aspects,
                miss.reading.ask,
                miss.reading.history
            )?;
        }
        for miss in &report.sentence_misses {
            let question = questions.iter().find(|q| q.id == miss.id);
            writeln!(
                out,
                "sentence miss {} [{}] {:?} labelled={} lead={:?} aspects={:?} ask={:?}",
                miss.id,
                miss.category,
                question.map(|q| q.text.as_str()).unwrap_or_default(),
                question.map(|q| q.sentences.join(",")).unwrap_or_default(),
                miss.lead,
                miss.aspects,
                miss.reading.ask,
            )?;
        }
    }
    Ok(())
}

/// One bot command, printed as text or JSON; a quiz command reads the quiz database, next to any running
/// bot (whose sessions it leaves alone).
fn run_command(
    settings: &Settings,
    dir: &Path,
    invocation: &Invocation,
    json: bool,
    guild: Option<String>,
    png: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    // It delivers no posts and runs no timers: the quiz's own messages are a running bot's to post.
    let app = if invocation.subcommand.is_some() {
        runtime.block_on(App::assemble(settings, dir))?.0
    } else {
        App::core_only(dir)?
    };
    let mut caller = Caller::at_console();
    if let Some(guild) = guild {
        caller.guild_id = guild;
    }
    Ok(match runtime.block_on(dispatch(&app.context(&caller), invocation)) {
        Ok(answer) => {
            let mut out = stdout();
            if let Some(path) = png {
                let chart = answer.attachments.iter().find(|a| a.name.ends_with(".png"));
                let chart = chart.context("the answer carries no chart (it could not be drawn: see the log)")?;
                std::fs::write(path, &chart.bytes)
                    .with_context(|| format!("cannot write the chart to {}", path.display()))?;
            }
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&answer.to_json())?)?;
            } else {
                write!(out, "{}", text::render(&answer))?;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let explained = explain(&e, &invocation.command);
            eprintln!("{}", explained.text);
            if explained.failed { ExitCode::FAILURE } else { ExitCode::from(EXIT_BAD_INPUT) }
        }
    })
}
