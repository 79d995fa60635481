//! Inclusion body myositis: features as taught (claims from cited sources), the article's statements, and
//! the ENMC 2011 criteria published after it.

use serde::{Deserialize, Serialize};

use super::claim::Claim;
use super::problems::Problems;
use super::statement::{RefContext, Statement};

/// A clinical feature of IBM as taught, claim by claim.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IbmFeature {
    /// Stable id.
    pub id: String,
    /// Short label, e.g. "Onset".
    pub label: String,
    /// Related article passages (shown as links, never as support for the claims).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<String>,
    /// The claims, each with its own sources and their words.
    #[serde(rename = "claim")]
    pub claims: Vec<Claim>,
}

/// Criteria published after the article (ENMC 2011).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LaterCriteria {
    /// Title of the criteria, without the year.
    pub title: String,
    /// Year of the criteria.
    pub year: u32,
    /// The criteria, one claim each.
    #[serde(rename = "item")]
    pub items: Vec<Claim>,
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
    /// The feature with this id.
    pub fn feature(&self, id: &str) -> Option<&IbmFeature> {
        self.features.iter().find(|f| f.id == id)
    }

    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        for feature in &self.features {
            let entry = format!("feature \"{}\"", feature.id);
            if feature.claims.is_empty() {
                problems.push(file, &entry, "claim", "a feature needs at least one claim");
            }
            refs.check_refs(problems, file, &entry, &feature.passages, &[], None);
            for (i, claim) in feature.claims.iter().enumerate() {
                claim.check(refs, problems, file, &format!("{entry} claim {}", i + 1));
            }
        }
        for (i, statement) in self.article.iter().enumerate() {
            let entry = format!("article statement {}", i + 1);
            if statement.passages.is_empty() {
                problems.push(file, &entry, "passages", "the article's statements must cite a passage");
            }
            refs.check_statement(problems, file, &entry, statement);
        }
        if self.enmc_2011.items.is_empty() {
            problems.push(file, "enmc_2011", "item", "is empty");
        }
        if self.enmc_2011.title.contains(&self.enmc_2011.year.to_string()) {
            problems.push(
                file,
                "enmc_2011",
                "title",
                "gives the year, which the answer adds: leave it out of the title",
            );
        }
        for (i, item) in self.enmc_2011.items.iter().enumerate() {
            item.check(refs, problems, file, &format!("enmc_2011 item {}", i + 1));
        }
    }
}
