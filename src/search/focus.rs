//! Question focus: what is asked, versus the history around it. A vignette's history ("failed pred, MTX,
//! AZA") names drugs that must not decide the passage, so words in a history span weigh less; the ask is
//! the last clause that opens with an asking word, up to its question mark when the vignette goes on after
//! it, and outside topics named only outside it do not stop a covered ask from being answered.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::words::{Word, starts_with_at};
use crate::knowledge::Reading;

/// The most words a clause before the ask may have to be read as its label ("Cyclophosphamide place in IIM").
const LABEL_WORDS: usize = 4;

/// Phrases as word sequences, by their first word: a question's word is looked up once instead of being
/// compared with every phrase.
#[derive(Debug, Clone, Default)]
struct Phrases {
    by_first: FxHashMap<String, Vec<Vec<String>>>,
}

impl Phrases {
    /// The phrases, in list order within each first word.
    fn new(phrases: Vec<Vec<String>>) -> Self {
        let mut by_first: FxHashMap<String, Vec<Vec<String>>> = FxHashMap::default();
        for phrase in phrases {
            if let Some(first) = phrase.first() {
                by_first.entry(first.clone()).or_default().push(phrase);
            }
        }
        Self { by_first }
    }

    /// The length of the first phrase (in list order) that starts at word `at` of `texts`.
    fn at(&self, texts: &[String], at: usize) -> Option<usize> {
        let candidates = self.by_first.get(texts.get(at)?)?;
        candidates.iter().find(|p| starts_with_at(texts, at, p)).map(Vec::len)
    }
}

/// The reading rules, as word sequences.
#[derive(Debug, Clone, Default)]
pub struct FocusRules {
    history: Phrases,
    history_before_ask: Phrases,
    asks: Phrases,
    breaks: Phrases,
    history_weight: f32,
    context_weight: f32,
}

/// How one question reads: where its ask starts, and its history spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    /// Byte offset where the asked part starts (0: the whole question asks).
    pub ask_start: usize,
    /// Byte offset where the asked part ends (`usize::MAX`: at the end of the question).
    pub ask_end: usize,
    /// Byte ranges of history spans.
    pub history: Vec<Range<usize>>,
    /// Weight of a word in a history span.
    pub history_weight: f32,
    /// Weight, in ranking only, of a word outside the ask and the history: less than 1 when the ask is
    /// part of the question and names a drug of its own.
    pub context_weight: f32,
}

impl FocusRules {
    /// The rules of `reading`.
    pub fn new(reading: &Reading) -> Self {
        let phrases = |list: &[String]| -> Vec<Vec<String>> {
            list.iter().map(|p| p.split_whitespace().map(str::to_owned).collect()).collect()
        };
        Self {
            history: Phrases::new(with_fillers(phrases(&reading.history), &reading.history_fillers)),
            history_before_ask: Phrases::new(phrases(&reading.history_before_ask)),
            asks: Phrases::new(phrases(&reading.asks)),
            breaks: Phrases::new(phrases(&reading.breaks)),
            history_weight: reading.history_weight,
            context_weight: reading.context_weight,
        }
    }

    /// Reads a question's words. `listed` says whether a word can belong to a list of what the patient had
    /// (a drug's name, a dose, "and"), `drug` whether it names a drug: a history span holds only listed
    /// words, runs across a comma only to a drug ("failed pred, MTX, AZA"; "on pred 20, team wants" ends at
    /// the comma), and ends at the first other word.
    pub fn read(&self, words: &[Word], listed: impl Fn(&str) -> bool, drug: impl Fn(&str) -> bool) -> Focus {
        let texts: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
        let clause_start = |i: usize| i == 0 || words[i - 1].ends_clause || words[i - 1].comma_after;
        let matches_at = |list: &Phrases, i: usize| list.at(&texts, i);
        // The ask: the last clause that opens with an asking word; else, of several sentences, the last that
        // holds a question mark ("IVIG dose & interval? 70F PM, failed pred": what follows is context) or
        // the last of all, unless the question opens with an asking word ("where does IVIG fit - refractory
        // DM and IBM?": what follows the dash is still what is asked).
        let sentence_start = |end: usize| (1..=end).rev().find(|&i| words[i - 1].ends_clause);
        let last_sentence = match (0..words.len()).rev().find(|&i| words[i].question_after) {
            Some(question) => sentence_start(question),
            None => sentence_start(words.len().saturating_sub(1)),
        };
        let opens_asking = matches_at(&self.asks, 0).is_some();
        // An asking word that opens a history phrase ("Refractory PM: has had pred, ...") opens no ask.
        let opens_ask = |i: usize| matches_at(&self.asks, i).is_some() && matches_at(&self.history, i).is_none();
        let ask_index = (1..words.len())
            .rev()
            .find(|&i| clause_start(i) && opens_ask(i))
            .or(if opens_asking { None } else { last_sentence })
            .unwrap_or(0);
        // "..., skin + prox weak. IVIG - is there RCT support?", "Cyclophosphamide place in IIM - evidence
        // consistent?": a short clause that opens with a drug's name, with no history in it, just before an ask
        // that names no drug of its own is what the ask is about ("Before escalating to CYC, what ..." is not).
        let label_start = (0..ask_index.saturating_sub(1)).rev().find(|&i| words[i].ends_clause).map_or(0, |i| i + 1);
        let label = label_start..ask_index;
        let ask_index = if !label.is_empty()
            && label.len() <= LABEL_WORDS
            && drug(&words[label_start].text)
            && !label
                .clone()
                .any(|i| matches_at(&self.history, i).is_some() || matches_at(&self.history_before_ask, i).is_some())
            && !words[ask_index..].iter().any(|w| drug(&w.text))
        {
            label_start
        } else {
            ask_index
        };
        let ask_start = words.get(ask_index).map_or(0, |w| if ask_index == 0 { 0 } else { w.range.start });
        // "Where does cyclophosphamide fit? 47F has had pred, MTX, ..., still weak": the ask asked first ends at
        // its question mark, and what follows is context, unless another question mark follows.
        let questions: Vec<usize> = (ask_index..words.len()).filter(|&i| words[i].question_after).collect();
        let after_ask = match questions.as_slice() {
            [only] if only + 1 < words.len() => only + 1,
            _ => words.len(),
        };
        let ask_end = if after_ask < words.len() { words[after_ask - 1].range.end } else { usize::MAX };
        let mut history = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let opened = matches_at(&self.history, i).or_else(|| {
                if i < ask_index || i >= after_ask { matches_at(&self.history_before_ask, i) } else { None }
            });
            let Some(length) = opened else {
                i += 1;
                continue;
            };
            let mut first = i + length;
            while let Some(more) = matches_at(&self.history, first) {
                first += more;
            }
            let stops = |j: usize| (j == ask_index && ask_index > 0) || matches_at(&self.breaks, j).is_some();
            // After a comma the list goes on only to another drug, through listed words ("AZA, and 6 months
            // of IVIG"; "on pred 20, team wants" ends at the comma).
            let reaches_drug = |from: usize| {
                for (j, word) in words.iter().enumerate().skip(from) {
                    if stops(j)
                        || !listed(&word.text)
                        || (j > from && (words[j - 1].comma_after || words[j - 1].ends_clause))
                    {
                        return false;
                    }
                    if drug(&word.text) {
                        return true;
                    }
                }
                false
            };
            let mut last = first;
            while last < words.len() {
                let word = &words[last];
                let after_comma = last > first && words[last - 1].comma_after;
                if stops(last) || !listed(&word.text) || (after_comma && !reaches_drug(last)) {
                    break;
                }
                last += 1;
                if word.ends_clause {
                    break;
                }
            }
            if last > first {
                history.push(words[first].range.start..words[last - 1].range.end);
            }
            i = last.max(i + 1);
        }
        let in_history = |i: usize| history.iter().any(|span: &Range<usize>| span.contains(&words[i].range.start));
        let ask_is_part = ask_index > 0 || after_ask < words.len();
        let ask_names_drug = (ask_index..after_ask).any(|i| !in_history(i) && drug(&words[i].text));
        let context_weight = if ask_is_part && ask_names_drug { self.context_weight } else { 1.0 };
        Focus { ask_start, ask_end, history, history_weight: self.history_weight, context_weight }
    }
}

impl FocusRules {
    /// The reading of a question whose ask has no topic of its own and points back ("someone mentioned the
    /// anti rejection drugs?? is that actually a thing"): the sentence just before the ask, which "that"
    /// points at, is asked too, and the story before it is context, weighed down as beside an ask that names
    /// a drug of its own; with no sentence before ("failed ivig, does it keep working?"), the history is
    /// what is asked about and weighs fully.
    pub fn points_back(&self, read: Focus, words: &[Word]) -> Focus {
        let before: Vec<&Word> = words.iter().take_while(|w| w.range.start < read.ask_start).collect();
        let start = before
            .iter()
            .rposition(|w| w.ends_clause)
            .map(|last| before[..last].iter().rposition(|w| w.ends_clause).map_or(0, |i| i + 1))
            .and_then(|i| before.get(i));
        let Some(start) = start.map(|w| w.range.start) else { return Focus { history_weight: 1.0, ..read } };
        let context_weight = if start > 0 { self.context_weight } else { 1.0 };
        Focus { ask_start: start, context_weight, ..read }
    }
}

/// History phrases of two or more words, each also with a filler after its first word ("never really
/// responded to" beside "never responded to").
fn with_fillers(phrases: Vec<Vec<String>>, fillers: &[String]) -> Vec<Vec<String>> {
    let filled: Vec<Vec<String>> = phrases
        .iter()
        .filter(|p| p.len() > 1)
        .flat_map(|p| {
            fillers.iter().map(move |filler| {
                let mut filled = p.clone();
                filled.insert(1, filler.clone());
                filled
            })
        })
        .collect();
    phrases.into_iter().chain(filled).collect()
}

impl Focus {
    /// The whole question asks; nothing is history.
    pub fn plain() -> Self {
        Self { ask_start: 0, ask_end: usize::MAX, history: Vec::new(), history_weight: 1.0, context_weight: 1.0 }
    }

    /// The weight of a word at byte `offset`: less in a history span.
    pub fn weight(&self, offset: usize) -> f32 {
        if self.in_history(offset) { self.history_weight } else { 1.0 }
    }

    /// The weight of a word at byte `offset` in ranking: less in a history span, and less outside the ask
    /// when the ask names a drug of its own. (Coverage counts context words in full: an outside subject
    /// named before the ask still stops an answer.)
    pub fn rank_weight(&self, offset: usize) -> f32 {
        if self.in_history(offset) {
            self.history_weight
        } else if self.in_ask(offset) {
            1.0
        } else {
            self.context_weight
        }
    }

    /// Whether the word at `offset` is in a history span.
    pub fn in_history(&self, offset: usize) -> bool {
        self.history.iter().any(|span| span.contains(&offset))
    }

    /// Whether the word at `offset` is in the asked part.
    pub fn in_ask(&self, offset: usize) -> bool {
        (self.ask_start..self.ask_end).contains(&offset)
    }

    /// The asked part of `question` (the text the offsets point into).
    pub fn ask<'q>(&self, question: &'q str) -> &'q str {
        question.get(self.ask_start..self.ask_end.min(question.len())).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::{Focus, FocusRules};
    use crate::knowledge::Reading;
    use crate::search::words::words;

    fn rules() -> FocusRules {
        FocusRules::new(&Reading {
            history_weight: 0.3,
            context_weight: 0.6,
            history: vec![
                "failed".into(),
                "tried".into(),
                "after".into(),
                "has had".into(),
                "never responded to".into(),
            ],
            history_fillers: vec!["really".into()],
            history_before_ask: vec!["on".into()],
            asks: vec!["what".into(), "how".into(), "should".into(), "is".into(), "next".into(), "has".into()],
            breaks: vec!["now".into(), "but".into()],
            ..Reading::default()
        })
    }

    fn listed(word: &str) -> bool {
        drug(word) || ["and", "40", "team"].contains(&word)
    }

    fn drug(word: &str) -> bool {
        ["pred", "mtx", "aza", "ivig", "tac", "plaquenil"].contains(&word)
    }

    fn spans(question: &str) -> (String, Vec<String>) {
        let focus = rules().read(&words(question), listed, drug);
        (focus.ask(question).to_owned(), focus.history.iter().map(|r| question[r.clone()].to_owned()).collect())
    }

    #[test]
    fn a_filler_inside_a_history_phrase_keeps_it_history() {
        assert_eq!(spans("PM, never really responded to pred, MTX. what next?").1, ["pred, MTX"]);
        assert_eq!(spans("PM, never responded to pred. what next?").1, ["pred"]);
        assert!(spans("PM, really responded to pred. what next?").1.is_empty());
    }

    #[test]
    fn with_no_asking_word_the_sentence_with_the_question_mark_asks() {
        assert_eq!(spans("IVIG dose & interval? 70F PM, failed pred, MTX, still weak.").0, "IVIG dose & interval");
        assert_eq!(spans("IVIG for DM - good or bad? team disagree, 45M PM").0, "IVIG for DM - good or bad");
        // Without a question mark, the last sentence is the ask.
        assert_eq!(spans("70F PM, failed pred. IVIG dose").0, "IVIG dose");
    }

    #[test]
    fn a_drug_named_alone_just_before_the_ask_is_what_it_asks_about() {
        let (ask, history) = spans("49F DM failed pred, MTX. IVIG - is there RCT support?");
        assert_eq!(ask, "IVIG - is there RCT support?");
        assert_eq!(history, ["pred, MTX"]);
        // A drug list before an ask that names its own drug stays context; so does a finding.
        assert_eq!(spans("pred, MTX. what about IVIG?").0, "what about IVIG?");
        assert_eq!(spans("CK 4000 - what next?").0, "what next?");
        assert_eq!(spans("IVIG place in DM: is there RCT support?").0, "IVIG place in DM: is there RCT support?");
        assert_eq!(spans("failed pred, MTX - what next?").0, "what next?");
        assert_eq!(spans("weak. before going to IVIG, what next?").0, "what next?");
    }

    #[test]
    fn a_history_list_runs_across_commas_to_other_drugs_and_stops_at_a_break() {
        let (ask, history) = spans("62F DM, failed pred, MTX, aza, now weak again, what else is there");
        assert_eq!(ask, "what else is there");
        assert_eq!(history, ["pred, MTX, aza"]);
    }

    #[test]
    fn a_history_span_holds_only_what_was_had() {
        let (ask, history) = spans("dm pt on pred 40, ck 3000, should we add mtx");
        assert_eq!((ask.as_str(), history), ("should we add mtx", vec!["pred 40".to_owned()]));
        let (_, history) = spans("28f dm on mtx wants to get pregnant, how long off mtx first");
        assert_eq!(history, ["mtx"], "the span ends before what is not a drug");
        let (_, history) = spans("74f pm on bx, now dysphagia");
        assert!(history.is_empty(), "\"on bx\" is no drug history");
        let (_, history) = spans("55f dm on pred and mtx, team wants ivig. agree?");
        assert_eq!(history, ["pred and mtx"], "across a comma only to a drug");
        let (_, history) = spans("failed pred, mtx, and 40 ivig, now weak");
        assert_eq!(history, ["pred, mtx, and 40 ivig"], "through listed words to a drug");
    }

    #[test]
    fn without_an_asking_word_the_last_sentence_asks() {
        let (ask, history) = spans("60f dm on pred 40 and mtx, strength 5/5, ck 1200. up the mtx");
        assert_eq!((ask.as_str(), history), ("up the mtx", vec!["pred 40 and mtx".to_owned()]));
        // A question that opens with an asking word asks through what follows a dash or a full stop.
        let question = "what about ivig - refractory dm and ibm?";
        assert_eq!(spans(question).0, question);
    }

    #[test]
    fn an_ask_asked_first_ends_at_its_question_mark() {
        let question = "is ivig next? 47f, failed pred, mtx, now weak. on aza";
        let (ask, history) = spans(question);
        assert_eq!((ask.as_str(), history), ("is ivig next", vec!["pred, mtx".to_owned(), "aza".to_owned()]));
        let focus = rules().read(&words(question), listed, drug);
        assert!(focus.in_ask(0) && !focus.in_ask(question.find("weak").unwrap_or(0)));
        // Two questions, or one at the end: the ask runs to the end.
        assert_eq!(spans("is ivig next? or mtx?").0, "is ivig next? or mtx?");
        assert_eq!(spans("is ivig next?").0, "is ivig next?");
    }

    #[test]
    fn words_around_an_ask_that_names_a_drug_weigh_less_in_ranking_only() {
        let rank = |question: &str, word: &str| {
            let focus = rules().read(&words(question), listed, drug);
            let at = question.find(word).unwrap_or(0);
            (focus.rank_weight(at), focus.weight(at))
        };
        let question = "ck 6000 and weak, failed mtx. time for ivig?";
        assert_eq!(rank(question, "weak"), (0.6, 1.0), "context: less in ranking, full for coverage");
        assert_eq!(rank(question, "mtx"), (0.3, 0.3));
        assert_eq!(rank(question, "ivig"), (1.0, 1.0));
        assert_eq!(rank("ck 6000 and weak. what next?", "weak").0, 1.0, "an ask without a drug of its own");
        assert_eq!(rank("is ivig next with ck 6000 and weak", "weak").0, 1.0, "the whole question asks");
    }

    #[test]
    fn weak_markers_are_history_only_before_the_ask() {
        let (ask, history) = spans("is the weekly pill ok on the lungs");
        assert_eq!((ask.as_str(), history.len()), ("is the weekly pill ok on the lungs", 0));
        let (_, history) = spans("is cyclophosphamide next after failed ivig");
        assert_eq!(history, ["ivig"]);
    }

    #[test]
    fn weights_and_the_ask_follow_the_spans() {
        let question = "70f pm on tac, ck up. escalate? next";
        let focus = rules().read(&words(question), listed, drug);
        assert_eq!(focus.weight(question.find("tac").unwrap_or(0)), 0.3);
        assert_eq!(focus.weight(question.find("ck").unwrap_or(0)), 1.0);
        assert!(focus.in_ask(question.find("next").unwrap_or(0)) && !focus.in_ask(0));
        assert_eq!(Focus::plain().weight(3), 1.0);
    }

    #[test]
    fn an_asking_word_opens_the_ask_only_at_the_start_of_a_clause() {
        let (ask, history) = spans("dm on mtx is weaker, next");
        assert_eq!((ask.as_str(), history), ("next", vec!["mtx".to_owned()]));
        let (ask, _) = spans("dm on mtx is weaker");
        assert_eq!(ask, "dm on mtx is weaker", "no asking word at a clause start: the whole question asks");
    }

    #[test]
    fn an_asking_word_that_opens_a_history_phrase_opens_no_ask() {
        let (ask, history) = spans("refractory pm: has had pred, mtx. time for ivig?");
        assert_eq!((ask.as_str(), history), ("time for ivig?", vec!["pred, mtx".to_owned()]));
        let (ask, _) = spans("keen on ivig now: what does it add?");
        assert_eq!(ask, "what does it add?", "a colon before a space ends a clause");
    }
}
