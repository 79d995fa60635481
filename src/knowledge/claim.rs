//! A claim from outside sources: one statement, the sources it rests on, and those sources' own words.
//! Reference entries (antibodies, IBM features, later criteria) are made of claims, so every line the bot
//! prints from them can be traced to the source that says exactly that.

use serde::{Deserialize, Deserializer, Serialize};

use super::numbers::unsupported;
use super::problems::Problems;
use super::statement::RefContext;

/// Longest excerpt fragment, in characters: a quote supports a claim, it does not reproduce the source.
const MAX_EXCERPT_CHARS: usize = 300;

/// One claim, in the project's words, with the sources' own words it rests on.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The claim as the bot prints it.
    pub text: String,
    /// The source ids (sources.toml) it rests on: only those that say it.
    pub sources: Vec<String>,
    /// Short fragments copied verbatim from the cited sources that support the claim; every number of
    /// `text` occurs in one of them.
    #[serde(deserialize_with = "one_or_many")]
    pub excerpt: Vec<String>,
}

impl Claim {
    /// Checks that the claim has text, cited sources that exist, excerpts, and no number its excerpts lack.
    pub fn check(&self, refs: &RefContext<'_>, problems: &mut Problems, file: &str, entry: &str) {
        if self.text.trim().is_empty() {
            problems.push(file, entry, "text", "is empty");
        }
        if self.sources.is_empty() {
            problems.push(file, entry, "sources", "a claim needs the source(s) that say it");
        }
        refs.check_refs(problems, file, entry, &[], &self.sources, None);
        if self.excerpt.iter().all(|e| e.trim().is_empty()) {
            problems.push(file, entry, "excerpt", "needs the source's own words the claim rests on");
        }
        for fragment in &self.excerpt {
            if fragment.chars().count() > MAX_EXCERPT_CHARS {
                problems.push(
                    file,
                    entry,
                    "excerpt",
                    format!(
                        "a fragment is longer than {MAX_EXCERPT_CHARS} characters: quote only what supports the claim"
                    ),
                );
            }
        }
        let missing = unsupported(&self.text, self.excerpt.iter().map(String::as_str));
        if !missing.is_empty() {
            problems.push(
                file,
                entry,
                "text",
                format!(
                    "states {} that its excerpt does not: every number must occur in the excerpt",
                    missing.join(", ")
                ),
            );
        }
    }
}

/// Reads a string or a list of strings as a list.
pub(super) fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}
