//! Safety lines every door shows, added in one place after a command or quiz builds its answer: wherever a
//! methotrexate dose is asked or shown, the answer says that methotrexate is dosed per WEEK; asked for a
//! daily one, it says plainly that methotrexate is given once a week, with page 6's per-week dose.

use crate::answer::Answer;
use crate::knowledge::{Drug, Knowledge, Regimen, Synonyms};

/// The warning, worded so it cannot be misread.
pub const WEEKLY_METHOTREXATE: &str = "Methotrexate is dosed per WEEK (a weekly total), never per day.";

/// Words that make a mention of methotrexate a question or a statement about its dose.
const DOSE_WORDS: [&str; 12] =
    ["dose", "doses", "dosing", "dosage", "dosed", "mg", "daily", "weekly", "week", "day", "milligrams", "much"];

/// Words that ask for a daily amount; "day" asks for one only after [`PER_DAY`] ("mg a day", not "day 14").
const DAILY_WORDS: [&str; 6] = ["daily", "everyday", "qd", "od", "nightly", "nocte"];
/// Words before "day" that make it a daily amount.
const PER_DAY: [&str; 5] = ["a", "per", "each", "every", "mg"];

/// Adds the weekly-methotrexate warning when the answer shows a methotrexate dose, or `question` asks for
/// one ("how much trexall"), unless the answer already carries it: above everything when the question asks
/// for it or the answer's own lines show it; right after the answering quotes (a note) when only the
/// article's quoted words show it ("prednisone dose" quotes ¶1, which gives MTX per week), so the answer to
/// what was asked still comes first; and under the quoted lines of a block when only they show it ("taper
/// schedule": page 6 gives none, then what it does say, which names MTX per week). When the question asks
/// for a daily methotrexate dose ("mtx daily dose?"), the warning is [`daily_methotrexate`]'s instead.
pub fn weekly_methotrexate(answer: &mut Answer, question: Option<&str>, knowledge: &Knowledge) {
    let synonyms = &knowledge.synonyms;
    if question.is_some_and(|q| asks_daily_methotrexate(q, synonyms)) {
        let daily = daily_methotrexate(knowledge);
        answer.warnings.retain(|w| w != WEEKLY_METHOTREXATE);
        if !answer.warnings.contains(&daily) {
            answer.warnings.insert(0, daily);
        }
        // The question's "day" is not marked in the quotes: on a daily-methotrexate question, a bold "day"
        // beside azathioprine's "mg/kg/day" would point the eye at a per-day dose.
        for quote in &mut answer.quotes {
            if let Some(marked) = &mut quote.marked {
                for word in ["day", "days", "daily"] {
                    *marked = marked.replace(&format!("**{word}**"), word);
                }
            }
        }
        return;
    }
    let block_lines = || answer.blocks.iter().flat_map(|b| b.lines.iter().map(|l| l.text.as_str()));
    if answer
        .warnings
        .iter()
        .chain(&answer.notes)
        .map(String::as_str)
        .chain(block_lines())
        .any(|w| w == WEEKLY_METHOTREXATE)
    {
        return;
    }
    let about_a_dose = |text: &str| {
        let words = words(text, synonyms);
        words.iter().any(|w| w == "methotrexate") && words.iter().any(|w| DOSE_WORDS.contains(&w.as_str()))
    };
    // A line that opens with a quotation mark quotes the article ("What page 6 does say …"): its words are
    // page 6's, not the bot's own.
    let quoted = |text: &str| text.starts_with('\u{201c}');
    let own = std::iter::once(answer.title.as_str()).chain(block_lines().filter(|l| !quoted(l)));
    // A question asks a methotrexate dose when one of its clauses names both ("mtx, how much?"); a history
    // that names methotrexate before a dose asked of another drug ("failed pred + MTX - IVIG dose?") does not.
    let asked = question.map(crate::search::clauses).unwrap_or_default();
    if own.chain(asked).any(about_a_dose) {
        answer.warnings.insert(0, WEEKLY_METHOTREXATE.to_owned());
    } else if answer.quotes.iter().any(|q| about_a_dose(&q.text)) {
        answer.notes.push(WEEKLY_METHOTREXATE.to_owned());
    } else if let Some(block) =
        answer.blocks.iter_mut().find(|b| b.lines.iter().any(|l| quoted(&l.text) && about_a_dose(&l.text)))
    {
        // Right under the quoted lines that show it, so what page 6 says of the question still comes first.
        block.lines.push(crate::answer::Line::plain(WEEKLY_METHOTREXATE));
    }
}

/// The warning for a question that asks for a daily methotrexate dose: dosed per WEEK, never per day, with
/// page 6's per-week dose and where it is (dosing.toml), so the figure is the article's, and that it is the
/// article's usual dose, not any one patient's.
pub fn daily_methotrexate(knowledge: &Knowledge) -> String {
    let plain = "Methotrexate is dosed per WEEK (a weekly total), never per day: there is no daily methotrexate dose.";
    let Some(regimen) = knowledge.dosing.regimens.iter().find(|r| r.drug == Drug::Methotrexate) else {
        return plain.to_owned();
    };
    // The article's own words for the dose (dosing.toml `evidence`), located to their sentence.
    let quoted = regimen.passages.first().and_then(|id| knowledge.article.passage(id)).and_then(|p| {
        let number = p.sentence_holding(&regimen.evidence)?;
        Some(format!(" \u{201c}{}\u{201d} ({})", regimen.evidence, p.sentences_place(&(number..=number))))
    });
    format!(
        "{plain} Page 6 (2008) gives no starting dose; it names{}: {}, a weekly total, not any one patient's dose.",
        quoted.unwrap_or_else(|| " its usual doses".to_owned()),
        weekly_amount(regimen)
    )
}

/// "up to 25 to 30 mg per WEEK".
fn weekly_amount(regimen: &Regimen) -> String {
    let a = &regimen.amount;
    let number = |x: f64| if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x}") };
    let range = if a.low == a.high { number(a.low) } else { format!("{} to {}", number(a.low), number(a.high)) };
    let up_to = if a.ceiling { "up to " } else { "" };
    format!("{up_to}{range} {} {}", a.unit.symbol(), a.per.label())
}

/// Whether a question asks for a daily methotrexate dose ("mtx daily dose?", "how much methotrexate a
/// day"): it names methotrexate and a daily amount.
fn asks_daily_methotrexate(question: &str, synonyms: &Synonyms) -> bool {
    let words = words(question, synonyms);
    let daily = words.iter().enumerate().any(|(i, w)| {
        DAILY_WORDS.contains(&w.as_str())
            || (w == "day" && i > 0 && words.get(i - 1).is_some_and(|before| PER_DAY.contains(&before.as_str())))
    });
    daily && words.iter().any(|w| w == "methotrexate")
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
    use super::{WEEKLY_METHOTREXATE, asks_daily_methotrexate, daily_methotrexate, weekly_methotrexate};
    use crate::answer::{Answer, Line};
    use crate::knowledge::{Knowledge, Synonyms};

    fn synonyms() -> Synonyms {
        let mut s = Synonyms::default();
        s.canonical.insert("mtx".to_owned(), "methotrexate".to_owned());
        s.canonical.insert("trexall".to_owned(), "methotrexate".to_owned());
        s
    }

    fn knowledge() -> Knowledge {
        let mut knowledge = crate::knowledge::shipped();
        knowledge.synonyms = synonyms();
        knowledge
    }

    fn warned(answer: Answer, question: Option<&str>) -> bool {
        let mut answer = answer;
        weekly_methotrexate(&mut answer, question, &knowledge());
        answer.warnings.iter().any(|w| w == WEEKLY_METHOTREXATE || w.contains("no daily methotrexate dose"))
    }

    #[test]
    fn a_question_asks_a_methotrexate_dose_only_where_one_clause_names_both() {
        assert!(warned(Answer::clinical("x"), Some("mtx, how much?")));
        assert!(!warned(Answer::clinical("x"), Some("failed pred + MTX - what dose of IVIG?")));
        assert!(!warned(Answer::clinical("x"), Some("failed mtx. ivig dose?")));
    }

    #[test]
    fn a_dose_only_quoted_is_noted_after_the_quotes_not_above_the_answer() {
        let article = &knowledge().article;
        let passage = article.passage("mm2008-p6-01").expect("¶1");
        let mut answer = Answer::clinical("What the article says");
        answer.quotes.push(crate::answer::Quote::passage(article, passage));
        weekly_methotrexate(&mut answer, Some("prednisone dose"), &knowledge());
        assert!(answer.warnings.is_empty());
        assert_eq!(answer.notes, [WEEKLY_METHOTREXATE]);
        // Asked about methotrexate, it leads.
        let mut answer = Answer::clinical("What the article says");
        answer.quotes.push(crate::answer::Quote::passage(article, passage));
        weekly_methotrexate(&mut answer, Some("mtx dose"), &knowledge());
        assert_eq!((answer.warnings.len(), answer.notes.len()), (1, 0));
    }

    #[test]
    fn a_dose_only_in_a_quoted_line_is_noted_under_that_line() {
        let quote = "\u{201c}most often MTX at usual rheumatologic doses of up to 25 to 30 mg/week\u{201d} (p. 6, ¶1)";
        let mut answer = Answer::clinical("Page 6 does not address this")
            .block(None, vec![Line::plain("Page 6 does not address a taper schedule.")])
            .block(Some("What page 6 does say"), vec![Line::plain(quote)]);
        weekly_methotrexate(&mut answer, Some("pred taper schedule"), &knowledge());
        assert!(answer.warnings.is_empty() && answer.notes.is_empty(), "{:?}", answer.warnings);
        let said: Vec<&str> = answer.blocks[1].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(said, [quote, WEEKLY_METHOTREXATE]);
        weekly_methotrexate(&mut answer, Some("pred taper schedule"), &knowledge());
        assert_eq!(answer.blocks[1].lines.len(), 2, "once");
    }

    #[test]
    fn a_methotrexate_dose_asked_or_shown_gets_the_warning() {
        assert!(warned(Answer::clinical("x"), Some("mtx daily dose?")));
        assert!(warned(Answer::clinical("x"), Some("how much trexall for my mother")));
        assert!(warned(Answer::clinical("x"), Some("how much trexall do I take")));
        let shown = Answer::clinical("x").block(None, vec![Line::plain("MTX up to 25 to 30 mg/week")]);
        assert!(warned(shown, None));
    }

    #[test]
    fn other_answers_do_not() {
        assert!(!warned(Answer::clinical("x"), Some("mtx and the lungs")));
        assert!(!warned(Answer::clinical("x"), Some("azathioprine dose")));
        let once = Answer { warnings: vec![WEEKLY_METHOTREXATE.to_owned()], ..Answer::clinical("x") };
        let mut answer = once;
        weekly_methotrexate(&mut answer, Some("mtx dose"), &knowledge());
        assert_eq!(answer.warnings.len(), 1);
    }

    #[test]
    fn a_daily_methotrexate_dose_asked_is_told_once_a_week_instead() {
        for question in ["mtx daily dose?", "how much methotrexate should my mother take daily", "mtx mg a day"] {
            assert!(asks_daily_methotrexate(question, &synonyms()), "{question}");
        }
        for question in ["mtx dose", "aza daily dose", "mtx started day 14 of pred"] {
            assert!(!asks_daily_methotrexate(question, &synonyms()), "{question}");
        }
        // The generic warning gives way to the daily one, which is never doubled.
        let mut answer = Answer { warnings: vec![WEEKLY_METHOTREXATE.to_owned()], ..Answer::clinical("x") };
        weekly_methotrexate(&mut answer, Some("mtx daily dose?"), &knowledge());
        weekly_methotrexate(&mut answer, Some("mtx daily dose?"), &knowledge());
        assert_eq!(answer.warnings, [daily_methotrexate(&knowledge())]);
        // Nor is its "day" marked in a quote.
        let mut quoted = Answer::clinical("x");
        quoted.quotes.push(crate::answer::Quote {
            kind: crate::answer::QuoteKind::Answer,
            passage: "mm2008-p6-01".to_owned(),
            text: "up to 2 mg/kg/day, MTX daily".to_owned(),
            marked: Some("up to 2 **mg**/kg/**day**, **MTX** daily".to_owned()),
            location: String::new(),
            references: Vec::new(),
        });
        weekly_methotrexate(&mut quoted, Some("trexall dose per day?"), &knowledge());
        assert_eq!(quoted.quotes[0].marked.as_deref(), Some("up to 2 **mg**/kg/day, **MTX** daily"));
        assert_eq!(
            answer.warnings[0],
            "Methotrexate is dosed per WEEK (a weekly total), never per day: there is no daily methotrexate dose. \
             Page 6 (2008) gives no starting dose; it names \u{201c}most often MTX at usual rheumatologic doses of up \
             to 25 to 30 mg/week\u{201d} (p. 6, ¶1, sentence 3): up to 25 to 30 mg per WEEK, a weekly total, not any \
             one patient's dose."
        );
    }
}
