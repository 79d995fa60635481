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
}

impl OutsideTopics {
    /// Reads the `outside` list and the `describing` words; `key` turns a word into a question key.
    pub fn new(synonyms: &Synonyms, key: impl Fn(&str) -> String) -> Self {
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
        Self {
            topics,
            by_first,
            nouns: synonyms.describing.nouns.iter().map(|w| key(w)).collect(),
            verbs: synonyms.describing.verbs.iter().map(|w| key(w)).collect(),
        }
    }

    /// The topics a question (its keys, in order) asks about, and the keys of topics that only describe a
    /// drug. `explained` are the spans of keys that an expand phrase matched: a topic wholly inside one is
    /// what the phrase explains, not the question's topic.
    pub fn asked(&self, keys: &[String], explained: &[Range<usize>]) -> (Vec<String>, Vec<String>) {
        let mut found: Vec<(Range<usize>, &str)> = Vec::new();
        for (at, key) in keys.iter().enumerate() {
            for (topic, words) in self.by_first.get(key).into_iter().flatten().filter_map(|&i| self.topics.get(i)) {
                if keys[at..].starts_with(words) {
                    found.push((at..at + words.len(), topic));
                }
            }
        }
        found.sort_by_key(|(span, _)| (span.start, span.end));
        let mut asked = BTreeSet::new();
        let mut describing = BTreeSet::new();
        let mut describing_until: Option<usize> = None;
        for (span, topic) in found {
            let phrase = explained.iter().find(|e| e.start <= span.start && span.end <= e.end);
            let continues = describing_until.is_some_and(|end| continues_a_list(keys, end, span.start));
            if phrase.is_some() || continues || self.describes_a_drug(keys, &span) {
                let end = phrase.map_or(span.end, |e| e.end);
                describing_until = Some(end.max(describing_until.unwrap_or(0)));
                if phrase.is_none() {
                    describing.extend(keys[span].iter().cloned());
                }
            } else {
                asked.insert(topic.to_owned());
            }
        }
        (asked.into_iter().collect(), describing.into_iter().collect())
    }

    /// "the vasculitis one", or a verb of use just before the topic with a drug noun not far before it.
    fn describes_a_drug(&self, keys: &[String], span: &Range<usize>) -> bool {
        if keys.get(span.end).is_some_and(|k| k == ONE) {
            return true;
        }
        let before = |reach: usize| &keys[span.start.saturating_sub(reach)..span.start];
        before(VERB_REACH).iter().any(|k| self.verbs.contains(k))
            && before(NOUN_REACH).iter().any(|k| self.nouns.contains(k))
    }
}

/// Whether the words from `end` to `start` join two items of one list: adjacent ("nephritis/vasculitis"), or
/// a few words apart with "and" or "or" among them ("lupus kidney and severe vasculitis").
fn continues_a_list(keys: &[String], end: usize, start: usize) -> bool {
    let Some(gap) = keys.get(end..start) else { return false };
    gap.is_empty() || (gap.len() <= LIST_REACH && gap.iter().any(|k| k == "and" || k == "or"))
}
