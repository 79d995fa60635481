//! The quiz banks: their size and coverage, every way `check` rejects a broken question, the JSON listing,
//! and the one-person console quiz.

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

#[test]
fn the_console_runs_a_one_person_quiz_and_practice() {
    let data = tempfile::tempdir().expect("temp dir");
    let input = "/quiz start topic: dosing count:2\na\nz\n1\n/quiz practice topic:ibm\n2\n/quiz leaderboard\n/quiz stop please\n/quiz frob\n";
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_myositis-bot"))
        .args(["--knowledge", common::knowledge_dir().to_str().expect("utf-8"), "console"])
        .env("MYOSITIS_BOT__DATA__DIR", data.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(input.as_bytes())?;
            child.wait_with_output()
        })
        .expect("console runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Question 1/2 · dosing"), "{text}");
    assert!(text.contains("Right. Score: 1/1") || text.contains("Not quite. Score: 0/1"), "{text}");
    assert!(text.contains("Question 2/2"));
    assert!(text.contains("Quiz finished"));
    assert!(text.contains("Practice · ibm") && text.contains("Next question"));
    assert!(text.contains("/quiz takes one of: start, stop, practice, leaderboard, stats"));
    assert!(text.contains("/stop does not take free text"), "free text after a subcommand is refused like any command");
    assert!(data.path().join("quiz.sqlite3").is_file(), "the database is created on first run");
}

#[test]
fn the_console_quiz_accepts_exactly_the_options_a_question_has() {
    let mut console = myositis_bot::console::Console::new(common::core(), None);
    assert!(console.line("/quiz stop").contains("No quiz is running"));
    let shown = console.line("/quiz start topic:dosing count:2");
    let bank = &common::core().knowledge.quiz;
    let q =
        bank.of_topic(Some(Topic::Dosing)).into_iter().find(|q| shown.contains(&q.stem)).expect("a dosing question");
    let n = q.options.len();
    let last = char::from(b'A' + (n - 1) as u8);
    let refusal = format!("options A to {last} (or 1 to {n})");
    assert!(console.line(&char::from(b'a' + n as u8).to_string()).contains(&refusal), "a letter past the last");
    assert!(console.line(&(n + 1).to_string()).contains(&refusal), "a number past the last");
    let right = char::from(b'A' + q.answer as u8);
    let answered = console.line(&format!("{right}. {}", q.options[q.answer]));
    assert!(answered.contains("Right. Score: 1/1"), "an answer typed with its text counts: {answered}");
    assert!(console.line("/quiz start").contains("A quiz is already running here"));
    let stopped = console.line("/quiz stop");
    assert!(stopped.contains("Quiz stopped: 1/1 right.") && stopped.contains("Answer:"), "{stopped}");
}
