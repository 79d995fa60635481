//! `/dose`: the article's doses for a weight in kg or lb. Private by default: it is patient-specific.

use serde_json::json;

use super::args::Args;
use super::render_util::quote_evidence;
use super::spec::{Choice, CommandSpec, OptionKind, OptionSpec, Scope};
use super::{CommandError, UserError};
use crate::Core;
use crate::answer::{Answer, Line, Visibility};
use crate::knowledge::{MassUnit, Per};
use crate::recommend::dose::{ComputedRegimen, Number, WeightUnit, dose};

/// `/dose weight unit`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "dose",
    description: "The article's doses for a patient's weight (kg or lb); only you see the answer",
    example: "/dose weight:70 unit:kg",
    options: &[
        OptionSpec {
            name: "weight",
            description: "Body weight, a number (adults, 30-300 kg)",
            kind: OptionKind::Number,
            required: true,
            scope: Scope::Content,
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
    let mut answer = Answer::clinical(format!("Doses in the article for {shown_weight}"));
    answer.visibility = Visibility::Private;
    answer = answer.block(Some("Doses"), plan.regimens.iter().map(regimen_line).collect());
    answer = answer.block(Some("Timing and combination"), plan.notes.iter().map(Line::from).collect());
    answer = answer.block(
        Some("The article does not give"),
        plan.not_in_article.iter().map(|g| Line::plain(format!("{}: {}", g.topic, g.text))).collect(),
    );
    for r in &plan.regimens {
        answer = quote_evidence(answer, &core.knowledge, &r.passages, &r.evidence);
    }
    answer.warnings.push("Methotrexate is dosed per WEEK (a weekly total), not per day.".to_owned());
    if unit == WeightUnit::Lb {
        answer
            .warnings
            .push(format!("Weight converted from pounds: {shown_weight}. Numbers are rounded for display only."));
    }
    answer.data = serde_json::to_value(&plan).unwrap_or(json!({}));
    Ok(answer)
}

/// One regimen as a line, e.g. "Prednisone: 70 mg per day (1 mg/kg/day). Initial dose; …".
fn regimen_line(r: &ComputedRegimen) -> Line {
    let mut text = format!("{}: {} ({}). {}", r.name, amount(r.low, r.high, r.unit, r.per, r.ceiling), r.basis, r.when);
    if let Some(level) = &r.taper_failure {
        text.push_str(&format!(
            " Single-therapy level named for the combination rule: {}.",
            amount(level.low, level.high, level.unit, level.per, false)
        ));
    }
    Line::cited(text, &r.passages)
}

/// "up to 25–30 mg per WEEK", "70 mg per day", "70–140 g per month".
fn amount(low: f64, high: f64, unit: MassUnit, per: Per, ceiling: bool) -> String {
    let range = if Number(low).to_string() == Number(high).to_string() {
        Number(low).to_string()
    } else {
        format!("{}–{}", Number(low), Number(high))
    };
    let up_to = if ceiling { "up to " } else { "" };
    format!("{up_to}{range} {} {}", unit.symbol(), per.label())
}
