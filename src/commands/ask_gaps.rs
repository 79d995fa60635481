//! What an `/ask` answer says when page 6 does not answer the question: a part of the article the bot
//! does not hold, a dose page 6 does not give, an aspect it does not address (then what it does say
//! nearest to it, quoted and located), a page-6 drug in another disease, or nothing at all.

use crate::Core;
use crate::answer::{Answer, Line};
use crate::knowledge::{Diagnosis, Unavailable};
use crate::privacy::Findings;
use crate::search::{Elsewhere, Found};

/// The answer for a question about a part of the article the bot does not hold (Table 3, pages 1-5, the
/// reference list): that part is in the article, but not in the bot's text of it.
pub(super) fn not_held(core: &Core, part: &Unavailable) -> Answer {
    let others: Vec<Line> = core
        .knowledge
        .article
        .unavailable
        .iter()
        .filter(|u| u.what != part.what)
        .map(|u| Line::plain(format!("{}: {}", u.what, u.note)))
        .collect();
    Answer::clinical(format!("The bot does not have this part of the article: {}", part.what))
        .block(None, vec![Line::plain(part.note.clone())])
        .block(Some("Also not available to the bot"), others)
}

/// The answer when page 6 does not answer: a dose it does not give, an aspect it does not address (with
/// what it does say nearest to it), another disease, or nothing at all, and then, only when nothing was
/// found, what the bot does not hold (the rest of the article may say more).
pub(super) fn not_covered(core: &Core, found: &Found, findings: &Findings) -> Answer {
    // One line on a phone: the parts are named; asking for one ("what is table 3") gives its note.
    let parts: Vec<&str> = core.knowledge.article.unavailable.iter().map(|u| u.what.as_str()).collect();
    let mut unavailable = Vec::new();
    let undosed = undosed(core, &found.undosed);
    let mut closest = None;
    let (title, mut lines) = if !undosed.is_empty() {
        ("Page 6 gives no dose for this".to_owned(), undosed)
    } else if let Some(gap) = found.unaddressed.first() {
        // The title names what page 6 does not address, not "this": the rest of the question may be what
        // the quotes below answer ("can MRI with STIR tell if it is active?").
        let what = |gap: &crate::search::Unaddressed| match &gap.therapy {
            Some(therapy) => format!("Page 6 does not address {} of {therapy}", gap.label),
            None => format!("Page 6 does not address {}", gap.label),
        };
        closest = core.knowledge.aspects.get(&gap.aspect).and_then(|a| a.closest.as_deref());
        let more = found.unaddressed.iter().skip(1).map(|g| Line::plain(format!("{}.", what(g)))).collect();
        (what(gap), more)
    } else if let Some(elsewhere) = &found.elsewhere {
        ("Page 6 does not address this".to_owned(), elsewhere_lines(core, elsewhere))
    } else {
        let nothing = Line::plain(
            "I found nothing on this in the bot's text of the article (page 6 of Myositis Mysteries: \
             treatment, refractory options, IBM, monitoring and the \"Is this IIM?\" reassessment).",
        );
        if !parts.is_empty() {
            let held = format!("The bot does not hold these parts of the article: {}.", parts.join("; "));
            unavailable.push(Line::plain(held));
        }
        ("Page 6 does not cover this".to_owned(), vec![nothing])
    };
    // The unmatched words are the question's own: never repeated when it carries identifying details, and
    // not listed beside a dose or an aspect page 6 does not give, which already says why ("how long should
    // she stay on pred": the treatment's duration, not the word "stay").
    let gap_says_why = !found.undosed.is_empty() || !found.unaddressed.is_empty();
    if !found.unmatched.is_empty() && !findings.any() && !gap_says_why {
        lines.push(Line::plain(format!(
            "Words of your question that page 6 does not use: {}.",
            found.unmatched.join(", ")
        )));
    }
    let mut answer = Answer::clinical(title).block(None, lines);
    // What page 6 does say nearest to what it does not address, verbatim ("how long to taper": no schedule,
    // but what to do when the taper is not tolerated).
    if let Some(aspect) = closest.and_then(|id| core.knowledge.aspects.get(id)) {
        let article = &core.knowledge.article;
        // In reading order, each sentence once, whatever order the evidence is listed in.
        let mut places: Vec<(usize, u32, &str)> = core
            .knowledge
            .aspects
            .evidence(&aspect.id)
            .into_iter()
            .filter_map(|(id, phrase)| {
                let at = article.passages.iter().position(|p| p.id == id)?;
                Some((at, article.passages.get(at)?.sentence_holding(phrase)?, id))
            })
            .collect();
        places.sort_unstable();
        places.dedup();
        let said: Vec<Line> =
            places.into_iter().filter_map(|(_, number, id)| numbered_sentence_line(core, id, number)).collect();
        answer = answer.block(Some(&format!("What page 6 does say about {}", aspect.label)), said);
    }
    answer.block(None, unavailable)
}

/// The sentence of a passage that holds `phrase`, quoted verbatim with its place, as a line cited to the
/// passage.
fn sentence_line(core: &Core, passage_id: &str, phrase: &str) -> Option<Line> {
    let number = core.knowledge.article.passage(passage_id)?.sentence_holding(phrase)?;
    numbered_sentence_line(core, passage_id, number)
}

/// Sentence `number` of a passage, quoted verbatim with its place, as a line cited to the passage.
fn numbered_sentence_line(core: &Core, passage_id: &str, number: u32) -> Option<Line> {
    let passage = core.knowledge.article.passage(passage_id)?;
    // With the sentences it continues, so the quote names its subject (article.toml `continues`).
    let numbers = passage.with_subject(number);
    let text = passage.sentences_text(&numbers)?;
    Some(Line::cited(
        format!("\u{201c}{text}\u{201d} ({})", passage.sentences_place(&numbers)),
        std::slice::from_ref(&passage.id),
    ))
}

/// For a page-6 drug asked of another disease: page 6 discusses it in myositis only.
fn elsewhere_lines(core: &Core, elsewhere: &Elsewhere) -> Vec<Line> {
    let names: Vec<&str> = core
        .knowledge
        .refractory
        .therapies
        .iter()
        .filter(|t| elsewhere.therapies.contains(&t.id))
        .map(|t| t.name.as_str())
        .collect();
    let drugs = if names.is_empty() { "these drugs".to_owned() } else { names.join(", ") };
    let pronoun = if names.len() > 1 { "their" } else { "its" };
    let line = match &elsewhere.disease {
        Some(disease) => {
            format!(
                "Page 6 discusses {drugs} only in myositis; it does not say anything about {pronoun} use in {disease}."
            )
        }
        // Words the bot does not know may name another disease ("guillain") or anything else ("wine"): only
        // what is true of both is said.
        None => {
            format!("Page 6 mentions {drugs} only in treating myositis; it does not address the rest of your question.")
        }
    };
    vec![Line::plain(line)]
}

/// For a dose the article does not give: that page 6 gives none for the drug, and what page 6 does say of
/// it, quoted (the sentence its first PM/DM rule rests on); never a number.
fn undosed(core: &Core, ids: &[String]) -> Vec<Line> {
    core.knowledge
        .refractory
        .therapies
        .iter()
        .filter(|t| ids.contains(&t.id))
        .flat_map(|therapy| {
            // The passages its PM/DM rules cite are the ones that name it (IBM rules cite the IBM paragraph).
            let mut passages: Vec<String> = therapy
                .rules
                .iter()
                .filter(|r| r.diagnoses.iter().any(|d| matches!(d, Diagnosis::Pm | Diagnosis::Dm)))
                .flat_map(|r| r.passages.iter().cloned())
                .collect();
            passages.sort();
            passages.dedup();
            let said = therapy
                .rules
                .iter()
                .find(|r| r.flags.is_empty() && r.diagnoses.iter().any(|d| matches!(d, Diagnosis::Pm | Diagnosis::Dm)))
                .and_then(|rule| rule.passages.iter().find_map(|p| sentence_line(core, p, &rule.qualifier)))
                .map(|line| Line { text: format!("What page 6 says of it: {}", line.text), ..line });
            std::iter::once(Line::cited(format!("Page 6 gives no dose for {}.", therapy.name), &passages)).chain(said)
        })
        .collect()
}
