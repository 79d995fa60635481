//! `/ibm`: inclusion body myositis as taught, what the article says, and the later ENMC criteria.

use crate::answer::Visibility;
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
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &[],
    options: &[],
};

/// Lists the article's statements (passages), IBM features as taught (each claim with its source) and the
/// ENMC 2011 criteria (a later source).
pub fn run(core: &Core, _: &Args) -> Result<Answer, CommandError> {
    let knowledge = &core.knowledge;
    let ibm = &knowledge.ibm;
    let cites = |ids: &[String]| -> String {
        ids.iter().filter_map(|id| knowledge.sources.get(id)).map(|s| s.short()).collect::<Vec<_>>().join("; ")
    };
    // A feature's related passages are shown as a pointer of their own: the article does not support the
    // outside sources' claims, so a claim line carries only its sources.
    let article = &knowledge.article;
    let features: Vec<Line> =
        ibm.features
            .iter()
            .flat_map(|f| {
                let claims = f.claims.iter().map(move |c| {
                    Line::sourced(format!("{}: {} ({})", f.label, c.text, cites(&c.sources)), &c.sources)
                });
                let related = f.passages.iter().filter_map(|id| article.passage(id)).map(move |p| {
                    Line::cited(
                        format!("{}: see also the article, {} (\u{201c}{}\u{201d})", f.label, p.place(), p.section),
                        std::slice::from_ref(&p.id),
                    )
                });
                claims.chain(related)
            })
            .collect();
    let criteria: Vec<Line> = ibm
        .enmc_2011
        .items
        .iter()
        .map(|c| Line::sourced(format!("{} ({})", c.text, cites(&c.sources)), &c.sources))
        .collect();
    let mut answer = Answer::clinical("Inclusion body myositis (IBM)")
        .block(Some("What the article says"), ibm.article.iter().map(Line::from).collect())
        .block(Some("Features as taught (outside sources, not the article)"), features)
        .block(
            Some(&format!(
                "{} ({}, published after the article; revised in 2024, see above)",
                ibm.enmc_2011.title, ibm.enmc_2011.year
            )),
            criteria,
        );
    for statement in &ibm.article {
        if let Some(evidence) = &statement.evidence {
            answer = quote_evidence(answer, knowledge, &statement.passages, evidence);
        }
    }
    let cited: Vec<String> = answer.blocks.iter().flat_map(|b| &b.lines).flat_map(|l| l.sources.clone()).collect();
    answer = cite_sources(answer, knowledge, &cited);
    answer.data = json!({
        "article": ibm.article,
        "features": ibm.features,
        "enmc_2011": ibm.enmc_2011,
        "sources": answer.citations,
    });
    Ok(answer)
}
