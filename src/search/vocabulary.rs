//! What a question's words are matched with: canonical forms and expansions, generic and everyday words,
//! the lexicon typos are corrected against, outside topics, dose gaps, question focus and aspects, all
//! built once from the knowledge.

use std::collections::{BTreeSet, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::TextAnalyzer;

use super::analyzer::{analyze, analyzed_set};
use super::aspects::AspectCues;
use super::correct::Speller;
use super::doses::DoseGaps;
use super::drugs::DrugNames;
use super::focus::FocusRules;
use super::forms::DistinctForms;
use super::outside::OutsideTopics;
use super::words::{phrase_words, split_words};
use crate::knowledge::{Knowledge, Synonyms};

/// One expansion: the phrase's words, its own analyzed terms, and the analyzed terms it adds.
pub struct Expansion {
    /// The phrase's words as typed (filler words dropped, canonical keys).
    pub words: Vec<String>,
    /// The phrase's analyzed terms.
    pub phrase_terms: Vec<String>,

    /// The terms it adds to the search.
    pub extra_terms: Vec<String>,
}

/// What a question's words are matched with.
pub struct Vocabulary {
    /// Canonical forms and expansions.
    pub synonyms: Synonyms,
    /// The canonical forms (synonyms.toml `canonical`), hashed for the per-word lookup.
    canonical: FxHashMap<String, String>,
    /// Analyzed generic words.
    pub generic: FxHashSet<String>,
    /// Analyzed everyday English words (a standard stopword list, minus the words the vocabulary gives a
    /// medical meaning): searched at a lower weight, and they neither cover a question nor count against it.
    pub everyday: FxHashSet<String>,
    /// Corrects misspelt words against every word the bot knows.
    pub speller: Speller,
    /// Topics the article does not address: a question asking about one is not answered from the article.
    pub outside: OutsideTopics,
    /// The expansion phrases, analyzed once.
    pub expansions: Vec<Expansion>,
    /// Which expansions start with a given word or stem, so a question only tries the ones that can match.
    pub expansions_by_first: HashMap<String, Vec<usize>>,
    /// Drugs the article names without a dose, for questions that ask for one.
    pub dose_gaps: DoseGaps,
    /// Every drug's names.
    pub drugs: DrugNames,
    /// Every word page 6 prints, lowercase: a drug's name that is not one ("cellcept") is a reading to say.
    pub article_words: FxHashSet<String>,
    /// How questions are read: history, ask.
    pub focus: FocusRules,
    /// The words that ask for each aspect.
    pub aspects: AspectCues,
    /// Words that name the article's subject (canonical keys).
    pub subject: BTreeSet<String>,
    /// Words a history span may hold besides drug names, numbers and unknown words.
    pub history_list: BTreeSet<String>,
    /// Words by which an ask points back at the history ("does it keep working?").
    pub refers_back: BTreeSet<String>,
    /// Diseases other than myositis, as key sequences.
    pub other_diseases: Vec<Vec<String>>,
    /// The outside topics that are the patient's other illnesses (reading.toml `other_diseases` and
    /// `story_conditions`, lowercase): named only around a covered ask that names its own topic, the story.
    pub story_conditions: BTreeSet<String>,
    /// Forms of myositis page 6 treats apart (IBM): a question naming one is about the passages naming it.
    pub forms: DistinctForms,
    /// Whether unknown words of 5+ characters are corrected (against the index and the vocabulary).
    pub typos: bool,
    /// More than this share of the question's content words must match for the question to be covered.
    pub min_coverage: f64,
}

impl Vocabulary {
    /// Builds the medical vocabulary over the documents' texts.
    pub fn medical<'a>(
        analyzer: &mut TextAnalyzer,
        knowledge: &Knowledge,
        texts: impl IntoIterator<Item = &'a str>,
        min_coverage: f64,
    ) -> Self {
        let synonyms = knowledge.synonyms.clone();
        let medical = synonyms.medical_words();
        let english: Vec<String> = stop_words::get(stop_words::Language::English)
            .iter()
            .map(|w| w.to_lowercase())
            // Two-letter entries are mostly country codes; in a clinic's chat they are abbreviations ("jo", "cd").
            .filter(|w| w.chars().count() > 2 && w.chars().all(char::is_alphabetic) && !medical.contains(w.as_str()))
            .collect();
        let everyday = analyzed_set(analyzer, &english).into_iter().collect();
        let mut vocabulary = Self::plain(analyzer, synonyms, texts);
        vocabulary.speller.learn(english);
        vocabulary.everyday = everyday;
        vocabulary.dose_gaps = DoseGaps::new(analyzer, knowledge);
        vocabulary.drugs = DrugNames::new(analyzer, &knowledge.refractory);
        // With the canonical forms of the article's own spellings: its "mycophenylate" prints "mycophenolate".
        let printed: Vec<String> = knowledge.article.passages.iter().flat_map(|p| split_words(&p.text)).collect();
        let canonical: Vec<String> =
            printed.iter().filter_map(|w| vocabulary.synonyms.canonical.get(w.as_str()).cloned()).collect();
        vocabulary.article_words = printed.into_iter().chain(canonical).collect();
        vocabulary.focus = FocusRules::new(&knowledge.reading);
        vocabulary.outside = OutsideTopics::new(&vocabulary.synonyms, &knowledge.reading.other_diseases, |w| {
            vocabulary.synonyms.canonical.get(w).cloned().unwrap_or_else(|| w.to_owned())
        });
        vocabulary.aspects = AspectCues::new(analyzer, &knowledge.aspects);
        let reading = &knowledge.reading;
        let cues = knowledge.aspects.aspects.iter().flat_map(|a| a.asked_by.iter());
        let cues = cues.chain(reading.history.iter()).chain(&reading.history_before_ask).chain(&reading.asks);
        let cues = cues.chain(&reading.breaks).chain(&reading.refers_back);
        // The words of the phrases that cue an aspect or mark the history are known words: "stack two together"
        // must not be "corrected" into "stuck", which no longer cues anything.
        vocabulary.speller.learn(cues.flat_map(|phrase| split_words(phrase)).collect::<Vec<_>>());
        vocabulary.subject = knowledge.reading.subject.iter().map(|w| vocabulary.key(w)).collect();
        vocabulary.history_list = knowledge.reading.history_list.iter().cloned().collect();
        vocabulary.refers_back = knowledge.reading.refers_back.iter().cloned().collect();
        vocabulary.other_diseases = knowledge
            .reading
            .other_diseases
            .iter()
            .map(|d| split_words(d).iter().map(|w| vocabulary.key(w)).collect())
            .collect();
        vocabulary.story_conditions =
            reading.other_diseases.iter().chain(&reading.story_conditions).map(|c| c.to_lowercase()).collect();
        vocabulary.forms = DistinctForms::new(reading);
        vocabulary.typos = true;
        vocabulary.min_coverage = min_coverage;
        vocabulary
    }

    /// The plain-BM25 baseline's vocabulary: the documents' words and nothing else changes the query
    /// (no typo correction, no coverage rule, no focus, no aspects).
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
        let generic = analyzed_set(analyzer, &synonyms.generic).into_iter().collect();
        let recognised = synonyms.outside.iter().flat_map(|phrase| split_words(phrase)).collect();
        // Compared with the question's keys, so written the same way ("resistance" may be canonicalised).
        let outside =
            OutsideTopics::new(&synonyms, &[], |w| synonyms.canonical.get(w).cloned().unwrap_or_else(|| w.to_owned()));
        let terms =
            |analyzer: &mut TextAnalyzer, text: &str| analyze(analyzer, text).into_iter().map(|w| w.term).collect();
        let expansions: Vec<Expansion> = synonyms
            .expand
            .iter()
            .map(|(phrase, extra)| {
                // In the form the question's keys take, so "weaning off pred" matches as written.
                let words: Vec<String> = phrase_words(phrase)
                    .into_iter()
                    .map(|w| synonyms.canonical.get(&w.text).cloned().unwrap_or(w.text))
                    .collect();
                let phrase_terms = terms(analyzer, &words.join(" "));
                Expansion { words, phrase_terms, extra_terms: terms(analyzer, extra) }
            })
            .collect();
        Self {
            canonical: synonyms.canonical.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            synonyms,
            generic,
            everyday: FxHashSet::default(),
            speller: Speller::new(lexicon, recognised),
            outside,
            expansions_by_first: index_by_first(&expansions),
            expansions,
            dose_gaps: DoseGaps::default(),
            drugs: DrugNames::default(),
            article_words: FxHashSet::default(),
            focus: FocusRules::default(),
            aspects: AspectCues::default(),
            subject: BTreeSet::new(),
            history_list: BTreeSet::new(),
            refers_back: BTreeSet::new(),
            other_diseases: Vec::new(),
            story_conditions: BTreeSet::new(),
            forms: DistinctForms::default(),
            typos: false,
            min_coverage: 0.0,
        }
    }

    /// Whether a word (lowercase, as typed) can belong to a list of what a patient had: a drug's name, a
    /// number or dose, a listing word ("and", "mg"), an outside topic ("plaquenil"), or a word the bot does
    /// not know (a brand it has not heard of).
    pub fn listed(&self, word: &str) -> bool {
        word.chars().next().is_some_and(|c| c.is_ascii_digit())
            || self.history_list.contains(word)
            || self.is_drug(word)
            || self.outside.is_one_word_topic(&self.key(word))
            || !self.speller.knows(word)
    }

    /// Whether a word (lowercase, as typed) is a word of the name of one of refractory.toml's drugs.
    pub fn is_drug(&self, word: &str) -> bool {
        self.drugs.is_word(&self.key(word)) || self.drugs.is_word(word)
    }

    /// A word as the synonym list knows it: lowercase, canonical.
    pub fn key(&self, word: &str) -> String {
        let lower = word.to_lowercase();
        if let Some(key) = self.canonical.get(&lower) {
            return key.clone();
        }
        // The plural of an abbreviation ("RCTs", "MRIs", "pts") is its singular: the stemmer keeps an "s"
        // after a stem with no vowel before its last letter, so the vocabulary's entry would never match.
        let vowel = |c: char| "aeiouy".contains(c);
        let singular = lower.strip_suffix('s').filter(|single| {
            let before_last = single.chars().count().saturating_sub(1);
            before_last >= 1
                && !single.chars().take(before_last).any(vowel)
                && (self.synonyms.expand.contains_key(*single) || self.canonical.contains_key(*single))
        });
        match singular {
            Some(single) => self.canonical.get(single).cloned().unwrap_or_else(|| single.to_owned()),
            None => lower,
        }
    }

    /// Each of `keys` as the question spells it, so that a resident reads back the word typed
    /// ("normalized", not the key "normalised"); a key no single word of the question gives stays as it is.
    pub fn as_typed(&self, keys: &[String], question: &str) -> Vec<String> {
        let words = super::words::words(question);
        let mut typed: Vec<String> = keys
            .iter()
            .map(|key| words.iter().find(|w| &self.key(&w.text) == key).map_or_else(|| key.clone(), |w| w.text.clone()))
            .collect();
        typed.dedup();
        typed
    }
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

#[cfg(test)]
mod tests {
    use super::{Expansion, Vocabulary, index_by_first};
    use crate::knowledge::Synonyms;
    use crate::search::analyzer::{analyze, medical_analyzer};
    use crate::search::testing::index;

    fn vocabulary() -> &'static Vocabulary {
        &index().vocabulary
    }

    /// A word as the shipped analyzer indexes it.
    fn term(word: &str) -> String {
        analyze(&mut index().analyzer.clone(), word).into_iter().map(|w| w.term).next().unwrap_or_default()
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_plural_of_an_abbreviation_is_its_singular_and_other_words_are_left_alone() {
        let vocabulary = vocabulary();
        assert_eq!(vocabulary.key("RCTs"), "rct");
        assert_eq!(vocabulary.key("rcts"), vocabulary.key("rct"));
        // A stem with a vowel is the stemmer's to reduce; an unknown singular is no key.
        assert_eq!(vocabulary.key("drips"), "drips");
        assert_eq!(vocabulary.key("xqzs"), "xqzs");
    }

    #[test]
    fn everyday_english_is_the_stopword_list_without_medical_or_two_letter_words() {
        let everyday = &vocabulary().everyday;
        for word in ["way", "same", "works"] {
            assert!(everyday.contains(&term(word)), "{word} is everyday English");
        }
        // "dm", "jo" and "cd" are two-letter entries of the list (country codes, to it); "test" and "ck" are on
        // it too, but the vocabulary gives them a medical meaning.
        for word in ["dm", "jo", "cd", "test", "ck"] {
            assert!(!everyday.contains(&term(word)), "{word} is not everyday English here");
        }
        assert!(vocabulary().speller.knows("same"), "everyday words are known, never corrected");
    }

    #[test]
    fn a_history_list_holds_drugs_numbers_listing_words_outside_drugs_and_unknown_brands() {
        for word in ["40", "15mg", "and", "weekly", "mtx", "pred", "imuran", "plaquenil", "zorblat"] {
            assert!(vocabulary().listed(word), "{word} can be part of what a patient had");
        }
        // "strength" is only part of an outside topic ("strength training"), never one on its own.
        for word in ["weak", "wants", "strength", "the"] {
            assert!(!vocabulary().listed(word), "{word} ends a history span");
        }
    }

    #[test]
    fn a_drug_is_known_by_any_of_its_names_or_their_canonical_form() {
        for word in ["mtx", "methotrexate", "pred", "imuran", "cellcept", "ivig"] {
            assert!(vocabulary().is_drug(word), "{word} names a drug of refractory.toml");
        }
        for word in ["weekly", "plaquenil", "weak", "dose"] {
            assert!(!vocabulary().is_drug(word), "{word} is no page-6 drug");
        }
        assert_eq!(vocabulary().key("MTX"), "methotrexate");
        assert_eq!(vocabulary().key("Weak"), "weak");
    }

    #[test]
    fn words_are_read_back_as_the_question_spells_them() {
        let keys = strings(&["methotrexate", "zorblat", "stem cell transplant"]);
        assert_eq!(
            vocabulary().as_typed(&keys, "Is Trexall ok with zorblat before a stem cell transplant?"),
            ["trexall", "zorblat", "stem cell transplant"],
            "a key the question types in another form is shown as typed; one no word gives stays"
        );
    }

    #[test]
    fn an_expansion_is_found_by_its_first_word_and_by_its_first_stem_once_each() {
        let expansion = |words: &[&str], stems: &[&str]| Expansion {
            words: strings(words),
            phrase_terms: strings(stems),
            extra_terms: Vec::new(),
        };
        let by_first = index_by_first(&[
            expansion(&["tracking", "progress"], &["track", "progress"]),
            expansion(&["ivig"], &["ivig"]),
        ]);
        assert_eq!(by_first.get("tracking"), Some(&vec![0]));
        assert_eq!(by_first.get("track"), Some(&vec![0]));
        assert_eq!(by_first.get("ivig"), Some(&vec![1]), "a word that is its own stem is listed once");
        assert_eq!(by_first.get("progress"), None, "only the first word");
    }

    #[test]
    fn the_baseline_vocabulary_corrects_nothing_and_abstains_from_nothing() {
        let mut analyzer = medical_analyzer(&Synonyms::default());
        let plain = Vocabulary::plain(&mut analyzer, Synonyms::default(), ["methotrexate weekly"]);
        assert!(!plain.typos && plain.min_coverage == 0.0 && plain.everyday.is_empty());
        assert!(plain.speller.knows("methotrexate"), "the documents' words are its lexicon");
        let read = plain.prepare(&mut analyzer, "metotrexate, failed pred, what next");
        assert_eq!(read.question, "metotrexate, failed pred, what next");
        assert!(read.focus.history.is_empty() && read.aspects.is_empty() && read.elsewhere.is_none());
        assert!(vocabulary().typos && vocabulary().min_coverage > 0.0);
    }
}
