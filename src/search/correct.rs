//! Typo correction: a misspelt word of 5 or more letters is replaced by the closest word the bot knows (one
//! edit, two from 9 letters, the same first letter), before anything else reads the question, so synonyms,
//! expansions and the search all see the corrected word.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use super::edits;

/// The words the bot knows, and the ones it recognises but never corrects into.
#[derive(Debug, Clone, Default)]
pub struct Speller {
    /// Every word the bot knows (the documents' words, the vocabulary's words).
    lexicon: Words,
    /// Words the bot recognises but never corrects a typo into: the `outside` topics, so that a misspelt
    /// covered word ("injections") is not turned into an uncovered one ("infections").
    recognised: Words,
}

/// A set of words, and the same words by first letter and length, so a correction only measures the words
/// that can be close enough.
#[derive(Debug, Clone, Default)]
struct Words {
    set: FxHashSet<String>,
    /// (first letter, length in characters) → the words of that shape.
    by_shape: FxHashMap<(char, usize), Vec<String>>,
}

impl Words {
    /// Adds a word (once).
    fn insert(&mut self, word: String) {
        let Some(first) = word.chars().next() else {
            self.set.insert(word);
            return;
        };
        if self.set.insert(word.clone()) {
            self.by_shape.entry((first, word.chars().count())).or_default().push(word);
        }
    }

    /// The word within `allowed` edits of `word` with the same first letter, the closest first (of equally
    /// close ones, the first in alphabetical order).
    fn closest(&self, word: &str, allowed: usize) -> Option<String> {
        let first = word.chars().next()?;
        let chars = word.chars().count();
        // A word more than `allowed` letters longer or shorter is more than `allowed` edits away.
        (chars.saturating_sub(allowed)..=chars + allowed)
            .filter_map(|length| self.by_shape.get(&(first, length)))
            .flatten()
            .filter_map(|w| Some((edits::within(w, word, allowed)?, w)))
            .min()
            .map(|(_, w)| w.clone())
    }
}

impl FromIterator<String> for Words {
    fn from_iter<I: IntoIterator<Item = String>>(words: I) -> Self {
        let mut set = Self::default();
        set.extend(words);
        set
    }
}

impl Extend<String> for Words {
    fn extend<I: IntoIterator<Item = String>>(&mut self, words: I) {
        for word in words {
            self.insert(word);
        }
    }
}

impl Speller {
    /// A speller over `lexicon`, recognising `recognised` without correcting into them.
    pub fn new(lexicon: BTreeSet<String>, recognised: BTreeSet<String>) -> Self {
        Self { lexicon: lexicon.into_iter().collect(), recognised: recognised.into_iter().collect() }
    }

    /// Adds words to the lexicon.
    pub fn learn(&mut self, words: impl IntoIterator<Item = String>) {
        self.lexicon.extend(words);
    }

    /// Whether the bot knows this lowercase word.
    pub fn knows(&self, word: &str) -> bool {
        self.lexicon.set.contains(word) || self.recognised.set.contains(word)
    }

    /// The question with misspelt words of 5+ letters replaced by the closest known word.
    pub fn correct(&self, question: &str) -> String {
        let mut out = String::with_capacity(question.len());
        let mut word = String::new();
        for c in question.chars().chain(std::iter::once(' ')) {
            if c.is_alphanumeric() {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                match self.spelling(&word) {
                    Some(spelt) => out.push_str(&spelt),
                    None => out.push_str(&word),
                }
                word.clear();
            }
            out.push(c);
        }
        out.pop();
        out
    }

    /// Whether `word` is a known word with a regular English ending ("drops" of "drop", "tapered" of
    /// "taper"): an inflection, not a typo to correct into another word ("drops" is not "drips").
    fn inflects_known(&self, word: &str) -> bool {
        ["s", "es", "ed", "d", "ing"].iter().any(|ending| {
            word.strip_suffix(ending).is_some_and(|stem| stem.chars().count() >= 3 && self.lexicon.set.contains(stem))
        })
    }

    /// The known word closest to `word`, when it is misspelt; a recognised word (an outside topic) only
    /// when no known word is close, so "pregnacy" is still the pregnancy page 6 does not address, while
    /// "injectoins" stays "injections".
    fn spelling(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        let chars = lower.chars().count();
        if chars < 5 || lower.chars().any(|c| c.is_ascii_digit()) || self.knows(&lower) || self.inflects_known(&lower) {
            return None;
        }
        let allowed = if chars >= 9 { 2 } else { 1 };
        self.lexicon.closest(&lower, allowed).or_else(|| self.recognised.closest(&lower, allowed))
    }
}

#[cfg(test)]
mod tests {
    use super::Speller;

    fn speller() -> Speller {
        let lexicon =
            ["methotrexate", "azathioprine", "injections", "weekly"].iter().map(|s| (*s).to_owned()).collect();
        Speller::new(lexicon, ["infections".to_owned()].into())
    }

    #[test]
    fn misspelt_long_words_are_corrected_and_short_or_known_ones_kept() {
        assert_eq!(speller().correct("metotrexate weekly?"), "methotrexate weekly?");
        assert_eq!(speller().correct("azathiorpine and mtx"), "azathioprine and mtx");
        assert_eq!(speller().correct("aza mtx 7.5mg"), "aza mtx 7.5mg");
    }

    #[test]
    fn a_learnt_word_is_kept_as_written_and_can_be_corrected_into() {
        let mut speller = Speller::new(["stuck".to_owned(), "happens".to_owned()].into(), Default::default());
        assert_eq!(speller.correct("stack them, how often does it happen"), "stuck them, how often does it happens");
        speller.learn(["stack".to_owned(), "happen".to_owned()]);
        assert_eq!(speller.correct("stack them, how often does it happen"), "stack them, how often does it happen");
        assert_eq!(speller.correct("staack"), "stack");
    }

    #[test]
    fn outside_topics_are_recognised_and_corrected_into_only_when_no_known_word_is_close() {
        assert_eq!(speller().correct("infections"), "infections");
        assert_eq!(speller().correct("injectoins"), "injections");
        assert_eq!(speller().correct("infectoin"), "infections", "no known word is close");
    }

    fn wider() -> Speller {
        let lexicon = ["ivig", "prednisone", "weakness", "azathioprine", "steroid", "steroids", "tacrolimus"];
        Speller::new(lexicon.iter().map(|s| (*s).to_owned()).collect(), Default::default())
    }

    #[test]
    fn an_inflection_of_a_known_word_is_not_a_typo() {
        let speller = Speller::new(["drop".to_owned(), "drips".to_owned()].into(), Default::default());
        assert_eq!(speller.correct("pred drops under 15"), "pred drops under 15", "not \"drips\"");
        assert_eq!(speller.correct("dripps"), "drips", "a typo is still corrected");
    }

    #[test]
    fn words_under_five_letters_or_with_digits_are_left_alone() {
        assert_eq!(wider().correct("ivug"), "ivug");
        assert_eq!(wider().correct("steroid5 15mgs"), "steroid5 15mgs");
    }

    #[test]
    fn two_edits_are_corrected_from_nine_letters_one_below() {
        assert_eq!(wider().correct("predisome"), "prednisone", "9 letters, 2 edits");
        assert_eq!(wider().correct("weaknexs"), "weakness", "8 letters, 1 edit");
        assert_eq!(wider().correct("weaknexx"), "weaknexx", "8 letters, 2 edits");
    }

    #[test]
    fn a_correction_keeps_the_first_letter_and_takes_the_closest_word() {
        assert_eq!(wider().correct("zazathioprine"), "zazathioprine", "another first letter");
        assert_eq!(wider().correct("tacrolimis"), "tacrolimus");
        // Equally close: the first in the lexicon's order, so the answer never depends on chance.
        assert_eq!(wider().correct("steroidz"), "steroid");
        assert_eq!(wider().correct("Weaknexs/steriods?"), "weakness/steroids?", "separators kept, word as listed");
    }

    #[test]
    fn drug_names_the_bot_knows_are_never_corrected_and_a_misspelt_one_is() {
        let speller = &crate::search::testing::index().vocabulary.speller;
        let known = "infliximab rituximab imuran cellcept mycophenylate tofacitinib abatacept";
        assert_eq!(speller.correct(known), known);
        assert_eq!(speller.correct("rituximad and tacrolimis"), "rituximab and tacrolimus");
    }
}
