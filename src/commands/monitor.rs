//! `/monitor`: how the article says to monitor disease activity (IMACS core set, not enzymes alone).

use crate::answer::Visibility;
use serde_json::json;

use super::CommandError;
use super::args::Args;
use super::render_util::quote_evidence;
use super::spec::CommandSpec;
use crate::Core;
use crate::answer::{Answer, Line};

/// `/monitor`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "monitor",
    description: "Monitoring disease activity: the IMACS core set, not muscle enzymes alone",
    example: "/monitor",
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &[],
    options: &[],
};

/// Lists the monitoring statements, the core set and what the article does not give.
pub fn run(core: &Core, _: &Args) -> Result<Answer, CommandError> {
    let knowledge = &core.knowledge;
    let m = &knowledge.monitor;
    let mut answer = Answer::clinical("Monitoring disease activity")
        .block(None, m.statements.iter().map(Line::from).collect())
        .block(Some("IMACS core set (PM and DM)"), m.core_set.iter().map(Line::from).collect())
        .block(
            Some("Page 6 does not give"),
            m.not_in_article.iter().map(|g| Line::plain(format!("{}: {}", g.topic, g.text))).collect(),
        );
    for s in &m.statements {
        if let Some(evidence) = &s.evidence {
            answer = quote_evidence(answer, knowledge, &s.passages, evidence);
        }
    }
    answer.data = json!({ "statements": m.statements, "core_set": m.core_set, "not_in_article": m.not_in_article });
    Ok(answer)
}
