//! Refractory options and the rules that give each a stance, as data.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::statement::RefContext;

/// The diagnoses the refractory pathway distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Diagnosis {
    /// Polymyositis.
    Pm,
    /// Dermatomyositis.
    Dm,
    /// Inclusion body myositis.
    Ibm,
}

impl Diagnosis {
    /// Every diagnosis, in display order.
    pub const ALL: [Diagnosis; 3] = [Diagnosis::Pm, Diagnosis::Dm, Diagnosis::Ibm];

    /// "pm", "dm" or "ibm".
    pub fn code(self) -> &'static str {
        match self {
            Self::Pm => "pm",
            Self::Dm => "dm",
            Self::Ibm => "ibm",
        }
    }

    /// The full name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pm => "polymyositis (PM)",
            Self::Dm => "dermatomyositis (DM)",
            Self::Ibm => "inclusion body myositis (IBM)",
        }
    }
}

/// A clinical flag that changes a stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Interstitial lung disease coexists.
    Ild,
    /// Dysphagia.
    Dysphagia,
    /// Cancer-associated myositis with chemotherapy for the tumour.
    CancerChemo,
}

/// How the article positions an option, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stance {
    /// The article singles it out for this situation.
    Favored,
    /// The article says to consider it.
    Consider,
    /// Held back until other options have failed.
    Reserve,
    /// The article reports mixed or unknown evidence.
    Uncertain,
    /// The article says it does not change the disease.
    NotRecommended,
}

impl Stance {
    /// "favored", "consider", …
    pub fn label(self) -> &'static str {
        match self {
            Self::Favored => "favored",
            Self::Consider => "consider",
            Self::Reserve => "reserve",
            Self::Uncertain => "uncertain",
            Self::NotRecommended => "not-recommended",
        }
    }
}

/// One rule: when its conditions hold, the therapy gets this stance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Diagnoses the rule is for.
    pub diagnoses: Vec<Diagnosis>,
    /// Flags that must all be set.
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// Therapies or classes that must all have been tried.
    #[serde(default)]
    pub tried_all: Vec<String>,
    /// Therapies or classes of which at least one must have been tried.
    #[serde(default)]
    pub tried_any: Vec<String>,
    /// The stance.
    pub stance: Stance,
    /// Why, in the project's words.
    pub reason: String,
    /// Supporting passages.
    pub passages: Vec<String>,
    /// Verbatim phrase from one of the passages.
    pub evidence: String,
}

/// A therapy the pathway knows: an option, or something a patient may have tried.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Therapy {
    /// Stable id, e.g. "cyclosporine".
    pub id: String,
    /// Display name.
    pub name: String,
    /// Abbreviations, brand names, misspellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Classes, e.g. "immunosuppressant".
    #[serde(default)]
    pub classes: Vec<String>,
    /// Whether it is offered as a refractory option (false: only recognised in `tried`).
    #[serde(default = "offered_by_default")]
    pub offered: bool,
    /// Ordered rules; the first that holds wins.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

fn offered_by_default() -> bool {
    true
}

/// The refractory pathway.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Refractory {
    /// Every therapy, in display order.
    #[serde(rename = "therapy")]
    pub therapies: Vec<Therapy>,
}

impl Refractory {
    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        let ids: BTreeSet<&str> = self.therapies.iter().map(|t| t.id.as_str()).collect();
        let classes: BTreeSet<&str> =
            self.therapies.iter().flat_map(|t| t.classes.iter().map(String::as_str)).collect();
        if ids.len() != self.therapies.len() {
            problems.push(file, "-", "therapy.id", "therapy ids must be unique");
        }
        for therapy in &self.therapies {
            let entry = format!("therapy \"{}\"", therapy.id);
            if therapy.offered {
                for diagnosis in Diagnosis::ALL {
                    let has_fallback = therapy.rules.iter().any(|r| {
                        r.diagnoses.contains(&diagnosis)
                            && r.flags.is_empty()
                            && r.tried_all.is_empty()
                            && r.tried_any.is_empty()
                    });
                    if !has_fallback {
                        problems.push(
                            file,
                            &entry,
                            "rule",
                            format!("needs a rule without conditions for {}", diagnosis.code()),
                        );
                    }
                }
            } else if !therapy.rules.is_empty() {
                problems.push(file, &entry, "rule", "a therapy that is not offered has no rules");
            }
            for (i, rule) in therapy.rules.iter().enumerate() {
                let entry = format!("therapy \"{}\" rule {}", therapy.id, i + 1);
                if rule.diagnoses.is_empty() {
                    problems.push(file, &entry, "diagnoses", "is empty");
                }
                for name in rule.tried_all.iter().chain(&rule.tried_any) {
                    if !ids.contains(name.as_str()) && !classes.contains(name.as_str()) {
                        problems.push(file, &entry, "tried", format!("\"{name}\" is neither a therapy id nor a class"));
                    }
                }
                if rule.reason.trim().is_empty() {
                    problems.push(file, &entry, "reason", "is empty");
                }
                refs.check_refs(problems, file, &entry, &rule.passages, &[], Some(&rule.evidence));
            }
        }
    }
}
