//! The knowledge base: verbatim fidelity to the delivered article, and `check` catching every kind of
//! broken file (on temporary copies), naming file, entry and field.

mod common;

use std::fs;
use std::path::Path;

use common::{bin, edit, knowledge_copy, problems_of};

#[test]
fn every_passage_is_verbatim_from_the_delivered_article() {
    let source_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/source/000_e203b40a948b3512.txt");
    let source = fs::read_to_string(&source_path).expect("../shared/source is beside the checkout (as in CI)");
    let lines: Vec<&str> = source.lines().collect();
    let article = &common::core().knowledge.article;
    assert_eq!(article.passages.len(), 11);
    for p in &article.passages {
        let line = p.source_line.expect("each passage names its source line") as usize;
        let original = lines[line - 1].trim();
        let original = match p.item {
            Some(n) => original.strip_prefix(&format!("{n}. ")).expect("numbered item").trim(),
            None => original,
        };
        assert_eq!(p.text_with_markers().replace(['[', ']'], ""), original, "{}", p.id);
    }
    let mtx = article.passage("mm2008-p6-01").expect("p6-01");
    assert!(mtx.text.contains("combination of azathioprine and MTX. In our experience"));
    assert_eq!(mtx.reference_numbers(), [14]);
    assert!(article.passage("mm2008-p6-03").expect("p6-03").text.contains("mycophenylate mofetil"));
    assert!(article.passages.iter().all(|p| !p.text.contains("ADVERTISEMENT") && !p.text.contains("click for large")));
    let unavailable: Vec<&str> = article.unavailable.iter().map(|u| u.what.as_str()).collect();
    assert!(unavailable.iter().any(|u| u.contains("Pages 1-5")) && unavailable.iter().any(|u| u.contains("Table 3")));
    assert!(article.source.copyright.contains("John Wiley & Sons"));
}

#[test]
fn the_shipped_knowledge_passes_check() {
    let out = bin(&["check"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: 11 passages, 19 antibodies"));
}

#[test]
fn a_missing_passage_reference_is_caught_with_file_entry_and_field() {
    let dir = knowledge_copy();
    edit(dir.path(), "refractory.toml", "passages = [\"mm2008-p6-03\"]", "passages = [\"mm2008-p6-99\"]");
    let problems = problems_of(dir.path());
    assert!(
        problems.iter().any(|p| p.contains("refractory.toml")
            && p.contains("context \"What page 6 says about treating IBM\" statement 4")
            && p.contains("field `passages`")
            && p.contains("mm2008-p6-99")),
        "{problems:?}"
    );
    let out = bin(&["--knowledge", dir.path().to_str().expect("utf-8"), "check"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mm2008-p6-99"));
}

#[test]
fn an_evidence_phrase_not_in_its_passage_is_caught() {
    let dir = knowledge_copy();
    edit(
        dir.path(),
        "dosing.toml",
        "evidence = \"We advocate an initial dose of 1 mg/kg/day\"",
        "evidence = \"We advocate an initial dose of 2 mg/kg/day\"",
    );
    let problems = problems_of(dir.path());
    assert!(
        problems.iter().any(|p| p.contains("dosing.toml")
            && p.contains("regimen \"Prednisone\"")
            && p.contains("field `evidence`")),
        "{problems:?}"
    );
}

#[test]
fn malformed_entries_are_caught() {
    let cases: [(&str, &str, &str, &str); 17] = [
        (
            "reading.toml",
            "  \"diabetes\", \"blood pressure\",",
            "  \"diabetes\", \"gardening\", \"blood pressure\",",
            "is not an outside topic of synonyms.toml",
        ),
        ("antibodies.toml", "field = \"phenotype\"", "field = \"phenotyp\"", "unknown variant `phenotyp`"),
        ("antibodies.toml", "group = \"myositis-specific\"", "group = \"very-specific\"", "unknown variant"),
        (
            "antibodies.toml",
            "sources = [\"love-1991\"",
            "sources = [\"nowhere\", \"love-1991\"",
            "no source with id \"nowhere\"",
        ),
        ("dosing.toml", "per = \"week\"", "per = \"day\"", "methotrexate is dosed per week"),
        ("article.toml", "id = \"mm2008-p6-02\"", "id = \"mm2008-p6-01\"", "duplicate passage id"),
        ("refractory.toml", "tried_all = [\"ivig\"]", "tried_all = [\"unicorn\"]", "neither a therapy id nor a class"),
        ("synonyms.toml", "\"pregnancy\", ", "\"pregnancy\", \"methotrexate\", ", "cannot be both covered and outside"),
        ("aspects.toml", "closest = \"taper\"", "closest = \"test-accuracy\"", "is not an aspect a passage addresses"),
        ("article.toml", "\"table 3\"", "\"Table 3\"", "must be lowercase words"),
        ("aspects.toml", "not_when = [\"next-option\"", "not_when = [\"next-optoin\"", "no aspect \"next-optoin\""),
        (
            "aspects.toml",
            "evidence = \"despite appropriate treatment and improving symptoms\"",
            "evidence = \"despite appropriate treatment and worsening symptoms\"",
            "presumes",
        ),
        ("aspects.toml", "except_when = [\"imaging\"]", "except_when = [\"mri\"]", "no aspect \"mri\""),
        ("article.toml", "continues = [2, 4]", "continues = [1, 4]", "sentence 1 cannot continue one before it"),
        ("article.toml", "dated = [1, 2, 3]\n", "dated = [1, 9]\n", "no sentence 9 (the passage has 3 sentences)"),
        (
            "article.toml",
            "“reassess the question”",
            "“reassess the diagnosis”",
            "\"reassess the diagnosis\" does not occur",
        ),
        (
            "article.toml",
            "listed_under = \"mm2008-p6-07\"",
            "listed_under = \"mm2008-p6-06\"",
            "not a passage that introduces",
        ),
    ];
    for (file, from, to, expected) in cases {
        let dir = knowledge_copy();
        edit(dir.path(), file, from, to);
        let problems = problems_of(dir.path());
        assert!(
            problems.iter().any(|p| p.starts_with(file) && p.contains(expected)),
            "{file}: {expected}: {problems:?}"
        );
    }
}

#[test]
fn a_missing_file_or_folder_is_reported_not_panicked() {
    let dir = knowledge_copy();
    fs::remove_file(dir.path().join("ibm.toml")).expect("remove");
    assert!(problems_of(dir.path()).iter().any(|p| p.starts_with("ibm.toml") && p.contains("cannot read")));
    let out = bin(&["--knowledge", "/nonexistent/knowledge", "ask", "mtx"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/knowledge"));
}

#[test]
fn every_statement_with_evidence_quotes_its_passage_verbatim() {
    let k = &common::core().knowledge;
    let mut checked = 0;
    let mut check = |passages: &[String], evidence: &str| {
        assert!(
            passages.iter().filter_map(|id| k.article.passage(id)).any(|p| p.text.contains(evidence)),
            "{evidence}"
        );
        checked += 1;
    };
    for r in &k.dosing.regimens {
        check(&r.passages, &r.evidence);
    }
    for t in &k.refractory.therapies {
        for rule in &t.rules {
            check(&rule.passages, &rule.qualifier);
        }
    }
    for s in k.monitor.statements.iter().chain(&k.reassess.closing).chain(&k.ibm.article) {
        if let Some(e) = &s.evidence {
            check(&s.passages, e);
        }
    }
    assert!(checked > 25, "{checked}");
}

#[test]
fn treat_the_patient_not_the_number_is_said_only_of_raised_enzymes_in_a_patient_who_is_improving() {
    // ¶7 item 1 says it of "Persistent elevated muscle enzymes despite appropriate treatment and improving
    // symptoms"; the MRI sentence after it (conflicting indices, "or vice versa") is another matter.
    let k = &common::core().knowledge;
    let statements = k.monitor.statements.iter().chain(&k.reassess.closing).chain(&k.ibm.article);
    let mut said = 0;
    for s in statements.filter(|s| s.text.to_lowercase().contains("treat the patient, not the number")) {
        said += 1;
        assert!(s.text.contains("improving symptoms"), "{}", s.text);
        assert!(!s.text.contains("MRI"), "{}", s.text);
    }
    assert!(said >= 1);
}
