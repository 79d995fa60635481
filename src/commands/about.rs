//! `/about`: which article and knowledge the bot runs on, and its version.

use crate::answer::Visibility;
use serde_json::json;

use super::CommandError;
use super::args::Args;
use super::spec::CommandSpec;
use crate::Core;
use crate::answer::{Answer, Line};

/// `/about`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "about",
    description: "The source article, the bot's version and the knowledge checksum",
    example: "/about",
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &[],
    options: &[],
};

/// Describes the source, what is missing from it, and exactly which knowledge is loaded.
pub fn run(core: &Core, _: &Args) -> Result<Answer, CommandError> {
    let k = &core.knowledge;
    let s = &k.article.source;
    let version = env!("CARGO_PKG_VERSION");
    let answer = Answer::info(format!("myositis-bot {version}"))
        .block(
            Some("Source"),
            vec![
                Line::plain(format!(
                    "\u{201c}{}\u{201d}, {}, {} ({})",
                    s.title,
                    s.authors.join(", "),
                    s.journal,
                    s.issue
                )),
                Line::plain(s.url.clone()),
                Line::plain(s.copyright.clone()),
            ],
        )
        .block(
            Some("Not available"),
            k.article.unavailable.iter().map(|u| Line::plain(format!("{}: {}", u.what, u.note))).collect(),
        )
        .block(
            Some("Knowledge"),
            vec![
                Line::plain(format!(
                    "{} article passages, {} antibodies, {} IBM features, {} outside sources",
                    k.article.passages.len(),
                    k.antibodies.entries.len(),
                    k.ibm.features.len(),
                    k.sources.iter().count()
                )),
                Line::plain(format!("checksum sha256:{}", k.checksum)),
                Line::plain(format!(
                    "Review records: oldest review {} ({} entries; `myositis-bot review` lists them)",
                    k.reviews.oldest().unwrap_or("not recorded"),
                    k.reviews.records.len()
                )),
            ],
        );
    let mut answer = answer;
    answer.data = json!({
        "version": version,
        "source": s,
        "unavailable": k.article.unavailable,
        "passages": k.article.passages.len(),
        "antibodies": k.antibodies.entries.len(),
        "knowledge_checksum": k.checksum,
        "oldest_review": k.reviews.oldest(),
        "reviewed_entries": k.reviews.records.len(),
    });
    Ok(answer)
}
