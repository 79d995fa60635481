//! Which question a channel gets today: none twice until every question of the schedule's topic (or of the
//! whole bank) has been asked there, then round again; among those not yet asked this round, a question the
//! team misses more often is more likely. The draw is seeded by the channel and the day, so the same stored
//! data gives the same question on every instance and after every restart.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::knowledge::QuizQuestion;

/// How much a question never missed weighs in the draw.
pub const BASE_WEIGHT: u64 = 1;
/// How much more a question the team always misses weighs (scaled by its share of misses).
pub const MISS_WEIGHT: u64 = 3;
/// The unit weights are counted in, so that a share of misses needs no floating point.
const SCALE: u64 = 1000;

/// The team's record on one question: how many answers, how many of them wrong.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Record {
    /// Answers given (channel quizzes, questions of the day, practice).
    pub answered: u32,
    /// Wrong answers among them.
    pub missed: u32,
}

/// A question's weight in the draw: [`BASE_WEIGHT`], plus up to [`MISS_WEIGHT`] by its share of misses
/// (a question nobody has answered yet weighs the base).
pub fn weight(record: Record) -> u64 {
    let share = u64::from(record.missed.min(record.answered)) * SCALE / u64::from(record.answered.max(1));
    BASE_WEIGHT * SCALE + MISS_WEIGHT * share
}

/// A seed from the channel and the day (FNV-1a), the same on every machine and every run.
pub fn seed(channel_id: &str, day: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in channel_id.bytes().chain([0]).chain(day.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Today's question from `pool` (the schedule's topic, in the bank's order): among the questions asked
/// least often in this channel (`asked`: question id → times), one drawn by [`weight`] of the team's
/// `records`, with the [`seed`] of the channel and day.
pub fn pick<'a>(
    pool: &[&'a QuizQuestion],
    asked: &BTreeMap<String, u32>,
    records: &BTreeMap<String, Record>,
    seed: u64,
) -> Option<&'a QuizQuestion> {
    let times = |q: &QuizQuestion| asked.get(&q.id).copied().unwrap_or(0);
    let round = pool.iter().map(|q| times(q)).min()?;
    let candidates: Vec<(&'a QuizQuestion, u64)> = pool
        .iter()
        .filter(|q| times(q) == round)
        .map(|q| (*q, weight(records.get(&q.id).copied().unwrap_or_default())))
        .collect();
    let total: u64 = candidates.iter().map(|(_, w)| w).sum();
    let mut ticket = StdRng::seed_from_u64(seed).random_range(0..total.max(1));
    for (q, w) in &candidates {
        if ticket < *w {
            return Some(q);
        }
        ticket -= w;
    }
    candidates.last().map(|(q, _)| *q)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::knowledge::Topic;

    fn bank() -> crate::knowledge::QuizBank {
        crate::knowledge::shipped().quiz
    }

    #[test]
    fn every_question_once_before_any_twice_and_the_same_data_the_same_choice() {
        let bank = bank();
        let pool = bank.of_topic(Some(Topic::Ibm));
        let mut asked: BTreeMap<String, u32> = BTreeMap::new();
        let mut first_round = BTreeSet::new();
        for day in 0..pool.len() {
            let s = seed("c1", &format!("day-{day}"));
            let q = pick(&pool, &asked, &BTreeMap::new(), s).expect("a question");
            assert_eq!(pick(&pool, &asked, &BTreeMap::new(), s).map(|q| &q.id), Some(&q.id), "deterministic");
            assert!(first_round.insert(q.id.clone()), "{} asked twice in one round", q.id);
            *asked.entry(q.id.clone()).or_default() += 1;
        }
        assert_eq!(first_round.len(), pool.len());
        assert!(pick(&pool, &asked, &BTreeMap::new(), 1).is_some(), "then round again");
        assert!(pick(&[], &asked, &BTreeMap::new(), 1).is_none());
    }

    #[test]
    fn what_the_team_misses_comes_up_more_often() {
        let bank = bank();
        let pool = bank.of_topic(None);
        let missed = &pool[pool.len() / 2].id;
        let records = BTreeMap::from([(missed.clone(), Record { answered: 10, missed: 10 })]);
        let days = 2000;
        let count = |records: &BTreeMap<String, Record>| {
            (0..days)
                .filter(|d| {
                    pick(&pool, &BTreeMap::new(), records, seed("c1", &d.to_string())).map(|q| &q.id) == Some(missed)
                })
                .count()
        };
        let (plain, weighted) = (count(&BTreeMap::new()), count(&records));
        // Four times the weight of any other question: about 4/(n+3) of the draws instead of 1/n.
        assert!(weighted > 3 * plain, "missed question drawn {weighted} times, {plain} without the misses");
        assert_eq!(weight(Record { answered: 4, missed: 1 }), 1750);
        assert_eq!(weight(Record::default()), 1000);
    }
}
