//! `/antibody`: what a myositis autoantibody means, from cited reference entries (not the article).

use serde_json::json;

use super::CommandError;
use super::args::Args;
use super::render_util::cite_sources;
use super::spec::{CommandSpec, OptionKind, OptionSpec, Scope};
use crate::Core;
use crate::answer::{Answer, Line};
use crate::knowledge::{Antibody, Source};
use crate::recommend::antibody::{MatchKind, lookup};

/// `/antibody name`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "antibody",
    description: "What a myositis autoantibody is associated with (cited reference entries)",
    example: "/antibody name:Jo-1",
    options: &[OptionSpec {
        name: "name",
        description: "Antibody name or alias, e.g. Jo-1, MDA5, p155/140, HMGCR",
        kind: OptionKind::Text { max_chars: 100, autocomplete: true },
        required: true,
        scope: Scope::Content,
    }],
};

/// Looks the antibody up; an unknown name gets the closest names instead.
pub fn run(core: &Core, args: &Args) -> Result<Answer, CommandError> {
    let query = args.text("name").unwrap_or_default();
    let knowledge = &core.knowledge;
    let found = lookup(&knowledge.antibodies, query);
    let shown: String = query.chars().take(100).collect();
    let mut answer = match (found.kind, found.matches.as_slice()) {
        (MatchKind::None, _) | (_, []) => Answer::clinical(format!("No antibody called \u{201c}{shown}\u{201d}"))
            .block(
                None,
                vec![Line::plain(if found.suggestions.is_empty() {
                    "Type a name such as Jo-1, MDA5 or HMGCR.".to_owned()
                } else {
                    format!("Closest names: {}.", found.suggestions.join(", "))
                })],
            ),
        (_, [one]) => detail(Answer::clinical(one.name.clone()), one),
        (_, many) => Answer::clinical(format!("{} antibodies match \u{201c}{shown}\u{201d}", many.len())).block(
            None,
            many.iter()
                .map(|ab| Line::sourced(format!("{}: {}. {}", ab.name, ab.group.label(), ab.phenotype), &ab.sources))
                .collect(),
        ),
    };
    answer = answer.block(
        Some("About these entries"),
        vec![Line::plain(
            "From cited outside sources, written for this bot; the article's own antibody table (Table 3) is not available.",
        )],
    );
    if let Some(general) = &knowledge.antibodies.general {
        answer = answer.block(Some("In general"), vec![Line::from(general)]);
        answer = cite_sources(answer, knowledge, &general.sources);
    }
    for ab in &found.matches {
        answer = cite_sources(answer, knowledge, &ab.sources);
    }
    let matches: Vec<serde_json::Value> = found
        .matches
        .iter()
        .map(|ab| {
            let mut value = serde_json::to_value(ab).unwrap_or(json!({}));
            value["era"] = json!(ab.era_label());
            value["sources"] = json!(
                ab.sources.iter().filter_map(|id| knowledge.sources.get(id)).map(source_json).collect::<Vec<_>>()
            );
            value
        })
        .collect();
    answer.data = json!({
        "query": shown,
        "match": found.kind,
        "matches": matches,
        "suggestions": found.suggestions,
    });
    Ok(answer)
}

fn source_json(s: &Source) -> serde_json::Value {
    json!({ "id": s.id, "title": s.title, "url": s.url })
}

fn detail(answer: Answer, ab: &Antibody) -> Answer {
    let not_stated = || "not stated in the cited sources".to_owned();
    let mut lines = vec![
        format!("Also called: {}", if ab.aliases.is_empty() { "-".to_owned() } else { ab.aliases.join(", ") }),
        format!("Antigen: {}", ab.antigen.clone().unwrap_or_else(not_stated)),
        format!(
            "Group: {}{}",
            ab.group.label(),
            ab.family.as_ref().map(|f| format!(" ({f} family)")).unwrap_or_default()
        ),
    ];
    if let Some(p) = &ab.prevalence {
        lines.push(format!("How common: {p}"));
    }
    lines.push(format!("Phenotype: {}", ab.phenotype));
    lines.push(format!("ILD: {}", ab.ild.clone().unwrap_or_else(not_stated)));
    lines.push(format!("Cancer: {}", ab.cancer.clone().unwrap_or_else(not_stated)));
    lines.push(format!("Prognosis and treatment response: {}", ab.prognosis.clone().unwrap_or_else(not_stated)));
    lines.push(format!("Era: {}", ab.era_label()));
    if let Some(note) = &ab.note {
        lines.push(format!("Note: {note}"));
    }
    answer.block(None, lines.into_iter().map(|l| Line::sourced(l, &ab.sources)).collect())
}
