//! Free-text search over the article, and separately over the cited reference entries, with tantivy.
//!
//! Questions never reach tantivy's query syntax: they are analyzed with the same medical analyzer as the
//! index and turned into optional term clauses, so `" : ( ) - * ~` and any Unicode are just text. A
//! question is answered from a corpus only when most of its content words match there; otherwise the
//! answer is that the article does not cover it.

mod analyzer;
mod aspects;
mod correct;
mod coverage;
mod documents;
mod doses;
mod drugs;
mod edits;
mod focus;
mod forms;
mod outside;
mod plan;
mod prepare;
mod replay;
pub mod sentences;
mod snippet;
mod vocabulary;
mod words;

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::Weight;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, doc};

use analyzer::medical_analyzer;
pub use aspects::Unaddressed;
pub use documents::{DocKind, Document};
use plan::{AspectField, QueryPlan, SearchedField};
use prepare::Prepared;
use replay::Replay;
use vocabulary::Vocabulary;
pub use words::clauses;

use crate::knowledge::{Knowledge, Synonyms};

/// Only this many characters of a question are searched; longer input is cut and the answer says so.
pub const MAX_QUESTION_CHARS: usize = 1000;
/// More than this share of a question's content words must match for a corpus to count as covering it.
const MIN_COVERAGE: f64 = 0.5;
/// Weight of a reference entry's name and aliases relative to its text.
const REFERENCE_TITLE_BOOST: f32 = 1.5;
/// Weight of an article passage's section label relative to its words: the label is the project's, not
/// the article's, so it only breaks near-ties ("treatment for IBM": the IBM treatment paragraph).
const SECTION_BOOST: f32 = 0.2;
/// Longest highlighted fragment, in characters.
const SNIPPET_CHARS: usize = 200;
/// Reference entries listed with an answer, at most.
const MAX_REFERENCES: usize = 3;
/// A passage after the best one is shown only when it scores at least this share of the best: close
/// enough to be a second answer, never filler. Chosen on the evaluation set's tuning half.
pub const CLOSE_SHARE: f32 = 0.8;

/// Why the index could not be built or searched (an operator problem, never the user's input).
#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(#[from] tantivy::TantivyError);

/// How questions are matched against the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    /// The medical vocabulary: canonical forms, expansions, typo correction, generic words weighted
    /// down, and the coverage rule for abstaining.
    Medical,
    /// Plain BM25 over the stemmed words, nothing else: the baseline the evaluation compares against.
    PlainBm25,
}

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
    /// An article passage's sentences, best answer first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<sentences::RankedSentence>,
    /// The sentences an answer leads with (numbers, best first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<u32>,
    /// Byte ranges of `text` holding the question's words, to show in bold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<std::ops::Range<usize>>,
    /// The drugs (therapy ids) the question's asked part names that it names (or says something of,
    /// `about`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names_asked: Vec<String>,
    /// Whether the question asks about a form page 6 treats apart (IBM) that this article passage never
    /// names.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub other_form: bool,
}

impl Hit {
    /// The text of sentence `number` with the question's words in **bold** (Markdown).
    pub fn marked_sentence(&self, number: u32, ranges: &[(u32, std::ops::Range<usize>)]) -> Option<String> {
        let (_, range) = ranges.iter().find(|(n, _)| *n == number)?;
        let merged = self.marked_phrases(range);
        let mut out = String::new();
        let mut at = range.start;
        for mark in &merged {
            out.push_str(self.text.get(at..mark.start)?);
            out.push_str("**");
            out.push_str(self.text.get(mark.clone())?);
            out.push_str("**");
            at = mark.end;
        }
        out.push_str(self.text.get(at..range.end)?);
        Some(out)
    }

    /// The byte ranges of the question's words within `range` of `text`, marks only a space or a dash apart
    /// taken as one phrase: "**B cell–depleting therapies**".
    pub fn marked_phrases(&self, range: &std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for mark in self.marks.iter().filter(|m| range.start <= m.start && m.end <= range.end) {
            match merged.last_mut() {
                Some(last)
                    if self.text.get(last.end..mark.start).is_some_and(|gap| {
                        gap.chars().count() <= 2 && gap.chars().all(|c| c.is_whitespace() || "-–—/".contains(c))
                    }) =>
                {
                    last.end = mark.end;
                }
                _ => merged.push(mark.clone()),
            }
        }
        merged
    }
}

/// The result of a search.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    /// Article passages, best first; empty when the article does not cover the question.
    pub hits: Vec<Hit>,
    /// Reference entries that match (antibodies, IBM features), listed after the article.
    pub references: Vec<Hit>,
    /// The question was longer than [`MAX_QUESTION_CHARS`] and was cut.
    pub truncated: bool,
    /// The question's content words that no article passage matched (why it may not be covered).
    pub unmatched: Vec<String>,
    /// Drugs (refractory therapy ids) the question asks a dose for that the article names without one.
    pub undosed: Vec<String>,
    /// Aspects the question asks of a drug that page 6 does not address for it ("side effects of X").
    pub unaddressed: Vec<Unaddressed>,
    /// The aspects the question asks (ids), for the answer and `eval --misses`.
    pub aspects: Vec<String>,
    /// The drugs the question asks about (therapy ids): those of its asked part, or of the whole question
    /// when the asked part names none.
    pub drugs: Vec<String>,
    /// A page-6 drug asked of another disease, which the article does not address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elsewhere: Option<Elsewhere>,
    /// How the question was read: its asked part and its history spans (for `eval --misses`).
    pub reading: QuestionReading,
    /// Phrases of the question read as drugs it does not name itself, each with those drugs (therapy ids):
    /// the answer says so, since "the monthly drip" could be another infusion.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub read_as: Vec<(String, Vec<String>)>,
    /// Outside topics of an answered question: the patient's other illnesses, read as the story around
    /// the ask ("diabetes"), which the answer says page 6 does not address.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub story: Vec<String>,
}

/// A page-6 drug asked of another disease ("methotrexate dose for rheumatoid arthritis", "IVIG for
/// Guillain-Barre"): the article discusses its drugs in myositis only.
#[derive(Debug, Clone, Serialize)]
pub struct Elsewhere {
    /// The drugs named (therapy ids).
    pub therapies: Vec<String>,
    /// The disease, when reading.toml lists it (the longest named); none for one it does not know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disease: Option<String>,
}

/// How a question was read, in its own words.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QuestionReading {
    /// The asked part.
    pub ask: String,
    /// The history spans.
    pub history: Vec<String>,
}

impl Found {
    /// Whether the question asks this aspect, in its asked part or only around it.
    pub fn asks(&self, aspect: &str) -> bool {
        self.aspects
            .iter()
            .any(|a| a == aspect || a.strip_prefix('(').and_then(|a| a.strip_suffix(')')) == Some(aspect))
    }

    /// The passages an answer shows: the best, and those scoring close to it (at most `limit`); and for each
    /// drug the question asks about that none of them names, the best passage that does, after them ("Where
    /// does cyclophosphamide fit? ... still weak, CK 3000" shows what page 6 says of cyclophosphamide too;
    /// "is mycophenolate better than azathioprine" what it says of each).
    pub fn shown(&self, limit: usize) -> Vec<&Hit> {
        let Some(best) = self.hits.first() else { return Vec::new() };
        let close = self.hits.iter().take(limit.max(1)).take_while(|h| h.score >= CLOSE_SHARE * best.score).count();
        // After a passage naming the form asked (IBM), one that never names it is no second answer, for a
        // drug either: "could the drip help his IBM swallowing?" is not answered by the IVIG dose for DM and PM.
        let mut shown: Vec<&Hit> = self
            .hits
            .iter()
            .take(close.max(1))
            .enumerate()
            .filter(|(i, h)| *i == 0 || best.other_form || !h.other_form)
            .map(|(_, h)| h)
            .collect();
        let asked: Vec<&String> = self.hits.iter().flat_map(|h| &h.names_asked).collect();
        for drug in self.drugs.iter().filter(|d| asked.contains(d)) {
            if !shown.iter().any(|h| h.names_asked.contains(drug)) {
                shown.extend(
                    self.hits.iter().find(|h| h.names_asked.contains(drug) && (best.other_form || !h.other_form)),
                );
            }
        }
        shown
    }
}

struct Fields {
    ord: Field,
    title: Field,
    body: Field,
    aspects: Field,
}

/// One searchable collection: the article, or the reference entries.
struct Corpus {
    reader: IndexReader,
    fields: Fields,
    docs: Vec<Document>,
    /// The fields searched, with their weights and terms.
    searched: Vec<SearchedField>,
    /// The documents' texts, analyzed once, for highlighting.
    replay: Replay,
    /// The field of each document's aspects and what an asked aspect adds (the article, medical search only).
    aspects: Option<AspectField>,
    /// The unscored weight of each aspect id the documents have, to find the documents that address it.
    aspect_terms: FxHashMap<String, Arc<dyn Weight>>,
    /// Each indexed document's position in `docs` (its stored `ord`), by segment and document id: read once,
    /// so a hit is found without the document store.
    ords: Vec<Vec<Option<usize>>>,
}

/// The searchable indexes, built in memory at start-up (milliseconds for this corpus).
pub struct SearchIndex {
    article: Corpus,
    reference: Corpus,
    analyzer: TextAnalyzer,
    vocabulary: Vocabulary,
}

impl SearchIndex {
    /// Builds the indexes with the medical vocabulary.
    pub fn build(knowledge: &Knowledge) -> Result<Self, SearchError> {
        Self::build_with(knowledge, Matching::Medical)
    }

    /// Builds the indexes with the given matching (the baseline uses [`Matching::PlainBm25`]).
    pub fn build_with(knowledge: &Knowledge, matching: Matching) -> Result<Self, SearchError> {
        let synonyms = match matching {
            Matching::Medical => knowledge.synonyms.clone(),
            Matching::PlainBm25 => Synonyms::default(),
        };
        let mut analyzer = medical_analyzer(&synonyms);
        let (article, reference): (Vec<Document>, Vec<Document>) =
            documents::documents(knowledge).into_iter().partition(|d| d.kind == DocKind::Article);
        // The baseline searches the article's words only; the medical search also weighs the section labels.
        let section_boost = match matching {
            Matching::Medical => Some(SECTION_BOOST),
            Matching::PlainBm25 => None,
        };
        let aspect_weights = match matching {
            Matching::Medical => Some(AspectWeights {
                passage: knowledge.aspects.aspect_weight,
                finding: knowledge.aspects.finding_weight.unwrap_or(knowledge.aspects.aspect_weight),
                context: knowledge.aspects.context_weight,
                sentence: knowledge.aspects.sentence_weight,
                setting: knowledge.aspects.setting_share,
            }),
            Matching::PlainBm25 => None,
        };
        let article = Corpus::build(article, &analyzer, section_boost, aspect_weights)?;
        let reference = Corpus::build(reference, &analyzer, Some(REFERENCE_TITLE_BOOST), None)?;
        let texts = article
            .docs
            .iter()
            .chain(&reference.docs)
            .flat_map(|d| [d.text.as_str(), d.section.as_str(), d.keywords.as_str()]);
        let vocabulary = match matching {
            Matching::Medical => Vocabulary::medical(&mut analyzer, knowledge, texts, MIN_COVERAGE),
            Matching::PlainBm25 => Vocabulary::plain(&mut analyzer, synonyms, texts),
        };
        Ok(Self { article, reference, analyzer, vocabulary })
    }

    /// Whether `word` (lowercase) is one the search knows: an English word, a word of the article or of its
    /// vocabulary.
    pub fn knows(&self, word: &str) -> bool {
        self.vocabulary.speller.knows(word)
    }

    /// Finds up to `limit` article passages for a free-text question (none when the article does not
    /// cover it), and the reference entries that match.
    pub fn search(&self, question: &str, limit: usize) -> Result<Found, SearchError> {
        self.find(question, limit, Coverage::Required)
    }

    /// The passages that match a single topic word best ("myositis", "IBM"), without the coverage rule:
    /// one word is a topic to browse, not a question that page 6 may not answer.
    pub fn search_topic(&self, word: &str, limit: usize) -> Result<Found, SearchError> {
        self.find(word, limit, Coverage::Waived)
    }

    fn find(&self, question: &str, limit: usize, coverage: Coverage) -> Result<Found, SearchError> {
        let (question, truncated) = clip(question);
        let prepared = self.vocabulary.prepare(&mut self.analyzer.clone(), &question);
        let corrected = prepared.question.clone();
        let reading = QuestionReading {
            ask: prepared.focus.ask(&corrected).to_owned(),
            history: prepared
                .focus
                .history
                .iter()
                .filter_map(|r| corrected.get(r.clone()))
                .map(str::to_owned)
                .collect(),
        };
        let (hits, unmatched) = self.article.search(&self.vocabulary, &prepared, limit, coverage)?;
        let (references, _) = self.reference.search(&self.vocabulary, &prepared, MAX_REFERENCES, coverage)?;
        // Not answered, with no dose or aspect gap to say instead, and about another disease: one reading.toml
        // lists, or words the bot does not know at all ("guillain", "barre").
        let drugs = prepared.drugs.iter().map(|d| d.id.clone()).collect();
        let elsewhere = prepared
            .elsewhere
            .as_ref()
            .filter(|_| hits.is_empty() && prepared.undosed.is_empty() && prepared.unaddressed.is_empty())
            .filter(|diseases| !diseases.is_empty() || unmatched.iter().any(|w| !self.knows(w)))
            .map(|diseases| Elsewhere {
                therapies: prepared.drugs.iter().map(|d| d.id.clone()).collect(),
                disease: diseases.iter().max_by_key(|d| d.len()).cloned(),
            });
        let unmatched = self.vocabulary.as_typed(&unmatched, &corrected);
        // Answered with an outside topic named: the coverage rule read it as the patient's story.
        let story =
            if hits.is_empty() { Vec::new() } else { prepared.outside.iter().map(|(t, _)| t.clone()).collect() };
        Ok(Found {
            hits,
            references,
            truncated,
            unmatched,
            undosed: prepared.undosed,
            unaddressed: prepared.unaddressed,
            aspects: prepared
                .aspects
                .iter()
                .map(|(id, in_ask)| if *in_ask { id.clone() } else { format!("({id})") })
                .collect(),
            drugs,
            elsewhere,
            reading,
            read_as: prepared.read_as,
            story,
        })
    }
}

impl Corpus {
    /// Indexes `docs`; the title (section label, or entry name and aliases) is searched when it has a weight.
    fn build(
        docs: Vec<Document>,
        analyzer: &TextAnalyzer,
        title_boost: Option<f32>,
        aspect_weights: Option<AspectWeights>,
    ) -> Result<Self, SearchError> {
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
            aspects: schema.add_text_field("aspects", STRING),
        };
        let index = Index::create_in_ram(schema.build());
        index.tokenizers().register(analyzer::ANALYZER, analyzer.clone());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        for (ord, d) in docs.iter().enumerate() {
            let title = match d.kind {
                DocKind::Article => d.section.clone(),
                DocKind::Reference => format!("{} {}", d.section, d.keywords),
            };
            let mut document = doc!(fields.ord => ord as u64, fields.title => title, fields.body => d.text.clone());
            for aspect in &d.aspects {
                document.add_text(fields.aspects, aspect);
            }
            writer.add_document(document)?;
        }
        writer.commit()?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        reader.reload()?;
        let searcher = reader.searcher();
        let searched = title_boost
            .map(|boost| (fields.title, boost))
            .into_iter()
            .chain([(fields.body, 1.0)])
            .map(|(field, boost)| SearchedField::read(&searcher, field, boost))
            .collect::<Result<_, _>>()?;
        let replay = Replay::new(analyzer, docs.iter().map(|d| d.text.as_str()));
        let aspects = aspect_weights.map(|w| AspectField {
            field: fields.aspects,
            weight: w.passage,
            finding_weight: w.finding,
            context_weight: w.context,
            sentence_weight: w.sentence,
            setting_share: w.setting,
        });
        let aspect_terms = plan::unscored_terms(&searcher, fields.aspects)?;
        let ords = stored_ords(&searcher, fields.ord)?;
        Ok(Self { reader, fields, docs, searched, replay, aspects, aspect_terms, ords })
    }

    /// The best `limit` documents (none when the question is not covered), and the content words that
    /// matched nothing.
    fn search(
        &self,
        vocabulary: &Vocabulary,
        question: &Prepared,
        limit: usize,
        coverage: Coverage,
    ) -> Result<(Vec<Hit>, Vec<String>), SearchError> {
        let searcher = self.reader.searcher();
        let plan = QueryPlan::build(&self.searched, self.aspects, vocabulary, question);
        if (coverage == Coverage::Required && !plan.covered) || limit == 0 {
            return Ok((Vec::new(), plan.unmatched_words));
        }
        let query = plan.query(&self.aspect_terms);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let weights = plan.term_weights(self.fields.body, self.docs.len());
        // Weighted as tantivy's own `SnippetGenerator::create` does: rarer terms make a better fragment.
        let highlighted: FxHashMap<String, f32> = plan
            .terms()
            .filter(|(t, _)| t.field() == self.fields.body)
            .filter_map(|(term, doc_freq)| Some((term.value().as_str()?.to_owned(), 1.0 / (1.0 + doc_freq as f32))))
            .collect();
        let mut hits = Vec::new();
        for (score, address) in top {
            let ord = self.ords.get(address.segment_ord as usize).and_then(|s| s.get(address.doc_id as usize));
            let Some((ord, d)) = ord.copied().flatten().and_then(|o| Some((o, self.docs.get(o)?))) else {
                continue;
            };
            // A setting that presumes another patient ("improving symptoms" when the question says treatment
            // failed) keeps only a share of its score.
            let asked = |ids: &[String]| question.aspects.iter().any(|(id, _)| ids.contains(id));
            let other_patient = d.presumes.as_ref().is_some_and(|p| asked(&p.not_when) && !asked(&p.except_when));
            let score = match self.aspects {
                Some(a) if other_patient => score * a.setting_share,
                _ => score,
            };
            // A question about a form page 6 treats apart (IBM) is not answered by a passage that never names it.
            let form_share = match d.kind {
                DocKind::Article => vocabulary.forms.share(&question.forms, &d.forms),
                DocKind::Reference => 1.0,
            };
            let score = score * form_share;
            let tokens = self.replay.tokens(ord);
            let mut ranked = sentences::rank(&d.sentences, tokens, &weights);
            if let Some(a) = self.aspects {
                let passage = sentences::PassageTerms { sentences: &d.sentences, tokens, weights: &weights };
                ranked = sentences::with_aspects(
                    ranked,
                    &d.aspect_sentences,
                    &question.aspects,
                    &question.drugs,
                    passage,
                    a.sentence_weight,
                    a.context_weight,
                );
            }
            let ranked = vocabulary.forms.lead_naming(ranked, &d.form_sentences, &question.forms);
            let named: Vec<&drugs::NamedDrug> = question
                .drugs
                .iter()
                .filter(|drug| question.asked_drugs.contains(&drug.id))
                .filter(|drug| {
                    d.aspect_sentences.iter().any(|a| a.about.contains(&drug.id))
                        || drug.terms.iter().all(|term| tokens.iter().any(|t| &t.text == term))
                })
                .collect();
            // Best first: the answer leads with the sentence that answers, a close second after it, and the
            // sentence naming an asked drug the others do not name.
            let passage = sentences::PassageTerms { sentences: &d.sentences, tokens, weights: &weights };
            let lead = sentences::with_asked_drugs(sentences::lead(&ranked), &ranked, &named, &passage, &d.continues);
            let names_asked = named.iter().map(|drug| drug.id.clone()).collect();
            hits.push((
                score,
                Hit {
                    id: d.id.clone(),
                    kind: d.kind,
                    section: d.section.clone(),
                    text: d.text.clone(),
                    location: d.location.clone(),
                    score,
                    snippet: highlight(tokens, &highlighted, &d.text),
                    references: d.references.clone(),
                    sources: d.sources.clone(),
                    sentences: ranked,
                    lead,
                    marks: sentences::marks(tokens, &weights),
                    names_asked,
                    other_form: form_share < 1.0,
                },
            ));
        }
        // Equal scores keep the article's reading order, so the result never depends on index internals.
        let order = |id: &str| self.docs.iter().position(|d| d.id == id);
        hits.sort_by(|(a, x), (b, y)| b.total_cmp(a).then(order(&x.id).cmp(&order(&y.id))));
        Ok((hits.into_iter().map(|(_, hit)| hit).collect(), plan.unmatched_words))
    }
}

/// What an asked aspect adds (aspects.toml): to a passage that addresses it, the share for an aspect named
/// only before the ask, and to the sentence that says it.
#[derive(Debug, Clone, Copy)]
struct AspectWeights {
    passage: f32,
    finding: f32,
    context: f32,
    sentence: f32,
    setting: f32,
}

/// The stored `ord` of every document, by segment and document id (none for a document without one).
fn stored_ords(searcher: &Searcher, ord: Field) -> Result<Vec<Vec<Option<usize>>>, SearchError> {
    let mut ords = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let segment_ords = (0..segment.max_doc())
            .map(|doc_id| {
                let stored: TantivyDocument = searcher.doc(DocAddress::new(segment_ord as u32, doc_id))?;
                Ok(stored.get_first(ord).and_then(|v| v.as_u64()).map(|o| o as usize))
            })
            .collect::<Result<_, SearchError>>()?;
        ords.push(segment_ords);
    }
    Ok(ords)
}

/// Whether the coverage rule decides if a corpus answers at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coverage {
    /// A question: answered only when covered.
    Required,
    /// A topic word: the best matches, covered or not.
    Waived,
}

/// Cuts a question to at most [`MAX_QUESTION_CHARS`] characters, on a word boundary, and drops control
/// characters; says whether it cut.
fn clip(question: &str) -> (String, bool) {
    let mut chars = question.chars().filter(|c| !c.is_control() || c.is_whitespace());
    let clipped: String = chars.by_ref().take(MAX_QUESTION_CHARS).collect();
    if chars.next().is_none() {
        return (clipped, false);
    }
    // Never a half word ("m" of "myositis"): back to the last space, unless the text has none.
    let cut = clipped.rfind(char::is_whitespace).map_or(clipped.as_str(), |at| &clipped[..at]);
    (cut.trim_end().to_owned(), true)
}

/// The best fragment of `text` (analyzed as `tokens`), with matched words in **bold** (Markdown, not
/// HTML-escaped); the text's start when no word matched.
fn highlight(tokens: &[tantivy::tokenizer::Token], terms: &FxHashMap<String, f32>, text: &str) -> String {
    let Some(fragment) = snippet::best(tokens, terms, SNIPPET_CHARS).filter(|f| !f.range.is_empty()) else {
        return text.chars().take(SNIPPET_CHARS).collect();
    };
    let Some(fragment_text) = text.get(fragment.range.clone()) else {
        return text.chars().take(SNIPPET_CHARS).collect();
    };
    let mut out = String::new();
    let mut at = 0;
    for range in &fragment.highlighted {
        if range.start < at || range.end > fragment_text.len() {
            continue;
        }
        out.push_str(&fragment_text[at..range.start]);
        out.push_str("**");
        out.push_str(&fragment_text[range.start..range.end]);
        out.push_str("**");
        at = range.end;
    }
    out.push_str(&fragment_text[at..]);
    out
}

/// The shipped knowledge and the search index built from it, once per test run, for the unit tests of the
/// rules that need real data (the vocabulary, the aspects, page 6's passages).
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::OnceLock;

    use super::SearchIndex;
    use super::prepare::Prepared;
    use crate::knowledge::Knowledge;

    /// The shipped knowledge, loaded once.
    pub fn knowledge() -> &'static Knowledge {
        static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
        KNOWLEDGE.get_or_init(crate::knowledge::shipped)
    }

    /// The medical search index over the shipped knowledge, built once.
    pub fn index() -> &'static SearchIndex {
        static INDEX: OnceLock<SearchIndex> = OnceLock::new();
        INDEX.get_or_init(|| SearchIndex::build(knowledge()).expect("the shipped knowledge indexes"))
    }

    /// A question read by the shipped vocabulary, as every corpus then searches it.
    pub fn prepare(question: &str) -> Prepared {
        let index = index();
        index.vocabulary.prepare(&mut index.analyzer.clone(), question)
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use rustc_hash::FxHashMap;

    use super::testing::{index, knowledge};
    use super::{DocKind, Found, Hit, MAX_QUESTION_CHARS, QuestionReading, SNIPPET_CHARS, clip, highlight};
    use crate::knowledge::Synonyms;
    use crate::search::analyzer::medical_analyzer;
    use crate::search::replay::Replay;

    fn hit(text: &str, score: f32, marks: Vec<Range<usize>>) -> Hit {
        Hit {
            id: "p".into(),
            kind: DocKind::Article,
            section: String::new(),
            text: text.into(),
            location: String::new(),
            score,
            snippet: String::new(),
            references: Vec::new(),
            sources: Vec::new(),
            sentences: Vec::new(),
            lead: Vec::new(),
            marks,
            names_asked: Vec::new(),
            other_form: false,
        }
    }

    fn found(scores: &[f32], aspects: &[&str]) -> Found {
        Found {
            hits: scores.iter().map(|s| hit("", *s, Vec::new())).collect(),
            references: Vec::new(),
            truncated: false,
            unmatched: Vec::new(),
            undosed: Vec::new(),
            unaddressed: Vec::new(),
            aspects: aspects.iter().map(|a| (*a).to_owned()).collect(),
            drugs: Vec::new(),
            elsewhere: None,
            reading: QuestionReading::default(),
            read_as: Vec::new(),
            story: Vec::new(),
        }
    }

    /// The sentences of a shipped passage, as the answer passes them.
    fn sentences(id: &str) -> Vec<(u32, Range<usize>)> {
        let passage = knowledge().article.passages.iter().find(|p| p.id == id).expect("the passage");
        passage.sentences.iter().map(|s| (s.number, s.range.clone())).collect()
    }

    fn best(question: &str) -> Option<(String, Vec<u32>)> {
        let found = index().search(question, 3).expect("search");
        found.hits.first().map(|h| (h.id.clone(), h.lead.clone()))
    }

    #[test]
    fn marks_a_space_or_a_dash_apart_show_as_one_and_only_the_sentence_is_marked() {
        let text = "Use B cell–depleting therapies in IIM, IVIG. Or not.";
        let at = |word: &str| text.find(word).map_or(0..0, |s| s..s + word.len());
        let marks = ["B", "cell", "depleting", "therapies", "IIM", "IVIG", "not"].map(at).to_vec();
        let end = text.find(" Or").unwrap_or(0);
        let ranges = [(1, 0..end), (2, end + 1..text.len())];
        let h = hit(text, 1.0, marks);
        assert_eq!(
            h.marked_sentence(1, &ranges).as_deref(),
            Some("Use **B cell–depleting therapies** in **IIM**, **IVIG**.")
        );
        assert_eq!(h.marked_sentence(2, &ranges).as_deref(), Some("Or **not**."));
        assert_eq!(h.marked_sentence(3, &ranges), None);
        assert_eq!(hit(text, 1.0, Vec::new()).marked_sentence(2, &ranges).as_deref(), Some("Or not."));
    }

    #[test]
    fn the_snippet_bolds_the_matched_words_of_the_best_fragment_and_is_the_start_without_any() {
        let mut synonyms = Synonyms::default();
        synonyms.canonical.insert("mtx".into(), "methotrexate".into());
        let text = format!("{} MTX weekly & dose", "filler ".repeat(40));
        let replay = Replay::new(&medical_analyzer(&synonyms), [text.as_str()]);
        let terms: FxHashMap<String, f32> = [("methotrex".to_owned(), 1.0)].into_iter().collect();
        let snippet = highlight(replay.tokens(0), &terms, &text);
        assert!(snippet.ends_with("**MTX** weekly & dose"), "not HTML-escaped: {snippet}");
        assert!(snippet.chars().count() <= SNIPPET_CHARS + 4);
        let plain = highlight(replay.tokens(0), &FxHashMap::default(), &text);
        assert_eq!(plain, text.chars().take(SNIPPET_CHARS).collect::<String>());
    }

    #[test]
    fn a_long_question_is_cut_on_a_word_boundary_and_control_characters_are_dropped() {
        assert_eq!(clip("ivig dose?"), ("ivig dose?".to_owned(), false));
        assert_eq!(clip("ivig\u{0}\u{7} dose\n"), ("ivig dose\n".to_owned(), false));
        let (cut, truncated) = clip(&"myositis ".repeat(200));
        assert!(truncated && cut.chars().count() <= MAX_QUESTION_CHARS && cut.ends_with("myositis"), "{cut:?}");
        let (cut, truncated) = clip(&"x".repeat(MAX_QUESTION_CHARS + 5));
        assert!(truncated && cut.chars().count() == MAX_QUESTION_CHARS, "with no space, a hard cut");
        assert!(!clip(&"y".repeat(MAX_QUESTION_CHARS)).1, "exactly the limit is not cut");
    }

    #[test]
    fn another_passage_is_shown_only_when_it_scores_close_to_the_best() {
        let found = found(&[10.0, 8.0, 7.9], &[]);
        assert_eq!(found.shown(3).len(), 2, "8.0 is 0.8 of the best, 7.9 is not");
        assert_eq!(found.shown(1).len(), 1);
        assert_eq!(found.shown(0).len(), 1, "the best is always shown");
        assert!(super::tests::found(&[], &[]).shown(3).is_empty());
    }

    #[test]
    fn a_passage_that_never_names_the_form_asked_is_no_second_answer_to_one_that_does() {
        let mut found = found(&[10.0, 9.0, 8.5], &[]);
        found.hits[1].other_form = true;
        let scores = |hits: Vec<&Hit>| hits.iter().map(|h| h.score).collect::<Vec<_>>();
        assert_eq!(scores(found.shown(3)), [10.0, 8.5], "the DM/PM passage is left out after the IBM one");
        found.hits[0].other_form = true;
        assert_eq!(scores(found.shown(3)), [10.0, 9.0, 8.5], "no passage names the form: all close ones");
    }

    #[test]
    fn the_best_passage_naming_the_asked_drug_is_shown_when_no_closer_one_does() {
        let mut found = found(&[10.0, 8.0, 4.0, 3.0, 2.0], &[]);
        found.drugs = vec!["ivig".to_owned(), "azathioprine".to_owned()];
        let names = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        found.hits[2].names_asked = names(&["ivig"]);
        found.hits[3].names_asked = names(&["ivig"]);
        let scores = |shown: Vec<&Hit>| shown.iter().map(|h| h.score).collect::<Vec<_>>();
        assert_eq!(scores(found.shown(3)), [10.0, 8.0, 4.0], "the close ones, then the best that names it");
        found.hits[1].names_asked = names(&["ivig"]);
        assert_eq!(scores(found.shown(3)), [10.0, 8.0], "a close one names it: nothing added");
        // Two drugs asked: the best passage naming each.
        found.hits[4].names_asked = names(&["azathioprine"]);
        assert_eq!(scores(found.shown(3)), [10.0, 8.0, 2.0]);
    }

    #[test]
    fn an_aspect_is_asked_in_the_ask_or_in_parentheses_around_it() {
        let found = found(&[], &["dose", "(lung)"]);
        assert!(found.asks("dose") && found.asks("lung"));
        assert!(!found.asks("taper"));
    }

    #[test]
    fn a_question_is_answered_when_most_of_its_content_matches_and_nothing_asked_is_missing() {
        assert_eq!(best("cellcept in myositis").map(|(id, _)| id).as_deref(), Some("mm2008-p6-03"));
        assert_eq!(best("metotrexate weekly").map(|(id, _)| id).as_deref(), Some("mm2008-p6-01"));
        for (question, why) in [
            ("hydroxychloroquine for dm rash", "a drug page 6 does not mention"),
            ("is mtx ok in pregnancy", "an outside topic"),
            ("rituximab dose?", "a dose page 6 does not give"),
            ("side effects of azathioprine", "an aspect page 6 does not address for the drug"),
            ("zorblat quexil", "nothing matched"),
            ("myositis", "generic words only"),
        ] {
            assert_eq!(best(question), None, "{question}: {why}");
        }
        // A single topic word lists the passages that match it best.
        assert!(!index().search_topic("myositis", 3).expect("search").hits.is_empty());
    }

    #[test]
    fn a_page_6_drug_asked_of_another_disease_names_the_disease_or_none_for_one_the_bot_does_not_know() {
        let ra = index().search("methotrexate dose for rheumatoid arthritis", 3).expect("search");
        let elsewhere = ra.elsewhere.expect("another disease");
        assert_eq!(
            (elsewhere.therapies, elsewhere.disease.as_deref()),
            (vec!["methotrexate".to_owned()], Some("rheumatoid arthritis"))
        );
        let gbs = index().search("ivig for guillain barre", 3).expect("search");
        assert_eq!(gbs.elsewhere.map(|e| e.disease), Some(None));
        // A dose gap is said instead.
        assert!(index().search("rituximab dose for lupus nephritis", 3).expect("search").elsewhere.is_none());
    }

    #[test]
    fn the_answering_sentence_leads() {
        // An aspect asked in particular leads with the sentence that says it.
        assert_eq!(
            best("IVIG dose for refractory PM").map(|(id, lead)| (id, lead[0])),
            Some(("mm2008-p6-02".into(), 3))
        );
        assert_eq!(best("IBM, anything for the swallowing?"), Some(("mm2008-p6-04".into(), vec![3])));
        assert_eq!(
            best("how much prednisone to start").map(|(id, lead)| (id, lead[0])),
            Some(("mm2008-p6-01".into(), 2))
        );
    }

    #[test]
    fn the_words_matched_are_marked_where_the_passage_has_them() {
        let found = index().search("cellcept in myositis", 3).expect("search");
        let hit = found.hits.first().expect("an answer");
        let sentence = hit.marked_sentence(2, &sentences(&hit.id)).expect("sentence 2");
        assert!(sentence.contains("**mycophenylate"), "{sentence}");
        assert!(hit.snippet.contains("**mycophenylate**"), "{}", hit.snippet);
        assert!(hit.marks.iter().all(|m| hit.text.get(m.clone()).is_some_and(|w| !w.trim().is_empty())));
    }

    #[test]
    fn a_misspelt_outside_topic_still_abstains() {
        assert_eq!(best("is mtx ok in pregnacy"), None);
        assert_eq!(best("plaquenill for dm"), None);
    }
}
