//! The privacy guard on a labelled set of look-alikes (tests/eval/phi.toml, written by someone who never
//! saw the guard): it catches the identifying patterns and flags no ordinary clinical shorthand.
//!
//! The even-numbered examples were used to develop the patterns; the odd-numbered ones were scored once,
//! afterwards. Both halves must meet the bar.

use std::path::Path;

use myositis_bot::privacy::Findings;

mod common;

fn scan(text: &str) -> Findings {
    myositis_bot::privacy::scan(text, |w| common::core().index.knows(w))
}

#[derive(serde::Deserialize)]
struct Set {
    example: Vec<Example>,
}

#[derive(serde::Deserialize)]
struct Example {
    text: String,
    identifying: bool,
    kind: String,
}

fn examples() -> Vec<Example> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/phi.toml");
    let text = std::fs::read_to_string(path).expect("phi.toml");
    toml::from_str::<Set>(&text).expect("phi.toml parses").example
}

/// (caught share of identifying, false flags among the rest, the misses as kinds).
fn score(half: usize) -> (f64, usize, Vec<String>) {
    let all = examples();
    let chosen: Vec<&Example> = all.iter().enumerate().filter(|(i, _)| i % 2 == half).map(|(_, e)| e).collect();
    let identifying: Vec<&&Example> = chosen.iter().filter(|e| e.identifying).collect();
    let caught = identifying.iter().filter(|e| scan(&e.text).any()).count();
    let false_flags: Vec<String> = chosen
        .iter()
        .filter(|e| !e.identifying && scan(&e.text).any())
        .map(|e| format!("false flag: {}", e.kind))
        .collect();
    let missed: Vec<String> =
        identifying.iter().filter(|e| !scan(&e.text).any()).map(|e| format!("missed: {}", e.kind)).collect();
    (caught as f64 / identifying.len() as f64, false_flags.len(), [false_flags, missed].concat())
}

#[test]
fn the_guard_catches_identifying_details_and_flags_no_shorthand() {
    for half in [0, 1] {
        eprintln!("half {half}: {:?}", {
            let (c, f, _) = score(half);
            (c, f)
        });
        let (caught, false_flags, misses) = score(half);
        assert!(caught >= 0.9, "half {half}: caught {caught:.3}; {misses:?}");
        assert_eq!(false_flags, 0, "half {half}: {misses:?}");
    }
}
