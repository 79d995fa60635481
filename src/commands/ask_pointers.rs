//! The structured commands a free-text question points to, with the question's own values filled in:
//! "70kg" gives `/dose weight:70 unit:kg`, "PM" gives `/refractory diagnosis:pm`, a named antibody gives
//! `/antibody name:…`.

use crate::Core;
use crate::knowledge::Diagnosis;
use crate::search::Found;

/// Words that ask for an amount.
const DOSE_WORDS: [&str; 12] =
    ["dose", "doses", "dosing", "dosage", "mg", "kg", "lb", "lbs", "weight", "weighs", "g", "much"];
/// The aspect (knowledge/aspects.toml) of a question `/refractory` answers: what to try when treatment
/// fails. Read from how the search read the question, so "what next for an untreated patient" (which asks
/// for the first treatment) is not pointed to the refractory options.
pub const REFRACTORY_ASPECT: &str = "next-option";
/// Words that name an antibody without saying which.
const ANTIBODY_WORDS: [&str; 7] =
    ["antibody", "antibodies", "autoantibody", "autoantibodies", "anti", "serology", "ana"];

/// Whether every "anti" of the question starts a drug's name ("anti-TNF", "anti-CD20": refractory.toml),
/// and no other word names an antibody without saying which.
fn anti_drug(core: &Core, words: &[String]) -> bool {
    let therapies = &core.knowledge.refractory.therapies;
    let names_drug = |next: &String| {
        let first_after_anti = |name: &str| {
            let rest = name.strip_prefix("anti")?;
            rest.split([' ', '-']).find(|w| !w.is_empty()).map(str::to_owned)
        };
        therapies
            .iter()
            .flat_map(|t| std::iter::once(&t.id).chain(&t.aliases))
            .any(|name| first_after_anti(name).as_ref() == Some(next))
    };
    words.iter().any(|w| w == "anti")
        && words.iter().enumerate().all(|(i, w)| match w.as_str() {
            "anti" => words.get(i + 1).is_some_and(names_drug),
            other => !ANTIBODY_WORDS.contains(&other),
        })
}

/// Structured commands that answer this kind of question better, with their options filled in. A `/dose`
/// pointer only where a weight matters: the article answers the question, and it asks of no drug or of one
/// page 6 doses per kg (not methotrexate, a fixed weekly amount; not a dose page 6 does not give).
pub fn pointers(core: &Core, question: &str, found: &Found) -> Vec<String> {
    let words = words(question);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let diagnosis = diagnosis(&words);
    let mut out = Vec::new();
    let per_kg = |id: &str| core.knowledge.dosing.regimens.iter().any(|r| r.drug.id() == id && r.amount.per_kg);
    // A regimen named by its own name or abbreviation ("methylpred pulse dose"): the methylprednisolone pulse
    // is a fixed 1 gm however the search groups it with prednisone, so a weight changes nothing.
    let regimens = named_regimens(core, &words);
    let weighed = if regimens.is_empty() {
        found.drugs.is_empty() || found.drugs.iter().any(|d| per_kg(d))
    } else {
        regimens.iter().any(|d| per_kg(d))
    };
    let answered = !found.hits.is_empty() && found.undosed.is_empty();
    if dose_in(&words) && answered && weighed && !someone_in(core, &words) {
        out.push(match weight(&words) {
            Some((n, unit)) => {
                format!("/dose weight:{n} unit:{unit} (page 6's per-kg doses for that weight, as a private reply)")
            }
            None => "/dose weight:<number> unit:kg (page 6's per-kg doses for a weight, as a private reply)".to_owned(),
        });
    }
    let head = &words[..words.len().min(40)];
    let antibody = (1..=3)
        .rev()
        .flat_map(|n| head.windows(n))
        .find_map(|window| crate::recommend::antibody::exact(&core.knowledge.antibodies, &window.concat()))
        .map(|ab| ab.name.clone());
    match antibody {
        Some(name) => out.push(format!("/antibody name:{name} (cited reference entry)")),
        // "anti" in a drug's name ("anti-TNF") names no antibody.
        None if has(&ANTIBODY_WORDS) && !anti_drug(core, &words) => {
            out.push("/antibody name:<name> (e.g. Jo-1, MDA5, HMGCR)".to_owned())
        }
        None => {}
    }
    if diagnosis == Some(Diagnosis::Ibm) {
        out.push("/ibm (features, the article's statements, the ENMC criteria)".to_owned());
    }
    let code = diagnosis.map_or("<pm, dm or ibm>", Diagnosis::code);
    // Asked a dose page 6 does not give, the answer to look at is where page 6 places the drug.
    if !found.undosed.is_empty() {
        out.insert(0, format!("/refractory diagnosis:{code} (where page 6 places each drug, with its passages)"));
    } else if found.asks(REFRACTORY_ASPECT) {
        out.push(format!("/refractory diagnosis:{code} (the options page 6 names, each in its own words)"));
    }
    if leaves_settings_out(core, found) {
        let spec = &super::reassess::SPEC;
        out.push(format!("/{} ({})", spec.name, spec.description));
    }
    out
}

/// Whether the answer leads with the passage that says to reassess "in the following settings" (reassess.toml's
/// intro) without the passages of those settings.
fn leaves_settings_out(core: &Core, found: &Found) -> bool {
    let reassess = &core.knowledge.reassess;
    let Some(best) = found.hits.first() else { return false };
    reassess.intro.passages.contains(&best.id)
        && !reassess.settings.iter().flat_map(|s| &s.passages).all(|p| found.hits.iter().any(|h| &h.id == p))
}

/// Whether a question asks for an amount: a dose word or a weight ("70 kg").
pub fn asks_a_dose(question: &str) -> bool {
    dose_in(&words(question))
}

fn dose_in(words: &[String]) -> bool {
    words.iter().any(|w| DOSE_WORDS.contains(&w.as_str())) || weight(words).is_some()
}

/// Whether the asker names the patient as someone of their own ("my mum is 60 kg"; reading.toml's
/// `asked_for_someone`): a relative is not offered a dose worked out for a weight.
pub fn asked_for_someone(core: &Core, question: &str) -> bool {
    someone_in(core, &words(question))
}

fn someone_in(core: &Core, words: &[String]) -> bool {
    any_phrase_in(&core.knowledge.reading.asked_for_someone, words)
}

/// Whether the question asks about today ("now", "latest"; reading.toml's `present_time`).
pub fn asks_about_today(core: &Core, question: &str) -> bool {
    any_phrase_in(&core.knowledge.reading.present_time, &words(question))
}

/// Whether the question compares what it names ("better than", "vs"; reading.toml's `compares`).
pub fn compares(core: &Core, question: &str) -> bool {
    any_phrase_in(&core.knowledge.reading.compares, &words(question))
}

/// Whether one of `phrases` (lowercase words) occurs in `words`, word by word.
fn any_phrase_in(phrases: &[String], words: &[String]) -> bool {
    phrases.iter().any(|phrase| {
        let phrase: Vec<&str> = phrase.split(' ').collect();
        words.windows(phrase.len()).any(|w| w.iter().zip(&phrase).all(|(a, b)| a == b))
    })
}

/// The dosing.toml regimens (drug ids) the question names by id or by a word knowledge/synonyms.toml maps
/// to one ("methylpred", "solumedrol" → methylprednisolone; "pred" → prednisone).
fn named_regimens(core: &Core, words: &[String]) -> Vec<&'static str> {
    let canonical = &core.knowledge.synonyms.canonical;
    let mut named: Vec<&'static str> = core
        .knowledge
        .dosing
        .regimens
        .iter()
        .map(|r| r.drug.id())
        .filter(|id| words.iter().any(|w| w == id || canonical.get(w).is_some_and(|c| c == id)))
        .collect();
    named.dedup();
    named
}

/// Lowercase words, with a number glued to its unit split off ("70kg" is "70", "kg").
fn words(question: &str) -> Vec<String> {
    let lower = question.to_lowercase();
    let mut out = Vec::new();
    for word in lower.split(|c: char| !(c.is_alphanumeric() || c == '.')).map(|w| w.trim_matches('.')) {
        let digits = word.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(word.len());
        let (number, unit) = word.split_at(digits);
        out.extend([number, unit].into_iter().filter(|w| !w.is_empty()).map(str::to_owned));
    }
    out
}

/// A weight the question gives: a number followed by kg or lb ("70 kg", "70kg", "154 lbs").
fn weight(words: &[String]) -> Option<(String, &'static str)> {
    words.windows(2).find_map(|w| {
        let n: f64 = w[0].parse().ok()?;
        let unit = match w[1].as_str() {
            "kg" | "kgs" | "kilo" | "kilos" => "kg",
            "lb" | "lbs" | "pounds" => "lb",
            _ => return None,
        };
        (n.is_finite() && n > 0.0).then(|| (w[0].clone(), unit))
    })
}

/// The diagnosis the question names, if it names exactly one.
fn diagnosis(words: &[String]) -> Option<Diagnosis> {
    let named: Vec<Diagnosis> = Diagnosis::ALL
        .into_iter()
        .filter(|d| {
            let names: &[&str] = match d {
                Diagnosis::Pm => &["pm", "polymyositis"],
                Diagnosis::Dm => &["dm", "dermatomyositis"],
                Diagnosis::Ibm => &["ibm", "sibm", "inclusion"],
            };
            words.iter().any(|w| names.contains(&w.as_str()))
        })
        .collect();
    match named.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{REFRACTORY_ASPECT, diagnosis, weight, words};
    use crate::knowledge::Diagnosis;

    #[test]
    fn the_refractory_aspect_is_one_the_knowledge_has() {
        let knowledge = crate::knowledge::shipped();
        assert!(knowledge.aspects.get(REFRACTORY_ASPECT).is_some_and(|a| !a.never_addressed));
    }

    #[test]
    fn a_weight_is_read_with_or_without_a_space() {
        assert_eq!(weight(&words("what dose of pred for 70kg DM")), Some(("70".to_owned(), "kg")));
        assert_eq!(weight(&words("pred for 70 kg")), Some(("70".to_owned(), "kg")));
        assert_eq!(weight(&words("154 lbs lady")), Some(("154".to_owned(), "lb")));
        assert_eq!(weight(&words("62.5kg")), Some(("62.5".to_owned(), "kg")));
        assert_eq!(weight(&words("ck 4000 and 2 mg/kg")), None);
    }

    #[test]
    fn one_named_diagnosis_fills_the_pointer() {
        assert_eq!(diagnosis(&words("ritux for refractory PM")), Some(Diagnosis::Pm));
        assert_eq!(diagnosis(&words("IBM and ivig")), Some(Diagnosis::Ibm));
        assert_eq!(diagnosis(&words("pm or dm")), None);
    }
}
