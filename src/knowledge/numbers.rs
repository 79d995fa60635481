//! The numbers a text states, so `check` can prove that every number the bot prints (a dose, a
//! percentage, a year, a count) occurs in the passage or the source excerpt it rests on.

use std::collections::BTreeSet;

/// The numbers in `text`, normalised: thousands separators dropped ("10,333" → "10333"), decimals kept
/// ("36.9"), a minus sign kept when it stands alone before the digits ("ENMC -1"). Digits that belong to a
/// name are not numbers: glued to letters ("SRP54", "TIF1", "7SL") or joined to them by a dash ("Jo-1",
/// "PL-12").
pub fn numbers(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || continues_a_word(&chars, i) || names_a_place(&chars, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut number = String::new();
        while i < chars.len() {
            let c = chars[i];
            let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() {
                number.push(c);
            } else if c == '.' && next_is_digit {
                number.push('.');
            } else if c == ',' && thousands_group(&chars, i + 1) {
                // "10,333": the comma only separates thousands.
            } else {
                break;
            }
            i += 1;
        }
        if chars.get(i).is_some_and(|c| c.is_alphabetic()) {
            // Glued to letters on the right ("7SL", "2nd"): a name or an ordinal, not a quantity.
            continue;
        }
        let signed = start > 0
            && matches!(chars[start - 1], '-' | '−')
            && (start < 2 || chars[start - 2].is_whitespace() || matches!(chars[start - 2], '(' | '[' | '='));
        found.insert(if signed { format!("-{number}") } else { number });
    }
    found
}

/// The numbers of `text` that none of `evidence` states.
pub fn unsupported<'a>(text: &str, evidence: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let stated: BTreeSet<String> = evidence.into_iter().flat_map(numbers).collect();
    numbers(text).into_iter().filter(|n| !stated.contains(n)).collect()
}

/// Whether the digit at `i` continues a word: glued to a letter, or to a letter and a dash ("Jo-1").
fn continues_a_word(chars: &[char], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).and_then(|at| chars.get(at)).copied();
    match before(1) {
        Some(c) if c.is_alphanumeric() || c == '.' => true,
        Some('-' | '–') => before(2).is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// Whether the digits at `i` locate something in the article rather than state a quantity: "page 6",
/// "p. 6", "¶3", "item 2", "pages 1 to 5".
fn names_a_place(chars: &[char], i: usize) -> bool {
    let before: String = chars[i.saturating_sub(12)..i].iter().collect::<String>().to_lowercase();
    ["page ", "pages ", "p. ", "¶", "item ", "pages 1 to ", "pages 1-", "pages 1–"].iter().any(|p| before.ends_with(p))
}

/// Whether exactly three digits start at `at` (a thousands group).
fn thousands_group(chars: &[char], at: usize) -> bool {
    (at..at + 3).all(|k| chars.get(k).is_some_and(char::is_ascii_digit))
        && !chars.get(at + 3).is_some_and(char::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::{numbers, unsupported};

    fn list(text: &str) -> Vec<String> {
        numbers(text).into_iter().collect()
    }

    #[test]
    fn quantities_are_numbers_and_names_are_not() {
        assert_eq!(list("62 of 81 (77%) needed more; mean CK 10,333 IU/L"), ["10333", "62", "77", "81"]);
        assert_eq!(list("36.9% of 222; 15–25% of IIM"), ["15", "222", "25", "36.9"]);
        assert_eq!(list("anti-Jo-1, anti-PL-12, SRP54, TIF1-γ, 7SL RNA, CD8+"), Vec::<String>::new());
        assert_eq!(list("1–2 gm/kg/month, 25 to 30 mg/week"), ["1", "2", "25", "30"]);
    }

    #[test]
    fn places_in_the_article_are_not_quantities() {
        assert_eq!(list("Page 6 says, in p. 6, ¶3, item 2; pages 1 to 5 are missing"), Vec::<String>::new());
        assert_eq!(list("page 6 gives 25 to 30 mg"), ["25", "30"]);
    }

    #[test]
    fn a_minus_sign_before_a_number_is_kept() {
        assert_eq!(list("Described in -1"), ["-1"]);
        assert_eq!(list("ENMC −1"), ["-1"]);
        assert_eq!(list("ratio 1-2"), ["1", "2"]);
    }

    #[test]
    fn unsupported_numbers_are_those_no_evidence_states() {
        assert_eq!(unsupported("Described in 2007", ["described in 2007 by Betteridge"]), Vec::<String>::new());
        assert_eq!(unsupported("Described in -1", ["described in 2007"]), ["-1"]);
        assert_eq!(unsupported("77% of 100", ["62 (77 %) of these 81 patients"]), ["100"]);
    }
}
