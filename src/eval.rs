//! Retrieval evaluation: a question set with gold passages, scored as hit@1, hit@3, MRR and abstention,
//! per category, for the medical search and for a plain-BM25 baseline over the same documents.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::knowledge::Knowledge;
use crate::search::{SearchError, SearchIndex};

/// How deep the ranking is read for MRR.
const DEPTH: usize = 10;

/// Which half of the set a question belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Used to tune the vocabulary.
    Tune,
    /// Only measured, never tuned on.
    Heldout,
}

/// One question with the passages that answer it (none: out of scope).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id.
    pub id: String,
    /// As a resident would type it.
    pub text: String,
    /// direct, abbreviation, brand, misspelling, lay, two-passage or out-of-scope.
    pub category: String,
    /// Passage ids that answer it; empty when the article does not.
    pub gold: Vec<String>,
    /// The sentences that answer it, as "passage-id#n" (1-based), when labelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<String>,
    /// Tune or held-out half.
    pub split: Split,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    #[serde(rename = "question")]
    questions: Vec<Question>,
}

/// Why the question set could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// Unreadable file.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// Malformed file or unknown passage ids.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The search failed.
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Reads and checks a question set: unique ids, known categories, gold ids that exist.
pub fn load_questions(path: &Path, knowledge: &Knowledge) -> Result<Vec<Question>, EvalError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read { path: shown.clone(), source })?;
    let invalid = |message: String| EvalError::Invalid { path: shown.clone(), message };
    let file: QuestionFile = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    let mut ids = BTreeSet::new();
    for q in &file.questions {
        if !ids.insert(q.id.as_str()) {
            return Err(invalid(format!("question \"{}\": duplicate id", q.id)));
        }
        if !CATEGORIES.contains(&q.category.as_str()) {
            return Err(invalid(format!("question \"{}\": unknown category \"{}\"", q.id, q.category)));
        }
        if (q.category == "out-of-scope") != q.gold.is_empty() {
            return Err(invalid(format!("question \"{}\": out-of-scope questions, and only they, have no gold", q.id)));
        }
        if let Some(missing) = q.gold.iter().find(|id| knowledge.article.passage(id).is_none()) {
            return Err(invalid(format!("question \"{}\": no passage \"{missing}\"", q.id)));
        }
    }
    Ok(file.questions)
}

/// The categories, in report order.
pub const CATEGORIES: [&str; 8] =
    ["direct", "abbreviation", "brand", "misspelling", "lay", "vignette", "two-passage", "out-of-scope"];

/// What happened to one question.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Question id.
    pub id: String,
    /// Category.
    pub category: String,
    /// Rank (1-based) of the first gold passage within the first 10, if any.
    pub gold_rank: Option<usize>,
    /// Whether the search returned nothing.
    pub abstained: bool,
    /// Whether the question has gold passages.
    pub in_scope: bool,
    /// The top result.
    pub top: Option<String>,
    /// Content words the article matched nothing for (what the vocabulary may be missing).
    pub unmatched: Vec<String>,
    /// Whether the answer's first sentence is a labelled answering sentence (None: no labels).
    pub sentence_hit: Option<bool>,
    /// The sentence the answer leads with, as "passage-id#n".
    pub lead: Option<String>,
    /// Whether the answer shows a passage other than the first.
    pub shows_more: bool,
    /// The aspects the question was read to ask.
    pub aspects: Vec<String>,
    /// How it was read: the asked part and the history spans.
    pub reading: crate::search::QuestionReading,
}

/// Runs every question through the index.
pub fn run(index: &SearchIndex, questions: &[&Question]) -> Result<Vec<Outcome>, EvalError> {
    questions
        .iter()
        .map(|q| {
            let found = index.search(&q.text, DEPTH)?;
            let ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
            let first_sentence = found.hits.first().and_then(|h| Some(format!("{}#{}", h.id, h.lead.first()?)));
            let sentence_hit =
                (!q.sentences.is_empty()).then(|| first_sentence.as_ref().is_some_and(|s| q.sentences.contains(s)));
            Ok(Outcome {
                id: q.id.clone(),
                category: q.category.clone(),
                gold_rank: ids.iter().position(|id| q.gold.iter().any(|g| g == id)).map(|i| i + 1),
                abstained: ids.is_empty(),
                in_scope: !q.gold.is_empty(),
                top: ids.first().map(|s| (*s).to_owned()),
                unmatched: found.unmatched.clone(),
                sentence_hit,
                lead: first_sentence,
                shows_more: found.shown(crate::commands::ask_default_limit()).len() > 1,
                aspects: found.aspects.clone(),
                reading: found.reading.clone(),
            })
        })
        .collect()
}

/// Scores for a group of questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Questions with gold passages.
    pub in_scope: usize,
    /// Share of those whose first result is gold.
    pub hit_at_1: f64,
    /// Share with a gold passage in the first three.
    pub hit_at_3: f64,
    /// Mean reciprocal rank of the first gold passage (first 10).
    pub mrr: f64,
    /// Out-of-scope questions.
    pub out_of_scope: usize,
    /// Share of those that got no passages.
    pub abstention: f64,
    /// Share of the questions with gold passages that got none (refused although answerable).
    pub false_abstention: f64,
    /// Questions with labelled answering sentences.
    pub labelled: usize,
    /// Share of those whose answer leads with a labelled sentence.
    pub sentence_hit_at_1: f64,
    /// Share of answered questions whose answer shows more than one passage.
    pub more_than_one_passage: f64,
}

impl Metrics {
    /// Scores a set of outcomes.
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Self {
        let (mut m, mut hit1, mut hit3, mut rr, mut abstained, mut refused) = (Metrics::default(), 0, 0, 0.0, 0, 0);
        let (mut sentence_hits, mut answered, mut more) = (0, 0, 0);
        for o in outcomes {
            if let Some(hit) = o.sentence_hit {
                m.labelled += 1;
                sentence_hits += usize::from(hit);
            }
            if !o.abstained {
                answered += 1;
                more += usize::from(o.shows_more);
            }
            if o.in_scope {
                m.in_scope += 1;
                refused += usize::from(o.abstained);
                hit1 += usize::from(o.gold_rank == Some(1));
                hit3 += usize::from(o.gold_rank.is_some_and(|r| r <= 3));
                rr += o.gold_rank.map_or(0.0, |r| 1.0 / r as f64);
            } else {
                m.out_of_scope += 1;
                abstained += usize::from(o.abstained);
            }
        }
        let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
        m.hit_at_1 = share(hit1, m.in_scope);
        m.hit_at_3 = share(hit3, m.in_scope);
        m.mrr = if m.in_scope == 0 { 0.0 } else { rr / m.in_scope as f64 };
        m.abstention = share(abstained, m.out_of_scope);
        m.false_abstention = share(refused, m.in_scope);
        m.sentence_hit_at_1 = share(sentence_hits, m.labelled);
        m.more_than_one_passage = share(more, answered);
        m
    }
}

/// Per-category and overall metrics for the medical search and the baseline.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Which questions were scored.
    pub split: String,
    /// (category, medical, baseline), in [`CATEGORIES`] order.
    pub categories: Vec<(String, Metrics, Metrics)>,
    /// All questions → (medical, baseline).
    pub overall: (Metrics, Metrics),
    /// Questions the medical search got wrong (for tuning on the tune half).
    pub misses: Vec<Outcome>,
    /// Questions whose right passage came first but whose answer led with another sentence than the labelled.
    pub sentence_misses: Vec<Outcome>,
}

/// Scores `questions` with both indexes.
pub fn report(
    medical: &SearchIndex,
    baseline: &SearchIndex,
    questions: &[&Question],
    split: &str,
) -> Result<Report, EvalError> {
    let ours = run(medical, questions)?;
    let theirs = run(baseline, questions)?;
    let categories = CATEGORIES
        .iter()
        .map(|c| {
            let pick = |list: &[Outcome]| Metrics::of(list.iter().filter(|o| o.category == *c));
            ((*c).to_owned(), pick(&ours), pick(&theirs))
        })
        .collect();
    let misses =
        ours.iter().filter(|o| if o.in_scope { o.gold_rank != Some(1) } else { !o.abstained }).cloned().collect();
    let sentence_misses =
        ours.iter().filter(|o| o.gold_rank == Some(1) && o.sentence_hit == Some(false)).cloned().collect();
    Ok(Report {
        split: split.to_owned(),
        categories,
        overall: (Metrics::of(&ours), Metrics::of(&theirs)),
        misses,
        sentence_misses,
    })
}

impl Report {
    /// A table for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "split: {}", self.split);
        let _ = writeln!(
            out,
            "{:<14} {:>4} | {:>6} {:>6} {:>6} {:>7} {:>7} {:>6} {:>6} | baseline BM25: {:>6} {:>6} {:>6} {:>7}",
            "category",
            "n",
            "hit@1",
            "hit@3",
            "MRR",
            "abstain",
            "refused",
            "sent@1",
            "more",
            "hit@1",
            "hit@3",
            "MRR",
            "abstain"
        );
        let row = |out: &mut String, name: &str, (m, b): &(Metrics, Metrics)| {
            let f = |x: f64, n: usize| if n == 0 { "-".to_owned() } else { format!("{x:.3}") };
            let _ = writeln!(
                out,
                "{:<14} {:>4} | {:>6} {:>6} {:>6} {:>7} {:>7} {:>6} {:>6} | {:>21} {:>6} {:>6} {:>7}",
                name,
                m.in_scope + m.out_of_scope,
                f(m.hit_at_1, m.in_scope),
                f(m.hit_at_3, m.in_scope),
                f(m.mrr, m.in_scope),
                f(m.abstention, m.out_of_scope),
                f(m.false_abstention, m.in_scope),
                f(m.sentence_hit_at_1, m.labelled),
                f(m.more_than_one_passage, m.in_scope + m.out_of_scope),
                f(b.hit_at_1, b.in_scope),
                f(b.hit_at_3, b.in_scope),
                f(b.mrr, b.in_scope),
                f(b.abstention, b.out_of_scope),
            );
        };
        for (name, ours, baseline) in &self.categories {
            row(&mut out, name, &(*ours, *baseline));
        }
        row(&mut out, "overall", &self.overall);
        out
    }
}
