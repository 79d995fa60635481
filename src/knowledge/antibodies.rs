//! Myositis autoantibodies from cited outside sources (not the article's missing Table 3).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::problems::Problems;
use super::statement::{RefContext, Statement};

/// Myositis-specific or myositis-associated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AntibodyGroup {
    /// Found (almost) only in myositis.
    MyositisSpecific,
    /// Found in myositis and in other connective tissue diseases.
    MyositisAssociated,
}

impl AntibodyGroup {
    /// Human wording, e.g. "myositis-specific".
    pub fn label(self) -> &'static str {
        match self {
            Self::MyositisSpecific => "myositis-specific",
            Self::MyositisAssociated => "myositis-associated",
        }
    }
}

/// Whether the antibody was known when the article appeared (January 2008).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Era {
    /// Known by January 2008.
    #[serde(rename = "known-by-2008")]
    KnownBy2008,
    /// Described after the article.
    DescribedLater,
}

/// One autoantibody entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Antibody {
    /// Stable id, e.g. "jo1".
    pub id: String,
    /// Display name, e.g. "anti-Jo-1".
    pub name: String,
    /// Other names a resident may type (antigen names, old names).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The target antigen, when the cited sources name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antigen: Option<String>,
    /// Myositis-specific or myositis-associated.
    pub group: AntibodyGroup,
    /// Family, e.g. "antisynthetase".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// How often it is found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevalence: Option<String>,
    /// The clinical picture.
    pub phenotype: String,
    /// Interstitial lung disease association.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ild: Option<String>,
    /// Cancer association.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancer: Option<String>,
    /// Prognosis and treatment response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prognosis: Option<String>,
    /// Known by 2008 or described later.
    pub era: Era,
    /// Year first described, required for antibodies described after the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// Caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Source ids from sources.toml.
    pub sources: Vec<String>,
}

impl Antibody {
    /// The era in words, e.g. "known by January 2008" or "described after the article (2010)".
    pub fn era_label(&self) -> String {
        match (self.era, self.year) {
            (Era::KnownBy2008, Some(year)) => format!("known by January 2008 (described {year})"),
            (Era::KnownBy2008, None) => "known by January 2008".to_owned(),
            (Era::DescribedLater, Some(year)) => format!("described after the article ({year})"),
            (Era::DescribedLater, None) => "described after the article".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AntibodiesFile {
    pub general: Option<Statement>,
    #[serde(rename = "antibody")]
    pub antibodies: Vec<Antibody>,
}

/// The antibody catalogue.
#[derive(Debug, Clone)]
pub struct Antibodies {
    /// Context that applies to every antibody result (e.g. ANA frequency from the article's page 3).
    pub general: Option<Statement>,
    /// The entries, in file order.
    pub entries: Vec<Antibody>,
    /// Lookup key of every name and alias → entry index (first entry wins; duplicates are a `check` error).
    keys: BTreeMap<String, usize>,
}

/// The lookup key of a name: lowercase, without "anti", spaces, dashes or punctuation; γ spelled "gamma".
pub fn name_key(name: &str) -> String {
    let lowered = name.trim().to_lowercase().replace('γ', "gamma");
    let compact: String = lowered.chars().filter(|c| c.is_alphanumeric()).collect();
    match compact.strip_prefix("anti") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => compact,
    }
}

impl Antibodies {
    /// The catalogue with its name index.
    pub(super) fn new(general: Option<Statement>, entries: Vec<Antibody>) -> Self {
        let mut keys = BTreeMap::new();
        for (i, ab) in entries.iter().enumerate() {
            for name in std::iter::once(&ab.name).chain(&ab.aliases) {
                keys.entry(name_key(name)).or_insert(i);
            }
        }
        Self { general, entries, keys }
    }

    /// The entry whose name or an alias has exactly this lookup key.
    pub fn by_key(&self, key: &str) -> Option<&Antibody> {
        self.keys.get(key).and_then(|&i| self.entries.get(i))
    }

    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        if let Some(general) = &self.general {
            refs.check_statement(problems, file, "general", general);
        }
        let mut ids = BTreeMap::new();
        let mut keys: BTreeMap<String, &str> = BTreeMap::new();
        for ab in &self.entries {
            let entry = format!("antibody \"{}\"", ab.id);
            if ids.insert(ab.id.as_str(), ()).is_some() {
                problems.push(file, &entry, "id", "duplicate antibody id");
            }
            for (field, value) in [("name", &ab.name), ("phenotype", &ab.phenotype)] {
                if value.trim().is_empty() {
                    problems.push(file, &entry, field, "is empty");
                }
            }
            for name in std::iter::once(&ab.name).chain(&ab.aliases) {
                let key = name_key(name);
                if key.is_empty() {
                    problems.push(file, &entry, "aliases", format!("\"{name}\" has no letters or digits"));
                    continue;
                }
                if let Some(other) = keys.insert(key, ab.id.as_str())
                    && other != ab.id
                {
                    problems.push(file, &entry, "aliases", format!("\"{name}\" also names antibody \"{other}\""));
                }
            }
            if ab.era == Era::DescribedLater && ab.year.is_none() {
                problems.push(file, &entry, "year", "an antibody described after the article needs the year");
            }
            if ab.sources.is_empty() {
                problems.push(file, &entry, "sources", "needs at least one source");
            }
            refs.check_refs(problems, file, &entry, &[], &ab.sources, None);
        }
    }
}
