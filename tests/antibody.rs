//! `/antibody`: names and aliases in any spelling, one typo, unknown names, autocomplete.

mod common;

use common::{bin_json, run};
use myositis_bot::commands::autocomplete;
use myositis_bot::recommend::antibody::{MatchKind, lookup};

fn found(query: &str) -> (MatchKind, Vec<String>) {
    let l = lookup(&common::core().knowledge.antibodies, query);
    (l.kind, l.matches.iter().map(|a| a.id.clone()).collect())
}

#[test]
fn jo1_in_every_spelling() {
    for q in ["Jo1", "jo-1", "anti-Jo-1", "ANTI JO 1", "anti–Jo‑1", " jo 1 ", "histidyl-tRNA synthetase"] {
        assert_eq!(found(q), (MatchKind::Exact, vec!["jo1".to_owned()]), "{q}");
    }
    assert_eq!(found("histidyl"), (MatchKind::Prefix, vec!["jo1".to_owned()]));
}

#[test]
fn aliases_old_names_and_greek_letters() {
    let cases = [
        ("CADM-140", "mda5"),
        ("mda5", "mda5"),
        ("p155/140", "tif1g"),
        ("TIF1-γ", "tif1g"),
        ("tif1 gamma", "tif1g"),
        ("MJ", "nxp2"),
        ("NT5C1A", "cn1a"),
        ("PM/Scl", "pmscl"),
        ("hmgcr", "hmgcr"),
        ("signal recognition particle", "srp"),
    ];
    for (q, id) in cases {
        let (kind, ids) = found(q);
        assert!(kind != MatchKind::None && ids.first().map(String::as_str) == Some(id), "{q}: {kind:?} {ids:?}");
    }
}

#[test]
fn one_typo_is_forgiven() {
    assert_eq!(found("hmgrc"), (MatchKind::Typo, vec!["hmgcr".to_owned()]));
    assert_eq!(found("anti-mda4").1, vec!["mda5".to_owned()]);
    assert_eq!(found("mi-3").1, vec!["mi2".to_owned()]);
}

#[test]
fn families_and_prefixes_list_several() {
    let (kind, ids) = found("antisynthetase");
    assert_eq!(kind, MatchKind::Family);
    assert!(ids.len() >= 6 && ids.contains(&"jo1".to_owned()) && ids.contains(&"ks".to_owned()));
    let (kind, ids) = found("PL");
    assert_eq!(kind, MatchKind::Prefix);
    assert_eq!(ids, ["pl7", "pl12"]);
}

#[test]
fn unknown_names_get_no_match_and_the_closest_names() {
    let l = lookup(&common::core().knowledge.antibodies, "anti-xyzzy-99");
    assert_eq!(l.kind, MatchKind::None);
    assert!(l.matches.is_empty());
    assert_eq!(l.suggestions.len(), 3);
    let v = bin_json(&["antibody", "anti-dsDNA", "--json"]);
    assert_eq!(v["matches"].as_array().map(Vec::len), Some(0));
    assert!(v["suggestions"].as_array().is_some_and(|s| !s.is_empty()));
    for odd in ["!!!", "💥", "\u{202e}jo1", "' OR 1=1 --"] {
        let answer = run("antibody", &[("name", odd)]).expect("an answer, not an error");
        assert!(answer.footer.is_some());
    }
}

#[test]
fn entries_are_cited_dated_and_never_called_table_3() {
    let v = bin_json(&["antibody", "HMGCR", "--json"]);
    let m = &v["matches"][0];
    assert_eq!(m["name"], "anti-HMGCR");
    assert!(m["aliases"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(m["era"].as_str().is_some_and(|e| e.contains("after the article") && e.contains("2010")), "{}", m["era"]);
    let sources = m["sources"].as_array().expect("sources");
    assert!(!sources.is_empty());
    assert!(sources.iter().all(|s| s["title"].is_string() && s["url"].as_str().is_some_and(|u| u.starts_with("http"))));
    let jo1 = bin_json(&["antibody", "jo1", "--json"]);
    assert!(jo1["matches"][0]["era"].as_str().is_some_and(|e| e.starts_with("known by January 2008")));
    let text = myositis_bot::render::text::render(&run("antibody", &[("name", "jo1")]).expect("answer"));
    assert!(text.contains("Table 3) is not available"), "{text}");
    for ab in &common::core().knowledge.antibodies.entries {
        let all = format!(
            "{} {} {}",
            ab.phenotype,
            ab.note.clone().unwrap_or_default(),
            ab.prognosis.clone().unwrap_or_default()
        );
        for sentence in all.to_lowercase().split(". ").filter(|s| s.contains("table 3")) {
            assert!(sentence.contains("not ") || sentence.contains("cannot"), "{} claims Table 3: {sentence}", ab.id);
        }
    }
}

#[test]
fn every_required_antibody_is_present() {
    for q in [
        "Jo-1", "PL-7", "PL-12", "EJ", "OJ", "KS", "SRP", "Mi-2", "MDA5", "TIF1-γ", "NXP2", "SAE", "HMGCR", "cN1A",
        "PM/Scl", "Ku", "U1-RNP", "Ro52",
    ] {
        assert_eq!(found(q).0, MatchKind::Exact, "{q}");
    }
}

#[test]
fn autocomplete_offers_at_most_25_sensible_names() {
    let core = common::core();
    let jo = autocomplete(core, "antibody", "name", "jo");
    assert_eq!(jo.first().map(String::as_str), Some("anti-Jo-1"));
    let mda = autocomplete(core, "antibody", "name", "mda");
    assert_eq!(mda.first().map(String::as_str), Some("anti-MDA5"));
    let everything = autocomplete(core, "antibody", "name", "");
    assert!(everything.len() <= 25 && everything.len() >= 18);
    assert!(autocomplete(core, "antibody", "name", "zzzz").is_empty());
    assert!(autocomplete(core, "dose", "weight", "7").is_empty());
}
