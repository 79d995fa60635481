//! The quiz database on a temporary file: survives reopening, loses no concurrent answer, counts nothing
//! twice, and ends sessions cleanly after a restart.

use std::sync::Arc;

use myositis_bot::quiz::store::{AnswerRecord, Recorded};
use myositis_bot::quiz::{NewSession, QuizStorage, QuizStore};

/// A 30-second session in guild "g" with no topic.
fn session<'a>(channel_id: &'a str, starter_id: &'a str, ids: &'a [String]) -> NewSession<'a> {
    NewSession { guild_id: "g", channel_id, starter_id, topic: None, question_ids: ids, seconds: 30 }
}

fn answer<'a>(
    session_id: i64,
    question_index: usize,
    user_id: &'a str,
    option: usize,
    correct: bool,
) -> AnswerRecord<'a> {
    AnswerRecord {
        session_id,
        question_index,
        question_id: "dosing-01",
        topic: "dosing",
        user_id,
        option,
        correct,
        now: 1000,
    }
}

#[test]
fn answers_survive_reopening_and_a_change_counts_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested/quiz.sqlite3");
    let session = {
        let store = QuizStore::open(&path).expect("creates folder and database");
        let ids = vec!["dosing-01".to_owned()];
        let s = store.create_session(&session("c", "starter", &ids), 1000).expect("db").expect("created");
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 0, false)).expect("db"), Recorded::New);
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 2, true)).expect("db"), Recorded::Changed { from: 0 });
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 2, true)).expect("db"), Recorded::Same);
        s
    };
    let store = QuizStore::open(&path).expect("reopens");
    assert!(store.session_scores(session).expect("db").is_empty(), "nothing counts before the reveal");
    assert!(store.reveal(session, 0, 1001).expect("db"));
    assert!(!store.reveal(session, 0, 1002).expect("db"), "a question is revealed once");
    assert_eq!(store.record_answer(&answer(session, 0, "u2", 2, true)).expect("db"), Recorded::Closed);
    let scores = store.session_scores(session).expect("db");
    assert_eq!(scores.len(), 1);
    assert_eq!((scores[0].user_id.as_str(), scores[0].points, scores[0].answered), ("u1", 1, 1));
}

#[test]
fn one_running_session_per_channel() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = QuizStore::open(&dir.path().join("q.sqlite3")).expect("open");
    let ids = vec!["dosing-01".to_owned()];
    let first = store.create_session(&session("c1", "a", &ids), 1).expect("db");
    assert!(first.is_some());
    assert_eq!(store.create_session(&session("c1", "b", &ids), 2).expect("db"), None);
    assert!(store.create_session(&session("c2", "b", &ids), 2).expect("db").is_some());
    assert!(store.end(first.expect("id"), "finished", 3).expect("db"));
    assert!(store.create_session(&session("c1", "b", &ids), 4).expect("db").is_some(), "free again after the end");
}

#[test]
fn many_members_answering_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(QuizStore::open(&dir.path().join("q.sqlite3")).expect("open"));
    let ids = vec!["dosing-01".to_owned()];
    let s = store.create_session(&session("c", "a", &ids), 1).expect("db").expect("created");
    let threads: Vec<_> = (0..16)
        .map(|t| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                for i in 0..25 {
                    let user = format!("user-{t}-{i}");
                    let option = (t + i) % 4;
                    store.record_answer(&answer(s, 0, &user, option, option == 1)).expect("recorded");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    assert_eq!(store.answers(s, 0).expect("db").len(), 400);
    store.reveal(s, 0, 2).expect("db");
    let scores = store.session_scores(s).expect("db");
    assert_eq!(scores.len(), 400);
    assert_eq!(scores.iter().map(|x| x.points).sum::<u32>(), 100);
}

#[test]
fn a_restart_mid_session_ends_it_with_the_revealed_scores_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("q.sqlite3");
    let ids = vec!["dosing-01".to_owned(), "dosing-02".to_owned()];
    let s = {
        let store = QuizStore::open(&path).expect("open");
        let s = store.create_session(&session("c", "a", &ids), 1).expect("db").expect("created");
        store.record_answer(&answer(s, 0, "u1", 1, true)).expect("db");
        store.reveal(s, 0, 2).expect("db");
        store.advance(s, 1).expect("db");
        store.record_answer(&answer(s, 1, "u1", 1, true)).expect("db");
        s
    };
    let store = QuizStore::open(&path).expect("reopen after the 'crash'");
    let running: Vec<i64> = store.running().expect("db").iter().map(|r| r.id).collect();
    assert_eq!(running, [s], "the session the 'crash' left running");
    assert!(store.end(s, "interrupted", 10).expect("db"));
    assert!(store.running().expect("db").is_empty());
    assert_eq!(store.session(s).expect("db").expect("row").status, "interrupted");
    assert!(store.running_in("c").expect("db").is_none());
    let scores = store.session_scores(s).expect("db");
    assert_eq!((scores[0].points, scores[0].answered), (1, 1), "only the revealed question counts, once");
    assert_eq!(store.leaderboard("g", None, 10).expect("db")[0].points, 1);
}
