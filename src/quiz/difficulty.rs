//! Difficulty from the team's own answers: the share of answers that were right, once a question has
//! enough of them to say (fewer would swing on one resident's guess). Shown in the stats next to the
//! author's difficulty, and used by practice to bring forward what the team finds hard.

use std::collections::BTreeMap;

use crate::knowledge::{Difficulty, QuizQuestion};

/// Answers a question needs before the team's share correct stands for its difficulty.
pub const MIN_ANSWERS: u32 = 5;

/// A share correct at or above this (per cent) reads as easy.
const EASY_FROM_PERCENT: u32 = 80;
/// A share correct at or above this (per cent), and below easy, reads as medium; below it, hard.
const MEDIUM_FROM_PERCENT: u32 = 50;

/// What the team's answers to one question say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observed {
    /// Answers counted (revealed channel answers and practice).
    pub answered: u32,
    /// How many were right.
    pub correct: u32,
}

impl Observed {
    /// From stored (answered, missed) counts.
    pub fn from_misses(answered: u32, missed: u32) -> Self {
        Self { answered, correct: answered.saturating_sub(missed) }
    }

    /// The share correct in whole per cent (rounded down), once there are [`MIN_ANSWERS`] answers.
    pub fn percent_correct(self) -> Option<u32> {
        (self.answered >= MIN_ANSWERS)
            .then(|| u32::try_from(u64::from(self.correct) * 100 / u64::from(self.answered.max(1))).unwrap_or(100))
    }

    /// The difficulty the team's answers show, once there are enough of them.
    pub fn level(self) -> Option<Difficulty> {
        self.percent_correct().map(|p| match p {
            p if p >= EASY_FROM_PERCENT => Difficulty::Easy,
            p if p >= MEDIUM_FROM_PERCENT => Difficulty::Medium,
            _ => Difficulty::Hard,
        })
    }
}

/// The team's answers per question id, from the store's (question id, answered, missed) rows.
pub fn observed(rows: &[(String, u32, u32)]) -> BTreeMap<String, Observed> {
    rows.iter().map(|(id, answered, missed)| (id.clone(), Observed::from_misses(*answered, *missed))).collect()
}

/// A difficulty's name as the question files write it.
pub fn name(difficulty: Difficulty) -> &'static str {
    match difficulty {
        Difficulty::Easy => "easy",
        Difficulty::Medium => "medium",
        Difficulty::Hard => "hard",
    }
}

/// How hard a question is for ordering practice, 0 (easiest) to 100 (hardest): the team's share wrong
/// once enough answers exist, else a stand-in for the author's difficulty (easy 20, medium 50, hard 80).
pub fn hardness(q: &QuizQuestion, team: &BTreeMap<String, Observed>) -> u32 {
    match team.get(&q.id).and_then(|o| o.percent_correct()) {
        Some(percent) => 100 - percent.min(100),
        None => match q.difficulty {
            Difficulty::Easy => 20,
            Difficulty::Medium => 50,
            Difficulty::Hard => 80,
        },
    }
}

/// "author medium · team 40% right (hard, 10 answers)", or "author medium · team 3 of 5 answers needed".
pub fn describe(q: &QuizQuestion, observed: Option<Observed>) -> String {
    let author = name(q.difficulty);
    match observed {
        Some(o) => match (o.percent_correct(), o.level()) {
            (Some(percent), Some(level)) => {
                format!("author {author} · team {percent}% right ({}, {} answers)", name(level), o.answered)
            }
            _ => format!("author {author} · team {} of {MIN_ANSWERS} answers needed", o.answered),
        },
        None => format!("author {author} · team no answers yet"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_correct_counts_once_there_are_enough_answers() {
        assert_eq!(Observed::from_misses(4, 4).percent_correct(), None, "too few");
        assert_eq!(Observed::from_misses(5, 1).percent_correct(), Some(80));
        assert_eq!(Observed::from_misses(5, 1).level(), Some(Difficulty::Easy));
        assert_eq!(Observed::from_misses(10, 5).level(), Some(Difficulty::Medium));
        assert_eq!(Observed::from_misses(6, 4).level(), Some(Difficulty::Hard));
        assert_eq!(Observed::from_misses(7, 9).correct, 0, "never below zero");
    }
}
