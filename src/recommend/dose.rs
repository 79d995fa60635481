//! Weight-based doses exactly as the article gives them, with what it does not give.

use std::fmt;

use serde::Serialize;

use crate::knowledge::{Dosing, Drug, Gap, MassUnit, Per, Statement};

/// Kilograms per pound (exact, by definition).
pub const KG_PER_LB: f64 = 0.453_592_37;
/// The lightest weight the bot accepts, in kg: its own input check against typing errors, not the
/// article's (which gives no weight range).
pub const MIN_KG: f64 = 30.0;
/// The heaviest weight the bot accepts, in kg (its own input check, like [`MIN_KG`]).
pub const MAX_KG: f64 = 300.0;

/// The unit a weight was given in. There is no default: the user must say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WeightUnit {
    /// Kilograms.
    Kg,
    /// Pounds.
    Lb,
}

impl WeightUnit {
    /// Reads "kg" or "lb" (any case); anything else is refused.
    pub fn parse(text: &str) -> Result<Self, DoseError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "kg" => Ok(Self::Kg),
            "lb" => Ok(Self::Lb),
            _ => Err(DoseError::Unit(text.trim().to_owned())),
        }
    }

    /// "kg" or "lb".
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Kg => "kg",
            Self::Lb => "lb",
        }
    }

    fn to_kg(self, weight: f64) -> f64 {
        match self {
            Self::Kg => weight,
            Self::Lb => weight * KG_PER_LB,
        }
    }
}

/// Why a weight was refused. Each message says what to fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DoseError {
    /// Not kg or lb.
    #[error("the unit must be kg or lb (you gave \"{0}\")")]
    Unit(String),
    /// NaN or infinite.
    #[error("the weight must be a number of kg or lb (you gave {0})")]
    NotFinite(f64),
    /// Zero or negative.
    #[error("the weight must be more than zero (you gave {0})")]
    NotPositive(f64),
    /// Outside 30-300 kg.
    #[error(
        "{weight} is outside {range}, the bot's own input check against typing errors (page 6 gives no weight range and does not say whether its doses apply to children). Check the number and the unit{hint}"
    )]
    OutOfRange {
        /// The weight as given, with its unit.
        weight: String,
        /// The accepted range in the given unit.
        range: String,
        /// A suggestion when the other unit would make sense.
        hint: String,
    },
}

/// A computed dose range for one drug.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComputedRegimen {
    /// Which drug.
    pub drug: Drug,
    /// Display name.
    pub name: String,
    /// Lower end, computed, not rounded.
    pub low: f64,
    /// Upper end, computed, not rounded.
    pub high: f64,
    /// Lower end as shown: rounded to the regimen's display step when weight-based.
    pub shown_low: f64,
    /// Upper end as shown.
    pub shown_high: f64,
    /// The step the shown amounts are rounded to (weight-based regimens).
    pub display_step: f64,
    /// mg or g.
    pub unit: MassUnit,
    /// day, week, month or pulse.
    pub per: Per,
    /// Whether the numbers are an upper level ("up to") rather than a dose to start at.
    pub ceiling: bool,
    /// Whether the numbers scale with weight.
    pub per_kg: bool,
    /// The article's amount per kg (or fixed), for the formula: (low, high).
    pub per_kg_amount: (f64, f64),
    /// The dose as the article states it.
    pub basis: String,
    /// When it applies.
    pub when: String,
    /// Passage ids.
    pub passages: Vec<String>,
    /// Verbatim phrase from the passage.
    pub evidence: String,
    /// Further verbatim phrases that belong with the dose.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    /// Single-therapy level beyond which the article suggests combining azathioprine and MTX.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taper_failure: Option<Level>,
}

/// A dose level (low-high) that is not weight-based.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Level {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// mg or g.
    pub unit: MassUnit,
    /// Period.
    pub per: Per,
    /// Verbatim phrase from the passage.
    pub evidence: String,
    /// How the weight-based ceiling of the same drug compares with this level at this weight.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against_ceiling: Option<Comparison>,
}

/// Where a weight-based ceiling falls against a fixed level at one weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Comparison {
    /// The ceiling is below the level's lower end.
    Below,
    /// The ceiling is within the level.
    Within,
    /// The ceiling is above the level's upper end.
    Above,
}

/// The answer to "what doses does the article give for this weight?".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DosePlan {
    /// The weight in kg, to 0.1 kg: what every figure is computed from.
    pub weight_kg: f64,
    /// The weight as given.
    pub weight: f64,
    /// The unit as given.
    pub unit: WeightUnit,
    /// For whom the regimens are.
    pub population: Statement,
    /// One entry per drug, in the article's order.
    pub regimens: Vec<ComputedRegimen>,
    /// Statements that go with every dose answer.
    pub notes: Vec<Statement>,
    /// What the article does not give.
    pub not_in_article: Vec<Gap>,
}

/// Computes the article's doses for a weight in an explicit unit, refusing weights it cannot sensibly dose.
pub fn dose(dosing: &Dosing, weight: f64, unit: WeightUnit) -> Result<DosePlan, DoseError> {
    if !weight.is_finite() {
        return Err(DoseError::NotFinite(weight));
    }
    if weight <= 0.0 {
        return Err(DoseError::NotPositive(weight));
    }
    // The figures are computed from the weight as shown (to 0.1 kg), so a reader can check every product.
    let weight_kg = (unit.to_kg(weight) * 10.0).round() / 10.0;
    if !(MIN_KG..=MAX_KG).contains(&weight_kg) {
        return Err(out_of_range(weight, unit));
    }
    let regimens = dosing
        .regimens
        .iter()
        .map(|r| {
            let factor = if r.amount.per_kg { weight_kg } else { 1.0 };
            let (low, high) = (r.amount.low * factor, r.amount.high * factor);
            let (shown_low, shown_high) =
                if r.amount.per_kg { shown_range(low, high, r.amount.ceiling, r.display_step) } else { (low, high) };
            ComputedRegimen {
                drug: r.drug,
                name: r.name.clone(),
                low,
                high,
                shown_low,
                shown_high,
                display_step: r.display_step,
                unit: r.amount.unit,
                per: r.amount.per,
                ceiling: r.amount.ceiling,
                per_kg: r.amount.per_kg,
                per_kg_amount: (r.amount.low, r.amount.high),
                basis: r.basis.clone(),
                when: r.when.clone(),
                passages: r.passages.clone(),
                evidence: r.evidence.clone(),
                context: r.context.clone(),
                taper_failure: r.taper_failure.as_ref().map(|t| Level {
                    low: t.low,
                    high: t.high,
                    unit: t.unit,
                    per: t.per,
                    evidence: t.evidence.clone(),
                    against_ceiling: (r.amount.per_kg
                        && r.amount.ceiling
                        && r.amount.unit == t.unit
                        && r.amount.per == t.per)
                        .then(|| compare(high, t.low, t.high)),
                }),
            }
        })
        .collect();
    Ok(DosePlan {
        weight_kg,
        weight,
        unit,
        population: dosing.population.clone(),
        regimens,
        notes: dosing.notes.clone(),
        not_in_article: dosing.not_in_article.clone(),
    })
}

/// `x` to a multiple of `step` by `round` (a step that is not positive leaves it as it is).
fn to_step(x: f64, step: f64, round: fn(f64) -> f64) -> f64 {
    if step > 0.0 && step.is_finite() { round(x / step) * step } else { x }
}

/// A computed range as shown: rounded to the display step without leaving the article's range. An upper
/// level ("up to") and the top of a range round down, the bottom of a range rounds up, a single dose
/// rounds to the nearest step; when the step is wider than the range, the exact values are shown.
pub fn shown_range(low: f64, high: f64, ceiling: bool, step: f64) -> (f64, f64) {
    if ceiling {
        let top = to_step(high, step, f64::floor);
        return if top > 0.0 { (to_step(low, step, f64::floor).max(0.0).min(top), top) } else { (low, high) };
    }
    if low == high {
        let point = to_step(low, step, f64::round);
        return (point, point);
    }
    let (bottom, top) = (to_step(low, step, f64::ceil), to_step(high, step, f64::floor));
    if bottom <= top { (bottom, top) } else { (low, high) }
}

fn compare(value: f64, low: f64, high: f64) -> Comparison {
    if value < low {
        Comparison::Below
    } else if value > high {
        Comparison::Above
    } else {
        Comparison::Within
    }
}

fn out_of_range(weight: f64, unit: WeightUnit) -> DoseError {
    let (min, max) = match unit {
        WeightUnit::Kg => (MIN_KG, MAX_KG),
        WeightUnit::Lb => (MIN_KG / KG_PER_LB, MAX_KG / KG_PER_LB),
    };
    let other = match unit {
        WeightUnit::Kg => WeightUnit::Lb,
        WeightUnit::Lb => WeightUnit::Kg,
    };
    let hint = if (MIN_KG..=MAX_KG).contains(&other.to_kg(weight)) {
        format!(" (did you mean {} {}?)", Number(weight), other.symbol())
    } else {
        String::new()
    };
    let shown = match unit {
        WeightUnit::Kg => format!("{} kg", Number(weight)),
        WeightUnit::Lb => format!("{} lb ({} kg)", Number(weight), Number(unit.to_kg(weight))),
    };
    DoseError::OutOfRange { weight: shown, range: format!("{}–{} {}", Number(min), Number(max), unit.symbol()), hint }
}

/// Prints a dose or weight for people: whole numbers as is, others to one decimal place.
#[derive(Debug, Clone, Copy)]
pub struct Number(pub f64);

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.abs() >= 1e9 {
            return write!(f, "{:e}", self.0);
        }
        let rounded = (self.0 * 10.0).round() / 10.0;
        if rounded.fract() == 0.0 {
            write!(f, "{}", rounded as i64)
        } else if rounded.is_finite() {
            write!(f, "{rounded:.1}")
        } else {
            write!(f, "{}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Comparison, compare, shown_range};

    #[test]
    fn shown_amounts_round_without_leaving_the_articles_range() {
        // 1 mg/kg/day at 69.9 kg: a single dose, to the nearest 5 mg.
        assert_eq!(shown_range(69.85, 69.85, false, 5.0), (70.0, 70.0));
        // up to 2 mg/kg/day at 69.9 kg: an upper level never rounds up past the article's ceiling.
        assert_eq!(shown_range(139.7, 139.7, true, 5.0), (135.0, 135.0));
        // 1–2 g/kg/month at 90.7 kg: the range only narrows.
        assert_eq!(shown_range(90.7, 181.4, false, 5.0), (95.0, 180.0));
        assert_eq!(shown_range(62.4, 62.4, false, 0.0), (62.4, 62.4));
        assert_eq!(shown_range(3.0, 3.5, false, 5.0), (3.0, 3.5));
    }

    #[test]
    fn a_ceiling_is_compared_with_a_level() {
        assert_eq!(compare(60.0, 100.0, 150.0), Comparison::Below);
        assert_eq!(compare(140.0, 100.0, 150.0), Comparison::Within);
        assert_eq!(compare(240.0, 100.0, 150.0), Comparison::Above);
    }
}
