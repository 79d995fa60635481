//! Dosing rules from the article, as data the recommendation module computes from.

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::statement::{RefContext, Statement};

/// The drugs the article gives doses for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Drug {
    /// First line for PM and DM.
    Prednisone,
    /// Pulse at the outset in significantly affected patients.
    Methylprednisolone,
    /// DMARD, dosed per week.
    Methotrexate,
    /// DMARD, dosed per kg per day.
    Azathioprine,
    /// Intravenous immunoglobulin, per kg per month.
    Ivig,
}

impl Drug {
    /// The drug's id, as written in dosing.toml ("methotrexate", "ivig").
    pub fn id(self) -> &'static str {
        match self {
            Self::Prednisone => "prednisone",
            Self::Methylprednisolone => "methylprednisolone",
            Self::Methotrexate => "methotrexate",
            Self::Azathioprine => "azathioprine",
            Self::Ivig => "ivig",
        }
    }
}

/// Mass unit of a dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MassUnit {
    /// Milligrams.
    Mg,
    /// Grams.
    G,
}

impl MassUnit {
    /// "mg" or "g".
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Mg => "mg",
            Self::G => "g",
        }
    }
}

/// What a dose is given per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// Per day.
    Day,
    /// Per WEEK (methotrexate).
    Week,
    /// Per month.
    Month,
    /// A pulse, given once at the outset.
    Pulse,
}

impl Per {
    /// How the period is printed; the week is in capitals so methotrexate can never read as daily.
    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "per day",
            Self::Week => "per WEEK",
            Self::Month => "per month",
            Self::Pulse => "as a pulse",
        }
    }
}

/// A dose range: per kg of body weight, or fixed.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    /// Lower end (per kg when `per_kg`).
    pub low: f64,
    /// Upper end (per kg when `per_kg`).
    pub high: f64,
    /// mg or g.
    pub unit: MassUnit,
    /// Period.
    pub per: Per,
    /// Multiply by weight in kg.
    pub per_kg: bool,
    /// The article gives an upper level ("up to"), not a start dose.
    #[serde(default)]
    pub ceiling: bool,
}

/// The single-therapy level beyond which the article suggests combining azathioprine and MTX.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaperFailureLevel {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// mg or g.
    pub unit: MassUnit,
    /// Period.
    pub per: Per,
    /// Verbatim phrase from the regimen's passage.
    pub evidence: String,
}

/// One drug's dose as the article gives it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Regimen {
    /// Which drug.
    pub drug: Drug,
    /// Display name.
    pub name: String,
    /// The dose.
    pub amount: Amount,
    /// Weight-based amounts are shown rounded to the nearest multiple of this (in the dose's unit), with
    /// the exact formula beside them; JSON keeps the exact values.
    pub display_step: f64,
    /// The dose as the article states it, e.g. "1 mg/kg/day" (every number from the passage).
    pub basis: String,
    /// When it applies, in the article's terms (every number from the passage).
    pub when: String,
    /// Supporting passages.
    pub passages: Vec<String>,
    /// Verbatim phrase from the first passage.
    pub evidence: String,
    /// Further verbatim phrases that belong with the dose ("Opinions vary considerably…").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    /// Single-therapy level for the combination rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taper_failure: Option<TaperFailureLevel>,
}

/// Something the article does not give, said plainly instead of filled in.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// What is missing.
    pub topic: String,
    /// What the article does and does not say.
    pub text: String,
}

/// All dosing data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dosing {
    /// For whom the regimens are (PM and DM, adults), and that IBM is not among them.
    pub population: Statement,
    /// One entry per drug.
    #[serde(rename = "regimen")]
    pub regimens: Vec<Regimen>,
    /// Statements that go with every dose answer.
    #[serde(rename = "note", default)]
    pub notes: Vec<Statement>,
    /// What the article does not give.
    #[serde(default)]
    pub not_in_article: Vec<Gap>,
}

impl Dosing {
    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        refs.check_statement(problems, file, "population", &self.population);
        let mut seen = Vec::new();
        for r in &self.regimens {
            let entry = format!("regimen \"{}\"", r.name);
            if seen.contains(&r.drug) {
                problems.push(file, &entry, "drug", "duplicate drug");
            }
            seen.push(r.drug);
            let a = r.amount;
            if !(a.low.is_finite() && a.high.is_finite() && a.low > 0.0 && a.low <= a.high) {
                problems.push(file, &entry, "amount", "low and high must be positive numbers with low <= high");
            }
            if !(r.display_step.is_finite() && r.display_step > 0.0) {
                problems.push(file, &entry, "display_step", "must be a positive number");
            }
            if r.drug == Drug::Methotrexate && a.per != Per::Week {
                problems.push(file, &entry, "amount.per", "methotrexate is dosed per week");
            }
            if r.passages.is_empty() {
                problems.push(file, &entry, "passages", "a regimen must cite the article");
            }
            refs.check_refs(problems, file, &entry, &r.passages, &[], Some(&r.evidence));
            for phrase in &r.context {
                refs.check_refs(problems, file, &entry, &r.passages, &[], Some(phrase));
            }
            for (field, text) in [("basis", &r.basis), ("when", &r.when)] {
                refs.check_numbers(problems, file, &entry, field, text, &r.passages);
            }
            if let Some(t) = &r.taper_failure {
                if !(t.low.is_finite() && t.low > 0.0 && t.low <= t.high) {
                    problems.push(file, &entry, "taper_failure", "low and high must be positive with low <= high");
                }
                refs.check_refs(problems, file, &entry, &r.passages, &[], Some(&t.evidence));
            }
        }
        for (i, note) in self.notes.iter().enumerate() {
            refs.check_statement(problems, file, &format!("note {}", i + 1), note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Drug;

    #[test]
    fn a_drug_id_is_how_dosing_toml_writes_it() {
        for drug in [Drug::Prednisone, Drug::Methylprednisolone, Drug::Methotrexate, Drug::Azathioprine, Drug::Ivig] {
            assert_eq!(serde_json::to_value(drug).ok(), Some(serde_json::Value::from(drug.id())));
        }
    }
}
