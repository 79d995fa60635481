//! Quiz question banks (knowledge/quiz/*.toml): every question tied to an article passage or a reference
//! entry, with an evidence phrase that must occur there verbatim.

use serde::{Deserialize, Serialize};

use super::{Antibodies, Ibm};

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

/// The texts a reference entry offers as evidence, each claim separately, with the claims' sources.
pub fn reference_texts<'a>(
    reference: &str,
    antibodies: &'a Antibodies,
    ibm: &'a Ibm,
) -> Option<Vec<(&'a str, &'a [String])>> {
    let (kind, id) = reference.split_once(':')?;
    match kind {
        "antibody" => {
            antibodies.get(id).map(|a| a.claims.iter().map(|c| (c.text.as_str(), c.sources.as_slice())).collect())
        }
        "ibm" => ibm.feature(id).map(|f| f.claims.iter().map(|c| (c.text.as_str(), c.sources.as_slice())).collect()),
        _ => None,
    }
}
