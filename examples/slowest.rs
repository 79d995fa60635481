use std::path::Path;
use std::time::{Duration, Instant};
use myositis_bot::Core;
use myositis_bot::eval::load_questions;
fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let core = Core::load(&root.join("knowledge")).unwrap();
    let qs = load_questions(&root.join("tests/eval/questions.toml"), &core.knowledge).unwrap();
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let mut all = vec![];
    let mut per: Vec<(Duration, String)> = qs.iter().map(|q| {
        let mut best = Duration::MAX;
        for _ in 0..rounds { let s = Instant::now(); std::hint::black_box(core.index.search(&q.text, 3).unwrap()); let e = s.elapsed(); all.push(e); best = best.min(e); }
        (best, q.id.clone())
    }).collect();
    per.sort(); all.sort();
    let n = all.len();
    println!("all: p50 {:?} p99 {:?}", all[n/2], all[n*99/100]);
    for (d, id) in per.iter().rev().take(8) { println!("{d:?} {id}"); }
}
