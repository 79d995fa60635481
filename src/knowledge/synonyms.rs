//! The search vocabulary: stopwords, generic words, one-word canonical forms and query-time expansions.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::refractory::Refractory;

/// Words that map the way residents type onto the words the article uses.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    /// Words dropped before searching ("the", "what", …).
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Words that are searched but never enough on their own to answer ("dose", "patient", …).
    #[serde(default)]
    pub generic: Vec<String>,
    /// One word to one word, applied when indexing and when searching (abbreviations, brands, misspellings).
    #[serde(default)]
    pub canonical: BTreeMap<String, String>,
    /// A word or phrase in a question to extra words searched with it (drug classes, lay words).
    #[serde(default)]
    pub expand: BTreeMap<String, String>,
    /// Words on the standard everyday-English list that mean something medical here ("ck", "line",
    /// "course"): they count as content words. Words used in `canonical` and `expand` count already.
    #[serde(default)]
    pub medical: Vec<String>,
    /// Words or phrases naming topics the article does not address (pregnancy, vaccines, …): a question
    /// that names one gets "the article does not cover this" instead of a passage that ignores it.
    #[serde(default)]
    pub outside: Vec<String>,
    /// Words that ask for an amount ("dose", "mg"): asked of a drug the article names without a dose, the
    /// answer is that the article gives none, rather than a passage that only mentions the drug.
    #[serde(default)]
    pub dose: Vec<String>,
    /// Words that show an outside topic is describing a drug rather than being asked about ("the drug they
    /// use for lupus kidney", "the vasculitis one").
    #[serde(default)]
    pub describing: Describing,
}

/// How a question describes a drug by what else it is used for.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Describing {
    /// Nouns that stand for a drug ("drug", "drip", "one").
    #[serde(default)]
    pub nouns: Vec<String>,
    /// Verbs of using a drug for something ("use", "given").
    #[serde(default)]
    pub verbs: Vec<String>,
}

fn is_word(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric()) && text == text.to_lowercase()
}

impl Synonyms {
    /// The words with a medical meaning in this vocabulary: listed as medical, used as a canonical form or
    /// a key of one, or expanded on their own. (A word inside a longer phrase, like "all" in "all over the
    /// place", keeps its everyday sense.)
    pub fn medical_words(&self) -> BTreeSet<&str> {
        let single = self.expand.keys().filter(|key| !key.contains(char::is_whitespace));
        self.medical
            .iter()
            .chain(single)
            .map(String::as_str)
            .chain(self.canonical.iter().flat_map(|(from, to)| [from.as_str(), to.as_str()]))
            .collect()
    }

    pub(super) fn validate(&self, file: &str, problems: &mut Problems) {
        let describing = self.describing.nouns.iter().chain(&self.describing.verbs);
        for word in self.stopwords.iter().chain(&self.generic).chain(&self.medical).chain(&self.dose).chain(describing)
        {
            if !is_word(word) {
                problems.push(
                    file,
                    format!("\"{word}\""),
                    "stopwords/generic/medical/dose/describing",
                    "must be one lowercase word",
                );
            }
        }
        for (from, to) in &self.canonical {
            if !is_word(from) {
                problems.push(
                    file,
                    format!("canonical \"{from}\""),
                    "key",
                    "must be one lowercase word without punctuation",
                );
            }
            if !is_word(to) {
                problems.push(
                    file,
                    format!("canonical \"{from}\""),
                    "value",
                    "must be one lowercase word without punctuation",
                );
            }
            if self.canonical.contains_key(to) && to != from {
                problems.push(
                    file,
                    format!("canonical \"{from}\""),
                    "value",
                    format!("\"{to}\" is itself mapped: map \"{from}\" to the final word"),
                );
            }
        }
        for topic in &self.outside {
            if topic.trim().is_empty() || topic != &topic.to_lowercase() {
                problems.push(file, format!("outside \"{topic}\""), "outside", "must be lowercase words");
            }
            let covered = |word: &str| {
                self.medical.iter().any(|w| w == word)
                    || self.canonical.iter().any(|(from, to)| from == word || to == word)
            };
            // A phrase may use covered words ("liver function tests") as long as it adds one of its own.
            if topic.split_whitespace().all(covered) {
                problems.push(
                    file,
                    format!("outside \"{topic}\""),
                    "outside",
                    "is also in canonical or medical: a topic cannot be both covered and outside \
                     (use an expand phrase for a covered meaning, e.g. \"transplant drug\")",
                );
            }
        }
        // An outside topic that is also an expand key is always inside the phrase that explains it, so it
        // can never fire.
        let key_words = |phrase: &str| -> Vec<String> {
            phrase
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| self.canonical.get(w).cloned().unwrap_or_else(|| w.to_owned()))
                .collect()
        };
        let expand_keys: BTreeSet<Vec<String>> = self.expand.keys().map(|k| key_words(k)).collect();
        for topic in &self.outside {
            if expand_keys.contains(&key_words(topic)) {
                problems.push(
                    file,
                    format!("outside \"{topic}\""),
                    "outside",
                    "is also an expand key, so it can never fire: keep one meaning (an expand phrase such as \
                     \"transplant drug\" can explain the covered one)",
                );
            }
        }
        for (from, to) in &self.expand {
            if from.trim().is_empty() || from != &from.to_lowercase() {
                problems.push(file, format!("expand \"{from}\""), "key", "must be lowercase words");
            }
            if to.trim().is_empty() {
                problems.push(file, format!("expand \"{from}\""), "value", "is empty");
            }
        }
    }

    /// Cross-checks the vocabulary against refractory.toml's drug names: a name of one therapy must not be
    /// mapped (canonical) or expanded to another therapy only, or the search and `/refractory` would read
    /// the same word as two drugs.
    pub(super) fn validate_against(&self, file: &str, refractory: &Refractory, problems: &mut Problems) {
        let mut therapy_of: BTreeMap<String, &str> = BTreeMap::new();
        for t in &refractory.therapies {
            for name in std::iter::once(&t.id).chain(&t.aliases) {
                therapy_of.insert(name.to_lowercase(), t.id.as_str());
            }
        }
        let names = |text: &str| -> BTreeSet<&str> {
            text.split_whitespace().filter_map(|w| therapy_of.get(w).copied()).collect()
        };
        for (from, to) in self.canonical.iter().chain(&self.expand) {
            let Some(&own) = therapy_of.get(from.as_str()) else { continue };
            let named = names(to);
            if !named.is_empty() && !named.contains(own) {
                let others: Vec<&str> = named.into_iter().collect();
                problems.push(
                    file,
                    format!("\"{from}\""),
                    "canonical/expand",
                    format!("refractory.toml names it for {own}, but it maps to {}", others.join(", ")),
                );
            }
        }
    }
}
