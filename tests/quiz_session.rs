//! Channel sessions and practice through the quiz service, with tokio's clock paused: timers reveal each
//! question once, members change answers, stop ends early, one session per channel, and spaced repetition
//! brings missed questions back first.

mod common;

use std::sync::Arc;
use std::time::Duration;

use myositis_bot::Core;
use myositis_bot::commands::CommandError;
use myositis_bot::config::QuizSettings;
use myositis_bot::knowledge::Topic;
use myositis_bot::quiz::{Caller, ChannelPost, QuizService, QuizStore};
use tokio::sync::mpsc;

fn caller(user: &str, educator: bool) -> Caller {
    Caller {
        user_id: user.to_owned(),
        guild_id: "g1".to_owned(),
        channel_id: "c1".to_owned(),
        can_manage_messages: educator,
        role_ids: Vec::new(),
    }
}

fn service(dir: &std::path::Path, settings: QuizSettings) -> (Arc<QuizService>, mpsc::UnboundedReceiver<ChannelPost>) {
    let core = Arc::new(Core::load(&common::knowledge_dir()).expect("knowledge"));
    let store = Arc::new(QuizStore::open(&dir.join("q.sqlite3")).expect("store"));
    let (tx, rx) = mpsc::unbounded_channel();
    (QuizService::new(core, store, settings, tx, || 1_700_000_000, true).expect("service"), rx)
}

fn custom_ids(answer: &myositis_bot::answer::Answer) -> Vec<String> {
    answer.buttons.iter().map(|b| b.custom_id.clone()).collect()
}

fn parse(id: &str) -> (i64, usize, usize) {
    let p: Vec<&str> = id.split(':').collect();
    (p[1].parse().expect("session"), p[2].parse().expect("index"), p[3].parse().expect("option"))
}

fn text_of(answer: &myositis_bot::answer::Answer) -> String {
    myositis_bot::render::text::render(answer)
}

#[tokio::test(start_paused = true)]
async fn timers_reveal_each_question_then_the_next_then_the_results() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, mut posts) = service(dir.path(), QuizSettings::default());
    let first = quiz.start(&caller("teacher", true), Some(Topic::Dosing), 2, 10).expect("started");
    let ids = custom_ids(&first);
    let (session, index, _) = parse(&ids[0]);
    assert_eq!(index, 0);
    let bank = &common::core().knowledge.quiz;
    let q = bank.questions.iter().find(|q| text_of(&first).contains(&q.stem)).expect("question");

    let recorded = quiz.press(&caller("m1", false), session, 0, q.answer).expect("press");
    assert!(text_of(&recorded).contains("is recorded"));
    quiz.press(&caller("m2", false), session, 0, (q.answer + 1) % q.options.len()).expect("press");
    let changed = quiz.press(&caller("m2", false), session, 0, q.answer).expect("press");
    assert!(text_of(&changed).contains("Changed your answer"));

    tokio::time::sleep(Duration::from_secs(9)).await;
    assert!(posts.try_recv().is_err(), "nothing is revealed before the timer");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let reveal = posts.recv().await.expect("reveal");
    assert_eq!(reveal.channel_id, "c1");
    let reveal_text = text_of(&reveal.answer);
    assert!(reveal_text.contains("Right: m1, m2"), "{reveal_text}");
    assert!(!reveal.answer.quotes.is_empty(), "the reveal quotes the passage");
    let late = quiz.press(&caller("m3", false), session, 0, q.answer).expect("press");
    assert!(text_of(&late).contains("closed"));

    let second = posts.recv().await.expect("next question");
    let (options, reveal_now): (Vec<_>, Vec<_>) =
        second.answer.buttons.iter().partition(|b| b.custom_id.starts_with(&format!("quiz:{session}:1:")));
    assert!(options.len() >= 2);
    assert_eq!(reveal_now.iter().map(|b| b.custom_id.as_str()).collect::<Vec<_>>(), [format!("quizr:{session}:1")]);
    tokio::time::sleep(Duration::from_secs(11)).await;
    let _second_reveal = posts.recv().await.expect("second reveal");
    let results = posts.recv().await.expect("results");
    let results_text = text_of(&results.answer);
    assert!(
        results_text.contains("Quiz finished") && results_text.contains("m1: 1/1") && results_text.contains("m2: 1/1"),
        "{results_text}"
    );
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(posts.try_recv().is_err(), "nothing after the end");
    assert!(quiz.start(&caller("teacher", true), None, 1, 10).is_ok(), "the channel is free again");
}

#[tokio::test(start_paused = true)]
async fn stop_one_session_per_channel_and_permissions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, mut posts) = service(dir.path(), QuizSettings { educator_role_ids: vec![42], open_to_all: false });
    let refusal = |r: Result<myositis_bot::answer::Answer, CommandError>| match r {
        Err(CommandError::User(e)) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(refusal(quiz.start(&caller("resident", false), None, 3, 30)).contains("Manage Messages"));
    let mut with_role = caller("fellow", false);
    with_role.role_ids = vec![42];
    let first = quiz.start(&with_role, None, 3, 30).expect("an educator role may start");
    assert!(refusal(quiz.start(&caller("teacher", true), None, 3, 30)).contains("already running"));
    assert!(refusal(quiz.stop(&caller("resident", false))).contains("Only the member who started"));
    let (session, _, _) = parse(&first.buttons[0].custom_id);
    quiz.press(&caller("m1", false), session, 0, 0).expect("press");
    let stopped = quiz.stop(&with_role).expect("the starter may stop");
    assert!(text_of(&stopped).contains("Quiz stopped"));
    assert!(text_of(&posts.recv().await.expect("the current question is revealed").answer).contains("Answer:"));
    let results = text_of(&posts.recv().await.expect("then the results").answer);
    assert!(
        results.contains("Results (1 question)") && results.contains("m1: ") && results.contains("/1"),
        "{results}"
    );
    tokio::time::sleep(Duration::from_secs(120)).await;
    assert!(posts.try_recv().is_err(), "the timer of a stopped session does nothing");
    assert!(refusal(quiz.stop(&with_role)).contains("No quiz is running"));
    assert!(refusal(quiz.stats(&caller("resident", false))).contains("educators"));
    let mut direct = caller("teacher", true);
    direct.guild_id = myositis_bot::quiz::DIRECT_MESSAGES.to_owned();
    assert!(refusal(quiz.start(&direct, None, 3, 30)).contains("server channel"));
    let open = tempfile::tempdir().expect("temp dir");
    let (open_quiz, _) = service(open.path(), QuizSettings { educator_role_ids: vec![], open_to_all: true });
    assert!(open_quiz.start(&caller("resident", false), None, 1, 30).is_ok(), "open_to_all lets anyone start");
}

#[tokio::test]
async fn practice_brings_missed_questions_back_before_known_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, _) = service(dir.path(), QuizSettings::default());
    let me = caller("learner", false);
    let first = quiz.practice(&me, Some(Topic::Monitoring)).expect("practice");
    let question = first.buttons[0].custom_id.split(':').nth(2).expect("id").to_owned();
    let bank = &common::core().knowledge.quiz;
    let q = bank.get(&question).expect("in bank");
    let wrong = (q.answer + 1) % q.options.len();
    let after_miss = quiz.practice_answer(&me, Some(Topic::Monitoring), &question, wrong).expect("answer");
    assert!(after_miss.title.starts_with("Not quite."));
    let next = after_miss.buttons[0].custom_id.split(':').nth(2).expect("id").to_owned();
    assert_eq!(next, question, "a missed question comes straight back");
    let after_hit = quiz.practice_answer(&me, Some(Topic::Monitoring), &question, q.answer).expect("answer");
    assert!(after_hit.title.starts_with("Right."));
    let next = after_hit.buttons[0].custom_id.split(':').nth(2).expect("id").to_owned();
    assert_ne!(next, question, "a known question waits");
    let stats = quiz.stats(&caller("teacher", true)).expect("stats");
    assert!(text_of(&stats).contains(&question), "practice answers show in the most-missed list");
}

#[tokio::test(start_paused = true)]
async fn a_restart_mid_question_reveals_the_stored_answers_and_posts_the_results() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (before, _) = service(dir.path(), QuizSettings::default());
    let started = before.start(&caller("teacher", true), None, 3, 30).expect("start");
    let (session, _, _) = parse(&started.buttons[0].custom_id);
    let ids = custom_ids(&started);
    let q = Core::load(&common::knowledge_dir())
        .expect("knowledge")
        .knowledge
        .quiz
        .questions
        .iter()
        .find(|q| text_of(&started).contains(&q.stem))
        .cloned()
        .expect("the question");
    let (_, _, right) = parse(&ids[q.answer]);
    before.press(&caller("m1", false), session, 0, right).expect("press");
    // The process "restarts" before the timer: a new service on the same database finishes the quiz.
    let (after, mut posts) = service(dir.path(), QuizSettings::default());
    let reveal = text_of(&posts.recv().await.expect("the open question is revealed").answer);
    assert!(reveal.contains("Answer:") && reveal.contains("m1"), "{reveal}");
    let results = text_of(&posts.recv().await.expect("then the results").answer);
    assert!(results.contains("interrupted by a restart") && results.contains("m1: 1/1"), "{results}");
    // The old timer finds the session ended: nothing more, and nothing counted twice.
    tokio::time::sleep(Duration::from_secs(120)).await;
    assert!(posts.try_recv().is_err());
    assert!(after.start(&caller("teacher", true), None, 1, 30).is_ok(), "the channel is free again");
}
