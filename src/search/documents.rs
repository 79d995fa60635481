//! What the index holds: article passages, and reference entries (antibodies, IBM features) that rank
//! after the article when both match.

use serde::Serialize;

use crate::knowledge::Knowledge;

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
        })
        .collect();
    for ab in &knowledge.antibodies.entries {
        let fields = [
            ab.antigen.as_ref().map(|a| format!("Antigen: {a}.")),
            Some(format!("Group: {}.", ab.group.label())),
            ab.prevalence.clone(),
            Some(ab.phenotype.clone()),
            ab.ild.clone(),
            ab.cancer.clone(),
            ab.prognosis.clone(),
            Some(format!("Era: {}.", ab.era_label())),
        ];
        docs.push(Document {
            id: format!("antibody:{}", ab.id),
            kind: DocKind::Reference,
            section: format!("Antibody: {}", ab.name),
            keywords: format!("autoantibody antibody {} {}", ab.aliases.join(" "), ab.family.as_deref().unwrap_or("")),
            text: fields.into_iter().flatten().collect::<Vec<_>>().join(" "),
            location: "reference entry (antibodies.toml)".to_owned(),
            references: Vec::new(),
            sources: ab.sources.clone(),
        });
    }
    for feature in &knowledge.ibm.features {
        docs.push(Document {
            id: format!("ibm:{}", feature.id),
            kind: DocKind::Reference,
            section: format!("Inclusion body myositis: {}", feature.label),
            keywords: "ibm inclusion body myositis".to_owned(),
            text: feature.text.clone(),
            location: "reference entry (ibm.toml)".to_owned(),
            references: Vec::new(),
            sources: feature.sources.clone(),
        });
    }
    docs
}
