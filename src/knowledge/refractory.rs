//! Refractory options as data: each option's stance is a label licensed by the article's own qualifier
//! ("should be considered", "can be a sensible option", "is unknown"), so no label can say more than the
//! sentence it rests on.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::statement::{RefContext, Statement};

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

    /// Reads "pm", "dm" or "ibm" (any case).
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// A clinical flag that can change which of the article's sentences applies.
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

impl Flag {
    /// Every flag, in display order.
    pub const ALL: [Flag; 3] = [Flag::Ild, Flag::Dysphagia, Flag::CancerChemo];

    /// The option name, as commands and files spell it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ild => "ild",
            Self::Dysphagia => "dysphagia",
            Self::CancerChemo => "cancer_chemo",
        }
    }

    /// What it means, in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ild => "interstitial lung disease",
            Self::Dysphagia => "dysphagia",
            Self::CancerChemo => "cancer with chemotherapy for the tumour",
        }
    }
}

/// A stance: a label, and the article's phrases that license it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StanceDef {
    /// Stable id that rules use, e.g. "sensible-option".
    pub id: String,
    /// What the answer shows, e.g. "sensible option": made of words of every qualifier it labels.
    pub label: String,
    /// What the label means, for the README and /help.
    pub meaning: String,
    /// A rule's qualifier must contain one of these phrases to carry this stance.
    pub licensed_by: Vec<String>,
}

/// One rule: when its diagnosis and flags hold, the therapy gets this stance, licensed by `qualifier`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Diagnoses the rule is for.
    pub diagnoses: Vec<Diagnosis>,
    /// Flags that must all be set.
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// The stance's id.
    pub stance: String,
    /// The article's sentence (or the part of it) that licenses the stance, verbatim.
    pub qualifier: String,
    /// Further verbatim phrases of the cited passages that belong with it ("Opinions vary considerably…").
    #[serde(default)]
    pub context: Vec<String>,
    /// The passages the qualifier and context come from.
    pub passages: Vec<String>,
}

/// Something to say when the patient has tried certain therapies: never a change of stance.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TriedNote {
    /// Therapies or classes that must all have been tried.
    #[serde(default)]
    pub tried_all: Vec<String>,
    /// Therapies or classes of which at least one must have been tried.
    #[serde(default)]
    pub tried_any: Vec<String>,
    /// What to say, with its passages and evidence.
    #[serde(flatten)]
    pub statement: Statement,
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
    /// What to add when certain therapies were tried.
    #[serde(default, rename = "tried_note")]
    pub tried_notes: Vec<TriedNote>,
}

fn offered_by_default() -> bool {
    true
}

/// Statements shown for one diagnosis (or for all), whatever the options.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Diagnoses it is shown for; empty means every diagnosis.
    #[serde(default)]
    pub diagnoses: Vec<Diagnosis>,
    /// A heading for the statements.
    pub heading: String,
    /// The statements.
    #[serde(rename = "statement")]
    pub statements: Vec<Statement>,
}

/// The refractory pathway.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Refractory {
    /// The stances, with the phrases that license them.
    #[serde(rename = "stance")]
    pub stances: Vec<StanceDef>,
    /// Statements every answer (or every answer for a diagnosis) carries.
    #[serde(default, rename = "context")]
    pub contexts: Vec<Context>,
    /// Every therapy, in the order the article names them.
    #[serde(rename = "therapy")]
    pub therapies: Vec<Therapy>,
}

impl Refractory {
    /// The stance with this id.
    pub fn stance(&self, id: &str) -> Option<&StanceDef> {
        self.stances.iter().find(|s| s.id == id)
    }

    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        let ids: BTreeSet<&str> = self.therapies.iter().map(|t| t.id.as_str()).collect();
        let classes: BTreeSet<&str> =
            self.therapies.iter().flat_map(|t| t.classes.iter().map(String::as_str)).collect();
        if ids.len() != self.therapies.len() {
            problems.push(file, "-", "therapy.id", "therapy ids must be unique");
        }
        let stance_ids: BTreeSet<&str> = self.stances.iter().map(|s| s.id.as_str()).collect();
        if stance_ids.len() != self.stances.len() {
            problems.push(file, "-", "stance.id", "stance ids must be unique");
        }
        for stance in &self.stances {
            if stance.label.trim().is_empty() || stance.licensed_by.iter().all(|p| p.trim().is_empty()) {
                problems.push(file, format!("stance \"{}\"", stance.id), "licensed_by", "needs a label and phrases");
            }
        }
        for context in &self.contexts {
            for (i, s) in context.statements.iter().enumerate() {
                refs.check_statement(
                    problems,
                    file,
                    &format!("context \"{}\" statement {}", context.heading, i + 1),
                    s,
                );
            }
        }
        for therapy in &self.therapies {
            let entry = format!("therapy \"{}\"", therapy.id);
            if therapy.offered {
                for diagnosis in [Diagnosis::Pm, Diagnosis::Dm] {
                    let has_fallback =
                        therapy.rules.iter().any(|r| r.diagnoses.contains(&diagnosis) && r.flags.is_empty());
                    if !has_fallback {
                        problems.push(
                            file,
                            &entry,
                            "rule",
                            format!("needs a rule without flags for {}", diagnosis.code()),
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
                refs.check_refs(problems, file, &entry, &rule.passages, &[], Some(&rule.qualifier));
                for phrase in &rule.context {
                    refs.check_refs(problems, file, &entry, &rule.passages, &[], Some(phrase));
                }
                match self.stance(&rule.stance) {
                    None => problems.push(
                        file,
                        &entry,
                        "stance",
                        format!(
                            "no stance \"{}\" (stances: {})",
                            rule.stance,
                            stance_ids.iter().copied().collect::<Vec<_>>().join(", ")
                        ),
                    ),
                    Some(stance) => {
                        if let Some(why) = unlicensed(stance, &rule.qualifier) {
                            problems.push(file, &entry, "stance", why);
                        }
                    }
                }
            }
            for (i, note) in therapy.tried_notes.iter().enumerate() {
                let entry = format!("therapy \"{}\" tried_note {}", therapy.id, i + 1);
                for name in note.tried_all.iter().chain(&note.tried_any) {
                    if !ids.contains(name.as_str()) && !classes.contains(name.as_str()) {
                        problems.push(file, &entry, "tried", format!("\"{name}\" is neither a therapy id nor a class"));
                    }
                }
                refs.check_statement(problems, file, &entry, &note.statement);
            }
        }
    }
}

/// Why `qualifier` does not license `stance`, if it does not: it must contain one of the stance's phrases,
/// and every word of the label must be a word of the qualifier (so "favored" can never label "can be a
/// sensible option").
pub fn unlicensed(stance: &StanceDef, qualifier: &str) -> Option<String> {
    if !stance.licensed_by.iter().any(|phrase| !phrase.trim().is_empty() && qualifier.contains(phrase.as_str())) {
        return Some(format!(
            "the qualifier does not license \"{}\": it contains none of {}",
            stance.label,
            stance.licensed_by.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", ")
        ));
    }
    let words = words(qualifier);
    let missing: Vec<String> =
        self::words(&stance.label).into_iter().filter(|w| !words.iter().any(|q| same_word(w, q))).collect();
    (!missing.is_empty()).then(|| {
        format!(
            "the label \"{}\" uses {} that the qualifier does not say: a label is made of the article's words",
            stance.label,
            missing.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", ")
        )
    })
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The same word, allowing an inflection: equal, or sharing the first five letters ("reserve", "reserved").
fn same_word(label_word: &str, qualifier_word: &str) -> bool {
    const STEM: usize = 5;
    label_word == qualifier_word
        || (label_word.chars().count() >= STEM
            && qualifier_word.chars().count() >= STEM
            && label_word.chars().take(STEM).eq(qualifier_word.chars().take(STEM)))
}

#[cfg(test)]
mod tests {
    use super::{StanceDef, unlicensed};

    fn stance(label: &str, licensed_by: &[&str]) -> StanceDef {
        StanceDef {
            id: label.replace(' ', "-"),
            label: label.to_owned(),
            meaning: String::new(),
            licensed_by: licensed_by.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    const SENSIBLE: &str = "In cancer-associated myositis, when chemotherapy is used for the treatment of the tumor, IVIG can be a sensible option.";

    #[test]
    fn a_label_made_of_the_qualifiers_words_is_licensed() {
        assert_eq!(unlicensed(&stance("sensible option", &["can be a sensible option"]), SENSIBLE), None);
        let reserve = stance("reserve", &["should be reserved for"]);
        assert_eq!(unlicensed(&reserve, "this medication should be reserved for cases resistant"), None);
    }

    #[test]
    fn favored_cannot_label_a_sensible_option() {
        assert!(
            unlicensed(&stance("favored", &["can be a sensible option"]), SENSIBLE)
                .is_some_and(|w| w.contains("\"favored\""))
        );
        assert!(
            unlicensed(&stance("consider", &["should be considered"]), SENSIBLE)
                .is_some_and(|w| w.contains("contains none"))
        );
    }
}
