//! Quiz question banks (knowledge/quiz/*.toml): every question tied to an article passage or a reference
//! entry, with an evidence phrase that must occur there verbatim.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::{Antibodies, Article, Ibm};

/// What a question is about; sessions and practice can be limited to one topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    /// Weight-based doses and timing.
    Dosing,
    /// Myositis autoantibodies (reference entries).
    Antibodies,
    /// Inclusion body myositis.
    Ibm,
    /// Refractory options.
    Refractory,
    /// Monitoring disease activity.
    Monitoring,
    /// "Is this IIM?".
    Reassessment,
}

impl Topic {
    /// Every topic, in display order.
    pub const ALL: [Topic; 6] =
        [Topic::Dosing, Topic::Antibodies, Topic::Ibm, Topic::Refractory, Topic::Monitoring, Topic::Reassessment];

    /// The lowercase name used in files and commands.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dosing => "dosing",
            Self::Antibodies => "antibodies",
            Self::Ibm => "ibm",
            Self::Refractory => "refractory",
            Self::Monitoring => "monitoring",
            Self::Reassessment => "reassessment",
        }
    }

    /// Reads a topic name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// How hard a question is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    /// Recall of a headline fact.
    Easy,
    /// A detail or a distinction.
    Medium,
    /// Application or a fine distinction.
    Hard,
}

/// One multiple-choice question.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuizQuestion {
    /// Stable id, e.g. "dosing-01".
    pub id: String,
    /// Topic.
    pub topic: Topic,
    /// Difficulty.
    pub difficulty: Difficulty,
    /// The question.
    pub stem: String,
    /// 2 to 5 options.
    pub options: Vec<String>,
    /// 0-based index of the correct option.
    pub answer: usize,
    /// Why the answer is right, in plain words.
    pub explanation: String,
    /// Article passages the question tests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<String>,
    /// Or a reference entry: "antibody:<id>" or "ibm:<feature id>".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// A phrase that occurs verbatim in the passage or entry and supports the answer.
    pub evidence: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuizFile {
    #[serde(rename = "question", default)]
    pub questions: Vec<QuizQuestion>,
}

/// Every question of every bank file, in file-name order then file order.
#[derive(Debug, Clone, Default)]
pub struct QuizBank {
    /// The questions.
    pub questions: Vec<QuizQuestion>,
}

impl QuizBank {
    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&QuizQuestion> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Questions of a topic (all when `None`), in bank order.
    pub fn of_topic(&self, topic: Option<Topic>) -> Vec<&QuizQuestion> {
        self.questions.iter().filter(|q| topic.is_none_or(|t| q.topic == t)).collect()
    }
}

/// The texts a reference entry offers as evidence: each field separately.
pub fn reference_texts(reference: &str, antibodies: &Antibodies, ibm: &Ibm) -> Option<Vec<String>> {
    let (kind, id) = reference.split_once(':')?;
    match kind {
        "antibody" => antibodies.entries.iter().find(|a| a.id == id).map(|a| {
            let mut texts = vec![a.name.clone(), a.phenotype.clone()];
            texts.extend(a.aliases.iter().cloned());
            texts.extend(
                [&a.antigen, &a.prevalence, &a.ild, &a.cancer, &a.prognosis, &a.note].into_iter().flatten().cloned(),
            );
            texts
        }),
        "ibm" => ibm.features.iter().find(|f| f.id == id).map(|f| vec![f.text.clone()]),
        _ => None,
    }
}

/// Checks one file's questions against the article and reference entries, and ids and stems across files.
pub(super) struct BankCheck<'a> {
    pub article: &'a Article,
    pub antibodies: &'a Antibodies,
    pub ibm: &'a Ibm,
    pub ids: BTreeSet<String>,
    pub stems: BTreeSet<String>,
}

impl BankCheck<'_> {
    pub fn check(&mut self, file: &str, questions: &[QuizQuestion], problems: &mut Problems) {
        for q in questions {
            let entry = format!("question \"{}\"", q.id);
            if q.id.trim().is_empty() {
                problems.push(file, &entry, "id", "is empty");
            }
            if !self.ids.insert(q.id.clone()) {
                problems.push(file, &entry, "id", "duplicate question id");
            }
            let stem = q.stem.trim().to_lowercase();
            if stem.is_empty() {
                problems.push(file, &entry, "stem", "is empty");
            } else if !self.stems.insert(stem) {
                problems.push(file, &entry, "stem", "the same stem is used by another question");
            }
            if !(2..=5).contains(&q.options.len()) {
                problems.push(file, &entry, "options", format!("needs 2 to 5 options, has {}", q.options.len()));
            }
            let distinct: BTreeSet<String> = q.options.iter().map(|o| o.trim().to_lowercase()).collect();
            if distinct.len() != q.options.len() || q.options.iter().any(|o| o.trim().is_empty()) {
                problems.push(file, &entry, "options", "options must be different and not empty");
            }
            if q.answer >= q.options.len() {
                problems.push(
                    file,
                    &entry,
                    "answer",
                    format!("{} is out of range (0 to {})", q.answer, q.options.len().saturating_sub(1)),
                );
            }
            if q.explanation.trim().is_empty() {
                problems.push(file, &entry, "explanation", "is empty");
            }
            self.check_evidence(file, &entry, q, problems);
        }
    }

    fn check_evidence(&self, file: &str, entry: &str, q: &QuizQuestion, problems: &mut Problems) {
        let phrase = q.evidence.as_str();
        if phrase.trim().is_empty() {
            problems.push(file, entry, "evidence", "is empty");
            return;
        }
        match (q.passages.is_empty(), &q.reference) {
            (false, None) => {
                for id in &q.passages {
                    if self.article.passage(id).is_none() {
                        problems.push(file, entry, "passages", format!("no passage with id \"{id}\" in article.toml"));
                    }
                }
                let found =
                    q.passages.iter().filter_map(|id| self.article.passage(id)).any(|p| p.text.contains(phrase));
                if !found {
                    problems.push(
                        file,
                        entry,
                        "evidence",
                        format!("\"{phrase}\" does not occur verbatim in {}", q.passages.join(", ")),
                    );
                }
            }
            (true, Some(reference)) => match reference_texts(reference, self.antibodies, self.ibm) {
                None => problems.push(
                    file,
                    entry,
                    "reference",
                    format!("no reference entry \"{reference}\" (use antibody:<id> or ibm:<id>)"),
                ),
                Some(texts) if !texts.iter().any(|t| t.contains(phrase)) => problems.push(
                    file,
                    entry,
                    "evidence",
                    format!("\"{phrase}\" does not occur verbatim in {reference}"),
                ),
                Some(_) => {}
            },
            _ => {
                problems.push(file, entry, "passages", "give either passages or a reference, not both and not neither")
            }
        }
    }
}
