//! Quiz messages as transport-neutral answers: a question with buttons, a reveal, results, boards.

use super::store::Standing;
use super::tally::{Tally, letter};
use crate::answer::{Answer, Button, Line, Quote};
use crate::buttons::ButtonId;
use crate::knowledge::{Knowledge, QuizQuestion, reference_texts};

/// How a member is shown without pinging (Discord renders it as a name; mentions are off).
pub fn member(user_id: &str) -> String {
    if user_id.chars().all(|c| c.is_ascii_digit()) { format!("<@{user_id}>") } else { user_id.to_owned() }
}

/// A channel question with one button per option.
pub fn question(
    q: &QuizQuestion,
    number: usize,
    total: usize,
    seconds: u32,
    custom_id: impl Fn(usize) -> String,
) -> Answer {
    let mut answer = Answer::clinical(format!("Question {number}/{total} · {}", q.topic.name()))
        .block(None, vec![Line::plain(q.stem.clone())])
        .block(None, q.options.iter().enumerate().map(|(i, o)| Line::plain(format!("{}. {o}", letter(i)))).collect())
        .block(
            None,
            vec![Line::plain(format!(
                "Answer within {seconds} s. Each member's answer counts once; you can change it until the reveal."
            ))],
        );
    answer.buttons = (0..q.options.len()).map(|i| Button::open(custom_id(i), letter(i).to_string())).collect();
    answer
}

/// A private practice question with its buttons.
pub fn practice_question(q: &QuizQuestion, custom_id: impl Fn(usize) -> String) -> Answer {
    let mut answer = Answer::clinical(format!("Practice · {}", q.topic.name()))
        .block(None, vec![Line::plain(q.stem.clone())])
        .block(None, q.options.iter().enumerate().map(|(i, o)| Line::plain(format!("{}. {o}", letter(i)))).collect());
    answer.buttons = (0..q.options.len()).map(|i| Button::open(custom_id(i), letter(i).to_string())).collect();
    answer.visibility = crate::answer::Visibility::Private;
    answer
}

/// The button under a revealed question that reports it (a wrong answer, a passage that does not say it).
pub fn report_button(q: &QuizQuestion) -> Button {
    Button::open(ButtonId::Report { question: q.id.clone() }.encode(), "Report this question")
}

/// The correct answer, the explanation, the quoted evidence with its location, and (for channel quizzes)
/// the counts, who was right and the running scores; under it, the button that reports the question.
pub fn reveal(knowledge: &Knowledge, q: &QuizQuestion, tally: Option<&Tally>, scores: &[Standing]) -> Answer {
    let right = q.options.get(q.answer).map(String::as_str).unwrap_or_default();
    let mut answer = Answer::clinical(format!("Answer: {}. {right}", letter(q.answer)))
        .block(None, vec![Line { passages: q.passages.clone(), ..Line::plain(q.explanation.clone()) }]);
    let article = &knowledge.article;
    if let Some(p) = q.passages.iter().filter_map(|id| article.passage(id)).find(|p| p.text.contains(&q.evidence)) {
        answer.quotes.push(Quote::passage(article, p));
    } else if let Some(reference) = &q.reference {
        // Only the claims that hold the evidence, and only their sources.
        let claims = reference_texts(reference, &knowledge.antibodies, &knowledge.ibm).unwrap_or_default();
        let holding: Vec<(&str, &[String])> =
            claims.into_iter().filter(|(text, _)| text.contains(&q.evidence)).collect();
        answer = answer.block(
            Some("From the bot's reference entry (outside sources, not the article)"),
            holding.iter().map(|(text, sources)| Line::sourced(format!("\u{201c}{text}\u{201d}"), sources)).collect(),
        );
        let sources: Vec<&String> = holding.iter().flat_map(|(_, s)| s.iter()).collect();
        answer = answer.cite(sources.into_iter().filter_map(|id| knowledge.sources.get(id)));
    }
    crate::safety::weekly_methotrexate(&mut answer, None, knowledge);
    if let Some(t) = tally {
        answer = answer.block(Some("Answers"), answers(t));
        answer = answer.block(Some("Scores"), standings(scores));
    }
    answer.buttons.push(report_button(q));
    answer
}

/// How many chose each option, and who was right.
pub fn answers(t: &Tally) -> Vec<Line> {
    let counts: Vec<String> = t.counts.iter().enumerate().map(|(i, n)| format!("{}: {n}", letter(i))).collect();
    let right: Vec<String> = t.right.iter().map(|u| member(u)).collect();
    vec![
        Line::plain(counts.join(" · ")),
        Line::plain(if right.is_empty() {
            "Nobody was right this time.".to_owned()
        } else {
            format!("Right: {}", right.join(", "))
        }),
    ]
}

/// Final results of a session.
pub fn results(title: &str, scores: &[Standing], questions: usize) -> Answer {
    let counted = if questions == 1 { "1 question".to_owned() } else { format!("{questions} questions") };
    let mut answer = Answer::info(title).block(Some(&format!("Results ({counted})")), standings(scores));
    if scores.is_empty() {
        answer = answer.block(None, vec![Line::plain("No answers were counted.")]);
    }
    answer
}

/// Standings as lines: "1. <@id>: 3/4".
pub fn standings(scores: &[Standing]) -> Vec<Line> {
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| Line::plain(format!("{}. {}: {}/{}", i + 1, member(&s.user_id), s.points, s.answered)))
        .collect()
}
