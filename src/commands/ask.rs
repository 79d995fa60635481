//! `/ask`: a free-text question answered with the article's own words, quoted and located.

use serde_json::json;

use super::CommandError;
use super::args::Args;
use super::spec::{CommandSpec, OptionKind, OptionSpec, Scope};
use crate::Core;
use crate::answer::{Answer, Line, Quote, Visibility};
use crate::knowledge::Diagnosis;
use crate::search::{Found, MAX_QUESTION_CHARS};

/// How many passages an answer shows unless asked otherwise.
pub const DEFAULT_LIMIT: i64 = 3;

/// `/ask question [limit] [private]`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "ask",
    description: "Ask in your own words; get the article's passages back, quoted and located",
    example: "/ask imuran dose when the pred taper fails",
    options: &[
        OptionSpec {
            name: "question",
            description: "Your question, abbreviations and brand names welcome",
            kind: OptionKind::Text { max_chars: 1000, autocomplete: false },
            required: true,
            scope: Scope::Content,
        },
        OptionSpec {
            name: "limit",
            description: "How many passages to show (1-5, default 3)",
            kind: OptionKind::Integer { min: 1, max: 5 },
            required: false,
            scope: Scope::Content,
        },
        OptionSpec {
            name: "private",
            description: "Only you see the answer",
            kind: OptionKind::Boolean,
            required: false,
            scope: Scope::Chat,
        },
    ],
};

/// Searches the article and quotes the best passages, or says the article does not cover the question.
pub fn run(core: &Core, args: &Args) -> Result<Answer, CommandError> {
    let question = args.text("question").unwrap_or_default();
    let limit = args.integer("limit").unwrap_or(DEFAULT_LIMIT).clamp(1, 5) as usize;
    let found = core.index.search(question, limit)?;
    let mut pointers = pointers(core, question);
    if found.hits.is_empty() && pointers.is_empty() {
        pointers.extend([
            "/help (every command, with an example)".to_owned(),
            "/reassess, /monitor, /ibm, /refractory diagnosis:pm (what page 6 covers)".to_owned(),
        ]);
    }
    if !found.undosed.is_empty() {
        pointers.insert(0, "/refractory diagnosis:pm (where page 6 places each drug, with its passages)".to_owned());
    }
    let mut answer = if found.hits.is_empty() { not_covered(core, &found) } else { covered(core, &found) };
    answer = with_references(core, answer, &found);
    answer = answer.block(Some("Try also"), pointers.iter().map(|p| Line::plain(p.clone())).collect());
    if found.truncated {
        answer.warnings.push(format!("Only the first {MAX_QUESTION_CHARS} characters of your question were searched."));
    }
    if args.flag("private") {
        answer.visibility = Visibility::Private;
    }
    let shown: String = question.chars().take(MAX_QUESTION_CHARS).collect();
    answer.data = json!({
        "query": shown,
        "results": found.hits,
        "references": found.references,
        "covered": !found.hits.is_empty(),
        "truncated": found.truncated,
        "unmatched": found.unmatched,
        "undosed": found.undosed,
        "pointers": pointers,
    });
    Ok(answer)
}

fn covered(core: &Core, found: &Found) -> Answer {
    let article = &core.knowledge.article;
    let mut answer = Answer::clinical("What the article says");
    for hit in &found.hits {
        if let Some(passage) = article.passage(&hit.id) {
            answer.quotes.push(Quote::passage(article, passage));
        }
    }
    answer
}

/// Reference entries that match, shown after the article's words and labelled as not the article.
fn with_references(core: &Core, mut answer: Answer, found: &Found) -> Answer {
    for hit in &found.references {
        answer = answer.block(
            Some(&format!("{} (reference entry, not the article)", hit.section)),
            vec![Line::sourced(hit.text.clone(), &hit.sources)],
        );
        answer = super::render_util::cite_sources(answer, &core.knowledge, &hit.sources);
    }
    answer
}

fn not_covered(core: &Core, found: &Found) -> Answer {
    let unavailable: Vec<Line> =
        core.knowledge.article.unavailable.iter().map(|u| Line::plain(format!("{}: {}", u.what, u.note))).collect();
    let undosed = undosed(core, &found.undosed);
    let (title, mut lines) = if undosed.is_empty() {
        let nothing = Line::plain(
            "I found nothing on this in the bot's text of the article (page 6 of Myositis Mysteries: \
             treatment, refractory options, IBM, monitoring and the \"Is this IIM?\" reassessment).",
        );
        ("The article does not cover this", vec![nothing])
    } else {
        ("The article gives no dose for this", undosed)
    };
    if !found.unmatched.is_empty() {
        lines.push(Line::plain(format!("Not in the article: {}.", found.unmatched.join(", "))));
    }
    Answer::clinical(title).block(None, lines).block(Some("Not available to the bot"), unavailable)
}

/// For a dose the article does not give: which drug it does name, and where; never a number.
fn undosed(core: &Core, ids: &[String]) -> Vec<Line> {
    core.knowledge
        .refractory
        .therapies
        .iter()
        .filter(|t| ids.contains(&t.id))
        .map(|therapy| {
            // The passages its PM/DM rules cite are the ones that name it (IBM rules cite the IBM paragraph).
            let mut passages: Vec<String> = therapy
                .rules
                .iter()
                .filter(|r| r.diagnoses.iter().any(|d| matches!(d, Diagnosis::Pm | Diagnosis::Dm)))
                .flat_map(|r| r.passages.iter().cloned())
                .collect();
            passages.sort();
            passages.dedup();
            Line::cited(format!("Page 6 names {} but gives no dose for it.", therapy.name), &passages)
        })
        .collect()
}

/// Structured commands that answer this kind of question better, with their options filled in.
fn pointers(core: &Core, question: &str) -> Vec<String> {
    let lower = question.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let mut out = Vec::new();
    if has(&["dose", "doses", "dosing", "dosage", "mg", "kg", "lb", "lbs", "weight", "weighs", "g"]) {
        let weight = words.windows(2).find_map(|w| {
            let n: f64 = w[0].parse().ok()?;
            matches!(w[1], "kg" | "lb").then(|| (n, w[1]))
        });
        out.push(match weight {
            Some((n, unit)) => {
                format!("/dose weight:{n} unit:{unit} (the article's doses for that weight, shown only to you)")
            }
            None => "/dose weight:<number> unit:kg (the article's doses for a weight, shown only to you)".to_owned(),
        });
    }
    let head = &words[..words.len().min(40)];
    let antibody = (1..=3)
        .rev()
        .flat_map(|n| head.windows(n))
        .find_map(|window| crate::recommend::antibody::exact(&core.knowledge.antibodies, &window.concat()))
        .map(|ab| ab.name.clone());
    match antibody {
        Some(name) => out.push(format!("/antibody name:{name} (cited reference entry)")),
        None if has(&["antibody", "antibodies", "autoantibody", "autoantibodies", "anti", "serology", "ana"]) => {
            out.push("/antibody name:<name> (e.g. Jo-1, MDA5, HMGCR)".to_owned())
        }
        None => {}
    }
    if has(&["ibm", "inclusion"]) {
        out.push("/ibm (features, the article's statements, ENMC 2011)".to_owned());
    }
    if has(&["refractory", "resistant", "failed", "failing", "next"]) {
        out.push("/refractory diagnosis:dm (options by stance; add ild:true, tried:mtx,ivig)".to_owned());
    }
    out
}
