//! Inclusion body myositis: features as taught (cited sources), the article's statements, later criteria.

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::statement::{RefContext, Statement};

/// A clinical feature of IBM as taught, with its sources.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IbmFeature {
    /// Stable id.
    pub id: String,
    /// Short label, e.g. "Onset".
    pub label: String,
    /// The feature, in the project's words.
    pub text: String,
    /// Caveat about the sourcing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Outside source ids.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Related article passages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<String>,
}

/// Criteria published after the article (ENMC 2011).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LaterCriteria {
    /// Title of the criteria.
    pub title: String,
    /// Year published.
    pub year: u32,
    /// The criteria, one line each.
    pub items: Vec<String>,
    /// Outside source ids.
    pub sources: Vec<String>,
}

/// Everything the bot knows about IBM.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ibm {
    /// Features as taught.
    #[serde(rename = "feature")]
    pub features: Vec<IbmFeature>,
    /// What the article itself says.
    #[serde(rename = "article")]
    pub article: Vec<Statement>,
    /// ENMC 2011 criteria.
    pub enmc_2011: LaterCriteria,
}

impl Ibm {
    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        for feature in &self.features {
            let entry = format!("feature \"{}\"", feature.id);
            if feature.text.trim().is_empty() {
                problems.push(file, &entry, "text", "is empty");
            }
            if feature.sources.is_empty() {
                problems.push(file, &entry, "sources", "a feature as taught needs at least one outside source");
            }
            refs.check_refs(problems, file, &entry, &feature.passages, &feature.sources, None);
        }
        for (i, statement) in self.article.iter().enumerate() {
            let entry = format!("article statement {}", i + 1);
            if statement.passages.is_empty() {
                problems.push(file, &entry, "passages", "the article's statements must cite a passage");
            }
            refs.check_statement(problems, file, &entry, statement);
        }
        if self.enmc_2011.items.is_empty() {
            problems.push(file, "enmc_2011", "items", "is empty");
        }
        refs.check_refs(problems, file, "enmc_2011", &[], &self.enmc_2011.sources, None);
    }
}
