//! Turns a question into optional BM25 term clauses: the words themselves, query-time expansions at a
//! lower weight, and typo corrections scored with BM25 at a lower weight still. Also decides whether the
//! question is covered at all: most of its content words must match something.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use tantivy::Searcher;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{TantivyError, Term};

use super::analyzer::{analyze, analyzed_set};
use super::doses::DoseGaps;
use super::edits::{self, ByLength};
use super::outside::OutsideTopics;
use crate::knowledge::Synonyms;

/// Weight of words added by an expansion (drug class, lay word) relative to the words typed.
const EXPANSION_BOOST: f32 = 0.6;
/// Weight of a generic word ("dose", "patient"): searched, but it must not outweigh the subject.
const GENERIC_BOOST: f32 = 0.3;
/// Weight of an everyday English word ("way", "same", "works"): it may help rank, never decide.
const EVERYDAY_BOOST: f32 = 0.5;
/// How much a word the bot has never seen counts towards coverage, relative to a known word: it is as
/// likely everyday English ("bump", "shot") as a medical topic the article does not cover.
const UNKNOWN_WORD_WEIGHT: f64 = 0.5;
/// Weight of a typo correction relative to the word typed.
const TYPO_BOOST: f32 = 0.7;
/// At most this many distinct terms are searched, so very long input stays fast.
const MAX_TERMS: usize = 64;

/// What a question's words are matched with.
pub struct Vocabulary {
    /// Canonical forms and expansions.
    pub synonyms: Synonyms,
    /// Analyzed generic words.
    pub generic: BTreeSet<String>,
    /// Analyzed everyday English words (a standard stopword list, minus the words the vocabulary gives a
    /// medical meaning): searched at a lower weight, and they neither cover a question nor count against it.
    pub everyday: BTreeSet<String>,
    /// Every word the bot knows (the documents' words, the vocabulary's words), for correcting typos.
    pub lexicon: BTreeSet<String>,
    /// Words the bot recognises but never corrects a typo into: the `outside` topics, so that a misspelt
    /// covered word ("injections") is not turned into an uncovered one ("infections").
    recognised: BTreeSet<String>,
    /// Topics the article does not address: a question asking about one is not answered from the article.
    outside: OutsideTopics,
    /// The expansion phrases, analyzed once.
    expansions: Vec<Expansion>,
    /// Which expansions start with a given word or stem, so a question only tries the ones that can match.
    expansions_by_first: HashMap<String, Vec<usize>>,
    /// Drugs the article names without a dose, for questions that ask for one.
    dose_gaps: DoseGaps,
    /// Whether unknown words of 5+ characters are corrected (against the index and the vocabulary).
    pub typos: bool,
    /// More than this share of the question's content words must match for the question to be covered.
    pub min_coverage: f64,
}

impl Vocabulary {
    /// Builds the medical vocabulary over the documents' texts, with the drugs the article names undosed.
    pub fn medical<'a>(
        analyzer: &mut TextAnalyzer,
        synonyms: Synonyms,
        texts: impl IntoIterator<Item = &'a str>,
        dose_gaps: DoseGaps,
        min_coverage: f64,
    ) -> Self {
        let medical = synonyms.medical_words();
        let english: Vec<String> = stop_words::get(stop_words::Language::English)
            .iter()
            .map(|w| w.to_lowercase())
            // Two-letter entries are mostly country codes; in a clinic's chat they are abbreviations ("jo", "cd").
            .filter(|w| w.chars().count() > 2 && w.chars().all(char::is_alphabetic) && !medical.contains(w.as_str()))
            .collect();
        let everyday = analyzed_set(analyzer, &english);
        let mut vocabulary = Self::plain(analyzer, synonyms, texts);
        vocabulary.lexicon.extend(english);
        vocabulary.everyday = everyday;
        vocabulary.dose_gaps = dose_gaps;
        vocabulary.typos = true;
        vocabulary.min_coverage = min_coverage;
        vocabulary
    }

    /// The plain-BM25 baseline's vocabulary: the documents' words and nothing else changes the query
    /// (no typo correction, no coverage rule).
    pub fn plain<'a>(
        analyzer: &mut TextAnalyzer,
        synonyms: Synonyms,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut lexicon: BTreeSet<String> = texts.into_iter().flat_map(split_words).collect();
        lexicon.extend(synonyms.expand.keys().flat_map(|phrase| split_words(phrase)));
        lexicon.extend(synonyms.canonical.keys().cloned());
        lexicon.extend(synonyms.stopwords.iter().cloned());
        lexicon.extend(synonyms.generic.iter().cloned());
        let generic = analyzed_set(analyzer, &synonyms.generic);
        let recognised = synonyms.outside.iter().flat_map(|phrase| split_words(phrase)).collect();
        // Compared with the question's keys, so written the same way ("resistance" may be canonicalised).
        let outside =
            OutsideTopics::new(&synonyms, |w| synonyms.canonical.get(w).cloned().unwrap_or_else(|| w.to_owned()));
        let terms =
            |analyzer: &mut TextAnalyzer, text: &str| analyze(analyzer, text).into_iter().map(|w| w.term).collect();
        let expansions: Vec<Expansion> = synonyms
            .expand
            .iter()
            .map(|(phrase, extra)| {
                let words = phrase_words(phrase);
                let phrase_terms = terms(analyzer, &words.join(" "));
                Expansion { words, phrase_terms, extra_terms: terms(analyzer, extra) }
            })
            .collect();
        Self {
            synonyms,
            generic,
            everyday: BTreeSet::new(),
            lexicon,
            recognised,
            outside,
            expansions_by_first: index_by_first(&expansions),
            expansions,
            dose_gaps: DoseGaps::default(),
            typos: false,
            min_coverage: 0.0,
        }
    }

    /// The question with misspelt words of 5+ letters replaced by the closest known word (1 edit, 2 from
    /// 9 letters, same first letter), so that synonyms and expansions apply to them too.
    pub fn correct(&self, question: &str) -> String {
        if !self.typos {
            return question.to_owned();
        }
        let mut out = String::with_capacity(question.len());
        let mut word = String::new();
        for c in question.chars().chain(std::iter::once(' ')) {
            if c.is_alphanumeric() {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                out.push_str(&self.spelling(&word).unwrap_or_else(|| word.clone()));
                word.clear();
            }
            out.push(c);
        }
        out.pop();
        out
    }

    fn spelling(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        let chars = lower.chars().count();
        if chars < 5 || lower.chars().any(|c| c.is_ascii_digit()) || self.knows(&lower) {
            return None;
        }
        let allowed = if chars >= 9 { 2 } else { 1 };
        let first = lower.chars().next()?;
        // Only words with the same first letter: a range of the sorted lexicon.
        let from = first.to_string();
        self.lexicon
            .range(from..)
            .take_while(|w| w.starts_with(first))
            .filter_map(|w| Some((edits::within(w, &lower, allowed)?, w)))
            .min()
            .map(|(_, w)| w.clone())
    }

    /// Whether the bot knows this lowercase word.
    fn knows(&self, word: &str) -> bool {
        self.lexicon.contains(word) || self.recognised.contains(word)
    }

    /// A word as the synonym list knows it: lowercase, canonical.
    fn key(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        self.synonyms.canonical.get(&lower).cloned().unwrap_or(lower)
    }
}

/// One expansion: the phrase's words, its own analyzed terms, and the analyzed terms it adds.
struct Expansion {
    words: Vec<String>,
    phrase_terms: Vec<String>,
    extra_terms: Vec<String>,
}

/// A word of the question after analysis: its term, weight, typo length (0 when known) and synonym key.
struct QuestionWord {
    term: String,
    boost: f32,
    typo_chars: usize,
    key: String,
}

/// A question analyzed once (corrected, canonicalised, expansions found), then looked up in each corpus.
pub struct Prepared {
    words: Vec<QuestionWord>,
    /// Content words (synonym keys) with their weight for coverage: 1 when the bot knows the word,
    /// [`UNKNOWN_WORD_WEIGHT`] when it has never seen it (it may be everyday English).
    content_words: BTreeMap<String, f64>,
    /// The expansions that apply, each with the question's words (keys) it stands for.
    expansions: Vec<(usize, Vec<String>)>,
    /// Topics the question names that the article does not address (from the vocabulary's `outside` list).
    outside: Vec<String>,
    /// Drugs (therapy ids) the question asks a dose for that the article names without one.
    pub undosed: Vec<String>,
}

impl Vocabulary {
    /// Corrects, analyzes and expands a question; the result is searched in every corpus.
    pub fn prepare(&self, analyzer: &mut TextAnalyzer, question: &str) -> Prepared {
        let question = self.correct(question);
        let mut content_words = BTreeMap::new();
        let words: Vec<QuestionWord> = analyze(analyzer, &question)
            .into_iter()
            .map(|word| {
                let key = self.key(&word.raw);
                // Numbers ("70", "1g") are searched but say nothing about the topic.
                let generic = self.generic.contains(&word.term) || word.term.chars().any(|c| c.is_ascii_digit());
                let everyday = !generic && self.everyday.contains(&word.term);
                let known = self.knows(&word.raw.to_lowercase());
                if !generic && !everyday {
                    let weight = if known { 1.0 } else { UNKNOWN_WORD_WEIGHT };
                    let entry = content_words.entry(key.clone()).or_insert(weight);
                    *entry = f64::max(*entry, weight);
                }
                QuestionWord {
                    typo_chars: if known { 0 } else { word.raw.chars().count() },
                    boost: if generic {
                        GENERIC_BOOST
                    } else if everyday {
                        EVERYDAY_BOOST
                    } else {
                        1.0
                    },
                    term: word.term,
                    key,
                }
            })
            .collect();
        let keys: Vec<String> = phrase_words(&question).iter().map(|w| self.key(w)).collect();
        let terms: Vec<String> = words.iter().map(|w| w.term.clone()).collect();
        // A phrase matches as written, or by its stems when every word of it has one ("tracking" → "track").
        let mut candidates: Vec<usize> = keys
            .iter()
            .chain(&terms)
            .filter_map(|word| self.expansions_by_first.get(word))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let expansions: Vec<(usize, Vec<String>)> = candidates
            .into_iter()
            .filter_map(|i| Some((i, self.expansions.get(i)?)))
            .filter_map(|(i, e)| {
                if let Some(at) = find_phrase(&keys, &e.words) {
                    return Some((i, keys[at..at + e.words.len()].to_vec()));
                }
                let stems_only = e.phrase_terms.len() == e.words.len();
                let at = find_phrase(&terms, &e.phrase_terms).filter(|_| stems_only)?;
                Some((i, words[at..at + e.phrase_terms.len()].iter().map(|w| w.key.clone()).collect()))
            })
            .collect();
        // A phrase the vocabulary explains is content even when its words are everyday ("not sure").
        for key in expansions.iter().flat_map(|(_, covered)| covered) {
            content_words.insert(key.clone(), 1.0);
        }
        // An outside topic inside one phrase the vocabulary explains ("transplant drug") is not outside; two
        // phrases that each explain a part of it ("resistance", "exercise") do not explain the whole.
        let explained: Vec<Range<usize>> = expansions
            .iter()
            .filter_map(|(_, covered)| find_phrase(&keys, covered).map(|at| at..at + covered.len()))
            .collect();
        let (outside, describing) = self.outside.asked(&keys, &explained);
        // "the drug they use for lupus kidney": the disease describes the drug; it is not a topic to cover.
        for key in &describing {
            content_words.remove(key);
        }
        let sequences = std::iter::once(terms.as_slice())
            .chain(expansions.iter().filter_map(|(i, _)| Some(self.expansions.get(*i)?.extra_terms.as_slice())));
        let undosed = self.dose_gaps.asked(sequences);
        Prepared { words, content_words, expansions, outside, undosed }
    }
}

/// A searched term: its weight, whether it carries meaning, and which question words it stands for.
#[derive(Debug, Clone, Default)]
struct Wanted {
    boost: f32,
    /// Length of the typed word, when it is unknown and may be a typo; 0 for known words.
    typo_chars: usize,
    words: BTreeSet<String>,
}

/// The clauses for one question, and whether the question is covered.
pub struct QueryPlan {
    /// Each searched term with its weight and document frequency.
    clauses: Vec<(f32, Term, u64)>,
    /// Enough of the question's content words matched to answer from this corpus.
    pub covered: bool,
    /// The question's content words that matched nothing here.
    pub unmatched_words: Vec<String>,
}

impl QueryPlan {
    /// Looks a prepared question's terms up in the searched fields.
    pub fn build(fields: &[SearchedField], vocabulary: &Vocabulary, question: &Prepared) -> Self {
        let mut wanted: BTreeMap<String, Wanted> = BTreeMap::new();
        let mut want = |term: &str, boost: f32, typo_chars: usize, words: &[String]| {
            if wanted.len() >= MAX_TERMS && !wanted.contains_key(term) {
                return;
            }
            let entry = wanted.entry(term.to_owned()).or_default();
            entry.boost = entry.boost.max(boost);
            entry.typo_chars = entry.typo_chars.max(typo_chars);
            entry.words.extend(words.iter().cloned());
        };
        let indexed = |term: &str| fields.iter().any(|searched| searched.doc_freq(term) > 0);
        for word in &question.words {
            want(&word.term, word.boost, word.typo_chars, std::slice::from_ref(&word.key));
        }
        for (expansion, covered) in
            question.expansions.iter().filter_map(|(i, covered)| Some((vocabulary.expansions.get(*i)?, covered)))
        {
            // When the phrase's own words are not in the index ("inclusion body myositis" where the article
            // only writes "IBM"), the expansion is the only way to match: full weight.
            let phrase_indexed = expansion.phrase_terms.iter().any(|term| indexed(term));
            let boost = if phrase_indexed { EXPANSION_BOOST } else { 1.0 };
            for term in &expansion.extra_terms {
                want(term, boost, 0, covered);
            }
        }

        let mut plan = QueryPlan { clauses: Vec::new(), covered: false, unmatched_words: Vec::new() };
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
            if !matched && vocabulary.typos && w.typo_chars >= 5 {
                let distance = if w.typo_chars >= 9 { 2 } else { 1 };
                for searched in fields {
                    for (corrected, edits) in searched.terms.near(term_text, distance) {
                        let doc_freq = searched.doc_freq(corrected);
                        let term = Term::from_field_text(searched.field, corrected);
                        plan.clauses.push((w.boost * searched.boost * TYPO_BOOST, term, doc_freq));
                        // A correction counts towards coverage only when it is small for the stem's length,
                        // so "necrotizing" does not vouch for "necrosis".
                        matched |= edits * 4 <= term_text.chars().count();
                    }
                }
            }
            if matched {
                matched_words.extend(w.words.iter().cloned());
            }
        }
        let content_words = &question.content_words;
        let total: f64 = content_words.values().sum();
        let matched: f64 =
            content_words.iter().filter(|(w, _)| matched_words.contains(*w)).map(|(_, weight)| weight).sum();
        plan.covered = question.outside.is_empty()
            && question.undosed.is_empty()
            && matched > 0.0
            && matched > vocabulary.min_coverage * total;
        let unmatched: BTreeSet<&String> =
            content_words.keys().filter(|w| !matched_words.contains(*w)).chain(&question.outside).collect();
        plan.unmatched_words = unmatched.into_iter().cloned().collect();
        plan
    }

    /// The indexed terms searched, each with its document frequency.
    pub fn terms(&self) -> impl Iterator<Item = (&Term, u64)> {
        self.clauses.iter().map(|(_, term, doc_freq)| (term, *doc_freq))
    }

    /// The query: every clause optional, each scored with BM25 and its weight.
    pub fn query(&self) -> BooleanQuery {
        let clauses: Vec<(Occur, Box<dyn Query>)> = self
            .clauses
            .iter()
            .map(|(boost, term, _)| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
                (Occur::Should, Box::new(BoostQuery::new(q, *boost)) as Box<dyn Query>)
            })
            .collect();
        BooleanQuery::new(clauses)
    }
}

/// A searched field: its weight, and its term dictionary (read once: the corpus never changes).
pub struct SearchedField {
    /// The field.
    pub field: Field,
    /// Its weight.
    pub boost: f32,
    /// Every indexed term, by length, for typo corrections.
    terms: ByLength,
    /// How many documents hold each indexed term: read once, since the index never changes after it is
    /// built, so a question's terms are looked up without the term dictionary.
    doc_freqs: HashMap<String, u64>,
}

impl SearchedField {
    /// Reads the field's term dictionary from every segment.
    pub fn read(searcher: &Searcher, field: Field, boost: f32) -> Result<Self, TantivyError> {
        let mut doc_freqs: HashMap<String, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(field)?;
            let mut stream = index.terms().stream()?;
            while stream.advance() {
                if let Ok(text) = std::str::from_utf8(stream.key()) {
                    *doc_freqs.entry(text.to_owned()).or_default() += u64::from(stream.value().doc_freq);
                }
            }
        }
        Ok(Self { field, boost, terms: ByLength::new(doc_freqs.keys().cloned()), doc_freqs })
    }

    /// How many documents hold `term` (analyzed text) in this field.
    fn doc_freq(&self, term: &str) -> u64 {
        self.doc_freqs.get(term).copied().unwrap_or(0)
    }
}

/// Words ignored when matching phrases, so "repeat the biopsy" matches "repeat biopsy".
const FILLER: [&str; 11] = ["a", "an", "the", "my", "his", "her", "their", "our", "your", "this", "that"];

/// Lowercase words without filler words, for phrase matching.
fn phrase_words(text: &str) -> Vec<String> {
    split_words(text).into_iter().filter(|w| !FILLER.contains(&w.as_str())).collect()
}

/// Lowercase words, punctuation as separators.
fn split_words(text: &str) -> Vec<String> {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// The expansions by the first word of their phrase, and by its first stem.
fn index_by_first(expansions: &[Expansion]) -> HashMap<String, Vec<usize>> {
    let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in expansions.iter().enumerate() {
        for first in e.words.first().into_iter().chain(e.phrase_terms.first()) {
            let list = by_first.entry(first.clone()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    by_first
}

/// Where `words` contain `phrase` consecutively, if they do.
fn find_phrase(words: &[String], phrase: &[String]) -> Option<usize> {
    if phrase.is_empty() {
        return None;
    }
    words.windows(phrase.len()).position(|window| window == phrase)
}
