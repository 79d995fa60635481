//! The reference entries an `/ask` answer adds after the article: those the question names, each trimmed
//! to its claims closest to the question, and a warning for an antibody no quoted passage names.

use crate::Core;
use crate::answer::Line;
use crate::search::{CLOSE_SHARE, Found, Hit};

/// A reference entry as an answer shows it: its group and era (antibodies), then the claims that answer
/// the question best (the entry's lead "sentences"), each with its own sources, and how many of its claims
/// that is; the whole entry when none leads. Returns the lines and the sources they cite.
pub fn reference_lines(core: &Core, hit: &Hit) -> (Vec<Line>, Vec<String>) {
    let knowledge = &core.knowledge;
    let (head, claims): (Option<String>, Vec<(&str, &[String])>) = if let Some(id) = hit.id.strip_prefix("antibody:") {
        let Some(ab) = knowledge.antibodies.entries.iter().find(|ab| ab.id == id) else { return whole(hit) };
        let claims = ab.claims.iter().map(|c| (c.text.as_str(), c.sources.as_slice())).collect();
        (Some(format!("Group: {}. Era: {}.", ab.group.label(), ab.era_label())), claims)
    } else if let Some(id) = hit.id.strip_prefix("ibm:") {
        let Some(feature) = knowledge.ibm.features.iter().find(|f| f.id == id) else { return whole(hit) };
        (None, feature.claims.iter().map(|c| (c.text.as_str(), c.sources.as_slice())).collect())
    } else {
        return whole(hit);
    };
    let lead: Vec<(&str, &[String])> =
        hit.lead.iter().filter_map(|&n| claims.get((n as usize).checked_sub(1)?).copied()).collect();
    if lead.is_empty() || lead.len() == claims.len() {
        return whole(hit);
    }
    let mut lines: Vec<Line> = head.into_iter().map(Line::plain).collect();
    let mut cited: Vec<String> = Vec::new();
    for (text, sources) in &lead {
        lines.push(Line::sourced(*text, sources));
        cited.extend(sources.iter().filter(|s| !cited.contains(s)).cloned().collect::<Vec<_>>());
    }
    let which = if lead.len() == 1 { "the one" } else { "the ones" };
    lines.push(Line::plain(format!(
        "(Shown: {} of this entry's {} claims, {which} closest to your question.)",
        lead.len(),
        claims.len()
    )));
    (lines, cited)
}

/// A reference entry whole, citing all its sources.
fn whole(hit: &Hit) -> (Vec<Line>, Vec<String>) {
    (vec![Line::sourced(hit.text.clone(), &hit.sources)], hit.sources.clone())
}

/// The antibodies of the reference entries shown that none of the shown passages names (page 6 names
/// none: its antibody table is not held).
pub fn unmentioned_antibodies<'a>(core: &'a Core, references: &[Hit], shown: &[&Hit]) -> Vec<&'a str> {
    let squash =
        |text: &str| -> String { text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    let passages: Vec<String> = shown.iter().map(|h| squash(&h.text)).collect();
    references
        .iter()
        .filter_map(|hit| hit.id.strip_prefix("antibody:"))
        .filter_map(|id| core.knowledge.antibodies.entries.iter().find(|ab| ab.id == id))
        .filter(|ab| {
            let names: Vec<String> = std::iter::once(&ab.name).chain(&ab.aliases).map(|n| squash(n)).collect();
            !passages.iter().any(|p| names.iter().any(|n| !n.is_empty() && p.contains(n.as_str())))
        })
        .map(|ab| ab.name.as_str())
        .collect()
}

/// Reference entries the question names: an antibody by one of its names, an IBM feature only when the
/// question names IBM. A bare "PM" or "DM" never pulls an antibody entry.
pub fn named_references(core: &Core, question: &str, found: &Found) -> Vec<Hit> {
    let lower = question.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let named_antibodies: Vec<String> = (1..=3)
        .flat_map(|n| words.windows(n))
        .filter_map(|window| crate::recommend::antibody::exact(&core.knowledge.antibodies, &window.concat()))
        .map(|ab| format!("antibody:{}", ab.id))
        .collect();
    let names_ibm = words.iter().any(|w| IBM_NAMED_BY.contains(w));
    let named: Vec<&Hit> = found
        .references
        .iter()
        .filter(|hit| named_antibodies.contains(&hit.id) || (names_ibm && hit.id.starts_with("ibm:")))
        .collect();
    // As with passages: the best entry, and others only when they score close to it ("IBM with dysphagia"
    // is the dysphagia entry, not every IBM feature that shares a word), and on a word of the question
    // besides IBM's name ("is IVIG worth trying in IBM?" is the treatment entry, not the biopsy one, which
    // says "inclusions" and "IBM").
    let best = named.first().map_or(0.0, |h| h.score);
    named
        .into_iter()
        .enumerate()
        .filter(|(i, h)| *i == 0 || (h.score >= CLOSE_SHARE * best && matches_beyond_ibm_name(h)))
        .map(|(_, h)| h.clone())
        .collect()
}

/// The words by which a question names IBM, bringing its reference entries.
const IBM_NAMED_BY: [&str; 3] = ["ibm", "sibm", "inclusion"];

/// Whether a reference entry holds a marked (matched) word other than the words of IBM's name.
fn matches_beyond_ibm_name(hit: &Hit) -> bool {
    let of_the_name = |w: &str| IBM_NAMED_BY.contains(&w) || ["inclusions", "body", "myositis"].contains(&w);
    hit.marks.iter().filter_map(|m| hit.text.get(m.clone())).any(|w| !of_the_name(&w.to_lowercase()))
}
