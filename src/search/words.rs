//! A question's words as typed, lowercase, with where each sits in the text and whether a clause ends or
//! a comma follows after it: what phrase matching, question focus and outside topics work on.

use std::ops::Range;

/// Words ignored when matching phrases, so "repeat the biopsy" matches "repeat biopsy".
pub const FILLER: [&str; 11] = ["a", "an", "the", "my", "his", "her", "their", "our", "your", "this", "that"];

/// One word of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lowercase.
    pub text: String,
    /// Byte range in the question.
    pub range: Range<usize>,
    /// A clause ends after it (". ; ? !", a line break, an em dash, a dash between spaces, or a colon
    /// before a space).
    pub ends_clause: bool,
    /// A comma (or a slash) follows it.
    pub comma_after: bool,
    /// A question mark follows it.
    pub question_after: bool,
}

/// Every word of `text`: runs of letters and digits, punctuation as separators.
pub fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut start = None;
    let mut previous = ' ';
    let mut chars = text.char_indices().chain(std::iter::once((text.len(), ' '))).peekable();
    while let Some((at, c)) = chars.next() {
        let before = std::mem::replace(&mut previous, c);
        if c.is_alphanumeric() {
            start.get_or_insert(at);
            continue;
        }
        if let Some(from) = start.take() {
            out.push(Word {
                text: text[from..at].to_lowercase(),
                range: from..at,
                ends_clause: false,
                comma_after: false,
                question_after: false,
            });
        }
        if let Some(last) = out.last_mut() {
            // "failed MTX - what next": a dash between spaces sets off the question, as a full stop would;
            // one inside a word ("anti-TNF", "re-biopsy") or a range ("1-2 g/kg") does not.
            let spaced = before.is_whitespace() && chars.peek().is_some_and(|(_, next)| next.is_whitespace());
            match c {
                // "stronger - ?MRI thighs": a "?" glued to the next word ("query MRI") opens the question
                // that follows, so it ends the clause before it without asking there.
                '?' if chars.peek().is_some_and(|(_, next)| next.is_alphanumeric()) => last.ends_clause = true,
                '?' => (last.ends_clause, last.question_after) = (true, true),
                '.' | ';' | '!' | '\n' | '—' => last.ends_clause = true,
                '-' | '–' if spaced => last.ends_clause = true,
                // "fellow keen on CYC now: why is the data weak?": a colon before a space sets off what
                // follows; one inside a number or a time ("10:30") does not.
                ':' if chars.peek().is_some_and(|(_, next)| next.is_whitespace()) => last.ends_clause = true,
                ',' | '/' => last.comma_after = true,
                _ => {}
            }
        }
    }
    out
}

/// The clauses of `text`: split where a clause ends (". ; ? !", a line break, an em dash or a dash between
/// spaces), not at commas ("mtx, how much?" is one clause).
pub fn clauses(text: &str) -> Vec<&str> {
    let words = words(text);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in words.iter().enumerate().filter(|(_, w)| w.ends_clause) {
        // The clause keeps its punctuation: it runs to where the next word starts.
        let end = words.get(i + 1).map_or(text.len(), |next| next.range.start);
        out.extend(text.get(start..end));
        start = end;
    }
    out.extend(text.get(start..).filter(|rest| !rest.trim().is_empty()));
    out
}

/// The words without filler words, for phrase matching.
pub fn phrase_words(text: &str) -> Vec<Word> {
    words(text).into_iter().filter(|w| !FILLER.contains(&w.text.as_str())).collect()
}

/// Lowercase words, punctuation as separators.
pub fn split_words(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.text).collect()
}

/// Where `words` contain `phrase` consecutively, if they do.
pub fn find_phrase(words: &[String], phrase: &[String]) -> Option<usize> {
    if phrase.is_empty() {
        return None;
    }
    words.windows(phrase.len()).position(|window| window == phrase)
}

/// Whether `phrase` starts at `at` in `words`.
pub fn starts_with_at(words: &[String], at: usize, phrase: &[String]) -> bool {
    !phrase.is_empty() && words.get(at..at + phrase.len()).is_some_and(|w| w == phrase)
}

#[cfg(test)]
mod tests {
    use super::{clauses, find_phrase, phrase_words, words};

    #[test]
    fn words_know_where_clauses_end_and_commas_fall() {
        let w = words("62F DM, failed pred/MTX. Next?");
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["62f", "dm", "failed", "pred", "mtx", "next"]);
        assert!(w[1].comma_after && w[3].comma_after && w[4].ends_clause && w[5].ends_clause);
        assert_eq!(&"62F DM, failed pred/MTX. Next?"[w[2].range.clone()], "failed");
    }

    #[test]
    fn a_dash_between_spaces_ends_a_clause_and_one_inside_a_word_does_not() {
        let w = words("going for IVIG - what dose? anti-TNF 1-2 g/kg — ok");
        let ends: Vec<&str> = w.iter().filter(|w| w.ends_clause).map(|w| w.text.as_str()).collect();
        assert_eq!(ends, ["ivig", "dose", "kg"]);
    }

    #[test]
    fn a_question_mark_glued_to_the_next_word_opens_a_question_rather_than_ending_one() {
        let w = words("CK up but stronger ?MRI thighs");
        assert!(w[3].ends_clause && !w[3].question_after, "{w:?}");
        let w = words("CK up but stronger? MRI thighs");
        assert!(w[3].ends_clause && w[3].question_after, "{w:?}");
    }

    #[test]
    fn a_colon_before_a_space_ends_a_clause_and_one_in_a_time_does_not() {
        let w = words("seen at 10:30, keen on CYC now: why is the data weak");
        let ends: Vec<&str> = w.iter().filter(|w| w.ends_clause).map(|w| w.text.as_str()).collect();
        assert_eq!(ends, ["now"]);
    }

    #[test]
    fn clauses_split_where_sentences_end_not_at_commas() {
        assert_eq!(clauses("failed pred + MTX - IVIG dose?"), ["failed pred + MTX - ", "IVIG dose?"]);
        assert_eq!(clauses("mtx, how much?"), ["mtx, how much?"]);
    }

    #[test]
    fn phrases_ignore_filler_words() {
        let keys: Vec<String> = phrase_words("should we repeat the biopsy").into_iter().map(|w| w.text).collect();
        assert_eq!(find_phrase(&keys, &["repeat".to_owned(), "biopsy".to_owned()]), Some(2));
    }
}
