//! Review as a practice: every entry that prints a clinical statement (or a quiz question) records when it
//! was last read against its sources, and the text of the article passages it cites at that time (as a
//! hash). When a passage changes, `check` names every statement and question that cites it until someone
//! reviews them again and records it with `myositis-bot review --mark`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::problems::Problems;
use super::{Antibodies, Article, Dosing, Ibm, Monitor, QuizQuestion, Reassess, Refractory};

/// The file the records live in, in the knowledge folder.
pub const FILE: &str = "reviews.toml";

/// How many hex digits of a passage's SHA-256 are kept: enough to notice any edit.
const HASH_DIGITS: usize = 16;

/// One review: which entry, when, and the cited passages' text as it was then.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The entry's key, e.g. "refractory/therapy/ivig".
    pub entry: String,
    /// The day it was reviewed (YYYY-MM-DD).
    pub date: String,
    /// Passage id → hash of its text at the review.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub passages: BTreeMap<String, String>,
}

/// The review records, as stored.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reviews {
    /// One record per entry, ordered by entry.
    #[serde(default, rename = "review")]
    pub records: Vec<Review>,
}

/// An entry that must be reviewed: its key, the file it is in, and the passages it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewable {
    /// Stable key.
    pub key: String,
    /// The knowledge file it is in.
    pub file: String,
    /// The article passages it cites.
    pub passages: Vec<String>,
}

/// Where an entry stands against its last review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Reviewed, and its passages are unchanged since.
    Current {
        /// When.
        date: String,
    },
    /// Never reviewed.
    Unreviewed,
    /// Reviewed, but these passages changed (or were added or dropped) since.
    Changed {
        /// When it was reviewed.
        date: String,
        /// The passages that differ.
        passages: Vec<String>,
    },
}

/// The hash recorded for a passage's text.
pub fn passage_hash(text: &str) -> String {
    let digest = format!("{:x}", Sha256::digest(text.as_bytes()));
    digest.chars().take(HASH_DIGITS).collect()
}

/// The parts of the knowledge whose entries are reviewed.
pub struct Parts<'a> {
    /// Dosing.
    pub dosing: &'a Dosing,
    /// Refractory options.
    pub refractory: &'a Refractory,
    /// "Is this IIM?".
    pub reassess: &'a Reassess,
    /// Monitoring.
    pub monitor: &'a Monitor,
    /// IBM.
    pub ibm: &'a Ibm,
    /// Antibodies.
    pub antibodies: &'a Antibodies,
    /// Quiz questions.
    pub quiz: &'a [QuizQuestion],
}

/// Every entry that prints a clinical statement or asks a question, with the passages it cites.
pub fn reviewables(parts: &Parts<'_>) -> Vec<Reviewable> {
    let mut out = Vec::new();
    let mut add = |file: &str, key: String, passages: Vec<String>| {
        let mut passages = passages;
        passages.sort();
        passages.dedup();
        out.push(Reviewable { key, file: file.to_owned(), passages });
    };
    let d = parts.dosing;
    add("dosing.toml", "dosing/population".to_owned(), d.population.passages.clone());
    for r in &d.regimens {
        add("dosing.toml", format!("dosing/regimen/{}", r.drug.id()), r.passages.clone());
    }
    for n in &d.notes {
        add("dosing.toml", format!("dosing/note/{}", n.id), n.passages.clone());
    }
    let dosing_passages = d.regimens.iter().flat_map(|r| r.passages.iter().cloned()).collect();
    add("dosing.toml", "dosing/not-in-article".to_owned(), dosing_passages);
    for t in parts.refractory.therapies.iter().filter(|t| !t.rules.is_empty() || !t.tried_notes.is_empty()) {
        let passages = t
            .rules
            .iter()
            .flat_map(|r| r.passages.iter())
            .chain(t.tried_notes.iter().flat_map(|n| n.statement.passages.iter()));
        add("refractory.toml", format!("refractory/therapy/{}", t.id), passages.cloned().collect());
    }
    for s in parts.refractory.contexts.iter().flat_map(|c| &c.statements) {
        add("refractory.toml", format!("refractory/context/{}", s.id), s.passages.clone());
    }
    let r = parts.reassess;
    add("reassess.toml", format!("reassess/{}", r.intro.id), r.intro.passages.clone());
    for setting in &r.settings {
        let passages = setting.passages.iter().chain(setting.points.iter().flat_map(|p| p.passages.iter()));
        add("reassess.toml", format!("reassess/setting/{}", setting.number), passages.cloned().collect());
    }
    for s in &r.closing {
        add("reassess.toml", format!("reassess/closing/{}", s.id), s.passages.clone());
    }
    let m = parts.monitor;
    for s in &m.statements {
        add("monitor.toml", format!("monitor/statement/{}", s.id), s.passages.clone());
    }
    add(
        "monitor.toml",
        "monitor/core-set".to_owned(),
        m.core_set.iter().flat_map(|s| s.passages.iter().cloned()).collect(),
    );
    add(
        "monitor.toml",
        "monitor/not-in-article".to_owned(),
        m.statements.iter().flat_map(|s| s.passages.iter().cloned()).collect(),
    );
    for s in &parts.ibm.article {
        add("ibm.toml", format!("ibm/article/{}", s.id), s.passages.clone());
    }
    for f in &parts.ibm.features {
        add("ibm.toml", format!("ibm/feature/{}", f.id), f.passages.clone());
    }
    add("ibm.toml", "ibm/enmc-2011".to_owned(), Vec::new());
    if parts.antibodies.general.is_some() {
        add("antibodies.toml", "antibodies/general".to_owned(), Vec::new());
    }
    for a in &parts.antibodies.ambiguous {
        let name = a.names.first().map(|n| super::name_key(n)).unwrap_or_default();
        add("antibodies.toml", format!("antibodies/ambiguous/{name}"), Vec::new());
    }
    for a in &parts.antibodies.entries {
        add("antibodies.toml", format!("antibodies/antibody/{}", a.id), Vec::new());
    }
    for q in parts.quiz {
        add("quiz", format!("quiz/{}", q.id), q.passages.clone());
    }
    out
}

impl Reviews {
    /// The record of an entry.
    pub fn of(&self, key: &str) -> Option<&Review> {
        self.records.iter().find(|r| r.entry == key)
    }

    /// The oldest review date (YYYY-MM-DD sorts as text).
    pub fn oldest(&self) -> Option<&str> {
        self.records.iter().map(|r| r.date.as_str()).min()
    }

    /// Where an entry stands: compares the hashes recorded at its review with the passages' text now.
    pub fn status(&self, entry: &Reviewable, article: &Article) -> Status {
        let Some(record) = self.of(&entry.key) else { return Status::Unreviewed };
        let now = hashes(entry, article);
        let mut changed: Vec<String> = now
            .iter()
            .filter(|(id, hash)| record.passages.get(*id) != Some(*hash))
            .map(|(id, _)| id.clone())
            .chain(record.passages.keys().filter(|id| !now.contains_key(*id)).cloned())
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            Status::Current { date: record.date.clone() }
        } else {
            Status::Changed { date: record.date.clone(), passages: changed }
        }
    }

    /// Records a review of `entries` on `date`, with their passages as they are now.
    pub fn mark(&mut self, entries: &[&Reviewable], article: &Article, date: &str) {
        for entry in entries {
            let record = Review { entry: entry.key.clone(), date: date.to_owned(), passages: hashes(entry, article) };
            match self.records.iter_mut().find(|r| r.entry == entry.key) {
                Some(existing) => *existing = record,
                None => self.records.push(record),
            }
        }
        self.records.sort_by(|a, b| a.entry.cmp(&b.entry));
    }

    /// Drops the records of entries that no longer exist.
    pub fn prune(&mut self, entries: &[Reviewable]) {
        self.records.retain(|r| entries.iter().any(|e| e.key == r.entry));
    }

    /// The file's text: a header saying what it is, then the records.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let header = "# Review records, written by `myositis-bot review --mark`: when each entry was last read against\n\
                      # its sources, and a hash of each article passage it cites as it was then. `myositis-bot check`\n\
                      # names every entry whose passages changed since, until it is reviewed and marked again.\n\n";
        Ok(format!("{header}{}", toml::to_string(self)?))
    }

    /// Checks the records against the entries: dates, unknown entries, entries never reviewed or whose
    /// passages changed since.
    pub fn validate(&self, entries: &[Reviewable], article: &Article, problems: &mut Problems) {
        for record in &self.records {
            if record.date.parse::<jiff::civil::Date>().is_err() {
                problems.push(FILE, format!("review \"{}\"", record.entry), "date", "must be a date, YYYY-MM-DD");
            }
            if !entries.iter().any(|e| e.key == record.entry) {
                problems.push(
                    FILE,
                    format!("review \"{}\"", record.entry),
                    "entry",
                    "no such entry any more (run `myositis-bot review --mark` to tidy the records)",
                );
            }
        }
        for entry in entries {
            match self.status(entry, article) {
                Status::Current { .. } => {}
                Status::Unreviewed => problems.push(
                    &entry.file,
                    &entry.key,
                    "reviewed",
                    format!(
                        "has never been reviewed: read it against its sources, then run `myositis-bot review --mark {}`",
                        entry.key
                    ),
                ),
                Status::Changed { date, passages } => problems.push(
                    &entry.file,
                    &entry.key,
                    "passages",
                    format!(
                        "the passages it cites changed since its review on {date} ({}: text edited, or passage added or \
                         dropped): review it against them, then run `myositis-bot review --mark {}`",
                        passages.join(", "),
                        entry.key
                    ),
                ),
            }
        }
    }
}

fn hashes(entry: &Reviewable, article: &Article) -> BTreeMap<String, String> {
    entry.passages.iter().filter_map(|id| article.passage(id).map(|p| (id.clone(), passage_hash(&p.text)))).collect()
}

#[cfg(test)]
mod tests {
    use super::passage_hash;

    #[test]
    fn a_passage_hash_changes_with_any_edit() {
        let before = passage_hash("Prednisone remains the first-line pharmacologic therapy for PM and DM.");
        let after = passage_hash("Prednisone remains the first-line pharmacologic therapy for PM, DM.");
        assert_eq!(before.len(), 16);
        assert_ne!(before, after);
    }
}
