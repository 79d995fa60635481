//! The question of the day end to end through the gateway bot against the fake Discord: registration
//! declares `/quiz daily` with its options from the one description; an educator sets it; at its local
//! time the bot posts the question as its own message (no pings), a member answers with a button, an
//! educator reveals it early, and the reveal closes the buttons and shows the streak. The bot's clock is
//! the system clock moved: to 2.5 s before 09:00 in London while the educator sets it (time enough to set
//! it before 09:00 on a loaded machine), then, once it is set, on to 09:00, so the post comes at the
//! timer's next pass rather than after 2.5 s of waiting.

mod common;
mod fake_discord;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use fake_discord::{FakeDiscord, flag, integer, press, quiz, text};
use myositis_bot::Core;
use myositis_bot::app::App;
use myositis_bot::config::QuizSettings;
use myositis_bot::discord::Bot;
use serde_json::{Value, json};

const EDUCATOR: &str = "2147483647";
const MEMBER: &str = "1024";

fn content(callback: &Value) -> String {
    format!("{} {}", callback["data"]["content"], callback["data"]["embeds"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_educator_sets_a_question_of_the_day_that_is_posted_answered_and_revealed_with_streaks() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut fake = FakeDiscord::start().await;
    let settings = fake.bot_settings(data.path(), QuizSettings::default(), None);
    let offset = Arc::new(AtomicI64::new(0));
    let shift = Arc::clone(&offset);
    let clock = Arc::new(move || myositis_bot::quiz::system_clock_ms() + shift.load(Ordering::SeqCst));
    let core = Arc::new(Core::load(&common::knowledge_dir()).expect("knowledge"));
    let (app, posts) = App::with_quiz(core, &settings, clock).await.expect("the app assembles");
    let mut bot = Bot::build(Arc::new(app), posts, &settings).await.expect("the bot builds");
    tokio::spawn(async move { bot.start().await });
    let registered =
        fake.wait_for("command registration", 20, |r| r.method == "PUT" && r.path.ends_with("/commands")).await.json();
    let quiz_command = registered.as_array().expect("commands").iter().find(|c| c["name"] == "quiz").expect("quiz");
    let daily = quiz_command["options"].as_array().expect("subcommands").iter().find(|s| s["name"] == "daily");
    let daily = daily.expect("/quiz daily is registered");
    let names: Vec<&str> =
        daily["options"].as_array().expect("options").iter().filter_map(|o| o["name"].as_str()).collect();
    assert_eq!(names, ["time", "timezone", "topic", "reveal_hours", "off"]);
    let hours = &daily["options"][3];
    assert_eq!((hours["min_value"].as_i64(), hours["max_value"].as_i64()), (Some(1), Some(12)), "{hours}");
    assert!(hours["description"].as_str().is_some_and(|d| d.contains("default 8")), "{hours}");
    assert_eq!(daily["options"][0]["max_length"], 5);

    // A resident may look but not set it; the refusal is private.
    fake.interaction(quiz(
        8001,
        "daily",
        json!([text("time", "09:00"), text("timezone", "Europe/London")]),
        6100,
        MEMBER,
    ));
    let refused = fake.callback(8001).await;
    assert_eq!(refused["data"]["flags"].as_u64().map(|f| f & 64), Some(64), "ephemeral: {refused}");
    assert!(content(&refused).contains("Manage Messages"), "{refused}");
    fake.interaction(quiz(
        8002,
        "daily",
        json!([text("time", "09:00"), text("timezone", "Mars/Olympus")]),
        6000,
        EDUCATOR,
    ));
    assert!(content(&fake.callback(8002).await).contains("IANA time zone name"));

    // 08:59:57.5 in London on the spring-forward Sunday.
    let target = "2026-03-29T07:59:57.5Z".parse::<jiff::Timestamp>().expect("instant").as_millisecond();
    offset.store(target - myositis_bot::quiz::system_clock_ms(), Ordering::SeqCst);
    let options = json!([
        text("time", "09:00"),
        text("timezone", "Europe/London"),
        text("topic", "dosing"),
        integer("reveal_hours", 3)
    ]);
    fake.interaction(quiz(8003, "daily", options, 6000, EDUCATOR));
    let set = fake.callback(8003).await;
    assert!(content(&set).contains("Question of the day set"), "{set}");
    assert!(content(&set).contains("Sun 29 March 2026, 09:00 BST"), "{set}");

    let channel_messages = "/api/v10/channels/5000/messages";
    let is_question = |r: &fake_discord::Request| {
        r.method == "POST" && r.path == channel_messages && r.body.contains("Question of the day")
    };
    assert!(!fake.seen_now().iter().any(is_question), "nothing is posted before 09:00");
    // 09:00:00.000 in London: due now.
    let nine = "2026-03-29T08:00:00Z".parse::<jiff::Timestamp>().expect("instant").as_millisecond();
    offset.store(nine - myositis_bot::quiz::system_clock_ms(), Ordering::SeqCst);
    let posted = fake.wait_for("the question of the day", 10, is_question).await.json();
    assert_eq!(posted["allowed_mentions"]["parse"], json!([]));
    let description = posted["embeds"][0]["description"].as_str().expect("description").to_owned();
    let bank = &common::core().knowledge.quiz;
    let q = bank.questions.iter().find(|q| description.contains(&q.stem)).expect("a bank question");
    assert_eq!(q.topic.name(), "dosing");
    assert!(description.contains("The answer comes at Sun 12:00 BST"), "{description}");
    let buttons = posted["components"][0]["components"].as_array().expect("buttons").clone();
    let id_of = |i: usize| buttons[i]["custom_id"].as_str().expect("id").to_owned();
    let reveal_now = posted["components"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|row| row["components"].as_array().expect("buttons"))
        .find(|b| b["label"].as_str().is_some_and(|l| l.starts_with("Reveal now")))
        .and_then(|b| b["custom_id"].as_str())
        .expect("a Reveal now button")
        .to_owned();

    fake.interaction(press(8004, &id_of(q.answer), 6101));
    assert!(content(&fake.callback(8004).await).contains("is recorded"));
    let mut early = press(8005, &reveal_now, 6101);
    early["member"]["permissions"] = json!(MEMBER);
    fake.interaction(early);
    assert!(content(&fake.callback(8005).await).contains("Only the member who started"), "members cannot reveal");
    let mut reveal = press(8006, &reveal_now, 6000);
    reveal["member"]["permissions"] = json!(EDUCATOR);
    fake.interaction(reveal);
    fake.callback(8006).await;
    fake.wait_for("the question closed", 10, |r| r.method == "PATCH" && r.path.starts_with(channel_messages)).await;
    let revealed = fake
        .wait_for("the reveal", 10, |r| r.method == "POST" && r.path == channel_messages && r.body.contains("Answer:"))
        .await;
    assert!(revealed.body.contains("<@6101>: 1 in a row"), "{}", revealed.body);
    assert_eq!(revealed.json()["allowed_mentions"]["parse"], json!([]));

    fake.interaction(quiz(8007, "daily", json!([]), 6101, MEMBER));
    let shown = content(&fake.callback(8007).await);
    assert!(shown.contains("Next: Mon 30 March 2026, 09:00 BST") && shown.contains("1 in a row"), "{shown}");
    fake.interaction(quiz(8008, "daily", json!([flag("off", true)]), 6000, EDUCATOR));
    assert!(content(&fake.callback(8008).await).contains("Question of the day stopped"));
}
