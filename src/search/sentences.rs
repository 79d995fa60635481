//! Which sentence of a passage answers the question: each sentence is scored by the question's weighted
//! terms it holds (each term once, weighted by how rare it is among the passages), so the answer can lead
//! with the sentence, verbatim and located, instead of the whole paragraph.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;
use tantivy::tokenizer::Token;

/// A second sentence leads too when it scores at least this share of the first.
pub const SECOND_SENTENCE_SHARE: f32 = 0.75;

/// A sentence of a hit with its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RankedSentence {
    /// 1-based number in the passage.
    pub number: u32,
    /// How much of the question it holds.
    pub score: f32,
}

/// The passage's sentences ranked by the terms they hold, best first (ties in reading order); `tokens` are
/// the passage's analyzed tokens, `weights` each searched term's weight.
pub fn rank(
    sentences: &[(u32, Range<usize>)],
    tokens: &[Token],
    weights: &HashMap<String, f32>,
) -> Vec<RankedSentence> {
    let mut scores: Vec<(f32, Vec<&str>)> = vec![(0.0, Vec::new()); sentences.len()];
    // One pass: tokens and sentences are both in reading order, so each token's sentence is found by
    // walking forward, and each term is looked up once per token.
    let mut at = 0;
    for token in tokens {
        while at < sentences.len() && sentences[at].1.end < token.offset_to {
            at += 1;
        }
        let Some((_, range)) = sentences.get(at) else { break };
        if token.offset_from < range.start {
            continue;
        }
        if let Some(weight) = weights.get(&token.text) {
            let (score, seen) = &mut scores[at];
            if !seen.contains(&token.text.as_str()) {
                seen.push(&token.text);
                *score += weight;
            }
        }
    }
    let mut ranked: Vec<RankedSentence> = sentences
        .iter()
        .zip(scores)
        .map(|((number, _), (score, _))| RankedSentence { number: *number, score })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.number.cmp(&b.number)));
    ranked
}

/// Adds an asked aspect's weight to each sentence that says it (`addressed`: aspect id, sentence number),
/// `context_weight` of it for an aspect named only before the ask, and ranks again: "how much prednisone
/// to start" leads with the sentence of the initial dose, not the one that repeats "prednisone".
pub fn with_aspects(
    mut ranked: Vec<RankedSentence>,
    addressed: &[(String, u32)],
    asked: &[(String, bool)],
    weight: f32,
    context_weight: f32,
) -> Vec<RankedSentence> {
    for (aspect, in_ask) in asked {
        let added = if *in_ask { weight } else { weight * context_weight };
        for (_, number) in addressed.iter().filter(|(a, _)| a == aspect) {
            if let Some(sentence) = ranked.iter_mut().find(|s| s.number == *number) {
                sentence.score += added;
            }
        }
    }
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.number.cmp(&b.number)));
    ranked
}

/// The sentences an answer leads with: the best one, and the second when it is nearly as good.
pub fn lead(ranked: &[RankedSentence]) -> Vec<u32> {
    let Some(best) = ranked.first() else { return Vec::new() };
    let mut lead = vec![best.number];
    if let Some(second) = ranked.get(1)
        && second.score > 0.0
        && second.score >= SECOND_SENTENCE_SHARE * best.score
    {
        lead.push(second.number);
    }
    lead
}

/// The byte ranges of `tokens` whose term is searched: the words to show in bold.
pub fn marks(tokens: &[Token], weights: &HashMap<String, f32>) -> Vec<Range<usize>> {
    tokens.iter().filter(|t| weights.contains_key(&t.text)).map(|t| t.offset_from..t.offset_to).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use tantivy::tokenizer::Token;

    use super::{lead, marks, rank, with_aspects};

    fn token(text: &str, from: usize, to: usize) -> Token {
        Token { text: text.to_owned(), offset_from: from, offset_to: to, ..Token::default() }
    }

    #[test]
    fn the_sentence_holding_the_rarer_terms_leads() {
        // "Cyclosporine helps. Mycophenylate mixed." as two sentences of one passage.
        let tokens =
            [token("cyclosporin", 0, 12), token("help", 13, 18), token("mycophenol", 20, 33), token("mix", 34, 39)];
        let sentences = [(1, 0..19), (2, 20..40)];
        let weights: HashMap<String, f32> = [("mycophenol".to_owned(), 2.0), ("help".to_owned(), 0.5)].into();
        let ranked = rank(&sentences, &tokens, &weights);
        assert_eq!(ranked.iter().map(|r| r.number).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(lead(&ranked), [2]);
        assert_eq!(marks(&tokens, &weights), [13..18, 20..33]);
    }

    #[test]
    fn the_sentence_that_says_an_asked_aspect_leads() {
        // Sentence 1 repeats the drug; sentence 2 gives its dose.
        let tokens = [token("prednison", 0, 10), token("dose", 12, 16)];
        let weights: HashMap<String, f32> = [("prednison".to_owned(), 1.0)].into();
        let ranked = rank(&[(1, 0..11), (2, 12..17)], &tokens, &weights);
        assert_eq!(lead(&ranked), [1]);
        let addressed = [("dose".to_owned(), 2)];
        let asked = with_aspects(ranked.clone(), &addressed, &[("dose".to_owned(), true)], 2.0, 0.5);
        assert_eq!(lead(&asked), [2]);
        // Named only in the history, the aspect counts its share: not enough here.
        let context = with_aspects(ranked, &addressed, &[("dose".to_owned(), false)], 0.8, 0.5);
        assert_eq!(lead(&context), [1]);
    }

    #[test]
    fn a_close_second_sentence_leads_too_and_ties_keep_reading_order() {
        let tokens = [token("ivig", 0, 4), token("dose", 10, 14)];
        let weights: HashMap<String, f32> = [("ivig".to_owned(), 1.0), ("dose".to_owned(), 0.9)].into();
        let ranked = rank(&[(1, 0..5), (2, 6..15)], &tokens, &weights);
        assert_eq!(lead(&ranked), [1, 2]);
        let tied = rank(&[(1, 0..5), (2, 6..15)], &tokens, &HashMap::new());
        assert_eq!(lead(&tied), [1]);
    }
}
