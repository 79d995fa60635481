//! A name without a title, found by what stands beside it: a patient's name typed with an age and a date
//! of care ("John Smith 54 admitted 03/02/2025", "54yo kelly marsh seen 12/01/2025"). A name alone is not
//! recognised (two words the bot does not know are as often brands or typos), and neither is an age with a
//! date ("62M admitted 03/02/2025", "started mtx on 12/03/2024, now 54"): together they identify someone.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A date of care: a full date, or a day and month after a word of care ("admitted 3/2").
static CARE_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)?\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}|(?:admitted|adm|admission|seen|discharged|presented|attended)\s+(?:on\s+)?\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?)\b",
    )
    .ok()
});

/// Words that stand before or after a name without being one.
const NOT_NAMES: [&str; 8] = ["dr", "doctor", "prof", "professor", "pt", "patient", "nurse", "sister"];
/// The most words a name takes.
const NAME_WORDS: usize = 3;
/// Words after a number that make it an amount, not an age ("started mtx 15 mg").
const UNITS: [&str; 24] = [
    "mg", "g", "gm", "kg", "mcg", "ml", "mmol", "iu", "u", "units", "x", "lb", "lbs", "times", "h", "hours", "day",
    "days", "wk", "week", "weeks", "month", "months", "percent",
];
/// The oldest age written as a bare number.
const OLDEST: u32 = 120;

/// A word of the question, with where it is.
struct Word<'a> {
    text: &'a str,
    range: Range<usize>,
}

/// The name with its age and the date of care, as byte ranges of `question`, when all three are there;
/// `known` says whether a lowercase word is one the bot knows.
pub fn find(question: &str, known: &impl Fn(&str) -> bool) -> Option<(Range<usize>, Range<usize>)> {
    let date = CARE_DATE.as_ref()?.find(question)?.range();
    let words = words(question);
    let joined = |a: &Word<'_>, b: &Word<'_>| {
        question
            .get(a.range.end..b.range.start)
            .is_some_and(|gap| gap.chars().all(|c| c.is_whitespace() || ",()".contains(c)))
    };
    for (i, word) in words.iter().enumerate() {
        let Some(age_end) = age(question, &words, i) else { continue };
        let before = name_before(&words, i, known, &joined).map(|start| start..age_end);
        let after = name_after(&words, age_end, known, &joined).map(|end| word.range.start..end);
        if let Some(span) = before.or(after) {
            return Some((span, date));
        }
    }
    None
}

/// Words: letters, digits, apostrophes and hyphens inside a word; a "/" joins "y/o".
fn words(question: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in question.char_indices().chain(std::iter::once((question.len(), ' '))) {
        let inside = c.is_alphanumeric() || ((c == '\'' || c == '-') && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push(Word { text: &question[s..at], range: s..at });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Where the age at word `i` ends: "54", "54M", "54yo", "54 y/o", "54 years old"; never a part of a date
/// or a number ("12" of "12/03/2024", "3" of "3.1").
fn age(question: &str, words: &[Word<'_>], i: usize) -> Option<usize> {
    let word = words.get(i)?;
    let glued = |c: Option<char>| c.is_some_and(|c| "/.-:".contains(c));
    let before = question.get(..word.range.start).and_then(|s| s.chars().next_back());
    let after = question.get(word.range.end..).and_then(|s| s.chars().next());
    if glued(before) || glued(after) {
        return None;
    }
    let digits = word.text.find(|c: char| !c.is_ascii_digit()).unwrap_or(word.text.len());
    let (number, suffix) = word.text.split_at(digits);
    let years: u32 = number.parse().ok()?;
    if number.len() > 3 || years > OLDEST {
        return None;
    }
    let suffix = suffix.to_lowercase();
    if !matches!(suffix.as_str(), "" | "m" | "f" | "yo" | "y" | "yr" | "yrs") {
        return None;
    }
    // "54 y/o", "54 yo", "54 years old".
    let next = |k: usize| words.get(i + k).map(|w| w.text.to_lowercase());
    if suffix.is_empty() && next(1).is_some_and(|unit| UNITS.contains(&unit.as_str())) {
        return None;
    }
    let end = match (next(1).as_deref(), next(2).as_deref()) {
        (Some("y"), Some("o")) => words[i + 2].range.end,
        (Some("years" | "yrs" | "yr"), Some("old")) => words[i + 2].range.end,
        (Some("yo" | "years" | "yrs"), _) => words[i + 1].range.end,
        _ => word.range.end,
    };
    Some(end)
}

/// Whether `word` can be part of a name: letters only, not a word the bot knows unless capitalised.
fn name_like(word: &Word<'_>, known: &impl Fn(&str) -> bool) -> (bool, bool) {
    let lower = word.text.to_lowercase();
    let letters = word.text.chars().count() >= 2 && word.text.chars().all(|c| c.is_alphabetic() || "'-".contains(c));
    if !letters || NOT_NAMES.contains(&lower.as_str()) {
        return (false, false);
    }
    let unknown = !known(&lower);
    let capitalised = word.text.chars().next().is_some_and(char::is_uppercase)
        && word.text.chars().skip(1).all(|c| !c.is_uppercase());
    (unknown || capitalised, unknown)
}

/// The start of a name of two or three words just before word `i` (at least one word the bot does not
/// know), each `joined` to the next (only spaces, a comma or a bracket between).
fn name_before(
    words: &[Word<'_>],
    i: usize,
    known: &impl Fn(&str) -> bool,
    joined: &impl Fn(&Word<'_>, &Word<'_>) -> bool,
) -> Option<usize> {
    let mut start = None;
    let mut unknown = false;
    for k in 1..=NAME_WORDS.min(i) {
        let word = &words[i - k];
        let (like, new) = name_like(word, known);
        if !like || !joined(&words[i - k], &words[i - k + 1]) {
            break;
        }
        unknown |= new;
        if k >= 2 && unknown {
            start = Some(word.range.start);
        }
    }
    start
}

/// The end of a name of two or three words just after the age that ends at `age_end`.
fn name_after(
    words: &[Word<'_>],
    age_end: usize,
    known: &impl Fn(&str) -> bool,
    joined: &impl Fn(&Word<'_>, &Word<'_>) -> bool,
) -> Option<usize> {
    let first = words.iter().position(|w| w.range.start >= age_end)?;
    let mut end = None;
    let mut unknown = false;
    for k in 0..NAME_WORDS {
        let Some(word) = words.get(first + k) else { break };
        let (like, new) = name_like(word, known);
        if !like || (k > 0 && !joined(&words[first + k - 1], word)) {
            break;
        }
        unknown |= new;
        if k >= 1 && unknown {
            end = Some(word.range.end);
        }
    }
    end
}

#[cfg(test)]
mod tests {
    fn known(word: &str) -> bool {
        ["with", "weakness", "what", "next", "admitted", "on", "pred", "now", "started", "seen", "john", "dm"]
            .contains(&word)
    }

    fn found(text: &str) -> Option<(String, String)> {
        super::find(text, &known).map(|(name, date)| (text[name].to_owned(), text[date].to_owned()))
    }

    #[test]
    fn a_name_with_an_age_and_a_date_of_care_is_found() {
        let john = found("John Smith 54 admitted 03/02/2025 with weakness, CK 9000, what next");
        assert_eq!(john, Some(("John Smith 54".to_owned(), "admitted 03/02/2025".to_owned())));
        let lower = found("kelly marsh, 61 y/o, seen 12 jan 2025, dm on pred");
        assert_eq!(lower.map(|(n, _)| n), Some("kelly marsh, 61 y/o".to_owned()));
        let after = found("54yo Aroha Ngata admitted on 3/2 with weakness");
        assert_eq!(after.map(|(n, _)| n), Some("54yo Aroha Ngata".to_owned()));
    }

    #[test]
    fn an_age_and_a_date_without_a_name_are_not() {
        for text in [
            "62M admitted 03/02/2025 with weakness, CK 9000, what next",
            "started mtx on 12/03/2024, now 54, ck 4000",
            "DM pt 54F admitted 03/02/2025",
            "Dr Chen 54 admitted 03/02/2025",
            "John Smith admitted with weakness, what next",
            "john smith 54 with weakness",
            "started mtx 15 mg weekly on 12/03/2024",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }
}
