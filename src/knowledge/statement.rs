//! A sourced statement: the unit of every clinical claim the bot can print.

use serde::{Deserialize, Serialize};

use super::numbers::unsupported;
use super::problems::Problems;
use super::{Article, SourceRegistry};

/// A claim in the project's words, tied to article passages and/or outside sources.
///
/// `evidence` is a phrase that must occur verbatim in one of the cited passages, so a reader (and
/// `myositis-bot check`) can see that the claim is really in the article.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Stable id within its file, for review records (e.g. "taper-combination").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The claim, as the bot prints it.
    pub text: String,
    /// Article passage ids that support it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<String>,
    /// Outside source ids (from sources.toml) that support it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// A verbatim phrase from one of the cited passages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// Everything a reference check needs: the passages and the outside sources.
pub struct RefContext<'a> {
    /// The article, for passage ids and evidence phrases.
    pub article: &'a Article,
    /// The outside sources, by id.
    pub sources: &'a SourceRegistry,
}

impl RefContext<'_> {
    /// Checks that every passage id exists, every source id exists, and the evidence phrase (if any) occurs
    /// verbatim in one of the passages.
    pub fn check_refs(
        &self,
        problems: &mut Problems,
        file: &str,
        entry: &str,
        passages: &[String],
        sources: &[String],
        evidence: Option<&str>,
    ) {
        for id in passages {
            if self.article.passage(id).is_none() {
                problems.push(file, entry, "passages", format!("no passage with id \"{id}\" in article.toml"));
            }
        }
        for id in sources {
            if self.sources.get(id).is_none() {
                problems.push(file, entry, "sources", format!("no source with id \"{id}\" in sources.toml"));
            }
        }
        if let Some(phrase) = evidence {
            if passages.is_empty() {
                problems.push(file, entry, "evidence", "an evidence phrase needs at least one passage to occur in");
            } else if phrase.trim().is_empty() {
                problems.push(file, entry, "evidence", "is empty");
            } else if !passages.iter().filter_map(|id| self.article.passage(id)).any(|p| p.text.contains(phrase)) {
                problems.push(
                    file,
                    entry,
                    "evidence",
                    format!("\"{phrase}\" does not occur verbatim in {}", passages.join(", ")),
                );
            }
        }
    }

    /// Checks a statement: non-empty text, at least one passage or source, valid references, and no number
    /// that its cited passages do not state.
    pub fn check_statement(&self, problems: &mut Problems, file: &str, entry: &str, s: &Statement) {
        if s.text.trim().is_empty() {
            problems.push(file, entry, "text", "is empty");
        }
        if s.passages.is_empty() && s.sources.is_empty() {
            problems.push(file, entry, "passages", "a statement needs at least one passage or source");
        }
        self.check_refs(problems, file, entry, &s.passages, &s.sources, s.evidence.as_deref());
        self.check_numbers(problems, file, entry, "text", &s.text, &s.passages);
    }

    /// Checks that every number of `text` occurs in one of the cited passages.
    pub fn check_numbers(
        &self,
        problems: &mut Problems,
        file: &str,
        entry: &str,
        field: &str,
        text: &str,
        passages: &[String],
    ) {
        let texts = passages.iter().filter_map(|id| self.article.passage(id)).map(|p| p.text.as_str());
        let missing = unsupported(text, texts);
        if !missing.is_empty() {
            problems.push(
                file,
                entry,
                field,
                format!(
                    "states {} that no cited passage does: every number must come from its passage",
                    missing.join(", ")
                ),
            );
        }
    }
}
