//! A question read once, before any corpus is searched: corrected, analyzed and canonicalised; its
//! expansions found; what it asks (the ask, its aspects) told apart from its history; the topics it names
//! that page 6 does not address; the doses and drug aspects it asks for that page 6 does not give.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use super::analyzer::analyze;
use super::aspects::Unaddressed;
use super::drugs::NamedDrug;
use super::focus::Focus;
use super::vocabulary::Vocabulary;
use super::words::{find_phrase, phrase_words};

/// A word at most this many words before a drug noun describes the drug ("the strong chemo drug").
const DRUG_NOUN_REACH: usize = 2;
/// Weight of a generic word ("dose", "patient"): searched, but it must not outweigh the subject.
const GENERIC_BOOST: f32 = 0.3;
/// Weight of an everyday English word ("way", "same", "works"): it may help rank, never decide.
const EVERYDAY_BOOST: f32 = 0.5;
/// How much a word the bot has never seen counts towards coverage, relative to a known word: it is as
/// likely everyday English ("bump", "shot") as a medical topic the article does not cover.
const UNKNOWN_WORD_WEIGHT: f64 = 0.5;

/// A word of the question after analysis.
pub struct QuestionWord {
    /// The indexed form.
    pub term: String,
    /// Its search weight (generic and everyday words less, history words less).
    pub boost: f32,
    /// The synonym key it counts under for coverage.
    pub key: String,
    /// It is in the asked part of the question.
    pub in_ask: bool,
}

/// A content word: how much it counts towards coverage, and whether it is in the asked part.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Content {
    /// Its weight (1 known, less unknown or in a history span).
    pub weight: f64,
    /// It occurs in the asked part.
    pub in_ask: bool,
}

/// An expansion that applies, the question words (keys) it stands for, and its weight from the focus.
pub struct AppliedExpansion {
    /// Index into the vocabulary's expansions.
    pub index: usize,
    /// The question's keys it matched.
    pub covered: Vec<String>,
    /// The focus weight where it matched.
    pub focus: f32,
    /// It matched in the asked part of the question.
    pub in_ask: bool,
}

/// A question analyzed once, then looked up in each corpus.
pub struct Prepared {
    /// Its words, weighted.
    pub words: Vec<QuestionWord>,
    /// Content words (synonym keys) and how they count for coverage.
    pub content_words: BTreeMap<String, Content>,
    /// The expansions that apply.
    pub expansions: Vec<AppliedExpansion>,
    /// Topics the question names that the article does not address, and whether each is in the ask.
    pub outside: Vec<(String, bool)>,
    /// Drugs (therapy ids) the question asks a dose for that the article names without one.
    pub undosed: Vec<String>,
    /// Aspects asked of drugs page 6 does not address them for ("side effects of azathioprine").
    pub unaddressed: Vec<Unaddressed>,
    /// The aspects the question asks (ids), each with whether its asked part names it.
    pub aspects: Vec<(String, bool)>,
    /// When the question names a page-6 drug and no word of myositis: the other diseases it names (none
    /// listed in reading.toml is still another subject, "IVIG for Guillain-Barre").
    pub elsewhere: Option<Vec<String>>,
    /// The drugs the question asks about, with the names it uses: those of the asked part, or of the whole
    /// question when its asked part names none.
    pub drugs: Vec<NamedDrug>,
    /// How the question reads: its ask and history.
    pub focus: Focus,
    /// The question as read (typos corrected): what the focus's offsets point into.
    pub question: String,
}

impl Vocabulary {
    /// Corrects, analyzes, expands and reads a question; the result is searched in every corpus.
    pub fn prepare(&self, analyzer: &mut TextAnalyzer, question: &str) -> Prepared {
        let question = if self.typos { self.speller.correct(question) } else { question.to_owned() };
        let raw_words = super::words::words(&question);
        let analyzed = analyze(analyzer, &question);
        let focus = if self.typos {
            let read = self.focus.read(&raw_words, |w| self.listed(w), |w| self.is_drug(w));
            // "pt on the monthly drip, does it keep working?": an ask with no topic of its own that points
            // back asks about the history, which is then no history to weigh down.
            let topical = |w: &&super::analyzer::AnalyzedWord| {
                !self.generic.contains(&w.term)
                    && !self.everyday.contains(&w.term)
                    && !w.term.chars().any(|c| c.is_ascii_digit())
                    && self.speller.knows(&w.raw.to_lowercase())
            };
            let ask_has_topic =
                analyzed.iter().filter(topical).any(|w| read.in_ask(w.offset) && !read.in_history(w.offset));
            let refers_back =
                raw_words.iter().any(|w| read.in_ask(w.range.start) && self.refers_back.contains(&w.text));
            if ask_has_topic || !refers_back { read } else { Focus { history_weight: 1.0, ..read } }
        } else {
            Focus::plain()
        };
        let mut content_words: BTreeMap<String, Content> = BTreeMap::new();
        let mut count = |key: &str, weight: f64, in_ask: bool| {
            let entry = content_words.entry(key.to_owned()).or_insert(Content { weight, in_ask });
            entry.weight = entry.weight.max(weight);
            entry.in_ask |= in_ask;
        };
        let words: Vec<QuestionWord> = analyzed
            .iter()
            .map(|word| {
                let key = self.key(&word.raw);
                // Numbers ("70", "1g") are searched but say nothing about the topic.
                let generic = self.generic.contains(&word.term) || word.term.chars().any(|c| c.is_ascii_digit());
                let everyday = !generic && self.everyday.contains(&word.term);
                let known = self.speller.knows(&word.raw.to_lowercase());
                let weight = focus.weight(word.offset);
                if !generic && !everyday {
                    let known_weight = if known { 1.0 } else { UNKNOWN_WORD_WEIGHT };
                    count(&key, known_weight * f64::from(weight), focus.in_ask(word.offset));
                }
                let boost = if generic {
                    GENERIC_BOOST
                } else if everyday {
                    EVERYDAY_BOOST
                } else {
                    1.0
                };
                QuestionWord { boost: boost * weight, term: word.term.clone(), key, in_ask: focus.in_ask(word.offset) }
            })
            .collect();
        let phrase = phrase_words(&question);
        let keys: Vec<String> = phrase.iter().map(|w| self.key(&w.text)).collect();
        let offsets: Vec<usize> = phrase.iter().map(|w| w.range.start).collect();
        let terms: Vec<String> = words.iter().map(|w| w.term.clone()).collect();
        let expansions = self.expansions_in(&keys, &offsets, &words, &analyzed, &focus);
        // A phrase the vocabulary explains is content even when its words are everyday ("not sure").
        for e in &expansions {
            for key in &e.covered {
                let in_ask = keys.iter().zip(&offsets).any(|(k, &at)| k == key && focus.in_ask(at));
                count(key, f64::from(e.focus), in_ask);
            }
        }
        // An outside topic inside one phrase the vocabulary explains ("transplant drug") is not outside; two
        // phrases that each explain a part of it ("resistance", "exercise") do not explain the whole.
        let explained: Vec<Range<usize>> = expansions
            .iter()
            .filter_map(|e| find_phrase(&keys, &e.covered).map(|at| at..at + e.covered.len()))
            .collect();
        let (asked, describing) = self.outside.asked(&keys, &explained);
        let in_ask = |index: usize| offsets.get(index).is_some_and(|&at| focus.in_ask(at));
        // A topic in the history ("failed plaquenil and mtx, next?") is what the patient had, not what is asked.
        let in_history =
            |index: usize| offsets.get(index).is_some_and(|&at| focus.in_history(at) && focus.history_weight < 1.0);
        let mut outside: Vec<(String, bool)> =
            asked.into_iter().filter(|(_, at)| !in_history(*at)).map(|(topic, at)| (topic, in_ask(at))).collect();
        // "the drug they use for lupus kidney": the disease describes the drug; it is not a topic to cover.
        for key in &describing {
            content_words.remove(key);
        }
        let sequences = std::iter::once(terms.as_slice())
            .chain(expansions.iter().filter_map(|e| Some(self.expansions.get(e.index)?.extra_terms.as_slice())));
        let named = self.drugs.named(std::iter::once(terms.as_slice()));
        // A page-6 drug in another disease, with no word of myositis ("rituximab for lupus nephritis"): the
        // question is about that disease, however the vocabulary would explain its name.
        let elsewhere =
            (self.typos && !named.is_empty() && !keys.iter().any(|k| self.subject.contains(k))).then(|| {
                let mut diseases = Vec::new();
                for disease in &self.other_diseases {
                    let Some(at) = find_phrase(&keys, disease) else { continue };
                    if !self.outside.describes_a_drug_as_disease(&keys, &(at..at + disease.len())) {
                        outside.push((disease.join(" "), in_ask(at)));
                        diseases.push(disease.join(" "));
                    }
                }
                diseases
            });
        let undosed = self.dose_gaps.asked(sequences);
        // A phrase that names a drug ("the heavy chemo drug", "the big steroid drip") describes the drug: its
        // words do not ask an aspect ("chemo" is no question about cancer, "steroid ... weak" none about
        // steroid myopathy).
        let naming: Vec<Range<usize>> = expansions
            .iter()
            .filter(|e| {
                self.expansions
                    .get(e.index)
                    .is_some_and(|x| !self.drugs.named(std::iter::once(x.extra_terms.as_slice())).is_empty())
            })
            .filter_map(|e| {
                let at = find_phrase(&keys, &e.covered)?;
                Some(phrase.get(at)?.range.start..phrase.get(at + e.covered.len() - 1)?.range.end)
            })
            .collect();
        // So does a word just before a drug noun ("the strong chemo drug", "the lung one").
        let before_a_noun: Vec<usize> = raw_words
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                raw_words.iter().skip(i + 1).take(DRUG_NOUN_REACH).any(|n| self.outside.is_drug_noun(&n.text))
            })
            .map(|(_, w)| w.range.start)
            .collect();
        let asks_aspects =
            |offset: usize| !naming.iter().any(|span| span.contains(&offset)) && !before_a_noun.contains(&offset);
        let lower: Vec<String> =
            raw_words.iter().filter(|w| asks_aspects(w.range.start)).map(|w| w.text.clone()).collect();
        let aspect_terms: Vec<String> =
            analyzed.iter().filter(|w| asks_aspects(w.offset)).map(|w| w.term.clone()).collect();
        let ask_terms: Vec<String> = analyzed
            .iter()
            .filter(|w| focus.in_ask(w.offset) && !focus.in_history(w.offset))
            .map(|w| w.term.clone())
            .collect();
        let ask_aspect_terms: Vec<String> = analyzed
            .iter()
            .filter(|w| focus.in_ask(w.offset) && !focus.in_history(w.offset) && asks_aspects(w.offset))
            .map(|w| w.term.clone())
            .collect();
        let ask_words: Vec<String> = raw_words
            .iter()
            .filter(|w| focus.in_ask(w.range.start) && asks_aspects(w.range.start))
            .map(|w| w.text.clone())
            .collect();
        let aspects = self.aspects.asked(&lower, &aspect_terms, &ask_words, &ask_aspect_terms);
        let named_in_ask = self.drugs.named(std::iter::once(ask_terms.as_slice()));
        let unaddressed =
            self.aspects.unaddressed(&aspects, if named_in_ask.is_empty() { &named } else { &named_in_ask });
        let drugs = if named_in_ask.is_empty() { self.drugs.found(&terms) } else { self.drugs.found(&ask_terms) };
        Prepared {
            words,
            content_words,
            expansions,
            outside,
            undosed,
            unaddressed,
            aspects,
            elsewhere,
            drugs,
            focus,
            question,
        }
    }

    /// The expansions whose phrase occurs in the question, as written (keys) or by its stems.
    fn expansions_in(
        &self,
        keys: &[String],
        offsets: &[usize],
        words: &[QuestionWord],
        analyzed: &[super::analyzer::AnalyzedWord],
        focus: &Focus,
    ) -> Vec<AppliedExpansion> {
        let terms: Vec<String> = words.iter().map(|w| w.term.clone()).collect();
        let mut candidates: Vec<usize> = keys
            .iter()
            .chain(&terms)
            .filter_map(|word| self.expansions_by_first.get(word))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let (exact, by_stems): (Vec<_>, Vec<_>) = candidates
            .into_iter()
            .filter_map(|index| {
                let e = self.expansions.get(index)?;
                if let Some(at) = find_phrase(keys, &e.words) {
                    let offset = offsets.get(at).copied().unwrap_or(0);
                    let (in_ask, focus) = (focus.in_ask(offset), focus.weight(offset));
                    let covered = keys[at..at + e.words.len()].to_vec();
                    return Some((AppliedExpansion { index, covered, focus, in_ask }, true));
                }
                // A phrase matches by its stems when every word of it has one ("tracking" → "track").
                let at = find_phrase(&terms, &e.phrase_terms).filter(|_| e.phrase_terms.len() == e.words.len())?;
                let covered = words[at..at + e.phrase_terms.len()].iter().map(|w| w.key.clone()).collect();
                let offset = analyzed.get(at).map_or(0, |w| w.offset);
                let (in_ask, focus) = (focus.in_ask(offset), focus.weight(offset));
                Some((AppliedExpansion { index, covered, focus, in_ask }, false))
            })
            .partition(|(_, exact)| *exact);
        // A word the vocabulary lists as written is explained by its own entry, not by another word that
        // shares its stem ("untreated" is not "untreatable").
        let written: Vec<&String> = exact.iter().flat_map(|(e, _)| &e.covered).collect();
        let by_stems: Vec<AppliedExpansion> =
            by_stems.into_iter().map(|(e, _)| e).filter(|e| !e.covered.iter().any(|k| written.contains(&k))).collect();
        exact.into_iter().map(|(e, _)| e).chain(by_stems).collect()
    }
}
