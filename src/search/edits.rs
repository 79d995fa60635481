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
    use super::within;

    #[test]
    fn typos_within_the_limit_are_found_and_others_rejected() {
        assert_eq!(within("metotrexate", "methotrexate", 2), Some(1));
        assert_eq!(within("azathiorpine", "azathioprine", 1), Some(1));
        assert_eq!(within("mycofenolate", "mycophenolate", 2), Some(2));
        assert_eq!(within("rituximab", "infliximab", 2), None);
        assert_eq!(within("ibm", "ivig", 1), None);
    }
}
