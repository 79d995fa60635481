//! What each passage says something about (a dose, whether a drug works, what comes next, whether the
//! diagnosis is right), cited to its words, and the words that ask for each: data for the search.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::statement::RefContext;

/// Something a question can ask of its topic.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Aspect {
    /// Stable id, e.g. "next-option".
    pub id: String,
    /// In words, for answers ("side effects").
    pub label: String,
    /// Phrases that ask for it; "a + b" needs both parts.
    pub asked_by: Vec<String>,
    /// Whether it belongs to a drug: asked of a drug no passage addresses it for, the article does not say.
    #[serde(default)]
    pub scoped: bool,
    /// Aspects this one replaces when both are asked ("besides more drugs, what else": not the next drug).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    /// Page 6 addresses it for nothing ("which muscle to biopsy", "how sensitive a test is"): a question
    /// whose asked part asks it is told the article does not address it, whatever page-6 words it borrows.
    #[serde(default)]
    pub never_addressed: bool,
    /// For an aspect page 6 addresses for nothing: the addressed aspect nearest to it, whose sentences the
    /// answer quotes after saying the article does not address it ("how long to taper": page 6 gives no
    /// schedule, but says what to do when the taper is not tolerated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closest: Option<String>,
    /// Score added to the sentence holding its evidence when it is asked, instead of the file's
    /// `sentence_weight`: more for what a question asks in particular (a dose, swallowing) than for what
    /// many questions carry along (whether a drug works), so the sentence that says the particular leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_weight: Option<f32>,
    /// A finding that one of the article's settings answers ("CK high but full strength"): it counts as
    /// asked wherever the question names it, since the setting answers the case whatever its last words
    /// ask ("... CK stuck at 900, full strength. Escalate therapy?" is answered by "Treat the patient").
    #[serde(default)]
    pub finding: bool,
    /// Asked of the disease itself, not of a treatment: a question whose words are all generic asks it in
    /// full ("is myositis all one disease or are there different kinds of it?"), where "what dose for my
    /// patient" asks a dose of nothing named.
    #[serde(default)]
    pub of_the_disease: bool,
}

/// That a passage addresses an aspect, in its own words.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PassageAspect {
    /// The aspect's id.
    pub aspect: String,
    /// The drugs (therapy ids) it is about: needed for a scoped aspect; on any aspect, the sentence that
    /// says it is about them even where it does not name them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
    /// A verbatim phrase of the passage.
    pub evidence: String,
}

/// A passage's aspects.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PassageAspects {
    /// Passage id.
    pub id: String,
    /// Its aspects.
    #[serde(rename = "aspect")]
    pub aspects: Vec<PassageAspect>,
    /// The patient the passage speaks of, when it speaks of one ("improving symptoms"): a question that
    /// says otherwise is not about this passage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presumes: Option<PresumedPatient>,
}

/// The patient a passage's setting presumes, in its own words, and the aspects that say a question's
/// patient is not that one: "Persistent elevated muscle enzymes despite appropriate treatment and improving
/// symptoms: Treat the patient, not the number!" is not said of a patient whose treatment has failed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PresumedPatient {
    /// A verbatim phrase of the passage that states what it presumes.
    pub evidence: String,
    /// Aspect ids: asked anywhere in a question (its history too), the question's patient is not this one.
    pub not_when: Vec<String>,
    /// Aspect ids the passage addresses for any patient: asked, the passage answers whatever the patient
    /// ("MRI can identify active inflammation ... or vice versa" answers a weak patient with a normal CK).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub except_when: Vec<String>,
}

/// Page 6's standing advice for what a question asks ("If your myositis patient is not responding, rethink
/// the diagnosis ..." for a question that asks what next): quoted beside the answer when its passage is not
/// shown already, as `/refractory` always does.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reminder {
    /// The aspects that call for it, asked in the asked part of the question.
    pub when_asked: Vec<String>,
    /// The passage that gives it.
    pub passage: String,
    /// Its words, verbatim.
    pub evidence: String,
}

/// Every aspect and which passages address it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Aspects {
    /// Score a passage gains for each asked aspect it addresses.
    pub aspect_weight: f32,
    /// Share of that score for an aspect named only before the ask (in the history or findings).
    #[serde(default = "full_weight")]
    pub context_weight: f32,
    /// Score a passage gains for each asked finding it answers, instead of `aspect_weight`: the setting
    /// that answers the case ("PM on biopsy, now finger flexor weakness") outweighs the general aspects the
    /// question also asks ("reconsider the dx?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding_weight: Option<f32>,
    /// Score a passage's sentence gains for holding the evidence of an asked aspect, so the answer leads
    /// with the sentence that says it.
    #[serde(default)]
    pub sentence_weight: f32,
    /// Share of a passage's score it keeps when the question says its patient is not the one the passage's
    /// setting presumes.
    #[serde(default = "full_weight")]
    pub setting_share: f32,
    /// The aspects.
    #[serde(rename = "aspect", default)]
    pub aspects: Vec<Aspect>,
    /// The passages' aspects.
    #[serde(rename = "passage", default)]
    pub passages: Vec<PassageAspects>,
    /// Standing advice quoted beside the answers that ask for it.
    #[serde(rename = "reminder", default)]
    pub reminders: Vec<Reminder>,
}

fn full_weight() -> f32 {
    1.0
}

impl Aspects {
    /// The aspect with this id.
    pub fn get(&self, id: &str) -> Option<&Aspect> {
        self.aspects.iter().find(|a| a.id == id)
    }

    /// The verbatim evidence of an aspect, with the passage it is in, in file order.
    pub fn evidence(&self, aspect: &str) -> Vec<(&str, &str)> {
        self.passages
            .iter()
            .flat_map(|p| p.aspects.iter().filter(|a| a.aspect == aspect).map(|a| (p.id.as_str(), a.evidence.as_str())))
            .collect()
    }

    /// The patient a passage's setting presumes, if it presumes one.
    pub fn presumed(&self, passage: &str) -> Option<&PresumedPatient> {
        self.passages.iter().find(|p| p.id == passage).and_then(|p| p.presumes.as_ref())
    }

    /// The aspects a passage addresses, each with its evidence and the drugs it is about.
    pub fn of_passage<'a>(&'a self, passage: &'a str) -> impl Iterator<Item = &'a PassageAspect> + 'a {
        self.passages.iter().filter(move |p| p.id == passage).flat_map(|p| &p.aspects)
    }

    pub(super) fn validate(
        &self,
        file: &str,
        refs: &RefContext<'_>,
        therapies: &BTreeSet<&str>,
        problems: &mut Problems,
    ) {
        if !(self.aspect_weight.is_finite() && self.aspect_weight >= 0.0) {
            problems.push(file, "-", "aspect_weight", "must be a number of at least 0");
        }
        if !(self.sentence_weight.is_finite() && self.sentence_weight >= 0.0) {
            problems.push(file, "-", "sentence_weight", "must be a number of at least 0");
        }
        if self.finding_weight.is_some_and(|w| !(w.is_finite() && w >= 0.0)) {
            problems.push(file, "-", "finding_weight", "must be a number of at least 0");
        }
        if !(self.context_weight.is_finite() && (0.0..=1.0).contains(&self.context_weight)) {
            problems.push(file, "-", "context_weight", "must be a number from 0 to 1");
        }
        if !(self.setting_share.is_finite() && (0.0..=1.0).contains(&self.setting_share)) {
            problems.push(file, "-", "setting_share", "must be a number from 0 to 1");
        }
        let mut ids = BTreeSet::new();
        for aspect in &self.aspects {
            let entry = format!("aspect \"{}\"", aspect.id);
            if !ids.insert(aspect.id.as_str()) {
                problems.push(file, &entry, "id", "duplicate aspect id");
            }
            if aspect.asked_by.is_empty() {
                problems.push(file, &entry, "asked_by", "needs the words that ask for it");
            }
            for other in &aspect.overrides {
                if !self.aspects.iter().any(|a| &a.id == other) {
                    problems.push(file, &entry, "overrides", format!("no aspect \"{other}\""));
                }
            }
            if aspect.sentence_weight.is_some_and(|w| !(w.is_finite() && w >= 0.0)) {
                problems.push(file, &entry, "sentence_weight", "must be a number of at least 0");
            }
            match (&aspect.closest, aspect.never_addressed) {
                (Some(other), true) if !self.aspects.iter().any(|a| &a.id == other && !a.never_addressed) => {
                    problems.push(file, &entry, "closest", format!("\"{other}\" is not an aspect a passage addresses"))
                }
                (Some(_), false) => {
                    problems.push(file, &entry, "closest", "only an aspect page 6 never addresses has one")
                }
                _ => {}
            }
            for phrase in &aspect.asked_by {
                let ok = phrase.split(" + ").all(|part| {
                    !part.is_empty()
                        && part == part.to_lowercase()
                        && part.split(' ').all(|w| !w.is_empty() && w.chars().all(char::is_alphanumeric))
                });
                if !ok {
                    problems.push(
                        file,
                        &entry,
                        "asked_by",
                        format!("\"{phrase}\" must be lowercase words (parts joined by \" + \")"),
                    );
                }
            }
        }
        let mut addressed = BTreeSet::new();
        for passage in &self.passages {
            if let Some(setting) = &passage.presumes {
                let entry = format!("passage \"{}\" presumes", passage.id);
                refs.check_refs(
                    problems,
                    file,
                    &entry,
                    std::slice::from_ref(&passage.id),
                    &[],
                    Some(&setting.evidence),
                );
                if setting.not_when.is_empty() {
                    problems.push(file, &entry, "not_when", "needs the aspects that say the patient is another");
                }
                for (field, ids) in [("not_when", &setting.not_when), ("except_when", &setting.except_when)] {
                    for id in ids.iter().filter(|id| self.get(id).is_none()) {
                        problems.push(file, &entry, field, format!("no aspect \"{id}\""));
                    }
                }
            }
            for (i, a) in passage.aspects.iter().enumerate() {
                let entry = format!("passage \"{}\" aspect {}", passage.id, i + 1);
                refs.check_refs(problems, file, &entry, std::slice::from_ref(&passage.id), &[], Some(&a.evidence));
                match self.get(&a.aspect) {
                    None => problems.push(file, &entry, "aspect", format!("no aspect \"{}\"", a.aspect)),
                    Some(aspect) if aspect.scoped && a.about.is_empty() => {
                        problems.push(file, &entry, "about", "a scoped aspect needs the drugs it is about")
                    }
                    Some(_) => {}
                }
                for id in &a.about {
                    if !therapies.contains(id.as_str()) {
                        problems.push(
                            file,
                            &entry,
                            "about",
                            format!("\"{id}\" is not a therapy id of refractory.toml"),
                        );
                    }
                }
                addressed.insert(a.aspect.as_str());
            }
        }
        for (i, reminder) in self.reminders.iter().enumerate() {
            let entry = format!("reminder {}", i + 1);
            refs.check_refs(
                problems,
                file,
                &entry,
                std::slice::from_ref(&reminder.passage),
                &[],
                Some(&reminder.evidence),
            );
            if reminder.when_asked.is_empty() {
                problems.push(file, &entry, "when_asked", "needs the aspects that call for it");
            }
            for id in reminder.when_asked.iter().filter(|id| self.get(id).is_none()) {
                problems.push(file, &entry, "when_asked", format!("no aspect \"{id}\""));
            }
        }
        for aspect in &self.aspects {
            let entry = format!("aspect \"{}\"", aspect.id);
            match (addressed.contains(aspect.id.as_str()), aspect.never_addressed) {
                (false, false) => problems.push(
                    file,
                    entry,
                    "id",
                    "no passage addresses it: cite one, or set never_addressed = true if page 6 addresses it for nothing",
                ),
                (true, true) => problems.push(file, entry, "never_addressed", "a passage addresses it"),
                _ if aspect.never_addressed && aspect.scoped => {
                    problems.push(file, entry, "never_addressed", "a scoped aspect is addressed for some drug")
                }
                _ => {}
            }
        }
    }
}
