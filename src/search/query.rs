//! Turns an analyzed question into optional BM25 term clauses: the words themselves, query-time
//! expansions at a lower weight, and typo corrections scored with BM25 at a lower weight still.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::Searcher;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{TantivyError, Term};

use super::analyzer::analyze;
use crate::knowledge::Synonyms;

/// Weight of words added by an expansion (drug class, lay word) relative to the words typed.
const EXPANSION_BOOST: f32 = 0.6;
/// Weight of a generic word ("dose", "patient"): searched, but it must not outweigh the subject.
const GENERIC_BOOST: f32 = 0.3;
/// Weight of a typo correction relative to the word typed.
const TYPO_BOOST: f32 = 0.7;
/// At most this many distinct terms are searched, so very long input stays fast.
const MAX_TERMS: usize = 64;

/// A searched term: its weight and whether it carries meaning on its own.
#[derive(Debug, Clone, Copy)]
struct Wanted {
    boost: f32,
    content: bool,
    raw_chars: usize,
}

/// The clauses for one question, and whether any content word matched.
pub struct QueryPlan {
    clauses: Vec<(f32, Term)>,
    /// At least one non-generic word (or its expansion or correction) is in the index.
    pub content_matched: bool,
    /// Indexed terms that matched.
    pub matched_terms: Vec<String>,
}

impl QueryPlan {
    /// Analyzes `question` and looks its terms up in the index.
    pub fn build(
        searcher: &Searcher,
        fields: &[(Field, f32)],
        analyzer: &mut TextAnalyzer,
        synonyms: &Synonyms,
        generic: &BTreeSet<String>,
        question: &str,
    ) -> Result<Self, TantivyError> {
        let mut wanted: BTreeMap<String, Wanted> = BTreeMap::new();
        let mut want = |term: String, boost: f32, content: bool, raw_chars: usize| {
            if wanted.len() >= MAX_TERMS && !wanted.contains_key(&term) {
                return;
            }
            let entry = wanted.entry(term).or_insert(Wanted { boost, content, raw_chars });
            entry.boost = entry.boost.max(boost);
            entry.content |= content;
            entry.raw_chars = entry.raw_chars.max(raw_chars);
        };
        for word in analyze(analyzer, question) {
            let content = !generic.contains(&word.term);
            let boost = if content { 1.0 } else { GENERIC_BOOST };
            want(word.term, boost, content, word.raw.chars().count());
        }
        let words = normalized_words(question, synonyms);
        for (phrase, extra) in &synonyms.expand {
            if contains_phrase(&words, phrase) {
                let content = !generic.contains(phrase.as_str());
                for word in analyze(analyzer, extra) {
                    let chars = word.raw.chars().count();
                    want(word.term, EXPANSION_BOOST, content, chars);
                }
            }
        }

        let mut plan = QueryPlan { clauses: Vec::new(), content_matched: false, matched_terms: Vec::new() };
        for (term_text, w) in &wanted {
            let mut matched = false;
            for &(field, field_boost) in fields {
                let term = Term::from_field_text(field, term_text);
                if searcher.doc_freq(&term)? > 0 {
                    plan.clauses.push((w.boost * field_boost, term));
                    matched = true;
                }
            }
            if !matched && w.raw_chars >= 5 {
                let distance = if w.raw_chars >= 9 { 2 } else { 1 };
                for &(field, field_boost) in fields {
                    for corrected in corrections(searcher, field, term_text, distance)? {
                        plan.clauses.push((w.boost * field_boost * TYPO_BOOST, corrected));
                        matched = true;
                    }
                }
            }
            if matched {
                plan.matched_terms.push(term_text.clone());
                plan.content_matched |= w.content;
            }
        }
        Ok(plan)
    }

    /// The query: every clause optional, each scored with BM25 and its weight.
    pub fn query(&self) -> BooleanQuery {
        let clauses: Vec<(Occur, Box<dyn Query>)> = self
            .clauses
            .iter()
            .map(|(boost, term)| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
                (Occur::Should, Box::new(BoostQuery::new(q, *boost)) as Box<dyn Query>)
            })
            .collect();
        BooleanQuery::new(clauses)
    }
}

/// Indexed terms within `distance` edits of `term`, in term-dictionary order.
fn corrections(searcher: &Searcher, field: Field, term: &str, distance: u8) -> Result<Vec<Term>, TantivyError> {
    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, term), distance, true);
    let automaton = fuzzy.automaton()?;
    let mut found = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index.terms().search(&automaton).into_stream()?;
        while stream.advance() {
            if let Ok(text) = std::str::from_utf8(stream.key()) {
                found.insert(text.to_owned());
            }
        }
    }
    Ok(found.into_iter().map(|t| Term::from_field_text(field, &t)).collect())
}

/// The question as lowercase words (punctuation as spaces), each mapped to its canonical form.
fn normalized_words(question: &str, synonyms: &Synonyms) -> Vec<String> {
    question
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| synonyms.canonical.get(w).cloned().unwrap_or_else(|| w.to_owned()))
        .collect()
}

/// Whether the words contain the phrase's words consecutively.
fn contains_phrase(words: &[String], phrase: &str) -> bool {
    let wanted: Vec<&str> = phrase.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    !wanted.is_empty() && words.windows(wanted.len()).any(|window| window.iter().zip(&wanted).all(|(a, b)| a == b))
}
