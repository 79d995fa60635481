//! Retrieval quality on the held-out half of the evaluation set (never used for tuning), and the set's
//! own shape.
//!
//! Issue 3 set the bar at hit@1 >= 0.90, hit@3 >= 0.97, abstention >= 0.9 on the held-out half, measured
//! 0.906 / 0.973 / 0.922 on 723 held-out questions (plain BM25 over the same passages: 0.538 / 0.763 /
//! 0.018). Issue 12's question reading (focus, aspects, what page 6 never addresses) measured 0.901 / 0.957
//! / 0.940: abstention up, and a few more answerable questions refused (false abstention 3.2%), so the
//! floors were those figures less a question or two. On 2026-12-02 the sentence choice by the ask, findings
//! and the blind-review fixes measured 0.905 / 0.962 / 0.928 (one out-of-scope question more answered than
//! at 0.934; sentence hit@1 0.808 -> 0.833), so the floors below are those figures less a question or two.
//! A change that makes retrieval worse fails here;
//! never tune on the held-out questions to make it pass.

mod common;

use std::path::Path;

use myositis_bot::eval::{CATEGORIES, Metrics, Question, Split, load_questions, run};
use myositis_bot::search::{Matching, SearchIndex};

fn questions() -> Vec<Question> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/questions.toml");
    load_questions(&path, &common::core().knowledge).expect("the question set loads")
}

fn held_out(all: &[Question]) -> Vec<&Question> {
    all.iter().filter(|q| q.split == Split::Heldout).collect()
}

#[test]
fn the_set_is_large_split_and_covers_every_category_and_passage() {
    let all = questions();
    assert!(all.len() >= 100, "{} questions", all.len());
    // Vignettes became a category of their own with the blind batches written for them (tests/eval/b13.toml).
    for category in CATEGORIES.iter().filter(|c| **c != "vignette") {
        for split in [Split::Tune, Split::Heldout] {
            assert!(all.iter().any(|q| q.category == *category && q.split == split), "{category} {split:?}");
        }
    }
    let share = held_out(&all).len() as f64 / all.len() as f64;
    assert!((0.4..=0.6).contains(&share), "held-out share {share}");
    for p in &common::core().knowledge.article.passages {
        assert!(all.iter().any(|q| q.gold.contains(&p.id)), "no question for {}", p.id);
    }
}

/// The floors: hit@1, hit@3, abstention.
const FLOOR: (f64, f64, f64) = (0.9, 0.955, 0.925);

#[test]
fn held_out_questions_meet_the_bar() {
    let all = questions();
    let chosen = held_out(&all);
    let outcomes = run(&common::core().index, &chosen).expect("search");
    let m = Metrics::of(&outcomes);
    // Ids only: printing held-out wording here would invite tuning on it.
    let misses: Vec<&str> = outcomes
        .iter()
        .filter(|o| if o.in_scope { o.gold_rank != Some(1) } else { !o.abstained })
        .map(|o| o.id.as_str())
        .collect();
    assert!(m.hit_at_1 >= FLOOR.0, "hit@1 {:.3}; misses: {misses:?}", m.hit_at_1);
    assert!(m.hit_at_3 >= FLOOR.1, "hit@3 {:.3}; misses: {misses:?}", m.hit_at_3);
    assert!(m.abstention >= FLOOR.2, "abstention {:.3}; misses: {misses:?}", m.abstention);
}

#[test]
fn the_medical_search_beats_plain_bm25_on_the_held_out_half() {
    let all = questions();
    let chosen = held_out(&all);
    let baseline = SearchIndex::build_with(&common::core().knowledge, Matching::PlainBm25).expect("baseline");
    let ours = Metrics::of(&run(&common::core().index, &chosen).expect("search"));
    let theirs = Metrics::of(&run(&baseline, &chosen).expect("search"));
    assert!(ours.hit_at_1 > theirs.hit_at_1, "ours {ours:?} baseline {theirs:?}");
    assert!(ours.abstention > theirs.abstention, "ours {ours:?} baseline {theirs:?}");
}

#[test]
fn the_eval_command_prints_both_systems_per_category() {
    let out = common::bin(&["eval", "--split", "heldout"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["hit@1", "hit@3", "MRR", "abstain", "baseline BM25", "out-of-scope", "overall"] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    let json = common::bin_json(&["eval", "--split", "heldout", "--json"]);
    assert!(json["overall"][0]["hit_at_1"].is_number() && json["overall"][1]["hit_at_1"].is_number());
}
