//! Spaced repetition for private practice: Leitner boxes per member. A miss sends a question back to box 1
//! (asked again at the next step); each right answer moves it up a box and further away.

use std::collections::BTreeMap;

use super::difficulty::{Observed, hardness};
use super::store::CardState;
use crate::knowledge::QuizQuestion;

/// Practice steps until a card in box 1..=5 is due again.
pub const INTERVALS: [u32; 5] = [1, 2, 4, 8, 16];

/// The next question to practise at `step` (answers given so far): due missed cards first, then new ones,
/// then other due cards, then the card due soonest. Within each, what the team finds hardest comes first
/// (its share wrong, from `team`, once enough answers exist; else the author's difficulty); ties keep the
/// bank's order.
pub fn next_card<'a>(
    questions: &[&'a QuizQuestion],
    cards: &BTreeMap<String, CardState>,
    step: u32,
    team: &BTreeMap<String, Observed>,
) -> Option<&'a QuizQuestion> {
    let rank = |(i, q): &(usize, &&'a QuizQuestion)| -> (u8, u32, u8, std::cmp::Reverse<u32>, usize) {
        let hard = std::cmp::Reverse(hardness(q, team));
        match cards.get(&q.id) {
            Some(c) if c.due_step <= step && c.box_number == 1 => (0, c.due_step, c.box_number, hard, *i),
            None => (1, 0, 0, hard, *i),
            Some(c) if c.due_step <= step => (2, c.due_step, c.box_number, hard, *i),
            Some(c) => (3, c.due_step, c.box_number, hard, *i),
        }
    };
    questions.iter().enumerate().min_by_key(rank).map(|(_, q)| *q)
}

/// A card's state after an answer given at `step`.
pub fn after_answer(card: Option<CardState>, correct: bool, step: u32) -> CardState {
    let box_number = match (card, correct) {
        (_, false) => 1,
        (None, true) => 2,
        (Some(c), true) => (c.box_number + 1).min(5),
    };
    CardState { box_number, due_step: step + INTERVALS[usize::from(box_number - 1)] }
}
