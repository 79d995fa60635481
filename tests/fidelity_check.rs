//! `check` enforces clinical fidelity on temporary broken copies of the knowledge: stance labels licensed by
//! the article's qualifiers, numbers that occur in their excerpt or passage, sources that are primary
//! records, quiz items that test knowledge, and reviews that follow every change of a cited passage.

mod common;

use common::{bin, edit, knowledge_copy, problems_of};

fn problems_after(file: &str, from: &str, to: &str) -> Vec<String> {
    let dir = knowledge_copy();
    edit(dir.path(), file, from, to);
    problems_of(dir.path())
}

fn assert_found(problems: &[String], file: &str, needles: &[&str]) {
    assert!(
        problems.iter().any(|p| p.starts_with(file) && needles.iter().all(|n| p.contains(n))),
        "{file} {needles:?} not in {problems:#?}"
    );
}

#[test]
fn the_shipped_knowledge_passes() {
    assert_eq!(problems_of(&common::knowledge_dir()), Vec::<String>::new());
}

#[test]
fn a_stance_its_qualifier_does_not_license_is_refused() {
    // IVIG in cancer with chemotherapy is "a sensible option": "consider" is not in that sentence.
    let problems = problems_after(
        "refractory.toml",
        "flags = [\"cancer_chemo\"]\nstance = \"sensible-option\"",
        "flags = [\"cancer_chemo\"]\nstance = \"consider\"",
    );
    assert_found(&problems, "refractory.toml", &["therapy \"ivig\" rule 1", "does not license \"consider\""]);
    // A new "favored" stance licensed by the same phrase is refused: the label is not the article's word.
    let problems = problems_after(
        "refractory.toml",
        "[[stance]]\nid = \"sensible-option\"\nlabel = \"sensible option\"",
        "[[stance]]\nid = \"sensible-option\"\nlabel = \"favored\"",
    );
    assert_found(&problems, "refractory.toml", &["therapy \"ivig\" rule 1", "\"favored\"", "does not say"]);
    // A qualifier that is not the article's words is refused too.
    let problems = problems_after("refractory.toml", "IVIG can be a sensible option.", "IVIG is the favored option.");
    assert_found(&problems, "refractory.toml", &["therapy \"ivig\" rule 1", "does not occur verbatim"]);
}

#[test]
fn a_number_its_excerpt_or_passage_does_not_state_is_refused() {
    let problems = problems_after(
        "ibm.toml",
        "workshop on IBM held in 2011 and published in 2013",
        "workshop on IBM held in -1 and published in 2013",
    );
    assert_found(&problems, "ibm.toml", &["enmc_2011 item 1", "states -1"]);
    let problems = problems_after("antibodies.toml", "n=5): 13.3% vs 5%.", "n=5): 23.3% vs 5%.");
    assert_found(&problems, "antibodies.toml", &["antibody \"jo1\"", "states 23.3"]);
    let problems = problems_after(
        "dosing.toml",
        "methotrexate 25 to 30 mg per WEEK, or azathioprine 100 to 150 mg a day",
        "methotrexate 25 to 35 mg per WEEK, or azathioprine 100 to 150 mg a day",
    );
    assert_found(&problems, "dosing.toml", &["note 2", "states 35"]);
    let problems = problems_after("quiz/dosing.toml", "explanation = \"", "explanation = \"At 81 kg, ");
    assert_found(&problems, "quiz/dosing.toml", &["field `explanation`", "states 81"]);
}

#[test]
fn a_source_that_is_not_a_primary_record_is_refused() {
    let problems = problems_after("sources.toml", "kind = \"journal-article\"\n", "");
    assert_found(&problems, "sources.toml", &["missing field `kind`"]);
    let dir = knowledge_copy();
    let text = std::fs::read_to_string(dir.path().join("sources.toml")).expect("read");
    let mirrored = text.replacen(
        "pmid = \"1659647\"\nurl = \"https://pubmed.ncbi.nlm.nih.gov/1659647/\"",
        "url = \"https://c.coek.info/pdf-love-1991.html\"",
        1,
    );
    assert_ne!(mirrored, text, "love-1991 has a pmid and a PubMed url");
    let mirrored = mirrored.replacen("doi = \"10.1097/00005792-199111000-00002\"\n", "", 1);
    std::fs::write(dir.path().join("sources.toml"), mirrored).expect("write");
    let problems = problems_of(dir.path());
    assert_found(&problems, "sources.toml", &["source \"love-1991\"", "not on a primary host"]);
    assert_found(&problems, "sources.toml", &["source \"love-1991\"", "needs a doi, pmid or pmcid"]);
}

#[test]
fn a_label_is_a_claim_and_an_era_needs_its_date() {
    let problems = problems_after("antibodies.toml", "field = \"group\"", "field = \"note\"");
    assert_found(&problems, "antibodies.toml", &["needs a claim of field \"group\""]);
    let problems = problems_after("antibodies.toml", "era = \"undated\"", "era = \"described-later\"");
    assert_found(&problems, "antibodies.toml", &["needs its year"]);
}

#[test]
fn quiz_items_that_reward_test_taking_are_refused() {
    // A stem that states the article's view as fact.
    let problems = problems_after("quiz/monitoring.toml", "According to the article, ", "");
    assert_found(&problems, "quiz/monitoring.toml", &["field `stem`", "states the article's view as fact"]);
    // Two items on the same phrase of the same passage.
    let dir = knowledge_copy();
    let path = dir.path().join("quiz/refractory.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    let first = text.find("\n[[question]]\n").expect("a question") + 1;
    let next = text[first + 1..].find("\n[[question]]\n").map_or(text.len(), |i| i + first + 2);
    let copy = text[first..next].replacen("id = \"refractory-", "id = \"copy-", 1).replacen(
        "stem = \"",
        "stem = \"Again: ",
        1,
    );
    std::fs::write(&path, format!("{}\n\n{copy}", text.trim_end())).expect("write");
    assert_found(&problems_of(dir.path()), "quiz/refractory.toml", &["tests the same phrase of the same source"]);
    // A topic whose keyed option is mostly the longest.
    let dir = knowledge_copy();
    let path = dir.path().join("quiz/reassessment.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    let lengthened: Vec<String> = text
        .split("\n[[question]]\n")
        .map(|q| match (q.find("options = ["), q.find("\nanswer = ")) {
            (Some(_), Some(at)) => {
                let answer: usize = q[at + 10..].split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0);
                lengthen_option(q, answer)
            }
            _ => q.to_owned(),
        })
        .collect();
    std::fs::write(&path, lengthened.join("\n[[question]]\n")).expect("write");
    assert_found(&problems_of(dir.path()), "quiz/reassessment.toml", &["uniquely longest", "at most a quarter"]);
}

/// Appends a long tail to option `index` of one question's TOML.
fn lengthen_option(question: &str, index: usize) -> String {
    let start = question.find("options = [").expect("options") + "options = [".len();
    let end = start + question[start..].find("\n]").or_else(|| question[start..].find(']')).expect("end");
    let mut options: Vec<String> = Vec::new();
    let body = &question[start..end];
    let mut rest = body;
    while let Some(open) = rest.find('"') {
        let close = rest[open + 1..].find('"').expect("closing quote") + open + 1;
        options.push(rest[open + 1..close].to_owned());
        rest = &rest[close + 1..];
    }
    if let Some(o) = options.get_mut(index) {
        o.push_str(", as the article states it in its own words on page six of the series");
    }
    let list: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
    format!("{}{}{}", &question[..start], list.join(", "), &question[end..])
}

#[test]
fn a_changed_passage_names_every_statement_and_question_that_cites_it() {
    // A typo fixed in the article's ¶1: every entry and question citing ¶1 must be reviewed again.
    let problems = problems_after(
        "article.toml",
        "We favor disease modifying antirheumatic drug",
        "We favor disease-modifying antirheumatic drug",
    );
    for entry in ["dosing/regimen/prednisone", "dosing/note/mtx-lung", "refractory/therapy/aza-mtx", "quiz/dosing-01"] {
        assert_found(&problems, "", &[entry, "changed since its review"]);
    }
    assert!(!problems.iter().any(|p| p.contains("reassess/setting/1")), "entries citing other passages are not named");
    let dir = knowledge_copy();
    std::fs::remove_file(dir.path().join("reviews.toml")).expect("remove");
    assert!(problems_of(dir.path()).iter().any(|p| p.starts_with("reviews.toml") && p.contains("cannot read")));
}

#[test]
fn review_lists_entries_and_marks_them_reviewed() {
    let dir = knowledge_copy();
    edit(dir.path(), "article.toml", "muscle enzymes. The International", "muscle enzymes.  The International");
    let knowledge = dir.path().to_str().expect("utf-8");
    let listed = bin(&["--knowledge", knowledge, "review"], "");
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        listed.lines().any(|l| l.starts_with("changed") && l.contains("monitor/statement/applies-to-ibm")),
        "{listed}"
    );
    assert!(listed.lines().any(|l| l.starts_with("current") && l.contains("reassess/setting/1")), "{listed}");
    let stale: Vec<String> = listed
        .lines()
        .filter(|l| l.starts_with("changed"))
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
        .collect();
    let mut args = vec!["--knowledge", knowledge, "review", "--date", "2026-12-02"];
    for key in &stale {
        args.extend(["--mark", key.as_str()]);
    }
    assert!(bin(&args, "").status.success());
    assert_eq!(problems_of(dir.path()), Vec::<String>::new());
    let about = common::bin_json(&["--knowledge", knowledge, "about", "--json"]);
    assert!(about["oldest_review"].as_str().is_some_and(|d| d.len() == 10));
    let unknown = bin(&["--knowledge", knowledge, "review", "--mark", "no/such/entry"], "");
    assert_eq!(unknown.status.code(), Some(2));
}
