//! The documents' texts analyzed once, when the index is built: highlighting, sentence ranking and snippets
//! read these tokens instead of stemming a whole passage for every hit.

use tantivy::tokenizer::{TextAnalyzer, Token};

/// The analyzed tokens of each document, by its position in the corpus.
#[derive(Clone)]
pub struct Replay {
    tokens: Vec<Vec<Token>>,
}

impl Replay {
    /// Analyzes `texts` (in corpus order) once with `analyzer`.
    pub fn new<'a>(analyzer: &TextAnalyzer, texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut analyzer = analyzer.clone();
        let tokens = texts
            .into_iter()
            .map(|text| {
                let mut tokens = Vec::new();
                analyzer.token_stream(text).process(&mut |token| tokens.push(token.clone()));
                tokens
            })
            .collect();
        Self { tokens }
    }

    /// The analyzed tokens of document `ord` (empty for a position past the corpus).
    pub fn tokens(&self, ord: usize) -> &[Token] {
        self.tokens.get(ord).map_or(&[], Vec::as_slice)
    }
}
