//! The privacy guard: residents paste into team channels, so a question that looks like it carries details
//! that identify a patient (a record number, a date of birth, a phone number, an e-mail or street address,
//! a name with a title, a name typed with an age and a date of care) is answered privately, is never echoed back, and is searched without those details.
//! Ordinary clinical shorthand ("62M", "70 kg", "CK 4000", "day 14", "Dr Chen", "anti-Jo-1") is not flagged.
//!
//! The patterns are plain regular expressions, measured on the labelled look-alikes of tests/eval/phi.toml.

mod untitled;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// A kind of identifying detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detail {
    /// A record, hospital, NHS, insurance or social-security number.
    RecordNumber,
    /// A date of birth.
    BirthDate,
    /// A date of care (an admission, a visit) typed with a name and an age.
    CareDate,
    /// A telephone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A street address or postcode.
    Address,
    /// A name with a title ("Mrs Holloway"), or with an age and a date of care ("John Smith 54 admitted
    /// 03/02/2025").
    Name,
}

impl Detail {
    /// In words, for the notice.
    pub fn label(self) -> &'static str {
        match self {
            Self::RecordNumber => "a record number",
            Self::BirthDate => "a date of birth",
            Self::CareDate => "a date of admission or care",
            Self::Phone => "a phone number",
            Self::Email => "an e-mail address",
            Self::Address => "an address",
            Self::Name => "a name",
        }
    }
}

/// What the guard found: the kinds, and where they are (byte ranges of the question).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// The kinds found, each once, in a fixed order.
    pub details: Vec<Detail>,
    /// Where they are.
    pub spans: Vec<Range<usize>>,
}

impl Findings {
    /// Whether anything identifying was found.
    pub fn any(&self) -> bool {
        !self.details.is_empty()
    }

    /// The question with every identifying span blanked out, for searching.
    pub fn redact(&self, question: &str) -> String {
        let mut out = String::with_capacity(question.len());
        let mut at = 0;
        for span in &self.spans {
            if span.start < at || span.end > question.len() {
                continue;
            }
            out.push_str(question.get(at..span.start).unwrap_or_default());
            out.push(' ');
            at = span.end;
        }
        out.push_str(question.get(at..).unwrap_or_default());
        out
    }

    /// The one notice an answer carries, naming the kinds but never the details themselves.
    pub fn notice(&self) -> String {
        let kinds: Vec<&str> = self.details.iter().map(|d| d.label()).collect();
        format!(
            "Your question looks like it carries details that identify a patient ({}). The bot answered only \
             you, searched without them and did not repeat or store them; please remove them before posting in a \
             channel.",
            kinds.join(", ")
        )
    }
}

/// One pattern: the kind it finds, and the expression.
struct Pattern {
    detail: Detail,
    regex: Regex,
}

/// The patterns as written. Case-insensitive unless a pattern needs capitals (names, postcodes).
const SOURCES: &[(Detail, &str)] = &[
    // A labelled identifier: "MRN 00482913", "hosp no: A1234567", "UR 2204917", "NHS no 999 012 3456".
    (
        Detail::RecordNumber,
        r"(?i)\b(?:mrn|mr\s?no|mr\s?#|urn|ur|hosp(?:ital)?\s*(?:no|num|number|id)|nhs(?:\s*(?:no|num|number))?|chi|patient\s*(?:id|no|number)|pt\s*(?:id|no)|record\s*(?:no|number)|medical\s*record(?:\s*number)?|chart\s*(?:no|number)|ssn|social\s*security(?:\s*(?:no|number))?|medicare(?:\s*(?:no|number))?|insurance\s*(?:no|number|id)|member\s*id)\b[\s:#.=-]*(?:no\.?|number|#)?[\s:#.=-]*[a-z]{0,2}\d[\d\s-]{3,}\d",
    ),
    // A long run of digits, or a letter and six digits: no dose, lab or count is written that way.
    (Detail::RecordNumber, r"(?i)\b[a-z]{0,2}\d{7,}\b"),
    // US social-security shape.
    (Detail::RecordNumber, r"\b\d{3}-\d{2}-\d{4}\b"),
    // A date of birth, labelled.
    (
        Detail::BirthDate,
        r"(?i)\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|b\.)\s*[:\-]?\s*(?:\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{2,4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4})",
    ),
    // A labelled birth year alone ("born in 1961", "dob 1958").
    (
        Detail::BirthDate,
        r"(?i)\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*year|born(?:\s+in)?)\s*[:\-]?\s*(?:19|20)\d{2}\b",
    ),
    // A full date in the last century: a birth date, not a treatment date ("6/30/1949", "1971-12-05").
    (
        Detail::BirthDate,
        r"(?i)\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-]19\d{2}|19\d{2}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+19\d{2})\b",
    ),
    // A telephone number, labelled or in a dialling shape with ten or more digits.
    (
        Detail::Phone,
        r"(?i)\b(?:phone|ph|tel|telephone|landline|mob|mobile|cell|whatsapp|text(?:\s+(?:her|him|them))?|ring|call(?:\s+(?:her|him|them|me))?(?:\s+on)?|contact(?:\s+(?:no|number))?|number)\s*[:#]?\s*\+?\d[\d\s().-]{6,}\d",
    ),
    // A national number with its leading 0 in two groups ("07700 900461").
    (Detail::Phone, r"\b0\d{3,4}[\s.-]?\d{6,7}\b"),
    (Detail::Phone, r"(?:\+\d{1,3}[\s.-]?)?\(?\b\d{2,5}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b"),
    // An e-mail address.
    (Detail::Email, r"(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b"),
    // A street address: a house number, a name and a street word.
    (
        Detail::Address,
        r"(?i)\b\d{1,5}[a-z]?\s+(?:[a-z']+\s+){1,3}(?:street|st|road|rd|avenue|ave|lane|ln|drive|close|court|ct|crescent|cres|way|boulevard|blvd|place|terrace|gardens|grove|parade|highway|hwy|view|rue)\b",
    ),
    // A labelled address: "lives at 7 ...", "address 55 ...".
    (
        Detail::Address,
        r"(?i)\b(?:lives\s+at|address|addr|home\s+visit\s+at|posted\s+to|send\s+(?:it|the\s+\w+)\s+to)\s*[:]?\s*\d{1,5}[a-z]?(?:/\d+)?\s+[a-z]",
    ),
    // A postcode as typed in a chat (lowercase): "ls6 2ab".
    (Detail::Address, r"(?i)\b[a-z]{1,2}\d{1,2}[a-z]?\s+\d[a-z]{2}\b"),
    // A UK postcode (capitals, as written on letters).
    (Detail::Address, r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),
    // A name with a title: "Mrs Holloway", "mr kowalczyk" ("Ms" only before a capital: "ms" is also
    // multiple sclerosis).
    (Detail::Name, r"(?i)\b(?:mr|mrs|miss|mister|mstr|master)\.?\s+[a-z][a-z'-]{2,}"),
    (Detail::Name, r"\b(?:Ms|MS|Mx)\.?\s+[A-Z][a-z'-]{2,}"),
    // Lowercase "ms" is also multiple sclerosis: a name only when the next word is none the bot knows.
    (Detail::Name, r"\b(?:ms|mx)\.?\s+[a-z][a-z'-]{2,}"),
];

/// The patterns, compiled once (a unit test proves every one compiles).
static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .filter_map(|&(detail, pattern)| Regex::new(pattern).ok().map(|regex| Pattern { detail, regex }))
        .collect()
});

/// Words after a title that are no name ("mr scan" is no one).
const NOT_NAMES: [&str; 8] = ["and", "with", "has", "was", "is", "on", "the", "scan"];

/// Finds identifying details in a question; `known` says whether a lowercase word is one the bot knows
/// (an English or medical word), which a name after a lowercase "ms" is not ("ms relapse" is no one).
pub fn scan(question: &str, known: impl Fn(&str) -> bool) -> Findings {
    let mut details = Vec::new();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for pattern in PATTERNS.iter() {
        for found in pattern.regex.find_iter(question) {
            // Part of a detail already found ("number 943 476 5919" of "NHS number 943 476 5919") is no
            // second kind of detail.
            if spans.iter().any(|s| s.start <= found.start() && found.end() <= s.end) {
                continue;
            }
            if pattern.detail == Detail::Name {
                let last = found.as_str().split_whitespace().last().unwrap_or_default().to_lowercase();
                let lowercase_ms = found.as_str().starts_with("ms") || found.as_str().starts_with("mx");
                if NOT_NAMES.contains(&last.as_str()) || (lowercase_ms && known(&last)) {
                    continue;
                }
            }
            if !details.contains(&pattern.detail) {
                details.push(pattern.detail);
            }
            spans.push(found.range());
        }
    }
    // A name without a title, typed with an age and a date of care.
    if let Some((name, date)) = untitled::find(question, &known) {
        for (detail, span) in [(Detail::Name, name), (Detail::CareDate, date)] {
            if spans.iter().any(|s| s.start <= span.start && span.end <= s.end) {
                continue;
            }
            if !details.contains(&detail) {
                details.push(detail);
            }
            spans.push(span);
        }
    }
    details.sort();
    spans.sort_by_key(|s| (s.start, s.end));
    // Overlapping spans merge, so redaction blanks each stretch once.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    Findings { details, spans: merged }
}

#[cfg(test)]
mod tests {
    use super::{Detail, Findings};

    fn scan(text: &str) -> Findings {
        super::scan(text, |w| ["patient", "relapse", "flare"].contains(&w))
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(super::PATTERNS.len(), super::SOURCES.len());
    }

    #[test]
    fn identifying_details_are_found() {
        assert_eq!(scan("pt mrn 00482913 anti-mda5 +ve").details, [Detail::RecordNumber]);
        assert_eq!(scan("grace holloway hosp no: A1234567, trough 3.1").details, [Detail::RecordNumber]);
        assert_eq!(scan("mrs holloway dob 12/03/1961 on pred").details, [Detail::BirthDate, Detail::Name]);
        assert_eq!(scan("call her on 07700 900123 re ivig").details, [Detail::Phone]);
        assert_eq!(scan("email j.smith@example.org the plan").details, [Detail::Email]);
        assert_eq!(scan("lives at 14 Elm Grove Road, ck 4000").details, [Detail::Address]);
        assert_eq!(scan("ms okafor born in 1961, ivig?").details, [Detail::BirthDate, Detail::Name]);
        // The "number …" inside a labelled NHS number is not also a phone number.
        assert_eq!(scan("Mr Khan NHS number 943 476 5919, IBM").details, [Detail::RecordNumber, Detail::Name]);
        // A name without a title counts beside an age and a date of care.
        let john = "John Smith 54 admitted 03/02/2025 with weakness, CK 9000, what next";
        assert_eq!(scan(john).details, [Detail::CareDate, Detail::Name]);
        let redacted = scan(john).redact(john);
        assert!(
            !redacted.contains("Smith") && !redacted.contains("2025") && redacted.contains("CK 9000"),
            "{redacted}"
        );
    }

    #[test]
    fn clinical_shorthand_is_not() {
        for text in [
            "62M DM, CK 4000, on pred 60 mg, day 14, 70 kg",
            "Dr Chen says anti-Jo-1 and anti-PM/Scl are negative",
            "started mtx 15 mg weekly on 12/03/2024",
            "ms patient on ocrelizumab with weakness",
            "ms relapse or myositis flare",
            "ferritin 2400, ck 12000 -> 1200, mri in 2019",
            "mr scan showed oedema",
        ] {
            assert!(!scan(text).any(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn redaction_blanks_only_the_details_and_the_notice_names_only_kinds() {
        let question = "mrn 7781204 - david, jo1 pos ILD, ritux?";
        let found = scan(question);
        let redacted = found.redact(question);
        assert!(!redacted.contains("7781204") && redacted.contains("jo1 pos ILD, ritux?"), "{redacted}");
        assert!(found.notice().contains("a record number") && !found.notice().contains("7781204"));
    }
}
