//! The HTTP interactions endpoint on loopback: signatures checked before anything else, the same answers
//! as the gateway, deferral through the followup webhook, and a quiz spread over two instances that share
//! one database.

mod common;
mod fake_discord;

use std::sync::Arc;
use std::time::Duration;

use ed25519_dalek::{Signer, SigningKey};
use fake_discord::signing::{self, key, send, signed};
use fake_discord::{
    FakeDiscord, autocomplete, command, flag, form, form_in_labels, integer, number, press, quiz, text,
};
use myositis_bot::answer::{Answer, ButtonState};
use myositis_bot::app::App;
use myositis_bot::buttons::ButtonId;
use myositis_bot::config::{HttpSettings, QuizSettings, Secret};
use myositis_bot::http::Endpoint;
use myositis_bot::quiz::{ChannelPost, QuizService, SqliteStore, TimerDoor, system_clock, system_clock_ms};
use serde_json::{Value, json};
use tokio::sync::mpsc;

/// A serenity REST client that sends everything to the fake Discord.
fn rest_client(fake: &FakeDiscord) -> Arc<serenity::all::Http> {
    Arc::new(serenity::all::HttpBuilder::new("").proxy(fake.http_base.clone()).ratelimiter_disabled(true).build())
}

async fn serve(endpoint: Endpoint) -> String {
    serve_with(endpoint, &HttpSettings { max_body_bytes: 64 * 1024, ..HttpSettings::default() }).await
}

/// Serves the endpoint on loopback as `serve-http` does, with these settings; its base URL.
async fn serve_with(endpoint: Endpoint, settings: &HttpSettings) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let router = endpoint.router(settings);
    tokio::spawn(myositis_bot::http::serve(listener, router, settings.read_timeout(), std::future::pending()));
    url
}

fn endpoint(quiz: Option<Arc<QuizService>>, within: Duration, followups: Option<Arc<serenity::all::Http>>) -> Endpoint {
    let public = signing::public_key();
    let core = Arc::new(myositis_bot::Core::load(&common::knowledge_dir()).expect("knowledge"));
    Endpoint::new(Arc::new(App { core, quiz }), &public, system_clock, within, followups).expect("endpoint")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signatures_are_checked_before_anything_else() {
    let url = serve(endpoint(None, Duration::from_millis(2500), None)).await;
    let ping = json!({"id": "1", "application_id": "1000", "type": 1, "token": "t", "version": 1}).to_string();
    let now = system_clock();
    let (status, body) = send(&url, ping.as_bytes(), Some((&key(), now))).await;
    assert_eq!(
        (status, serde_json::from_str::<Value>(&body).expect("json")["type"].as_u64()),
        (200, Some(1)),
        "PING → PONG"
    );

    let tampered = {
        let ts = now.to_string();
        let sig = hex::encode(key().sign(&[ts.as_bytes(), ping.as_bytes()].concat()).to_bytes());
        let response = reqwest::Client::new()
            .post(format!("{url}/interactions"))
            .header("x-signature-ed25519", sig)
            .header("x-signature-timestamp", ts)
            .body(ping.replace("\"t\"", "\"x\""))
            .send()
            .await
            .expect("request");
        (response.status().as_u16(), response.text().await.expect("body"))
    };
    assert_eq!(tampered, (401, String::new()), "tampered body: 401 with no detail");
    assert_eq!(send(&url, ping.as_bytes(), Some((&SigningKey::from_bytes(&[1; 32]), now))).await.0, 401, "wrong key");
    assert_eq!(send(&url, ping.as_bytes(), Some((&key(), now - 301))).await.0, 401, "stale timestamp");
    assert_eq!(send(&url, ping.as_bytes(), None).await.0, 401, "missing headers");
    assert_eq!(send(&url, &vec![b'x'; 70_000], Some((&key(), now))).await.0, 413, "oversized body");
    let (status, body) = send(&url, b"{not json", Some((&key(), now))).await;
    assert_eq!(status, 400, "{body}");
    let unknown = signed(&url, &command(2, "frobnicate", json!([]))).await;
    assert_eq!(unknown["data"]["flags"], 64);
    assert!(unknown["data"]["content"].as_str().is_some_and(|c| c.contains("/help")));

    let health = reqwest::get(format!("{url}/healthz")).await.expect("healthz");
    assert_eq!(health.status().as_u16(), 200);
    let metrics = reqwest::get(format!("{url}/metrics")).await.expect("metrics").text().await.expect("text");
    assert!(metrics.contains("myositis_http_signature_failures_total 4"), "{metrics}");
    assert!(metrics.contains("myositis_http_requests_total{status=\"401\"} 4"));
    // A sender's command names never become label values; a refused oversized body is counted too.
    assert!(metrics.contains("myositis_commands_total{command=\"unknown\"} 1"), "{metrics}");
    assert!(!metrics.contains("frobnicate"), "{metrics}");
    assert!(metrics.contains("myositis_http_requests_total{status=\"413\"} 1"), "{metrics}");
    assert!(metrics.contains("myositis_http_request_duration_seconds_bucket"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_answers_in_the_response_body() {
    let url = serve(endpoint(None, Duration::from_millis(2500), None)).await;
    let cases = [
        (command(11, "ask", json!([text("question", "ritux for refractory PM")])), "B cell"),
        (command(12, "dose", json!([number("weight", 154.0), text("unit", "lb")])), "per WEEK"),
        (command(13, "antibody", json!([text("name", "mda5")])), "anti-MDA5"),
        (command(14, "ibm", json!([])), "ENMC"),
        (
            command(15, "refractory", json!([text("diagnosis", "ibm"), fake_discord::flag("dysphagia", true)])),
            "IVIG (intravenous immunoglobulin) — reported improvement",
        ),
        (command(16, "reassess", json!([])), "re-biopsy"),
        (command(17, "monitor", json!([])), "IMACS"),
        (command(18, "about", json!([])), "sha256"),
        (command(19, "help", json!([])), "/quiz start"),
    ];
    for (payload, expected) in cases {
        let v = signed(&url, &payload).await;
        assert_eq!(v["type"], 4);
        assert_eq!(v["data"]["allowed_mentions"]["parse"], json!([]));
        let all = v["data"]["embeds"].to_string();
        assert!(all.contains(expected), "{expected} not in {all}");
    }
    assert_eq!(
        signed(&url, &command(20, "dose", json!([number("weight", 70.0), text("unit", "kg")]))).await["data"]["flags"],
        64
    );
    let complete = signed(&url, &autocomplete(21, "antibody", "name", "jo")).await;
    assert_eq!(
        (complete["type"].as_u64(), complete["data"]["choices"][0]["name"].as_str()),
        (Some(8), Some("anti-Jo-1"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_requests_are_all_answered() {
    let url = serve(endpoint(None, Duration::from_millis(2500), None)).await;
    let tasks: Vec<_> = (0..32)
        .map(|t| {
            let url = url.clone();
            tokio::spawn(async move {
                for i in 0..8 {
                    let id = 1000 + t * 8 + i;
                    let v = signed(&url, &command(id, "ask", json!([text("question", "imuran dose")]))).await;
                    assert!(v["data"]["embeds"][0]["description"].to_string().contains("azathioprine"));
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_answers_are_deferred_and_sent_through_the_followup_webhook() {
    let mut fake = FakeDiscord::start().await;
    let http = rest_client(&fake);
    let url = serve(endpoint(None, Duration::ZERO, Some(http))).await;
    // Discord's webhook fails once: the answer is sent again rather than left "thinking".
    fake.failing_webhooks.store(1, std::sync::atomic::Ordering::SeqCst);
    let deferred = signed(&url, &command(31, "ibm", json!([]))).await;
    assert_eq!(deferred["type"], 5);
    let is_edit =
        |r: &fake_discord::Request| r.method == "PATCH" && r.path.ends_with("/webhooks/1000/tok-31/messages/@original");
    fake.wait_for_count("the first attempt and the retried answer", 10, 2, is_edit).await;
    let edit = fake.seen.iter().filter(|r| is_edit(r)).nth(1).expect("the retry");
    assert!(edit.json()["embeds"].to_string().contains("ENMC"));
    // A refusal (404: the message is gone) is not sent again: that could only fail again, or post twice.
    fake.gone_webhooks.store(1, std::sync::atomic::Ordering::SeqCst);
    signed(&url, &command(33, "ibm", json!([]))).await;
    let refused_edit =
        |r: &fake_discord::Request| r.method == "PATCH" && r.path.ends_with("/webhooks/1000/tok-33/messages/@original");
    fake.wait_for("the refused attempt", 10, refused_edit).await;
    // Past the first retry's delay (0.5 s), and a later request flushed through the fake after it.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    signed(&url, &command(34, "ibm", json!([]))).await;
    fake.wait_for("a later answer", 10, |r| r.path.ends_with("/webhooks/1000/tok-34/messages/@original")).await;
    assert_eq!(
        fake.seen.iter().filter(|r| refused_edit(r)).count(),
        1,
        "a 404 is not retried: {:?}",
        fake.seen.iter().map(|r| (&r.method, &r.path)).collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_every_answer_deferred_ping_and_autocomplete_are_still_answered_at_once() {
    let url = serve(endpoint(None, Duration::ZERO, None)).await;
    let ping = json!({"id": "1", "application_id": "1000", "type": 1, "token": "t", "version": 1});
    assert_eq!(signed(&url, &ping).await, json!({"type": 1}), "PING gets PONG, or Discord refuses the endpoint URL");
    let choices = signed(&url, &autocomplete(32, "antibody", "name", "jo")).await;
    assert_eq!(choices["type"], 8, "autocomplete can only be answered with its choices: {choices}");
    assert!(choices["data"]["choices"].to_string().contains("Jo-1"), "{choices}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deferred_answer_keeps_the_visibility_its_command_describes() {
    let mut fake = FakeDiscord::start().await;
    let http = rest_client(&fake);
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz_service, _posts) = quiz_instance(&dir.path().join("quiz.sqlite3"));
    let url = serve(endpoint(Some(quiz_service), Duration::ZERO, Some(http))).await;
    // Private by description, by option, by a patient's details, and a refusal known in advance.
    let mut direct = quiz(44, "start", json!([]), 6000, "2147483647");
    direct.as_object_mut().expect("object").remove("guild_id");
    let private = [
        (41, command(41, "dose", json!([number("weight", 70.0), text("unit", "kg")]))),
        (42, command(42, "ask", json!([text("question", "ivig"), flag("private", true)]))),
        (43, command(43, "ask", json!([text("question", "mrn 00482913 dm, ivig?")]))),
        (44, direct),
    ];
    for (id, payload) in private {
        let deferred = signed(&url, &payload).await;
        assert_eq!((deferred["type"].as_u64(), deferred["data"]["flags"].as_u64()), (Some(5), Some(64)), "{id}");
        let edit = fake
            .wait_for("the private answer", 10, |r| {
                r.method == "PATCH" && r.path.ends_with(&format!("/webhooks/1000/tok-{id}/messages/@original"))
            })
            .await;
        // Visibility was fixed at the deferral; an edit may not carry the ephemeral flag.
        assert!(edit.json().get("flags").is_none(), "{id}: {}", edit.body);
    }
    // A button press is acknowledged as an update of its message (type 6, no message of its own), and its
    // answer comes as a new private followup, leaving the pressed message as it is.
    let paragraph = myositis_bot::buttons::ButtonId::Paragraph { passage: "mm2008-p6-02".into() }.encode();
    let pressed = signed(&url, &press(47, &paragraph, 6000)).await;
    assert_eq!(pressed, json!({"type": 6}), "{pressed}");
    let shown = fake
        .wait_for("the pressed button's answer", 10, |r| {
            r.method == "POST" && r.path.ends_with("/webhooks/1000/tok-47")
        })
        .await;
    assert_eq!(shown.json()["flags"], 64, "{}", shown.body);
    assert!(!fake.seen.iter().any(|r| r.path.contains("tok-47/messages")), "the pressed message is not touched");
    let public = signed(&url, &command(45, "ibm", json!([]))).await;
    assert_eq!(public["data"]["flags"].as_u64().unwrap_or(0) & 64, 0, "a public command is deferred publicly");
    // A public command refused only once it runs (no quiz is running to stop): the refusal never becomes
    // public.
    let refused = signed(&url, &quiz(46, "stop", json!([]), 6000, "2147483647")).await;
    assert_eq!(refused["data"]["flags"].as_u64().unwrap_or(0) & 64, 0);
    fake.wait_for("the placeholder deleted", 10, |r| {
        r.method == "DELETE" && r.path.ends_with("/webhooks/1000/tok-46/messages/@original")
    })
    .await;
    let followup = fake
        .wait_for("the ephemeral refusal", 10, |r| r.method == "POST" && r.path.ends_with("/webhooks/1000/tok-46"))
        .await;
    assert_eq!(followup.json()["flags"], 64, "{}", followup.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_minimal_payload_is_answered() {
    let url = serve(endpoint(None, Duration::from_millis(2500), None)).await;
    let mut minimal = command(51, "ibm", json!([]));
    let object = minimal.as_object_mut().expect("object");
    for field in ["locale", "entitlements", "attachment_size_limit", "channel_id", "guild_locale", "context"] {
        object.remove(field);
    }
    object.insert("channel".to_owned(), json!({"id": "5000", "type": 0}));
    let answer = signed(&url, &minimal).await;
    assert_eq!(answer["type"], 4, "{answer}");
    assert!(answer["data"]["embeds"].to_string().contains("ENMC"));
}

/// One instance's quiz service on the database file `db`, with its timers running.
fn quiz_instance(db: &std::path::Path) -> (Arc<QuizService>, mpsc::UnboundedReceiver<ChannelPost>) {
    let core = Arc::new(myositis_bot::Core::load(&common::knowledge_dir()).expect("knowledge"));
    let store = Arc::new(SqliteStore::open(db).expect("store"));
    let (tx, rx) = mpsc::unbounded_channel();
    let quiz = QuizService::new(core, store, QuizSettings::default(), tx, Arc::new(system_clock_ms));
    tokio::spawn(QuizService::run_timers(Arc::downgrade(&quiz), TimerDoor::Discord));
    (quiz, rx)
}

/// The next message an instance posts in the channel; a question's closing (its buttons disabled, the right
/// one marked) comes just before its reveal.
async fn next_message(posts: &mut mpsc::UnboundedReceiver<ChannelPost>) -> Answer {
    match posts.recv().await.expect("a post") {
        ChannelPost::Message { answer, .. } => answer,
        ChannelPost::Close { buttons, .. } => {
            assert_eq!(buttons.iter().filter(|b| b.state == ButtonState::Correct).count(), 1, "{buttons:?}");
            let reveal = Box::pin(next_message(posts)).await;
            assert!(reveal.title.starts_with("Answer: "), "{}", reveal.title);
            reveal
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_answered_across_two_instances_sharing_one_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("quiz.sqlite3");
    let (quiz_a, mut posts_a) = quiz_instance(&db);
    let (quiz_b, mut posts_b) = quiz_instance(&db);
    let a = serve(endpoint(Some(quiz_a), Duration::from_millis(2500), None)).await;
    let b = serve(endpoint(Some(quiz_b), Duration::from_millis(2500), None)).await;
    const EDUCATOR: &str = "2147483647";

    let started = signed(
        &a,
        &quiz(40, "start", json!([text("topic", "ibm"), integer("count", 2), integer("seconds", 120)]), 6000, EDUCATOR),
    )
    .await;
    assert!(started["data"]["embeds"].to_string().contains("Quiz started: 2 questions on ibm"), "{started}");
    let first = next_message(&mut posts_a).await;
    let ids: Vec<String> = first.buttons.iter().map(|b| b.custom_id.clone()).collect();
    let text = myositis_bot::render::text::render(&first);
    let q = common::core().knowledge.quiz.questions.iter().find(|q| text.contains(&q.stem)).expect("question");
    let wrong = (q.answer + 1) % q.options.len();

    for (instance, id, option, user) in [(&a, 41, q.answer, 6101), (&b, 42, wrong, 6102), (&b, 43, q.answer, 6103)] {
        let reply = signed(instance, &press(id, &ids[option], user)).await;
        assert!(reply["data"]["embeds"].to_string().contains("is recorded"), "{reply}");
    }
    let second_try = signed(&a, &quiz(44, "start", json!([]), 6000, EDUCATOR)).await;
    assert!(
        second_try["data"]["content"].as_str().is_some_and(|c| c.contains("already running")),
        "one session per channel across instances"
    );

    let reveal_id =
        ids.iter().find(|i| matches!(ButtonId::decode(i), Ok(ButtonId::QuizReveal { .. }))).expect("reveal button");
    let mut plain_member = press(45, reveal_id, 6102);
    plain_member["member"]["permissions"] = json!("1024");
    let refused = signed(&b, &plain_member).await;
    assert!(refused["data"]["embeds"].to_string().contains("Only the member who started"));
    let revealed = signed(&b, &press(46, reveal_id, 6000)).await;
    assert!(revealed["data"]["embeds"].to_string().contains("Revealed."));
    let reveal = next_message(&mut posts_b).await;
    let text = myositis_bot::render::text::render(&reveal);
    assert!(text.contains("Right: <@6101>, <@6103>"), "instance B posts the reveal: {text}");
    let next = next_message(&mut posts_b).await;
    assert!(
        next.buttons
            .iter()
            .any(|b| matches!(ButtonId::decode(&b.custom_id), Ok(ButtonId::QuizOption { question: 1, option: 0, .. }))),
        "instance B posts the next question"
    );

    let stopped = signed(&a, &quiz(47, "stop", json!([]), 6000, EDUCATOR)).await;
    assert!(stopped["data"]["embeds"].to_string().contains("Quiz stopped"), "{stopped}");
    // The open question's answer first, then the results, in the channel.
    let open_question = next_message(&mut posts_a).await;
    assert!(myositis_bot::render::text::render(&open_question).contains("Answer:"));
    let results = myositis_bot::render::text::render(&next_message(&mut posts_a).await);
    assert!(results.contains("Results (2 questions)"), "{results}");
    assert!(
        results.contains("<@6101>: 1/1") && results.contains("<@6103>: 1/1") && results.contains("<@6102>: 0/1"),
        "{results}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_is_refused_where_nobody_would_see_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz_service, _posts) = quiz_instance(&dir.path().join("quiz.sqlite3"));
    let url = serve(endpoint(Some(quiz_service), Duration::from_millis(2500), None)).await;
    // The bot may see the channel but not post in it (app_permissions: View Channel only).
    let mut muted = quiz(61, "start", json!([]), 6000, "2147483647");
    muted["app_permissions"] = json!("1024");
    let refused = signed(&url, &muted).await;
    let content = refused["data"]["content"].as_str().unwrap_or_default().to_owned();
    assert_eq!(refused["data"]["flags"], 64, "{refused}");
    assert!(content.contains("Send Messages") && content.contains("Embed Links"), "{content}");
    assert!(!content.contains("View Channel"), "{content}");
    // Without `app_permissions` (documented as sent with every interaction), what the bot may do in the
    // channel is unknown: not assumed, refused privately, naming what it needs.
    let mut unknown = quiz(68, "start", json!([]), 6000, "2147483647");
    unknown.as_object_mut().map(|o| o.remove("app_permissions"));
    let refused = signed(&url, &unknown).await;
    let content = refused["data"]["content"].as_str().unwrap_or_default().to_owned();
    assert_eq!(refused["data"]["flags"], 64, "{refused}");
    assert!(
        content.contains("did not say which permissions I have")
            && content.contains("View Channel, Send Messages, Embed Links"),
        "{content}"
    );
    // Several bad options: all of them in the one refusal.
    let bad = quiz(70, "start", json!([integer("count", 50), integer("seconds", 5)]), 6000, "2147483647");
    let content = signed(&url, &bad).await["data"]["content"].as_str().unwrap_or_default().to_owned();
    assert!(
        content.contains("2 problems") && content.contains("`count` must be") && content.contains("`seconds` must be"),
        "{content}"
    );
    // The same in a thread names the thread's permission.
    unknown["channel"] = json!({"id": "5000", "type": 11});
    let content = signed(&url, &unknown).await["data"]["content"].as_str().unwrap_or_default().to_owned();
    assert!(content.contains("Send Messages in Threads"), "{content}");
    // What posts nothing into the channel is still answered.
    let mut practice = quiz(69, "practice", json!([]), 6000, "2147483647");
    practice.as_object_mut().map(|o| o.remove("app_permissions"));
    assert!(signed(&url, &practice).await["data"]["embeds"][0].is_object(), "practice needs no posting");
    // In a direct message there is no team channel: said so, not a permission the member lacks.
    let mut direct = quiz(62, "start", json!([]), 6000, "2147483647");
    let object = direct.as_object_mut().expect("object");
    let member = object.remove("member").expect("member");
    object.remove("guild_id");
    object.insert("user".to_owned(), member["user"].clone());
    let dm = signed(&url, &direct).await;
    let content = dm["data"]["content"].as_str().unwrap_or_default();
    assert!(content.contains("server channel") && !content.contains("Manage Messages"), "{dm}");
    // Practice works in a direct message, but a report could not be filed there, so none is offered.
    let in_dm = |mut payload: Value| {
        let object = payload.as_object_mut().expect("object");
        let member = object.remove("member").expect("member");
        object.remove("guild_id");
        object.insert("user".to_owned(), member["user"].clone());
        payload
    };
    let practice = signed(&url, &in_dm(quiz(78, "practice", json!([]), 6000, "2147483647"))).await;
    let option = practice["data"]["components"][0]["components"][0]["custom_id"].as_str().expect("option").to_owned();
    let answered = signed(&url, &in_dm(press(79, &option, 6000))).await;
    let ids: Vec<&str> = answered["data"]["components"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|row| row["components"].as_array().expect("buttons"))
        .filter_map(|b| b["custom_id"].as_str())
        .collect();
    assert!(!ids.is_empty(), "the next question's options: {answered}");
    assert!(
        ids.iter().all(|id| !matches!(ButtonId::decode(id), Ok(ButtonId::Report { .. }))),
        "no Report in a direct message: {ids:?}"
    );
    // The list of commands in an unknown command's reply includes the quiz.
    let unknown = signed(&url, &command(63, "frobnicate", json!([]))).await;
    assert!(unknown["data"]["content"].as_str().is_some_and(|c| c.contains("/quiz")), "{unknown}");
    // Discord leaves `options` out of a subcommand without arguments.
    let mut stats = quiz(64, "stats", json!([]), 6000, "2147483647");
    stats["data"]["options"][0].as_object_mut().expect("subcommand").remove("options");
    let answered = signed(&url, &stats).await;
    assert_eq!(answered["type"], 5, "stats carry a chart, so they follow as a multipart followup: {answered}");
    // In a thread, Send Messages does not allow posting; Send Messages in Threads does.
    let mut thread = quiz(66, "start", json!([]), 6000, "2147483647");
    thread["channel"] = json!({"id": "5000", "type": 11});
    thread["app_permissions"] = json!(((1u64 << 10) | (1 << 11) | (1 << 14)).to_string());
    let refused = signed(&url, &thread).await;
    let content = refused["data"]["content"].as_str().unwrap_or_default();
    assert!(content.contains("missing Send Messages in Threads"), "{refused}");
    thread["app_permissions"] = json!(((1u64 << 10) | (1 << 38) | (1 << 14)).to_string());
    let started = signed(&url, &thread).await;
    assert!(started["data"]["embeds"].to_string().contains("Quiz started"), "{started}");
    signed(&url, &quiz(67, "stop", json!([]), 6000, "2147483647")).await;
    // Administrator alone allows everything.
    let mut admin = quiz(65, "start", json!([]), 6000, "2147483647");
    admin["app_permissions"] = json!("8");
    let started = signed(&url, &admin).await;
    assert!(started["data"]["embeds"].to_string().contains("Quiz started"), "{started}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payload_without_a_channel_is_answered_and_a_quiz_says_it_needs_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz_service, _posts) = quiz_instance(&dir.path().join("quiz.sqlite3"));
    let url = serve(endpoint(Some(Arc::clone(&quiz_service)), Duration::from_millis(2500), None)).await;
    // A PING is acknowledged whatever else it carries or lacks: Discord documents no field of it but `type`
    // as needed for the answer.
    assert_eq!(signed(&url, &json!({"type": 1})).await, json!({"type": 1}));
    assert_eq!(
        signed(&url, &json!({"type": 1, "id": "1", "token": "t", "channel_id": null})).await,
        json!({"type": 1})
    );
    let without_channel = |mut payload: Value| {
        let object = payload.as_object_mut().expect("object");
        object.remove("channel_id");
        object.remove("channel");
        payload
    };
    let answer = signed(&url, &without_channel(command(71, "ibm", json!([])))).await;
    assert!(answer["data"]["embeds"].to_string().contains("ENMC"), "{answer}");
    for (id, sub) in [(72, "start"), (73, "stop")] {
        let refused = signed(&url, &without_channel(quiz(id, sub, json!([]), 6000, "2147483647"))).await;
        let content = refused["data"]["content"].as_str().unwrap_or_default();
        assert_eq!(refused["data"]["flags"], 64, "{refused}");
        assert!(content.contains("which channel"), "/quiz {sub}: {refused}");
    }
    // Practice needs no channel.
    let practice = signed(&url, &without_channel(quiz(74, "practice", json!([]), 6000, "2147483647"))).await;
    assert!(practice["data"]["embeds"][0].is_object(), "{practice}");
    // Deferred, the refusal is known to be private before it is computed.
    let deferring = serve(endpoint(Some(quiz_service), Duration::ZERO, None)).await;
    let deferred = signed(&deferring, &without_channel(quiz(75, "stop", json!([]), 6000, "2147483647"))).await;
    assert_eq!((deferred["type"].as_u64(), deferred["data"]["flags"].as_u64()), (Some(5), Some(64)), "{deferred}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_minimal_member_is_answered_not_refused_with_400() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz_service, mut posts) = quiz_instance(&dir.path().join("quiz.sqlite3"));
    let url = serve(endpoint(Some(quiz_service), Duration::from_millis(2500), None)).await;
    // A member with only its user's id and its permissions: no `flags`, `roles`, `deaf`, `mute`,
    // `joined_at`, nor the user's `username`, none of which the bot reads.
    let minimal = |mut payload: Value| {
        payload["member"] = json!({"user": {"id": "6000"}, "permissions": "2147483647"});
        payload
    };
    let send_signed = |payload: Value| {
        let url = url.clone();
        async move { send(&url, payload.to_string().as_bytes(), Some((&key(), signing::now()))).await }
    };
    let (status, body) = send_signed(minimal(command(95, "ibm", json!([])))).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("ENMC"), "{body}");
    // An educator by permissions still starts a quiz; its question is posted.
    let started = signed(&url, &minimal(quiz(96, "start", json!([text("topic", "ibm")]), 6000, "2147483647"))).await;
    assert!(started["data"]["embeds"].to_string().contains("Quiz started"), "{started}");
    assert!(!next_message(&mut posts).await.buttons.is_empty(), "the first question");
    // Without any user, who acted is unknown: still refused as malformed.
    let mut nobody = minimal(command(97, "ibm", json!([])));
    nobody["member"].as_object_mut().map(|m| m.remove("user"));
    assert_eq!(send_signed(nobody).await.0, 400);
}

/// Settings with a short read timeout, so the tests of slow clients stay quick.
fn read_within_200_ms() -> HttpSettings {
    HttpSettings { read_timeout_ms: 200, ..HttpSettings::default() }
}

/// Connects to `url`, writes `head` at once, then `trickle` a byte every 50 ms until the server answers or
/// closes, and returns what the server sent before it ended the connection. It fails unless the server
/// ends it: a generous guard (10 s, fifty times the bound under test) keeps a regression from hanging the
/// suite. A server that closes with trickled bytes unread may reset the connection rather than close it.
async fn slow_client(url: &str, head: &[u8], trickle: &'static [u8]) -> String {
    use std::sync::atomic::{AtomicBool, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(url.trim_start_matches("http://")).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    writer.write_all(head).await.expect("head");
    let answered = Arc::new(AtomicBool::new(false));
    let writing = tokio::spawn({
        let answered = Arc::clone(&answered);
        async move {
            for byte in trickle {
                tokio::time::sleep(Duration::from_millis(50)).await;
                if answered.load(Ordering::SeqCst) || writer.write_all(std::slice::from_ref(byte)).await.is_err() {
                    break;
                }
            }
            // Keep the connection open: the server must end it.
            std::future::pending::<()>().await;
        }
    });
    let mut received = Vec::new();
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        let mut chunk = [0; 1024];
        while let Ok(n @ 1..) = reader.read(&mut chunk).await {
            answered.store(true, Ordering::SeqCst);
            received.extend_from_slice(&chunk[..n]);
        }
    })
    .await;
    writing.abort();
    let received = String::from_utf8_lossy(&received).into_owned();
    assert!(ended.is_ok(), "the server kept a slow client's connection open; it sent {received:?}");
    received
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_is_never_completed_gets_408_and_the_connection_closed() {
    let url = serve_with(endpoint(None, Duration::from_millis(2500), None), &read_within_200_ms()).await;
    let head =
        "POST /interactions HTTP/1.1\r\nhost: bot\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{";
    // Nothing more after the first byte of the body.
    let response = slow_client(&url, head.as_bytes(), b"").await;
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(response.to_ascii_lowercase().contains("connection: close"), "{response}");
    // A byte every 50 ms never leaves the connection idle for 200 ms, but 1000 of them take 50 s: the bound
    // is on reading the whole body, not on each pause. (The 408 may be lost to a reset, as bytes are still
    // arriving when the server closes.)
    let response = slow_client(&url, head.as_bytes(), &[b' '; 1000]).await;
    assert!(response.is_empty() || response.starts_with("HTTP/1.1 408"), "{response}");
    // Counted like every other answer of the endpoint; a complete request on time is still answered.
    let metrics = reqwest::get(format!("{url}/metrics")).await.expect("metrics").text().await.expect("text");
    assert!(metrics.contains("myositis_http_requests_total{status=\"408\"} 2"), "{metrics}");
    let ping = json!({"id": "1", "application_id": "1000", "type": 1, "token": "t", "version": 1});
    assert_eq!(signed(&url, &ping).await, json!({"type": 1}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_sent_slowly_or_not_at_all_do_not_hold_a_connection() {
    let url = serve_with(endpoint(None, Duration::from_millis(2500), None), &read_within_200_ms()).await;
    // Connected, and silent.
    assert_eq!(slow_client(&url, b"", b"").await, "");
    // Headers a byte every 50 ms: 4 s for all of them, and they never end.
    let response = slow_client(
        &url,
        b"P",
        b"OST /interactions HTTP/1.1\r\nhost: bot\r\nx-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    )
    .await;
    assert!(!response.contains("200 OK"), "{response}");
    // A kept-alive connection left idle after its answer is closed too.
    let response = slow_client(&url, b"GET /healthz HTTP/1.1\r\nhost: bot\r\n\r\n", b"").await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_need_the_bearer_token_when_one_is_set() {
    let settings = HttpSettings { metrics_token: Some(Secret::from("s3cret-token")), ..HttpSettings::default() };
    assert!(!format!("{settings:?}").contains("s3cret-token"), "the token is never shown");
    let url = serve_with(endpoint(None, Duration::from_millis(2500), None), &settings).await;
    let client = reqwest::Client::new();
    let get = |authorization: Option<&'static str>| {
        let mut request = client.get(format!("{url}/metrics"));
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        async move { request.send().await.expect("metrics") }
    };
    for refused in
        [None, Some("Bearer wrong"), Some("Bearer s3cret-toke"), Some("Basic czNjcmV0LXRva2Vu"), Some("s3cret-token")]
    {
        let response = get(refused).await;
        assert_eq!(response.status().as_u16(), 401, "{refused:?}");
        assert_eq!(response.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Bearer"));
        assert!(!response.text().await.expect("body").contains("myositis_"), "{refused:?}");
    }
    for allowed in ["Bearer s3cret-token", "bearer s3cret-token"] {
        let response = get(Some(allowed)).await;
        assert_eq!(response.status().as_u16(), 200, "{allowed}");
        assert!(response.text().await.expect("body").contains("myositis_http_signature_failures_total"));
    }
    // Health checks stay open; a blank token is no token (today's open /metrics).
    assert_eq!(reqwest::get(format!("{url}/healthz")).await.expect("healthz").status().as_u16(), 200);
    let blank = HttpSettings { metrics_token: Some(Secret::from("  ")), ..HttpSettings::default() };
    let open = serve_with(endpoint(None, Duration::from_millis(2500), None), &blank).await;
    assert_eq!(reqwest::get(format!("{open}/metrics")).await.expect("metrics").status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deferred_form_submission_is_answered_through_the_webhook() {
    let mut fake = FakeDiscord::start().await;
    let url = serve(endpoint(None, Duration::ZERO, Some(rest_client(&fake)))).await;
    // A modal submit (type 5) of a form the bot does not use: said so, privately, after deferring.
    let mut submitted = command(81, "", json!([]));
    submitted["type"] = json!(5);
    submitted["data"] = json!({"custom_id": "form", "components": []});
    let deferred = signed(&url, &submitted).await;
    assert_eq!((deferred["type"].as_u64(), deferred["data"]["flags"].as_u64()), (Some(5), Some(64)), "{deferred}");
    let edit = fake
        .wait_for("the form's answer", 10, |r| {
            r.method == "PATCH" && r.path.ends_with("/webhooks/1000/tok-81/messages/@original")
        })
        .await;
    assert!(edit.json()["content"].as_str().is_some_and(|c| c.contains("form")), "{}", edit.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_through_the_endpoint_and_stats_with_their_chart_as_a_multipart_followup() {
    let mut fake = FakeDiscord::start().await;
    let http = rest_client(&fake);
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz_service, _posts) = quiz_instance(&dir.path().join("quiz.sqlite3"));
    // Every answer deferred: a press that opens a form is still answered at once, with the form.
    let url = serve(endpoint(Some(quiz_service), Duration::ZERO, Some(http))).await;
    let question = common::core().knowledge.quiz.questions[0].id.clone();
    let report = ButtonId::Report { question: question.clone() }.encode();
    let modal = signed(&url, &press(81, &report, 6102)).await;
    assert_eq!(modal["type"], 9, "{modal}");
    assert_eq!(modal["data"]["custom_id"], json!(report));
    assert_eq!(modal["data"]["components"][0]["components"][0]["custom_id"], "reason");
    // The submitted form is deferred (privately) and answered through the followup.
    let submitted = signed(&url, &form(82, &report, &[("reason", "Option C is also right")], 6102)).await;
    assert_eq!((submitted["type"].as_u64(), submitted["data"]["flags"].as_u64()), (Some(5), Some(64)), "{submitted}");
    let thanks = |r: &fake_discord::Request| r.path.ends_with("/webhooks/1000/tok-82/messages/@original");
    let sent = fake.wait_for("the thanks", 10, thanks).await;
    assert!(sent.json().to_string().contains("stored for the educators"), "{}", sent.body);
    let listed = signed(&url, &quiz(83, "reports", json!([]), 6000, "2147483647")).await;
    assert_eq!(listed["type"], 5);
    let list = fake.wait_for("the list", 10, |r| r.path.ends_with("/webhooks/1000/tok-83/messages/@original")).await;
    let listed = list.json()["embeds"][0]["description"].as_str().unwrap_or_default().to_owned();
    let bank = &common::core().knowledge.quiz;
    let named = myositis_bot::quiz::view::name(bank.get(&question).expect("in the bank"));
    assert!(listed.contains(&named) && listed.contains("Option C is also right"), "{listed}");
    assert!(!listed.contains(&question), "named, not by its id: {listed}");
    // Stats: the chart goes up as a file of the followup (multipart), shown in the embed.
    let stats = signed(&url, &quiz(84, "stats", json!([text("period", "month")]), 6000, "2147483647")).await;
    assert_eq!(stats["type"], 5, "{stats}");
    let chart = fake.wait_for("the stats", 10, |r| r.path.ends_with("/webhooks/1000/tok-84/messages/@original")).await;
    let payload = chart.json();
    assert_eq!(payload["embeds"][0]["image"]["url"], "attachment://quiz-stats.png", "{payload}");
    assert!(payload["embeds"][0]["description"].as_str().is_some_and(|d| d.contains("[1 open report]")), "{payload}");
    let png = chart.part("filename=\"quiz-stats.png\"").expect("the chart is uploaded");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
}

/// The text of an answer in a response body (content and embeds).
fn said(response: &Value) -> String {
    format!("{} {}", response["data"]["content"], response["data"]["embeds"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_without_components_or_in_labels_is_read_and_a_second_report_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz_service, _posts) = quiz_instance(&dir.path().join("quiz.sqlite3"));
    let url = serve(endpoint(Some(quiz_service), Duration::from_millis(2500), None)).await;
    let question = common::core().knowledge.quiz.questions[0].id.clone();
    let report = ButtonId::Report { question: question.clone() }.encode();
    // No `components` at all: read as a form with no fields, so the reason is missing, and said so
    // privately (not HTTP 400).
    let mut bare = form(91, &report, &[], 6102);
    bare["data"].as_object_mut().expect("data").remove("components");
    let missing = signed(&url, &bare).await;
    assert_eq!((missing["type"].as_u64(), missing["data"]["flags"].as_u64()), (Some(4), Some(64)), "{missing}");
    assert!(said(&missing).contains("Please say in a few words what is wrong with the question"), "{missing}");
    // The reason in a label (type 18), as Discord's components reference shows a submitted text input.
    let labelled = signed(&url, &form_in_labels(92, &report, &[("reason", "Option C is also right")], 6102)).await;
    assert_eq!(labelled["data"]["flags"].as_u64(), Some(64), "{labelled}");
    assert!(said(&labelled).contains("stored for the educators"), "{labelled}");
    // The same member again while that report is open: refused privately, naming it.
    let again = signed(&url, &form_in_labels(93, &report, &[("reason", "And option D")], 6102)).await;
    assert_eq!(again["data"]["flags"].as_u64(), Some(64), "{again}");
    assert!(said(&again).contains("already reported") && said(&again).contains("still open"), "{again}");
    let listed = said(&signed(&url, &quiz(94, "reports", json!([]), 6000, "2147483647")).await);
    assert!(listed.contains("1 open report") && listed.contains("Option C is also right"), "{listed}");
    assert!(!listed.contains("And option D"), "{listed}");
}
