//! The quiz database on a temporary file: survives reopening, loses no concurrent answer, counts nothing
//! twice, and ends sessions cleanly after a restart.

use std::sync::Arc;

use myositis_bot::quiz::store::{AnswerRecord, Recorded, RevealMark};
use myositis_bot::quiz::{NewSession, QuizStorage, SqliteStore};

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

#[tokio::test]
async fn answers_survive_reopening_and_a_change_counts_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested/quiz.sqlite3");
    let session = {
        let store = SqliteStore::open(&path).expect("creates folder and database");
        let ids = vec!["dosing-01".to_owned()];
        let s =
            store.create_session(&session("c", "starter", &ids), 1000, 1000 + 30).await.expect("db").expect("created");
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 0, false)).await.expect("db"), Recorded::New);
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 2, true)).await.expect("db"), Recorded::Changed { from: 0 });
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 2, true)).await.expect("db"), Recorded::Same);
        s
    };
    let store = SqliteStore::open(&path).expect("reopens");
    assert!(store.session_scores(session).await.expect("db").is_empty(), "nothing counts before the reveal");
    assert_eq!(store.reveal(session, 0, 1001).await.expect("db"), RevealMark::First);
    assert_eq!(store.reveal(session, 0, 1002).await.expect("db"), RevealMark::Already { at: 1001 }, "once");
    assert_eq!(store.record_answer(&answer(session, 0, "u2", 2, true)).await.expect("db"), Recorded::Closed);
    let scores = store.session_scores(session).await.expect("db");
    assert_eq!(scores.len(), 1);
    assert_eq!((scores[0].user_id.as_str(), scores[0].points, scores[0].answered), ("u1", 1, 1));
}

#[tokio::test]
async fn one_running_session_per_channel() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("q.sqlite3")).expect("open");
    let ids = vec!["dosing-01".to_owned()];
    let first = store.create_session(&session("c1", "a", &ids), 1, 1 + 30).await.expect("db");
    assert!(first.is_some());
    assert_eq!(store.create_session(&session("c1", "b", &ids), 2, 2 + 30).await.expect("db"), None);
    assert!(store.create_session(&session("c2", "b", &ids), 2, 2 + 30).await.expect("db").is_some());
    assert!(store.end(first.expect("id"), "finished", 3).await.expect("db"));
    assert!(
        store.create_session(&session("c1", "b", &ids), 4, 4 + 30).await.expect("db").is_some(),
        "free again after the end"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_members_answering_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(SqliteStore::open(&dir.path().join("q.sqlite3")).expect("open"));
    let ids = vec!["dosing-01".to_owned()];
    let s = store.create_session(&session("c", "a", &ids), 1, 1 + 30).await.expect("db").expect("created");
    let tasks: Vec<_> = (0..16)
        .map(|t| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                for i in 0..25 {
                    let user = format!("user-{t}-{i}");
                    let option = (t + i) % 4;
                    store.record_answer(&answer(s, 0, &user, option, option == 1)).await.expect("recorded");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(store.answers(s, 0).await.expect("db").len(), 400);
    store.reveal(s, 0, 2).await.expect("db");
    let scores = store.session_scores(s).await.expect("db");
    assert_eq!(scores.len(), 400);
    assert_eq!(scores.iter().map(|x| x.points).sum::<u32>(), 100);
}

#[tokio::test]
async fn a_restart_finds_the_due_reveal_and_the_revealed_scores_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("q.sqlite3");
    let ids = vec!["dosing-01".to_owned(), "dosing-02".to_owned()];
    let s = {
        let store = SqliteStore::open(&path).expect("open");
        let s = store.create_session(&session("c", "a", &ids), 1, 1 + 30).await.expect("db").expect("created");
        store.record_answer(&answer(s, 0, "u1", 1, true)).await.expect("db");
        store.reveal(s, 0, 2).await.expect("db");
        assert!(store.advance(s, 0, 1, 40).await.expect("db"));
        assert!(!store.advance(s, 0, 1, 40).await.expect("db"), "moved on once");
        store.record_answer(&answer(s, 1, "u1", 1, true)).await.expect("db");
        s
    };
    let store = SqliteStore::open(&path).expect("reopen after the 'crash'");
    let due = store.claim_due(100, 115, 10).await.expect("db");
    assert_eq!(due.iter().map(|d| (d.session_id, d.question_index, d.due_ms)).collect::<Vec<_>>(), [(s, 1, 40)]);
    assert!(store.claim_due(110, 125, 10).await.expect("db").is_empty(), "claimed until its lease ends");
    assert_eq!(store.claim_due(115, 130, 10).await.expect("db").len(), 1, "claimed again after the lease");
    assert!(store.end(s, "interrupted", 10).await.expect("db"));
    assert!(store.claim_due(i64::MAX, i64::MAX, 10).await.expect("db").is_empty(), "an ended session is never due");
    assert_eq!(store.session(s).await.expect("db").expect("row").status, "interrupted");
    assert!(store.running_in("c").await.expect("db").is_none());
    let scores = store.session_scores(s).await.expect("db");
    assert_eq!((scores[0].points, scores[0].answered), (1, 1), "only the revealed question counts, once");
    assert_eq!(store.leaderboard("g", None, 10).await.expect("db")[0].points, 1);
}
