//! `myositis-bot review`: when each knowledge entry was last reviewed against its sources, which need a
//! new review because a cited passage changed, and recording a review once it is done.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::knowledge::Knowledge;
use crate::knowledge::review::{self, Reviewable, Status};
use crate::stdout::stdout;

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewAction {
    /// List every entry and its status.
    List,
    /// Record a review of these entries (keys).
    Mark(Vec<String>),
    /// Record a review of every entry.
    MarkAll,
}

/// Lists or records reviews of the knowledge in `dir`; `date` (YYYY-MM-DD) defaults to today in UTC.
pub fn run(dir: &Path, action: ReviewAction, date: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let knowledge = Knowledge::load_for_review(dir)
        .with_context(|| format!("cannot read the knowledge in {} (fix the other problems first)", dir.display()))?;
    let entries = knowledge.reviewables();
    match action {
        ReviewAction::List => list(&knowledge, &entries, json),
        ReviewAction::Mark(keys) => {
            let unknown: Vec<&String> = keys.iter().filter(|k| !entries.iter().any(|e| &e.key == *k)).collect();
            if !unknown.is_empty() {
                eprintln!(
                    "No such entry: {}. `myositis-bot review` lists every entry.",
                    unknown.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                );
                return Ok(ExitCode::from(2));
            }
            let chosen: Vec<&Reviewable> = entries.iter().filter(|e| keys.contains(&e.key)).collect();
            mark(dir, &knowledge, &entries, &chosen, date)
        }
        ReviewAction::MarkAll => {
            let chosen: Vec<&Reviewable> = entries.iter().collect();
            mark(dir, &knowledge, &entries, &chosen, date)
        }
    }
}

fn list(knowledge: &Knowledge, entries: &[Reviewable], json: bool) -> anyhow::Result<ExitCode> {
    let mut out = stdout();
    let rows: Vec<(String, &str, String)> = entries
        .iter()
        .map(|e| {
            let (state, detail) = match knowledge.reviews.status(e, &knowledge.article) {
                Status::Current { date } => ("current", date),
                Status::Unreviewed => ("unreviewed", String::new()),
                Status::Changed { date, passages } => ("changed", format!("{date}; changed: {}", passages.join(", "))),
            };
            (e.key.clone(), state, detail)
        })
        .collect();
    if json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|(key, state, detail)| serde_json::json!({"entry": key, "status": state, "detail": detail}))
            .collect();
        let oldest = knowledge.reviews.oldest();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({"entries": list, "oldest_review": oldest}))?
        )?;
    } else {
        for (key, state, detail) in &rows {
            writeln!(out, "{state:<10} {key}  {detail}")?;
        }
        let due = rows.iter().filter(|(_, state, _)| *state != "current").count();
        writeln!(
            out,
            "\n{} entries, {due} to review; oldest review: {}",
            rows.len(),
            knowledge.reviews.oldest().unwrap_or("none")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn mark(
    dir: &Path,
    knowledge: &Knowledge,
    entries: &[Reviewable],
    chosen: &[&Reviewable],
    date: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let date = match date {
        Some(d) => d.parse::<jiff::civil::Date>().with_context(|| format!("--date {d} is not a date (YYYY-MM-DD)"))?,
        None => jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date(),
    };
    let mut reviews = knowledge.reviews.clone();
    reviews.mark(chosen, &knowledge.article, &date.to_string());
    reviews.prune(entries);
    let path = dir.join(review::FILE);
    std::fs::write(&path, reviews.to_toml()?).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = stdout();
    writeln!(out, "recorded the review of {} entries on {date} in {}", chosen.len(), path.display())?;
    Ok(ExitCode::SUCCESS)
}
