//! `/antibody`: what a myositis autoantibody means, from cited reference entries (not the article), each
//! line naming the source that says it.

use crate::answer::Visibility;
use serde_json::json;

use super::CommandError;
use super::args::Args;
use super::render_util::cite_sources;
use super::spec::{CommandSpec, OptionKind, OptionSpec, Scope};
use crate::Core;
use crate::answer::{Answer, Line};
use crate::knowledge::{Antibody, Claim, Field, Knowledge};
use crate::recommend::antibody::{MatchKind, lookup};

/// `/antibody name`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "antibody",
    description: "What a myositis autoantibody is associated with (cited reference entries)",
    example: "/antibody name:Jo-1",
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &[],
    options: &[OptionSpec {
        name: "name",
        description: "Antibody name or alias, e.g. Jo-1, MDA5, p155/140, HMGCR",
        kind: OptionKind::Text { max_chars: 100, autocomplete: true },
        required: true,
        scope: Scope::Content,
        default: None,
    }],
};

/// Looks the antibody up; an unknown name gets the closest names, an ambiguous one every antibody it means.
/// Antibody names and aliases that start with (or contain) what the user has typed, for autocomplete.
pub fn complete(core: &Core, typed: &str) -> Vec<String> {
    crate::recommend::antibody::complete(&core.knowledge.antibodies, typed, 25)
}

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
        (MatchKind::Ambiguous, many) => {
            let why = found.ambiguous.map(|a| claim_line(knowledge, None, &a.claim())).into_iter().collect();
            Answer::clinical(format!("\u{201c}{shown}\u{201d} can mean {} antibodies", many.len()))
                .block(None, why)
                .block(Some("Which one?"), many.iter().map(|ab| summary(knowledge, ab)).collect())
        }
        (_, [one]) => detail(knowledge, Answer::clinical(one.name.clone()), one),
        (_, many) => Answer::clinical(format!("{} antibodies match \u{201c}{shown}\u{201d}", many.len()))
            .block(None, many.iter().map(|ab| summary(knowledge, ab)).collect()),
    };
    answer = answer.block(
        Some("About these entries"),
        vec![Line::plain(
            "Reference entries from the cited outside sources, not the article: the article's own antibody table \
             (Table 3) is not available. Each line names the source that says it.",
        )],
    );
    if let Some(general) = &knowledge.antibodies.general {
        answer = answer.block(Some("From the article's page 3"), vec![claim_line(knowledge, None, general)]);
    }
    let cited: Vec<String> = answer.blocks.iter().flat_map(|b| &b.lines).flat_map(|l| l.sources.clone()).collect();
    answer = cite_sources(answer, knowledge, &cited);
    let matches: Vec<serde_json::Value> = found
        .matches
        .iter()
        .map(|ab| {
            let mut value = serde_json::to_value(ab).unwrap_or(json!({}));
            value["era_label"] = json!(ab.era_label());
            value
        })
        .collect();
    answer.data = json!({
        "query": shown,
        "match": found.kind,
        "matches": matches,
        "ambiguous": found.ambiguous,
        "suggestions": found.suggestions,
    });
    Ok(answer)
}

/// "Label: text (Source 2015; Source 2016)", resting on exactly the claim's sources.
fn claim_line(knowledge: &Knowledge, label: Option<&str>, claim: &Claim) -> Line {
    let cites: Vec<String> =
        claim.sources.iter().filter_map(|id| knowledge.sources.get(id)).map(|s| s.short()).collect();
    let text = match label {
        Some(label) => format!("{label}: {} ({})", claim.text, cites.join("; ")),
        None => format!("{} ({})", claim.text, cites.join("; ")),
    };
    Line::sourced(text, &claim.sources)
}

/// One line for a list of several antibodies: name, group and its antigen (a claim that stands alone).
fn summary(knowledge: &Knowledge, ab: &Antibody) -> Line {
    let label = format!("{} ({})", ab.name, ab.group.label());
    match ab.claims_of(Field::Antigen).next().or_else(|| ab.claims_of(Field::Group).next()) {
        Some(c) => claim_line(knowledge, Some(&label), &c.claim()),
        None => Line::plain(label),
    }
}

/// Every claim of the entry, field by field, each with its own sources; the fields residents look for
/// say so when no cited source covers them.
fn detail(knowledge: &Knowledge, answer: Answer, ab: &Antibody) -> Answer {
    let aliases = if ab.aliases.is_empty() { "-".to_owned() } else { ab.aliases.join(", ") };
    let mut header = vec![
        Line::plain(format!("Also called: {aliases}")),
        Line::plain(format!(
            "Group: {}{}",
            ab.group.label(),
            ab.family.as_ref().map(|f| format!(" ({f} family)")).unwrap_or_default()
        )),
        Line::plain(format!("Era: {}", ab.era_label())),
    ];
    let mut lines = Vec::new();
    for field in [
        Field::Antigen,
        Field::Group,
        Field::Discovery,
        Field::Prevalence,
        Field::Phenotype,
        Field::Ild,
        Field::Cancer,
        Field::Prognosis,
        Field::Treatment,
        Field::Note,
    ] {
        let claims: Vec<Line> =
            ab.claims_of(field).map(|c| claim_line(knowledge, Some(field.label()), &c.claim())).collect();
        if claims.is_empty() && Field::ALWAYS_SHOWN.contains(&field) {
            lines.push(Line::plain(format!(
                "{}: no sourced claim in this entry (not evidence that there is none)",
                field.label()
            )));
        }
        lines.extend(claims);
    }
    header.append(&mut lines);
    answer.block(None, header)
}
