//! Whether a corpus covers a question: more than half of its content words (weighted: unknown words and
//! history words count less; a finding a page-6 setting answers counts as one matched word) matched, or, when all its words are generic, an aspect asked; nothing it asks that page 6 gives no dose or word for; and no outside
//! topic named (one in a history span, "failed plaquenil, next?", is what the patient had and is dropped
//! before this rule; one around an ask that names its own topic, all of it matched, is the patient's story).

use std::collections::{BTreeMap, BTreeSet};

use super::prepare::Content;

/// Everything the decision needs.
pub struct CoverageInput<'a> {
    /// The question's content words.
    pub content: &'a BTreeMap<String, Content>,
    /// The content words (keys) that matched in this corpus.
    pub matched: &'a BTreeSet<&'a str>,
    /// Outside topics, each with whether it is in the ask.
    pub outside: &'a [(String, bool)],
    /// Doses or scoped aspects asked that page 6 does not give.
    pub gaps: bool,
    /// More than this share of the content must match.
    pub min_coverage: f64,
    /// Whether the ask asks an aspect of the disease itself that the corpus's passages address: a question
    /// whose words are all generic is then covered ("is myositis all one disease or are there different
    /// kinds of it?" asks the overview).
    pub asks_aspect: bool,
    /// Findings of the case that a page-6 setting answers, asked anywhere in the question: each counts as
    /// one matched content word.
    pub findings: f64,
    /// Whether the ask names a topic of its own: a drug, or a word of the article's subject ("muscle
    /// inflammation like mine").
    pub ask_names_topic: bool,
    /// Whether every outside topic is one of the patient's other illnesses (reading.toml
    /// `story_conditions`), none of them in the ask.
    pub outside_is_story: bool,
}

/// The coverage rule.
pub fn covered(input: &CoverageInput<'_>) -> bool {
    if input.gaps {
        return false;
    }
    let share = |pick: &dyn Fn(&Content) -> bool| -> (f64, f64) {
        let total: f64 = input.content.values().filter(|c| pick(c)).map(|c| c.weight).sum();
        let matched: f64 = input
            .content
            .iter()
            .filter(|(key, c)| pick(c) && input.matched.contains(key.as_str()))
            .map(|(_, c)| c.weight)
            .sum();
        (matched + input.findings, total + input.findings)
    };
    let enough = |(matched, total): (f64, f64)| {
        if total == 0.0 { input.asks_aspect } else { matched > 0.0 && matched > input.min_coverage * total }
    };
    if !enough(share(&|_| true)) {
        return false;
    }
    // An outside topic anywhere but in a history span (those are dropped before) stops the answer: named
    // around the ask, it is as often what the question is about ("on mtx, pregnant, ok?", "hydroxychloroquine
    // for the DM skin rash, does it work"). Unless the ask names a topic of its own and page 6 has every word
    // of it, and the outside topics are the patient's other illnesses: they are then the patient's story
    // ("My aunt took it for her rheumatoid arthritis ... Does that happen a lot with people who take it for
    // muscle inflammation like mine?"). Pregnancy never is ("wants to get pregnant, how long off mtx first").
    let story = || {
        let (matched, total) = share(&|c| c.in_ask);
        input.ask_names_topic && input.outside_is_story && total > 0.0 && matched >= total
    };
    input.outside.is_empty() || story()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::{CoverageInput, covered};
    use crate::search::prepare::Content;

    fn content(words: &[(&str, f64, bool)]) -> BTreeMap<String, Content> {
        words
            .iter()
            .map(|(w, weight, in_ask)| ((*w).to_owned(), Content { weight: *weight, in_ask: *in_ask }))
            .collect()
    }

    fn decide(words: &[(&str, f64, bool)], matched: &[&str], outside: &[(&str, bool)], gaps: bool) -> bool {
        let content = content(words);
        let matched: BTreeSet<&str> = matched.iter().copied().collect();
        let outside: Vec<(String, bool)> = outside.iter().map(|(t, a)| ((*t).to_owned(), *a)).collect();
        covered(&CoverageInput {
            content: &content,
            matched: &matched,
            outside: &outside,
            gaps,
            min_coverage: 0.5,
            asks_aspect: false,
            findings: 0.0,
            ask_names_topic: false,
            outside_is_story: false,
        })
    }

    #[test]
    fn more_than_half_of_the_weighted_content_must_match() {
        assert!(!decide(&[("ivig", 1.0, true), ("dm", 1.0, true)], &["ivig"], &[], false));
        assert!(decide(&[("ivig", 1.0, true), ("bump", 0.5, true)], &["ivig"], &[], false));
        assert!(!decide(&[("ivig", 1.0, true)], &[], &[], false));
        assert!(!decide(&[("ivig", 1.0, true)], &["ivig"], &[], true), "a dose gap is never covered");
    }

    #[test]
    fn an_outside_topic_abstains_wherever_it_is_named() {
        let words = [("pregnant", 1.0, false), ("mtx", 1.0, true), ("dm", 1.0, true)];
        assert!(!decide(&words, &["mtx", "dm"], &[("pregnant", false)], false));
        assert!(!decide(&words, &["mtx", "dm"], &[("pregnant", true)], false));
        assert!(decide(&words, &["mtx", "dm"], &[], false));
    }

    #[test]
    fn an_outside_topic_in_the_story_does_not_stop_an_ask_that_names_its_own_covered_topic() {
        let words = [("rheumatoid arthritis", 1.0, false), ("mtx", 1.0, true), ("lung", 1.0, true)];
        let outside = [("rheumatoid arthritis".to_owned(), false)];
        let matched = BTreeSet::from(["mtx", "lung"]);
        let content = content(&words);
        let input = |ask_names_topic: bool, outside_is_story: bool, matched: &BTreeSet<&str>| {
            covered(&CoverageInput {
                content: &content,
                matched,
                outside: &outside,
                gaps: false,
                min_coverage: 0.5,
                asks_aspect: false,
                findings: 0.0,
                ask_names_topic,
                outside_is_story,
            })
        };
        assert!(input(true, true, &matched), "the aunt's RA is the story");
        assert!(!input(false, true, &matched), "'does it work?' asks of the outside topic");
        assert!(!input(true, true, &BTreeSet::from(["mtx"])), "an ask page 6 does not cover in full");
        assert!(!input(true, false, &matched), "pregnancy, or a topic in the ask, is never the story");
    }

    #[test]
    fn a_question_of_generic_words_is_covered_when_its_ask_asks_an_aspect() {
        let ask = |asks_aspect: bool, gaps: bool| {
            let (content, matched) = (BTreeMap::new(), BTreeSet::new());
            covered(&CoverageInput {
                content: &content,
                matched: &matched,
                outside: &[],
                gaps,
                min_coverage: 0.5,
                asks_aspect,
                findings: 0.0,
                ask_names_topic: false,
                outside_is_story: false,
            })
        };
        assert!(ask(true, false), "'is myositis all one disease or different kinds?' asks the overview");
        assert!(!ask(false, false) && !ask(true, true));
        // With content of its own, the aspect does not make up for unmatched words.
        let content = content(&[("headache", 1.0, true)]);
        let matched = BTreeSet::new();
        assert!(!covered(&CoverageInput {
            content: &content,
            matched: &matched,
            outside: &[],
            gaps: false,
            min_coverage: 0.5,
            asks_aspect: true,
            findings: 0.0,
            ask_names_topic: false,
            outside_is_story: false,
        }));
    }

    #[test]
    fn a_finding_a_setting_answers_counts_as_a_matched_word() {
        // "SOAP. S: feels stronger, walking 2 km daily. O: CK ~900. A/P: ?chase CK": CK high with the strength
        // back is ¶7 item 1's setting, whatever shorthand surrounds it.
        let content = content(&[("ck", 1.0, true), ("soap", 0.5, false), ("chase", 1.0, true)]);
        let matched = BTreeSet::from(["ck"]);
        let input = |findings: f64| CoverageInput {
            content: &content,
            matched: &matched,
            outside: &[],
            gaps: false,
            min_coverage: 0.5,
            asks_aspect: false,
            findings,
            ask_names_topic: false,
            outside_is_story: false,
        };
        assert!(!covered(&input(0.0)), "1 of 2.5 matched");
        assert!(covered(&input(1.0)), "2 of 3.5 matched with the finding");
    }

    #[test]
    fn nothing_to_match_is_not_covered_and_history_words_count_their_weight() {
        assert!(!decide(&[], &[], &[], false));
        // Two matched drugs of the history do not cover an unmatched ask; the ask's own word does.
        let words = [("mtx", 0.3, false), ("ivig", 0.3, false), ("zorblat", 1.0, true)];
        assert!(!decide(&words, &["mtx", "ivig"], &[], false));
        assert!(decide(&words, &["zorblat"], &[], false));
    }
}
