//! Antibody lookup by name or alias: tolerant of case, dashes, spaces, "anti-" and one typo.

use serde::Serialize;

use crate::knowledge::{Ambiguous, Antibodies, Antibody, name_key};

/// How a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The name or an alias, ignoring case and punctuation.
    Exact,
    /// The start of a name or alias (e.g. "histidyl", "PL").
    Prefix,
    /// One or two typing errors away.
    Typo,
    /// The antisynthetase family as a whole.
    Family,
    /// A name that means more than one antibody ("SSA"): every one is listed, with why.
    Ambiguous,
    /// Nothing matched.
    None,
}

/// The result of a lookup.
#[derive(Debug, Clone, Serialize)]
pub struct Lookup<'a> {
    /// How the query matched.
    pub kind: MatchKind,
    /// Matching entries, in file order.
    pub matches: Vec<&'a Antibody>,
    /// Closest names when nothing matched.
    pub suggestions: Vec<String>,
    /// Why the name is ambiguous, when it is.
    pub ambiguous: Option<&'a Ambiguous>,
}

/// The antibody whose name or an alias is exactly `query` (ignoring case and punctuation), without the
/// typo search: cheap enough to try on every word of a question.
pub fn exact<'a>(antibodies: &'a Antibodies, query: &str) -> Option<&'a Antibody> {
    antibodies.by_key(&name_key(query))
}

/// Finds the antibodies a resident means by `query`.
pub fn lookup<'a>(antibodies: &'a Antibodies, query: &str) -> Lookup<'a> {
    let key = name_key(query);
    let found = |kind, matches: Vec<&'a Antibody>| Lookup { kind, matches, suggestions: Vec::new(), ambiguous: None };
    if key.is_empty() {
        return found(MatchKind::None, Vec::new());
    }
    if let Some(ambiguous) = antibodies.ambiguous_by_key(&key) {
        let matches = ambiguous.means.iter().filter_map(|id| antibodies.get(id)).collect();
        return Lookup { ambiguous: Some(ambiguous), ..found(MatchKind::Ambiguous, matches) };
    }
    let keys = |ab: &'a Antibody| std::iter::once(&ab.name).chain(&ab.aliases).map(|n| name_key(n));

    if let Some(ab) = antibodies.by_key(&key) {
        return found(MatchKind::Exact, vec![ab]);
    }
    if matches!(key.as_str(), "synthetase" | "synthetases" | "antisynthetase" | "ars" | "trnasynthetase") {
        let family: Vec<_> =
            antibodies.entries.iter().filter(|ab| ab.family.as_deref() == Some("antisynthetase")).collect();
        return found(MatchKind::Family, family);
    }
    if key.chars().count() >= 2 {
        let prefix: Vec<_> = antibodies.entries.iter().filter(|ab| keys(ab).any(|k| k.starts_with(&key))).collect();
        if !prefix.is_empty() {
            return found(MatchKind::Prefix, prefix);
        }
    }
    let allowed = if key.chars().count() >= 8 { 2 } else { 1 };
    let mut best: Option<(usize, Vec<&'a Antibody>)> = None;
    for ab in &antibodies.entries {
        let Some(distance) = keys(ab).map(|k| strsim::damerau_levenshtein(&k, &key)).min() else { continue };
        if distance > allowed || key.chars().count() < 3 {
            continue;
        }
        match &mut best {
            Some((d, list)) if *d == distance => list.push(ab),
            Some((d, _)) if *d < distance => {}
            _ => best = Some((distance, vec![ab])),
        }
    }
    if let Some((_, matches)) = best {
        return found(MatchKind::Typo, matches);
    }
    Lookup { suggestions: closest_names(antibodies, &key, 3), ..found(MatchKind::None, Vec::new()) }
}

/// The `limit` names closest to `key`, most similar first (ties by file order).
fn closest_names(antibodies: &Antibodies, key: &str, limit: usize) -> Vec<String> {
    let mut scored: Vec<(f64, usize, &str)> = antibodies
        .entries
        .iter()
        .enumerate()
        .map(|(i, ab)| {
            let score = std::iter::once(&ab.name)
                .chain(&ab.aliases)
                .map(|n| strsim::normalized_damerau_levenshtein(&name_key(n), key))
                .fold(0.0, f64::max);
            (score, i, ab.name.as_str())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(limit).map(|(_, _, name)| name.to_owned()).collect()
}

/// Names for autocomplete: up to `limit` entries whose name or alias contains what was typed, best first.
pub fn complete(antibodies: &Antibodies, typed: &str, limit: usize) -> Vec<String> {
    let key = name_key(typed);
    let mut ranked: Vec<(u8, usize, &str)> = antibodies
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, ab)| {
            let keys: Vec<String> = std::iter::once(&ab.name).chain(&ab.aliases).map(|n| name_key(n)).collect();
            let rank = if key.is_empty() {
                2
            } else if keys.iter().any(|k| k.starts_with(&key)) {
                0
            } else if keys.iter().any(|k| k.contains(&key)) {
                1
            } else {
                return None;
            };
            Some((rank, i, ab.name.as_str()))
        })
        .collect();
    ranked.sort();
    ranked.into_iter().take(limit).map(|(_, _, name)| name.to_owned()).collect()
}
