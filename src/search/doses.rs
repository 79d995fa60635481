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
        let asks_amount = sequences.clone().into_iter().flatten().any(|t| self.asks_amount(t));
        if !asks_amount || self.dosed.iter().any(|drug| names(drug)) {
            return Vec::new();
        }
        self.undosed
            .iter()
            .filter(|(_, aliases)| aliases.iter().any(|alias| names(alias)))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Whether a term asks for an amount: a dose word, or an amount with its unit attached ("375mg").
    fn asks_amount(&self, term: &str) -> bool {
        let unit = term.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        self.asks.contains(term) || (unit.len() < term.len() && self.asks.contains(unit))
    }
}

/// Whether `terms` contain `name` consecutively.
fn contains(terms: &[String], name: &[String]) -> bool {
    !name.is_empty() && terms.windows(name.len()).any(|window| window == name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{DoseGaps, contains};
    use crate::search::analyzer::{analyze, medical_analyzer};
    use crate::search::testing::knowledge;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Page 6's gaps, read from the shipped knowledge, and a question's analyzed terms.
    fn shipped_asked(question: &str) -> Vec<String> {
        let k = knowledge();
        let mut analyzer = medical_analyzer(&k.synonyms);
        let gaps = DoseGaps::new(&mut analyzer, k);
        let terms: Vec<String> = analyze(&mut analyzer, question).into_iter().map(|w| w.term).collect();
        gaps.asked(std::iter::once(terms.as_slice()))
    }

    /// Asks "dose"; IVIG is dosed; rituximab ("b cell deplet") is not.
    fn gaps() -> DoseGaps {
        DoseGaps {
            asks: BTreeSet::from(["dose".to_owned(), "mg".to_owned()]),
            dosed: vec![strings(&["ivig"])],
            undosed: vec![("rituximab".to_owned(), vec![strings(&["rituximab"]), strings(&["b", "cell", "deplet"])])],
        }
    }

    #[test]
    fn page_6_doses_the_regimens_drugs_and_any_therapy_whose_name_holds_one() {
        let k = knowledge();
        let gaps = DoseGaps::new(&mut medical_analyzer(&k.synonyms), k);
        let undosed: BTreeSet<&str> = gaps.undosed.iter().map(|(id, _)| id.as_str()).collect();
        for dosed in ["prednisone", "methotrexate", "azathioprine", "ivig", "aza-mtx"] {
            assert!(!undosed.contains(dosed), "page 6 gives a dose for {dosed}");
        }
        for named_only in ["rituximab", "cyclophosphamide", "cyclosporine", "tacrolimus", "mycophenolate"] {
            assert!(undosed.contains(named_only), "page 6 names {named_only} without a dose");
        }
    }

    #[test]
    fn a_dose_asked_of_a_drug_page_6_names_without_one_is_a_gap() {
        assert_eq!(shipped_asked("rituximab dose?"), ["rituximab"]);
        assert_eq!(shipped_asked("cyclophosphamide mg/m2?"), ["cyclophosphamide"]);
        assert_eq!(shipped_asked("how many grams of cellcept"), ["mycophenolate"]);
        assert_eq!(gaps().asked([strings(&["b", "cell", "deplet", "dose"]).as_slice()]), ["rituximab"]);
    }

    #[test]
    fn no_gap_without_a_word_that_asks_for_an_amount() {
        assert!(shipped_asked("rituximab for refractory pm").is_empty());
        assert!(gaps().asked([strings(&["rituximab", "help"]).as_slice()]).is_empty());
    }

    #[test]
    fn no_gap_when_the_drug_is_one_page_6_doses_or_one_is_named_beside_it() {
        assert!(shipped_asked("prednisone dose").is_empty());
        assert!(shipped_asked("aza+mtx dose").is_empty());
        assert!(shipped_asked("rituximab or ivig dose").is_empty());
        assert!(gaps().asked([strings(&["rituximab", "ivig", "dose"]).as_slice()]).is_empty());
    }

    #[test]
    fn a_name_counts_only_as_consecutive_terms_and_an_expansion_can_name_the_drug() {
        assert!(gaps().asked([strings(&["b", "deplet", "cell", "dose"]).as_slice()]).is_empty());
        // "the transplant drug dose": the drug's name comes from the expansion's terms, the ask from the question's.
        let question = strings(&["transplant", "drug", "dose"]);
        let expansion = strings(&["rituximab"]);
        assert_eq!(gaps().asked([question.as_slice(), expansion.as_slice()]), ["rituximab"]);
        assert_eq!(shipped_asked("cyclosporine tacrolimus dose"), ["cyclosporine", "tacrolimus"]);
        assert!(contains(&strings(&["a", "b", "c"]), &strings(&["b", "c"])));
        assert!(!contains(&strings(&["a", "b"]), &[]));
    }
}
