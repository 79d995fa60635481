//! One pass of `search` over every evaluation question (limit 3, as the benchmark), for a repeatable
//! profile: `valgrind --tool=callgrind target/release/examples/profile_search [rounds]`. Prints the
//! number of passages found, so the work cannot be optimised away. With `dump [FILE]`, prints every
//! question's whole result as one JSON line instead (of FILE, default the evaluation questions), to check
//! that a speed change changes no output.

use std::path::Path;

use myositis_bot::Core;
use myositis_bot::eval::load_questions;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let core = Core::load(&root.join("knowledge"))?;
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("dump") {
        let file = std::env::args().nth(2).map_or_else(|| root.join("tests/eval/questions.toml"), Into::into);
        for q in &load_questions(&file, &core.knowledge)? {
            println!("{}", serde_json::to_string(&core.index.search(&q.text, 3)?)?);
        }
        return Ok(());
    }
    let questions = load_questions(&root.join("tests/eval/questions.toml"), &core.knowledge)?;
    let rounds: usize = arg.and_then(|n| n.parse().ok()).unwrap_or(1);
    let mut found = 0;
    for _ in 0..rounds {
        for q in &questions {
            found += core.index.search(&q.text, 3)?.hits.len();
        }
    }
    println!("{found} passages for {} questions x {rounds}", questions.len());
    Ok(())
}
