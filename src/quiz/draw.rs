//! Which questions a channel or console quiz asks: shuffled by a seed, never one twice, and, when no topic
//! is chosen, taken in turn from every topic so a mixed quiz is mixed rather than five antibody questions.

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::knowledge::{QuizBank, Topic};

/// Up to `count` question ids on `topic` (every topic when `None`), in the order to ask them.
pub fn draw(bank: &QuizBank, topic: Option<Topic>, count: usize, seed: u64) -> Vec<String> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut by_topic: BTreeMap<Topic, Vec<&str>> = BTreeMap::new();
    for q in bank.of_topic(topic) {
        by_topic.entry(q.topic).or_default().push(&q.id);
    }
    let mut groups: Vec<Vec<&str>> = by_topic.into_values().collect();
    for group in &mut groups {
        group.shuffle(&mut rng);
    }
    groups.shuffle(&mut rng);
    let longest = groups.iter().map(Vec::len).max().unwrap_or(0);
    (0..longest)
        .flat_map(|round| groups.iter().filter_map(move |g| g.get(round)))
        .take(count)
        .map(|id| (*id).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {

    use super::draw;
    use crate::knowledge::Topic;

    fn bank() -> crate::knowledge::QuizBank {
        crate::knowledge::shipped().quiz
    }

    #[test]
    fn a_mixed_quiz_takes_every_topic_in_turn_without_repeats() {
        let bank = bank();
        let topics: std::collections::BTreeSet<Topic> = bank.questions.iter().map(|q| q.topic).collect();
        let ids = draw(&bank, None, topics.len(), 7);
        let drawn: std::collections::BTreeSet<Topic> =
            ids.iter().filter_map(|id| bank.get(id)).map(|q| q.topic).collect();
        assert_eq!(drawn, topics, "one of each topic first");
        let all = draw(&bank, None, usize::MAX, 7);
        let unique: std::collections::BTreeSet<&String> = all.iter().collect();
        assert_eq!((all.len(), unique.len()), (bank.questions.len(), bank.questions.len()));
        assert_eq!(draw(&bank, None, 5, 7), draw(&bank, None, 5, 7), "the same seed, the same quiz");
        assert_ne!(draw(&bank, None, 5, 7), draw(&bank, None, 5, 8), "another seed, another quiz");
        assert!(
            draw(&bank, Some(Topic::Ibm), 50, 1).iter().all(|id| bank.get(id).is_some_and(|q| q.topic == Topic::Ibm))
        );
    }
}
