//! What the index holds: article passages, and reference entries (antibodies, IBM features) that rank
//! after the article when both match.

use serde::Serialize;

use super::forms::DistinctForms;
use crate::knowledge::{Knowledge, Passage, PresumedPatient};

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
    /// The aspects an article passage addresses, as indexed terms (ids of aspects.toml, scoped to the drugs
    /// their evidence is about: see `aspects::passage_terms`).
    #[serde(skip)]
    pub aspects: Vec<String>,
    /// The sentence each of those aspects' evidence lies in, with the drugs it is about (if any).
    #[serde(skip)]
    pub aspect_sentences: Vec<AspectSentence>,
    /// The sentences that name their subject only in the sentence before (article.toml `continues`).
    #[serde(skip)]
    pub continues: Vec<u32>,
    /// The patient this passage's setting presumes (aspects.toml `presumes`), if any.
    #[serde(skip)]
    pub presumes: Option<PresumedPatient>,
    /// The distinct forms of myositis (reading.toml `distinct_forms`, by index) an article passage names.
    #[serde(skip)]
    pub forms: Vec<usize>,
    /// The sentences of an article passage that name a distinct form its section does not, with those forms.
    #[serde(skip)]
    pub form_sentences: Vec<(u32, Vec<usize>)>,
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
    let forms = DistinctForms::new(&knowledge.reading);
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
            aspects: super::aspects::passage_terms(knowledge.aspects.of_passage(&p.id)),
            aspect_sentences: aspect_sentences(knowledge, p),
            continues: p.continues.clone(),
            presumes: knowledge.aspects.presumed(&p.id).cloned(),
            forms: forms.in_text(&p.text),
            form_sentences: forms.sentences_naming(
                &p.section,
                &p.text,
                &p.sentences.iter().map(|s| (s.number, s.range.clone())).collect::<Vec<_>>(),
            ),
        })
        .collect();
    for ab in &knowledge.antibodies.entries {
        let texts: Vec<&str> = ab.claims.iter().map(|c| c.text.as_str()).collect();
        let (text, sentences) = joined(&format!("Group: {}. Era: {}. ", ab.group.label(), ab.era_label()), &texts);
        docs.push(Document {
            id: format!("antibody:{}", ab.id),
            kind: DocKind::Reference,
            section: format!("Antibody: {}", ab.name),
            keywords: format!("autoantibody antibody {} {}", ab.aliases.join(" "), ab.family.as_deref().unwrap_or("")),
            text,
            location: "reference entry (antibodies.toml)".to_owned(),
            references: Vec::new(),
            sources: sorted_unique(ab.claims.iter().flat_map(|c| c.sources.iter().cloned())),
            sentences,
            aspects: Vec::new(),
            aspect_sentences: Vec::new(),
            continues: Vec::new(),
            presumes: None,
            forms: Vec::new(),
            form_sentences: Vec::new(),
        });
    }
    for feature in &knowledge.ibm.features {
        let texts: Vec<&str> = feature.claims.iter().map(|c| c.text.as_str()).collect();
        let (text, sentences) = joined("", &texts);
        docs.push(Document {
            id: format!("ibm:{}", feature.id),
            kind: DocKind::Reference,
            section: format!("Inclusion body myositis: {}", feature.label),
            keywords: "ibm inclusion body myositis".to_owned(),
            text,
            location: "reference entry (ibm.toml)".to_owned(),
            references: Vec::new(),
            sources: sorted_unique(feature.claims.iter().flat_map(|c| c.sources.iter().cloned())),
            sentences,
            aspects: Vec::new(),
            aspect_sentences: Vec::new(),
            continues: Vec::new(),
            presumes: None,
            forms: Vec::new(),
            form_sentences: Vec::new(),
        });
    }
    docs
}

/// A reference entry's text, `head` then its claims joined by spaces, and each claim's (number, byte range):
/// claim n is the entry's "sentence" n, so the search ranks an entry's claims as it ranks a passage's sentences.
fn joined(head: &str, claims: &[&str]) -> (String, Vec<(u32, std::ops::Range<usize>)>) {
    let mut text = head.to_owned();
    let mut ranges = Vec::new();
    for (number, claim) in (1..).zip(claims) {
        if number > 1 {
            text.push(' ');
        }
        ranges.push((number, text.len()..text.len() + claim.len()));
        text.push_str(claim);
    }
    (text, ranges)
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

#[cfg(test)]
mod tests {
    use super::{AspectSentence, DocKind, aspect_sentences, documents, sorted_unique};
    use crate::knowledge::PassageAspect;
    use crate::search::testing::knowledge;

    #[test]
    fn article_passages_come_first_in_reading_order_then_antibodies_then_ibm_features() {
        let k = knowledge();
        let docs = documents(k);
        let passages = k.article.passages.len();
        let ids: Vec<&str> = docs.iter().take(passages).map(|d| d.id.as_str()).collect();
        let reading_order: Vec<&str> = k.article.passages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, reading_order);
        assert!(docs[..passages].iter().all(|d| d.kind == DocKind::Article));
        let (antibodies, features) = docs[passages..].split_at(k.antibodies.entries.len());
        assert_eq!(features.len(), k.ibm.features.len());
        for (d, ab) in antibodies.iter().zip(&k.antibodies.entries) {
            assert_eq!((d.id.clone(), d.kind), (format!("antibody:{}", ab.id), DocKind::Reference));
        }
        for (d, feature) in features.iter().zip(&k.ibm.features) {
            assert_eq!((d.id.clone(), d.kind), (format!("ibm:{}", feature.id), DocKind::Reference));
        }
    }

    #[test]
    fn a_passage_document_is_the_passage_verbatim_with_its_sentences_and_reference_numbers() {
        let k = knowledge();
        let docs = documents(k);
        for (d, p) in docs.iter().zip(&k.article.passages) {
            assert_eq!(d.text, p.text);
            assert_eq!(d.section, p.section);
            assert_eq!(d.location, k.article.location(p));
            assert_eq!(d.references, p.reference_numbers());
            let sentences: Vec<(u32, std::ops::Range<usize>)> =
                p.sentences.iter().map(|s| (s.number, s.range.clone())).collect();
            assert_eq!(d.sentences, sentences);
            for a in k.aspects.of_passage(&p.id) {
                let said = [a.aspect.clone(), format!("{}@", a.aspect)];
                assert!(d.aspects.iter().any(|t| said.contains(t)), "{}: {} is indexed", d.id, a.aspect);
            }
            assert!(d.keywords.is_empty() && d.sources.is_empty(), "{}: a passage has no aliases or sources", d.id);
        }
    }

    #[test]
    fn a_reference_entry_is_searched_by_its_name_and_aliases_and_cites_each_source_once() {
        let k = knowledge();
        let docs = documents(k);
        let ab = k.antibodies.entries.iter().find(|a| !a.aliases.is_empty()).expect("an antibody with aliases");
        let d = docs.iter().find(|d| d.id == format!("antibody:{}", ab.id)).expect("its document");
        assert_eq!(d.section, format!("Antibody: {}", ab.name));
        assert!(d.keywords.starts_with("autoantibody antibody "), "{}", d.keywords);
        assert!(ab.aliases.iter().all(|alias| d.keywords.contains(alias.as_str())), "{}", d.keywords);
        assert!(d.text.starts_with("Group: "), "{}", d.text);
        assert!(d.aspects.is_empty() && d.aspect_sentences.is_empty());
        // Each claim is one of the entry's sentences, numbered in file order.
        let claims: Vec<&str> = d.sentences.iter().filter_map(|(_, r)| d.text.get(r.clone())).collect();
        assert_eq!(claims, ab.claims.iter().map(|c| c.text.as_str()).collect::<Vec<_>>());
        assert_eq!(d.sentences.first().map(|(n, _)| *n), Some(1));
        let mut cited: Vec<String> = ab.claims.iter().flat_map(|c| c.sources.iter().cloned()).collect();
        cited.sort();
        cited.dedup();
        assert_eq!(d.sources, cited);
        let feature = docs.iter().find(|d| d.id.starts_with("ibm:")).expect("an IBM feature");
        assert_eq!(feature.keywords, "ibm inclusion body myositis");
        assert!(feature.section.starts_with("Inclusion body myositis: "));
    }

    #[test]
    fn sources_are_listed_once_each_in_order() {
        let ids = ["pmid-2", "doi-1", "pmid-2", "doi-1"].map(str::to_owned);
        assert_eq!(sorted_unique(ids.into_iter()), ["doi-1", "pmid-2"]);
    }

    #[test]
    fn an_aspect_is_said_in_the_sentence_that_holds_its_evidence() {
        let k = knowledge();
        let p1 = k.article.passages.iter().find(|p| p.id == "mm2008-p6-01").expect("¶1");
        let said = aspect_sentences(k, p1);
        // "We advocate an initial dose of 1 mg/kg/day" is sentence 2, prednisone's; the dose aspect has its
        // own sentence weight, "start" (sentence 1) the file's.
        let dose_weight = k.aspects.get("dose").and_then(|a| a.sentence_weight);
        assert!(dose_weight.is_some());
        let dose: Vec<&AspectSentence> = said.iter().filter(|a| a.aspect == "dose").collect();
        assert_eq!(
            dose,
            [&AspectSentence {
                aspect: "dose".into(),
                number: 2,
                about: vec!["prednisone".into()],
                weight: dose_weight
            }]
        );
        let start = said.iter().find(|a| a.aspect == "start").expect("start");
        assert_eq!((start.number, start.weight), (1, None));
        // Two pieces of evidence for the taper, in sentences 3 and 4; sorted by aspect, then sentence.
        let taper: Vec<u32> = said.iter().filter(|a| a.aspect == "taper").map(|a| a.number).collect();
        assert_eq!(taper, [3, 4]);
        let order: Vec<(&str, u32)> = said.iter().map(|a| (a.aspect.as_str(), a.number)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted);
    }

    #[test]
    fn evidence_the_passage_does_not_hold_places_nothing_and_a_repeat_is_said_once() {
        let mut k = knowledge().clone();
        let p1 = k.article.passages.iter().find(|p| p.id == "mm2008-p6-01").expect("¶1").clone();
        let before = aspect_sentences(&k, &p1);
        let aspects = k.aspects.passages.iter_mut().find(|p| p.id == "mm2008-p6-01").expect("¶1's aspects");
        aspects.aspects.push(PassageAspect {
            aspect: "dose".into(),
            about: vec!["prednisone".into()],
            evidence: "We advocate an initial dose of 1 mg/kg/day".into(),
        });
        aspects.aspects.push(PassageAspect {
            aspect: "waning".into(),
            about: Vec::new(),
            evidence: "this effect often diminishes".into(),
        });
        assert_eq!(aspect_sentences(&k, &p1), before);
    }
}
