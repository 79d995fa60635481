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
    /// The drugs (therapy ids) its asked part names outside a history span: the drugs an asked aspect is
    /// asked of ("is there a trial of IVIG"; none in "failed pred, MTX, what next").
    pub asked_drugs: Vec<String>,
    /// Whether its asked part names a word of the article's subject ("myositis", "muscle"; reading.toml
    /// `subject`).
    pub ask_names_subject: bool,
    /// The phrases read as drugs the question does not name itself, each with those drugs (therapy ids):
    /// ("monthly drip", ["ivig"]).
    pub read_as: Vec<(String, Vec<String>)>,
    /// The distinct forms of myositis (reading.toml `distinct_forms`, by index) it names outside a history
    /// span: a passage that names none of them is not its answer.
    pub forms: Vec<usize>,
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
            if ask_has_topic || !refers_back { read } else { self.focus.points_back(read, &raw_words) }
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
                let ranked = focus.rank_weight(word.offset);
                QuestionWord { boost: boost * ranked, term: word.term.clone(), key, in_ask: focus.in_ask(word.offset) }
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
        // A drug named only in the history ("on pred, what dose of cyclophosphamide") is what the patient had:
        // page 6's dose for it does not answer a dose asked of another drug.
        let had = |offset: usize| focus.in_history(offset) && focus.history_weight < 1.0;
        let current: Vec<String> = analyzed.iter().filter(|w| !had(w.offset)).map(|w| w.term.clone()).collect();
        let forms = self.forms.asked(&raw_words, |w| !had(w.range.start));
        let sequences = std::iter::once(current.as_slice()).chain(
            expansions
                .iter()
                .filter(|e| e.focus >= 1.0)
                .filter_map(|e| Some(self.expansions.get(e.index)?.extra_terms.as_slice())),
        );
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
        // A phrase read as a drug the question does not name itself ("the monthly drip": IVIG), so the
        // answer can say how it read the question.
        let mut read_as: Vec<(String, Vec<String>)> = Vec::new();
        for applied in &expansions {
            let Some(expansion) = self.expansions.get(applied.index) else { continue };
            let by_phrase = self.drugs.named(std::iter::once(expansion.phrase_terms.as_slice()));
            let read: Vec<String> = self
                .drugs
                .named(std::iter::once(expansion.extra_terms.as_slice()))
                .into_iter()
                .filter(|d| !by_phrase.contains(d) && !named.contains(d))
                .map(str::to_owned)
                .collect();
            if !read.is_empty() {
                read_as.push((expansion.words.join(" "), read));
            }
        }
        // "drip" within "monthly drip" says the same: the longest phrase is kept.
        let within = |short: &str, long: &str| {
            short != long
                && long.split(' ').collect::<Vec<_>>().windows(short.split(' ').count()).any(|w| w.join(" ") == short)
        };
        let phrases: Vec<String> = read_as.iter().map(|(p, _)| p.clone()).collect();
        read_as.retain(|(p, _)| !phrases.iter().any(|long| within(p, long)));
        // A drug's name page 6 never prints (a brand, "cellcept"; an abbreviation, "cyclo"; an agent of a
        // class page 6 names only as a class, "rituximab"): read as that drug, and said so, since the
        // quoted words will not show it.
        if self.typos {
            for word in &analyzed {
                let typed = word.raw.to_lowercase();
                if self.article_words.contains(&typed) || read_as.iter().any(|(p, _)| p == &typed) {
                    continue;
                }
                let read: Vec<String> = self
                    .drugs
                    .found(std::slice::from_ref(&word.term))
                    .into_iter()
                    .filter(|d| !self.drugs.display_name_has(&d.id, &typed))
                    .map(|d| d.id)
                    .collect();
                if !read.is_empty() {
                    read_as.push((typed, read));
                }
            }
        }
        read_as.dedup_by(|a, b| a.0 == b.0);
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
            asked_drugs: named_in_ask.iter().map(|&d| d.to_owned()).collect(),
            ask_names_subject: keys.iter().zip(&offsets).any(|(k, &at)| focus.in_ask(at) && self.subject.contains(k)),
            read_as,
            forms,
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
                    return Some((AppliedExpansion { index, covered, focus, in_ask }, Some(at..at + e.words.len())));
                }
                // A phrase matches by its stems when every word of it has one ("tracking" → "track").
                let at = find_phrase(&terms, &e.phrase_terms).filter(|_| e.phrase_terms.len() == e.words.len())?;
                let covered = words[at..at + e.phrase_terms.len()].iter().map(|w| w.key.clone()).collect();
                let offset = analyzed.get(at).map_or(0, |w| w.offset);
                let (in_ask, focus) = (focus.in_ask(offset), focus.weight(offset));
                Some((AppliedExpansion { index, covered, focus, in_ask }, None))
            })
            .partition(|(_, exact)| exact.is_some());
        // A phrase's reading replaces the readings of the words inside it: "double check" is reassessing the
        // diagnosis, not the "check" of monitoring.
        let spans: Vec<Range<usize>> = exact.iter().filter_map(|(_, span)| span.clone()).collect();
        let inside = |span: &Range<usize>| {
            spans.iter().any(|long| long != span && long.start <= span.start && span.end <= long.end)
        };
        let exact: Vec<(AppliedExpansion, Option<Range<usize>>)> =
            exact.into_iter().filter(|(_, span)| !span.as_ref().is_some_and(inside)).collect();
        // A word the vocabulary lists as written is explained by its own entry, not by another word that
        // shares its stem ("untreated" is not "untreatable").
        let written: Vec<&String> = exact.iter().flat_map(|(e, _)| &e.covered).collect();
        let by_stems: Vec<AppliedExpansion> =
            by_stems.into_iter().map(|(e, _)| e).filter(|e| !e.covered.iter().any(|k| written.contains(&k))).collect();
        exact.into_iter().map(|(e, _)| e).chain(by_stems).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{Content, EVERYDAY_BOOST, GENERIC_BOOST, Prepared, UNKNOWN_WORD_WEIGHT};
    use crate::search::aspects::Unaddressed;
    use crate::search::testing::{index, knowledge, prepare};

    fn history_weight() -> f32 {
        knowledge().reading.history_weight
    }

    /// The search weight of the question's word with this key.
    fn boost(read: &Prepared, key: &str) -> Option<f32> {
        read.words.iter().find(|w| w.key == key).map(|w| w.boost)
    }

    fn content(read: &Prepared, key: &str) -> Option<Content> {
        read.content_words.get(key).copied()
    }

    fn aspects(read: &Prepared) -> Vec<(&str, bool)> {
        read.aspects.iter().map(|(id, in_ask)| (id.as_str(), *in_ask)).collect()
    }

    fn history(read: &Prepared) -> Vec<&str> {
        read.focus.history.iter().filter_map(|r| read.question.get(r.clone())).collect()
    }

    /// The phrases (as the vocabulary lists them) of the expansions that apply.
    fn expansions(read: &Prepared) -> Vec<String> {
        let listed = &index().vocabulary.expansions;
        read.expansions.iter().filter_map(|e| listed.get(e.index)).map(|e| e.words.join(" ")).collect()
    }

    #[test]
    fn a_typo_is_corrected_before_anything_else_reads_the_question() {
        let read = prepare("predisone dose");
        assert_eq!(read.question, "prednisone dose");
        assert_eq!(boost(&read, "prednisone"), Some(1.0));
        assert!(content(&read, "prednisone").is_some() && content(&read, "predisone").is_none());
    }

    #[test]
    fn a_lay_name_is_read_as_its_drug_unless_the_question_names_the_drug_itself() {
        let read = prepare("does the monthly drip keep working");
        assert_eq!(read.read_as, [("monthly drip".to_owned(), vec!["ivig".to_owned()])], "not also \"drip\"");
        assert!(prepare("ivig as a monthly drip, does it keep working").read_as.is_empty());
        // A name page 6 never prints is a reading too; one it prints ("MTX", "IVIG") is not.
        assert_eq!(
            prepare("cellcept in myositis").read_as,
            [("cellcept".to_owned(), vec!["mycophenolate".to_owned()])]
        );
        assert_eq!(prepare("rituxan for PM").read_as, [("rituxan".to_owned(), vec!["rituximab".to_owned()])]);
        assert!(prepare("MTX or IVIG in PM").read_as.is_empty());
        // Nor is a word of the drug's own name ("TNF" of "Anti-TNF therapy"), or the right spelling of the
        // article's "mycophenylate".
        assert!(prepare("anti-TNF or mycophenolate in PM").read_as.is_empty());
    }

    #[test]
    fn the_drugs_of_a_history_weigh_less_than_what_is_asked() {
        let question = "failed pred, mtx, aza, now weak again, what else is there";
        let read = prepare(question);
        assert_eq!(history(&read), ["pred, mtx, aza"]);
        assert_eq!(read.focus.ask(question), "what else is there");
        assert_eq!(boost(&read, "methotrexate"), Some(history_weight()));
        assert_eq!(
            content(&read, "methotrexate"),
            Some(Content { weight: f64::from(history_weight()), in_ask: false })
        );
        assert_eq!(boost(&read, "weak"), Some(1.0), "after the break, a finding, not history");
        // The asked drug is the one the answer is about.
        let read = prepare("failed ivig, is rituximab worth it");
        assert_eq!((boost(&read, "ivig"), boost(&read, "rituximab")), (Some(history_weight()), Some(1.0)));
        assert_eq!(read.drugs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["rituximab"]);
    }

    #[test]
    fn an_ask_that_only_points_back_asks_about_the_history() {
        let read = prepare("failed ivig, does it keep working?");
        assert_eq!(history(&read), ["ivig"]);
        assert_eq!(read.focus.history_weight, 1.0);
        assert_eq!(boost(&read, "ivig"), Some(1.0));
        assert_eq!(read.drugs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["ivig"], "the history's drug");
        // An ask with no topic and no word pointing back still asks past the history.
        let read = prepare("failed pred, mtx, aza, what next");
        assert_eq!(read.focus.history_weight, history_weight());
        // What it points back at, the sentence before, is asked too; not the story before that.
        let read = prepare("he is so weak. someone mentioned the anti rejection drugs?? is that actually a thing");
        assert_eq!(
            read.focus.ask(&read.question),
            "someone mentioned the anti rejection drugs?? is that actually a thing"
        );
    }

    #[test]
    fn generic_numeric_and_everyday_words_are_searched_lower_and_never_count_as_content() {
        let read = prepare("ivig dose same way zorblat 70");
        assert_eq!(boost(&read, "dose"), Some(GENERIC_BOOST));
        assert_eq!(boost(&read, "70"), Some(GENERIC_BOOST));
        assert_eq!(boost(&read, "same"), Some(EVERYDAY_BOOST));
        let keys: Vec<&str> = read.content_words.keys().map(String::as_str).collect();
        assert_eq!(keys, ["ivig", "zorblat"]);
        // A word the bot has never seen counts half: it is as likely "bump" as "shingrix".
        assert_eq!(content(&read, "zorblat").map(|c| c.weight), Some(UNKNOWN_WORD_WEIGHT));
        assert_eq!(content(&read, "ivig").map(|c| c.weight), Some(1.0));
    }

    #[test]
    fn a_phrase_the_vocabulary_explains_is_content_even_when_its_words_are_generic() {
        let read = prepare("on ivig for a year, does it still work?");
        assert!(knowledge().synonyms.generic.iter().any(|g| g == "still"));
        assert_eq!(content(&read, "still"), Some(Content { weight: 1.0, in_ask: true }));
    }

    #[test]
    fn a_phrase_matches_as_written_or_by_its_stems_but_a_word_listed_as_written_keeps_its_own_entry() {
        assert!(expansions(&prepare("is it tracking well")).contains(&"track".to_owned()), "tracking → track");
        // "untreated" and "untreatable" share the stem "untreat": each is explained by its own entry only.
        let untreated = expansions(&prepare("untreated dm"));
        assert!(untreated.contains(&"untreated".to_owned()) && !untreated.contains(&"untreatable".to_owned()));
        let untreatable = expansions(&prepare("untreatable ibm"));
        assert!(untreatable.contains(&"untreatable".to_owned()) && !untreatable.contains(&"untreated".to_owned()));
    }

    #[test]
    fn an_outside_topic_is_asked_unless_it_is_what_the_patient_had() {
        assert_eq!(prepare("is mtx ok in pregnancy").outside, [("pregnancy".to_owned(), true)]);
        let read = prepare("failed plaquenil and mtx, next?");
        assert_eq!(history(&read), ["plaquenil and mtx"]);
        assert!(read.outside.is_empty());
    }

    #[test]
    fn a_disease_that_describes_a_drug_is_no_topic_of_the_question() {
        // "the drug they give for gout": gout says which drug, it is neither asked nor content to cover.
        let read = prepare("the drug they give for gout, ok in dm");
        assert!(read.outside.is_empty(), "{:?}", read.outside);
        assert!(content(&read, "gout").is_none() && content(&read, "dm").is_some());
        let read = prepare("is ivig ok with gout in dm");
        assert_eq!(read.outside, [("gout".to_owned(), true)]);
        assert!(content(&read, "gout").is_some());
    }

    #[test]
    fn a_page_6_drug_in_another_disease_with_no_word_of_myositis_is_about_that_disease() {
        let read = prepare("rituximab for lupus nephritis");
        assert!(
            read.elsewhere.as_ref().is_some_and(|d| d.contains(&"lupus nephritis".to_owned())),
            "{:?}",
            read.elsewhere
        );
        // A disease the bot does not know is still another subject (the search then asks its words).
        assert_eq!(prepare("ivig for guillain barre").elsewhere, Some(Vec::new()));
        assert_eq!(prepare("rituximab for lupus myositis").elsewhere, None, "a word of myositis keeps the subject");
        assert_eq!(prepare("lupus nephritis").elsewhere, None, "no page-6 drug named");
    }

    #[test]
    fn a_phrase_read_by_the_vocabulary_replaces_the_readings_of_its_words() {
        let read = prepare("should her doctors double check the diagnosis");
        assert!(expansions(&read).contains(&"double check".to_owned()), "{:?}", expansions(&read));
        assert!(!expansions(&read).contains(&"check".to_owned()), "not monitoring's check: {:?}", expansions(&read));
        assert!(expansions(&prepare("how often to check the ck")).contains(&"check".to_owned()));
    }

    #[test]
    fn a_dose_asked_of_a_drug_page_6_names_without_one_is_a_gap_also_through_an_expansion() {
        assert_eq!(prepare("rituximab dose?").undosed, ["rituximab"]);
        assert_eq!(prepare("IV cyclo mg/m2?").undosed, ["cyclophosphamide"]);
        assert_eq!(prepare("the transplant drug dose").undosed, ["cyclosporine", "tacrolimus"]);
        assert!(prepare("prednisone dose").undosed.is_empty());
        assert!(prepare("rituximab for refractory pm").undosed.is_empty());
    }

    #[test]
    fn an_aspect_is_asked_in_the_ask_or_only_around_it_and_one_may_replace_another() {
        assert_eq!(aspects(&prepare("failed pred, what next")), [("next-option", true)]);
        let read = prepare("failed pred, mtx, aza, now weak again, what else is there");
        assert!(aspects(&read).contains(&("weakness-worse", false)), "{:?}", read.aspects);
        // "what next for a new untreated patient" asks for the first treatment.
        let read = prepare("what next for a new untreated DM patient");
        assert!(aspects(&read).contains(&("untreated", true)), "{:?}", read.aspects);
        assert!(!aspects(&read).iter().any(|(id, _)| *id == "next-option"), "{:?}", read.aspects);
    }

    #[test]
    fn words_that_name_a_drug_ask_no_aspect() {
        // "the heavy chemo drug" is cyclophosphamide, not a question about cancer; "the lung one" a drug.
        assert!(!aspects(&prepare("the heavy chemo drug for refractory pm")).iter().any(|(id, _)| *id == "cancer"));
        // With no drug noun after it, the phrase that names the drug says so ("heavy chemo", "low dose chemo").
        assert!(!aspects(&prepare("the heavy chemo for refractory pm")).iter().any(|(id, _)| *id == "cancer"));
        assert!(aspects(&prepare("is low dose chemo ok for dm")).is_empty(), "neither a dose nor cancer");
        assert!(aspects(&prepare("chemo for cancer in dm")).contains(&("cancer", true)));
        assert!(!aspects(&prepare("is the lung one ok in pm")).iter().any(|(id, _)| *id == "lung"));
        assert!(aspects(&prepare("lung disease in dm, which drug")).iter().any(|(id, _)| *id == "lung"));
    }

    #[test]
    fn an_aspect_asked_of_a_drug_page_6_does_not_address_it_for_is_unaddressed() {
        let toxicity = |therapy: &str| Unaddressed {
            aspect: "toxicity".into(),
            label: knowledge().aspects.get("toxicity").map(|a| a.label.clone()).unwrap_or_default(),
            therapy: Some(therapy.into()),
        };
        assert_eq!(prepare("side effects of azathioprine").unaddressed, [toxicity("azathioprine")]);
        assert!(prepare("side effects of methotrexate").unaddressed.is_empty(), "page 6 says MTX's lung toxicity");
        // The drug of the ask, not of the history.
        assert_eq!(prepare("failed mtx, side effects of azathioprine?").unaddressed, [toxicity("azathioprine")]);
    }

    // Rules that read a case wrongly today; each test says what page 6's answer should be. Run with
    // `cargo test --release --lib search::prepare -- --ignored`.

    #[test]
    #[ignore = "wrong today: a history run across a comma takes in the asked drug (see the report of branch searchtests)"]
    fn known_wrong_the_drug_after_a_history_list_is_the_asked_one() {
        let read = prepare("failed mtx and aza, cyclophosphamide dose?");
        assert_eq!(history(&read), ["mtx and aza"]);
        assert_eq!(boost(&read, "cyclophosphamide"), Some(1.0));
    }

    #[test]
    fn a_dosed_drug_in_the_history_does_not_answer_a_dose_asked_of_another() {
        assert_eq!(prepare("on pred, what dose of cyclophosphamide").undosed, ["cyclophosphamide"]);
        assert_eq!(prepare("rituximab dose after failed ivig").undosed, ["rituximab"]);
    }

    #[test]
    fn an_amount_with_its_unit_attached_asks_for_a_dose() {
        assert_eq!(prepare("rituximab 375mg/m2?").undosed, ["rituximab"]);
        assert_eq!(prepare("cyclophosphamide 750mg/m2 monthly?").undosed, ["cyclophosphamide"]);
    }
}
