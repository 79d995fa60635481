//! Outside sources that reference entries cite: the primary record of each publication (the journal's
//! or publisher's page, PubMed, PMC, a society's own page), never a mirror.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::problems::Problems;

/// What kind of publication a source is; it decides which identifiers it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A paper in a journal: needs a DOI, PMID or PMCID (or its journal's own page).
    JournalArticle,
    /// A chapter of a book: needs a DOI or the publisher's page.
    BookChapter,
    /// A reference work maintained by its publisher (NCBI Bookshelf, a professional manual).
    ReferenceWork,
    /// A society's, charity's or clinical centre's own page.
    SocietyPage,
}

/// Hosts that publish primary records: NLM's databases, the DOI resolver, the journals and publishers cited,
/// and the societies, charities and clinical centres whose own pages are cited. A mirror, proxy or content
/// farm is not among them, so `check` refuses a source that only has one. Add a host only for a publisher's
/// or society's own site.
const PRIMARY_HOSTS: &[&str] = &[
    "academic.oup.com",
    "ard.bmj.com",
    "atm.amegroups.org",
    "autoimmunhighlights.biomedcentral.com",
    "content.iospress.com",
    "cureibm.org",
    "doi.org",
    "jamanetwork.com",
    "jofskin.org",
    "journals.lww.com",
    "journals.plos.org",
    "link.springer.com",
    "medicaljournals.se",
    "news.mayocliniclabs.com",
    "ojrd.biomedcentral.com",
    "onlinelibrary.wiley.com",
    "pmc.ncbi.nlm.nih.gov",
    "pubmed.ncbi.nlm.nih.gov",
    "pubmedhh.nlm.nih.gov",
    "the-rheumatologist.org",
    "www.arthritis-research.com",
    "www.bcm.edu",
    "www.hindawi.com",
    "www.institut-myologie.org",
    "www.jle.com",
    "www.jrheum.org",
    "www.jstage.jst.go.jp",
    "www.medicaljournals.se",
    "www.merckmanuals.com",
    "www.musculardystrophyuk.org",
    "www.myositis.org",
    "www.ncbi.nlm.nih.gov",
    "www.scielo.br",
];

/// A public source other than page 6 of the article: a paper, a chapter, a society's page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id used by other files, e.g. "suzuki-2015".
    pub id: String,
    /// What kind of publication it is.
    pub kind: SourceKind,
    /// How a claim names it, e.g. "Suzuki et al. 2015".
    pub cite: String,
    /// The publication's own title.
    pub title: String,
    /// The journal, book or site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// Year of publication, when the record prints one (a society's page may not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
    /// Digital Object Identifier, as printed on the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// PubMed id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    /// PubMed Central id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmcid: Option<String>,
    /// The primary record's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Source {
    /// Where to read it: the given page, else the DOI, PMC or PubMed record.
    pub fn link(&self) -> String {
        if let Some(url) = &self.url {
            return url.clone();
        }
        if let Some(doi) = &self.doi {
            return format!("https://doi.org/{doi}");
        }
        if let Some(pmcid) = &self.pmcid {
            return format!("https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/");
        }
        self.pmid.as_ref().map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/")).unwrap_or_default()
    }

    /// How a claim line names it: "Suzuki et al. 2015", or "Muscular Dystrophy UK, undated page".
    pub fn short(&self) -> String {
        match self.year {
            Some(_) => self.cite.clone(),
            None => format!("{}, undated page", self.cite),
        }
    }

    /// "Suzuki et al. 2015, Orphanet Journal of Rare Diseases: Inflammatory myopathy … (PMID 25963141)".
    pub fn reference(&self) -> String {
        let mut text = self.short();
        if let Some(container) = &self.container {
            text.push_str(&format!(", {container}"));
        }
        text.push_str(&format!(": {}", self.title));
        let ids: Vec<String> = [("doi", &self.doi), ("PMID", &self.pmid), ("PMCID", &self.pmcid)]
            .into_iter()
            .filter_map(|(label, id)| id.as_ref().map(|id| format!("{label} {id}")))
            .collect();
        if !ids.is_empty() {
            text.push_str(&format!(" ({})", ids.join(", ")));
        }
        text
    }

    /// What keeps the source from being found again: it needs an identifier (DOI, PMID, PMCID) or a page
    /// on a primary host, and every identifier must have its registry's shape.
    fn problems(&self) -> Vec<(&'static str, String)> {
        let mut found = Vec::new();
        for (field, value) in [("title", &self.title), ("cite", &self.cite)] {
            if value.trim().is_empty() {
                found.push((field, "is empty".to_owned()));
            }
        }
        if let Some(year) = self.year
            && !self.cite.contains(&year.to_string())
        {
            found.push(("cite", format!("must name the year {year} (e.g. \"Suzuki et al. {year}\")")));
        }
        if let Some(doi) = &self.doi
            && !doi.starts_with("10.")
        {
            found.push(("doi", format!("\"{doi}\" is not a DOI (they start with 10.)")));
        }
        if let Some(pmid) = &self.pmid
            && (pmid.is_empty() || !pmid.chars().all(|c| c.is_ascii_digit()))
        {
            found.push(("pmid", format!("\"{pmid}\" is not a PubMed id (digits only)")));
        }
        if let Some(pmcid) = &self.pmcid
            && !pmcid.strip_prefix("PMC").is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            found.push(("pmcid", format!("\"{pmcid}\" is not a PMC id (PMC followed by digits)")));
        }
        if let Some(url) = &self.url
            && let Some(article) = url.strip_prefix("https://pmc.ncbi.nlm.nih.gov/articles/")
            && !article.trim_end_matches('/').starts_with("PMC")
        {
            found.push(("url", format!("{url}: a PMC article's address is /articles/PMC<digits>")));
        }
        let on_primary_host = self.url.as_deref().is_some_and(|url| primary_host(url).is_some());
        if let Some(url) = &self.url
            && !on_primary_host
        {
            found.push((
                "url",
                format!("{url} is not on a primary host (journal, publisher, PubMed, PMC or the society's own site)"),
            ));
        }
        let identified = self.doi.is_some() || self.pmid.is_some() || self.pmcid.is_some();
        if !(identified || on_primary_host) {
            found.push(("doi", "needs a doi, pmid or pmcid, or a url on the primary host".to_owned()));
        }
        found
    }
}

/// The host of an http(s) URL when it is one of [`PRIMARY_HOSTS`].
fn primary_host(url: &str) -> Option<&'static str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    PRIMARY_HOSTS.iter().copied().find(|h| *h == host)
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
    /// Builds the registry, recording duplicate ids and sources that cannot be found again.
    pub(super) fn build(file: &str, list: Vec<Source>, problems: &mut Problems) -> Self {
        let mut by_id = BTreeMap::new();
        for source in list {
            let entry = format!("source \"{}\"", source.id);
            for (field, message) in source.problems() {
                problems.push(file, &entry, field, message);
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

#[cfg(test)]
mod tests {
    use super::{Source, SourceKind, primary_host};

    fn paper() -> Source {
        Source {
            id: "x-2015".to_owned(),
            kind: SourceKind::JournalArticle,
            cite: "X et al. 2015".to_owned(),
            title: "A paper".to_owned(),
            container: None,
            year: Some(2015),
            doi: None,
            pmid: Some("25963141".to_owned()),
            pmcid: None,
            url: None,
        }
    }

    #[test]
    fn a_paper_with_a_pubmed_id_is_findable() {
        assert!(paper().problems().is_empty());
        assert_eq!(paper().link(), "https://pubmed.ncbi.nlm.nih.gov/25963141/");
    }

    #[test]
    fn a_mirror_is_refused_and_a_paper_needs_an_identifier() {
        let mirror = Source { pmid: None, url: Some("https://c.coek.info/pdf-x.html".to_owned()), ..paper() };
        let fields: Vec<&str> = mirror.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["url", "doi"]);
        assert_eq!(primary_host("https://etg-complete-oxy.netlify.app/x"), None);
        assert_eq!(primary_host("https://PMC.ncbi.nlm.nih.gov/articles/PMC1"), Some("pmc.ncbi.nlm.nih.gov"));
    }

    #[test]
    fn identifiers_are_checked_for_their_shape() {
        let bad = Source { doi: Some("doi:10.1/x".to_owned()), pmid: Some("PMID123".to_owned()), ..paper() };
        let fields: Vec<&str> = bad.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["doi", "pmid"]);
        let undated = Source { cite: "X et al.".to_owned(), ..paper() };
        assert_eq!(undated.problems().len(), 1);
        // A PMC address without its "PMC" prefix does not open the article.
        let bare = Source { url: Some("https://pmc.ncbi.nlm.nih.gov/articles/5850781".to_owned()), ..paper() };
        let fields: Vec<&str> = bare.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["url"]);
        let good = Source { url: Some("https://pmc.ncbi.nlm.nih.gov/articles/PMC5850781/".to_owned()), ..paper() };
        assert!(good.problems().is_empty());
    }
}
