//! End to end: the real serenity client, built by the same constructor as `myositis-bot serve`, against a
//! fake Discord on 127.0.0.1 (no network). Registration, every command, autocomplete, refusals, malformed
//! payloads, reconnection, and no pings.

mod common;
mod fake_discord;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use fake_discord::{FakeDiscord, GUILD_ID, autocomplete, command, flag, number, text};
use myositis_bot::Core;
use myositis_bot::app::App;
use myositis_bot::config::{QuizSettings, ShardRange};
use myositis_bot::discord::Bot;
use serde_json::{Value, json};

/// Starts the fake and the bot (its quiz database in `data`); returns once the commands are registered.
async fn start_with(data: &std::path::Path, quiz: QuizSettings) -> (FakeDiscord, Arc<serenity::all::ShardManager>) {
    let mut fake = FakeDiscord::start().await;
    let shards = connect(&mut fake, data, quiz, None).await;
    (fake, shards)
}

/// Starts a bot against `fake` (its quiz database in `data`), as one process start does; returns once its
/// commands are registered.
async fn connect(
    fake: &mut FakeDiscord,
    data: &std::path::Path,
    quiz: QuizSettings,
    shards: Option<ShardRange>,
) -> Arc<serenity::all::ShardManager> {
    let registrations = fake.seen.iter().filter(|r| r.method == "PUT" && r.path.ends_with("/commands")).count();
    let settings = fake.bot_settings(data, quiz, shards);
    let core = Arc::new(Core::load(&common::knowledge_dir()).expect("knowledge"));
    let clock = Arc::new(myositis_bot::quiz::system_clock_ms);
    let (app, posts) = App::with_quiz(core, &settings, clock).await.expect("the app assembles");
    let bot = Bot::build(Arc::new(app), posts, &settings).await.expect("the bot builds");
    let shards = Arc::clone(&bot.client.shard_manager);
    let mut bot = bot;
    tokio::spawn(async move { bot.start().await });
    let registration = |r: &fake_discord::Request| r.method == "PUT" && r.path.ends_with("/commands");
    fake.wait_for_count("command registration", 20, registrations + 1, registration).await;
    shards
}

async fn start() -> (FakeDiscord, Arc<serenity::all::ShardManager>, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    let (fake, shards) = start_with(data.path(), QuizSettings::default()).await;
    (fake, shards, data)
}

fn embed(callback: &Value) -> &Value {
    &callback["data"]["embeds"][0]
}

fn is_ephemeral(callback: &Value) -> bool {
    callback["data"]["flags"].as_u64().is_some_and(|f| f & 64 == 64)
}

fn assert_no_pings(callback: &Value) {
    assert_eq!(callback["data"]["allowed_mentions"]["parse"], json!([]), "{callback}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_declares_every_command_with_its_options() {
    let (mut fake, shards, _data) = start().await;
    let put = fake.wait_for("registration", 5, |r| r.method == "PUT").await;
    assert_eq!(put.path, format!("/api/v10/applications/{}/guilds/{GUILD_ID}/commands", fake_discord::APP_ID));
    let commands = put.json();
    let by_name = |name: &str| {
        commands.as_array().and_then(|a| a.iter().find(|c| c["name"] == name)).cloned().unwrap_or(Value::Null)
    };
    let option = |cmd: &str, opt: &str| {
        by_name(cmd)["options"]
            .as_array()
            .and_then(|a| a.iter().find(|o| o["name"] == opt))
            .cloned()
            .unwrap_or(Value::Null)
    };
    for name in ["ask", "dose", "antibody", "ibm", "refractory", "reassess", "monitor", "about", "help", "quiz"] {
        assert!(by_name(name)["description"].as_str().is_some_and(|d| !d.is_empty()), "{name} registered");
    }
    assert_eq!(
        (option("ask", "question")["type"].as_u64(), option("ask", "question")["required"].as_bool()),
        (Some(3), Some(true))
    );
    assert_eq!(option("ask", "private")["type"], 5);
    assert_eq!(
        (
            option("ask", "limit")["type"].as_u64(),
            option("ask", "limit")["min_value"].as_u64(),
            option("ask", "limit")["max_value"].as_u64()
        ),
        (Some(4), Some(1), Some(5))
    );
    assert_eq!(
        (option("dose", "weight")["type"].as_u64(), option("dose", "weight")["required"].as_bool()),
        (Some(10), Some(true))
    );
    let unit = option("dose", "unit");
    assert_eq!((unit["type"].as_u64(), unit["required"].as_bool()), (Some(3), Some(true)));
    let values: Vec<&str> =
        unit["choices"].as_array().expect("choices").iter().filter_map(|c| c["value"].as_str()).collect();
    assert_eq!(values, ["kg", "lb"]);
    assert_eq!(option("antibody", "name")["autocomplete"], true);
    let diagnosis = option("refractory", "diagnosis");
    let diagnosis: Vec<&str> =
        diagnosis["choices"].as_array().expect("choices").iter().filter_map(|c| c["value"].as_str()).collect();
    assert_eq!(diagnosis, ["pm", "dm", "ibm"]);
    for f in ["ild", "dysphagia", "cancer_chemo"] {
        assert_eq!(
            (option("refractory", f)["type"].as_u64(), option("refractory", f)["required"].as_bool()),
            (Some(5), Some(false))
        );
    }
    assert_eq!(fake.intents.load(Ordering::SeqCst), 0, "a slash-only bot asks for no intents");
    shards.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_is_answered_with_the_right_callback() {
    let (mut fake, shards, _data) = start().await;
    let cases: Vec<(u64, Value, &str, bool)> = vec![
        (3001, command(3001, "ask", json!([text("question", "cellcept in myositis")])), "mycophenylate", false),
        (3002, command(3002, "ask", json!([text("question", "ivig"), flag("private", true)])), "IVIG", true),
        (3003, command(3003, "dose", json!([number("weight", 70.0), text("unit", "kg")])), "25–30 mg per WEEK", true),
        (3004, command(3004, "antibody", json!([text("name", "jo-1")])), "histidyl-tRNA synthetase", false),
        (3005, command(3005, "ibm", json!([])), "no therapy substantially", false),
        (
            3006,
            command(3006, "refractory", json!([text("diagnosis", "dm"), flag("ild", true)])),
            "Cyclosporine — added option (p. 6, ¶3): “Added options in refractory DM and PM include cyclosporine and tacrolimus, particularly if there is co-existing interstitial lung disease.”",
            false,
        ),
        (3007, command(3007, "reassess", json!([])), "Treat the patient, not the number!", false),
        (3008, command(3008, "monitor", json!([])), "IMACS", false),
        (3009, command(3009, "about", json!([])), "sha256:", false),
        (3010, command(3010, "help", json!([])), "/dose", false),
    ];
    for (_, payload, _, _) in &cases {
        fake.interaction(payload.clone());
    }
    for (id, _, expected, ephemeral) in cases {
        let cb = fake.callback(id).await;
        assert_eq!(cb["type"], 4, "{id}: {cb}");
        let e = embed(&cb);
        let all = format!("{} {} {}", e["title"], e["description"], e["fields"]);
        assert!(all.contains(expected), "{id}: {expected:?} not in {all}");
        assert_eq!(is_ephemeral(&cb), ephemeral, "{id} ephemeral");
        assert_no_pings(&cb);
        assert!(e["description"].as_str().map_or(0, |d| d.chars().count()) <= 4096);
    }
    let clinical = fake.callback(3003).await;
    assert!(embed(&clinical)["footer"]["text"].as_str().is_some_and(|f| f.contains("Not medical advice")));
    shards.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_refusals_mentions_and_malformed_payloads() {
    let (mut fake, shards, _data) = start().await;
    fake.interaction(autocomplete(4001, "antibody", "name", "jo"));
    fake.interaction(autocomplete(4002, "antibody", "name", "mda"));
    let jo = fake.callback(4001).await;
    assert_eq!(jo["type"], 8);
    let choices = jo["data"]["choices"].as_array().expect("choices");
    assert!(!choices.is_empty() && choices.len() <= 25);
    assert_eq!(choices[0]["name"], "anti-Jo-1");
    assert_eq!(fake.callback(4002).await["data"]["choices"][0]["name"], "anti-MDA5");

    // Bad values: an ephemeral message that says what to fix.
    fake.interaction(command(4003, "dose", json!([number("weight", -5.0), text("unit", "kg")])));
    let refused = fake.callback(4003).await;
    assert_eq!(refused["type"], 4);
    assert!(is_ephemeral(&refused));
    assert!(refused["data"]["content"].as_str().is_some_and(|c| c.contains("more than zero")), "{refused}");
    assert_no_pings(&refused);

    // Text that would ping is echoed, never pinged.
    fake.interaction(command(4004, "antibody", json!([text("name", "@everyone <@&123> <@6000>")])));
    let echoed = fake.callback(4004).await;
    assert!(embed(&echoed)["title"].as_str().is_some_and(|t| t.contains("@everyone")));
    assert_no_pings(&echoed);

    // Malformed payloads and an unknown command are survived; the next interaction is answered.
    fake.raw("{not json");
    fake.raw(&json!({"op": 0, "s": 999, "t": "INTERACTION_CREATE", "d": {"id": "oops", "type": 2}}).to_string());
    fake.interaction(command(4005, "frobnicate", json!([])));
    let unknown = fake.callback(4005).await;
    assert!(is_ephemeral(&unknown) && unknown["data"]["content"].as_str().is_some_and(|c| c.contains("/help")));
    fake.interaction(command(4006, "ibm", json!([])));
    assert_eq!(fake.callback(4006).await["type"], 4);
    shards.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_given_a_shard_range_identifies_as_those_shards_of_the_total() {
    let mut fake = FakeDiscord::start().await;
    let data = tempfile::tempdir().expect("temp dir");
    // The second of two processes (the fake serves one gateway connection at a time).
    let range = ShardRange { first: 1, count: 1, total: 2 };
    let shards = connect(&mut fake, data.path(), QuizSettings::default(), Some(range)).await;
    let identified = fake.shards.lock().expect("shards").clone();
    assert_eq!(identified, [json!([1, 2])], "shard 1 of 2, and no other");
    shards.shutdown_all().await;
    let outside = ShardRange { first: 3, count: 2, total: 4 };
    assert!(outside.ids().is_err_and(|e| e.to_string().contains("do not fit in a total of 4")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_gateway_connection_is_reconnected() {
    let (mut fake, shards, _data) = start().await;
    fake.interaction(command(5001, "ibm", json!([])));
    assert_eq!(fake.callback(5001).await["type"], 4);
    let before = fake.sessions.load(Ordering::SeqCst);
    fake.drop_connection();
    fake.interaction(command(5002, "reassess", json!([])));
    let after_reconnect = fake.callback(5002).await;
    assert_eq!(after_reconnect["type"], 4);
    assert!(fake.sessions.load(Ordering::SeqCst) > before, "the bot identified or resumed again");
    shards.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_logs_json_without_content_or_token_and_stops_on_sigterm() {
    let mut fake = FakeDiscord::start().await;
    let data = tempfile::tempdir().expect("temp dir");
    let child = fake
        .bot_binary(data.path(), "secret-token-value")
        .env("MYOSITIS_BOT__LOG__FORMAT", "json")
        .spawn()
        .expect("the binary starts");
    fake.wait_for("registration by the binary", 20, |r| r.method == "PUT" && r.path.ends_with("/commands")).await;
    fake.interaction(command(6001, "ask", json!([text("question", "zebra-marker cellcept")])));
    assert_eq!(fake.callback(6001).await["type"], 4);

    let pid = child.id().expect("pid").to_string();
    let killed = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(killed.success());
    let out = tokio::time::timeout(std::time::Duration::from_secs(20), child.wait_with_output())
        .await
        .expect("the binary stops after SIGTERM")
        .expect("output");
    assert!(out.status.success(), "exit status {:?}", out.status);
    let logs = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<Value> = logs.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    assert!(!lines.is_empty() && lines.len() == logs.lines().count(), "every log line is JSON:\n{logs}");
    let interaction = lines.iter().find(|l| l["fields"]["message"] == "interaction").expect("an interaction line");
    assert_eq!(interaction["fields"]["command"], "ask");
    assert_eq!(interaction["fields"]["outcome"], "answered");
    assert!(interaction["fields"]["latency_ms"].is_number());
    assert!(!logs.contains("zebra-marker"), "message content is not logged at info");
    assert!(!logs.contains("secret-token-value"), "the token is never logged");
    assert!(lines.iter().any(|l| l["fields"]["message"] == "shut down"));
}

#[test]
fn oversized_answers_are_cut_to_fit_every_embed_limit() {
    use myositis_bot::answer::{Answer, Line, Quote};
    use myositis_bot::discord::layout;
    let core = common::core();
    let article = &core.knowledge.article;
    let mut answer = Answer::clinical("t".repeat(400));
    for i in 0..40 {
        answer = answer.block(Some(&format!("Block {i}")), vec![Line::plain("x".repeat(900))]);
    }
    for p in article.passages.iter().cycle().take(40) {
        let mut quote = Quote::passage(article, p);
        quote.text = quote.text.repeat(3);
        answer.quotes.push(quote);
    }
    answer.warnings.push("w".repeat(5000));
    let parts = layout(&answer);
    assert!(parts.title.chars().count() <= 256);
    assert!(parts.description.chars().count() <= 4096);
    assert!(parts.fields.len() <= 25);
    assert!(parts.fields.iter().all(|(n, v)| n.chars().count() <= 256 && v.chars().count() <= 1024));
    assert!(parts.total_chars() <= 6000, "{}", parts.total_chars());
    assert!(parts.description.ends_with("(cut to fit Discord)"));
    assert!(parts.fields.iter().any(|(_, v)| v.contains("(cut: full text in mm2008-p6-")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_quiz_with_three_members_counts_scores_and_the_leaderboard() {
    use fake_discord::{integer, press, quiz};
    const EDUCATOR: &str = "2147483647";
    const MEMBER: &str = "1024";
    let (mut fake, shards, _data) = start().await;

    fake.interaction(quiz(7001, "start", json!([]), 6100, MEMBER));
    let refused = fake.callback(7001).await;
    assert!(
        is_ephemeral(&refused) && refused["data"]["content"].as_str().is_some_and(|c| c.contains("Manage Messages")),
        "{refused}"
    );

    fake.interaction(quiz(
        7002,
        "start",
        json!([text("topic", "dosing"), integer("count", 2), integer("seconds", 60)]),
        6000,
        EDUCATOR,
    ));
    let started = fake.callback(7002).await;
    assert_eq!(started["type"], 4);
    assert!(!is_ephemeral(&started));
    assert_no_pings(&started);
    assert!(embed(&started)["title"].as_str().is_some_and(|t| t.starts_with("Quiz started: 2 questions")), "{started}");
    // The question is the bot's own message in the channel, so it can be closed at the reveal.
    let channel_messages = "/api/v10/channels/5000/messages";
    let question = fake.wait_for("the first question", 10, |r| r.method == "POST" && r.path == channel_messages).await;
    let question = question.json();
    assert_eq!(question["allowed_mentions"]["parse"], json!([]));
    let buttons = question["components"][0]["components"].as_array().expect("buttons").clone();
    assert!((2..=5).contains(&buttons.len()));
    let description = question["embeds"][0]["description"].as_str().expect("description").to_owned();
    let bank = &common::core().knowledge.quiz;
    let q = bank.questions.iter().find(|q| description.contains(&q.stem)).expect("the posted question is in the bank");
    let id_of = |option: usize| buttons[option]["custom_id"].as_str().expect("custom_id").to_owned();
    let wrong = (q.answer + 1) % q.options.len();

    fake.interaction(quiz(7003, "start", json!([]), 6000, EDUCATOR));
    assert!(fake.callback(7003).await["data"]["content"].as_str().is_some_and(|c| c.contains("already running")));

    fake.interaction(press(7004, &id_of(q.answer), 6101));
    fake.interaction(press(7005, &id_of(wrong), 6102));
    fake.interaction(press(7006, &id_of(wrong), 6103));
    for id in [7004, 7005, 7006] {
        let cb = fake.callback(id).await;
        assert!(is_ephemeral(&cb));
        assert!(embed(&cb)["description"].as_str().is_some_and(|d| d.contains("is recorded")), "{cb}");
    }
    fake.interaction(press(7007, &id_of(q.answer), 6103));
    let changed = fake.callback(7007).await;
    assert!(embed(&changed)["description"].as_str().is_some_and(|d| d.contains("Changed your answer")), "{changed}");

    fake.interaction(quiz(7008, "stop", json!([]), 6102, MEMBER));
    assert!(
        fake.callback(7008).await["data"]["content"]
            .as_str()
            .is_some_and(|c| c.contains("Only the member who started"))
    );
    fake.interaction(quiz(7009, "stop", json!([]), 6000, EDUCATOR));
    let stopped = fake.callback(7009).await;
    assert!(embed(&stopped)["title"].as_str().is_some_and(|t| t.contains("Quiz stopped")), "{stopped}");

    // In the channel: the question's buttons closed (the right one marked), its answer, then the results.
    let question_path = format!("{channel_messages}/");
    let closed =
        fake.wait_for("the question closed", 10, |r| r.method == "PATCH" && r.path.starts_with(&question_path)).await;
    let closed = closed.json();
    let closed_buttons: Vec<&Value> = closed["components"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|row| row["components"].as_array().expect("buttons"))
        .collect();
    assert_eq!(closed_buttons.len(), q.options.len(), "the options stay, without Reveal now: {closed}");
    assert!(closed_buttons.iter().all(|b| b["disabled"] == true), "{closed}");
    let styles: Vec<u64> = closed_buttons.iter().map(|b| b["style"].as_u64().expect("style")).collect();
    assert_eq!(styles.iter().filter(|s| **s == 3).count(), 1, "the right option in green (style 3): {closed}");
    assert_eq!(styles[q.answer], 3);
    let ids_of = |buttons: &[&Value]| buttons.iter().map(|b| b["custom_id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids_of(&closed_buttons), ids_of(&buttons.iter().take(q.options.len()).collect::<Vec<_>>()));
    assert!(closed.get("embeds").is_none(), "the question's text is left as it is: {closed}");
    let posts_after_close = |r: &fake_discord::Request| r.method == "POST" && r.path == channel_messages;
    let closed_at = fake.seen.iter().position(|r| r.method == "PATCH").expect("the PATCH");
    let posted =
        fake.wait_for("the reveal in the channel", 10, |r| posts_after_close(r) && r.body.contains("Answer:")).await;
    let results =
        fake.wait_for("the results in the channel", 10, |r| posts_after_close(r) && r.body.contains("Results")).await;
    let order: Vec<usize> = [&posted, &results]
        .iter()
        .map(|wanted| fake.seen.iter().position(|r| r.body == wanted.body).expect("seen"))
        .collect();
    assert!(closed_at < order[0] && order[0] < order[1], "closed, revealed, then the results");
    let results = results.json();
    let results_text = results["embeds"][0]["description"].as_str().expect("results").to_owned();
    assert!(
        results_text.contains("<@6101>: 1/1")
            && results_text.contains("<@6103>: 1/1")
            && results_text.contains("<@6102>: 0/1"),
        "{results_text}"
    );
    let reveal = posted.json();
    assert_eq!(reveal["allowed_mentions"]["parse"], json!([]));
    let reveal_text = format!("{} {}", reveal["embeds"][0]["title"], reveal["embeds"][0]["description"]);
    let letter = |i: usize| char::from(b'A' + i as u8);
    assert!(
        reveal_text.contains(&format!("{}: 2", letter(q.answer)))
            && reveal_text.contains(&format!("{}: 1", letter(wrong))),
        "{reveal_text}"
    );
    assert!(reveal_text.contains("Right: <@6101>, <@6103>"), "{reveal_text}");

    fake.interaction(quiz(7010, "leaderboard", json!([text("period", "week")]), 6102, MEMBER));
    let board = fake.callback(7010).await;
    let board_text = embed(&board)["description"].as_str().expect("board").to_owned();
    let first = board_text.find("<@6101>: 1/1").expect("6101 on the board");
    let second = board_text.find("<@6103>: 1/1").expect("6103 on the board");
    let third = board_text.find("<@6102>: 0/1").expect("6102 on the board");
    assert!(first < second && second < third, "{board_text}");

    fake.interaction(quiz(7011, "stats", json!([]), 6102, MEMBER));
    assert!(is_ephemeral(&fake.callback(7011).await));
    fake.interaction(quiz(7012, "practice", json!([text("topic", "ibm")]), 6102, MEMBER));
    let practice = fake.callback(7012).await;
    assert!(is_ephemeral(&practice));
    let practice_button =
        practice["data"]["components"][0]["components"][0]["custom_id"].as_str().expect("button").to_owned();
    assert!(
        matches!(
            myositis_bot::buttons::ButtonId::decode(&practice_button),
            Ok(myositis_bot::buttons::ButtonId::PracticeOption {
                topic: Some(myositis_bot::knowledge::Topic::Ibm),
                ..
            })
        ),
        "{practice_button}"
    );
    fake.interaction(press(7013, &practice_button, 6102));
    let practised = fake.callback(7013).await;
    assert!(is_ephemeral(&practised) && embed(&practised)["title"].as_str().is_some_and(|t| t.contains("Answer:")));
    shards.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_mid_question_carries_the_quiz_on_from_the_database() {
    use fake_discord::{integer, press, quiz};
    const EDUCATOR: &str = "2147483647";
    let data = tempfile::tempdir().expect("temp dir");
    let (mut fake, shards) = start_with(data.path(), QuizSettings::default()).await;
    let options = json!([text("topic", "ibm"), integer("count", 3), integer("seconds", 10)]);
    fake.interaction(quiz(7101, "start", options, 6000, EDUCATOR));
    assert!(embed(&fake.callback(7101).await)["title"].as_str().is_some_and(|t| t.starts_with("Quiz started")));
    let channel_messages = "/api/v10/channels/5000/messages";
    let question = fake.wait_for("the first question", 10, |r| r.method == "POST" && r.path == channel_messages).await;
    let question = question.json();
    let description = question["embeds"][0]["description"].as_str().expect("description").to_owned();
    let q = common::core().knowledge.quiz.questions.iter().find(|q| description.contains(&q.stem)).expect("question");
    let option = question["components"][0]["components"][q.answer]["custom_id"].as_str().expect("id").to_owned();
    fake.interaction(press(7102, &option, 6101));
    assert!(embed(&fake.callback(7102).await)["description"].as_str().is_some_and(|d| d.contains("is recorded")));

    // The process stops mid-question and a new one starts on the same database: at the question's time
    // it reveals the recorded answers, closes the message the first process posted, and carries on.
    shards.shutdown_all().await;
    let shards = connect(&mut fake, data.path(), QuizSettings::default(), None).await;
    let posted = |r: &fake_discord::Request| r.method == "POST" && r.path == channel_messages;
    let reveal = fake.wait_for("the question's reveal", 20, |r| posted(r) && r.body.contains("Answer:")).await;
    assert!(reveal.body.contains("Right: <@6101>"), "{}", reveal.body);
    assert!(
        fake.seen.iter().any(|r| r.method == "PATCH" && r.path.starts_with(&format!("{channel_messages}/"))),
        "the first process's question message is closed by the second"
    );
    let next = fake.wait_for("the next question", 10, |r| posted(r) && r.body.contains("Question 2/3")).await;
    assert!(next.body.contains("custom_id"), "{}", next.body);
    fake.interaction(quiz(7105, "stop", json!([]), 6000, EDUCATOR));
    let results = fake.wait_for("the quiz's results", 10, |r| posted(r) && r.body.contains("Results")).await;
    assert!(results.body.contains("Quiz stopped") && results.body.contains("<@6101>: 1/1"), "{}", results.body);
    // Pressing the old question now says it is over, and nothing is counted twice.
    fake.interaction(press(7103, &option, 6102));
    let late = fake.callback(7103).await;
    assert!(
        is_ephemeral(&late) && embed(&late)["description"].as_str().is_some_and(|d| d.contains("closed")),
        "{late}"
    );
    fake.interaction(quiz(7104, "leaderboard", json!([]), 6000, EDUCATOR));
    let board = embed(&fake.callback(7104).await)["description"].as_str().expect("board").to_owned();
    assert!(board.contains("<@6101>: 1/1") && !board.contains("6102"), "{board}");
    shards.shutdown_all().await;
}

/// The custom id of the "Report" button among a callback's buttons.
fn report_button(callback: &Value) -> Option<String> {
    callback["data"]["components"]
        .as_array()?
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .find_map(|b| {
            let id = b["custom_id"].as_str()?;
            matches!(myositis_bot::buttons::ButtonId::decode(id), Ok(myositis_bot::buttons::ButtonId::Report { .. }))
                .then(|| id.to_owned())
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_goes_from_button_to_form_to_the_list_and_stats_attach_their_chart() {
    use fake_discord::{form, press, quiz};
    const EDUCATOR: &str = "2147483647";
    const MEMBER: &str = "1024";
    let (mut fake, shards, _data) = start().await;
    // A revealed question (here: a practice answer) offers "Report".
    fake.interaction(quiz(7201, "practice", json!([text("topic", "ibm")]), 6102, MEMBER));
    let practice = fake.callback(7201).await;
    let option = practice["data"]["components"][0]["components"][0]["custom_id"].as_str().expect("option").to_owned();
    fake.interaction(press(7202, &option, 6102));
    let revealed = fake.callback(7202).await;
    let report = report_button(&revealed).expect("a Report button under the revealed question");
    // On a row of its own, after the next question's options, naming the question it reports.
    let rows = revealed["data"]["components"].as_array().expect("rows").clone();
    let last = rows.last().and_then(|r| r["components"].as_array()).expect("a last row").clone();
    assert_eq!((last.len(), last[0]["custom_id"].as_str()), (1, Some(report.as_str())), "{rows:?}");
    let label = last[0]["label"].as_str().unwrap_or_default();
    assert!(label.starts_with("Report \u{201c}") && label.chars().count() <= 80, "{label}");
    assert!(rows.len() == 2 && rows[0]["components"].as_array().is_some_and(|b| b.len() >= 2), "{rows:?}");
    // The press opens a form (a modal, type 9) asking for the reason, within Discord's bounds.
    fake.interaction(press(7203, &report, 6102));
    let modal = fake.callback(7203).await;
    assert_eq!(modal["type"], 9, "{modal}");
    assert_eq!(modal["data"]["custom_id"], json!(report));
    let input = &modal["data"]["components"][0]["components"][0];
    assert_eq!((input["type"].as_u64(), input["max_length"].as_u64()), (Some(4), Some(500)), "{modal}");
    // Submitted: stored, and thanked privately.
    fake.interaction(form(7204, &report, &[("reason", "The passage says weekly, not daily")], 6102));
    let thanks = fake.callback(7204).await;
    assert!(is_ephemeral(&thanks) && thanks.to_string().contains("stored for the educators"), "{thanks}");
    assert_no_pings(&thanks);
    // Educators see it; a member does not.
    fake.interaction(quiz(7205, "reports", json!([]), 6102, MEMBER));
    assert!(fake.callback(7205).await.to_string().contains("for educators"));
    fake.interaction(quiz(7206, "reports", json!([]), 6000, EDUCATOR));
    let listed = fake.callback(7206).await;
    let question = match myositis_bot::buttons::ButtonId::decode(&report) {
        Ok(myositis_bot::buttons::ButtonId::Report { question }) => question,
        other => panic!("{other:?}"),
    };
    let list = embed(&listed)["description"].as_str().expect("list").to_owned();
    let q = common::core().knowledge.quiz.get(&question).expect("in the bank");
    assert!(label.contains(&myositis_bot::quiz::view::opening(q)), "the label names the reported question: {label}");
    let named = myositis_bot::quiz::view::name(q);
    assert!(list.contains(&named) && list.contains("The passage says weekly, not daily"), "{list}");
    assert!(!list.contains(&question), "named, not by its id: {list}");
    assert!(is_ephemeral(&listed));
    // The stats come with their chart, uploaded with the answer and shown in its embed.
    fake.interaction(quiz(7207, "stats", json!([text("period", "week")]), 6000, EDUCATOR));
    let prefix = "/api/v10/interactions/7207/";
    let request = fake.wait_for("the stats callback", 20, |r| r.method == "POST" && r.path.starts_with(prefix)).await;
    let payload = request.json();
    assert_eq!(payload["data"]["embeds"][0]["image"]["url"], "attachment://quiz-stats.png", "{payload}");
    assert_eq!(payload["data"]["attachments"][0]["filename"], "quiz-stats.png", "{payload}");
    assert!(payload["data"]["embeds"][0]["description"].as_str().is_some_and(|d| d.contains("[1 open report]")));
    let png = request.part("filename=\"quiz-stats.png\"").expect("the chart is uploaded");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    shards.shutdown_all().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_in_labels_and_a_second_report_are_answered_with_what_happened() {
    use fake_discord::{form, form_in_labels, quiz};
    let (mut fake, shards, _data) = start().await;
    let question = common::core().knowledge.quiz.questions[0].id.clone();
    let report = myositis_bot::buttons::ButtonId::Report { question }.encode();
    // serenity's gateway model keeps no field of a label (type 18): the member is told the form could not be
    // read, not that the reason was empty, and nothing is stored.
    fake.interaction(form_in_labels(7301, &report, &[("reason", "The key is option C")], 6102));
    let unread = fake.callback(7301).await;
    assert!(is_ephemeral(&unread) && unread.to_string().contains("could not read this form"), "{unread}");
    fake.interaction(form(7302, &report, &[("reason", "The key is option C")], 6102));
    let thanks = fake.callback(7302).await;
    assert!(is_ephemeral(&thanks) && thanks.to_string().contains("stored for the educators"), "{thanks}");
    // Filed again while it is open: refused privately, naming the open report.
    fake.interaction(form(7303, &report, &[("reason", "Still option C")], 6102));
    let again = fake.callback(7303).await;
    assert!(is_ephemeral(&again) && again.to_string().contains("still open"), "{again}");
    assert_no_pings(&again);
    fake.interaction(quiz(7304, "reports", json!([]), 6000, "2147483647"));
    let listed = fake.callback(7304).await.to_string();
    assert!(listed.contains("1 open report") && !listed.contains("Still option C"), "{listed}");
    shards.shutdown_all().await;
}
