//! Free-text search over the article (and cited reference entries) with tantivy.
//!
//! Questions never reach tantivy's query syntax: they are analyzed with the same medical analyzer as the
//! index and turned into optional term clauses, so `" : ( ) - * ~` and any Unicode are just text.

mod analyzer;
mod documents;
mod query;

use std::collections::BTreeSet;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::schema::{Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, doc};

pub use analyzer::{AnalyzedWord, analyze, medical_analyzer};
pub use documents::{DocKind, Document};
use query::QueryPlan;

use crate::knowledge::Knowledge;

/// Only this many characters of a question are searched; longer input is cut and the answer says so.
pub const MAX_QUESTION_CHARS: usize = 1000;

/// Why the index could not be built or searched (an operator problem, never the user's input).
#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(#[from] tantivy::TantivyError);

/// One matching document.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Passage id (or reference entry id).
    pub id: String,
    /// Article passage or reference entry.
    pub kind: DocKind,
    /// Section or entry name.
    pub section: String,
    /// Full text; verbatim for article passages.
    pub text: String,
    /// Where it is.
    pub location: String,
    /// BM25 score.
    pub score: f32,
    /// The best fragment with matched words in **bold**.
    pub snippet: String,
    /// The article's reference numbers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<u32>,
    /// Outside source ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// The result of a search.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    /// The hits, article passages first, best first; empty when nothing relevant matched.
    pub hits: Vec<Hit>,
    /// The question was longer than [`MAX_QUESTION_CHARS`] and was cut.
    pub truncated: bool,
    /// The indexed terms of the question that matched something.
    pub matched_terms: Vec<String>,
}

struct Fields {
    ord: Field,
    title: Field,
    body: Field,
}

/// The searchable index, built in memory at start-up (a few milliseconds for this corpus).
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    docs: Vec<Document>,
    analyzer: TextAnalyzer,
    generic: BTreeSet<String>,
    knowledge_synonyms: crate::knowledge::Synonyms,
}

impl SearchIndex {
    /// Builds the index over every passage and reference entry.
    pub fn build(knowledge: &Knowledge) -> Result<Self, SearchError> {
        let mut schema = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            ord: schema.add_u64_field("ord", INDEXED | STORED),
            title: schema.add_text_field("title", text.clone()),
            body: schema.add_text_field("body", text),
        };
        let index = Index::create_in_ram(schema.build());
        let mut analyzer = medical_analyzer(&knowledge.synonyms);
        index.tokenizers().register(analyzer::ANALYZER, analyzer.clone());
        let docs = documents::documents(knowledge);
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        for (ord, d) in docs.iter().enumerate() {
            // Article sections are editorial labels, not the article's words: only reference entries
            // have a searchable title (their name and aliases).
            let title = match d.kind {
                DocKind::Article => String::new(),
                DocKind::Reference => format!("{} {}", d.section, d.keywords),
            };
            writer
                .add_document(doc!(fields.ord => ord as u64, fields.title => title, fields.body => d.text.clone()))?;
        }
        writer.commit()?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        reader.reload()?;
        let generic = analyzer::analyzed_set(&mut analyzer, &knowledge.synonyms.generic);
        Ok(Self { reader, fields, docs, analyzer, generic, knowledge_synonyms: knowledge.synonyms.clone() })
    }

    /// Every indexed document, in index order.
    pub fn documents(&self) -> &[Document] {
        &self.docs
    }

    /// Finds up to `limit` documents for a free-text question; none when no content word matches.
    pub fn search(&self, question: &str, limit: usize) -> Result<Found, SearchError> {
        let (question, truncated) = clip(question);
        let searcher = self.reader.searcher();
        let plan = QueryPlan::build(
            &searcher,
            &[(self.fields.title, 1.5), (self.fields.body, 1.0)],
            &mut self.analyzer.clone(),
            &self.knowledge_synonyms,
            &self.generic,
            &question,
        )?;
        if !plan.content_matched || limit == 0 {
            return Ok(Found { hits: Vec::new(), truncated, matched_terms: plan.matched_terms });
        }
        let query = plan.query();
        let top = searcher.search(&query, &TopDocs::with_limit(self.docs.len().max(1)).order_by_score())?;
        let mut snippets = SnippetGenerator::create(&searcher, &query, self.fields.body)?;
        snippets.set_max_num_chars(200);
        let mut scored = Vec::new();
        for (score, address) in top {
            let stored: TantivyDocument = searcher.doc(address)?;
            let Some(ord) = stored.get_first(self.fields.ord).and_then(|v| v.as_u64()) else { continue };
            let Some(d) = self.docs.get(ord as usize) else { continue };
            scored.push((d.kind, -score, ord, score, d));
        }
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        let hits = scored
            .into_iter()
            .take(limit)
            .map(|(_, _, _, score, d)| Hit {
                id: d.id.clone(),
                kind: d.kind,
                section: d.section.clone(),
                text: d.text.clone(),
                location: d.location.clone(),
                score,
                snippet: highlight(&snippets, &d.text),
                references: d.references.clone(),
                sources: d.sources.clone(),
            })
            .collect();
        Ok(Found { hits, truncated, matched_terms: plan.matched_terms })
    }
}

/// Cuts a question to [`MAX_QUESTION_CHARS`] characters and drops control characters.
fn clip(question: &str) -> (String, bool) {
    let mut chars = question.chars().filter(|c| !c.is_control() || c.is_whitespace());
    let clipped: String = chars.by_ref().take(MAX_QUESTION_CHARS).collect();
    (clipped, chars.next().is_some())
}

/// The best fragment of `text`, with matched words in **bold** (Markdown, not HTML-escaped).
fn highlight(generator: &SnippetGenerator, text: &str) -> String {
    let snippet = generator.snippet(text);
    let fragment = snippet.fragment();
    if fragment.is_empty() {
        return text.chars().take(200).collect();
    }
    let mut out = String::new();
    let mut at = 0;
    for range in snippet.highlighted() {
        if range.start < at || range.end > fragment.len() {
            continue;
        }
        out.push_str(&fragment[at..range.start]);
        out.push_str("**");
        out.push_str(&fragment[range.start..range.end]);
        out.push_str("**");
        at = range.end;
    }
    out.push_str(&fragment[at..]);
    out
}
