//! The search vocabulary: stopwords, generic words, one-word canonical forms and query-time expansions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::problems::Problems;

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
}

fn is_word(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric()) && text == text.to_lowercase()
}

impl Synonyms {
    pub(super) fn validate(&self, file: &str, problems: &mut Problems) {
        for word in self.stopwords.iter().chain(&self.generic) {
            if !is_word(word) {
                problems.push(file, format!("\"{word}\""), "stopwords/generic", "must be one lowercase word");
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
        for (from, to) in &self.expand {
            if from.trim().is_empty() || from != &from.to_lowercase() {
                problems.push(file, format!("expand \"{from}\""), "key", "must be lowercase words");
            }
            if to.trim().is_empty() {
                problems.push(file, format!("expand \"{from}\""), "value", "is empty");
            }
        }
    }
}
