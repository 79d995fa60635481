//! What `check` demands of the quiz bank: each question valid and tied to its evidence, and the bank as a
//! whole testing knowledge rather than test-taking (no tell-tale longest key, no two items on the same
//! phrase, the article's views attributed to it).

use std::collections::{BTreeMap, BTreeSet};

use super::numbers::unsupported;
use super::problems::Problems;
use super::quiz_bank::{QuizQuestion, Topic, reference_texts};
use super::statement::RefContext;
use super::{Antibodies, Ibm};

/// Words that attribute a stem to the article; a question on a passage must use one, since the passage is
/// the article's view, not settled fact.
const ATTRIBUTION: [&str; 6] = ["the article", "according to", "the authors", "page 6", "article's", "in the article"];

/// At most this share of a topic's questions may have the uniquely longest option as the key.
const MAX_LONGEST_KEY_SHARE: f64 = 0.25;

/// Checks questions file by file, then the bank as a whole.
pub(super) struct BankCheck<'a> {
    /// Passages and sources.
    pub refs: RefContext<'a>,
    /// Antibody reference entries.
    pub antibodies: &'a Antibodies,
    /// IBM reference entries.
    pub ibm: &'a Ibm,
    /// Every question seen so far, with its file.
    seen: Vec<(String, QuizQuestion)>,
}

impl<'a> BankCheck<'a> {
    /// A check over these references.
    pub fn new(refs: RefContext<'a>, antibodies: &'a Antibodies, ibm: &'a Ibm) -> Self {
        Self { refs, antibodies, ibm, seen: Vec::new() }
    }

    /// Checks one file's questions on their own.
    pub fn check(&mut self, file: &str, questions: &[QuizQuestion], problems: &mut Problems) {
        for q in questions {
            let entry = format!("question \"{}\"", q.id);
            self.check_shape(file, &entry, q, problems);
            match (q.passages.is_empty(), &q.reference) {
                (false, None) => self.check_article_question(file, &entry, q, problems),
                (true, Some(reference)) => self.check_reference_question(file, &entry, q, reference, problems),
                _ => problems.push(
                    file,
                    &entry,
                    "passages",
                    "give either passages or a reference, not both and not neither",
                ),
            }
            let explanation = q.explanation.to_lowercase();
            let mentions_methotrexate = explanation.contains("methotrexate") || explanation.contains("mtx");
            if mentions_methotrexate && explanation.chars().any(|c| c.is_ascii_digit()) && !explanation.contains("week")
            {
                problems.push(file, &entry, "explanation", "gives a methotrexate dose without saying it is per WEEK");
            }
            self.seen.push((file.to_owned(), q.clone()));
        }
    }

    /// Checks the bank as a whole, once every file was read.
    pub fn finish(&self, problems: &mut Problems) {
        let mut ids = BTreeSet::new();
        let mut stems = BTreeSet::new();
        for (file, q) in &self.seen {
            let entry = format!("question \"{}\"", q.id);
            if !ids.insert(q.id.as_str()) {
                problems.push(file, &entry, "id", "duplicate question id");
            }
            if !stems.insert(q.stem.trim().to_lowercase()) {
                problems.push(file, &entry, "stem", "the same stem is used by another question");
            }
        }
        for (i, (file, a)) in self.seen.iter().enumerate() {
            for (_, b) in &self.seen[i + 1..] {
                let same_source = a.passages.iter().any(|p| b.passages.contains(p))
                    || (a.reference.is_some() && a.reference == b.reference);
                if same_source && (a.evidence.contains(&b.evidence) || b.evidence.contains(&a.evidence)) {
                    problems.push(
                        file,
                        format!("question \"{}\"", a.id),
                        "evidence",
                        format!("tests the same phrase of the same source as \"{}\": one of them is a duplicate", b.id),
                    );
                }
            }
        }
        let mut by_topic: BTreeMap<Topic, (usize, usize, &str)> = BTreeMap::new();
        for (file, q) in &self.seen {
            let entry = by_topic.entry(q.topic).or_insert((0, 0, file.as_str()));
            entry.1 += 1;
            entry.0 += usize::from(key_is_uniquely_longest(q));
        }
        for (topic, (longest, total, file)) in by_topic {
            if longest as f64 > MAX_LONGEST_KEY_SHARE * total as f64 {
                problems.push(
                    file,
                    format!("topic \"{}\"", topic.name()),
                    "options",
                    format!(
                        "the keyed option is the uniquely longest in {longest} of {total} questions (at most a quarter): \
                         a test-wise student would score without knowing the content"
                    ),
                );
            }
        }
    }

    fn check_shape(&self, file: &str, entry: &str, q: &QuizQuestion, problems: &mut Problems) {
        if q.id.trim().is_empty() {
            problems.push(file, entry, "id", "is empty");
        }
        if q.stem.trim().is_empty() {
            problems.push(file, entry, "stem", "is empty");
        }
        if !(2..=5).contains(&q.options.len()) {
            problems.push(file, entry, "options", format!("needs 2 to 5 options, has {}", q.options.len()));
        }
        let distinct: BTreeSet<String> = q.options.iter().map(|o| o.trim().to_lowercase()).collect();
        if distinct.len() != q.options.len() || q.options.iter().any(|o| o.trim().is_empty()) {
            problems.push(file, entry, "options", "options must be different and not empty");
        }
        if q.answer >= q.options.len() {
            problems.push(
                file,
                entry,
                "answer",
                format!("{} is out of range (0 to {})", q.answer, q.options.len().saturating_sub(1)),
            );
        }
        if q.explanation.trim().is_empty() {
            problems.push(file, entry, "explanation", "is empty");
        }
        if q.evidence.trim().is_empty() {
            problems.push(file, entry, "evidence", "is empty");
        }
    }

    fn check_article_question(&self, file: &str, entry: &str, q: &QuizQuestion, problems: &mut Problems) {
        self.refs.check_refs(problems, file, entry, &q.passages, &[], Some(&q.evidence));
        self.refs.check_numbers(problems, file, entry, "explanation", &q.explanation, &q.passages);
        let stem = q.stem.to_lowercase();
        if !ATTRIBUTION.iter().any(|a| stem.contains(a)) {
            problems.push(
                file,
                entry,
                "stem",
                "states the article's view as fact: say whose it is (\"according to the article\", \"the authors\")",
            );
        }
    }

    fn check_reference_question(
        &self,
        file: &str,
        entry: &str,
        q: &QuizQuestion,
        reference: &str,
        problems: &mut Problems,
    ) {
        let Some(claims) = reference_texts(reference, self.antibodies, self.ibm) else {
            problems.push(
                file,
                entry,
                "reference",
                format!("no reference entry \"{reference}\" (use antibody:<id> or ibm:<id>)"),
            );
            return;
        };
        let holding: Vec<&(&str, &[String])> = claims.iter().filter(|(text, _)| text.contains(&q.evidence)).collect();
        if holding.is_empty() {
            problems.push(
                file,
                entry,
                "evidence",
                format!("\"{}\" does not occur verbatim in a claim of {reference}", q.evidence),
            );
            return;
        }
        // A claim's numbers, and the years of its sources' citations ("Marie et al. 2012").
        let cited: Vec<String> = claims
            .iter()
            .flat_map(|(_, sources)| sources.iter())
            .filter_map(|id| self.refs.sources.get(id))
            .map(|s| s.cite.clone())
            .collect();
        let texts = claims.iter().map(|(text, _)| *text).chain(cited.iter().map(String::as_str));
        let missing = unsupported(&q.explanation, texts);
        if !missing.is_empty() {
            problems.push(
                file,
                entry,
                "explanation",
                format!("states {} that no claim of {reference} does", missing.join(", ")),
            );
        }
        let cites: BTreeSet<String> = holding
            .iter()
            .flat_map(|(_, sources)| sources.iter())
            .filter_map(|id| self.refs.sources.get(id))
            .map(|s| s.cite.clone())
            .collect();
        if !cites.iter().any(|c| q.explanation.contains(c.as_str())) {
            problems.push(
                file,
                entry,
                "explanation",
                format!("must name the source of its claim ({})", cites.into_iter().collect::<Vec<_>>().join(" or ")),
            );
        }
    }
}

/// Whether the keyed option is longer than every other option.
fn key_is_uniquely_longest(q: &QuizQuestion) -> bool {
    let Some(key) = q.options.get(q.answer) else { return false };
    let length = key.chars().count();
    q.options.iter().enumerate().all(|(i, o)| i == q.answer || o.chars().count() < length)
}
