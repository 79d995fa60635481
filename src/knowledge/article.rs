//! The article as verbatim passages with their location and the source's metadata.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::problems::Problems;

/// Where the article was published, and its attribution.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleSource {
    /// "Myositis Mysteries".
    pub title: String,
    /// The authors, in the article's order.
    pub authors: Vec<String>,
    /// "The Rheumatologist".
    pub journal: String,
    /// "January 2008".
    pub issue: String,
    /// Publication date, ISO 8601.
    pub date: String,
    /// How a quote's location starts, e.g. "Myositis Mysteries, The Rheumatologist, Jan 2008".
    pub short_citation: String,
    /// The page the text comes from.
    pub url: String,
    /// The first page of the article.
    pub series_url: String,
    /// The publisher's copyright line, kept with the text wherever it is shipped.
    pub copyright: String,
}

/// A part of the article that the bot does not have, so answers can say so.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unavailable {
    /// What is missing, e.g. "Table 3. Autoantibodies in IIM".
    pub what: String,
    /// Why it matters and what the bot uses instead.
    pub note: String,
    /// Lowercase phrases that name it in a question ("table 3"), matched as whole words.
    #[serde(default)]
    pub asked_by: Vec<String>,
}

impl Unavailable {
    /// Whether a question names this part: one of its phrases occurs as whole words.
    pub fn named_in(&self, question: &str) -> bool {
        let words: String =
            question.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        let padded = format!(" {} ", words.split_whitespace().collect::<Vec<_>>().join(" "));
        self.asked_by.iter().any(|phrase| padded.contains(&format!(" {phrase} ")))
    }
}

/// One of the article's reference markers, kept apart from the words.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceMarker {
    /// The words the marker followed in the original, e.g. "of azathioprine and MTX.".
    pub after: String,
    /// The article's reference numbers, e.g. [17, 18].
    pub numbers: Vec<u32>,
}

/// A sentence of a passage: its number and where its words are in the passage's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// 1-based number within the passage.
    pub number: u32,
    /// Byte range of its words in the passage's text (reference markers are not in the text).
    pub range: std::ops::Range<usize>,
    /// The article's reference numbers whose markers fall in this sentence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<u32>,
}

/// Sentence `number` with the sentences before it that it continues (`continues`: the sentences that name
/// their subject only in the sentence before), back to one that names its own subject.
pub fn with_subject(continues: &[u32], number: u32) -> std::ops::RangeInclusive<u32> {
    let mut first = number;
    while first > 1 && continues.contains(&first) {
        first -= 1;
    }
    first..=number
}

/// Splits a passage's text into sentences: a sentence ends at ".", "!" or "?" followed by a space and a
/// capital letter or an opening quote, so "“Is this IIM?”, should" and "1–2 gm/kg/month" stay whole.
pub fn split_sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let (Some(&(_, space)), Some(&(next_at, next))) = (chars.get(i + 1), chars.get(i + 2)) else { continue };
        if space.is_whitespace() && (next.is_uppercase() || matches!(next, '“' | '"')) {
            ranges.push(start..at + c.len_utf8());
            start = next_at;
        }
    }
    if start < text.len() {
        ranges.push(start..text.trim_end().len());
    }
    ranges
}

/// A verbatim paragraph (or numbered list item) of the article.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Passage {
    /// Stable id, e.g. "mm2008-p6-03".
    pub id: String,
    /// What the paragraph is about ("Conclusion" is the article's own heading).
    pub section: String,
    /// Page of the web article.
    pub page: u32,
    /// Paragraph number on that page.
    pub paragraph: u32,
    /// Number of the list item within the paragraph, for the "Is this IIM?" list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
    /// Line of the delivered source file the text came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_line: Option<u32>,
    /// The words, verbatim, without reference markers.
    pub text: String,
    /// The reference markers that were in the text.
    #[serde(default, rename = "reference", skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ReferenceMarker>,
    /// The sentences that name their subject only in the sentence before ("A controlled clinical trial has
    /// demonstrated efficacy ..." is IVIG's, named in sentence 1): quoted as an answer, each comes with the
    /// sentences it continues, so a quote never loses what it is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub continues: Vec<u32>,
    /// For a list's introduction: what its items are, in words quoted from it ("One of page 6's settings to
    /// “reassess the question” “Is this IIM?” after the initial diagnosis"), said beside an answer that
    /// quotes an item without it, so a setting is never read as advice for any patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduces: Option<String>,
    /// For a list item: the passage that introduces the list (it has `introduces`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_under: Option<String>,
    /// The sentences that state the evidence as it stood when the article was written ("no controlled trial
    /// has been reported", "Ongoing controlled clinical trials ..."): an answer that quotes one says so, since
    /// trials reported later are not in the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dated: Vec<u32>,
    /// Its sentences, computed when the article is loaded.
    #[serde(skip)]
    pub sentences: Vec<Sentence>,
}

impl Passage {
    /// The sentences to quote for sentence `number`: it and, when it continues the one before (`continues`),
    /// that one first, back to a sentence that names its own subject.
    pub fn with_subject(&self, number: u32) -> std::ops::RangeInclusive<u32> {
        with_subject(&self.continues, number)
    }

    /// Splits the text into sentences and assigns each reference marker to the sentence it ends in.
    fn split(&mut self) {
        self.sentences = split_sentences(&self.text)
            .into_iter()
            .zip(1..)
            .map(|(range, number)| {
                let references = self
                    .references
                    .iter()
                    .filter(|m| {
                        self.text.find(&m.after).is_some_and(|at| {
                            let end = at + m.after.len();
                            range.start < end && end <= range.end
                        })
                    })
                    .flat_map(|m| m.numbers.iter().copied())
                    .collect();
                Sentence { number, range, references }
            })
            .collect();
    }

    /// The number of its sentence that holds `phrase`, if any.
    pub fn sentence_holding(&self, phrase: &str) -> Option<u32> {
        self.sentences
            .iter()
            .find(|s| self.text.get(s.range.clone()).is_some_and(|t| t.contains(phrase)))
            .map(|s| s.number)
    }

    /// The numbers of the `dated` sentences whose words `text` quotes.
    pub fn dated_in(&self, text: &str) -> Vec<u32> {
        self.sentences
            .iter()
            .filter(|s| {
                self.dated.contains(&s.number) && self.text.get(s.range.clone()).is_some_and(|t| text.contains(t))
            })
            .map(|s| s.number)
            .collect()
    }

    /// Where some of its sentences sit, in order and each once: "p. 6, ¶5, sentences 1–3" for a run,
    /// "p. 6, ¶4, sentences 1 and 3" otherwise, "p. 6, ¶4" for none.
    pub fn sentence_list_place(&self, numbers: &[u32]) -> String {
        let mut numbers = numbers.to_vec();
        numbers.sort_unstable();
        numbers.dedup();
        match (numbers.first(), numbers.last()) {
            (Some(&first), Some(&last)) if (last - first) as usize + 1 == numbers.len() => {
                self.sentences_place(&(first..=last))
            }
            (Some(_), Some(last)) => {
                let rest: Vec<String> = numbers[..numbers.len() - 1].iter().map(u32::to_string).collect();
                format!("{}, sentences {} and {last}", self.place(), rest.join(", "))
            }
            _ => self.place(),
        }
    }

    /// The text of sentences `numbers`, from the first one's start to the last one's end.
    pub fn sentences_text(&self, numbers: &std::ops::RangeInclusive<u32>) -> Option<&str> {
        let span = |n: u32| self.sentences.iter().find(|s| s.number == n);
        self.text.get(span(*numbers.start())?.range.start..span(*numbers.end())?.range.end)
    }

    /// Where sentences sit, e.g. "p. 6, ¶2, sentences 1–2" (one sentence: "sentence 2").
    pub fn sentences_place(&self, numbers: &std::ops::RangeInclusive<u32>) -> String {
        let (first, last) = (numbers.start(), numbers.end());
        match first == last {
            true => format!("{}, sentence {first}", self.place()),
            false => format!("{}, sentences {first}\u{2013}{last}", self.place()),
        }
    }

    /// Where the passage sits on its page, e.g. "p. 6, ¶3" or "p. 6, ¶7, item 1".
    pub fn place(&self) -> String {
        match self.item {
            Some(item) => format!("p. {}, ¶{}, item {item}", self.page, self.paragraph),
            None => format!("p. {}, ¶{}", self.page, self.paragraph),
        }
    }

    /// The article's reference numbers cited in this passage, in order of appearance.
    pub fn reference_numbers(&self) -> Vec<u32> {
        self.references.iter().flat_map(|r| r.numbers.iter().copied()).collect()
    }

    /// The text with the reference markers put back in brackets, e.g. "…MTX.[14] In our experience…".
    pub fn text_with_markers(&self) -> String {
        let mut text = self.text.clone();
        let mut from = 0;
        for marker in &self.references {
            let Some(at) = text[from..].find(&marker.after) else { continue };
            let end = from + at + marker.after.len();
            let numbers: Vec<String> = marker.numbers.iter().map(u32::to_string).collect();
            let label = format!("[{}]", numbers.join(","));
            text.insert_str(end, &label);
            from = end + label.len();
        }
        text
    }
}

/// The article: its source, what is missing, and its passages in reading order.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Publication metadata.
    pub source: ArticleSource,
    /// Parts of the article that the bot does not have.
    #[serde(default)]
    pub unavailable: Vec<Unavailable>,
    /// The passages, in reading order.
    #[serde(rename = "passage")]
    pub passages: Vec<Passage>,
}

impl Article {
    /// The passage with this id.
    pub fn passage(&self, id: &str) -> Option<&Passage> {
        self.passages.iter().find(|p| p.id == id)
    }

    /// A quote's full location, e.g. "Myositis Mysteries, The Rheumatologist, Jan 2008, p. 6, ¶3".
    pub fn location(&self, passage: &Passage) -> String {
        format!("{}, {}", self.source.short_citation, passage.place())
    }

    /// The full citation of sentences of a passage, e.g. "…, p. 6, ¶2, sentences 1–2".
    pub fn sentences_location(&self, passage: &Passage, numbers: &std::ops::RangeInclusive<u32>) -> String {
        format!("{}, {}", self.source.short_citation, passage.sentences_place(numbers))
    }

    /// The note for quotes that state the evidence as it stood when the article was written (`dated`
    /// sentences, located in `places`): trials reported since are not in it. `None` for no place.
    pub fn dated_note(&self, places: &[String]) -> Option<String> {
        (!places.is_empty()).then(|| {
            format!(
                "Page 6 gives the evidence as it stood in {} ({}): trials reported since are not in it.",
                self.source.issue,
                places.join("; ")
            )
        })
    }

    /// Splits every passage into sentences (done once, when the file is loaded).
    pub(super) fn split_sentences(&mut self) {
        for passage in &mut self.passages {
            passage.split();
        }
    }

    /// The part of the article the bot does not hold that a question names, if any ("what is table 3").
    pub fn unavailable_named(&self, question: &str) -> Option<&Unavailable> {
        self.unavailable.iter().find(|u| u.named_in(question))
    }

    /// Checks ids, texts and reference markers.
    pub fn validate(&self, file: &str, problems: &mut Problems) {
        for u in &self.unavailable {
            for phrase in &u.asked_by {
                if phrase.is_empty()
                    || phrase.split(' ').any(|w| w.is_empty() || !w.chars().all(char::is_alphanumeric))
                    || phrase != &phrase.to_lowercase()
                {
                    problems.push(
                        file,
                        format!("unavailable \"{}\"", u.what),
                        "asked_by",
                        format!("\"{phrase}\" must be lowercase words separated by single spaces"),
                    );
                }
            }
        }
        if self.passages.is_empty() {
            problems.push(file, "-", "passage", "the article has no passages");
        }
        let mut seen = BTreeSet::new();
        for p in &self.passages {
            let entry = format!("passage \"{}\"", p.id);
            if p.id.trim().is_empty() || p.id.chars().any(|c| !(c.is_ascii_alphanumeric() || c == '-')) {
                problems.push(file, &entry, "id", "ids use ASCII letters, digits and dashes only");
            }
            if !seen.insert(p.id.as_str()) {
                problems.push(file, &entry, "id", "duplicate passage id");
            }
            if p.text.trim().is_empty() {
                problems.push(file, &entry, "text", "is empty");
            }
            if p.section.trim().is_empty() {
                problems.push(file, &entry, "section", "is empty");
            }
            for marker in &p.references {
                if !p.text.contains(&marker.after) {
                    problems.push(
                        file,
                        &entry,
                        "reference.after",
                        format!("\"{}\" does not occur in the passage text", marker.after),
                    );
                }
                if marker.numbers.is_empty() {
                    problems.push(file, &entry, "reference.numbers", "is empty");
                }
            }
            for &n in &p.continues {
                if n < 2 || n as usize > p.sentences.len() {
                    let count = p.sentences.len();
                    problems.push(
                        file,
                        &entry,
                        "continues",
                        format!("sentence {n} cannot continue one before it (the passage has {count} sentences)"),
                    );
                }
            }
            // The words `introduces` quotes are the passage's own.
            for quoted in p.introduces.iter().flat_map(|what| what.split('\u{201c}').skip(1)) {
                let words = quoted.split('\u{201d}').next().unwrap_or_default();
                if !p.text.contains(words) {
                    problems.push(
                        file,
                        &entry,
                        "introduces",
                        format!("\"{words}\" does not occur in the passage text"),
                    );
                }
            }
            if let Some(intro) = &p.listed_under
                && !self.passages.iter().any(|q| &q.id == intro && q.introduces.is_some())
            {
                problems.push(
                    file,
                    &entry,
                    "listed_under",
                    format!("\"{intro}\" is not a passage that introduces a list"),
                );
            }
            for &n in &p.dated {
                if n < 1 || n as usize > p.sentences.len() {
                    let count = p.sentences.len();
                    problems.push(
                        file,
                        &entry,
                        "dated",
                        format!("no sentence {n} (the passage has {count} sentences)"),
                    );
                }
            }
        }
        for (field, value) in [
            ("source.title", &self.source.title),
            ("source.url", &self.source.url),
            ("source.copyright", &self.source.copyright),
        ] {
            if value.trim().is_empty() {
                problems.push(file, "source", field, "is empty");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Passage, split_sentences};

    #[test]
    fn a_list_of_sentences_is_placed_as_a_run_or_listed_each_once() {
        let passage: Result<Passage, _> =
            toml::from_str("id = \"p\"\nsection = \"s\"\npage = 6\nparagraph = 5\ntext = \"t\"");
        let Ok(passage) = passage else { panic!("a minimal passage parses: {passage:?}") };
        assert_eq!(passage.sentence_list_place(&[3, 1, 2, 2]), "p. 6, ¶5, sentences 1\u{2013}3");
        assert_eq!(passage.sentence_list_place(&[1, 3]), "p. 6, ¶5, sentences 1 and 3");
        assert_eq!(passage.sentence_list_place(&[1, 3, 5]), "p. 6, ¶5, sentences 1, 3 and 5");
        assert_eq!(passage.sentence_list_place(&[2]), "p. 6, ¶5, sentence 2");
        assert_eq!(passage.sentence_list_place(&[]), "p. 6, ¶5");
    }

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_end_at_a_stop_before_a_capital() {
        assert_eq!(
            split("When in doubt, re-biopsy. Maintain a high index. Treat the patient, not the number! MRI can help;"),
            [
                "When in doubt, re-biopsy.",
                "Maintain a high index.",
                "Treat the patient, not the number!",
                "MRI can help;"
            ]
        );
    }

    #[test]
    fn a_quoted_question_and_decimals_do_not_end_a_sentence() {
        let text =
            "the question, “Is this IIM?”, should not be dismissed. Doses of 1–2 gm/kg/month (typically 1 gm) apply.";
        assert_eq!(split(text).len(), 2);
        assert_eq!(split("MTX at 2.5 mg. Then more."), ["MTX at 2.5 mg.", "Then more."]);
    }
}
