//! `/ask`: a free-text question answered with the article's own words: the answering sentence first,
//! verbatim and located to the sentence, then its paragraph (collapsed where the door can), further
//! passages only when they score close to the best, and reference entries only when the question names
//! them.

use serde_json::json;

use super::Context;
use super::args::Args;
use super::ask_gaps::{not_covered, not_held};
use super::ask_mentions::{names_therapy, sole_mentions};
use super::ask_pointers::{asked_for_someone, asks_a_dose, asks_about_today, compares, pointers};
use super::ask_references::{named_references, reference_lines, unmentioned_antibodies};
use super::spec::{CommandSpec, OptionKind, OptionSpec, Scope};
use crate::Core;
use crate::answer::{Answer, Button, Line, Quote, Visibility};
use crate::buttons::ButtonId;
use crate::error::{CommandError, UserError};
use crate::privacy;
use crate::search::{Hit, MAX_QUESTION_CHARS};

/// How many passages an answer may show unless asked otherwise (only those close to the best are shown):
/// the `limit` option's default.
pub fn default_limit() -> usize {
    SPEC.option("limit").and_then(|o| o.default).and_then(|d| d.parse().ok()).unwrap_or(1)
}

/// Words that, typed alone without a slash, ask for the help rather than the article.
const HELP_WORDS: [&str; 8] =
    ["help", "?", "commands", "command", "menu", "options", "what can you do", "how do i use this"];

/// `/ask question [limit] [private]`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "ask",
    description: "Ask in your own words; get the article's answering sentence, quoted and located",
    example: "/ask imuran dose when the pred taper fails",
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &[],
    options: &[
        OptionSpec {
            name: "question",
            description: "Your question, abbreviations and brand names welcome",
            kind: OptionKind::Text { max_chars: MAX_QUESTION_CHARS, autocomplete: false },
            required: true,
            scope: Scope::Content,
            default: None,
        },
        OptionSpec {
            name: "limit",
            description: "At most this many passages; only those close to the best are shown",
            kind: OptionKind::Integer { min: 1, max: 5 },
            required: false,
            scope: Scope::Content,
            default: Some("3"),
        },
        OptionSpec {
            name: "private",
            description: "Only you see the answer",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Chat,
            default: None,
        },
    ],
};

/// Searches the article and leads with the answering sentence, or says the article does not cover the
/// question. A word that is a command ("help") gets the help; a question carrying patient-identifying
/// details is answered privately, searched without them, and never echoed.
pub fn run(core: &Core, args: &Args) -> Result<Answer, CommandError> {
    let typed = args.text("question").unwrap_or_default();
    if HELP_WORDS.contains(&typed.trim().trim_start_matches('/').to_lowercase().as_str()) {
        return super::help::run(core, args);
    }
    if typed.trim().is_empty() {
        return Err(UserError::new("Type a question after /ask, e.g. /ask ivig for dermatomyositis.").into());
    }
    let findings = privacy::scan(typed, |w| core.index.knows(w));
    let question = if findings.any() { findings.redact(typed) } else { typed.to_owned() };
    let limit = args.integer("limit").map_or_else(default_limit, |n| n.max(1) as usize);
    let mut found = core.index.search(&question, limit)?;
    // A single topic word ("myositis", "IBM", "IVIG") gets the passages about it, not "not covered".
    let topic = found.hits.is_empty() && question.split_whitespace().count() == 1;
    if topic {
        found = core.index.search_topic(&question, limit)?;
    }
    let references = named_references(core, &question, &found);
    let mut pointers = pointers(core, &question, &found);
    // Another disease is outside the article: no command answers it better ("/dose" would read as a dose
    // for that disease).
    if found.elsewhere.is_some() {
        pointers.clear();
    }
    if found.hits.is_empty() && pointers.is_empty() {
        pointers.extend([
            "/help (every command, with an example)".to_owned(),
            "/reassess, /monitor, /ibm, /refractory diagnosis:pm (what page 6 covers)".to_owned(),
        ]);
    }
    let shown = found.shown(limit);
    let missing = core.knowledge.article.unavailable_named(&question);
    let mut answer = match (shown.is_empty(), missing) {
        (false, _) => covered(core, &shown, asks_about_today(core, &question)),
        (true, Some(part)) => not_held(core, part),
        (true, None) => not_covered(core, &found, &findings),
    };
    // Page 6's standing advice for what is asked ("what next" → "If your myositis patient is not responding,
    // rethink the diagnosis ..."), unless its passage is shown.
    if !shown.is_empty() {
        for reminder in &core.knowledge.aspects.reminders {
            let asked = reminder.when_asked.iter().any(|a| found.aspects.contains(a));
            if asked && !shown.iter().any(|h| h.id == reminder.passage) {
                answer = super::render_util::quote_evidence(
                    answer,
                    &core.knowledge,
                    std::slice::from_ref(&reminder.passage),
                    &reminder.evidence,
                );
            }
        }
    }
    for hit in &references {
        let (lines, cited) = reference_lines(core, hit);
        answer = answer.block(Some(&format!("{} (reference entry, not the article)", hit.section)), lines);
        answer = super::render_util::cite_sources(answer, &core.knowledge, &cited);
    }
    answer = answer.block(Some("Try also"), pointers.iter().map(|p| Line::plain(p.clone())).collect());
    if found.truncated {
        answer.warnings.push(format!(
            "Your question was longer than {MAX_QUESTION_CHARS} characters: only its first part, up to the last \
             whole word, was searched."
        ));
    }
    let unmentioned = unmentioned_antibodies(core, &references, &shown);
    if !shown.is_empty() && !unmentioned.is_empty() {
        // The part of page 6 the bot does not hold that lists antibodies (article.toml), found by its own phrase.
        let table = core.knowledge.article.unavailable_named("table of antibodies");
        let not_held = table.map(|t| format!(" (the bot does not hold {})", t.what)).unwrap_or_default();
        answer.warnings.push(format!(
            "The bot's text of page 6 does not mention {}{not_held}: the passages quoted share other words of your \
             question, and the entry after them comes from other cited sources, not the article.",
            unmentioned.join(" or ")
        ));
    }
    if !shown.is_empty() {
        // How lay words were read, so a misreading ("the monthly drip" meant another infusion) can be caught.
        let therapies = &core.knowledge.refractory.therapies;
        // Phrases read as the same drugs share a line ("blood product" and "drip" as IVIG).
        let mut lines: Vec<(&Vec<String>, Vec<String>)> = Vec::new();
        // Only readings of drugs a shown passage names: "steroids" read as prednisone says nothing of an IBM
        // paragraph that never names it.
        let in_shown = |id: &String| {
            let therapy = therapies.iter().find(|t| &t.id == id);
            shown
                .iter()
                .filter_map(|h| core.knowledge.article.passage(&h.id))
                .any(|p| therapy.is_some_and(|t| names_therapy(&p.text, t)))
        };
        for (phrase, drugs) in found.read_as.iter().filter(|(_, drugs)| drugs.iter().any(in_shown)) {
            let quoted = format!("\u{201c}{phrase}\u{201d}");
            match lines.iter_mut().find(|(d, _)| *d == drugs) {
                Some((_, phrases)) => phrases.push(quoted),
                None => lines.push((drugs, vec![quoted])),
            }
        }
        // One line for every reading: "Read “monthly drip” as IVIG …; “cellcept” as Mycophenolate mofetil."
        let readings: Vec<String> = lines
            .into_iter()
            .map(|(drugs, phrases)| {
                let names: Vec<&str> = drugs
                    .iter()
                    .map(|id| therapies.iter().find(|t| &t.id == id).map_or(id.as_str(), |t| t.name.as_str()))
                    .collect();
                format!("{} as {}", phrases.join(" and "), names.join(" or "))
            })
            .collect();
        if !readings.is_empty() {
            answer.notes.insert(0, format!("Read {}.", readings.join("; ")));
        }
    }
    // Drugs compared ("is mycophenolate better than azathioprine"): page 6 reports no trial comparing any two
    // (it may still order them: cyclophosphamide after IVIG); each drug's own passage is shown (`Found::shown`).
    let compared: Vec<&str> =
        found.drugs.iter().filter(|d| shown.iter().any(|h| h.names_asked.contains(d))).map(String::as_str).collect();
    if compared.len() >= 2 && compares(core, &question) {
        let therapies = &core.knowledge.refractory.therapies;
        let names: Vec<&str> =
            compared.iter().map(|id| therapies.iter().find(|t| t.id == *id).map_or(*id, |t| t.name.as_str())).collect();
        answer.notes.push(format!(
            "Page 6 reports no trial comparing {}: what it says of each is quoted.",
            names.join(" with ")
        ));
    }
    // The one sentence page 6 has on the drug asked ("cyclophosphamide"): nothing more on page 6 to look for.
    if let [hit] = shown.as_slice() {
        let words = sole_mentions(&core.knowledge.article, &core.knowledge.refractory.therapies, hit);
        if !words.is_empty() {
            let quoted: Vec<String> = words.iter().map(|w| format!("\u{201c}{w}\u{201d}")).collect();
            answer.notes.push(format!(
                "The bot's text of page 6 names {} only where quoted above; other sentences may still bear on your \
                 question.",
                quoted.join(" and ")
            ));
        }
    }
    if !shown.is_empty() && asks_a_dose(&question) && asked_for_someone(core, &question) {
        answer.notes.push(
            "Page 6 gives doses as its authors' advice, not any one person's dose: the dose is set by the patient's own \
             doctor."
                .to_owned(),
        );
    }
    // The patient's other illnesses, read as the story ("shes on enough stuff for her diabetes"): what page 6
    // does not address is said, never echoed when the question carries identifying details.
    if !shown.is_empty() && !found.story.is_empty() && !findings.any() {
        let named: Vec<String> = found.story.iter().map(|t| format!("\u{201c}{t}\u{201d}")).collect();
        answer.notes.push(format!(
            "Page 6 does not address {} or {} medicines: what is quoted answers the rest of your question.",
            named.join(", "),
            if named.len() > 1 { "their" } else { "its" }
        ));
    }
    if topic && !shown.is_empty() {
        answer.warnings.push("One word: these are the passages that mention it most.".to_owned());
    }
    if findings.any() {
        answer.warnings.insert(0, findings.notice());
        answer.visibility = Visibility::Private;
    }
    let shown_ids: Vec<&str> = shown.iter().map(|h| h.id.as_str()).collect();
    answer.data = json!({
        // Never echoed when it carries identifying details.
        "query": if findings.any() { None } else { Some(question.chars().take(MAX_QUESTION_CHARS).collect::<String>()) },
        "private_details": findings.details,
        "results": found.hits,
        "shown": shown_ids,
        "references": references,
        "covered": !shown.is_empty(),
        "truncated": found.truncated,
        // The question's own words: with identifying details they may be a patient's name.
        "unmatched": if findings.any() { Vec::new() } else { found.unmatched.clone() },
        "undosed": found.undosed,
        "unaddressed": found.unaddressed,
        "aspects": found.aspects,
        "elsewhere": found.elsewhere,
        "reading": if findings.any() { None } else { Some(&found.reading) },
        // Vocabulary phrases only ("monthly drip"), never the question's other words.
        "read_as": found.read_as,
        // Outside topics read as the patient's story: the question's own words.
        "story": if findings.any() { Vec::new() } else { found.story.clone() },
        "pointers": pointers,
    });
    Ok(answer)
}

/// Whether the question carries a patient's identifying details: its answer is then private.
pub fn carries_patient_details(ctx: &Context<'_>, _: &CommandSpec, args: &Args) -> bool {
    privacy::scan(args.text("question").unwrap_or_default(), |w| ctx.core.index.knows(w)).any()
}

/// The whole passage behind a "Show in full" button, for the one who pressed it.
pub fn paragraph(core: &Core, passage_id: &str) -> Result<Answer, CommandError> {
    let article = &core.knowledge.article;
    let passage = article
        .passage(passage_id)
        .ok_or_else(|| UserError::new("That paragraph is not in the bot's text of the article any more."))?;
    let mut answer = Answer::clinical(format!("In full: {}", passage.place()));
    answer.visibility = Visibility::Private;
    answer.quotes.push(Quote::passage(article, passage));
    Ok(answer)
}

/// The answer for a covered question: each shown passage's answering sentences first, marked and located,
/// then the passages whole (with a button to show each where the door collapses them). A quoted sentence
/// that states the evidence as it stood in 2008 ("no controlled trial has been reported") comes with a note
/// that later trials are not in the article, first when the question asks about `today`.
fn covered(core: &Core, shown: &[&Hit], today: bool) -> Answer {
    let article = &core.knowledge.article;
    // Not "What the article says": the warnings and notes under the title are the bot's, and only the quotes,
    // each with its location, are the article's.
    let mut answer = Answer::clinical("Page 6 on your question");
    // Where a quoted answer states the evidence of its day (article.toml `dated`).
    let mut dated: Vec<(&str, Vec<u32>)> = Vec::new();
    for hit in shown {
        let Some(passage) = article.passage(&hit.id) else { continue };
        let ranges: Vec<(u32, std::ops::Range<usize>)> =
            passage.sentences.iter().map(|s| (s.number, s.range.clone())).collect();
        // A lead sentence that names its subject only in the sentence before comes with that sentence
        // (article.toml `continues`), unless it is quoted already.
        let mut quoted: Vec<u32> = Vec::new();
        for &number in &hit.lead {
            if quoted.contains(&number) {
                continue;
            }
            // Back to the sentence that names the subject, or to one quoted already.
            let first = passage.with_subject(number).rev().take_while(|n| *n == number || !quoted.contains(n)).last();
            let numbers: Vec<u32> = (first.unwrap_or(number)..=number).collect();
            let marked: Option<Vec<String>> = numbers.iter().map(|&n| hit.marked_sentence(n, &ranges)).collect();
            let span = numbers.first().copied().unwrap_or(number)..=number;
            if let Some(quote) = Quote::sentences(article, passage, span, marked.map(|m| m.join(" "))) {
                match dated.iter_mut().find(|(id, _)| *id == passage.id) {
                    Some((_, numbers)) => numbers.extend(passage.dated_in(&quote.text)),
                    None => dated.push((passage.id.as_str(), passage.dated_in(&quote.text))),
                }
                quoted.extend(numbers);
                answer.quotes.push(quote);
            }
        }
    }
    // Each passage's dated sentences in one place ("p. 6, ¶5, sentences 1–3").
    let dated: Vec<String> = dated
        .iter()
        .filter(|(_, numbers)| !numbers.is_empty())
        .filter_map(|(id, numbers)| Some(article.passage(id)?.sentence_list_place(numbers)))
        .collect();
    // Asked about today ("does rituximab work now?"), the date comes first, before "is unknown" is read as
    // today's word.
    match article.dated_note(&dated) {
        Some(note) if today => answer.warnings.push(note),
        Some(note) => answer.notes.push(note),
        None => {}
    }
    let mut answer = super::ask_lists::with_lists(answer, article, shown);
    for hit in shown {
        let Some(passage) = article.passage(&hit.id) else { continue };
        answer.quotes.push(Quote::passage(article, passage));
        answer.buttons.push(Button::open(
            ButtonId::Paragraph { passage: passage.id.clone() }.encode(),
            format!("Show in full ({})", passage.place()),
        ));
    }
    answer
}
