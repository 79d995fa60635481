//! The drugs a question names, by any of their names (id, aliases, brands, abbreviations), as analyzed
//! term sequences: shared by the dose gaps, the scoped aspects and the question focus.

use tantivy::tokenizer::TextAnalyzer;

use super::analyzer::analyze;
use crate::knowledge::Refractory;

/// Every therapy of refractory.toml with its names as analyzed term sequences.
#[derive(Debug, Clone, Default)]
pub struct DrugNames {
    drugs: Vec<(String, Vec<Vec<String>>)>,
    /// Each therapy's display name, as lowercase words ("anti", "tnf", "therapy").
    display: Vec<(String, Vec<String>)>,
    /// Every word of every name, lowercase as typed ("pred" is found through its canonical form).
    words: std::collections::BTreeSet<String>,
}

impl DrugNames {
    /// Analyzes every therapy's id, name and aliases.
    pub fn new(analyzer: &mut TextAnalyzer, refractory: &Refractory) -> Self {
        let mut terms = |text: &str| -> Vec<String> { analyze(analyzer, text).into_iter().map(|w| w.term).collect() };
        let drugs = refractory
            .therapies
            .iter()
            .map(|t| {
                let names = std::iter::once(&t.id)
                    .chain(&t.aliases)
                    .map(|name| terms(name))
                    .filter(|n| !n.is_empty())
                    .collect();
                (t.id.clone(), names)
            })
            .collect();
        let words = refractory
            .therapies
            .iter()
            .flat_map(|t| std::iter::once(&t.id).chain(&t.aliases))
            .flat_map(|name| super::words::split_words(name))
            .collect();
        let display = refractory.therapies.iter().map(|t| (t.id.clone(), super::words::split_words(&t.name))).collect();
        Self { drugs, display, words }
    }

    /// Whether the display name of therapy `id` holds `word` (lowercase): "tnf" is in "Anti-TNF therapy".
    pub fn display_name_has(&self, id: &str, word: &str) -> bool {
        self.display.iter().any(|(d, words)| d == id && words.iter().any(|w| w == word))
    }

    /// Whether `word` (lowercase, as typed or canonical) is a word of some therapy's name.
    pub fn is_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The therapies (ids) whose names occur in one of `sequences`, in file order.
    pub fn named<'a>(&self, sequences: impl IntoIterator<Item = &'a [String]> + Clone) -> Vec<&str> {
        self.drugs
            .iter()
            .filter(|(_, names)| {
                names.iter().any(|name| sequences.clone().into_iter().any(|terms| contains(terms, name)))
            })
            .map(|(id, _)| id.as_str())
            .collect()
    }
}

/// A drug a question names: its therapy id, and the name found (analyzed terms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedDrug {
    /// The therapy id.
    pub id: String,
    /// The name as found in the question, as analyzed terms.
    pub terms: Vec<String>,
}

impl DrugNames {
    /// The therapies whose names occur in `terms`, each with the longest of its names found, in file order.
    pub fn found(&self, terms: &[String]) -> Vec<NamedDrug> {
        self.drugs
            .iter()
            .filter_map(|(id, names)| {
                let name = names.iter().filter(|name| contains(terms, name)).max_by_key(|name| name.len())?;
                Some(NamedDrug { id: id.clone(), terms: name.clone() })
            })
            .collect()
    }
}

/// Whether `terms` contain `name` consecutively.
pub fn contains(terms: &[String], name: &[String]) -> bool {
    !name.is_empty() && terms.windows(name.len()).any(|window| window == name)
}

#[cfg(test)]
mod tests {
    use super::{DrugNames, NamedDrug, contains};

    #[test]
    fn a_name_is_found_as_consecutive_terms() {
        let terms: Vec<String> = ["iv", "cyclophosphamid", "dose"].iter().map(|s| (*s).to_owned()).collect();
        assert!(contains(&terms, &["cyclophosphamid".to_owned()]));
        assert!(!contains(&terms, &["iv".to_owned(), "dose".to_owned()]));
        assert!(!contains(&terms, &[]));
    }

    #[test]
    fn a_named_drug_comes_with_the_name_found() {
        let strings = |words: &[&str]| words.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let drugs = DrugNames {
            drugs: vec![
                ("prednisone".to_owned(), vec![strings(&["prednison"]), strings(&["methylprednisolon"])]),
                ("ivig".to_owned(), vec![strings(&["ivig"])]),
            ],
            display: vec![("ivig".to_owned(), strings(&["ivig", "intravenous", "immunoglobulin"]))],
            words: Default::default(),
        };
        assert!(drugs.display_name_has("ivig", "immunoglobulin") && !drugs.display_name_has("prednisone", "ivig"));
        let found = drugs.found(&strings(&["start", "prednison", "dose"]));
        assert_eq!(found, [NamedDrug { id: "prednisone".to_owned(), terms: strings(&["prednison"]) }]);
        assert!(drugs.found(&strings(&["dose"])).is_empty());
    }
}
