//! Safety lines every door shows, added in one place after a command or quiz builds its answer: wherever a
//! methotrexate dose is asked or shown, the answer says that methotrexate is dosed per WEEK.

use crate::answer::Answer;
use crate::knowledge::Synonyms;

/// The warning, worded so it cannot be misread.
pub const WEEKLY_METHOTREXATE: &str = "Methotrexate is dosed per WEEK (a weekly total), never per day.";

/// Words that make a mention of methotrexate a question or a statement about its dose.
const DOSE_WORDS: [&str; 12] =
    ["dose", "doses", "dosing", "dosage", "dosed", "mg", "daily", "weekly", "week", "day", "milligrams", "much"];

/// Adds the weekly-methotrexate warning when the answer shows a methotrexate dose, or `question` asks for
/// one ("mtx daily dose?", "how much trexall"), unless the answer already carries it.
pub fn weekly_methotrexate(answer: &mut Answer, question: Option<&str>, synonyms: &Synonyms) {
    if answer.warnings.iter().any(|w| w == WEEKLY_METHOTREXATE) {
        return;
    }
    let shown = std::iter::once(answer.title.as_str())
        .chain(answer.blocks.iter().flat_map(|b| b.lines.iter().map(|l| l.text.as_str())))
        .chain(answer.quotes.iter().map(|q| q.text.as_str()));
    let about_a_dose = |text: &str| {
        let words = words(text, synonyms);
        words.iter().any(|w| w == "methotrexate") && words.iter().any(|w| DOSE_WORDS.contains(&w.as_str()))
    };
    if shown.chain(question).any(about_a_dose) {
        answer.warnings.insert(0, WEEKLY_METHOTREXATE.to_owned());
    }
}

/// Lowercase words, with "mg/week" split and brand names and abbreviations in their canonical form.
fn words(text: &str, synonyms: &Synonyms) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            // "30mg" is a number and a unit.
            let unit = w.trim_start_matches(|c: char| c.is_ascii_digit());
            [w, unit].into_iter().filter(|x| !x.is_empty()).map(str::to_owned).collect::<Vec<_>>()
        })
        .map(|w| synonyms.canonical.get(&w).cloned().unwrap_or(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{WEEKLY_METHOTREXATE, weekly_methotrexate};
    use crate::answer::{Answer, Line};
    use crate::knowledge::Synonyms;

    fn synonyms() -> Synonyms {
        let mut s = Synonyms::default();
        s.canonical.insert("mtx".to_owned(), "methotrexate".to_owned());
        s.canonical.insert("trexall".to_owned(), "methotrexate".to_owned());
        s
    }

    fn warned(answer: Answer, question: Option<&str>) -> bool {
        let mut answer = answer;
        weekly_methotrexate(&mut answer, question, &synonyms());
        answer.warnings.iter().any(|w| w == WEEKLY_METHOTREXATE)
    }

    #[test]
    fn a_methotrexate_dose_asked_or_shown_gets_the_warning() {
        assert!(warned(Answer::clinical("x"), Some("mtx daily dose?")));
        assert!(warned(Answer::clinical("x"), Some("how much trexall for my mother")));
        let shown = Answer::clinical("x").block(None, vec![Line::plain("MTX up to 25 to 30 mg/week")]);
        assert!(warned(shown, None));
    }

    #[test]
    fn other_answers_do_not() {
        assert!(!warned(Answer::clinical("x"), Some("mtx and the lungs")));
        assert!(!warned(Answer::clinical("x"), Some("azathioprine dose")));
        let once = Answer { warnings: vec![WEEKLY_METHOTREXATE.to_owned()], ..Answer::clinical("x") };
        let mut answer = once;
        weekly_methotrexate(&mut answer, Some("mtx dose"), &synonyms());
        assert_eq!(answer.warnings.len(), 1);
    }
}
