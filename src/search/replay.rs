//! Highlighting without re-analyzing: the documents' texts are analyzed once when the index is built, and
//! tantivy's snippet generator replays those tokens instead of stemming a whole passage for every hit.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

/// A tokenizer that knows the analyzed tokens of a fixed set of texts and analyzes anything else afresh.
#[derive(Clone)]
pub struct Replay {
    known: Arc<HashMap<String, Vec<Token>>>,
    fallback: TextAnalyzer,
}

impl Replay {
    /// Analyzes `texts` once with `analyzer`, which also handles any other text.
    pub fn new<'a>(analyzer: &TextAnalyzer, texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut fallback = analyzer.clone();
        let known = texts
            .into_iter()
            .map(|text| {
                let mut tokens = Vec::new();
                fallback.token_stream(text).process(&mut |token| tokens.push(token.clone()));
                (text.to_owned(), tokens)
            })
            .collect();
        Self { known: Arc::new(known), fallback }
    }
}

impl Replay {
    /// The analyzed tokens of a text given at construction (empty for any other text).
    pub fn tokens(&self, text: &str) -> &[Token] {
        self.known.get(text).map_or(&[], Vec::as_slice)
    }
}

impl Tokenizer for Replay {
    type TokenStream<'a> = ReplayStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReplayStream<'a> {
        match self.known.get(text) {
            Some(tokens) => ReplayStream::Known { tokens, next: 0, current: Token::default() },
            None => ReplayStream::Fresh(self.fallback.token_stream(text)),
        }
    }
}

/// Replayed tokens, or a fresh analysis.
pub enum ReplayStream<'a> {
    /// A text analyzed when the index was built: its tokens, copied one at a time into `current`.
    Known {
        /// The tokens.
        tokens: &'a [Token],
        /// The next token's index.
        next: usize,
        /// The token last advanced to.
        current: Token,
    },
    /// Any other text.
    Fresh(BoxTokenStream<'a>),
}

impl TokenStream for ReplayStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            Self::Known { tokens, next, current } => {
                let Some(token) = tokens.get(*next) else {
                    return false;
                };
                *next += 1;
                current.text.clone_from(&token.text);
                current.offset_from = token.offset_from;
                current.offset_to = token.offset_to;
                current.position = token.position;
                current.position_length = token.position_length;
                true
            }
            Self::Fresh(stream) => stream.advance(),
        }
    }

    fn token(&self) -> &Token {
        match self {
            Self::Known { current, .. } => current,
            Self::Fresh(stream) => stream.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            Self::Known { current, .. } => current,
            Self::Fresh(stream) => stream.token_mut(),
        }
    }
}
