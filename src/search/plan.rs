//! Turns a prepared question into optional BM25 term clauses for one corpus: the words themselves,
//! query-time expansions at a lower weight (typos were corrected once, by the speller, before), and a fixed score
//! for each aspect asked that a passage addresses; and decides, by the coverage rule, whether the corpus
//! answers at all.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, ConstScorer, EmptyScorer, EnableScoring, Explanation, Occur, Query, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, Searcher, SegmentReader, TantivyError, Term};

use super::aspects::query_terms;
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
struct Wanted<'a> {
    boost: f32,
    words: Vec<&'a str>,
    in_ask: bool,
}

/// The field holding each passage's aspects, and the score an asked aspect adds.
#[derive(Debug, Clone, Copy)]
pub struct AspectField {
    /// The field.
    pub field: Field,
    /// The score added per aspect the asked part names.
    pub weight: f32,
    /// The score added per finding asked (aspects.toml `finding_weight`).
    pub finding_weight: f32,
    /// The share of it for an aspect named only before the ask.
    pub context_weight: f32,
    /// The score added to the sentence of a passage that says an asked aspect.
    pub sentence_weight: f32,
    /// The share of its score a passage keeps when the question's patient is not the one its setting presumes.
    pub setting_share: f32,
}

/// One searched term in one field.
#[derive(Clone)]
struct Clause {
    /// Its weight (the word's, times the field's).
    boost: f32,
    term: Term,
    /// How many documents hold it.
    doc_freq: u64,
    /// Its BM25 weight, built with the index.
    weight: Arc<dyn Weight>,
    /// A word it stands for is in the ask (else it is only in the context before it).
    in_ask: bool,
}

/// The clauses for one question, and whether the question is covered.
pub struct QueryPlan {
    /// Each searched term with its weight and document frequency.
    clauses: Vec<Clause>,
    /// Aspect terms with the fixed score each adds.
    aspect_clauses: Vec<(f32, Term)>,
    /// Enough of the question's content words matched to answer from this corpus.
    pub covered: bool,
    /// The question's content words that matched nothing here.
    pub unmatched_words: Vec<String>,
}

impl QueryPlan {
    /// Looks a prepared question's terms up in the searched fields.
    pub fn build<'q>(
        fields: &[SearchedField],
        aspects: Option<AspectField>,
        vocabulary: &'q Vocabulary,
        question: &'q Prepared,
    ) -> Self {
        let mut wanted: BTreeMap<&str, Wanted> = BTreeMap::new();
        let mut want = |term: &'q str, boost: f32, words: &'q [String], in_ask: bool| {
            if wanted.len() >= MAX_TERMS && !wanted.contains_key(term) {
                return;
            }
            let entry = wanted.entry(term).or_default();
            entry.boost = entry.boost.max(boost);
            entry.words.extend(words.iter().map(String::as_str));
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

        let mut plan =
            QueryPlan { clauses: Vec::new(), aspect_clauses: Vec::new(), covered: false, unmatched_words: Vec::new() };
        let mut matched_words = BTreeSet::new();
        for (&term_text, w) in &wanted {
            let mut matched = false;
            for searched in fields {
                let Some(indexed) = searched.terms.get(term_text) else { continue };
                plan.clauses.push(Clause {
                    boost: w.boost * searched.boost,
                    term: Term::from_field_text(searched.field, term_text),
                    doc_freq: indexed.doc_freq,
                    weight: Arc::clone(&indexed.weight),
                    in_ask: w.in_ask,
                });
                matched = true;
            }
            if matched {
                matched_words.extend(w.words.iter().copied());
            }
        }
        if let Some(aspect) = aspects {
            let drugs: Vec<&str> = question.asked_drugs.iter().map(String::as_str).collect();
            for (id, in_ask) in &question.aspects {
                let full = if vocabulary.aspects.is_finding(id) { aspect.finding_weight } else { aspect.weight };
                let weight = if *in_ask { full } else { full * aspect.context_weight };
                for term in query_terms(id, &drugs) {
                    plan.aspect_clauses.push((weight, Term::from_field_text(aspect.field, &term)));
                }
            }
        }
        plan.covered = covered(&CoverageInput {
            content: &question.content_words,
            matched: &matched_words,
            outside: &question.outside,
            gaps: !question.undosed.is_empty() || !question.unaddressed.is_empty(),
            min_coverage: vocabulary.min_coverage,
            asks_aspect: aspects.is_some()
                && question.aspects.iter().any(|(id, in_ask)| *in_ask && vocabulary.aspects.is_of_the_disease(id)),
            ask_names_topic: !question.asked_drugs.is_empty() || question.ask_names_subject,
            outside_is_story: question
                .outside
                .iter()
                .all(|(topic, in_ask)| !in_ask && vocabulary.story_conditions.contains(topic)),
            findings: if aspects.is_some() {
                question.aspects.iter().filter(|(id, _)| vocabulary.aspects.is_finding(id)).count() as f64
            } else {
                0.0
            },
        });
        let unmatched: BTreeSet<&String> = question
            .content_words
            .keys()
            .filter(|w| !matched_words.contains(w.as_str()))
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
        for clause in self.clauses.iter().filter(|c| c.term.field() == field) {
            let value = clause.term.value();
            let Some(text) = value.as_str() else { continue };
            let df = clause.doc_freq as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let share = if clause.in_ask { 1.0 } else { CONTEXT_SENTENCE_SHARE };
            let weight = weights.entry(text.to_owned()).or_insert(0.0f32);
            *weight = weight.max(clause.boost * idf * share);
        }
        weights
    }

    /// The indexed terms searched, each with its document frequency.
    pub fn terms(&self) -> impl Iterator<Item = (&Term, u64)> {
        self.clauses.iter().map(|c| (&c.term, c.doc_freq))
    }

    /// The query: every clause optional, each term scored with BM25 and its weight, each aspect a fixed score
    /// for the documents `matching` finds it in. Scored as `BoostQuery(TermQuery)` and
    /// `ConstScoreQuery(TermQuery)` are, from the weights built with the index.
    pub fn query(&self, matching: &FxHashMap<String, Arc<dyn Weight>>) -> BooleanQuery {
        let terms = self.clauses.iter().map(|c| {
            let boosted = Boosted { weight: Arc::clone(&c.weight), boost: c.boost };
            (Occur::Should, Box::new(boosted) as Box<dyn Query>)
        });
        let aspects = self.aspect_clauses.iter().map(|(score, term)| {
            let matches = term.value().as_str().and_then(|id| matching.get(id)).map(Arc::clone);
            (Occur::Should, Box::new(Constant { matches, score: *score }) as Box<dyn Query>)
        });
        BooleanQuery::new(terms.chain(aspects).collect())
    }
}

/// A term's BM25 weight times a clause's weight: what `BoostWeight` over a `TermWeight` scores.
#[derive(Clone)]
struct Boosted {
    weight: Arc<dyn Weight>,
    boost: Score,
}

impl std::fmt::Debug for Boosted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Boosted(boost={})", self.boost)
    }
}

impl Query for Boosted {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Boosted {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.weight.scorer(reader, boost * self.boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let underlying = self.weight.explain(reader, doc)?;
        let mut explanation =
            Explanation::new_with_string(format!("Boost x{} of ...", self.boost), underlying.value() * self.boost);
        explanation.add_detail(underlying);
        Ok(explanation)
    }
}

/// A fixed score for the documents an unscored term weight matches (none when the term is not indexed):
/// what `ConstScoreQuery` over a `TermQuery` scores.
#[derive(Clone)]
struct Constant {
    matches: Option<Arc<dyn Weight>>,
    score: Score,
}

impl std::fmt::Debug for Constant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Constant(score={})", self.score)
    }
}

impl Query for Constant {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Constant {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = match &self.matches {
            Some(weight) => weight.scorer(reader, 1.0)?,
            None => Box::new(EmptyScorer),
        };
        Ok(Box::new(ConstScorer::new(inner, boost * self.score)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("Document #({doc}) does not match")));
        }
        Ok(Explanation::new("Const", self.score))
    }
}

/// The unscored weight of each term of `field` that `searcher` indexes (an aspect field's ids), for
/// [`QueryPlan::query`].
pub fn unscored_terms(searcher: &Searcher, field: Field) -> Result<FxHashMap<String, Arc<dyn Weight>>, TantivyError> {
    let mut weights = FxHashMap::default();
    for text in indexed(searcher, field)?.into_keys() {
        let query = TermQuery::new(Term::from_field_text(field, &text), IndexRecordOption::Basic);
        weights.insert(text, Arc::from(query.weight(EnableScoring::disabled_from_searcher(searcher))?));
    }
    Ok(weights)
}

/// How many documents hold each term of `field`, from every segment's term dictionary.
fn indexed(searcher: &Searcher, field: Field) -> Result<FxHashMap<String, u64>, TantivyError> {
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
    Ok(doc_freqs)
}

/// An indexed term of a searched field: how many documents hold it, and its BM25 weight.
pub struct IndexedTerm {
    doc_freq: u64,
    weight: Arc<dyn Weight>,
}

/// A searched field: its weight, and its terms with their BM25 weights (built once: the corpus never changes).
pub struct SearchedField {
    /// The field.
    pub field: Field,
    /// Its weight.
    pub boost: f32,
    /// Each indexed term: read once, since the index never changes after it is built, so a question's
    /// terms are looked up without the term dictionary and scored without building a weight again.
    terms: FxHashMap<String, IndexedTerm>,
}

impl SearchedField {
    /// Reads the field's term dictionary from every segment, and builds each term's BM25 weight from the
    /// figures the searcher would compute (document frequencies, the field's tokens, the documents).
    pub fn read(searcher: &Searcher, field: Field, boost: f32) -> Result<Self, TantivyError> {
        let doc_freqs = indexed(searcher, field)?;
        let mut total_num_tokens = 0;
        for segment in searcher.segment_readers() {
            total_num_tokens += segment.inverted_index(field)?.total_num_tokens();
        }
        let statistics = Statistics { doc_freqs: &doc_freqs, total_num_tokens, searcher };
        let scoring = EnableScoring::enabled_from_statistics_provider(&statistics, searcher);
        let mut terms = FxHashMap::default();
        for (text, &doc_freq) in &doc_freqs {
            let query = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
            terms.insert(text.clone(), IndexedTerm { doc_freq, weight: Arc::from(query.weight(scoring)?) });
        }
        Ok(Self { field, boost, terms })
    }

    /// How many documents hold `term` (analyzed text) in this field.
    fn doc_freq(&self, term: &str) -> u64 {
        self.terms.get(term).map_or(0, |t| t.doc_freq)
    }
}

/// BM25's statistics for one searched field, from what it read once at build time (the same figures the
/// searcher would compute, without walking the term dictionary again for every term).
struct Statistics<'a> {
    doc_freqs: &'a FxHashMap<String, u64>,
    total_num_tokens: u64,
    searcher: &'a Searcher,
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, _: Field) -> tantivy::Result<u64> {
        Ok(self.total_num_tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        match term.value().as_str().and_then(|t| self.doc_freqs.get(t)) {
            Some(&doc_freq) => Ok(doc_freq),
            None => self.searcher.doc_freq(term),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rustc_hash::FxHashMap;
    use tantivy::query::EmptyWeight;
    use tantivy::schema::Field;

    use super::{AspectField, EXPANSION_BOOST, IndexedTerm, MAX_TERMS, QueryPlan, SearchedField};
    use crate::knowledge::{Aspect, Aspects, Synonyms};
    use crate::search::analyzer::medical_analyzer;
    use crate::search::aspects::AspectCues;
    use crate::search::focus::Focus;
    use crate::search::prepare::{AppliedExpansion, Content, Prepared, QuestionWord};
    use crate::search::vocabulary::{Expansion, Vocabulary};

    const TITLE: u32 = 0;
    const BODY: u32 = 1;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| (*s).to_owned()).collect()
    }

    fn field(id: u32, boost: f32, terms: &[(&str, u64)]) -> SearchedField {
        let terms: FxHashMap<String, IndexedTerm> = terms
            .iter()
            .map(|(t, n)| ((*t).to_owned(), IndexedTerm { doc_freq: *n, weight: Arc::new(EmptyWeight) }))
            .collect();
        SearchedField { field: Field::from_field_id(id), boost, terms }
    }

    /// No vocabulary but one expansion ("trouble swallowing" → dysphagia) and the coverage rule.
    fn vocabulary() -> Vocabulary {
        let mut vocabulary = Vocabulary::plain(&mut medical_analyzer(&Synonyms::default()), Synonyms::default(), []);
        vocabulary.expansions.push(Expansion {
            words: strings(&["trouble", "swallowing"]),
            phrase_terms: strings(&["troubl", "swallow"]),
            extra_terms: strings(&["dysphagia"]),
        });
        vocabulary.min_coverage = 0.5;
        vocabulary
    }

    /// A question of (term, boost) words, each its own key, and (key, weight) content words in the ask.
    fn prepared(words: &[(&str, f32)], content: &[(&str, f64)]) -> Prepared {
        Prepared {
            words: words
                .iter()
                .map(|(t, boost)| QuestionWord {
                    term: (*t).to_owned(),
                    boost: *boost,
                    key: (*t).to_owned(),
                    in_ask: true,
                })
                .collect(),
            content_words: content
                .iter()
                .map(|(k, w)| ((*k).to_owned(), Content { weight: *w, in_ask: true }))
                .collect(),
            expansions: Vec::new(),
            outside: Vec::new(),
            undosed: Vec::new(),
            unaddressed: Vec::new(),
            aspects: Vec::new(),
            elsewhere: None,
            drugs: Vec::new(),
            asked_drugs: Vec::new(),
            ask_names_subject: false,
            read_as: Vec::new(),
            forms: Vec::new(),
            focus: Focus::plain(),
            question: String::new(),
        }
    }

    fn swallowing(focus: f32) -> Prepared {
        let mut question = prepared(&[("troubl", 1.0), ("swallow", 1.0)], &[("trouble", 1.0), ("swallowing", 1.0)]);
        question.words[0].key = "trouble".into();
        question.words[1].key = "swallowing".into();
        question.expansions.push(AppliedExpansion {
            index: 0,
            covered: strings(&["trouble", "swallowing"]),
            focus,
            in_ask: true,
        });
        question
    }

    /// (weight, field id, term, document frequency) of each clause.
    fn clauses(plan: &QueryPlan) -> Vec<(f32, u32, String, u64)> {
        plan.clauses
            .iter()
            .map(|c| (c.boost, c.term.field().field_id(), c.term.value().as_str().unwrap_or("").to_owned(), c.doc_freq))
            .collect()
    }

    fn weight_of(plan: &QueryPlan, term: &str) -> Option<f32> {
        clauses(plan).into_iter().find(|(_, _, t, _)| t == term).map(|(w, ..)| w)
    }

    #[test]
    fn a_word_is_searched_in_each_field_that_holds_it_at_the_fields_weight() {
        let fields = [field(TITLE, 0.2, &[("ivig", 1)]), field(BODY, 1.0, &[("ivig", 3), ("dm", 5)])];
        let question = prepared(&[("ivig", 1.0), ("dose", 0.3), ("zorblat", 1.0)], &[("ivig", 1.0), ("zorblat", 0.5)]);
        let plan = QueryPlan::build(&fields, None, &vocabulary(), &question);
        assert_eq!(clauses(&plan), [(0.2, TITLE, "ivig".to_owned(), 1), (1.0, BODY, "ivig".to_owned(), 3)]);
        assert_eq!(plan.unmatched_words, ["zorblat"]);
        assert!(plan.covered, "1 of 1.5 content matched");
        let generic_only = prepared(&[("dose", 0.3)], &[]);
        let plan = QueryPlan::build(&fields, None, &vocabulary(), &generic_only);
        assert!(plan.clauses.is_empty() && !plan.covered, "nothing indexed, nothing covered");
    }

    #[test]
    fn an_expansion_weighs_less_than_the_words_typed_unless_its_phrase_is_not_indexed() {
        let indexed = [field(BODY, 1.0, &[("swallow", 2), ("dysphagia", 1)])];
        let plan = QueryPlan::build(&indexed, None, &vocabulary(), &swallowing(1.0));
        assert_eq!(weight_of(&plan, "dysphagia"), Some(EXPANSION_BOOST));
        assert_eq!(weight_of(&plan, "swallow"), Some(1.0));
        // "inclusion body myositis" where the article writes only "IBM": the expansion is the only match.
        let phrase_absent = [field(BODY, 1.0, &[("dysphagia", 1)])];
        let plan = QueryPlan::build(&phrase_absent, None, &vocabulary(), &swallowing(1.0));
        assert_eq!(weight_of(&plan, "dysphagia"), Some(1.0));
        assert!(plan.covered && plan.unmatched_words.is_empty(), "the expansion covers the words it stands for");
        // In a history span the expansion weighs its focus weight too.
        let plan = QueryPlan::build(&indexed, None, &vocabulary(), &swallowing(0.3));
        assert_eq!(weight_of(&plan, "dysphagia"), Some(EXPANSION_BOOST * 0.3));
    }

    #[test]
    fn words_an_expansion_stands_for_are_unmatched_when_its_terms_are_not_indexed() {
        let fields = [field(BODY, 1.0, &[("ivig", 1)])];
        let plan = QueryPlan::build(&fields, None, &vocabulary(), &swallowing(1.0));
        assert!(!plan.covered);
        assert_eq!(plan.unmatched_words, ["swallowing", "trouble"]);
        // An applied expansion the vocabulary does not have adds nothing.
        let mut question = swallowing(1.0);
        question.expansions[0].index = 7;
        let fields = [field(BODY, 1.0, &[("dysphagia", 1)])];
        assert!(QueryPlan::build(&fields, None, &vocabulary(), &question).clauses.is_empty());
    }

    #[test]
    fn a_term_asked_twice_keeps_its_highest_weight() {
        let fields = [field(BODY, 1.0, &[("ivig", 1), ("swallow", 1), ("dysphagia", 1)])];
        let mut question = swallowing(1.0);
        question.words.push(QuestionWord {
            term: "dysphagia".into(),
            boost: 0.3,
            key: "dysphagia".into(),
            in_ask: true,
        });
        let plan = QueryPlan::build(&fields, None, &vocabulary(), &question);
        assert_eq!(weight_of(&plan, "dysphagia"), Some(EXPANSION_BOOST));
        let question = prepared(&[("ivig", 0.3), ("ivig", 1.0), ("ivig", 0.5)], &[("ivig", 1.0)]);
        assert_eq!(weight_of(&QueryPlan::build(&fields, None, &vocabulary(), &question), "ivig"), Some(1.0));
    }

    #[test]
    fn at_most_64_distinct_terms_are_searched_the_first_ones_asked() {
        let names: Vec<String> = (0..MAX_TERMS + 6).map(|i| format!("t{i:02}")).collect();
        let indexed: Vec<(&str, u64)> = names.iter().map(|n| (n.as_str(), 1)).collect();
        let fields = [field(BODY, 1.0, &indexed)];
        let mut words: Vec<(&str, f32)> = names.iter().map(|n| (n.as_str(), 1.0)).collect();
        // A term already searched still takes a higher weight asked later.
        words.push(("t00", 2.0));
        let plan = QueryPlan::build(&fields, None, &vocabulary(), &prepared(&words, &[]));
        assert_eq!(plan.clauses.len(), MAX_TERMS);
        assert_eq!(weight_of(&plan, "t63"), Some(1.0));
        assert_eq!(weight_of(&plan, "t64"), None);
        assert_eq!(weight_of(&plan, "t00"), Some(2.0));
    }

    #[test]
    fn an_outside_topic_or_a_gap_is_never_covered_and_the_topic_is_listed_unmatched() {
        let fields = [field(BODY, 1.0, &[("mtx", 2)])];
        let question = || prepared(&[("mtx", 1.0)], &[("mtx", 1.0)]);
        assert!(QueryPlan::build(&fields, None, &vocabulary(), &question()).covered);
        let mut pregnant = question();
        pregnant.outside.push(("pregnancy".into(), true));
        let plan = QueryPlan::build(&fields, None, &vocabulary(), &pregnant);
        assert!(!plan.covered);
        assert_eq!(plan.unmatched_words, ["pregnancy"]);
        let mut undosed = question();
        undosed.undosed.push("rituximab".into());
        assert!(!QueryPlan::build(&fields, None, &vocabulary(), &undosed).covered);
    }

    #[test]
    fn an_asked_aspect_adds_a_fixed_score_and_its_share_when_only_the_context_names_it() {
        let aspects = AspectField {
            field: Field::from_field_id(2),
            weight: 2.0,
            finding_weight: 2.0,
            context_weight: 0.5,
            sentence_weight: 0.5,
            setting_share: 1.0,
        };
        let fields = [field(BODY, 1.0, &[("ivig", 1)])];
        let mut question = prepared(&[("ivig", 1.0)], &[("ivig", 1.0)]);
        question.aspects = vec![("dose".into(), true), ("lung".into(), false)];
        let plan = QueryPlan::build(&fields, Some(aspects), &vocabulary(), &question);
        let added: Vec<(f32, String)> =
            plan.aspect_clauses.iter().map(|(w, t)| (*w, t.value().as_str().unwrap_or("").to_owned())).collect();
        let expected = [(2.0, "dose"), (2.0, "dose@"), (1.0, "lung"), (1.0, "lung@")].map(|(w, t)| (w, t.to_owned()));
        assert_eq!(added, expected, "no drug asked: passages that say it of any drug too");
        assert_eq!(
            plan.query(&FxHashMap::default()).clauses().len(),
            5,
            "one term and four aspect terms, all optional"
        );
        question.asked_drugs = vec!["ivig".into()];
        let plan = QueryPlan::build(&fields, Some(aspects), &vocabulary(), &question);
        let terms: Vec<String> =
            plan.aspect_clauses.iter().map(|(_, t)| t.value().as_str().unwrap_or("").to_owned()).collect();
        assert_eq!(terms, ["dose", "dose@ivig", "lung", "lung@ivig"], "IVIG asked: only what is said of it");
        // The reference corpus has no aspect field: nothing added.
        assert!(QueryPlan::build(&fields, None, &vocabulary(), &question).aspect_clauses.is_empty());
    }

    #[test]
    fn an_asked_finding_adds_the_finding_weight() {
        let aspects = AspectField {
            field: Field::from_field_id(2),
            weight: 2.0,
            finding_weight: 4.0,
            context_weight: 0.5,
            sentence_weight: 0.5,
            setting_share: 1.0,
        };
        let finding = Aspect {
            id: "ck-strength".into(),
            label: "muscle enzymes that disagree with strength".into(),
            asked_by: vec!["ck + strength".into()],
            scoped: false,
            overrides: Vec::new(),
            never_addressed: false,
            closest: None,
            sentence_weight: None,
            finding: true,
            of_the_disease: false,
        };
        let file = Aspects {
            aspect_weight: 2.0,
            finding_weight: Some(4.0),
            context_weight: 0.5,
            sentence_weight: 0.5,
            setting_share: 1.0,
            aspects: vec![finding],
            passages: Vec::new(),
            reminders: Vec::new(),
        };
        let mut vocabulary = vocabulary();
        vocabulary.aspects = AspectCues::new(&mut medical_analyzer(&Synonyms::default()), &file);
        let fields = [field(BODY, 1.0, &[("ck", 1)])];
        let mut question = prepared(&[("ck", 1.0)], &[("ck", 1.0)]);
        question.aspects = vec![("ck-strength".into(), true), ("monitoring".into(), true)];
        let plan = QueryPlan::build(&fields, Some(aspects), &vocabulary, &question);
        let added: Vec<(f32, String)> =
            plan.aspect_clauses.iter().map(|(w, t)| (*w, t.value().as_str().unwrap_or("").to_owned())).collect();
        let expected = [(4.0, "ck-strength"), (4.0, "ck-strength@"), (2.0, "monitoring"), (2.0, "monitoring@")];
        assert_eq!(added, expected.map(|(w, t)| (w, t.to_owned())), "the finding outweighs the general aspect");
    }

    #[test]
    fn a_terms_sentence_weight_is_its_clause_weight_times_its_rarity_in_that_field() {
        let fields = [field(TITLE, 0.2, &[("ivig", 1)]), field(BODY, 1.0, &[("ivig", 3), ("dm", 10)])];
        let question = prepared(&[("ivig", 1.0), ("dm", 0.5)], &[("ivig", 1.0), ("dm", 1.0)]);
        let plan = QueryPlan::build(&fields, None, &vocabulary(), &question);
        let weights = plan.term_weights(Field::from_field_id(BODY), 11);
        let idf = |df: f32| (1.0 + (11.0 - df + 0.5) / (df + 0.5)).ln();
        assert_eq!(weights.len(), 2, "the title's clause is not the body's");
        assert!((weights["ivig"] - idf(3.0)).abs() < 1e-6);
        assert!((weights["dm"] - 0.5 * idf(10.0)).abs() < 1e-6);
        assert!(weights["ivig"] > weights["dm"]);
        assert_eq!(plan.terms().count(), 3);
    }

    #[test]
    fn a_term_only_in_the_context_before_the_ask_weighs_a_share_in_choosing_the_sentence() {
        let fields = [field(BODY, 1.0, &[("ivig", 3), ("combination", 1)])];
        let mut question = prepared(&[("ivig", 1.0), ("combination", 1.0)], &[("ivig", 1.0), ("combination", 1.0)]);
        question.words[0].in_ask = false;
        let plan = QueryPlan::build(&fields, None, &vocabulary(), &question);
        let weights = plan.term_weights(Field::from_field_id(BODY), 11);
        let idf = |df: f32| (1.0 + (11.0 - df + 0.5) / (df + 0.5)).ln();
        assert!((weights["ivig"] - super::CONTEXT_SENTENCE_SHARE * idf(3.0)).abs() < 1e-6);
        assert!((weights["combination"] - idf(1.0)).abs() < 1e-6, "a term of the ask weighs in full");
        // The passage search itself weighs both in full.
        assert!(plan.clauses.iter().all(|c| (c.boost - 1.0).abs() < 1e-6));
    }
}
