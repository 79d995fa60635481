//! The medical analyzer: the same tokenisation for indexing and searching, with one-word canonical forms
//! (abbreviations, brands, misspellings) applied before stemming.

use std::collections::BTreeSet;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};

use crate::knowledge::Synonyms;

/// Name under which the analyzer is registered with tantivy.
pub const ANALYZER: &str = "medical";

/// Builds the analyzer: words, lowercase, ASCII-folded, stopwords removed, canonicalised, stemmed.
pub fn medical_analyzer(synonyms: &Synonyms) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(synonyms.stopwords.clone()))
        .filter(CanonicalFilter {
            map: Arc::new(synonyms.canonical.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        })
        .filter(Stemmer::new(Language::English))
        .build()
}

/// A word of a question after analysis, with the raw text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedWord {
    /// The indexed form (canonical, stemmed).
    pub term: String,
    /// The word as typed.
    pub raw: String,
    /// Byte offset of the word in the text.
    pub offset: usize,
}

/// Runs the analyzer over `text`, keeping each term with the word it came from.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedWord> {
    let mut words = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        let raw = text.get(token.offset_from..token.offset_to).unwrap_or(&token.text).to_owned();
        words.push(AnalyzedWord { term: token.text.clone(), raw, offset: token.offset_from });
    }
    words
}

/// Whether an aspect's cue may be matched by its stems: each word keeps at least three quarters of itself
/// when stemmed ("steroids" → "steroid"), never when stemming cuts a word down to another word's stem ("useful" → "use"
/// would match "used").
pub fn faithful_stems(words: &[String], stems: &[String]) -> bool {
    stems.len() == words.len() && stems.iter().zip(words).all(|(s, w)| s.chars().count() * 4 >= w.chars().count() * 3)
}

/// The analyzed forms of a word list (e.g. the generic words), for comparing with analyzed questions.
pub fn analyzed_set(analyzer: &mut TextAnalyzer, words: &[String]) -> BTreeSet<String> {
    words.iter().flat_map(|w| analyze(analyzer, w)).map(|w| w.term).collect()
}

/// Replaces a token by its canonical form (e.g. "mtx" by "methotrexate"), keeping offsets so that
/// highlights still fall on the word as written.
#[derive(Clone)]
struct CanonicalFilter {
    map: Arc<FxHashMap<String, String>>,
}

impl TokenFilter for CanonicalFilter {
    type Tokenizer<T: Tokenizer> = CanonicalTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CanonicalTokenizer<T> {
        CanonicalTokenizer { inner: tokenizer, map: self.map }
    }
}

#[derive(Clone)]
struct CanonicalTokenizer<T> {
    inner: T,
    map: Arc<FxHashMap<String, String>>,
}

impl<T: Tokenizer> Tokenizer for CanonicalTokenizer<T> {
    type TokenStream<'a> = CanonicalTokenStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CanonicalTokenStream { tail: self.inner.token_stream(text), map: &self.map }
    }
}

struct CanonicalTokenStream<'a, S> {
    tail: S,
    map: &'a FxHashMap<String, String>,
}

impl<S: TokenStream> TokenStream for CanonicalTokenStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if let Some(canonical) = self.map.get(&self.tail.token().text) {
            self.tail.token_mut().text.clone_from(canonical);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::{analyze, analyzed_set, faithful_stems, medical_analyzer};
    use crate::knowledge::Synonyms;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn stems_that_keep_most_of_each_word_are_faithful() {
        assert!(faithful_stems(&strings(&["bloods"]), &strings(&["blood"])));
        assert!(faithful_stems(&strings(&["steroids"]), &strings(&["steroid"])));
        // Cut down to another word's stem, or a word lost: matched only as written.
        assert!(!faithful_stems(&strings(&["untreatable"]), &strings(&["untreat"])));
        assert!(!faithful_stems(&strings(&["useful"]), &strings(&["use"])));
        assert!(!faithful_stems(&strings(&["the", "drip"]), &strings(&["drip"])));
    }

    #[test]
    fn words_are_lowercased_folded_and_canonicalised_before_stemming_keeping_the_word_as_typed() {
        let mut synonyms = Synonyms::default();
        synonyms.canonical.insert("mtx".into(), "methotrexate".into());
        synonyms.stopwords = strings(&["the"]);
        let words = analyze(&mut medical_analyzer(&synonyms), "The MTX weekly, Sjögren");
        let read: Vec<(&str, &str, usize)> =
            words.iter().map(|w| (w.term.as_str(), w.raw.as_str(), w.offset)).collect();
        // "MTX" is lowercased, then canonical, then stemmed ("methotrexate" → "methotrex"); "the" is a stopword.
        assert_eq!(read, [("methotrex", "MTX", 4), ("week", "weekly", 8), ("sjogren", "Sjögren", 16)]);
        assert!(analyze(&mut medical_analyzer(&synonyms), &"a".repeat(41)).is_empty(), "over 40 letters is no word");
    }

    #[test]
    fn a_word_list_is_compared_in_its_analyzed_form() {
        let set = analyzed_set(&mut medical_analyzer(&Synonyms::default()), &strings(&["weekly", "Weeks", "dose"]));
        assert_eq!(set.into_iter().collect::<Vec<_>>(), ["dose", "week"]);
    }
}
