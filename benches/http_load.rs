//! Load on loopback: signed /ask and /dose interactions at concurrency 64 against the HTTP endpoint
//! (release build), next to the `ask` core call alone, so the transport's overhead is visible; then quiz
//! button presses (each one stored in a transaction) mixed with /ask, on the embedded SQLite store and,
//! when `MYOSITIS_TEST_POSTGRES_URL` names a server (`.ci/postgres` starts one), on PostgreSQL.
//! Run: cargo bench --bench http_load. Prints throughput and p50/p99 latency.

#[path = "../tests/fake_discord/mod.rs"]
#[allow(unused_imports)]
mod fake_discord;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ed25519_dalek::{Signer, SigningKey};
use fake_discord::{command, integer, number, press, quiz, text};
use myositis_bot::Core;
use myositis_bot::app::App;
use myositis_bot::buttons::ButtonId;
use myositis_bot::config::{DataSettings, Secret, Settings};
use myositis_bot::eval::load_questions;
use myositis_bot::http::Endpoint;
use myositis_bot::quiz::system_clock;
use serde_json::{Value, json};

const REQUESTS: usize = 20_000;
const CONCURRENCY: usize = 64;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let core = Arc::new(Core::load(&root.join("knowledge")).expect("knowledge"));
    let questions: Vec<String> = load_questions(&root.join("tests/eval/questions.toml"), &core.knowledge)
        .expect("questions")
        .into_iter()
        .map(|q| q.text)
        .collect();

    // The core call alone, single thread.
    let mut alone = Vec::new();
    let started = Instant::now();
    for i in 0..REQUESTS {
        let t = Instant::now();
        std::hint::black_box(core.index.search(&questions[i % questions.len()], 3).expect("search"));
        alone.push(t.elapsed());
    }
    let alone_total = started.elapsed();
    alone.sort();
    println!(
        "ask core call alone (1 thread): {:.0} calls/s, p50 {:?}, p99 {:?}",
        REQUESTS as f64 / alone_total.as_secs_f64(),
        percentile(&alone, 0.50),
        percentile(&alone, 0.99)
    );

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async move {
        let key = SigningKey::from_bytes(&[7; 32]);
        let reference = (0..200)
            .map(|i| {
                if i % 2 == 0 {
                    command(10_000 + i, "ask", json!([text("question", &questions[i as usize % questions.len()])]))
                } else {
                    command(10_000 + i, "dose", json!([number("weight", 40.0 + i as f64 / 2.0), text("unit", "kg")]))
                }
            })
            .collect();
        let app = Arc::new(App { core: Arc::clone(&core), quiz: None });
        let (url, _) = serve(app, &key).await;
        report("signed /ask + /dose", &load(&url, &key, reference, REQUESTS).await);

        let dir = tempfile::tempdir().expect("temp dir");
        let mut stores = vec![("SQLite", DataSettings { dir: dir.path().to_owned(), url: None })];
        match std::env::var("MYOSITIS_TEST_POSTGRES_URL") {
            Ok(pg) => stores.push((
                "PostgreSQL",
                DataSettings { dir: dir.path().to_owned(), url: Some(Secret::from(pg.as_str())) },
            )),
            Err(_) => {
                println!("PostgreSQL: skipped (MYOSITIS_TEST_POSTGRES_URL not set; bash .ci/postgres starts a server)")
            }
        }
        for (name, data) in stores {
            let settings = Settings { data, ..Settings::default() };
            let (app, mut posts) =
                App::with_quiz(Arc::clone(&core), &settings, Arc::new(myositis_bot::quiz::system_clock_ms))
                    .await
                    .expect("the quiz database opens");
            // Someone must take the quiz's posts, or it refuses channel quizzes.
            let question = tokio::spawn(async move {
                let mut first = None;
                while let Some(post) = posts.recv().await {
                    if let (None, myositis_bot::quiz::ChannelPost::Message { answer, .. }) = (&first, post) {
                        first = Some(answer);
                    }
                    if first.is_some() {
                        return first;
                    }
                }
                first
            });
            let (url, _) = serve(Arc::new(app), &key).await;
            // A long question, so that every press lands while it is open.
            let options = json!([integer("count", 1), integer("seconds", 120)]);
            let start = quiz(20_000, "start", options, 6000, "2147483647");
            let started = load(&url, &key, vec![start], 1).await;
            assert_eq!(started.len(), 1);
            let asked = question.await.expect("posts").expect("the question is posted");
            let option = asked
                .buttons
                .iter()
                .find(|b| matches!(ButtonId::decode(&b.custom_id), Ok(ButtonId::QuizOption { .. })))
                .expect("an option button")
                .custom_id
                .clone();
            // Each press from another member (a new stored answer), every other request an /ask.
            let mixed = (0..REQUESTS as u64)
                .map(|i| {
                    if i % 2 == 0 {
                        press(30_000 + i, &option, 100_000 + i)
                    } else {
                        command(30_000 + i, "ask", json!([text("question", &questions[i as usize % questions.len()])]))
                    }
                })
                .collect();
            report(&format!("{name} store: quiz presses + /ask"), &load(&url, &key, mixed, REQUESTS).await);
        }
    });
}

/// Serves the endpoint over `app` on loopback; its /interactions URL.
async fn serve(app: Arc<App>, key: &SigningKey) -> (String, ()) {
    let public = hex::encode(key.verifying_key().to_bytes());
    let endpoint = Endpoint::new(app, &public, system_clock, Duration::from_millis(2500), None).expect("endpoint");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/interactions", listener.local_addr().expect("addr"));
    let settings = myositis_bot::config::HttpSettings::default();
    let router = endpoint.router(&settings);
    tokio::spawn(myositis_bot::http::serve(listener, router, settings.read_timeout(), std::future::pending()));
    (url, ())
}

/// Sends `total` signed requests from `CONCURRENCY` workers, going round `payloads` (read-only ones may
/// repeat; quiz presses are each sent once); each request's latency, sorted, and the run's duration.
async fn load(url: &str, key: &SigningKey, payloads: Vec<Value>, total: usize) -> Run {
    let timestamp = system_clock().to_string();
    let requests: Arc<Vec<(Vec<u8>, String)>> = Arc::new(
        payloads
            .into_iter()
            .map(|payload| {
                let body = payload.to_string().into_bytes();
                let signature = hex::encode(key.sign(&[timestamp.as_bytes(), &body].concat()).to_bytes());
                (body, signature)
            })
            .collect(),
    );
    let client = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY).build().expect("client");
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY.min(total))
        .map(|_| {
            let (client, url, next, requests, timestamp) =
                (client.clone(), url.to_owned(), Arc::clone(&next), Arc::clone(&requests), timestamp.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= total {
                        return latencies;
                    }
                    let (body, signature) = &requests[n % requests.len()];
                    let t = Instant::now();
                    let response = client
                        .post(&url)
                        .header("x-signature-ed25519", signature)
                        .header("x-signature-timestamp", &timestamp)
                        .header("content-type", "application/json")
                        .body(body.clone())
                        .send()
                        .await
                        .expect("request");
                    assert!(response.status().is_success());
                    let body = response.bytes().await.expect("body");
                    let failed = body.windows(20).any(|w| w == b"something went wrong");
                    assert!(!failed, "an answer failed: {}", String::from_utf8_lossy(&body));
                    latencies.push(t.elapsed());
                }
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for w in workers {
        latencies.extend(w.await.expect("worker"));
    }
    let took = started.elapsed();
    latencies.sort();
    Run { latencies, took }
}

/// One load run.
struct Run {
    latencies: Vec<Duration>,
    took: Duration,
}

impl Run {
    fn len(&self) -> usize {
        self.latencies.len()
    }
}

fn report(what: &str, run: &Run) {
    println!(
        "HTTP endpoint, {what}, concurrency {CONCURRENCY}: {} requests in {:.2} s = {:.0} requests/s, p50 {:?}, p99 {:?}",
        run.len(),
        run.took.as_secs_f64(),
        run.len() as f64 / run.took.as_secs_f64(),
        percentile(&run.latencies, 0.50),
        percentile(&run.latencies, 0.99)
    );
}
