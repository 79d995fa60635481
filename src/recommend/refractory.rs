//! The refractory pathway: which options page 6 names for a diagnosis and flags, each with the article's
//! own qualifier, in the article's order. What was tried is recognised and marked, never taken for
//! resistance: it changes no stance.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::knowledge::{Article, Diagnosis, Flag, Refractory, Rule, Statement, Therapy};

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

/// One option with the article's qualifier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefractoryOption {
    /// Therapy id.
    pub therapy: String,
    /// Display name.
    pub name: String,
    /// The stance's id.
    pub stance: String,
    /// The stance's label, made of the qualifier's words.
    pub stance_label: String,
    /// The article's sentence that licenses the stance, verbatim.
    pub qualifier: String,
    /// Further verbatim phrases that belong with it.
    pub context: Vec<String>,
    /// Passage ids.
    pub passages: Vec<String>,
    /// Whether the patient has already had it.
    pub already_tried: bool,
}

/// The options, with what was understood of the request and what goes with every answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefractoryPlan {
    /// The diagnosis.
    pub diagnosis: Diagnosis,
    /// The flags that were set.
    pub flags: Vec<Flag>,
    /// Flags that were set but change nothing for this diagnosis.
    pub inert_flags: Vec<Flag>,
    /// Recognised therapies already tried (ids).
    pub tried: Vec<String>,
    /// Entries of `tried` that name no known therapy.
    pub unrecognised: Vec<String>,
    /// The options page 6 names for this request, in the article's order.
    pub options: Vec<RefractoryOption>,
    /// What the tried therapies call for saying (never a change of stance).
    pub tried_notes: Vec<Statement>,
    /// Statements for every answer and for this diagnosis: (heading, statements).
    pub context: Vec<(String, Vec<Statement>)>,
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

/// Works out the options page 6 names for this patient, in the article's order.
pub fn refractory(data: &Refractory, article: &Article, request: &RefractoryRequest) -> RefractoryPlan {
    let mut tried: Vec<&Therapy> = Vec::new();
    let mut unrecognised = Vec::new();
    for typed in &request.tried {
        match find_therapy(data, typed) {
            Some(t) if !tried.iter().any(|x| x.id == t.id) => tried.push(t),
            Some(_) => {}
            None => unrecognised.push(typed.clone()),
        }
    }
    let options = options_for(data, article, request.diagnosis, &request.flags, &tried);
    let inert_flags = request
        .flags
        .iter()
        .copied()
        .filter(|flag| {
            let mut without = request.flags.clone();
            without.remove(flag);
            options_for(data, article, request.diagnosis, &without, &tried) == options
        })
        .collect();
    let has_tried = |name: &str| tried.iter().any(|t| t.id == name || t.classes.iter().any(|c| c == name));
    let tried_notes = data
        .therapies
        .iter()
        .filter(|t| options.iter().any(|o| o.therapy == t.id))
        .flat_map(|t| &t.tried_notes)
        .filter(|n| {
            !(n.tried_all.is_empty() && n.tried_any.is_empty())
                && n.tried_all.iter().all(|x| has_tried(x))
                && (n.tried_any.is_empty() || n.tried_any.iter().any(|x| has_tried(x)))
        })
        .map(|n| n.statement.clone())
        .collect();
    let context = data
        .contexts
        .iter()
        .filter(|c| c.diagnoses.is_empty() || c.diagnoses.contains(&request.diagnosis))
        .map(|c| (c.heading.clone(), c.statements.clone()))
        .collect();
    RefractoryPlan {
        diagnosis: request.diagnosis,
        flags: request.flags.iter().copied().collect(),
        inert_flags,
        tried: tried.iter().map(|t| t.id.clone()).collect(),
        unrecognised,
        options,
        tried_notes,
        context,
    }
}

/// Each offered therapy whose rule holds, ordered by where its qualifier stands in the article.
fn options_for(
    data: &Refractory,
    article: &Article,
    diagnosis: Diagnosis,
    flags: &BTreeSet<Flag>,
    tried: &[&Therapy],
) -> Vec<RefractoryOption> {
    let holds = |rule: &Rule| rule.diagnoses.contains(&diagnosis) && rule.flags.iter().all(|f| flags.contains(f));
    let mut found: Vec<((usize, usize), usize, RefractoryOption)> = data
        .therapies
        .iter()
        .filter(|t| t.offered)
        .enumerate()
        .filter_map(|(order, t)| {
            let rule = t.rules.iter().find(|r| holds(r))?;
            let stance = data.stance(&rule.stance)?;
            Some((
                article_position(article, rule),
                order,
                RefractoryOption {
                    therapy: t.id.clone(),
                    name: t.name.clone(),
                    stance: stance.id.clone(),
                    stance_label: stance.label.clone(),
                    qualifier: rule.qualifier.clone(),
                    context: rule.context.clone(),
                    passages: rule.passages.clone(),
                    already_tried: tried.iter().any(|x| x.id == t.id),
                },
            ))
        })
        .collect();
    found.sort_by_key(|(position, order, _)| (*position, *order));
    found.into_iter().map(|(_, _, option)| option).collect()
}

/// (passage index, offset of the qualifier in it): the qualifier's place in the article.
fn article_position(article: &Article, rule: &Rule) -> (usize, usize) {
    rule.passages
        .iter()
        .filter_map(|id| {
            let index = article.passages.iter().position(|p| &p.id == id)?;
            let offset = article.passages[index].text.find(&rule.qualifier)?;
            Some((index, offset))
        })
        .min()
        .unwrap_or((usize::MAX, usize::MAX))
}
