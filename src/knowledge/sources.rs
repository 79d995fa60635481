//! Outside sources (title + URL) that structured entries cite.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::problems::Problems;

/// A public source other than the article, e.g. a review or a society page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id used by other files, e.g. "love-1991".
    pub id: String,
    /// Descriptive title.
    pub title: String,
    /// Where to read it.
    pub url: String,
    /// Year of publication, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// A caveat about the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourcesFile {
    #[serde(rename = "source")]
    pub sources: Vec<Source>,
}

/// All outside sources, by id.
#[derive(Debug, Clone, Default)]
pub struct SourceRegistry {
    by_id: BTreeMap<String, Source>,
}

impl SourceRegistry {
    /// Builds the registry, recording duplicate ids and malformed entries.
    pub(super) fn build(file: &str, list: Vec<Source>, problems: &mut Problems) -> Self {
        let mut by_id = BTreeMap::new();
        for source in list {
            let entry = format!("source \"{}\"", source.id);
            if source.title.trim().is_empty() {
                problems.push(file, &entry, "title", "is empty");
            }
            if !(source.url.starts_with("https://") || source.url.starts_with("http://")) {
                problems.push(file, &entry, "url", "must start with https:// or http://");
            }
            if by_id.contains_key(&source.id) {
                problems.push(file, &entry, "id", "duplicate source id");
            }
            by_id.insert(source.id.clone(), source);
        }
        Self { by_id }
    }

    /// The source with this id.
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.by_id.get(id)
    }

    /// Every source, ordered by id.
    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.by_id.values()
    }
}
