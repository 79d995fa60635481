//! The quiz in the console: the same service, database and buttons as on Discord. Answers count in the
//! leaderboard and stats and survive a restart; only a question's own options are accepted; starting
//! while one runs, stopping, and the end of input are each handled visibly.

mod common;

use std::sync::Arc;

use myositis_bot::app::App;
use myositis_bot::config::{DataSettings, Settings};
use myositis_bot::console::Console;
use myositis_bot::knowledge::Topic;
use myositis_bot::quiz::ChannelPost;
use tokio::sync::mpsc;

/// Runs the console binary on `input` with its database in `data`.
fn console(data: &std::path::Path, input: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_myositis-bot"))
        .args(["--knowledge", common::knowledge_dir().to_str().expect("utf-8"), "console"])
        .env("MYOSITIS_BOT__DATA__DIR", data)
        .env_remove("MYOSITIS_BOT__DISCORD__TOKEN")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(input.as_bytes())?;
            child.wait_with_output()
        })
        .expect("console runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.stderr.is_empty(),
        "the console keeps the terminal for the conversation: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn console_answers_count_in_the_leaderboard_and_stats_across_restarts() {
    let data = tempfile::tempdir().expect("temp dir");
    let input = "/quiz start topic: dosing count:2\na\nz\n1\n/quiz practice topic:ibm\n2\n/quiz leaderboard\n\
                 /quiz stop please\n/quiz frob\n/quiz\n";
    let text = console(data.path(), input);
    for expected in [
        "Quiz started: 2 questions on dosing",
        "Question 1/2 · dosing",
        "Answer: ",
        "Question 2/2 · dosing",
        "! This question has options A to",
        "Quiz finished",
        "Results (2 questions) - 1. console: ",
        "Practice · ibm",
        "Next question",
        "Quiz leaderboard, all time",
        "1. console: ",
        "/stop does not take free text",
        "/quiz takes one of: start, stop, practice, leaderboard, stats",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(data.path().join("quiz.sqlite3").is_file(), "the database is created on first run");
    // A new console on the same database: the answers are still counted.
    let later = console(data.path(), "/quiz leaderboard\n/quiz stats\n");
    assert!(later.contains("1. console: ") && later.contains("/2"), "{later}");
    assert!(later.contains("Accuracy per topic - dosing: "), "{later}");
}

#[test]
fn the_end_of_input_mid_quiz_reveals_and_counts_what_was_answered() {
    let data = tempfile::tempdir().expect("temp dir");
    let text = console(data.path(), "/quiz start count:3\n");
    let reveal = text.find("Answer: ").expect("the open question is revealed");
    let results = text.rfind("Quiz stopped").expect("then the results");
    assert!(reveal < results && text[results..].contains("No answers were counted."), "{text}");
    let again = console(data.path(), "/quiz start count:1\n");
    assert!(!again.contains("interrupted"), "nothing was left running: {again}");
}

/// The console over a real quiz service, and a way to say one line and see everything it sets off.
struct Session<'a> {
    console: Console<'a>,
    posts: mpsc::UnboundedReceiver<ChannelPost>,
}

impl Session<'_> {
    async fn say(&mut self, line: &str) -> String {
        let mut shown = self.console.line(line).await;
        while let Ok(post) = self.posts.try_recv() {
            shown.push_str(&self.console.post(post));
        }
        shown
    }
}

#[tokio::test]
async fn the_console_quiz_accepts_exactly_the_options_a_question_has() {
    let data = tempfile::tempdir().expect("temp dir");
    let settings = Settings { data: DataSettings { dir: data.path().to_owned(), url: None }, ..Settings::default() };
    let core = Arc::new(myositis_bot::Core::load(&common::knowledge_dir()).expect("knowledge"));
    let clock = Arc::new(myositis_bot::quiz::system_clock_ms);
    let (app, posts) = App::with_quiz(core, &settings, clock).await.expect("app");
    let mut session = Session { console: Console::new(&app.core, app.quiz.clone()), posts };
    assert!(session.say("/quiz stop").await.contains("No quiz is running in this channel."));
    let shown = session.say("/quiz start topic:dosing count:2").await;
    let bank = &common::core().knowledge.quiz;
    let q =
        bank.of_topic(Some(Topic::Dosing)).into_iter().find(|q| shown.contains(&q.stem)).expect("a dosing question");
    let n = q.options.len();
    let last = char::from(b'A' + (n - 1) as u8);
    let refusal = format!("options A to {last} (or 1 to {n})");
    assert!(session.say(&char::from(b'a' + n as u8).to_string()).await.contains(&refusal), "a letter past the last");
    assert!(session.say(&(n + 1).to_string()).await.contains(&refusal), "a number past the last");
    let right = char::from(b'A' + q.answer as u8);
    let answered = session.say(&format!("{right}. {}", q.options[q.answer])).await;
    assert!(
        answered.contains("Right: console") && answered.contains("1. console: 1/1"),
        "typed with its text: {answered}"
    );
    assert!(answered.contains("Question 2/2"), "the next question follows the reveal: {answered}");
    assert!(session.say("/quiz start").await.contains("A quiz is already running in this channel"));
    let stopped = session.say("/quiz stop").await;
    let reveal = stopped.find("Answer: ").expect("the open question's answer");
    let results = stopped.find("Results (2 questions)").expect("then the results");
    assert!(reveal < results && stopped.contains("1. console: 1/"), "{stopped}");
}
