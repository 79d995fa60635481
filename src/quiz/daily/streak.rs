//! Streaks: how many of a channel's questions of the day in a row a member has answered correctly, up to the
//! latest revealed one. A question missed or left unanswered ends a streak; a day without a question (the
//! schedule off, a day skipped while the bot was down) does not.

use std::collections::BTreeMap;

/// One revealed question of the day and how its answers went: (member, right?).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayResult {
    /// The local day it was asked on (`YYYY-MM-DD`).
    pub day: String,
    /// Each member who answered, and whether they were right.
    pub answers: Vec<(String, bool)>,
}

/// Each member's current streak, over `days` in any order (sorted here by day): only members whose
/// streak is at least 1, longest first, then by member id.
pub fn streaks(days: &[DayResult]) -> Vec<(String, u32)> {
    let mut ordered: Vec<&DayResult> = days.iter().collect();
    ordered.sort_by(|a, b| a.day.cmp(&b.day));
    let mut current: BTreeMap<&str, u32> = BTreeMap::new();
    for day in ordered {
        // Whoever did not answer this day's question (or missed it) starts again from nothing.
        current = day
            .answers
            .iter()
            .filter(|(_, right)| *right)
            .map(|(member, _)| (member.as_str(), current.get(member.as_str()).copied().unwrap_or(0) + 1))
            .collect();
    }
    let mut list: Vec<(String, u32)> =
        current.into_iter().filter(|(_, n)| *n > 0).map(|(m, n)| (m.to_owned(), n)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: &str, answers: &[(&str, bool)]) -> DayResult {
        DayResult { day: day.to_owned(), answers: answers.iter().map(|(m, r)| ((*m).to_owned(), *r)).collect() }
    }

    #[test]
    fn a_streak_counts_questions_in_a_row_and_ends_with_a_miss_or_a_silence() {
        let days = [
            day("2026-03-30", &[("a", true), ("b", true), ("c", false)]),
            day("2026-03-28", &[("a", true), ("b", true), ("c", true)]),
            day("2026-03-29", &[("a", true), ("c", true)]),
            // 31 March was skipped (no question): it does not end anything.
            day("2026-04-01", &[("a", true), ("b", true), ("d", true)]),
        ];
        assert_eq!(
            streaks(&days),
            [("a".to_owned(), 4), ("b".to_owned(), 2), ("d".to_owned(), 1)],
            "c missed on the 30th and did not answer on the 1st"
        );
        assert!(streaks(&[]).is_empty());
    }
}
