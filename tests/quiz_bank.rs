//! The quiz banks: their size and coverage, every way `check` rejects a broken question, and the JSON
//! listing.

mod common;

use std::fs;

use common::{bin, bin_json, edit, knowledge_copy, problems_of};
use myositis_bot::knowledge::Topic;

#[test]
fn the_bank_covers_every_topic_with_checked_questions() {
    let bank = &common::core().knowledge.quiz;
    assert!(bank.questions.len() >= 60, "{}", bank.questions.len());
    for topic in Topic::ALL {
        assert!(bank.of_topic(Some(topic)).len() >= 6, "{topic:?}");
    }
    let article = &common::core().knowledge.article;
    for q in &bank.questions {
        assert!((2..=5).contains(&q.options.len()) && q.answer < q.options.len(), "{}", q.id);
        if q.passages.is_empty() {
            assert!(q.reference.is_some(), "{}", q.id);
        } else {
            assert!(
                q.passages.iter().filter_map(|p| article.passage(p)).any(|p| p.text.contains(&q.evidence)),
                "{}",
                q.id
            );
        }
        let stem = q.stem.to_lowercase();
        let about_mtx_only = (stem.contains("methotrexate") || stem.contains("mtx")) && !stem.contains("azathioprine");
        let right = q.options[q.answer].to_lowercase();
        if about_mtx_only && right.contains("mg") {
            assert!(right.contains("week"), "{}: a methotrexate dose must be per week: {right}", q.id);
        }
    }
}

#[test]
fn check_rejects_each_kind_of_broken_question() {
    let cases: [(&str, &str, &str); 5] = [
        ("passages = [\"mm2008-p6-01\"]", "passages = [\"mm2008-p6-77\"]", "no passage with id \"mm2008-p6-77\""),
        ("evidence = \"", "evidence = \"NOT IN THE ARTICLE ", "does not occur verbatim"),
        ("id = \"dosing-02\"", "id = \"dosing-01\"", "duplicate question id"),
        ("answer = ", "answer = 9 #", "out of range"),
        ("options = [", "options = [\"only one\"]\n#", "needs 2 to 5 options"),
    ];
    for (from, to, expected) in cases {
        let dir = knowledge_copy();
        edit(dir.path(), "quiz/dosing.toml", from, to);
        let problems = problems_of(dir.path());
        assert!(
            problems.iter().any(|p| p.starts_with("quiz/dosing.toml: question \"dosing-") && p.contains(expected)),
            "{expected}: {problems:?}"
        );
    }
    let dir = knowledge_copy();
    let stem = common::core().knowledge.quiz.get("dosing-01").expect("dosing-01").stem.clone();
    let duplicate = fs::read_to_string(dir.path().join("quiz/dosing.toml"))
        .expect("read")
        .replace("id = \"dosing-", "id = \"copy-")
        .replace(&stem, &stem.to_uppercase());
    fs::write(dir.path().join("quiz/zz-copy.toml"), duplicate).expect("write");
    assert!(problems_of(dir.path()).iter().any(|p| p.starts_with("quiz/zz-copy.toml") && p.contains("same stem")));
    let out = bin(&["--knowledge", dir.path().to_str().expect("utf-8"), "check"], "");
    assert!(!out.status.success());
}

#[test]
fn quiz_list_json_is_the_bank() {
    let v = bin_json(&["quiz", "list", "--json"]);
    let questions = v["questions"].as_array().expect("questions");
    assert_eq!(questions.len(), common::core().knowledge.quiz.questions.len());
    for q in questions {
        for field in ["id", "topic", "stem", "evidence"] {
            assert!(q[field].is_string(), "{field} in {q}");
        }
        let options = q["options"].as_array().expect("options");
        assert!(q["answer"].as_u64().is_some_and(|a| (a as usize) < options.len()));
        assert!(q["passages"].is_array() || q["reference"].is_string());
    }
}
