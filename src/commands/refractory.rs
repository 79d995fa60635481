//! `/refractory`: options when first-line treatment fails, each with the article's stance.

use crate::answer::Visibility;
use std::collections::BTreeSet;

use serde_json::json;

use super::args::Args;
use super::render_util::quote_evidence;
use super::spec::{Choice, CommandSpec, OptionKind, OptionSpec, Scope};
use super::{CommandError, UserError};
use crate::Core;
use crate::answer::{Answer, Line};
use crate::knowledge::{Article, Diagnosis, Flag};
use crate::recommend::refractory::{RefractoryOption, RefractoryRequest, refractory, split_tried};

/// `/refractory diagnosis [ild] [dysphagia] [cancer_chemo] [tried]`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "refractory",
    description: "Options page 6 names in refractory myositis, each with the article's own words",
    example: "/refractory diagnosis:dm ild:true tried:mtx, ivig",
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &[],
    options: &[
        OptionSpec {
            name: "diagnosis",
            description: "The working diagnosis",
            kind: OptionKind::Choice(&[
                Choice { value: "pm", label: "polymyositis (PM)" },
                Choice { value: "dm", label: "dermatomyositis (DM)" },
                Choice { value: "ibm", label: "inclusion body myositis (IBM)" },
            ]),
            required: true,
            scope: Scope::Content,
            default: None,
        },
        OptionSpec {
            name: "ild",
            description: "Interstitial lung disease coexists",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Content,
            default: None,
        },
        OptionSpec {
            name: "dysphagia",
            description: "Dysphagia is a problem",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Content,
            default: None,
        },
        OptionSpec {
            name: "cancer_chemo",
            description: "Cancer-associated myositis, with chemotherapy for the tumour",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Content,
            default: None,
        },
        OptionSpec {
            name: "tried",
            description: "Therapies already tried, comma-separated (e.g. mtx, imuran, ivig)",
            kind: OptionKind::Text { max_chars: 300, autocomplete: false },
            required: false,
            scope: Scope::Content,
            default: None,
        },
    ],
};

/// Lists the options page 6 names for the diagnosis and flags, in the article's order, each with its
/// qualifier quoted; says which flags change nothing and that what was tried is not resistance.
pub fn run(core: &Core, args: &Args) -> Result<Answer, CommandError> {
    let diagnosis = args
        .choice("diagnosis")
        .and_then(Diagnosis::parse)
        .ok_or_else(|| UserError::new("`diagnosis` must be pm, dm or ibm."))?;
    let flags: BTreeSet<Flag> = Flag::ALL.into_iter().filter(|f| args.flag(f.code())).collect();
    let tried = args.text("tried").map(split_tried).unwrap_or_default();
    let knowledge = &core.knowledge;
    let plan = refractory(&knowledge.refractory, &knowledge.article, &RefractoryRequest { diagnosis, flags, tried });

    let context: Vec<&str> = plan.flags.iter().map(|f| f.label()).collect();
    // "Further": page 6 calls only ¶3's options refractory; the combination (a failed taper) and IVIG
    // ("considered for both DM and PM") are listed with their own words, not as refractory options.
    let title = if context.is_empty() {
        format!("Refractory and further options page 6 names: {}", diagnosis.name())
    } else {
        format!("Refractory and further options page 6 names: {} with {}", diagnosis.name(), context.join(", "))
    };
    let mut answer = Answer::clinical(title);
    let lines: Vec<Line> = plan.options.iter().map(|o| option_line(&knowledge.article, o)).collect();
    // For IBM page 6 reports findings but names no refractory option: the same heading with or without
    // flags, so one sentence is never framed two ways.
    answer = if diagnosis == Diagnosis::Ibm {
        let heading = format!("What page 6 reports for {} (it names no refractory option)", diagnosis.name());
        let lines = if lines.is_empty() {
            vec![Line::plain("Nothing more for what you entered: page 6's statements on treating IBM are below.")]
        } else {
            lines
        };
        answer.block(Some(&heading), lines)
    } else if lines.is_empty() {
        answer.block(
            Some("Options page 6 names"),
            vec![Line::plain(format!("Page 6 names no refractory option for {}.", diagnosis.name()))],
        )
    } else {
        answer.block(Some("Options page 6 names, in the article's order"), lines)
    };
    let mut notes: Vec<Line> = plan
        .inert_flags
        .iter()
        .map(|f| {
            Line::plain(format!(
                "`{}` changes nothing here: page 6 gives the same options for {}, in the same words, without it.",
                f.code(),
                diagnosis.name()
            ))
        })
        .collect();
    if !plan.tried.is_empty() {
        notes.push(Line::plain(
            "Marked \"already tried\": having tried a therapy is not the same as resistance to it, so what was tried \
             changes no stance.",
        ));
    }
    notes.extend(plan.tried_notes.iter().map(Line::from));
    answer = answer.block(Some("About what you entered"), notes);
    for (heading, statements) in &plan.context {
        answer = answer.block(Some(heading), statements.iter().map(Line::from).collect());
    }
    if !plan.unrecognised.is_empty() {
        let known: Vec<&str> = knowledge.refractory.therapies.iter().map(|t| t.id.as_str()).collect();
        answer.warnings.push(format!(
            "Not recognised in `tried`: {}. Known: {}.",
            plan.unrecognised.iter().map(|s| s.chars().take(40).collect::<String>()).collect::<Vec<_>>().join(", "),
            known.join(", ")
        ));
    }
    for statement in plan.context.iter().flat_map(|(_, s)| s).chain(&plan.tried_notes) {
        if let Some(evidence) = &statement.evidence {
            answer = quote_evidence(answer, knowledge, &statement.passages, evidence);
        }
    }
    // Stances that rest on the evidence of 2008 ("role unknown", "no controlled trial"): later trials are not in it.
    let mut dated: Vec<String> = plan
        .options
        .iter()
        .flat_map(|o| {
            let quoted = std::iter::once(&o.qualifier).chain(&o.context).cloned().collect::<Vec<_>>().join(" ");
            o.passages
                .iter()
                .filter_map(|id| knowledge.article.passage(id))
                .filter(move |p| !p.dated_in(&quoted).is_empty())
                .map(|p| p.place())
        })
        .collect();
    // The options come in the article's order, so a paragraph's repeats are adjacent.
    dated.dedup();
    answer.notes.extend(knowledge.article.dated_note(&dated));
    answer.data = serde_json::to_value(&plan).unwrap_or(json!({}));
    Ok(answer)
}

/// "IVIG — consider (p. 6, ¶2): “…should be considered for both DM and PM.” Also: “Opinions vary…”".
fn option_line(article: &Article, o: &RefractoryOption) -> Line {
    let place = o.passages.iter().filter_map(|id| article.passage(id)).map(|p| p.place()).next().unwrap_or_default();
    let tried = if o.already_tried { " (already tried)" } else { "" };
    let mut text = format!("{}{tried} — {} ({place}): \u{201c}{}\u{201d}", o.name, o.stance_label, o.qualifier);
    if !o.context.is_empty() {
        let also: Vec<String> = o.context.iter().map(|c| format!("\u{201c}{c}\u{201d}")).collect();
        text.push_str(&format!(" Also: {}", also.join(" ")));
    }
    Line::cited(text, &o.passages)
}
