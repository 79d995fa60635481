//! Several `serve-http` processes on one quiz database, against a fake Discord: presses of one quiz spread
//! across both count exactly once, and when the process that started the quiz is killed, the other posts
//! its reveal (and carries the quiz on to its results). Run on the embedded SQLite file (processes on one
//! host) and on PostgreSQL (instances anywhere) when a server is available.

mod common;
mod fake_discord;

use std::time::{Duration, Instant};

use fake_discord::signing::{public_key, signed};
use fake_discord::{FakeDiscord, Request, integer, press, quiz, text};
use serde_json::{Value, json};

const EDUCATOR: &str = "2147483647";
const MESSAGES: &str = "/api/v10/channels/5000/messages";

/// A `serve-http` process with its quiz database set by `data` (environment variables).
struct Instance {
    child: tokio::process::Child,
    url: String,
}

impl Instance {
    async fn start(fake: &FakeDiscord, data_dir: &std::path::Path, data: &[(&str, &str)]) -> Self {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            probe.local_addr().expect("addr").port()
        };
        let mut command = fake.bot_binary(data_dir, "fake-token");
        command
            .arg("serve-http")
            .env("MYOSITIS_BOT__DISCORD__PUBLIC_KEY", public_key())
            .env("MYOSITIS_BOT__HTTP__BIND", format!("127.0.0.1:{port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        for (key, value) in data {
            command.env(key, value);
        }
        let child = command.spawn().expect("serve-http starts");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if reqwest::get(format!("{url}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
                return Self { child, url };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("serve-http did not answer /healthz within 10 s");
    }
}

fn posted(r: &Request) -> bool {
    r.method == "POST" && r.path == MESSAGES
}

/// The custom ids of a posted question's buttons, and the index of its right option.
fn question(posted: &Request) -> (Vec<String>, usize) {
    let body = posted.json();
    let description = body["embeds"][0]["description"].as_str().expect("description").to_owned();
    let q = common::core().knowledge.quiz.questions.iter().find(|q| description.contains(&q.stem)).expect("question");
    let ids = body["components"]
        .as_array()
        .expect("rows")
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_owned))
        .collect();
    (ids, q.answer)
}

async fn answered(instance: &Instance, id: u64, custom_id: &str, user: u64) {
    let reply: Value = signed(&instance.url, &press(id, custom_id, user)).await;
    assert!(reply["data"]["embeds"].to_string().contains("is recorded"), "{reply}");
}

/// How soon the surviving instance posted the reveal.
struct Failover {
    /// From the kill of the instance that started the quiz.
    after_kill: Duration,
    /// From the moment the reveal fell due (the question's 10 s).
    after_due: Duration,
}

/// The whole scenario on one database.
async fn a_killed_instance_is_replaced(data: &[(&str, &str)]) -> Failover {
    let mut fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = Instance::start(&fake, dir.path(), data).await;
    let b = Instance::start(&fake, dir.path(), data).await;

    let options = json!([text("topic", "dosing"), integer("count", 2), integer("seconds", 10)]);
    let started_at = Instant::now();
    let started = signed(&a.url, &quiz(9001, "start", options, 6000, EDUCATOR)).await;
    assert!(started["data"]["embeds"].to_string().contains("Quiz started: 2 questions"), "{started}");
    let first = fake.wait_for("the first question", 10, |r| posted(r) && r.body.contains("Question 1/2")).await;
    let (ids, right) = question(&first);
    let wrong = (right + 1) % 2;
    answered(&a, 9002, &ids[right], 6101).await;
    answered(&b, 9003, &ids[wrong], 6102).await;
    answered(&b, 9004, &ids[right], 6103).await;
    let again = signed(&b.url, &quiz(9005, "start", json!([]), 6000, EDUCATOR)).await;
    assert!(again.to_string().contains("already running"), "one quiz per channel across instances: {again}");

    // The instance that started the quiz, and set its timer, dies.
    a.child.kill().await.expect("kill");
    let killed = Instant::now();
    let reveal =
        fake.wait_for("the reveal, from the other instance", 30, |r| posted(r) && r.body.contains("Answer:")).await;
    let after_kill = killed.elapsed();
    let after_due = started_at.elapsed().saturating_sub(Duration::from_secs(10));
    assert!(started_at.elapsed() >= Duration::from_millis(9_900), "not before its time");
    assert!(reveal.body.contains("Right: <@6101>, <@6103>"), "every press counted once: {}", reveal.body);
    assert!(
        fake.seen.iter().any(|r| r.method == "PATCH" && r.path.starts_with(&format!("{MESSAGES}/"))),
        "the question the dead instance posted is closed"
    );
    let second = fake.wait_for("the next question", 10, |r| posted(r) && r.body.contains("Question 2/2")).await;
    let (ids, right) = question(&second);
    answered(&b, 9006, &ids[right], 6101).await;
    let results = fake.wait_for("the results", 30, |r| posted(r) && r.body.contains("Quiz finished")).await;
    for line in ["<@6101>: 2/2", "<@6103>: 1/1", "<@6102>: 0/1"] {
        assert!(results.body.contains(line), "{line} in {}", results.body);
    }
    let reveals = fake.seen.iter().filter(|r| posted(r) && r.body.contains("Answer:")).count();
    assert_eq!(reveals, 2, "each question revealed once");
    Failover { after_kill, after_due }
}

fn report(backend: &str, f: &Failover) {
    println!(
        "{backend}: reveal posted by the surviving instance {:.1?} after the kill, {} ms after it fell due",
        f.after_kill,
        f.after_due.as_millis()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_sqlite_file_share_a_quiz_and_survive_a_kill() {
    report("SQLite", &a_killed_instance_is_replaced(&[]).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_database_share_a_quiz_and_survive_a_kill() {
    let Some(db) = common::postgres::TestDatabase::create("scale_out").await else { return };
    report("PostgreSQL", &a_killed_instance_is_replaced(&[("MYOSITIS_BOT__DATA__URL", db.url())]).await);
}
