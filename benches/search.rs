//! Speed of the search: building the index, and answering every evaluation question (release build).
//! After criterion's estimates it prints the per-question latency distribution (p50, p99, max).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use myositis_bot::Core;
use myositis_bot::commands::{Invocation, dispatch};
use myositis_bot::eval::load_questions;
use myositis_bot::search::SearchIndex;

fn setup() -> (Core, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let core = Core::load(&root.join("knowledge")).expect("knowledge loads");
    let questions = load_questions(&root.join("tests/eval/questions.toml"), &core.knowledge).expect("questions load");
    let texts = questions.into_iter().map(|q| q.text).collect();
    (core, texts)
}

fn index_build(c: &mut Criterion) {
    let (core, _) = setup();
    c.bench_function("index/build", |b| b.iter(|| SearchIndex::build(black_box(&core.knowledge)).expect("builds")));
}

fn ask(c: &mut Criterion) {
    let (core, questions) = setup();
    c.bench_function("ask/search, every evaluation question", |b| {
        b.iter(|| {
            for q in &questions {
                black_box(core.index.search(black_box(q), 3).expect("search"));
            }
        })
    });
    let caller = myositis_bot::quiz::Caller::at_console();
    let context = myositis_bot::commands::Context { core: &core, quiz: None, caller: &caller };
    // The dispatcher is async (the quiz awaits its database); a reference command never waits on it.
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    c.bench_function("ask/command (search + answer), every evaluation question", |b| {
        b.iter(|| {
            for q in &questions {
                let invocation = Invocation::new("ask", vec![("question".into(), q.clone())]);
                black_box(runtime.block_on(dispatch(&context, &invocation)).expect("answer"));
            }
        })
    });
}

/// Times each question on its own, many rounds, and prints the distribution of single-call latencies.
fn latency_distribution() {
    let (core, questions) = setup();
    let rounds = 200;
    let mut samples: Vec<Duration> = Vec::with_capacity(rounds * questions.len());
    for _ in 0..rounds {
        for q in &questions {
            let start = Instant::now();
            black_box(core.index.search(black_box(q), 3).expect("search"));
            samples.push(start.elapsed());
        }
    }
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    println!(
        "ask/search per question over {} calls ({} questions x {rounds}): p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        samples.len(),
        questions.len(),
        at(0.50),
        at(0.90),
        at(0.99),
        samples[samples.len() - 1]
    );
}

criterion_group!(benches, index_build, ask);

fn main() {
    benches();
    latency_distribution();
    Criterion::default().configure_from_args().final_summary();
}
