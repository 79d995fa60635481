//! Counting the answers to one question at its reveal.

/// Who chose what, and who was right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// How many members chose each option.
    pub counts: Vec<usize>,
    /// Members who chose the right option, in id order.
    pub right: Vec<String>,
    /// How many answered.
    pub answered: usize,
}

/// Counts `answers` ((member, option) pairs) for a question with `options` options.
pub fn tally(options: usize, correct: usize, answers: &[(String, usize)]) -> Tally {
    let mut counts = vec![0; options];
    let mut right = Vec::new();
    for (user, option) in answers {
        if let Some(c) = counts.get_mut(*option) {
            *c += 1;
        }
        if *option == correct {
            right.push(user.clone());
        }
    }
    right.sort();
    Tally { counts, right, answered: answers.len() }
}

/// The letter of an option: A, B, C, …
pub fn letter(option: usize) -> char {
    char::from(b'A' + u8::try_from(option.min(25)).unwrap_or(0))
}
