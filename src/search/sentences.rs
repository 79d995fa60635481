//! Which sentence of a passage answers the question: each sentence is scored by the question's weighted
//! terms it holds (each term once, weighted by how rare it is among the passages), so the answer can lead
//! with the sentence, verbatim and located, instead of the whole paragraph.

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::tokenizer::Token;

use super::documents::AspectSentence;
use super::drugs::NamedDrug;
use crate::knowledge::with_subject;

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
    weights: &FxHashMap<String, f32>,
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
    best_first(&mut ranked);
    ranked
}

/// A passage's sentences and analyzed tokens, with the question's term weights: what a sentence holds.
#[derive(Clone, Copy)]
pub struct PassageTerms<'a> {
    /// (number, byte range) of each sentence.
    pub sentences: &'a [(u32, Range<usize>)],
    /// The passage's analyzed tokens.
    pub tokens: &'a [Token],
    /// Each searched term's weight.
    pub weights: &'a FxHashMap<String, f32>,
}

impl PassageTerms<'_> {
    /// Whether sentence `number` holds the analyzed term `term`.
    fn holds(&self, number: u32, term: &str) -> bool {
        let Some((_, range)) = self.sentences.iter().find(|(n, _)| *n == number) else { return false };
        self.tokens.iter().any(|t| t.text == term && range.start <= t.offset_from && t.offset_to <= range.end)
    }

    /// What naming `drug` would add to sentence `number`: the weights of the drug's name terms the sentence
    /// does not already hold.
    fn naming(&self, number: u32, drug: &NamedDrug) -> f32 {
        let mut terms: Vec<&str> = drug.terms.iter().map(String::as_str).collect();
        terms.sort_unstable();
        terms.dedup();
        terms.into_iter().filter(|t| !self.holds(number, t)).filter_map(|t| self.weights.get(t)).sum()
    }
}

/// Adds an asked aspect's weight to each sentence that says it, `context_weight` of it for an aspect named
/// only before the ask, and ranks again: "how much prednisone to start" leads with the sentence of the
/// initial dose, not the one that repeats "prednisone". A sentence that says the aspect of particular drugs
/// (`about`) counts only when the question names one of them, or no drug at all; when it names one, the
/// sentence also counts as naming it ("We advocate an initial dose" is prednisone's, named the sentence
/// before).
pub fn with_aspects(
    mut ranked: Vec<RankedSentence>,
    addressed: &[AspectSentence],
    asked: &[(String, bool)],
    drugs: &[NamedDrug],
    passage: PassageTerms<'_>,
    weight: f32,
    context_weight: f32,
) -> Vec<RankedSentence> {
    for (aspect, in_ask) in asked {
        for said in addressed.iter().filter(|a| &a.aspect == aspect) {
            let weight = said.weight.unwrap_or(weight);
            let added = if *in_ask { weight } else { weight * context_weight };
            let of_drug = drugs.iter().find(|d| said.about.contains(&d.id));
            let inherited = match of_drug {
                Some(drug) => passage.naming(said.number, drug),
                None if said.about.is_empty() || drugs.is_empty() => 0.0,
                None => continue,
            };
            if let Some(sentence) = ranked.iter_mut().find(|s| s.number == said.number) {
                sentence.score += added + inherited;
            }
        }
    }
    best_first(&mut ranked);
    ranked
}

/// Orders sentences best first; equal scores keep the passage's reading order, so the lead never depends on
/// the order scores were added in.
pub fn best_first(ranked: &mut [RankedSentence]) {
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.number.cmp(&b.number)));
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

/// The lead, with the best-ranked sentence naming each asked drug that no lead sentence names, first when
/// the lead names no asked drug at all: "cyclo
/// for refractory DM with ILD?" leads with ¶3's cyclophosphamide sentence, then its cyclosporine and
/// tacrolimus one (the ILD), so the drug asked is never answered by another drug's sentence, nor read as
/// what that sentence says. A sentence quoted with the ones it `continues` names what they name (¶2 s2's
/// trial comes with s1's IVIG).
pub fn with_asked_drugs(
    mut lead: Vec<u32>,
    ranked: &[RankedSentence],
    drugs: &[&NamedDrug],
    passage: &PassageTerms<'_>,
    continues: &[u32],
) -> Vec<u32> {
    let holds = |number: u32, drug: &NamedDrug| drug.terms.iter().all(|t| passage.holds(number, t));
    let names = |number: u32, drug: &NamedDrug| with_subject(continues, number).any(|n| holds(n, drug));
    // First only when no lead sentence names any asked drug ("IVIG or CSA next?" keeps ¶3's CSA sentence
    // first, and IVIG's mention after it).
    let names_none = !lead.iter().any(|&n| drugs.iter().any(|d| names(n, d)));
    let mut added = 0;
    for drug in drugs {
        if lead.iter().any(|&n| names(n, drug)) {
            continue;
        }
        if let Some(s) = ranked.iter().find(|s| names(s.number, drug)) {
            if names_none {
                lead.insert(added, s.number);
                added += 1;
            } else {
                lead.push(s.number);
            }
        }
    }
    lead
}

/// The byte ranges of `tokens` whose term is searched: the words to show in bold.
pub fn marks(tokens: &[Token], weights: &FxHashMap<String, f32>) -> Vec<Range<usize>> {
    tokens.iter().filter(|t| weights.contains_key(&t.text)).map(|t| t.offset_from..t.offset_to).collect()
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashMap;
    use tantivy::tokenizer::Token;

    use super::{PassageTerms, lead, marks, rank, with_aspects};
    use crate::search::documents::AspectSentence;
    use crate::search::drugs::NamedDrug;

    fn said(aspect: &str, number: u32, about: &[&str]) -> AspectSentence {
        AspectSentence {
            aspect: aspect.to_owned(),
            number,
            about: about.iter().map(|s| (*s).to_owned()).collect(),
            weight: None,
        }
    }

    fn token(text: &str, from: usize, to: usize) -> Token {
        Token { text: text.to_owned(), offset_from: from, offset_to: to, ..Token::default() }
    }

    #[test]
    fn the_sentence_holding_the_rarer_terms_leads() {
        // "Cyclosporine helps. Mycophenylate mixed." as two sentences of one passage.
        let tokens =
            [token("cyclosporin", 0, 12), token("help", 13, 18), token("mycophenol", 20, 33), token("mix", 34, 39)];
        let sentences = [(1, 0..19), (2, 20..40)];
        let weights: FxHashMap<String, f32> =
            [("mycophenol".to_owned(), 2.0), ("help".to_owned(), 0.5)].into_iter().collect();
        let ranked = rank(&sentences, &tokens, &weights);
        assert_eq!(ranked.iter().map(|r| r.number).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(lead(&ranked), [2]);
        assert_eq!(marks(&tokens, &weights), [13..18, 20..33]);
    }

    #[test]
    fn the_sentence_that_says_an_asked_aspect_leads() {
        // Sentence 1 repeats the drug; sentence 2 gives its dose.
        let tokens = [token("prednison", 0, 10), token("dose", 12, 16)];
        let weights: FxHashMap<String, f32> = [("prednison".to_owned(), 1.0)].into_iter().collect();
        let sentences = [(1, 0..11), (2, 12..17)];
        let passage = PassageTerms { sentences: &sentences, tokens: &tokens, weights: &weights };
        let ranked = rank(&sentences, &tokens, &weights);
        assert_eq!(lead(&ranked), [1]);
        let addressed = [said("dose", 2, &[])];
        let asked = with_aspects(ranked.clone(), &addressed, &[("dose".to_owned(), true)], &[], passage, 2.0, 0.5);
        assert_eq!(lead(&asked), [2]);
        // Named only in the history, the aspect counts its share: not enough here.
        let context = with_aspects(ranked, &addressed, &[("dose".to_owned(), false)], &[], passage, 0.8, 0.5);
        assert_eq!(lead(&context), [1]);
    }

    #[test]
    fn an_aspect_with_its_own_weight_outranks_the_general_ones_asked_with_it() {
        // "No therapy affects IBM. IVIG helped dysphagia.": asked whether anything helps the swallowing.
        let tokens = [token("ibm", 0, 3), token("ivig", 5, 9)];
        let weights: FxHashMap<String, f32> = [("ibm".to_owned(), 1.0), ("ivig".to_owned(), 1.0)].into_iter().collect();
        let sentences = [(1, 0..4), (2, 5..10)];
        let passage = PassageTerms { sentences: &sentences, tokens: &tokens, weights: &weights };
        let ranked = rank(&sentences, &tokens, &weights);
        let asked = [("efficacy".to_owned(), true), ("swallowing".to_owned(), true)];
        let general = [said("efficacy", 1, &[]), said("swallowing", 2, &[])];
        assert_eq!(lead(&with_aspects(ranked.clone(), &general, &asked, &[], passage, 0.5, 0.5))[0], 1);
        let particular = [said("efficacy", 1, &[]), AspectSentence { weight: Some(1.0), ..said("swallowing", 2, &[]) }];
        assert_eq!(lead(&with_aspects(ranked, &particular, &asked, &[], passage, 0.5, 0.5))[0], 2);
    }

    #[test]
    fn a_sentence_that_says_an_aspect_of_the_named_drug_counts_as_naming_it() {
        // "Prednisone is first line. We advocate an initial dose. We favor MTX initiation with prednisone."
        let tokens = [
            token("prednison", 0, 10),
            token("initi", 30, 37),
            token("dose", 38, 42),
            token("initi", 60, 70),
            token("dose", 71, 75),
            token("prednison", 80, 90),
        ];
        let sentences = [(1, 0..25), (2, 26..45), (3, 46..91)];
        let weights: FxHashMap<String, f32> =
            [("prednison".to_owned(), 2.0), ("initi".to_owned(), 1.0), ("dose".to_owned(), 1.0)].into_iter().collect();
        let passage = PassageTerms { sentences: &sentences, tokens: &tokens, weights: &weights };
        let ranked = rank(&sentences, &tokens, &weights);
        assert_eq!(lead(&ranked), [3]);
        let addressed = [said("dose", 2, &["prednisone"])];
        let asked = [("dose".to_owned(), true)];
        let prednisone = NamedDrug { id: "prednisone".to_owned(), terms: vec!["prednison".to_owned()] };
        let led = with_aspects(ranked.clone(), &addressed, &asked, &[prednisone], passage, 0.5, 0.5);
        assert_eq!(led.first().map(|s| s.number), Some(2));
        // Another drug named: the sentence says nothing of it.
        let other = NamedDrug { id: "methotrexate".to_owned(), terms: vec!["methotrex".to_owned()] };
        let unchanged = with_aspects(ranked.clone(), &addressed, &asked, &[other], passage, 0.5, 0.5);
        assert_eq!(unchanged, ranked);
        // No drug named: the aspect's weight only.
        let drugless = with_aspects(ranked, &addressed, &asked, &[], passage, 0.5, 0.5);
        assert_eq!(drugless.iter().find(|s| s.number == 2).map(|s| s.score), Some(2.5));
    }

    #[test]
    fn a_close_second_sentence_leads_too_and_ties_keep_reading_order() {
        let tokens = [token("ivig", 0, 4), token("dose", 10, 14)];
        let weights: FxHashMap<String, f32> =
            [("ivig".to_owned(), 1.0), ("dose".to_owned(), 0.9)].into_iter().collect();
        let ranked = rank(&[(1, 0..5), (2, 6..15)], &tokens, &weights);
        assert_eq!(lead(&ranked), [1, 2]);
        let tied = rank(&[(1, 0..5), (2, 6..15)], &tokens, &FxHashMap::default());
        assert_eq!(lead(&tied), [1]);
    }
}
