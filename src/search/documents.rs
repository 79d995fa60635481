//! What the index holds: article passages, and reference entries (antibodies, IBM features) that rank
//! after the article when both match.

use serde::Serialize;

use crate::knowledge::{Knowledge, Passage};

/// Whether a document is the article's own words or a cited reference entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// A verbatim article passage.
    Article,
    /// A structured entry from outside sources, in the project's words.
    Reference,
}

/// One searchable document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Passage id, or `antibody:<id>` / `ibm:<id>` for reference entries.
    pub id: String,
    /// Article or reference.
    pub kind: DocKind,
    /// Section (passages) or entry name (references).
    pub section: String,
    /// Extra words searched with the section (aliases for references).
    #[serde(skip)]
    pub keywords: String,
    /// The full text: verbatim for passages.
    pub text: String,
    /// Where it is: the quote location, or the entry's sources.
    pub location: String,
    /// The article's reference numbers (passages only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<u32>,
    /// Outside source ids (reference entries only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The sentences of an article passage: (number, byte range in `text`).
    #[serde(skip)]
    pub sentences: Vec<(u32, std::ops::Range<usize>)>,
    /// The aspects an article passage addresses (ids of aspects.toml).
    #[serde(skip)]
    pub aspects: Vec<String>,
    /// The sentence each of those aspects' evidence lies in, with the drugs it is about (if any).
    #[serde(skip)]
    pub aspect_sentences: Vec<AspectSentence>,
}

/// That a sentence of a passage says an aspect, and which drugs (therapy ids) it says it of: none when it
/// is about no drug in particular. "We advocate an initial dose of 1 mg/kg/day" says a dose, of prednisone,
/// named in the sentence before.
#[derive(Debug, Clone, PartialEq)]
pub struct AspectSentence {
    /// The aspect's id.
    pub aspect: String,
    /// The sentence's number (1-based).
    pub number: u32,
    /// The drugs it is about (aspects.toml `about`).
    pub about: Vec<String>,
    /// The aspect's own sentence weight, when it has one (aspects.toml); otherwise the file's.
    pub weight: Option<f32>,
}

/// Every document, article passages first in reading order.
pub fn documents(knowledge: &Knowledge) -> Vec<Document> {
    let article = &knowledge.article;
    let mut docs: Vec<Document> = article
        .passages
        .iter()
        .map(|p| Document {
            id: p.id.clone(),
            kind: DocKind::Article,
            section: p.section.clone(),
            keywords: String::new(),
            text: p.text.clone(),
            location: article.location(p),
            references: p.reference_numbers(),
            sources: Vec::new(),
            sentences: p.sentences.iter().map(|s| (s.number, s.range.clone())).collect(),
            aspects: knowledge.aspects.of_passage(&p.id).into_iter().map(str::to_owned).collect(),
            aspect_sentences: aspect_sentences(knowledge, p),
        })
        .collect();
    for ab in &knowledge.antibodies.entries {
        let texts: Vec<&str> = ab.claims.iter().map(|c| c.text.as_str()).collect();
        docs.push(Document {
            id: format!("antibody:{}", ab.id),
            kind: DocKind::Reference,
            section: format!("Antibody: {}", ab.name),
            keywords: format!("autoantibody antibody {} {}", ab.aliases.join(" "), ab.family.as_deref().unwrap_or("")),
            text: format!("Group: {}. Era: {}. {}", ab.group.label(), ab.era_label(), texts.join(" ")),
            location: "reference entry (antibodies.toml)".to_owned(),
            references: Vec::new(),
            sources: sorted_unique(ab.claims.iter().flat_map(|c| c.sources.iter().cloned())),
            sentences: Vec::new(),
            aspects: Vec::new(),
            aspect_sentences: Vec::new(),
        });
    }
    for feature in &knowledge.ibm.features {
        let texts: Vec<&str> = feature.claims.iter().map(|c| c.text.as_str()).collect();
        docs.push(Document {
            id: format!("ibm:{}", feature.id),
            kind: DocKind::Reference,
            section: format!("Inclusion body myositis: {}", feature.label),
            keywords: "ibm inclusion body myositis".to_owned(),
            text: texts.join(" "),
            location: "reference entry (ibm.toml)".to_owned(),
            references: Vec::new(),
            sources: sorted_unique(feature.claims.iter().flat_map(|c| c.sources.iter().cloned())),
            sentences: Vec::new(),
            aspects: Vec::new(),
            aspect_sentences: Vec::new(),
        });
    }
    docs
}

/// Where in `passage` each aspect it addresses is said: the sentence holding the aspect's evidence.
fn aspect_sentences(knowledge: &Knowledge, passage: &Passage) -> Vec<AspectSentence> {
    let mut found: Vec<AspectSentence> = knowledge
        .aspects
        .passages
        .iter()
        .filter(|p| p.id == passage.id)
        .flat_map(|p| &p.aspects)
        .filter_map(|a| {
            let at = passage.text.find(&a.evidence)?;
            let sentence = passage.sentences.iter().find(|s| s.range.contains(&at))?;
            let weight = knowledge.aspects.get(&a.aspect).and_then(|aspect| aspect.sentence_weight);
            Some(AspectSentence { aspect: a.aspect.clone(), number: sentence.number, about: a.about.clone(), weight })
        })
        .collect();
    found.sort_by(|a, b| (&a.aspect, a.number, &a.about).cmp(&(&b.aspect, b.number, &b.about)));
    found.dedup();
    found
}

/// The ids, each once, in order.
fn sorted_unique(ids: impl Iterator<Item = String>) -> Vec<String> {
    let set: std::collections::BTreeSet<String> = ids.collect();
    set.into_iter().collect()
}
