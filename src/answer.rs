//! The transport-neutral answer every command returns; Discord, the console, the CLI and JSON render it.

use serde::Serialize;

use crate::knowledge::{Article, Passage, Source, Statement};

/// The short footer every clinical answer carries.
pub const CLINICAL_FOOTER: &str = "Educational summary of a 2008 article (Myositis Mysteries, The Rheumatologist, Jan 2008) \
and cited sources. Not medical advice; check current guidance.";

/// Who should see an answer on a shared channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Everyone in the channel.
    Public,
    /// Only the person who asked (ephemeral on Discord), e.g. patient-specific doses.
    Private,
}

/// A line of text with the passage ids and source ids it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The text.
    pub text: String,
    /// Article passage ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<String>,
    /// Outside source ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl Line {
    /// A line that needs no citation (navigation, headings, "the article does not say").
    pub fn plain(text: impl Into<String>) -> Self {
        Self { text: text.into(), passages: Vec::new(), sources: Vec::new() }
    }

    /// A line resting on article passages.
    pub fn cited(text: impl Into<String>, passages: &[String]) -> Self {
        Self { text: text.into(), passages: passages.to_vec(), sources: Vec::new() }
    }

    /// A line resting on outside sources.
    pub fn sourced(text: impl Into<String>, sources: &[String]) -> Self {
        Self { text: text.into(), passages: Vec::new(), sources: sources.to_vec() }
    }
}

impl From<&Statement> for Line {
    fn from(s: &Statement) -> Self {
        Self { text: s.text.clone(), passages: s.passages.clone(), sources: s.sources.clone() }
    }
}

/// A titled group of lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// Heading, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The lines.
    pub lines: Vec<Line>,
}

/// What a quote is for, which decides where a door shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The sentence that answers the question: shown first, located to the sentence.
    Answer,
    /// A whole paragraph: shown after the answer, or collapsed behind a button where the door can.
    Paragraph,
    /// An exact phrase a structured answer rests on.
    Evidence,
}

/// A verbatim quote of the article with its location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// What the quote is for.
    pub kind: QuoteKind,
    /// Passage id.
    pub passage: String,
    /// The words, verbatim (a whole passage, one of its sentences, or an exact phrase of it).
    pub text: String,
    /// The same words with the question's matched words in **bold** (Markdown), when there are any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marked: Option<String>,
    /// e.g. "Myositis Mysteries, The Rheumatologist, Jan 2008, p. 6, ¶3" (", sentence 2" for an answer).
    pub location: String,
    /// The article's reference numbers in the quoted words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<u32>,
}

impl Quote {
    /// Quotes a whole passage.
    pub fn passage(article: &Article, passage: &Passage) -> Self {
        Self { kind: QuoteKind::Paragraph, ..Self::phrase(article, passage, &passage.text) }
    }

    /// Quotes the sentences `numbers` of a passage as the answer (one, or one with those it continues),
    /// with `marked` (their words with the question's in bold), located to the sentence; `None` when the
    /// passage has no such sentences.
    pub fn sentences(
        article: &Article,
        passage: &Passage,
        numbers: std::ops::RangeInclusive<u32>,
        marked: Option<String>,
    ) -> Option<Self> {
        let text = passage.sentences_text(&numbers)?;
        let references =
            passage.sentences.iter().filter(|s| numbers.contains(&s.number)).flat_map(|s| s.references.clone());
        Some(Self {
            kind: QuoteKind::Answer,
            passage: passage.id.clone(),
            text: text.to_owned(),
            marked: marked.filter(|m| m != text),
            location: article.sentences_location(passage, &numbers),
            references: references.collect(),
        })
    }

    /// The words to show: marked where the door can show bold.
    pub fn shown(&self) -> &str {
        self.marked.as_deref().unwrap_or(&self.text)
    }

    /// Quotes an exact phrase of a passage (the caller guarantees it occurs in the passage), with the
    /// reference markers that fall inside the phrase.
    pub fn phrase(article: &Article, passage: &Passage, phrase: &str) -> Self {
        let references = passage
            .references
            .iter()
            .filter(|marker| phrase.contains(marker.after.as_str()) || phrase == passage.text)
            .flat_map(|marker| marker.numbers.iter().copied())
            .collect();
        Self {
            kind: QuoteKind::Evidence,
            passage: passage.id.clone(),
            text: phrase.to_owned(),
            marked: None,
            location: article.location(passage),
            references,
        }
    }
}

/// An outside source shown under an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// Source id.
    pub id: String,
    /// The reference: citation, container, title and identifiers.
    pub title: String,
    /// Link to the primary record.
    pub url: String,
}

impl From<&Source> for Citation {
    fn from(s: &Source) -> Self {
        Self { id: s.id.clone(), title: s.reference(), url: s.link() }
    }
}

/// A button under an answer (quiz options, "Show in full"); `custom_id` comes back when it is
/// pressed (see [`crate::buttons`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Button {
    /// Identifies the press (at most 100 characters).
    pub custom_id: String,
    /// What the button shows.
    pub label: String,
    /// Whether it can still be pressed, and how a closed one is marked.
    pub state: ButtonState,
    /// Shown apart from the buttons around it (a row of its own on Discord): an action on the message
    /// ("Reveal now", "Report …"), not one of a question's options.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub apart: bool,
}

impl Button {
    /// A button that can be pressed.
    pub fn open(custom_id: impl Into<String>, label: impl Into<String>) -> Self {
        Self { custom_id: custom_id.into(), label: label.into(), state: ButtonState::Open, apart: false }
    }

    /// A button that can be pressed, shown apart from the others.
    pub fn apart(custom_id: impl Into<String>, label: impl Into<String>) -> Self {
        Self { apart: true, ..Self::open(custom_id, label) }
    }
}

/// A button's state: open, or closed after a quiz question's reveal (the right option marked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ButtonState {
    /// Can be pressed.
    Open,
    /// Can no longer be pressed.
    Closed,
    /// Can no longer be pressed, and was the right answer.
    Correct,
}

/// A file sent with an answer (the stats chart): each door shows or saves it its own way; the text of the
/// answer says the same for those who cannot see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    /// File name, e.g. "quiz-stats.png".
    pub name: String,
    /// The file's bytes (left out of JSON).
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// What it shows, in words (the image's alt text).
    pub description: String,
}

/// A form to open instead of answering (a Discord modal): one line of text per field, sent back with
/// `custom_id` when submitted (see [`crate::buttons`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    /// Identifies the submission (at most 100 characters).
    pub custom_id: String,
    /// The form's title (at most 45 characters).
    pub title: String,
    /// Its fields, in order (at most 5).
    pub fields: Vec<FormField>,
}

/// One text field of a [`Form`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormField {
    /// Identifies the field in the submission.
    pub custom_id: String,
    /// Its label (at most 45 characters).
    pub label: String,
    /// A hint shown while it is empty.
    pub placeholder: String,
    /// The fewest characters accepted.
    pub min_chars: u16,
    /// The most characters accepted.
    pub max_chars: u16,
}

/// What a command returns: content, provenance and presentation hints, no transport details.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// One-line title.
    pub title: String,
    /// The body.
    pub blocks: Vec<Block>,
    /// Verbatim article quotes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    /// Outside sources.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Things the reader must not miss, shown above everything.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Reminders about what the answering quotes show, shown right after them (a quoted methotrexate dose
    /// is per week), so the answering sentence still comes first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The clinical footer, on every clinical answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// Who should see it.
    pub visibility: Visibility,
    /// Buttons, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Button>,
    /// Files sent with it (the stats chart).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// A form to open instead of a message, where the door can (a Discord modal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<Box<Form>>,
    /// The command's structured result, for JSON doors.
    #[serde(skip)]
    pub data: serde_json::Value,
}

impl Answer {
    /// A clinical answer: public, with the footer.
    pub fn clinical(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            blocks: Vec::new(),
            quotes: Vec::new(),
            citations: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
            footer: Some(CLINICAL_FOOTER.to_owned()),
            visibility: Visibility::Public,
            buttons: Vec::new(),
            attachments: Vec::new(),
            form: None,
            data: serde_json::Value::Null,
        }
    }

    /// A non-clinical answer (help, about): no footer.
    pub fn info(title: impl Into<String>) -> Self {
        Self { footer: None, ..Self::clinical(title) }
    }

    /// Adds a block.
    pub fn block(mut self, heading: Option<&str>, lines: Vec<Line>) -> Self {
        if !lines.is_empty() {
            self.blocks.push(Block { heading: heading.map(str::to_owned), lines });
        }
        self
    }

    /// Adds outside sources by id, once each, in the order given.
    pub fn cite<'a>(mut self, sources: impl IntoIterator<Item = &'a Source>) -> Self {
        for source in sources {
            if !self.citations.iter().any(|c| c.id == source.id) {
                self.citations.push(Citation::from(source));
            }
        }
        self
    }

    /// The JSON form: the command's structured result with the rendered answer alongside.
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = match &self.data {
            serde_json::Value::Object(map) => serde_json::Value::Object(map.clone()),
            serde_json::Value::Null => serde_json::json!({}),
            other => serde_json::json!({ "data": other }),
        };
        if let (Some(map), Ok(answer)) = (value.as_object_mut(), serde_json::to_value(self)) {
            map.insert("answer".to_owned(), answer);
        }
        value
    }
}
