//! `/antibody`: names and aliases in any spelling, one typo, unknown names, autocomplete.

mod common;

use common::{bin_json, run};
use myositis_bot::commands::autocomplete;
use myositis_bot::recommend::antibody::{MatchKind, lookup};
use myositis_bot::render::text::render;

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
fn entries_are_dated_and_never_called_table_3() {
    let v = bin_json(&["antibody", "HMGCR", "--json"]);
    let m = &v["matches"][0];
    assert_eq!(m["name"], "anti-HMGCR");
    assert!(m["aliases"].as_array().is_some_and(|a| !a.is_empty()));
    let era = m["era_label"].as_str().unwrap_or_default();
    assert!(era.contains("after the article") && era.contains("2010"), "{era}");
    let jo1 = bin_json(&["antibody", "jo1", "--json"]);
    assert!(jo1["matches"][0]["era_label"].as_str().is_some_and(|e| e.starts_with("known by January 2008")));
    let text = render(&run("antibody", &[("name", "jo1")]).expect("answer"));
    assert!(text.contains("Table 3) is not available"), "{text}");
    for ab in &common::core().knowledge.antibodies.entries {
        for claim in &ab.claims {
            for sentence in claim.text.to_lowercase().split(". ").filter(|s| s.contains("table 3")) {
                assert!(
                    sentence.contains("not ") || sentence.contains("cannot"),
                    "{} claims Table 3: {sentence}",
                    ab.id
                );
            }
        }
    }
}

/// Every line of every entry names exactly its own sources, each by its citation, and every source is a
/// primary record.
#[test]
fn every_claim_line_names_its_own_sources() {
    let knowledge = &common::core().knowledge;
    for ab in &knowledge.antibodies.entries {
        let answer = run("antibody", &[("name", &ab.id)]).expect("answer");
        let lines: Vec<&myositis_bot::answer::Line> = answer.blocks.iter().flat_map(|b| &b.lines).collect();
        for claim in &ab.claims {
            let line = lines
                .iter()
                .find(|l| l.text.contains(&claim.text))
                .unwrap_or_else(|| panic!("{}: claim not shown", ab.id));
            assert_eq!(line.sources, claim.sources, "{}: a line carries only its claim's sources", ab.id);
            for id in &claim.sources {
                let source = knowledge.sources.get(id).expect("source exists");
                assert!(line.text.contains(&source.short()), "{}: {id} not named in {:?}", ab.id, line.text);
            }
        }
        let text = render(&answer);
        for internal in ["fact sheet", "fact-sheet", "the bot's reference entries"] {
            assert!(!text.contains(internal), "{}: internal wording {internal:?}", ab.id);
        }
        for mirror in
            ["coek.info", "schnitzeljagd", "netlify", "distantreader", "seekhealthz", "scilit", "ehb.be", "dbpia"]
        {
            assert!(!text.contains(mirror), "{}: mirror host {mirror}", ab.id);
        }
    }
}

fn shown(name: &str) -> String {
    render(&run("antibody", &[("name", name)]).expect("answer"))
}

#[test]
fn the_reviews_findings_stay_fixed() {
    // anti-cN1A also occurs in Sjögren's and SLE: myositis-associated, not myositis-specific.
    let cn1a = shown("cN1A");
    assert!(cn1a.contains("Group: not specific to myositis") && !cn1a.contains("Group: myositis-specific"), "{cn1a}");
    assert!(cn1a.contains("Era: not dated in the cited sources"), "{cn1a}");
    assert!(cn1a.contains("Sjögren") && cn1a.contains("SLE"), "{cn1a}");
    // anti-Jo-1: no undated survival figure; cancer from Marie 2012.
    let jo1 = shown("jo1");
    assert!(!jo1.contains("65%"), "{jo1}");
    assert!(
        jo1.contains("Cancer: In 95 consecutive patients")
            && jo1.contains("13.3% vs 5%")
            && jo1.contains("Marie et al. 2012")
    );
    // anti-SRP: no blanket verdict; the conflicting findings each with their cohort and year.
    let srp = shown("SRP");
    assert!(!srp.contains("Mostly treatment-responsive"), "{srp}");
    assert!(
        srp.contains("62 of 81") && srp.contains("Suzuki et al. 2015") && srp.contains("Hengstman et al. 2006"),
        "{srp}"
    );
    // anti-MDA5: known as anti-CADM-140 in 2005; its target identified later.
    let mda5 = shown("MDA5");
    assert!(
        mda5.contains("CADM-140") && mda5.contains("Sato et al. 2005") && mda5.contains("Nakashima et al. 2010"),
        "{mda5}"
    );
    // anti-HMGCR: "may be", not "works"; anti-NXP2 no longer states adult dysphagia on three cases.
    let hmgcr = shown("HMGCR");
    assert!(!hmgcr.contains("IVIG works") && hmgcr.contains("may be an effective treatment"), "{hmgcr}");
    assert!(!shown("NXP2").contains("dysphagia in adults"));
    // anti-TIF1-γ: the 75% shows its denominator.
    assert!(shown("TIF1-γ").contains("6 of the 8"));
}

#[test]
fn ssa_and_anti_ro_ask_which_antibody_is_meant() {
    for q in ["SSA", "anti-Ro", "anti-SSA/Ro", "Ro"] {
        let (kind, ids) = found(q);
        assert_eq!((kind, ids), (MatchKind::Ambiguous, vec!["ro52".to_owned(), "ro60".to_owned()]), "{q}");
    }
    let text = shown("SSA");
    assert!(text.contains("can mean 2 antibodies") && text.contains("Ro52") && text.contains("Ro60"), "{text}");
    assert_eq!(found("Ro52"), (MatchKind::Exact, vec!["ro52".to_owned()]));
}

#[test]
fn every_required_antibody_is_present() {
    for q in [
        "Jo-1", "PL-7", "PL-12", "EJ", "OJ", "KS", "SRP", "Mi-2", "MDA5", "TIF1-γ", "NXP2", "SAE", "HMGCR", "cN1A",
        "PM/Scl", "Ku", "U1-RNP", "Ro52", "Ro60",
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
    assert!(everything.len() <= 25 && everything.len() >= 19);
    assert!(autocomplete(core, "antibody", "name", "zzzz").is_empty());
    assert!(autocomplete(core, "dose", "weight", "7").is_empty());
}

#[test]
fn ibm_entries_and_the_quiz_keep_the_reviews_fixes() {
    let ibm = render(&run("ibm", &[]).expect("answer"));
    assert!(!ibm.contains("Two to three times") && !ibm.contains("two to three times"), "{ibm}");
    assert!(
        ibm.contains("ENMC research criteria for IBM (2011, published after the article; revised in 2024"),
        "{ibm}"
    );
    assert!(!ibm.contains("ENMC 2011 research criteria for IBM (published after the article) (2011)"), "{ibm}");
    assert!(!ibm.contains("fact sheet"), "{ibm}");
    let bank = &common::core().knowledge.quiz;
    for q in &bank.questions {
        let all = format!("{} {} {}", q.stem, q.options.join(" "), q.explanation).to_lowercase();
        for banned in ["not weight-based", "the bot's reference entries", "fact sheet", "single pulse"] {
            assert!(!all.contains(banned), "{}: {banned:?}", q.id);
        }
    }
    assert!(bank.get("ibm-06").is_none(), "ibm-06 duplicated monitoring-09");
    let m6 = bank.get("monitoring-06");
    assert!(m6.is_none_or(|q| !q.options.iter().any(|o| o.to_lowercase().contains("serum ck"))));
}

#[test]
fn the_second_reviews_fixes_hold() {
    let entry = |name: &str| render(&run("antibody", &[("name", name)]).expect("answer"));
    let jo1 = entry("jo1");
    assert!(jo1.contains("Prognosis: Older view, from a 1991 series"), "{jo1}");
    let cn1a = entry("cn1a");
    assert!(cn1a.contains("ILD: In 593 patients") && cn1a.contains("did not correlate with malignancy"), "{cn1a}");
    assert!(!cn1a.to_lowercase().contains("by contrast") && !entry("nxp2").to_lowercase().contains("by contrast"));
    // An empty field says the entry has no claim, not that the sources say nothing.
    let ks = entry("ks");
    assert!(ks.contains("no sourced claim in this entry") && !ks.contains("not stated in the cited sources"), "{ks}");
    assert_eq!(found("NuRD complex").0, MatchKind::None, "the antigen's complex is no name of the antibody");
    let ibm = render(&run("ibm", &[]).expect("answer"));
    assert!(ibm.contains("The 272nd ENMC workshop (June 2023) revised the ENMC 2013 criteria"), "{ibm}");
    // A quiz option with the only year in it gives the answer away.
    let bank = &common::core().knowledge.quiz;
    let hmgcr = bank.get("antibodies-12").expect("antibodies-12");
    assert!(hmgcr.options.iter().all(|o| o.chars().any(|c| c.is_ascii_digit())), "{:?}", hmgcr.options);
}
