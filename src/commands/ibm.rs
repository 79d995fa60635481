//! `/ibm`: inclusion body myositis as taught, what the article says, and the later ENMC criteria.

use serde_json::json;

use super::CommandError;
use super::args::Args;
use super::render_util::{cite_sources, quote_evidence};
use super::spec::CommandSpec;
use crate::Core;
use crate::answer::{Answer, Line};

/// `/ibm`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "ibm",
    description: "Inclusion body myositis: features, what the article says, ENMC 2011 criteria",
    example: "/ibm",
    options: &[],
};

/// Lists IBM features (cited sources), the article's statements (passages) and ENMC 2011 (later source).
pub fn run(core: &Core, _: &Args) -> Result<Answer, CommandError> {
    let knowledge = &core.knowledge;
    let ibm = &knowledge.ibm;
    let mut answer = Answer::clinical("Inclusion body myositis (IBM)")
        .block(Some("What the article says"), ibm.article.iter().map(Line::from).collect())
        .block(
            Some("Features as taught (outside sources)"),
            ibm.features
                .iter()
                .map(|f| Line {
                    passages: f.passages.clone(),
                    ..Line::sourced(format!("{}: {}", f.label, f.text), &f.sources)
                })
                .collect(),
        )
        .block(
            Some(&format!("{} ({})", ibm.enmc_2011.title, ibm.enmc_2011.year)),
            ibm.enmc_2011.items.iter().map(|i| Line::sourced(i.clone(), &ibm.enmc_2011.sources)).collect(),
        );
    for statement in &ibm.article {
        if let Some(evidence) = &statement.evidence {
            answer = quote_evidence(answer, knowledge, &statement.passages, evidence);
        }
    }
    for feature in &ibm.features {
        answer = cite_sources(answer, knowledge, &feature.sources);
    }
    answer = cite_sources(answer, knowledge, &ibm.enmc_2011.sources);
    answer.data = json!({
        "article": ibm.article,
        "features": ibm.features,
        "enmc_2011": ibm.enmc_2011,
        "sources": answer.citations,
    });
    Ok(answer)
}
