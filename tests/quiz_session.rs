//! Channel sessions and practice through the quiz service, with tokio's clock paused (the service's clock
//! follows it): timers reveal each question once, members change answers, stop ends early, one session per
//! channel, a restart carries on what was due, and spaced repetition brings missed questions back first.

mod common;

use common::caller;

use std::sync::Arc;
use std::time::Duration;

use myositis_bot::Core;
use myositis_bot::answer::{Answer, ButtonState};
use myositis_bot::buttons::ButtonId;
use myositis_bot::commands::CommandError;
use myositis_bot::config::QuizSettings;
use myositis_bot::knowledge::Topic;
use myositis_bot::quiz::{ChannelPost, Clock, QuestionRef, QuizAction, QuizService, SqliteStore, TimerDoor};
use tokio::sync::mpsc;

/// Unix milliseconds on a clock that starts at a fixed time and moves with tokio's (paused) clock.
fn paused_clock() -> Clock {
    let start = tokio::time::Instant::now();
    Arc::new(move || 1_700_000_000_000 + start.elapsed().as_millis() as i64)
}

/// A quiz service on the database in `dir`, its timers running, as one instance of the bot runs it.
fn service_with(
    dir: &std::path::Path,
    settings: QuizSettings,
    clock: Clock,
) -> (Arc<QuizService>, mpsc::UnboundedReceiver<ChannelPost>) {
    let core = Arc::new(Core::load(&common::knowledge_dir()).expect("knowledge"));
    let store = Arc::new(SqliteStore::open(&dir.join("q.sqlite3")).expect("store"));
    let (tx, rx) = mpsc::unbounded_channel();
    let quiz = QuizService::new(core, store, settings, tx, clock);
    tokio::spawn(QuizService::run_timers(Arc::downgrade(&quiz), TimerDoor::Discord));
    (quiz, rx)
}

fn service(dir: &std::path::Path, settings: QuizSettings) -> (Arc<QuizService>, mpsc::UnboundedReceiver<ChannelPost>) {
    service_with(dir, settings, paused_clock())
}

fn start(topic: Option<Topic>, count: usize, seconds: u32) -> QuizAction {
    QuizAction::Start { topic, count, seconds }
}

fn answer(session: i64, question: usize, option: usize) -> QuizAction {
    QuizAction::Answer { session, question, option }
}

/// The next message the quiz posts, after checking that a reveal is preceded by the closing of the
/// question's buttons with the right one marked.
async fn next_message(posts: &mut mpsc::UnboundedReceiver<ChannelPost>) -> (Answer, Option<QuestionRef>) {
    match posts.recv().await.expect("a post") {
        ChannelPost::Message { channel_id, answer, question } => {
            assert_eq!(channel_id, "c1");
            (answer, question)
        }
        ChannelPost::Close { question, buttons, .. } => {
            let correct: Vec<_> = buttons.iter().filter(|b| b.state == ButtonState::Correct).collect();
            assert_eq!(correct.len(), 1, "one right option is marked: {buttons:?}");
            assert!(buttons.iter().all(|b| b.state != ButtonState::Open), "every button is closed");
            let (reveal, _) = Box::pin(next_message(posts)).await;
            assert!(reveal.title.starts_with("Answer: "), "the reveal follows the closing of {question:?}");
            (reveal, None)
        }
    }
}

/// The session, the question's place and its options' button ids, read from a posted question.
fn options_of(question: &Answer) -> (i64, usize, Vec<usize>) {
    let mut found = (0, 0, Vec::new());
    for button in &question.buttons {
        if let Ok(ButtonId::QuizOption { session, question, option }) = ButtonId::decode(&button.custom_id) {
            found = (session, question, [found.2, vec![option]].concat());
        }
    }
    found
}

fn text_of(answer: &Answer) -> String {
    myositis_bot::render::text::render(answer)
}

fn refusal(r: Result<Answer, CommandError>) -> String {
    match r {
        Err(CommandError::User(e)) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn timers_reveal_each_question_then_the_next_then_the_results() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, mut posts) = service(dir.path(), QuizSettings::default());
    let started = quiz.handle(&caller("teacher", true), start(Some(Topic::Dosing), 2, 10)).await.expect("started");
    assert!(text_of(&started).contains("Quiz started: 2 questions on dosing, 10 s each"), "{}", text_of(&started));
    let (first, asked) = next_message(&mut posts).await;
    let (session, index, options) = options_of(&first);
    assert_eq!((asked, index), (Some(QuestionRef { session, index: 0 }), 0));
    let bank = &common::core().knowledge.quiz;
    let q = bank.questions.iter().find(|q| text_of(&first).contains(&q.stem)).expect("question");
    assert_eq!(options.len(), q.options.len());

    let recorded = quiz.handle(&caller("m1", false), answer(session, 0, q.answer)).await.expect("press");
    assert!(text_of(&recorded).contains("is recorded"));
    quiz.handle(&caller("m2", false), answer(session, 0, (q.answer + 1) % q.options.len())).await.expect("press");
    let changed = quiz.handle(&caller("m2", false), answer(session, 0, q.answer)).await.expect("press");
    assert!(text_of(&changed).contains("Changed your answer"));

    tokio::time::sleep(Duration::from_secs(9)).await;
    assert!(posts.try_recv().is_err(), "nothing is revealed before the timer");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (reveal, _) = next_message(&mut posts).await;
    let reveal_text = text_of(&reveal);
    assert!(reveal_text.contains("Right: m1, m2"), "{reveal_text}");
    assert!(!reveal.quotes.is_empty(), "the reveal quotes the passage");
    let late = quiz.handle(&caller("m3", false), answer(session, 0, q.answer)).await.expect("press");
    assert!(text_of(&late).contains("closed"));

    let (second, asked) = next_message(&mut posts).await;
    assert_eq!(asked, Some(QuestionRef { session, index: 1 }));
    let (_, index, options) = options_of(&second);
    assert!(index == 1 && options.len() >= 2);
    let reveal_now: Vec<_> = second
        .buttons
        .iter()
        .filter_map(|b| ButtonId::decode(&b.custom_id).ok())
        .filter(|id| matches!(id, ButtonId::QuizReveal { .. }))
        .collect();
    assert_eq!(reveal_now, [ButtonId::QuizReveal { session, question: 1 }]);
    tokio::time::sleep(Duration::from_secs(11)).await;
    let _second_reveal = next_message(&mut posts).await;
    let (results, _) = next_message(&mut posts).await;
    let results_text = text_of(&results);
    assert!(
        results_text.contains("Quiz finished") && results_text.contains("m1: 1/1") && results_text.contains("m2: 1/1"),
        "{results_text}"
    );
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(posts.try_recv().is_err(), "nothing after the end");
    assert!(quiz.handle(&caller("teacher", true), start(None, 1, 10)).await.is_ok(), "the channel is free again");
}

#[tokio::test(start_paused = true)]
async fn stop_one_session_per_channel_and_permissions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, mut posts) = service(dir.path(), QuizSettings { educator_role_ids: vec![42], open_to_all: false });
    assert!(refusal(quiz.handle(&caller("resident", false), start(None, 3, 30)).await).contains("Manage Messages"));
    let mut muted = caller("teacher", true);
    muted.bot_access = myositis_bot::quiz::BotAccess::Missing(vec!["Send Messages", "Embed Links"]);
    let refused = refusal(quiz.handle(&muted, start(None, 3, 30)).await);
    assert!(refused.contains("missing Send Messages, Embed Links"), "{refused}");
    assert!(quiz.start_refusal(&muted).is_some(), "known before it runs, so the refusal can be private");
    // Permissions the door could not read are not taken as granted: nothing is posted on the chance.
    let mut unknown = caller("teacher", true);
    unknown.bot_access = myositis_bot::quiz::BotAccess::Unknown(vec!["View Channel", "Send Messages", "Embed Links"]);
    let refused = refusal(quiz.handle(&unknown, start(None, 3, 30)).await);
    assert!(
        refused.contains("I cannot run a quiz here")
            && refused.contains("did not say which permissions I have")
            && refused.contains("(I need View Channel, Send Messages, Embed Links)"),
        "{refused}"
    );
    assert!(tokio::time::timeout(Duration::from_millis(10), posts.recv()).await.is_err(), "nothing was posted");
    let mut with_role = caller("fellow", false);
    with_role.role_ids = vec![42];
    quiz.handle(&with_role, start(None, 3, 30)).await.expect("an educator role may start");
    let (first, _) = next_message(&mut posts).await;
    assert!(refusal(quiz.handle(&caller("teacher", true), start(None, 3, 30)).await).contains("already running"));
    assert!(
        refusal(quiz.handle(&caller("resident", false), QuizAction::Stop).await)
            .contains("Only the member who started")
    );
    let (session, _, _) = options_of(&first);
    quiz.handle(&caller("m1", false), answer(session, 0, 0)).await.expect("press");
    let stopped = quiz.handle(&with_role, QuizAction::Stop).await.expect("the starter may stop");
    assert!(text_of(&stopped).contains("Quiz stopped"));
    let (reveal, _) = next_message(&mut posts).await;
    assert!(text_of(&reveal).contains("Answer:"), "the current question is revealed first");
    let (results, _) = next_message(&mut posts).await;
    let results = text_of(&results);
    assert!(
        results.contains("Results (1 question)") && results.contains("m1: ") && results.contains("/1"),
        "then the results: {results}"
    );
    tokio::time::sleep(Duration::from_secs(120)).await;
    assert!(posts.try_recv().is_err(), "the timer of a stopped session does nothing");
    assert!(refusal(quiz.handle(&with_role, QuizAction::Stop).await).contains("No quiz is running"));
    assert!(
        refusal(
            quiz.handle(&caller("resident", false), QuizAction::Stats { period: myositis_bot::quiz::Period::All })
                .await
        )
        .contains("educators")
    );
    let mut direct = caller("teacher", true);
    direct.guild_id = myositis_bot::quiz::DIRECT_MESSAGES.to_owned();
    assert!(refusal(quiz.handle(&direct, start(None, 3, 30)).await).contains("server channel"));
    // A question that could not be posted ends its quiz: the channel is free again.
    quiz.handle(&caller("teacher", true), start(None, 2, 30)).await.expect("start");
    let (question, asked) = next_message(&mut posts).await;
    quiz.undelivered(asked.expect("a question")).await;
    assert!(
        refusal(quiz.handle(&with_role, QuizAction::Stop).await).contains("No quiz is running"),
        "{}",
        text_of(&question)
    );
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert!(posts.try_recv().is_err(), "nothing more is posted for it");
    drop(posts);
    let refused = refusal(quiz.handle(&caller("teacher", true), start(None, 3, 30)).await);
    assert!(refused.contains("cannot post in channels"), "nobody delivers the posts: {refused}");
    let open = tempfile::tempdir().expect("temp dir");
    let (open_quiz, _posts) = service(open.path(), QuizSettings { educator_role_ids: vec![], open_to_all: true });
    assert!(
        open_quiz.handle(&caller("resident", false), start(None, 1, 30)).await.is_ok(),
        "open_to_all lets anyone start"
    );
}

/// The question id a practice answer's buttons ask about.
fn practised(answer: &Answer) -> String {
    match ButtonId::decode(&answer.buttons[0].custom_id) {
        Ok(ButtonId::PracticeOption { question, .. }) => question,
        other => panic!("not a practice button: {other:?}"),
    }
}

#[tokio::test]
async fn practice_brings_missed_questions_back_before_known_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, _) = service(dir.path(), QuizSettings::default());
    let me = caller("learner", false);
    let topic = Some(Topic::Monitoring);
    let first = quiz.handle(&me, QuizAction::Practice { topic }).await.expect("practice");
    let question = practised(&first);
    let bank = &common::core().knowledge.quiz;
    let q = bank.get(&question).expect("in bank");
    let wrong = (q.answer + 1) % q.options.len();
    let practice = |option| QuizAction::PracticeAnswer { topic, question: question.clone(), option };
    let after_miss = quiz.handle(&me, practice(wrong)).await.expect("answer");
    assert!(after_miss.title.starts_with("Not quite."));
    assert_eq!(practised(&after_miss), question, "a missed question comes straight back");
    let after_hit = quiz.handle(&me, practice(q.answer)).await.expect("answer");
    assert!(after_hit.title.starts_with("Right."));
    assert_ne!(practised(&after_hit), question, "a known question waits");
    let stats = quiz
        .handle(&caller("teacher", true), QuizAction::Stats { period: myositis_bot::quiz::Period::All })
        .await
        .expect("stats");
    let stats = text_of(&stats);
    assert!(stats.contains(&q.stem), "practice answers show in the most-missed list: {stats}");
    assert!(!stats.contains(&question), "named by topic and words, not by its id: {stats}");
}

#[tokio::test(start_paused = true)]
async fn a_restart_carries_on_with_what_fell_due_and_a_long_outage_ends_the_quiz() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = paused_clock();
    let (before, mut before_posts) = service_with(dir.path(), QuizSettings::default(), Arc::clone(&clock));
    before.handle(&caller("teacher", true), start(None, 3, 30)).await.expect("start");
    let (first, _) = next_message(&mut before_posts).await;
    let (session, _, _) = options_of(&first);
    let q = common::core().knowledge.quiz.questions.iter().find(|q| text_of(&first).contains(&q.stem)).expect("q");
    before.handle(&caller("m1", false), answer(session, 0, q.answer)).await.expect("press");
    // The process stops before the reveal (its timers end with it) and is down past the reveal's time.
    drop(before);
    tokio::time::sleep(Duration::from_secs(40)).await;
    assert!(before_posts.try_recv().is_err(), "nothing is posted while no instance runs");
    let (after, mut posts) = service_with(dir.path(), QuizSettings::default(), Arc::clone(&clock));
    let (reveal, _) = next_message(&mut posts).await;
    let reveal = text_of(&reveal);
    assert!(reveal.contains("Answer:") && reveal.contains("Right: m1"), "the due reveal is posted at start: {reveal}");
    let (second, asked) = next_message(&mut posts).await;
    assert_eq!(asked, Some(QuestionRef { session, index: 1 }), "then the quiz carries on: {}", text_of(&second));
    let late = after.handle(&caller("m2", false), answer(session, 0, q.answer)).await.expect("press");
    assert!(text_of(&late).contains("closed"), "{}", text_of(&late));

    // Down again, this time for longer than a quiz is worth resuming: the next instance ends it.
    drop(after);
    tokio::time::sleep(Duration::from_secs(2 * 600)).await;
    let (last, mut posts) = service_with(dir.path(), QuizSettings::default(), clock);
    let (reveal, _) = next_message(&mut posts).await;
    assert!(text_of(&reveal).contains("Answer:"), "the open question is revealed: {}", text_of(&reveal));
    let (results, _) = next_message(&mut posts).await;
    let results = text_of(&results);
    assert!(results.contains("Quiz interrupted") && results.contains("m1: 1/"), "then the results: {results}");
    tokio::time::sleep(Duration::from_secs(120)).await;
    assert!(posts.try_recv().is_err(), "nothing more, and nothing counted twice");
    assert!(last.handle(&caller("teacher", true), start(None, 1, 30)).await.is_ok(), "the channel is free again");
}
