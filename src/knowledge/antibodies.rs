//! Myositis autoantibodies from cited outside sources (not the article's missing Table 3), claim by claim:
//! every field the bot prints rests on the sources that say it, with their own words beside it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::claim::Claim;
use super::numbers::numbers;
use super::problems::Problems;
use super::statement::RefContext;

/// The year the article appeared: an antibody known by then could have been in its Table 3.
pub const ARTICLE_YEAR: u32 = 2008;

/// How the cited sources classify an antibody; a `group` claim says which source does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AntibodyGroup {
    /// A source counts it among the myositis-specific antibodies.
    MyositisSpecific,
    /// A source counts it among the myositis-associated antibodies (found in myositis and in other
    /// connective tissue diseases).
    MyositisAssociated,
    /// The sources find it in other diseases too but do not classify it as either.
    NotSpecific,
}

impl AntibodyGroup {
    /// Human wording, e.g. "myositis-specific".
    pub fn label(self) -> &'static str {
        match self {
            Self::MyositisSpecific => "myositis-specific",
            Self::MyositisAssociated => "myositis-associated (also found in other connective tissue diseases)",
            Self::NotSpecific => "not specific to myositis (the sources also find it in other diseases)",
        }
    }
}

/// Whether the antibody was known when the article appeared (January 2008).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Era {
    /// Known by January 2008: a discovery claim cites a source from before 2008.
    #[serde(rename = "known-by-2008")]
    KnownBy2008,
    /// Described after the article, in `year`.
    DescribedLater,
    /// No cited source dates it.
    Undated,
}

/// What part of an entry a claim is about; entries print their claims in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The target antigen.
    Antigen,
    /// Why it is myositis-specific or myositis-associated.
    Group,
    /// When and by whom it was described (and, separately, when its target was identified).
    Discovery,
    /// How often it is found.
    Prevalence,
    /// The clinical picture.
    Phenotype,
    /// Interstitial lung disease.
    Ild,
    /// Cancer association.
    Cancer,
    /// Course and outcome.
    Prognosis,
    /// Treatment response.
    Treatment,
    /// A caveat.
    Note,
}

impl Field {
    /// The label a line starts with.
    pub fn label(self) -> &'static str {
        match self {
            Self::Antigen => "Antigen",
            Self::Group => "Why this group",
            Self::Discovery => "When known",
            Self::Prevalence => "How common",
            Self::Phenotype => "Clinical picture",
            Self::Ild => "ILD",
            Self::Cancer => "Cancer",
            Self::Prognosis => "Prognosis",
            Self::Treatment => "Treatment",
            Self::Note => "Note",
        }
    }

    /// Fields an entry always shows, saying that the entry has no sourced claim on it when it has none.
    pub const ALWAYS_SHOWN: [Field; 4] = [Field::Antigen, Field::Ild, Field::Cancer, Field::Prognosis];
}

/// A claim about one field of an entry.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldClaim {
    /// Which field.
    pub field: Field,
    /// The claim as the bot prints it.
    pub text: String,
    /// The sources that say it.
    pub sources: Vec<String>,
    /// Their own words.
    #[serde(deserialize_with = "super::claim::one_or_many")]
    pub excerpt: Vec<String>,
}

impl FieldClaim {
    /// The claim without its field.
    pub fn claim(&self) -> Claim {
        Claim { text: self.text.clone(), sources: self.sources.clone(), excerpt: self.excerpt.clone() }
    }
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
    /// Myositis-specific or myositis-associated; a `group` claim says why.
    pub group: AntibodyGroup,
    /// Family, e.g. "antisynthetase".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    /// Known by 2008, described later, or undated; a `discovery` claim says why.
    pub era: Era,
    /// Year first described, when a cited source states it; required for antibodies described later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// The claims, each with its own sources and their words.
    #[serde(rename = "claim")]
    pub claims: Vec<FieldClaim>,
}

impl Antibody {
    /// The era in words, e.g. "known by January 2008" or "described after the article (2010)".
    pub fn era_label(&self) -> String {
        match (self.era, self.year) {
            (Era::KnownBy2008, Some(year)) => format!("known by January 2008 (described {year})"),
            (Era::KnownBy2008, None) => "known by January 2008".to_owned(),
            (Era::DescribedLater, Some(year)) => format!("described after the article ({year})"),
            (Era::DescribedLater, None) => "described after the article".to_owned(),
            (Era::Undated, _) => "not dated in the cited sources".to_owned(),
        }
    }

    /// The claims about one field, in file order.
    pub fn claims_of(&self, field: Field) -> impl Iterator<Item = &FieldClaim> {
        self.claims.iter().filter(move |c| c.field == field)
    }
}

/// A name that means more than one antibody (e.g. "SSA"): the lookup lists them all, with why.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ambiguous {
    /// The names.
    pub names: Vec<String>,
    /// The antibody ids they may mean.
    pub means: Vec<String>,
    /// Why, with its sources.
    pub text: String,
    /// The sources.
    pub sources: Vec<String>,
    /// Their words.
    #[serde(deserialize_with = "super::claim::one_or_many")]
    pub excerpt: Vec<String>,
}

impl Ambiguous {
    /// The explanation as a claim.
    pub fn claim(&self) -> Claim {
        Claim { text: self.text.clone(), sources: self.sources.clone(), excerpt: self.excerpt.clone() }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AntibodiesFile {
    pub general: Option<Claim>,
    #[serde(default)]
    pub ambiguous: Vec<Ambiguous>,
    #[serde(rename = "antibody")]
    pub antibodies: Vec<Antibody>,
}

/// The antibody catalogue.
#[derive(Debug, Clone)]
pub struct Antibodies {
    /// Context that applies to every antibody result (e.g. ANA frequency from the article's page 3).
    pub general: Option<Claim>,
    /// Names that mean more than one antibody.
    pub ambiguous: Vec<Ambiguous>,
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
    pub(super) fn new(file: AntibodiesFile) -> Self {
        let mut keys = BTreeMap::new();
        for (i, ab) in file.antibodies.iter().enumerate() {
            for name in std::iter::once(&ab.name).chain(&ab.aliases) {
                keys.entry(name_key(name)).or_insert(i);
            }
        }
        Self { general: file.general, ambiguous: file.ambiguous, entries: file.antibodies, keys }
    }

    /// The entry whose name or an alias has exactly this lookup key.
    pub fn by_key(&self, key: &str) -> Option<&Antibody> {
        self.keys.get(key).and_then(|&i| self.entries.get(i))
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Antibody> {
        self.entries.iter().find(|a| a.id == id)
    }

    /// The ambiguous name this key spells, if any.
    pub fn ambiguous_by_key(&self, key: &str) -> Option<&Ambiguous> {
        self.ambiguous.iter().find(|a| a.names.iter().any(|n| name_key(n) == key))
    }

    pub(super) fn validate(&self, file: &str, refs: &RefContext<'_>, problems: &mut Problems) {
        if let Some(general) = &self.general {
            general.check(refs, problems, file, "general");
        }
        let mut ids = BTreeMap::new();
        let mut keys: BTreeMap<String, String> = BTreeMap::new();
        for ab in &self.entries {
            let entry = format!("antibody \"{}\"", ab.id);
            if ids.insert(ab.id.as_str(), ()).is_some() {
                problems.push(file, &entry, "id", "duplicate antibody id");
            }
            if ab.name.trim().is_empty() {
                problems.push(file, &entry, "name", "is empty");
            }
            for name in std::iter::once(&ab.name).chain(&ab.aliases) {
                let key = name_key(name);
                if key.is_empty() {
                    problems.push(file, &entry, "aliases", format!("\"{name}\" has no letters or digits"));
                    continue;
                }
                if let Some(other) = keys.insert(key, ab.id.clone())
                    && other != ab.id
                {
                    problems.push(file, &entry, "aliases", format!("\"{name}\" also names antibody \"{other}\""));
                }
            }
            for (i, c) in ab.claims.iter().enumerate() {
                c.claim().check(refs, problems, file, &format!("{entry} claim {} ({})", i + 1, c.field.label()));
            }
            if ab.claims_of(Field::Group).next().is_none() {
                problems.push(
                    file,
                    &entry,
                    "group",
                    "needs a claim of field \"group\" whose source supports the label",
                );
            }
            validate_era(ab, refs, problems, file, &entry);
        }
        for a in &self.ambiguous {
            let entry = format!("ambiguous \"{}\"", a.names.first().map(String::as_str).unwrap_or("-"));
            a.claim().check(refs, problems, file, &entry);
            for id in &a.means {
                if self.get(id).is_none() {
                    problems.push(file, &entry, "means", format!("no antibody with id \"{id}\""));
                }
            }
            for name in &a.names {
                if let Some(other) = keys.get(&name_key(name)) {
                    problems.push(
                        file,
                        &entry,
                        "names",
                        format!("\"{name}\" is also an alias of antibody \"{other}\""),
                    );
                }
            }
        }
    }
}

/// An era is a claim too: "known by 2008" needs a discovery claim dated before 2008, "described later" a
/// year after it that a discovery claim states.
fn validate_era(ab: &Antibody, refs: &RefContext<'_>, problems: &mut Problems, file: &str, entry: &str) {
    let discovery: Vec<&FieldClaim> = ab.claims_of(Field::Discovery).collect();
    let years_stated =
        |c: &FieldClaim| -> Vec<u32> { numbers(&c.text).iter().filter_map(|n| n.parse().ok()).collect() };
    let source_years = |c: &FieldClaim| -> Vec<u32> {
        c.sources.iter().filter_map(|id| refs.sources.get(id)).filter_map(|s| s.year).collect()
    };
    if let Some(year) = ab.year
        && !discovery.iter().any(|c| years_stated(c).contains(&year) || source_years(c).contains(&year))
    {
        problems.push(
            file,
            entry,
            "year",
            format!("{year} must be stated by a claim of field \"discovery\" (in its text, or as its source's year)"),
        );
    }
    match ab.era {
        Era::KnownBy2008 => {
            let dated_before = discovery
                .iter()
                .any(|c| years_stated(c).iter().chain(&source_years(c)).any(|y| (1900..ARTICLE_YEAR).contains(y)));
            if !dated_before {
                problems.push(
                    file,
                    entry,
                    "era",
                    "\"known-by-2008\" needs a discovery claim that dates the antibody before 2008 (by its text or its source's year)",
                );
            }
        }
        Era::DescribedLater => {
            if ab.year.is_none_or(|y| y < ARTICLE_YEAR) {
                problems.push(
                    file,
                    entry,
                    "year",
                    "an antibody described after the article needs its year (2008 or later)",
                );
            }
        }
        Era::Undated => {}
    }
}
