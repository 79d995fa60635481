//! Monitoring disease activity (IMACS core set, not enzymes alone), as data.

use serde::{Deserialize, Serialize};

use super::dosing::Gap;
use super::problems::Problems;
use super::statement::{RefContext, Statement};

/// What the article says about monitoring.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Monitor {
    /// The article's monitoring statements.
    #[serde(rename = "statement")]
    pub statements: Vec<Statement>,
    /// The IMACS core set, one domain each.
    pub core_set: Vec<Statement>,
    /// What the article does not give.
    #[serde(default)]
    pub not_in_article: Vec<Gap>,
}

impl Monitor {
    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        for (i, s) in self.statements.iter().enumerate() {
            refs.check_statement(problems, file, &format!("statement {}", i + 1), s);
        }
        for (i, s) in self.core_set.iter().enumerate() {
            refs.check_statement(problems, file, &format!("core_set {}", i + 1), s);
        }
    }
}
