//! Turns a prepared question into optional BM25 term clauses for one corpus: the words themselves,
//! query-time expansions at a lower weight (typos were corrected once, by the speller, before), and a fixed score
//! for each aspect asked that a passage addresses; and decides, by the coverage rule, whether the corpus
//! answers at all.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, TantivyError, Term};

use super::coverage::{CoverageInput, covered};
use super::prepare::Prepared;
use super::vocabulary::Vocabulary;

/// Weight of words added by an expansion (drug class, lay word) relative to the words typed.
const EXPANSION_BOOST: f32 = 0.6;
/// At most this many distinct terms are searched, so very long input stays fast.
const MAX_TERMS: usize = 64;
/// In choosing the answering sentence, a term only from the context before the ask weighs this share: the
/// whole question picks the passage, what is asked picks its sentence ("keeps flaring on one of the add-on
/// tablets ... can we stack two together?" leads with the combination, not with the add-on tablets).
/// Chosen on the tuning half: sentence hit@1 0.884 at 1.0, 0.895 at 0.5, 0.900 at 0.3, 0.902 at 0.2, 0.868 at 0.
const CONTEXT_SENTENCE_SHARE: f32 = 0.3;

/// A searched term: its weight, which question words it stands for, and whether one is in the ask.
#[derive(Debug, Clone, Default)]
struct Wanted {
    boost: f32,
    words: BTreeSet<String>,
    in_ask: bool,
}

/// The field holding each passage's aspects, and the score an asked aspect adds.
#[derive(Debug, Clone, Copy)]
pub struct AspectField {
    /// The field.
    pub field: Field,
    /// The score added per aspect the asked part names.
    pub weight: f32,
    /// The share of it for an aspect named only before the ask.
    pub context_weight: f32,
    /// The score added to the sentence of a passage that says an asked aspect.
    pub sentence_weight: f32,
}

/// The clauses for one question, and whether the question is covered.
pub struct QueryPlan {
    /// Each searched term with its weight and document frequency.
    clauses: Vec<(f32, Term, u64)>,
    /// The searched terms (text) that occur only in the context before the ask.
    context_only: BTreeSet<String>,
    /// Aspect terms with the fixed score each adds.
    aspect_clauses: Vec<(f32, Term)>,
    /// Enough of the question's content words matched to answer from this corpus.
    pub covered: bool,
    /// The question's content words that matched nothing here.
    pub unmatched_words: Vec<String>,
}

impl QueryPlan {
    /// Looks a prepared question's terms up in the searched fields.
    pub fn build(
        fields: &[SearchedField],
        aspects: Option<AspectField>,
        vocabulary: &Vocabulary,
        question: &Prepared,
    ) -> Self {
        let mut wanted: BTreeMap<String, Wanted> = BTreeMap::new();
        let mut want = |term: &str, boost: f32, words: &[String], in_ask: bool| {
            if wanted.len() >= MAX_TERMS && !wanted.contains_key(term) {
                return;
            }
            let entry = wanted.entry(term.to_owned()).or_default();
            entry.boost = entry.boost.max(boost);
            entry.words.extend(words.iter().cloned());
            entry.in_ask |= in_ask;
        };
        let indexed = |term: &str| fields.iter().any(|searched| searched.doc_freq(term) > 0);
        for word in &question.words {
            want(&word.term, word.boost, std::slice::from_ref(&word.key), word.in_ask);
        }
        for applied in &question.expansions {
            let Some(expansion) = vocabulary.expansions.get(applied.index) else { continue };
            // When the phrase's own words are not in the index ("inclusion body myositis" where the article
            // only writes "IBM"), the expansion is the only way to match: full weight.
            let phrase_indexed = expansion.phrase_terms.iter().any(|term| indexed(term));
            let boost = if phrase_indexed { EXPANSION_BOOST } else { 1.0 } * applied.focus;
            for term in &expansion.extra_terms {
                want(term, boost, &applied.covered, applied.in_ask);
            }
        }

        let mut plan = QueryPlan {
            clauses: Vec::new(),
            context_only: wanted.iter().filter(|(_, w)| !w.in_ask).map(|(t, _)| t.clone()).collect(),
            aspect_clauses: Vec::new(),
            covered: false,
            unmatched_words: Vec::new(),
        };
        let mut matched_words = BTreeSet::new();
        for (term_text, w) in &wanted {
            let mut matched = false;
            for searched in fields {
                let doc_freq = searched.doc_freq(term_text);
                if doc_freq > 0 {
                    plan.clauses.push((
                        w.boost * searched.boost,
                        Term::from_field_text(searched.field, term_text),
                        doc_freq,
                    ));
                    matched = true;
                }
            }
            if matched {
                matched_words.extend(w.words.iter().cloned());
            }
        }
        if let Some(aspect) = aspects {
            for (id, in_ask) in &question.aspects {
                let weight = if *in_ask { aspect.weight } else { aspect.weight * aspect.context_weight };
                plan.aspect_clauses.push((weight, Term::from_field_text(aspect.field, id)));
            }
        }
        plan.covered = covered(&CoverageInput {
            content: &question.content_words,
            matched: &matched_words,
            outside: &question.outside,
            gaps: !question.undosed.is_empty() || !question.unaddressed.is_empty(),
            min_coverage: vocabulary.min_coverage,
        });
        let unmatched: BTreeSet<&String> = question
            .content_words
            .keys()
            .filter(|w| !matched_words.contains(*w))
            .chain(question.outside.iter().map(|(topic, _)| topic))
            .collect();
        plan.unmatched_words = unmatched.into_iter().cloned().collect();
        plan
    }

    /// Each term searched in `field`, weighted for finding the answering sentence: its clause's weight
    /// times its BM25 inverse document frequency over the corpus's `docs` documents, and a share of that
    /// for a term only in the context before the ask.
    pub fn term_weights(&self, field: Field, docs: usize) -> FxHashMap<String, f32> {
        let n = docs as f32;
        let mut weights = FxHashMap::default();
        for (boost, term, doc_freq) in self.clauses.iter().filter(|(_, t, _)| t.field() == field) {
            let value = term.value();
            let Some(text) = value.as_str() else { continue };
            let df = *doc_freq as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let share = if self.context_only.contains(text) { CONTEXT_SENTENCE_SHARE } else { 1.0 };
            let weight = weights.entry(text.to_owned()).or_insert(0.0f32);
            *weight = weight.max(boost * idf * share);
        }
        weights
    }

    /// The indexed terms searched, each with its document frequency.
    pub fn terms(&self) -> impl Iterator<Item = (&Term, u64)> {
        self.clauses.iter().map(|(_, term, doc_freq)| (term, *doc_freq))
    }

    /// The query: every clause optional, each term scored with BM25 and its weight, each aspect a fixed score.
    pub fn query(&self) -> BooleanQuery {
        let terms = self.clauses.iter().map(|(boost, term, _)| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            (Occur::Should, Box::new(BoostQuery::new(q, *boost)) as Box<dyn Query>)
        });
        let aspects = self.aspect_clauses.iter().map(|(score, term)| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic));
            (Occur::Should, Box::new(ConstScoreQuery::new(q, *score)) as Box<dyn Query>)
        });
        BooleanQuery::new(terms.chain(aspects).collect())
    }
}

/// A searched field: its weight, and its term dictionary (read once: the corpus never changes).
pub struct SearchedField {
    /// The field.
    pub field: Field,
    /// Its weight.
    pub boost: f32,
    /// How many documents hold each indexed term: read once, since the index never changes after it is
    /// built, so a question's terms are looked up without the term dictionary.
    doc_freqs: FxHashMap<String, u64>,
}

impl SearchedField {
    /// Reads the field's term dictionary from every segment.
    pub fn read(searcher: &Searcher, field: Field, boost: f32) -> Result<Self, TantivyError> {
        let mut doc_freqs: FxHashMap<String, u64> = FxHashMap::default();
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(field)?;
            let mut stream = index.terms().stream()?;
            while stream.advance() {
                if let Ok(text) = std::str::from_utf8(stream.key()) {
                    *doc_freqs.entry(text.to_owned()).or_default() += u64::from(stream.value().doc_freq);
                }
            }
        }
        Ok(Self { field, boost, doc_freqs })
    }

    /// How many documents hold `term` (analyzed text) in this field.
    fn doc_freq(&self, term: &str) -> u64 {
        self.doc_freqs.get(term).copied().unwrap_or(0)
    }
}
