//! Edit distances for typo tolerance, with a cheap lower bound first: most candidate words are rejected by
//! their letters alone, before the (allocating) distance is computed.

/// The optimal-string-alignment distance between `a` and `b` (a transposition is one edit) when it is at
/// most `limit`.
pub fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > limit || bag_distance(a, b) > limit {
        return None;
    }
    Some(strsim::osa_distance(a, b)).filter(|&d| d <= limit)
}

/// How many letters one word has that the other lacks (the larger side): a lower bound of the edit
/// distance, since every edit changes at most one letter on each side. Non-ASCII letters share one slot.
fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 128];
    let slot = |c: char| if c.is_ascii() { c as usize } else { 0 };
    for c in a.chars() {
        counts[slot(c)] += 1;
    }
    for c in b.chars() {
        counts[slot(c)] -= 1;
    }
    let (surplus, deficit) = counts.iter().fold((0, 0), |(s, d), &n| if n > 0 { (s + n, d) } else { (s, d - n) });
    surplus.max(deficit) as usize
}

#[cfg(test)]
mod tests {
    use super::{bag_distance, within};

    #[test]
    fn typos_within_the_limit_are_found_and_others_rejected() {
        assert_eq!(within("metotrexate", "methotrexate", 2), Some(1));
        assert_eq!(within("azathiorpine", "azathioprine", 1), Some(1));
        assert_eq!(within("mycofenolate", "mycophenolate", 2), Some(2));
        assert_eq!(within("rituximab", "infliximab", 2), None);
        assert_eq!(within("ibm", "ivig", 1), None);
    }

    #[test]
    fn a_transposition_is_one_edit_and_a_limit_of_zero_is_an_exact_match() {
        assert_eq!(within("steriod", "steroid", 1), Some(1));
        assert_eq!(within("ivig", "ivig", 0), Some(0));
        assert_eq!(within("ivgi", "ivig", 0), None);
        assert_eq!(within("ivig", "ivigivig", 2), None, "four letters longer");
    }

    #[test]
    fn the_letter_count_bound_never_exceeds_the_edit_distance() {
        for (a, b) in [
            ("abc", "cab"),
            ("metotrexate", "methotrexate"),
            ("mycophenylate", "mycophenolate"),
            ("predisone", "prednisone"),
            ("ivig", "ibm"),
            ("é", "ü"),
        ] {
            assert!(bag_distance(a, b) <= strsim::osa_distance(a, b), "{a} {b}");
        }
        // The same letters in another order pass the bound and are measured.
        assert_eq!(bag_distance("abc", "cab"), 0);
        assert_eq!(within("abc", "cab", 1), None);
        assert_eq!(bag_distance("ivig", "ibm"), 3);
        assert_eq!(bag_distance("é", "ü"), 0, "non-ASCII letters share a slot");
    }
}
