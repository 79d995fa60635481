//! Small helpers the command handlers share to build answers from knowledge entries.

use crate::answer::{Answer, Quote};
use crate::knowledge::Knowledge;

/// Adds a verbatim quote of `phrase` from the first cited passage that contains it (once per phrase).
pub fn quote_evidence(mut answer: Answer, knowledge: &Knowledge, passages: &[String], phrase: &str) -> Answer {
    let article = &knowledge.article;
    let passage = passages.iter().filter_map(|id| article.passage(id)).find(|p| p.text.contains(phrase));
    if let Some(passage) = passage
        && !answer.quotes.iter().any(|q| q.passage == passage.id && q.text == phrase)
    {
        answer.quotes.push(Quote::phrase(article, passage, phrase));
    }
    answer
}

/// Adds the outside sources with these ids as citations.
pub fn cite_sources(answer: Answer, knowledge: &Knowledge, ids: &[String]) -> Answer {
    answer.cite(ids.iter().filter_map(|id| knowledge.sources.get(id)))
}
