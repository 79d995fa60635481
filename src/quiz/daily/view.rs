//! Questions of the day as transport-neutral answers: the question, its reveal with the streaks, and the
//! schedule.

use crate::answer::{Answer, Button, Line, Visibility};
use crate::knowledge::{Knowledge, QuizQuestion};
use crate::quiz::tally::{Tally, letter};
use crate::quiz::view::{self as quiz_view, member};

/// How the title of a day's question begins (the console tells it from a channel quiz's by it).
pub const TITLE: &str = "Question of the day";

/// How many streaks a reveal or the schedule lists.
pub const SHOWN_STREAKS: usize = 10;

/// The day's question with one button per option; `reveal_at` says when it is revealed, in the schedule's
/// local time ("17:00 BST").
pub fn question(q: &QuizQuestion, day: &str, reveal_at: &str, custom_id: impl Fn(usize) -> String) -> Answer {
    let mut answer = Answer::clinical(format!("{TITLE} · {} · {day}", q.topic.name()))
        .block(None, vec![Line::plain(q.stem.clone())])
        .block(None, q.options.iter().enumerate().map(|(i, o)| Line::plain(format!("{}. {o}", letter(i)))).collect())
        .block(
            None,
            vec![Line::plain(format!(
                "The answer comes at {reveal_at}, with the streaks. Each member's answer counts once; you can \
                 change it until then."
            ))],
        );
    answer.buttons = (0..q.options.len()).map(|i| Button::open(custom_id(i), letter(i).to_string())).collect();
    answer
}

/// The reveal: the answer, the explanation and the quoted evidence as in a channel quiz, how the team
/// answered, and the streaks of questions of the day answered right in a row.
pub fn reveal(knowledge: &Knowledge, q: &QuizQuestion, tally: &Tally, streaks: &[(String, u32)]) -> Answer {
    quiz_view::reveal(knowledge, q, None, &[])
        .block(Some("Answers"), quiz_view::answers(tally))
        .block(Some("Streaks (questions of the day right in a row)"), streak_lines(streaks))
}

/// "<@id>: 3 in a row" lines, longest first; a line saying none when nobody has one.
pub fn streak_lines(streaks: &[(String, u32)]) -> Vec<Line> {
    if streaks.is_empty() {
        return vec![Line::plain("No streaks yet: answer the next question of the day right to start one.")];
    }
    streaks.iter().take(SHOWN_STREAKS).map(|(m, n)| Line::plain(format!("{}: {n} in a row", member(m)))).collect()
}

/// What `/quiz daily` shows: the schedule (or that there is none), how far the round has got, the
/// caller's streak and the longest ones.
pub fn schedule(
    plan: Option<&[String]>,
    round: (usize, usize),
    mine: u32,
    streaks: &[(String, u32)],
    how: &str,
) -> Answer {
    let title = if plan.is_some() { "Question of the day" } else { "No question of the day in this channel" };
    // It shows the asker's own streak, so only the asker sees it.
    let mut answer = Answer { visibility: Visibility::Private, ..Answer::info(title) };
    match plan {
        Some(lines) => {
            let (asked, total) = round;
            let mut shown: Vec<Line> = lines.iter().map(|l| Line::plain(l.clone())).collect();
            shown.push(Line::plain(format!(
                "{asked} of its {total} questions asked this round; none twice until all are."
            )));
            answer = answer.block(Some("Schedule"), shown);
        }
        None => answer = answer.block(None, vec![Line::plain(how)]),
    }
    answer
        .block(Some("Your streak"), vec![Line::plain(format!("{mine} in a row"))])
        .block(Some("Streaks (questions of the day right in a row)"), streak_lines(streaks))
}
