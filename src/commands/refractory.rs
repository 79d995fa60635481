//! `/refractory`: options when first-line treatment fails, each with the article's stance.

use std::collections::BTreeSet;

use serde_json::json;

use super::args::Args;
use super::render_util::quote_evidence;
use super::spec::{Choice, CommandSpec, OptionKind, OptionSpec, Scope};
use super::{CommandError, UserError};
use crate::Core;
use crate::answer::{Answer, Line};
use crate::knowledge::{Diagnosis, Flag};
use crate::recommend::refractory::{RefractoryRequest, refractory, split_tried};

const FLAG_OPTIONS: [(&str, Flag); 3] =
    [("ild", Flag::Ild), ("dysphagia", Flag::Dysphagia), ("cancer_chemo", Flag::CancerChemo)];

/// `/refractory diagnosis [ild] [dysphagia] [cancer_chemo] [tried]`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "refractory",
    description: "Options in refractory myositis, each with the article's stance and reason",
    example: "/refractory diagnosis:dm ild:true tried:mtx, ivig",
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
        },
        OptionSpec {
            name: "ild",
            description: "Interstitial lung disease coexists",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Content,
        },
        OptionSpec {
            name: "dysphagia",
            description: "Dysphagia is a problem",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Content,
        },
        OptionSpec {
            name: "cancer_chemo",
            description: "Cancer-associated myositis, with chemotherapy for the tumour",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Content,
        },
        OptionSpec {
            name: "tried",
            description: "Therapies already tried, comma-separated (e.g. mtx, imuran, ivig)",
            kind: OptionKind::Text { max_chars: 300, autocomplete: false },
            required: false,
            scope: Scope::Content,
        },
    ],
};

/// Works out each option's stance for the diagnosis, flags and therapies tried.
pub fn run(core: &Core, args: &Args) -> Result<Answer, CommandError> {
    let diagnosis = match args.choice("diagnosis") {
        Some("pm") => Diagnosis::Pm,
        Some("dm") => Diagnosis::Dm,
        Some("ibm") => Diagnosis::Ibm,
        _ => return Err(UserError::new("`diagnosis` must be pm, dm or ibm.").into()),
    };
    let flags: BTreeSet<Flag> = FLAG_OPTIONS.iter().filter(|(name, _)| args.flag(name)).map(|(_, f)| *f).collect();
    let tried = args.text("tried").map(split_tried).unwrap_or_default();
    let plan = refractory(&core.knowledge.refractory, &RefractoryRequest { diagnosis, flags, tried });

    let mut context: Vec<&str> = Vec::new();
    for (name, flag) in FLAG_OPTIONS {
        if plan.flags.contains(&flag) {
            context.push(match name {
                "ild" => "ILD",
                "dysphagia" => "dysphagia",
                _ => "cancer with chemotherapy",
            });
        }
    }
    let title = if context.is_empty() {
        format!("Refractory options: {}", diagnosis.name())
    } else {
        format!("Refractory options: {} with {}", diagnosis.name(), context.join(", "))
    };
    let mut answer = Answer::clinical(title);
    let lines = plan
        .options
        .iter()
        .map(|o| {
            let tried = if o.already_tried { " (already tried)" } else { "" };
            Line::cited(format!("{} — {}{tried}: {}", o.stance.label().to_uppercase(), o.name, o.reason), &o.passages)
        })
        .collect();
    answer = answer.block(Some("Options, strongest first"), lines);
    if diagnosis == Diagnosis::Ibm {
        answer = answer.block(Some("In IBM"), core.knowledge.ibm.article.iter().take(2).map(Line::from).collect());
    }
    if !plan.unrecognised.is_empty() {
        let known: Vec<&str> = core.knowledge.refractory.therapies.iter().map(|t| t.id.as_str()).collect();
        answer.warnings.push(format!(
            "Not recognised in `tried`: {}. Known: {}.",
            plan.unrecognised.iter().map(|s| s.chars().take(40).collect::<String>()).collect::<Vec<_>>().join(", "),
            known.join(", ")
        ));
    }
    for o in &plan.options {
        answer = quote_evidence(answer, &core.knowledge, &o.passages, &o.evidence);
    }
    answer.data = serde_json::to_value(&plan).unwrap_or(json!({}));
    Ok(answer)
}
