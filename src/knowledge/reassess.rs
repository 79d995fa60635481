//! The article's "Is this IIM?" reassessment list, as data.

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::statement::{RefContext, Statement};

/// One of the three settings in which to ask "Is this IIM?" again.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// 1, 2 or 3, as in the article.
    pub number: u32,
    /// The setting, in the project's words.
    pub title: String,
    /// Supporting passages.
    pub passages: Vec<String>,
    /// Verbatim phrase from the passage.
    pub evidence: String,
    /// What to do or think in this setting.
    #[serde(rename = "point", default)]
    pub points: Vec<Statement>,
}

/// The whole reassessment list.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reassess {
    /// Why to reassess at all.
    pub intro: Statement,
    /// The three settings.
    #[serde(rename = "setting")]
    pub settings: Vec<Setting>,
    /// Closing advice ("When in doubt, re-biopsy.").
    #[serde(default)]
    pub closing: Vec<Statement>,
}

impl Reassess {
    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        refs.check_statement(problems, file, "intro", &self.intro);
        for setting in &self.settings {
            let entry = format!("setting {}", setting.number);
            refs.check_refs(problems, file, &entry, &setting.passages, &[], Some(&setting.evidence));
            for (i, point) in setting.points.iter().enumerate() {
                refs.check_statement(problems, file, &format!("setting {} point {}", setting.number, i + 1), point);
            }
        }
        for (i, closing) in self.closing.iter().enumerate() {
            refs.check_statement(problems, file, &format!("closing {}", i + 1), closing);
        }
    }
}
