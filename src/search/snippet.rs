//! The best fragment of a document's text for a question, with the places of the matched words: the
//! selection of tantivy's snippet generator (`tantivy::snippet`, 0.27: fragments of at most `max_chars`,
//! each scored by the weights of the terms it holds, the best kept, the earliest on a tie), run over the
//! tokens analyzed when the index was built instead of analyzing the text again for every hit.

use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::Token;

/// A fragment: where it is in the text, and the matched words' places in it (relative to the fragment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Byte ranges of the matched words, relative to the fragment's start.
    pub highlighted: Vec<Range<usize>>,
}

/// A candidate while the tokens are read.
struct Candidate {
    score: f32,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Candidate {
    fn new(start: usize) -> Self {
        Self { score: 0.0, start, stop: start, highlighted: Vec::new() }
    }
}

/// The best fragment of the text whose analyzed `tokens` are given, scored by `terms` (analyzed term to
/// weight); none when no token is a term.
pub fn best(tokens: &[Token], terms: &FxHashMap<String, f32>, max_chars: usize) -> Option<Fragment> {
    let mut fragment = Candidate::new(0);
    let mut fragments: Vec<Candidate> = Vec::new();
    for token in tokens {
        if token.offset_to.saturating_sub(fragment.start) > max_chars {
            let done = std::mem::replace(&mut fragment, Candidate::new(token.offset_from));
            if done.score > 0.0 {
                fragments.push(done);
            }
        }
        fragment.stop = token.offset_to;
        // tantivy lowercases each token before the lookup; the analyzer's tokens are lowercase already.
        let score = if token.text.chars().any(char::is_uppercase) {
            terms.get(token.text.to_lowercase().as_str()).copied()
        } else {
            terms.get(token.text.as_str()).copied()
        };
        if let Some(score) = score {
            fragment.score += score;
            fragment.highlighted.push(token.offset_from..token.offset_to);
        }
    }
    if fragment.score > 0.0 {
        fragments.push(fragment);
    }
    let best = fragments.into_iter().max_by(|left, right| {
        match left.score.partial_cmp(&right.score).unwrap_or(std::cmp::Ordering::Equal) {
            std::cmp::Ordering::Equal => (right.start, right.stop).cmp(&(left.start, left.stop)),
            unequal => unequal,
        }
    })?;
    let highlighted = best.highlighted.iter().map(|r| r.start - best.start..r.end - best.start).collect();
    Some(Fragment { range: best.start..best.stop, highlighted })
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use rustc_hash::FxHashMap;
    use tantivy::tokenizer::Token;

    use super::{Fragment, best};

    fn token(text: &str, from: usize, to: usize) -> Token {
        Token { text: text.to_owned(), offset_from: from, offset_to: to, ..Token::default() }
    }

    #[test]
    fn the_fragment_with_the_heaviest_terms_wins_and_ties_go_to_the_earliest() {
        // "ivig helps. mmf mixed. ivig again" with fragments of at most 10 characters.
        let tokens = [token("ivig", 0, 4), token("help", 5, 10), token("mmf", 12, 15), token("ivig", 23, 27)];
        let terms: FxHashMap<String, f32> = [("ivig".to_owned(), 1.0), ("mmf".to_owned(), 2.0)].into_iter().collect();
        let found = best(&tokens, &terms, 10).expect("a fragment");
        assert_eq!(found.range, 12..15);
        assert_eq!(found.highlighted.first(), Some(&(0..3)));
        assert_eq!(found.highlighted.len(), 1);
        let tie: FxHashMap<String, f32> = [("ivig".to_owned(), 1.0)].into_iter().collect();
        assert_eq!(best(&tokens, &tie, 10).map(|f| f.range), Some(0..10));
        assert_eq!(best(&tokens, &FxHashMap::default(), 10), None);
    }

    #[test]
    fn a_fragment_holds_at_most_max_chars_and_the_word_past_it_opens_the_next() {
        // "aaa bbb ccc" in fragments of at most 7 characters: "aaa bbb", then "ccc".
        let tokens = [token("aaa", 0, 3), token("bbb", 4, 7), token("ccc", 8, 11)];
        let last: FxHashMap<String, f32> = [("ccc".to_owned(), 1.0)].into_iter().collect();
        assert_eq!(
            best(&tokens, &last, 7),
            Some(Fragment { range: 8..11, highlighted: vec![Range { start: 0, end: 3 }] })
        );
        let first: FxHashMap<String, f32> = [("aaa".to_owned(), 1.0), ("bbb".to_owned(), 1.0)].into_iter().collect();
        assert_eq!(best(&tokens, &first, 7), Some(Fragment { range: 0..7, highlighted: vec![0..3, 4..7] }));
        assert_eq!(best(&tokens, &first, 11).map(|f| f.range), Some(0..11), "all in one when it fits");
    }

    #[test]
    fn a_token_is_looked_up_in_lowercase() {
        let tokens = [token("IVIG", 0, 4)];
        let terms: FxHashMap<String, f32> = [("ivig".to_owned(), 1.0)].into_iter().collect();
        assert_eq!(best(&tokens, &terms, 10).map(|f| f.highlighted), Some(vec![Range { start: 0, end: 4 }]));
    }
}
