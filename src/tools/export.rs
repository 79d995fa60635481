//! `myositis-bot quiz export --format csv --period month`: per-member and per-question results from the
//! quiz database, for teaching records (member ids, never messages), to a file or standard output.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::app::App;
use crate::config::Settings;
use crate::quiz::{Caller, Period};

/// Runs the export; `format` and `period` were checked against their choices by the argument parser.
pub fn run(
    settings: &Settings,
    dir: &Path,
    format: &str,
    period: &str,
    guild: Option<String>,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(crate::quiz::export::FORMATS.contains(&format), "unknown export format {format:?}");
    let period = Period::parse(period).with_context(|| format!("unknown period {period:?}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let app = runtime.block_on(App::assemble(settings, dir))?.0;
    let quiz = app.quiz.as_ref().context("the quiz database is off")?;
    let mut caller = Caller::at_console();
    if let Some(guild) = guild {
        caller.guild_id = guild;
    }
    let rows = runtime.block_on(quiz.results(&caller, period)).map_err(|e| anyhow::anyhow!("{e}"))?;
    let bank = &app.core.knowledge.quiz;
    match out {
        Some(path) => {
            let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            crate::quiz::export::write_csv(&rows, bank, std::io::BufWriter::new(file))?;
        }
        None => {
            let mut out = crate::stdout::stdout();
            crate::quiz::export::write_csv(&rows, bank, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
