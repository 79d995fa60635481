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

/// The most characters of a question's opening words in its name (a Discord button label holds 80).
pub const OPENING_CHARS: usize = 48;

/// A question's opening words: its whole stem when short, else its first words within [`OPENING_CHARS`]
/// characters and "…".
pub fn opening(q: &QuizQuestion) -> String {
    let stem = q.stem.trim();
    if stem.chars().count() <= OPENING_CHARS {
        return stem.to_owned();
    }
    let mut shown = String::new();
    for word in stem.split_whitespace() {
        let longer = shown.chars().count() + usize::from(!shown.is_empty()) + word.chars().count();
        if longer > OPENING_CHARS - 1 {
            break;
        }
        if !shown.is_empty() {
            shown.push(' ');
        }
        shown.push_str(word);
    }
    if shown.is_empty() {
        shown = stem.chars().take(OPENING_CHARS - 1).collect();
    }
    let shown = shown.trim_end_matches([',', ';', ':', '.', '(']);
    format!("{shown}…")
}

/// How a question is named to members wherever one is named apart from its message (a report's thanks,
/// the educators' lists): its topic and its opening words, `the ibm question “Which muscles…”`. Its id
/// in the bank ("dosing-05") is for the bank's files, the logs and the export; nobody types it.
pub fn name(q: &QuizQuestion) -> String {
    format!("the {} question \u{201c}{}\u{201d}", q.topic.name(), opening(q))
}

/// The button under a revealed question that reports it (a wrong answer, a passage that does not say it):
/// on a row of its own, labelled with the question's opening words, so it cannot be taken for a button of
/// the question shown beside it.
pub fn report_button(q: &QuizQuestion) -> Button {
    Button::apart(
        ButtonId::Report { question: q.id.clone() }.encode(),
        format!("Report \u{201c}{}\u{201d}", opening(q)),
    )
}

/// The correct answer, the explanation, the quoted evidence with its location, and (for channel quizzes)
/// the counts, who was right and the running scores; under it, the button that reports the question
/// (a caller where reports cannot be filed leaves it out).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_question_is_named_by_its_topic_and_opening_words_never_its_id() {
        for q in &crate::knowledge::shipped().quiz.questions {
            let opening = opening(q);
            assert!(opening.chars().count() <= OPENING_CHARS, "{opening}");
            assert!(q.stem.starts_with(opening.trim_end_matches('…')), "{opening} / {}", q.stem);
            assert!(opening == q.stem || opening.ends_with('…'), "{opening}");
            let named = name(q);
            assert!(named.starts_with(&format!("the {} question \u{201c}", q.topic.name())), "{named}");
            assert!(!named.contains(&q.id), "{named}");
            let button = report_button(q);
            assert!(button.apart && button.label.chars().count() <= 80, "{button:?}");
        }
        let short = crate::knowledge::shipped().quiz.questions.into_iter().find(|q| q.stem.chars().count() <= 40);
        let short = short.expect("a short stem");
        assert_eq!(opening(&short), short.stem, "a short stem is shown whole");
    }
}
