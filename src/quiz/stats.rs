//! `/quiz stats`, computed: accuracy per topic and the most-missed questions over a period, each with the
//! passage it tests, the team's difficulty next to the author's, and its open reports. The same summary
//! becomes the text (for everyone, screen readers too) and the chart.

use std::collections::BTreeMap;

use super::difficulty::{Observed, describe};
use super::service::Period;
use crate::answer::{Answer, Line};
use crate::knowledge::{QuizBank, QuizQuestion, Topic};

/// How many of the most-missed questions the stats show.
pub const MOST_MISSED: usize = 5;

/// One topic's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopicAccuracy {
    /// The topic.
    pub topic: Topic,
    /// Answers to its questions.
    pub answered: u32,
    /// Right ones.
    pub correct: u32,
}

impl TopicAccuracy {
    /// Whole per cent right (rounded down).
    pub fn percent(&self) -> u32 {
        percent(self.correct, self.answered)
    }
}

/// A question the team missed.
#[derive(Debug, Clone, Copy)]
pub struct Missed<'a> {
    /// The question.
    pub question: &'a QuizQuestion,
    /// The team's answers to it.
    pub observed: Observed,
    /// Reports of it still open.
    pub open_reports: u32,
}

impl Missed<'_> {
    /// Answers that were wrong.
    pub fn misses(&self) -> u32 {
        self.observed.answered - self.observed.correct
    }
}

/// The stats of a server over a period.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    /// The period covered.
    pub period: Period,
    /// Per topic with answers, in topic order.
    pub topics: Vec<TopicAccuracy>,
    /// The most-missed questions, most misses first (ties by id), at most [`MOST_MISSED`].
    pub missed: Vec<Missed<'a>>,
    /// Questions with open reports (question, how many), by id.
    pub reported: Vec<(&'a QuizQuestion, u32)>,
}

/// Whole per cent of `part` in `whole` (0 when there is nothing).
fn percent(part: u32, whole: u32) -> u32 {
    u32::try_from(u64::from(part) * 100 / u64::from(whole.max(1))).unwrap_or(100)
}

/// What a question tests, as the bank says: its passage ids, or its reference entry.
pub fn tests(q: &QuizQuestion) -> String {
    q.reference.clone().unwrap_or_else(|| q.passages.join(", "))
}

/// The summary from the store's (question id, answered, missed) rows and the open reports per question
/// id; questions no longer in the bank are left out.
pub fn summarize<'a>(
    bank: &'a QuizBank,
    rows: &[(String, u32, u32)],
    reports: &BTreeMap<String, u32>,
    period: Period,
) -> Summary<'a> {
    let mut per_topic: BTreeMap<Topic, TopicAccuracy> = BTreeMap::new();
    let mut missed = Vec::new();
    for (id, answered, misses) in rows {
        let Some(q) = bank.get(id) else { continue };
        let observed = Observed::from_misses(*answered, *misses);
        let t = per_topic.entry(q.topic).or_insert(TopicAccuracy { topic: q.topic, answered: 0, correct: 0 });
        t.answered += observed.answered;
        t.correct += observed.correct;
        if observed.correct < observed.answered {
            missed.push(Missed { question: q, observed, open_reports: reports.get(id).copied().unwrap_or(0) });
        }
    }
    missed.sort_by(|a, b| b.misses().cmp(&a.misses()).then(a.question.id.cmp(&b.question.id)));
    missed.truncate(MOST_MISSED);
    let reported = reports.iter().filter_map(|(id, n)| bank.get(id).map(|q| (q, *n))).collect();
    Summary { period, topics: per_topic.into_values().collect(), missed, reported }
}

/// The mark of a question with open reports, in text and on the chart.
pub fn report_mark(open: u32) -> String {
    match open {
        0 => String::new(),
        1 => " [1 open report]".to_owned(),
        n => format!(" [{n} open reports]"),
    }
}

/// The stats as text: what the chart shows, for everyone (screen readers too). Questions are named by
/// topic and words, never by their ids in the bank; the most missed are numbered as on the chart.
pub fn answer(summary: &Summary<'_>, team: &BTreeMap<String, Observed>) -> Answer {
    let topics = summary
        .topics
        .iter()
        .map(|t| Line::plain(format!("{}: {}% right ({}/{})", t.topic.name(), t.percent(), t.correct, t.answered)))
        .collect();
    let worst = summary
        .missed
        .iter()
        .enumerate()
        .map(|(rank, m)| {
            let q = m.question;
            Line {
                passages: q.passages.clone(),
                ..Line::plain(format!(
                    "{}. {} question ({}/{} missed): {} Tests {}. Difficulty: {}.{}",
                    rank + 1,
                    q.topic.name(),
                    m.misses(),
                    m.observed.answered,
                    q.stem,
                    tests(q),
                    describe(q, Some(m.observed)),
                    report_mark(m.open_reports)
                ))
            }
        })
        .collect();
    let reported = summary
        .reported
        .iter()
        .map(|(q, n)| {
            Line::plain(format!(
                "{}{}: tests {}; difficulty: {}. /quiz reports lists them.",
                super::view::name(q),
                report_mark(*n),
                tests(q),
                describe(q, team.get(&q.id).copied())
            ))
        })
        .collect();
    let mut answer = Answer::info(format!("Quiz stats, {}: what to teach next", summary.period.label()))
        .block(Some("Accuracy per topic"), topics)
        .block(Some("Most missed"), worst)
        .block(Some("Reported questions"), reported);
    if summary.topics.is_empty() {
        answer = answer.block(None, vec![Line::plain("No answers yet.")]);
    }
    answer
}
