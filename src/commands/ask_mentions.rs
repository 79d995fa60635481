//! Whether the answering sentences are page 6's only mention of the drug asked ("cyclophosphamide" is in one
//! sentence of page 6): the answer then says so, so a resident knows there is no more on page 6 to look for.

use crate::knowledge::{Article, Therapy};
use crate::search::Hit;

/// The drugs marked in `hit`'s lead sentences (in the article's own spelling), when page 6 names each of
/// them nowhere else: no sentence of the bot's text of page 6 outside the lead holds a word of that drug's
/// id, name or aliases in `therapies` ("steroid" is prednisone's alias, and page 6 says "prednisone" often).
/// Else none: one drug page 6 says more of is enough to say nothing. Other words are left out: that
/// "benefit" is in one sentence tells nothing.
pub(super) fn sole_mentions(article: &Article, therapies: &[Therapy], hit: &Hit) -> Vec<String> {
    let Some(passage) = article.passage(&hit.id) else { return Vec::new() };
    let in_lead = |s: &crate::knowledge::Sentence| hit.lead.contains(&s.number);
    // A phrase ("mycophenylate mofetil") shows as one.
    let phrases: Vec<std::ops::Range<usize>> =
        passage.sentences.iter().filter(|s| in_lead(s)).flat_map(|s| hit.marked_phrases(&s.range)).collect();
    // Each therapy's words, once for all phrases.
    let names: Vec<Vec<String>> = therapies.iter().map(therapy_words).collect();
    // Sentences outside the lead.
    let elsewhere: Vec<&str> = article
        .passages
        .iter()
        .flat_map(|p| {
            p.sentences
                .iter()
                .filter(move |s| p.id != passage.id || !in_lead(s))
                .filter_map(|s| p.text.get(s.range.clone()))
        })
        .collect();
    let mut drugs: Vec<String> = Vec::new();
    for phrase in phrases.iter().filter_map(|p| hit.text.get(p.clone())) {
        let named: Vec<&Vec<String>> =
            names.iter().filter(|words| words_of(phrase).any(|w| words.contains(&w.to_lowercase()))).collect();
        if named.is_empty() {
            continue;
        }
        if named.iter().copied().flatten().any(|word| elsewhere.iter().any(|text| mentions(text, word))) {
            return Vec::new();
        }
        // The drug's own words, without the words marked beside it ("reports using mycophenylate mofetil").
        let is_drug = |w: &str| named.iter().copied().flatten().any(|n| *n == w.to_lowercase());
        let spans: Vec<(usize, usize)> = words_of(phrase)
            .filter(|w| is_drug(w))
            .map(|w| {
                let start = w.as_ptr() as usize - phrase.as_ptr() as usize;
                (start, start + w.len())
            })
            .collect();
        let drug = match (spans.first(), spans.last()) {
            (Some(first), Some(last)) => phrase.get(first.0..last.1).unwrap_or(phrase),
            _ => phrase,
        };
        if !drugs.iter().any(|d| d.eq_ignore_ascii_case(drug)) {
            drugs.push(drug.to_owned());
        }
    }
    drugs
}

/// Whether `text` names `therapy` by a word of its id, name or aliases, in any form ("IVIg", "steroids").
pub(super) fn names_therapy(text: &str, therapy: &Therapy) -> bool {
    therapy_words(therapy).iter().any(|word| mentions(text, word))
}

/// A therapy's words of three letters or more (id, name, aliases), lower-case.
fn therapy_words(therapy: &Therapy) -> Vec<String> {
    std::iter::once(&therapy.id)
        .chain(std::iter::once(&therapy.name))
        .chain(&therapy.aliases)
        .flat_map(|name| words_of(name).map(str::to_lowercase).collect::<Vec<_>>())
        .filter(|w| w.chars().count() >= 3)
        .collect()
}

/// The words of `text`, without punctuation.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Whether `text` has a word that starts with `word` (lower-case): "physiatry" is in "physiatry," and
/// "taper" in "tapering", so a sentence with another form of the word counts as a mention too.
fn mentions(text: &str, word: &str) -> bool {
    words_of(text).any(|w| w.to_lowercase().starts_with(word))
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn a_word_is_mentioned_in_any_of_its_forms_but_not_inside_another_word() {
        assert!(mentions("Cornerstones of therapy are corticosteroids, DMARDS, and physiatry.", "physiatry"));
        assert!(mentions("while tapering prednisone", "taper"));
        assert!(mentions("IVIg was", "ivig"));
        assert!(!mentions("the paper", "taper"));
        assert!(!mentions("non-physiatric", "physiatry"));
    }
}
