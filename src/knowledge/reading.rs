//! How a question is read: the words that open a history span, the ask, and the breaks between them (data
//! for the search's question focus).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::synonyms::Synonyms;

/// The words that split a question into history, context and the ask.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// Weight of a word in a history span, relative to a word of the ask.
    pub history_weight: f32,
    /// Weight, in ranking only, of a word outside the ask and the history when the ask is part of the
    /// question and names a drug of its own ("Time for cyclophosphamide?" after "CK still 6000 and weak").
    #[serde(default = "full_weight")]
    pub context_weight: f32,
    /// Phrases that open a history span anywhere ("failed", "tried").
    pub history: Vec<String>,
    /// Words that may stand after the first word of a history phrase without changing it ("never really
    /// responded to").
    #[serde(default)]
    pub history_fillers: Vec<String>,
    /// Phrases that open a history span only before the ask ("on", "taking").
    #[serde(default)]
    pub history_before_ask: Vec<String>,
    /// Words a history span may hold besides drug names, numbers and unknown words ("and", "mg").
    #[serde(default)]
    pub history_list: Vec<String>,
    /// Phrases that open the asked part ("what", "should", "next").
    pub asks: Vec<String>,
    /// Phrases that end a history span within a clause ("now", "but").
    pub breaks: Vec<String>,
    /// Words that name the article's subject (myositis, its types, muscle): beside them another disease
    /// describes; without them, a question about a page-6 drug in another disease is about that disease.
    #[serde(default)]
    pub subject: Vec<String>,
    /// Diseases other than myositis, for that rule.
    #[serde(default)]
    pub other_diseases: Vec<String>,
    /// The patient's other illnesses, besides `other_diseases`, that are outside topics ("diabetes", "blood
    /// pressure"): named around an ask that names its own topic, page 6 covering all of it, they are the
    /// patient's story, not what is asked. Pregnancy, vaccines, alcohol or another drug never are: they
    /// change what to do.
    #[serde(default)]
    pub story_conditions: Vec<String>,
    /// Words by which an ask with no topic of its own points back at the history ("does it keep
    /// working?"): the history is then what is asked about, and weighs fully.
    #[serde(default)]
    pub refers_back: Vec<String>,
    /// Phrases by which the asker names the patient as someone of their own ("my mum", "my husband"): a dose
    /// question from a relative gets no weight-based `/dose` offer, and is told that the patient's own
    /// doctor sets the dose.
    #[serde(default)]
    pub asked_for_someone: Vec<String>,
    /// Words by which a question compares the drugs it names ("better than", "vs"): the answer says that
    /// page 6 reports no trial comparing them, and quotes what it says of each.
    #[serde(default)]
    pub compares: Vec<String>,
    /// Words by which a question asks about today ("now", "these days", "latest"): an answer that quotes
    /// the evidence of 2008 (article.toml `dated`) then says so first. They may also end a history span
    /// ("failed mtx, now weak"), so they are the one list that may share a phrase with another.
    #[serde(default)]
    pub present_time: Vec<String>,
    /// Forms of myositis page 6 treats apart, each as the phrases that name it ("ibm", "inclusion body"):
    /// a question that names one outside its history is about that form.
    #[serde(default)]
    pub distinct_forms: Vec<Vec<String>>,
    /// The share of its score a passage keeps when the question names a distinct form it does not.
    #[serde(default = "full_weight")]
    pub distinct_form_share: f32,
    /// Score added to a sentence that names the asked distinct form in a passage whose section does not
    /// ("The principle of comprehensive disease assessment is also applicable to IBM." under Monitoring).
    #[serde(default)]
    pub distinct_form_sentence_weight: f32,
    /// Forms a question may name beside a distinct one to ask across forms ("IVIG in PM/DM vs IBM"): then
    /// no passage loses score for not naming the distinct form.
    #[serde(default)]
    pub shared_forms: Vec<String>,
}

/// A weight that changes nothing.
fn full_weight() -> f32 {
    1.0
}

impl Default for Reading {
    fn default() -> Self {
        Self {
            history_weight: 1.0,
            context_weight: 1.0,
            history: Vec::new(),
            history_fillers: Vec::new(),
            history_before_ask: Vec::new(),
            history_list: Vec::new(),
            asks: Vec::new(),
            breaks: Vec::new(),
            subject: Vec::new(),
            other_diseases: Vec::new(),
            story_conditions: Vec::new(),
            refers_back: Vec::new(),
            asked_for_someone: Vec::new(),
            compares: Vec::new(),
            present_time: Vec::new(),
            distinct_forms: Vec::new(),
            distinct_form_share: 1.0,
            distinct_form_sentence_weight: 0.0,
            shared_forms: Vec::new(),
        }
    }
}

impl Reading {
    /// A story condition that is no outside topic of synonyms.toml never stops an answer, so it can never be
    /// the story either.
    pub(super) fn validate_story_conditions(&self, file: &str, synonyms: &Synonyms, problems: &mut Problems) {
        for condition in &self.story_conditions {
            if !synonyms.outside.iter().any(|topic| topic.eq_ignore_ascii_case(condition)) {
                problems.push(
                    file,
                    condition,
                    "story_conditions",
                    "is not an outside topic of synonyms.toml, so it never stops an answer: list it there or drop it",
                );
            }
        }
    }

    pub(super) fn validate(&self, file: &str, problems: &mut Problems) {
        let weights = [
            ("history_weight", self.history_weight),
            ("context_weight", self.context_weight),
            ("distinct_form_share", self.distinct_form_share),
        ];
        for (name, weight) in weights {
            if !(weight.is_finite() && (0.0..=1.0).contains(&weight)) {
                problems.push(file, "-", name, "must be a number from 0 to 1");
            }
        }
        let sentence_weight = self.distinct_form_sentence_weight;
        if !(sentence_weight.is_finite() && sentence_weight >= 0.0) {
            problems.push(file, "-", "distinct_form_sentence_weight", "must be a number of at least 0");
        }
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        let lists = [
            ("history", &self.history),
            ("history_fillers", &self.history_fillers),
            ("history_before_ask", &self.history_before_ask),
            ("history_list", &self.history_list),
            ("asks", &self.asks),
            ("breaks", &self.breaks),
            ("subject", &self.subject),
            ("other_diseases", &self.other_diseases),
            ("story_conditions", &self.story_conditions),
            ("refers_back", &self.refers_back),
            ("asked_for_someone", &self.asked_for_someone),
            ("compares", &self.compares),
        ];
        let forms = self.distinct_forms.iter().chain([&self.shared_forms]).map(|phrases| ("distinct_forms", phrases));
        let forms = forms.chain([("present_time", &self.present_time)]);
        for (list, phrases) in lists.into_iter().chain(forms) {
            for phrase in phrases {
                let words_only = phrase.split(' ').all(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric));
                if !words_only || phrase != &phrase.to_lowercase() {
                    problems.push(file, format!("\"{phrase}\""), list, "must be lowercase words separated by spaces");
                }
                // A form's name is also a word of the subject ("ibm"), and "now" also ends a history span:
                // the lists that may share words.
                if list == "distinct_forms" || list == "present_time" {
                    continue;
                }
                if let Some(other) = seen.insert(phrase.as_str(), list)
                    && other != list
                {
                    problems.push(
                        file,
                        format!("\"{phrase}\""),
                        list,
                        format!("is also in `{other}`: a phrase has one role"),
                    );
                }
            }
        }
    }
}
