//! Forms of myositis page 6 treats apart (reading.toml `distinct_forms`: inclusion body myositis). A
//! question that names one outside its history asks about that form, so a passage that never names it is
//! not its answer however many other words it shares ("long-term studies on treating IBM" is ¶4's "no
//! rigorous long-term trial", not ¶2's trials in DM and PM).

use super::sentences::{RankedSentence, best_first};
use super::words::{Word, find_phrase, words};
use crate::knowledge::Reading;

/// The distinct forms, each as the phrases that name it, and the share of its score a passage keeps
/// when the question names a form the passage does not.
#[derive(Debug, Clone)]
pub struct DistinctForms {
    forms: Vec<Vec<Vec<String>>>,
    shared: Vec<Vec<String>>,
    share: f32,
    sentence_weight: f32,
}

impl Default for DistinctForms {
    /// No forms: nothing changes a score.
    fn default() -> Self {
        Self { forms: Vec::new(), shared: Vec::new(), share: 1.0, sentence_weight: 0.0 }
    }
}

impl DistinctForms {
    /// The forms of `reading`.
    pub fn new(reading: &Reading) -> Self {
        let phrases = |list: &[String]| -> Vec<Vec<String>> {
            list.iter().map(|p| p.split_whitespace().map(str::to_owned).collect()).collect()
        };
        let forms = reading.distinct_forms.iter().map(|list| phrases(list)).collect();
        Self {
            forms,
            shared: phrases(&reading.shared_forms),
            share: reading.distinct_form_share,
            sentence_weight: reading.distinct_form_sentence_weight,
        }
    }

    /// The forms (indices) a question asks about: those named among the `words` that `counts` keeps (its
    /// words outside its history: "failed IBM trial drugs" is no question about IBM); none when they also
    /// name a shared form ("IVIG in PM/DM vs IBM" asks across forms), unless "not" comes before it ("he has
    /// IBM, not polymyositis").
    pub fn asked(&self, words: &[Word], counts: impl Fn(&Word) -> bool) -> Vec<usize> {
        // Most questions name no distinct form: nothing to read.
        let opens_a_form = |w: &Word| self.forms.iter().flatten().any(|p| p.first() == Some(&w.text));
        if !words.iter().any(opens_a_form) {
            return Vec::new();
        }
        let texts: Vec<String> = words.iter().filter(|w| counts(w)).map(|w| w.text.clone()).collect();
        let affirmed: Vec<String> = texts
            .iter()
            .enumerate()
            .filter(|(i, _)| *i == 0 || texts[i - 1] != "not")
            .map(|(_, w)| w.clone())
            .collect();
        if self.shared.iter().any(|p| find_phrase(&affirmed, p).is_some()) {
            return Vec::new();
        }
        self.named(&texts)
    }

    /// The forms (indices) a passage's text names.
    pub fn in_text(&self, text: &str) -> Vec<usize> {
        let texts: Vec<String> = words(text).into_iter().map(|w| w.text).collect();
        self.named(&texts)
    }

    /// The forms (indices) named in `texts` (lowercase words).
    fn named(&self, texts: &[String]) -> Vec<usize> {
        self.forms
            .iter()
            .enumerate()
            .filter(|(_, phrases)| phrases.iter().any(|p| find_phrase(texts, p).is_some()))
            .map(|(i, _)| i)
            .collect()
    }

    /// The sentences of a passage (number, byte range in `text`) that name a form its `section` does not:
    /// under "Monitoring", "The principle of comprehensive disease assessment is also applicable to IBM."
    pub fn sentences_naming(
        &self,
        section: &str,
        text: &str,
        sentences: &[(u32, std::ops::Range<usize>)],
    ) -> Vec<(u32, Vec<usize>)> {
        let in_section = self.in_text(section);
        sentences
            .iter()
            .filter_map(|(number, range)| {
                let named: Vec<usize> =
                    self.in_text(text.get(range.clone())?).into_iter().filter(|f| !in_section.contains(f)).collect();
                (!named.is_empty()).then_some((*number, named))
            })
            .collect()
    }

    /// `ranked` with the sentences that name an `asked` form (`naming`, from [`Self::sentences_naming`])
    /// raised by the sentence weight, best first.
    pub fn lead_naming(
        &self,
        mut ranked: Vec<RankedSentence>,
        naming: &[(u32, Vec<usize>)],
        asked: &[usize],
    ) -> Vec<RankedSentence> {
        if asked.is_empty() {
            return ranked;
        }
        for sentence in &mut ranked {
            let names_asked = naming
                .iter()
                .any(|(number, forms)| *number == sentence.number && forms.iter().any(|f| asked.contains(f)));
            if names_asked {
                sentence.score += self.sentence_weight;
            }
        }
        best_first(&mut ranked);
        ranked
    }

    /// The share of its score a passage naming `in_passage` keeps for a question naming `asked`: all of it
    /// when the question names no form or the passage names one of those it names.
    pub fn share(&self, asked: &[usize], in_passage: &[usize]) -> f32 {
        if asked.is_empty() || asked.iter().any(|f| in_passage.contains(f)) { 1.0 } else { self.share }
    }
}

#[cfg(test)]
mod tests {
    use super::DistinctForms;
    use crate::knowledge::Reading;
    use crate::search::sentences::RankedSentence;
    use crate::search::words::words;

    fn ibm() -> DistinctForms {
        let reading = Reading {
            distinct_forms: vec![vec!["ibm".into(), "inclusion body".into()]],
            distinct_form_share: 0.5,
            shared_forms: vec!["pm".into(), "dermatomyositis".into()],
            ..Reading::default()
        };
        DistinctForms::new(&reading)
    }

    #[test]
    fn a_form_is_named_by_any_of_its_phrases_as_whole_words() {
        let forms = ibm();
        assert_eq!(forms.in_text("The principle is also applicable to IBM."), [0]);
        assert_eq!(forms.in_text("long-term studies in inclusion body myositis?"), [0]);
        assert!(forms.in_text("Treatment of PM and DM; the body of evidence; ibmx").is_empty());
    }

    #[test]
    fn words_left_out_by_the_caller_ask_no_form() {
        let forms = ibm();
        let question = words("failed the IBM trial drug, what dose of IVIG");
        assert_eq!(forms.asked(&question, |_| true), [0]);
        assert!(forms.asked(&question, |w| w.text != "ibm").is_empty());
    }

    #[test]
    fn a_question_that_also_names_a_shared_form_asks_across_forms() {
        let forms = ibm();
        assert_eq!(forms.asked(&words("IVIG for IBM?"), |_| true), [0]);
        assert!(forms.asked(&words("IVIG in PM vs IBM?"), |_| true).is_empty());
        assert!(forms.asked(&words("dermatomyositis or inclusion body?"), |_| true).is_empty());
        assert_eq!(forms.asked(&words("He has IBM, not polymyositis. Same checks?"), |_| true), [0]);
    }

    #[test]
    fn a_sentence_naming_the_asked_form_leads_where_the_section_does_not_name_it() {
        let forms = DistinctForms { sentence_weight: 2.0, ..ibm() };
        let text = "Monitor activity. The principle is also applicable to IBM.";
        let sentences = [(1, 0..17), (2, 18..text.len())];
        let naming = forms.sentences_naming("Monitoring", text, &sentences);
        assert_eq!(naming, [(2, vec![0])]);
        assert!(forms.sentences_naming("Treatment: IBM", text, &sentences).is_empty(), "the section names it");
        let ranked = vec![RankedSentence { number: 1, score: 1.5 }, RankedSentence { number: 2, score: 0.5 }];
        let led: Vec<u32> = forms.lead_naming(ranked.clone(), &naming, &[0]).iter().map(|s| s.number).collect();
        assert_eq!(led, [2, 1]);
        let unasked: Vec<u32> = forms.lead_naming(ranked, &naming, &[]).iter().map(|s| s.number).collect();
        assert_eq!(unasked, [1, 2], "a question naming no form changes nothing");
    }

    #[test]
    fn a_passage_that_does_not_name_the_asked_form_keeps_the_share() {
        let forms = ibm();
        assert_eq!(forms.share(&[0], &[]), 0.5);
        assert_eq!(forms.share(&[0], &[0]), 1.0);
        assert_eq!(forms.share(&[], &[]), 1.0, "a question naming no form changes nothing");
    }
}
