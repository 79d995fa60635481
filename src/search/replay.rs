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

#[cfg(test)]
mod tests {
    use super::Replay;
    use crate::knowledge::Synonyms;
    use crate::search::analyzer::medical_analyzer;

    fn terms(replay: &Replay, ord: usize) -> Vec<(String, usize, usize)> {
        replay.tokens(ord).iter().map(|t| (t.text.clone(), t.offset_from, t.offset_to)).collect()
    }

    #[test]
    fn each_document_keeps_its_own_analyzed_tokens_in_corpus_order() {
        let mut synonyms = Synonyms::default();
        synonyms.canonical.insert("mtx".into(), "methotrexate".into());
        let replay = Replay::new(&medical_analyzer(&synonyms), ["MTX weekly", "IVIG helped"]);
        // Canonical and stemmed as indexed, at the offsets of the words as written.
        assert_eq!(terms(&replay, 0), [("methotrex".to_owned(), 0, 3), ("week".to_owned(), 4, 10)]);
        assert_eq!(terms(&replay, 1), [("ivig".to_owned(), 0, 4), ("help".to_owned(), 5, 11)]);
    }

    #[test]
    fn a_position_past_the_corpus_has_no_tokens() {
        let replay = Replay::new(&medical_analyzer(&Synonyms::default()), ["ivig"]);
        assert!(replay.tokens(1).is_empty());
        assert!(Replay::new(&medical_analyzer(&Synonyms::default()), []).tokens(0).is_empty());
    }
}
