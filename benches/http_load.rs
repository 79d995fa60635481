//! Load on loopback: signed /ask and /dose interactions at concurrency 64 against the HTTP endpoint
//! (release build), next to the `ask` core call alone, so the transport's overhead is visible.
//! Run: cargo bench --bench http_load. Prints throughput and p50/p99 latency.

#[path = "../tests/fake_discord/mod.rs"]
#[allow(unused_imports)]
mod fake_discord;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ed25519_dalek::{Signer, SigningKey};
use fake_discord::{command, number, text};
use myositis_bot::Core;
use myositis_bot::eval::load_questions;
use myositis_bot::http::Endpoint;
use myositis_bot::quiz::system_clock;
use serde_json::json;

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
        let public = hex::encode(key.verifying_key().to_bytes());
        let app = Arc::new(myositis_bot::app::App { core: Arc::clone(&core), quiz: None });
        let endpoint =
            Endpoint::new(app, &public, system_clock, Duration::from_millis(2500), None).expect("endpoint");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/interactions", listener.local_addr().expect("addr"));
        let settings = myositis_bot::config::HttpSettings::default();
        let router = endpoint.router(&settings);
        tokio::spawn(myositis_bot::http::serve(listener, router, settings.read_timeout(), std::future::pending()));

        let timestamp = system_clock().to_string();
        let requests: Arc<Vec<(Vec<u8>, String)>> = Arc::new(
            (0..200)
                .map(|i| {
                    let payload = if i % 2 == 0 {
                        command(10_000 + i, "ask", json!([text("question", &questions[i as usize % questions.len()])]))
                    } else {
                        command(10_000 + i, "dose", json!([number("weight", 40.0 + i as f64 / 2.0), text("unit", "kg")]))
                    };
                    let body = payload.to_string().into_bytes();
                    let signature = hex::encode(key.sign(&[timestamp.as_bytes(), &body].concat()).to_bytes());
                    (body, signature)
                })
                .collect(),
        );
        let client = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY).build().expect("client");
        let next = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let workers: Vec<_> = (0..CONCURRENCY)
            .map(|_| {
                let (client, url, next, requests, timestamp) =
                    (client.clone(), url.clone(), Arc::clone(&next), Arc::clone(&requests), timestamp.clone());
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= REQUESTS {
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
                        let _ = response.bytes().await.expect("body");
                        latencies.push(t.elapsed());
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        for w in workers {
            all.extend(w.await.expect("worker"));
        }
        let total = started.elapsed();
        all.sort();
        println!(
            "HTTP endpoint, signed /ask + /dose, concurrency {CONCURRENCY}: {} requests in {:.2} s = {:.0} requests/s, p50 {:?}, p99 {:?}",
            all.len(),
            total.as_secs_f64(),
            all.len() as f64 / total.as_secs_f64(),
            percentile(&all, 0.50),
            percentile(&all, 0.99)
        );
    });
}
