//! Questions that ask for a dose the article does not give ("rituximab dose?", "IV cyclo mg/m2?"). Page 6
//! names several drugs without any amount; a passage that mentions the drug would read like an answer, so
//! the honest answer is that the article gives no dose for it. Which drugs have a dose is the knowledge's
//! own data: the dosing regimens, and the refractory therapies with their aliases.

use std::collections::BTreeSet;

use tantivy::tokenizer::TextAnalyzer;

use super::analyzer::{analyze, analyzed_set};
use crate::knowledge::Knowledge;

/// The drugs the article names, split by whether it gives a dose for them, and the words that ask for one.
#[derive(Default)]
pub struct DoseGaps {
    /// Analyzed words that ask for an amount ("dose", "mg").
    asks: BTreeSet<String>,
    /// Names (as analyzed term sequences) of drugs the article doses.
    dosed: Vec<Vec<String>>,
    /// Drugs the article names without a dose: the therapy id, and its names as analyzed term sequences.
    undosed: Vec<(String, Vec<Vec<String>>)>,
}

impl DoseGaps {
    /// Reads the dosed drugs from the dosing regimens and the rest from the refractory therapies. A therapy
    /// counts as dosed when any of its names contains a dosed drug ("aza+mtx").
    pub fn new(analyzer: &mut TextAnalyzer, knowledge: &Knowledge) -> Self {
        let mut terms = |text: &str| -> Vec<String> { analyze(analyzer, text).into_iter().map(|w| w.term).collect() };
        let regimen_drugs: Vec<Vec<String>> =
            knowledge.dosing.regimens.iter().map(|r| terms(r.drug.id())).filter(|t| !t.is_empty()).collect();
        let mut dosed = regimen_drugs.clone();
        let mut undosed = Vec::new();
        for therapy in &knowledge.refractory.therapies {
            let names: Vec<Vec<String>> = std::iter::once(&therapy.id)
                .chain(&therapy.aliases)
                .map(|name| terms(name))
                .filter(|t| !t.is_empty())
                .collect();
            if names.iter().any(|name| regimen_drugs.iter().any(|drug| contains(name, drug))) {
                dosed.extend(names);
            } else {
                undosed.push((therapy.id.clone(), names));
            }
        }
        let asks = analyzed_set(analyzer, &knowledge.synonyms.dose);
        Self { asks, dosed, undosed }
    }

    /// The drugs (therapy ids) a question asks a dose for that the article does not give: empty unless the
    /// question asks for an amount, names such a drug, and names no drug the article does dose.
    /// `sequences` are the question's analyzed terms and the terms of the expansions that apply to it.
    pub fn asked<'a>(&self, sequences: impl IntoIterator<Item = &'a [String]> + Clone) -> Vec<String> {
        let names = |name: &[String]| sequences.clone().into_iter().any(|terms| contains(terms, name));
        let asks_amount = sequences.clone().into_iter().flatten().any(|t| self.asks.contains(t));
        if !asks_amount || self.dosed.iter().any(|drug| names(drug)) {
            return Vec::new();
        }
        self.undosed
            .iter()
            .filter(|(_, aliases)| aliases.iter().any(|alias| names(alias)))
            .map(|(id, _)| id.clone())
            .collect()
    }
}

/// Whether `terms` contain `name` consecutively.
fn contains(terms: &[String], name: &[String]) -> bool {
    !name.is_empty() && terms.windows(name.len()).any(|window| window == name)
}
