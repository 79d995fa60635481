//! The refractory pathway: which options the article offers for a diagnosis, flags and therapies tried.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::knowledge::{Diagnosis, Flag, Refractory, Rule, Stance, Therapy};

/// What the user told us about the patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefractoryRequest {
    /// PM, DM or IBM.
    pub diagnosis: Diagnosis,
    /// Flags that are set.
    pub flags: BTreeSet<Flag>,
    /// Therapies already tried, as typed (names, abbreviations, brands).
    pub tried: Vec<String>,
}

/// One option with its stance and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefractoryOption {
    /// Therapy id.
    pub therapy: String,
    /// Display name.
    pub name: String,
    /// favored, consider, reserve, uncertain or not-recommended.
    pub stance: Stance,
    /// Why, in the project's words.
    pub reason: String,
    /// Passage ids.
    pub passages: Vec<String>,
    /// Verbatim phrase from the passage.
    pub evidence: String,
    /// Whether the patient has already had it.
    pub already_tried: bool,
}

/// The ordered options, with what was understood of the `tried` list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefractoryPlan {
    /// The diagnosis.
    pub diagnosis: Diagnosis,
    /// The flags that were set.
    pub flags: Vec<Flag>,
    /// Recognised therapies already tried (ids).
    pub tried: Vec<String>,
    /// Entries of `tried` that name no known therapy.
    pub unrecognised: Vec<String>,
    /// Options not yet tried first, strongest stance first, then the article's order; tried ones last.
    pub options: Vec<RefractoryOption>,
}

/// Lowercase, dashes and underscores as spaces, single spaces: how therapy names are compared.
fn therapy_key(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == '–' || c == '—' || c == '_' { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds the therapy a user's word means: id, name or alias, ignoring case, dashes and spacing.
pub fn find_therapy<'a>(refractory: &'a Refractory, typed: &str) -> Option<&'a Therapy> {
    let key = therapy_key(typed);
    refractory.therapies.iter().find(|t| {
        std::iter::once(&t.id).chain(std::iter::once(&t.name)).chain(&t.aliases).any(|n| therapy_key(n) == key)
    })
}

/// Splits a typed list ("MTX, imuran and IVIG") into entries.
pub fn split_tried(text: &str) -> Vec<String> {
    text.split([',', ';', '\n'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Works out every offered therapy's stance for this patient.
pub fn refractory(data: &Refractory, request: &RefractoryRequest) -> RefractoryPlan {
    let mut tried: Vec<&Therapy> = Vec::new();
    let mut unrecognised = Vec::new();
    for typed in &request.tried {
        match find_therapy(data, typed) {
            Some(t) if !tried.iter().any(|x| x.id == t.id) => tried.push(t),
            Some(_) => {}
            None => unrecognised.push(typed.clone()),
        }
    }
    let has_tried = |name: &str| tried.iter().any(|t| t.id == name || t.classes.iter().any(|c| c == name));
    let holds = |rule: &Rule| {
        rule.diagnoses.contains(&request.diagnosis)
            && rule.flags.iter().all(|f| request.flags.contains(f))
            && rule.tried_all.iter().all(|n| has_tried(n))
            && (rule.tried_any.is_empty() || rule.tried_any.iter().any(|n| has_tried(n)))
    };
    let mut options: Vec<(usize, RefractoryOption)> = data
        .therapies
        .iter()
        .filter(|t| t.offered)
        .enumerate()
        .filter_map(|(order, t)| {
            let rule = t.rules.iter().find(|r| holds(r))?;
            Some((
                order,
                RefractoryOption {
                    therapy: t.id.clone(),
                    name: t.name.clone(),
                    stance: rule.stance,
                    reason: rule.reason.clone(),
                    passages: rule.passages.clone(),
                    evidence: rule.evidence.clone(),
                    already_tried: tried.iter().any(|x| x.id == t.id),
                },
            ))
        })
        .collect();
    options.sort_by_key(|(order, o)| (o.already_tried, o.stance, *order));
    RefractoryPlan {
        diagnosis: request.diagnosis,
        flags: request.flags.iter().copied().collect(),
        tried: tried.iter().map(|t| t.id.clone()).collect(),
        unrecognised,
        options: options.into_iter().map(|(_, o)| o).collect(),
    }
}
