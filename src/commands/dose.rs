//! `/dose`: the article's doses for a weight in kg or lb. Private by default: it is patient-specific.

use serde_json::json;

use super::args::Args;
use super::render_util::quote_evidence;
use super::spec::{Choice, CommandSpec, OptionKind, OptionSpec, Scope};
use super::{CommandError, UserError};
use crate::Core;
use crate::answer::{Answer, Line, Visibility};
use crate::knowledge::{MassUnit, Per};
use crate::recommend::dose::{Comparison, ComputedRegimen, Level, Number, WeightUnit, dose};

/// `/dose weight unit`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "dose",
    description: "Page 6's per-kg doses applied to a weight (kg or lb); only you see the answer",
    example: "/dose weight:70 unit:kg",
    visibility: Visibility::Private,
    interactive: false,
    subcommands: &[],
    options: &[
        OptionSpec {
            name: "weight",
            description: "Body weight, a number (adults; the bot accepts 30-300 kg)",
            kind: OptionKind::Number,
            required: true,
            scope: Scope::Content,
            default: None,
        },
        OptionSpec {
            name: "unit",
            description: "Unit of the weight",
            kind: OptionKind::Choice(&[
                Choice { value: "kg", label: "kilograms (kg)" },
                Choice { value: "lb", label: "pounds (lb)" },
            ]),
            required: true,
            scope: Scope::Content,
            default: None,
        },
    ],
};

/// Computes the doses, or refuses the weight with a message that says what to fix.
pub fn run(core: &Core, args: &Args) -> Result<Answer, CommandError> {
    let weight = args.number("weight").unwrap_or(f64::NAN);
    let unit = WeightUnit::parse(args.choice("unit").unwrap_or_default())
        .map_err(|e| UserError::new(format!("Cannot give doses: {e}.")))?;
    let plan =
        dose(&core.knowledge.dosing, weight, unit).map_err(|e| UserError::new(format!("Cannot give doses: {e}.")))?;

    let shown_weight = match unit {
        WeightUnit::Kg => format!("{} kg", Number(plan.weight_kg)),
        WeightUnit::Lb => format!("{} lb ({} kg)", Number(plan.weight), Number(plan.weight_kg)),
    };
    let mut answer = Answer::clinical(format!("Page 6's doses applied to {shown_weight}"));
    let weighted: Vec<&str> = plan.regimens.iter().filter(|r| r.per_kg).map(|r| r.name.as_str()).collect();
    answer.warnings.push(format!(
        "The figures for {} are page 6's per-kg rates multiplied by the weight: arithmetic, not a prescription. \
         Page 6 gives no cap for any of them.",
        weighted.join(", ")
    ));
    answer.warnings.push(rounding_note(&plan.regimens));
    answer = answer.block(Some("For whom"), vec![Line::from(&plan.population)]);
    answer = answer.block(Some("Doses"), plan.regimens.iter().map(|r| regimen_line(r, plan.weight_kg)).collect());
    answer = answer.block(Some("Timing and combination"), plan.notes.iter().map(Line::from).collect());
    answer = answer.block(
        Some("Page 6 does not give"),
        plan.not_in_article.iter().map(|g| Line::plain(format!("{}: {}", g.topic, g.text))).collect(),
    );
    for r in &plan.regimens {
        answer = quote_evidence(answer, &core.knowledge, &r.passages, &r.evidence);
    }
    if unit == WeightUnit::Lb {
        answer.warnings.push(format!("Weight converted from pounds: {shown_weight}."));
    }
    answer.data = serde_json::to_value(&plan).unwrap_or(json!({}));
    Ok(answer)
}

/// How the weight-based figures are rounded, said once per answer with each drug's step.
fn rounding_note(regimens: &[ComputedRegimen]) -> String {
    let steps: Vec<String> = regimens
        .iter()
        .filter(|r| r.per_kg)
        .map(|r| format!("{} {} for {}", Number(r.display_step), r.unit.symbol(), r.name))
        .collect();
    format!(
        "Each weight-based figure is the exact arithmetic on the weight to 0.1 kg, then rounded inward to a step \
         ({}) so that it never leaves page 6's range: an \"up to\" level and the top of a range round down, the \
         bottom of a range rounds up, a single amount rounds to the nearest step.",
        steps.join(", ")
    )
}

/// One regimen as a line: for a weight-based one, the article's rate, the exact arithmetic and the rounded
/// figure, the same at every weight; then when it applies, and its context.
fn regimen_line(r: &ComputedRegimen, weight_kg: f64) -> Line {
    let up_to = if r.ceiling { "up to " } else { "" };
    let mut text = if r.per_kg {
        let (per_low, per_high) = r.per_kg_amount;
        format!(
            "{}: {up_to}{} {}/kg {} × {} kg = {up_to}{} {}, shown as {up_to}{} {} (arithmetic, not a dose; page 6 \
             gives no cap). {}",
            r.name,
            range(per_low, per_high),
            r.unit.symbol(),
            r.per.label(),
            Number(weight_kg),
            range(r.low, r.high),
            r.unit.symbol(),
            range(r.shown_low, r.shown_high),
            per_label(r.unit, r.per),
            r.when
        )
    } else {
        format!("{}: {up_to}{} {}: {}. {}", r.name, range(r.low, r.high), per_label(r.unit, r.per), r.basis, r.when)
    };
    if let Some(level) = &r.taper_failure {
        text.push_str(&format!(" {}", level_sentence(r, level, weight_kg)));
    }
    if !r.context.is_empty() {
        let quoted: Vec<String> = r.context.iter().map(|c| format!("\u{201c}{c}\u{201d}")).collect();
        text.push_str(&format!(" Page 6 also says: {}", quoted.join(" ")));
    }
    Line::cited(text, &r.passages)
}

/// The single-therapy level of the combination rule, in plain words, reconciled with the weight-based
/// ceiling of the same drug where there is one.
fn level_sentence(r: &ComputedRegimen, level: &Level, weight_kg: f64) -> String {
    let shown = format!("{} {} {}", range(level.low, level.high), level.unit.symbol(), per_words(level.per));
    let rule = format!(
        "Page 6 also names {shown} as the dose of {} alone at which, if the prednisone taper is not tolerated, \
         to consider combining azathioprine and methotrexate.",
        r.name
    );
    let ceiling = format!("{} {} {}", Number(r.high), r.unit.symbol(), per_words(r.per));
    let why = match level.against_ceiling {
        None => return rule,
        Some(Comparison::Within) => format!("At {} kg, the ceiling ({ceiling}) falls within it.", Number(weight_kg)),
        Some(Comparison::Below) => format!(
            "At {} kg, the ceiling ({ceiling}) is below it: {shown} would be {}–{} {}/kg here. Page 6 does not say \
             which to follow.",
            Number(weight_kg),
            Number(level.low / weight_kg),
            Number(level.high / weight_kg),
            r.unit.symbol()
        ),
        Some(Comparison::Above) => format!(
            "At {} kg, the ceiling ({ceiling}) is above it; page 6 does not say whether to go beyond {} {} {} \
             before combining.",
            Number(weight_kg),
            Number(level.high),
            level.unit.symbol(),
            per_words(level.per)
        ),
    };
    format!("{rule} {why}")
}

/// "25–30" or "70".
fn range(low: f64, high: f64) -> String {
    if Number(low).to_string() == Number(high).to_string() {
        Number(low).to_string()
    } else {
        format!("{}–{}", Number(low), Number(high))
    }
}

/// "mg per WEEK", "g as a pulse".
fn per_label(unit: MassUnit, per: Per) -> String {
    format!("{} {}", unit.symbol(), per.label())
}

/// "a day", "a WEEK", "a month".
fn per_words(per: Per) -> &'static str {
    match per {
        Per::Day => "a day",
        Per::Week => "a WEEK",
        Per::Month => "a month",
        Per::Pulse => "as a pulse",
    }
}
