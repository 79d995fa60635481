//! The question of the day through the HTTP interactions endpoint, on two instances sharing one database:
//! an educator sets it on one, both run their timers, the day's question is posted once, a member answers
//! on the other, and whichever instance reveals it shows the streak. The instances' clock is the system
//! clock moved: to 2.5 s before 09:00 in London while the educator sets it (time enough to set it before
//! 09:00 on a loaded machine), then, once it is set, on to 09:00, so the post comes at the timers' next
//! pass rather than after 2.5 s of waiting.

mod common;
mod fake_discord;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use fake_discord::signing::{self, signed};
use fake_discord::{flag, integer, press, quiz, text};
use myositis_bot::answer::Answer;
use myositis_bot::app::App;
use myositis_bot::buttons::ButtonId;
use myositis_bot::config::{HttpSettings, QuizSettings};
use myositis_bot::http::Endpoint;
use myositis_bot::quiz::{ChannelPost, Clock, QuizService, SqliteStore, TimerDoor, system_clock, system_clock_ms};
use serde_json::json;
use tokio::sync::mpsc;

const EDUCATOR: &str = "2147483647";

/// One instance: its quiz service on the database file `db` (timers running) behind an endpoint on
/// loopback; the endpoint's URL and the posts the instance would send to Discord.
async fn instance(db: &std::path::Path, clock: &Clock) -> (String, mpsc::UnboundedReceiver<ChannelPost>) {
    let core = Arc::new(myositis_bot::Core::load(&common::knowledge_dir()).expect("knowledge"));
    let store = Arc::new(SqliteStore::open(db).expect("store"));
    let (tx, rx) = mpsc::unbounded_channel();
    let quiz = QuizService::new(Arc::clone(&core), store, QuizSettings::default(), tx, Arc::clone(clock));
    tokio::spawn(QuizService::run_timers(Arc::downgrade(&quiz), TimerDoor::Discord));
    let public = signing::public_key();
    let endpoint = Endpoint::new(
        Arc::new(App { core, quiz: Some(quiz) }),
        &public,
        system_clock,
        Duration::from_millis(2500),
        None,
    )
    .expect("endpoint");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let settings = HttpSettings { max_body_bytes: 64 * 1024, ..HttpSettings::default() };
    let router = endpoint.router(&settings);
    tokio::spawn(myositis_bot::http::serve(listener, router, settings.read_timeout(), std::future::pending()));
    (url, rx)
}

/// The next message either instance posts (closings of buttons are skipped), and which instance posted it.
async fn next_message(
    a: &mut mpsc::UnboundedReceiver<ChannelPost>,
    b: &mut mpsc::UnboundedReceiver<ChannelPost>,
) -> (Answer, char) {
    loop {
        let (post, from) = tokio::select! {
            Some(post) = a.recv() => (post, 'A'),
            Some(post) = b.recv() => (post, 'B'),
        };
        if let ChannelPost::Message { answer, .. } = post {
            return (answer, from);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_of_the_day_over_two_http_instances_is_posted_once_and_revealed_with_the_streak() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("quiz.sqlite3");
    let offset = Arc::new(AtomicI64::new(0));
    let shift = Arc::clone(&offset);
    let clock: Clock = Arc::new(move || system_clock_ms() + shift.load(Ordering::SeqCst));
    let (a, mut posts_a) = instance(&db, &clock).await;
    let (b, mut posts_b) = instance(&db, &clock).await;

    let target = "2026-10-25T08:59:57.5Z".parse::<jiff::Timestamp>().expect("instant").as_millisecond();
    offset.store(target - system_clock_ms(), Ordering::SeqCst);
    let options = json!([text("time", "09:00"), text("timezone", "Europe/London"), integer("reveal_hours", 1)]);
    let set = signed(&a, &quiz(50, "daily", options, 6000, EDUCATOR)).await;
    assert!(set["data"]["embeds"].to_string().contains("Sun 25 October 2026, 09:00 GMT"), "{set}");
    assert!(posts_a.try_recv().is_err() && posts_b.try_recv().is_err(), "nothing is posted before 09:00");
    // 09:00:00.000 in London (GMT after the autumn change): due now.
    let nine = "2026-10-25T09:00:00Z".parse::<jiff::Timestamp>().expect("instant").as_millisecond();
    offset.store(nine - system_clock_ms(), Ordering::SeqCst);

    let (question, poster) = next_message(&mut posts_a, &mut posts_b).await;
    assert!(question.title.starts_with("Question of the day"), "{}", question.title);
    let text = myositis_bot::render::text::render(&question);
    let q = common::core().knowledge.quiz.questions.iter().find(|q| text.contains(&q.stem)).expect("question");
    let id_of = |option: usize| question.buttons[option].custom_id.clone();
    let answered = signed(&b, &press(51, &id_of(q.answer), 6101)).await;
    assert!(answered["data"]["embeds"].to_string().contains("is recorded"), "{answered}");
    let reveal_id = question
        .buttons
        .iter()
        .map(|b| b.custom_id.clone())
        .find(|i| matches!(ButtonId::decode(i), Ok(ButtonId::QuizReveal { .. })))
        .expect("reveal button");
    let revealed = signed(&a, &press(52, &reveal_id, 6000)).await;
    assert!(revealed["data"]["embeds"].to_string().contains("Revealed."), "{revealed}");
    let (reveal, revealer) = next_message(&mut posts_a, &mut posts_b).await;
    let text = myositis_bot::render::text::render(&reveal);
    assert!(text.contains("<@6101>: 1 in a row"), "{text}");
    println!("posted by instance {poster}, revealed by instance {revealer}");
    // Past the time the reveal was due (10:00): four passes of each instance's timers post nothing more.
    let after_reveal = "2026-10-25T10:00:01Z".parse::<jiff::Timestamp>().expect("instant").as_millisecond();
    offset.store(after_reveal - system_clock_ms(), Ordering::SeqCst);
    tokio::time::sleep(4 * myositis_bot::quiz::TIMER_POLL).await;
    assert!(posts_a.try_recv().is_err() && posts_b.try_recv().is_err(), "one question, one reveal");

    let shown = signed(&b, &quiz(53, "daily", json!([]), 6101, "1024")).await;
    assert!(shown["data"]["embeds"].to_string().contains("Next: Mon 26 October 2026, 09:00 GMT"), "{shown}");
    let off = signed(&b, &quiz(54, "daily", json!([flag("off", true)]), 6000, EDUCATOR)).await;
    assert!(off["data"]["embeds"].to_string().contains("Question of the day stopped"), "{off}");
}
