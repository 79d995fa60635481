//! Topics page 6 does not address, found in a question: a question that names one is told the article
//! does not cover it. Two ways a topic's words appear without being the question's topic: inside a phrase
//! the vocabulary explains ("transplant drug"), or describing a drug by what else it is used for ("the drug
//! they use for lupus kidney and severe vasculitis", "the vasculitis one").

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use crate::knowledge::Synonyms;

/// A verb of use at most this many words before the topic ("use for lupus").
const VERB_REACH: usize = 3;
/// A noun standing for the drug at most this many words before the topic ("drip they use in vasculitis").
const NOUN_REACH: usize = 6;
/// A topic this close after a describing one continues the description ("lupus kidney and severe vasculitis").
const LIST_REACH: usize = 3;
/// The noun that, right after a topic, makes it a description ("the vasculitis one").
const ONE: &str = "one";
/// A disease at most this many words before a drug noun describes the drug ("the weekly RA anchor drug",
/// "the old transplant antimetabolite pill").
const NOUN_AFTER_REACH: usize = 3;

/// The outside topics and the words that mark a description.
pub struct OutsideTopics {
    /// Each topic as listed, with its words in the form the question's keys take (canonical, lowercase).
    topics: Vec<(String, Vec<String>)>,
    /// Which topics start with a given word, so a question only tries the ones that can match.
    by_first: HashMap<String, Vec<usize>>,
    /// Words that stand for a drug ("drug", "drip").
    nouns: BTreeSet<String>,
    /// Verbs of using a drug for something ("use", "given").
    verbs: BTreeSet<String>,
    /// Other diseases whose drugs page 6 names (reading.toml `other_diseases`), as keys: before a drug noun
    /// they say which drug is meant ("the RA anchor drug"); other topics before a noun are what the noun is
    /// ("the shingles jab").
    diseases: BTreeSet<Vec<String>>,
}

impl OutsideTopics {
    /// Reads the `outside` list, the `describing` words and the other `diseases`; `key` turns a word into a
    /// question key.
    pub fn new(synonyms: &Synonyms, diseases: &[String], key: impl Fn(&str) -> String) -> Self {
        let words = |text: &str| -> Vec<String> {
            text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(&key).collect()
        };
        let topics: Vec<(String, Vec<String>)> =
            synonyms.outside.iter().map(|topic| (topic.clone(), words(topic))).collect();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, words)) in topics.iter().enumerate() {
            if let Some(first) = words.first() {
                by_first.entry(first.clone()).or_default().push(i);
            }
        }
        let diseases = diseases.iter().map(|d| words(d)).collect();
        Self {
            topics,
            by_first,
            nouns: synonyms.describing.nouns.iter().map(|w| key(w)).collect(),
            verbs: synonyms.describing.verbs.iter().map(|w| key(w)).collect(),
            diseases,
        }
    }

    /// Whether `word` (lowercase) stands for a drug ("drug", "one", "drip").
    pub fn is_drug_noun(&self, word: &str) -> bool {
        self.nouns.contains(word)
    }

    /// Whether `word` (a question key) is on its own an outside topic ("plaquenil"; not "strength" of
    /// "strength training").
    pub fn is_one_word_topic(&self, word: &str) -> bool {
        self.by_first
            .get(word)
            .into_iter()
            .flatten()
            .any(|&i| self.topics.get(i).is_some_and(|(_, words)| words.len() == 1))
    }

    /// Every topic a question (its keys, in order) names, with the span of keys it takes, in order.
    pub fn mentioned(&self, keys: &[String]) -> Vec<(Range<usize>, &str)> {
        let mut found: Vec<(Range<usize>, &str)> = Vec::new();
        for (at, key) in keys.iter().enumerate() {
            for (topic, words) in self.by_first.get(key).into_iter().flatten().filter_map(|&i| self.topics.get(i)) {
                if keys[at..].starts_with(words) {
                    found.push((at..at + words.len(), topic.as_str()));
                }
            }
        }
        found.sort_by_key(|(span, _)| (span.start, span.end));
        found
    }

    /// The topics a question (its keys, in order) asks about, each with the index of its first key, and the
    /// keys of topics that only describe a drug. `explained` are the spans of keys that an expand phrase
    /// matched: a topic wholly inside one is what the phrase explains, not the question's topic.
    pub fn asked(&self, keys: &[String], explained: &[Range<usize>]) -> (Vec<(String, usize)>, Vec<String>) {
        let found = self.mentioned(keys);
        let mut asked: BTreeSet<(String, usize)> = BTreeSet::new();
        let mut describing = BTreeSet::new();
        let mut describing_until: Option<usize> = None;
        for (span, topic) in found {
            let phrase = explained.iter().find(|e| e.start <= span.start && span.end <= e.end);
            let continues = describing_until.is_some_and(|end| continues_a_list(keys, end, span.start));
            if phrase.is_some() || continues || self.describes_a_drug_as_disease(keys, &span) {
                let end = phrase.map_or(span.end, |e| e.end);
                describing_until = Some(end.max(describing_until.unwrap_or(0)));
                if phrase.is_none() {
                    describing.extend(keys[span].iter().cloned());
                }
            } else {
                asked.insert((topic.to_owned(), span.start));
            }
        }
        (asked.into_iter().collect(), describing.into_iter().collect())
    }

    /// Whether the words at `span` describe a drug: "the vasculitis one", a verb of use before them (see
    /// `describes_a_drug`), or, for another disease, a drug noun a few words after them ("the RA anchor
    /// drug"; "the shingles jab" is no description: shingles is no disease of `diseases`).
    pub fn describes_a_drug_as_disease(&self, keys: &[String], span: &Range<usize>) -> bool {
        if self.describes_a_drug(keys, span) {
            return true;
        }
        let is_disease = keys.get(span.clone()).is_some_and(|words| self.diseases.contains(words));
        let after = keys.get(span.end..(span.end + NOUN_AFTER_REACH).min(keys.len())).unwrap_or_default();
        is_disease && after.iter().any(|k| self.nouns.contains(k))
    }

    /// "the vasculitis one", or a verb of use just before or after the topic with a drug noun not far
    /// before it ("the drip they use in vasculitis", "the pills transplant patients take").
    fn describes_a_drug(&self, keys: &[String], span: &Range<usize>) -> bool {
        if keys.get(span.end).is_some_and(|k| k == ONE) {
            return true;
        }
        let before = |reach: usize| &keys[span.start.saturating_sub(reach)..span.start];
        let after = keys.get(span.end..(span.end + VERB_REACH).min(keys.len())).unwrap_or_default();
        let verb_of_use = before(VERB_REACH).iter().chain(after).any(|k| self.verbs.contains(k));
        verb_of_use && before(NOUN_REACH).iter().any(|k| self.nouns.contains(k))
    }
}

/// Whether the words from `end` to `start` join two items of one list: adjacent ("nephritis/vasculitis"), or
/// a few words apart with "and" or "or" among them ("lupus kidney and severe vasculitis").
fn continues_a_list(keys: &[String], end: usize, start: usize) -> bool {
    let Some(gap) = keys.get(end..start) else { return false };
    gap.is_empty() || (gap.len() <= LIST_REACH && gap.iter().any(|k| k == "and" || k == "or"))
}

#[cfg(test)]
mod tests {
    use super::OutsideTopics;
    use crate::knowledge::{Describing, Synonyms};
    use crate::search::words::phrase_words;

    fn topics() -> OutsideTopics {
        let synonyms = Synonyms {
            outside: ["lupus", "lupus nephritis", "shingles", "transplant", "pregnancy", "vasculitis"]
                .map(str::to_owned)
                .to_vec(),
            describing: Describing {
                nouns: ["drug", "one", "pill", "pills", "jab", "drip"].map(str::to_owned).to_vec(),
                verbs: ["use", "take", "used"].map(str::to_owned).to_vec(),
            },
            ..Synonyms::default()
        };
        OutsideTopics::new(&synonyms, &["lupus".to_owned(), "transplant".to_owned(), "ra".to_owned()], str::to_owned)
    }

    fn asked(question: &str, explained: &[std::ops::Range<usize>]) -> (Vec<String>, Vec<String>) {
        let keys: Vec<String> = phrase_words(question).into_iter().map(|w| w.text).collect();
        let (asked, describing) = topics().asked(&keys, explained);
        (asked.into_iter().map(|(topic, _)| topic).collect(), describing)
    }

    #[test]
    fn a_named_topic_is_asked() {
        assert_eq!(asked("is mtx ok in pregnancy", &[]).0, ["pregnancy"]);
        assert_eq!(asked("rituximab for lupus nephritis", &[]).0, ["lupus", "lupus nephritis"]);
    }

    #[test]
    fn a_topic_that_describes_a_drug_is_not_asked() {
        for question in [
            "the vasculitis one for refractory pm",
            "the drip they use in vasculitis",
            "the pills transplant patients take, any good in dm",
            "the old transplant antimetabolite pill on top of mtx",
        ] {
            let (topics, describing) = asked(question, &[]);
            assert!(topics.is_empty() && !describing.is_empty(), "{question}: {topics:?}");
        }
        // A topic that is no disease is what the noun after it is.
        assert_eq!(asked("should he get the shingles jab", &[]).0, ["shingles"]);
    }

    #[test]
    fn a_topic_inside_a_phrase_the_vocabulary_explains_is_not_asked() {
        // "transplant drug" (keys 1..3) explained by an expand phrase.
        let explained = vec![std::ops::Range { start: 1, end: 3 }];
        assert!(asked("any transplant drug for pm", &explained).0.is_empty());
        assert_eq!(asked("any transplant drug for pm", &[]).0, Vec::<String>::new(), "a drug noun follows a disease");
        assert_eq!(asked("kidney transplant and pm", &[]).0, ["transplant"]);
    }
}
