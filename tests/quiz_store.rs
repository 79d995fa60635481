//! The quiz storage suite, run against both backends: the SQLite file (`sqlite_*`) and a PostgreSQL server
//! (`postgres_*`, a fresh database per test from `MYOSITIS_TEST_POSTGRES_URL`; skipped with a message when
//! it is unset). Each behaviour is one function over `Arc<dyn QuizStorage>`; the two-instance behaviours get
//! two stores on one database (two pools, or two connections to one file), as two bot instances would.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use myositis_bot::quiz::daily::DayResult;
use myositis_bot::quiz::store::{
    AnswerRecord, CardState, Channels, DailyPost, DailySchedule, DailyTake, DailyTaken, DueReveal, MemberResult,
    NewReport, PostgresStore, PracticeRecord, Recorded, ReportFiled, ReportRow, RevealMark, Standing,
};
use myositis_bot::quiz::{NewSession, QuizStorage, SqliteStore};

use common::postgres::TestDatabase;

/// What a Discord instance claims: every channel but the console's.
const DISCORD: Channels<'static> = Channels::AllBut("console");

/// Where a test's stores live; every [`Backend::open`] is another instance on the same data.
enum Backend {
    Sqlite(tempfile::TempDir),
    Postgres(TestDatabase),
}

impl Backend {
    fn sqlite() -> Self {
        Self::Sqlite(tempfile::tempdir().expect("temp dir"))
    }

    async fn postgres(test: &str) -> Option<Self> {
        TestDatabase::create(test).await.map(Self::Postgres)
    }

    async fn open(&self) -> Arc<dyn QuizStorage> {
        match self {
            Self::Sqlite(dir) => {
                Arc::new(SqliteStore::open(&dir.path().join("nested/quiz.sqlite3")).expect("opens the file"))
            }
            Self::Postgres(db) => Arc::new(PostgresStore::connect(db.url()).await.expect("connects and migrates")),
        }
    }
}

/// `sqlite_NAME` and `postgres_NAME` running `behaviour` with as many stores (instances) as it takes.
macro_rules! on_both {
    ($behaviour:ident($($store:ident),+) => $sqlite:ident, $postgres:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $sqlite() {
            let backend = Backend::sqlite();
            $(let $store = backend.open().await;)+
            $behaviour($($store),+).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $postgres() {
            let Some(backend) = Backend::postgres(stringify!($postgres)).await else { return };
            $(let $store = backend.open().await;)+
            $behaviour($($store),+).await;
        }
    };
}

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

fn ids(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("dosing-{i:02}")).collect()
}

async fn new_session(store: &Arc<dyn QuizStorage>, channel: &str, questions: usize, due: i64) -> i64 {
    let ids = ids(questions);
    store.create_session(&session(channel, "starter", &ids), 1, due).await.expect("db").expect("created")
}

// --- survives reopening -------------------------------------------------------------------------------

async fn survives_reopening(backend: &Backend) {
    let ids = ids(2);
    let s = {
        let store = backend.open().await;
        let s = store.create_session(&session("c", "starter", &ids), 1000, 1030).await.expect("db").expect("created");
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 0, false)).await.expect("db"), Recorded::New);
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 2, true)).await.expect("db"), Recorded::Changed { from: 0 });
        assert_eq!(store.record_answer(&answer(s, 0, "u1", 2, true)).await.expect("db"), Recorded::Same);
        s
    };
    let store = backend.open().await;
    let row = store.session(s).await.expect("db").expect("the row");
    assert_eq!(
        (row.guild_id.as_str(), row.channel_id.as_str(), row.starter_id.as_str(), row.seconds, row.current),
        ("g", "c", "starter", 30, 0)
    );
    assert_eq!((row.question_ids, row.status.as_str()), (ids.clone(), "running"));
    assert_eq!(store.running_in("c").await.expect("db").map(|r| r.id), Some(s));
    assert_eq!(store.answers(s, 0).await.expect("db"), [("u1".to_owned(), 2)]);
    assert!(store.session_scores(s).await.expect("db").is_empty(), "nothing counts before the reveal");
    // The instance that set the timer is gone: its reveal is still due, for whoever claims it.
    let due = store.claim_due(1030, 1060, 10, DISCORD).await.expect("db");
    assert_eq!(due, [DueReveal { session_id: s, question_index: 0, due_ms: 1030 }]);
    assert_eq!(store.reveal(s, 0, 1031).await.expect("db"), RevealMark::First);
    assert_eq!(store.record_answer(&answer(s, 0, "u2", 2, true)).await.expect("db"), Recorded::Closed);
    let scores = store.session_scores(s).await.expect("db");
    assert_eq!(scores, [Standing { user_id: "u1".to_owned(), points: 1, answered: 1 }]);
    assert!(store.end(s, "interrupted", 1040).await.expect("db"));
    drop(store);
    let store = backend.open().await;
    assert_eq!(store.session(s).await.expect("db").expect("row").status, "interrupted");
    assert!(store.running_in("c").await.expect("db").is_none());
    assert_eq!(store.leaderboard("g", None, 10).await.expect("db")[0].points, 1, "revealed scores are kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_survives_reopening() {
    survives_reopening(&Backend::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_survives_reopening() {
    let Some(backend) = Backend::postgres("postgres_survives_reopening").await else { return };
    survives_reopening(&backend).await;
}

// --- one running session per channel ------------------------------------------------------------------

async fn one_running_session_per_channel(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    let ids = ids(1);
    let first = a.create_session(&session("c1", "a", &ids), 1, 31).await.expect("db");
    assert!(first.is_some());
    assert_eq!(b.create_session(&session("c1", "b", &ids), 2, 32).await.expect("db"), None, "taken, on any instance");
    assert!(b.create_session(&session("c2", "b", &ids), 2, 32).await.expect("db").is_some());
    assert!(a.end(first.expect("id"), "finished", 3).await.expect("db"));
    assert!(!b.end(first.expect("id"), "stopped", 3).await.expect("db"), "ends once");
    // Sixteen starts in one free channel at once, from both instances: one wins.
    let starts: Vec<_> = (0..16)
        .map(|i| {
            let store = Arc::clone(if i % 2 == 0 { &a } else { &b });
            let ids = ids.clone();
            tokio::spawn(async move {
                let starter = format!("starter-{i}");
                store.create_session(&session("c1", &starter, &ids), 4, 34).await.expect("db")
            })
        })
        .collect();
    let mut won = Vec::new();
    for start in starts {
        won.extend(start.await.expect("task"));
    }
    assert_eq!(won.len(), 1, "one session runs in c1: {won:?}");
    assert_eq!(a.running_in("c1").await.expect("db").map(|r| r.id), Some(won[0]));
}

on_both!(one_running_session_per_channel(a, b) => sqlite_one_running_session_per_channel, postgres_one_running_session_per_channel);

// --- concurrent answers ---------------------------------------------------------------------------------

/// 16 tasks × 25 members, spread over both instances; each member answers, then changes the answer on the
/// other instance, and one member presses on both at once.
async fn concurrent_answers_lose_nothing(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    let s = new_session(&a, "c", 1, 100).await;
    let tasks: Vec<_> = (0..16usize)
        .map(|t| {
            let (first, second) =
                if t % 2 == 0 { (Arc::clone(&a), Arc::clone(&b)) } else { (Arc::clone(&b), Arc::clone(&a)) };
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                for i in 0..25usize {
                    let user = format!("user-{t:02}-{i:02}");
                    let option = (t + i) % 4;
                    outcomes.push(first.record_answer(&answer(s, 0, &user, 3, false)).await.expect("recorded"));
                    outcomes
                        .push(second.record_answer(&answer(s, 0, &user, option, option == 1)).await.expect("recorded"));
                }
                outcomes
            })
        })
        .collect();
    let double_press: Vec<_> = [&a, &b, &a, &b]
        .into_iter()
        .map(|store| {
            let store = Arc::clone(store);
            tokio::spawn(async move { store.record_answer(&answer(s, 0, "double", 1, true)).await.expect("recorded") })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.extend(task.await.expect("task"));
    }
    let mut presses = Vec::new();
    for press in double_press {
        presses.push(press.await.expect("task"));
    }
    let new = outcomes.iter().filter(|r| **r == Recorded::New).count();
    let changed = outcomes.iter().filter(|r| matches!(r, Recorded::Changed { from: 3 })).count();
    let same = outcomes.iter().filter(|r| **r == Recorded::Same).count();
    assert_eq!((new, changed + same), (400, 400), "each member's first press is new, the second a change or the same");
    presses.sort_by_key(|r| *r != Recorded::New);
    assert_eq!(presses, [Recorded::New, Recorded::Same, Recorded::Same, Recorded::Same], "one press of four is new");

    let stored = b.answers(s, 0).await.expect("db");
    assert_eq!(stored.len(), 401, "nothing lost, nothing doubled");
    let expected: BTreeSet<(String, usize)> = (0..16usize)
        .flat_map(|t| (0..25usize).map(move |i| (format!("user-{t:02}-{i:02}"), (t + i) % 4)))
        .chain([("double".to_owned(), 1)])
        .collect();
    assert_eq!(stored.into_iter().collect::<BTreeSet<_>>(), expected, "every member's last answer");
    assert_eq!(a.reveal(s, 0, 101).await.expect("db"), RevealMark::First);
    let scores = b.session_scores(s).await.expect("db");
    assert_eq!(scores.len(), 401);
    assert_eq!(scores.iter().map(|x| x.points).sum::<u32>(), 101, "100 right answers + the double presser's");
    assert_eq!(scores.iter().map(|x| x.answered).sum::<u32>(), 401);
}

on_both!(concurrent_answers_lose_nothing(a, b) => sqlite_concurrent_answers_lose_nothing, postgres_concurrent_answers_lose_nothing);

/// Presses racing the reveal, question after question: the answers read right after the reveal are all
/// there will ever be, and each press either is among them or was told the question is closed.
async fn answers_racing_the_reveal_are_in_it_or_refused(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    const QUESTIONS: usize = 8;
    let s = new_session(&a, "c", QUESTIONS, 100).await;
    for q in 0..QUESTIONS {
        let pressed = Arc::new(AtomicUsize::new(0));
        // Eight members' devices press (as different members each time) until the question closes.
        let tasks: Vec<_> = (0..8usize)
            .map(|t| {
                let store = Arc::clone(if t % 2 == 0 { &a } else { &b });
                let pressed = Arc::clone(&pressed);
                tokio::spawn(async move {
                    let mut accepted = Vec::new();
                    loop {
                        let user = format!("racer-{t}-{:04}", accepted.len());
                        let recorded = store.record_answer(&answer(s, q, &user, 1, true)).await.expect("recorded");
                        if recorded == Recorded::Closed {
                            return accepted;
                        }
                        accepted.push((user, 1));
                        pressed.fetch_add(1, Ordering::Relaxed);
                        // A press a millisecond per device: the runtime (SQLite answers without awaiting) and
                        // the other instance's writes get their turns.
                        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                    }
                })
            })
            .collect();
        // The reveal comes while the presses are under way, some of them already stored.
        while pressed.load(Ordering::Relaxed) < 8 + q {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        let revealer = if q % 2 == 0 { &a } else { &b };
        assert_eq!(revealer.reveal(s, q, 101).await.expect("db"), RevealMark::First);
        let at_reveal: BTreeSet<_> = revealer.answers(s, q).await.expect("db").into_iter().collect();
        let mut accepted = BTreeSet::new();
        for task in tasks {
            accepted.extend(task.await.expect("task"));
        }
        assert!(!accepted.is_empty(), "question {q}: presses were accepted before the reveal");
        assert_eq!(at_reveal, accepted, "question {q}: no answer accepted after the reveal read them");
        assert!(a.advance(s, q, q + 1, 200).await.expect("db"));
    }
    let points: u32 = b.session_scores(s).await.expect("db").iter().map(|x| x.points).sum();
    let stored: usize = {
        let mut n = 0;
        for q in 0..QUESTIONS {
            n += a.answers(s, q).await.expect("db").len();
        }
        n
    };
    assert_eq!(points as usize, stored, "every stored answer counts once");
}

on_both!(answers_racing_the_reveal_are_in_it_or_refused(a, b) => sqlite_answers_racing_the_reveal, postgres_answers_racing_the_reveal);

// --- reveal once, advance once ----------------------------------------------------------------------------

async fn reveal_once(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    let s = new_session(&a, "c", 2, 100).await;
    let tasks: Vec<_> = (0..12i64)
        .map(|i| {
            let store = Arc::clone(if i % 2 == 0 { &a } else { &b });
            tokio::spawn(async move { (i, store.reveal(s, 0, 200 + i).await.expect("db")) })
        })
        .collect();
    let mut marks = Vec::new();
    for task in tasks {
        marks.push(task.await.expect("task"));
    }
    let first: Vec<i64> = marks.iter().filter(|(_, m)| *m == RevealMark::First).map(|(i, _)| 200 + i).collect();
    assert_eq!(first.len(), 1, "revealed once: {marks:?}");
    for (_, mark) in &marks {
        assert!(matches!(mark, RevealMark::First) || *mark == RevealMark::Already { at: first[0] }, "{mark:?}");
    }
    assert_eq!(b.reveal(s, 0, 999).await.expect("db"), RevealMark::Already { at: first[0] });
    assert_eq!(a.reveal(s, 1, 300).await.expect("db"), RevealMark::First, "each question has its own reveal");
}

on_both!(reveal_once(a, b) => sqlite_reveal_once, postgres_reveal_once);

async fn advance_is_a_compare_and_set(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    let s = new_session(&a, "c", 3, 100).await;
    let tasks: Vec<_> = (0..10usize)
        .map(|i| {
            let store = Arc::clone(if i % 2 == 0 { &a } else { &b });
            tokio::spawn(async move { store.advance(s, 0, 1, 200).await.expect("db") })
        })
        .collect();
    let mut moved = 0;
    for task in tasks {
        moved += usize::from(task.await.expect("task"));
    }
    assert_eq!(moved, 1, "one instance moves the session on");
    assert_eq!(b.session(s).await.expect("db").expect("row").current, 1);
    assert!(!a.advance(s, 0, 1, 200).await.expect("db"), "not at question 0 any more");
    assert_eq!(b.claim_due(150, 180, 10, DISCORD).await.expect("db"), [], "the advance set the next due time");
    assert_eq!(
        b.claim_due(200, 230, 10, DISCORD).await.expect("db"),
        [DueReveal { session_id: s, question_index: 1, due_ms: 200 }]
    );
    assert!(b.advance(s, 1, 2, 300).await.expect("db"));
    assert!(a.end(s, "finished", 301).await.expect("db"));
    assert!(!a.advance(s, 2, 3, 400).await.expect("db"), "an ended session does not move");
    // Answers go to the current question only.
    let t = new_session(&a, "c", 3, 100).await;
    assert_eq!(a.record_answer(&answer(t, 1, "u", 0, true)).await.expect("db"), Recorded::Closed, "not yet asked");
    assert!(a.advance(t, 0, 1, 200).await.expect("db"));
    assert_eq!(b.record_answer(&answer(t, 0, "u", 0, true)).await.expect("db"), Recorded::Closed, "moved past");
    assert_eq!(b.record_answer(&answer(t, 1, "u", 0, true)).await.expect("db"), Recorded::New);
}

on_both!(advance_is_a_compare_and_set(a, b) => sqlite_advance_is_a_compare_and_set, postgres_advance_is_a_compare_and_set);

// --- durable timers ---------------------------------------------------------------------------------------

async fn claim_due_claims_once(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    let mut sessions = BTreeSet::new();
    for c in 0..24 {
        sessions.insert(new_session(&a, &format!("due-{c:02}"), 2, 100).await);
    }
    let later = new_session(&a, "later", 2, 500).await;
    let ended = new_session(&a, "ended", 2, 100).await;
    assert!(a.end(ended, "stopped", 50).await.expect("db"));
    assert_eq!(a.claim_due(99, 130, 100, DISCORD).await.expect("db"), [], "nothing is due before its time");

    // Both instances claim at once, a few at a time, until nothing is left.
    let claimers: Vec<_> = [&a, &b, &a, &b]
        .into_iter()
        .map(|store| {
            let store = Arc::clone(store);
            tokio::spawn(async move {
                let mut claimed = Vec::new();
                loop {
                    let batch = store.claim_due(100, 130, 3, DISCORD).await.expect("db");
                    assert!(batch.len() <= 3, "the limit holds");
                    if batch.is_empty() {
                        return claimed;
                    }
                    claimed.extend(batch);
                }
            })
        })
        .collect();
    let mut claimed = Vec::new();
    for claimer in claimers {
        claimed.extend(claimer.await.expect("task"));
    }
    let claimed_ids: BTreeSet<i64> = claimed.iter().map(|d| d.session_id).collect();
    assert_eq!(claimed.len(), 24, "each due session claimed exactly once: {claimed:?}");
    assert_eq!(claimed_ids, sessions);
    assert!(claimed.iter().all(|d| d.due_ms == 100 && d.question_index == 0), "the due time before the claim");
    assert_eq!(b.claim_due(129, 160, 100, DISCORD).await.expect("db"), [], "leased until 130");

    // The claiming instance "died": once the lease expires, another claims every one again.
    let again = b.claim_due(130, 160, 100, DISCORD).await.expect("db");
    assert_eq!(again.iter().map(|d| d.session_id).collect::<BTreeSet<_>>(), sessions);
    assert!(again.iter().all(|d| d.due_ms == 130));
    assert!(again.windows(2).all(|w| w[0].session_id < w[1].session_id), "earliest due first, then by id");
    let at_later = a.claim_due(500, 530, 100, DISCORD).await.expect("db");
    assert_eq!(at_later.len(), 25, "the later session joins when due");
    assert_eq!(at_later.iter().filter(|d| d.session_id == later).count(), 1);
    assert!(at_later.iter().all(|d| d.session_id != ended), "an ended session is never due");
    assert_eq!(at_later.last().map(|d| d.session_id), Some(later), "due at 160 before due at 500");
}

on_both!(claim_due_claims_once(a, b) => sqlite_claim_due_claims_once, postgres_claim_due_claims_once);

async fn end_clears_the_due_time(store: Arc<dyn QuizStorage>) {
    let s = new_session(&store, "c", 2, 100).await;
    assert!(store.end(s, "stopped", 50).await.expect("db"));
    assert_eq!(store.claim_due(1000, 1030, 10, DISCORD).await.expect("db"), []);
    assert!(!store.end(s, "finished", 60).await.expect("db"), "ends once");
    assert_eq!(store.session(s).await.expect("db").expect("row").status, "stopped");
    assert_eq!(store.record_answer(&answer(s, 0, "u", 0, true)).await.expect("db"), Recorded::Closed);
    assert_eq!(
        store.record_answer(&answer(s + 1000, 0, "u", 0, true)).await.expect("db"),
        Recorded::Closed,
        "no such session"
    );
    assert_eq!(store.session(s + 1000).await.expect("db"), None);
}

/// The console and a Discord instance on one database each claim only their own quizzes' reveals.
async fn claims_keep_to_their_channels(store: Arc<dyn QuizStorage>) {
    let discord = new_session(&store, "5000", 2, 100).await;
    let console = new_session(&store, "console", 2, 100).await;
    let only_console = store.claim_due(100, 130, 10, Channels::Only("console")).await.expect("db");
    assert_eq!(only_console.iter().map(|d| d.session_id).collect::<Vec<_>>(), [console]);
    let elsewhere = store.claim_due(100, 130, 10, DISCORD).await.expect("db");
    assert_eq!(elsewhere.iter().map(|d| d.session_id).collect::<Vec<_>>(), [discord]);
}
on_both!(claims_keep_to_their_channels(store) => sqlite_claims_keep_to_their_channels, postgres_claims_keep_to_their_channels);

on_both!(end_clears_the_due_time(store) => sqlite_end_clears_the_due_time, postgres_end_clears_the_due_time);

async fn question_messages_are_stored(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    let s = new_session(&a, "c", 2, 100).await;
    assert_eq!(b.question_message(s, 0).await.expect("db"), None);
    a.set_question_message(s, 0, "111").await.expect("db");
    a.set_question_message(s, 1, "222").await.expect("db");
    assert_eq!(b.question_message(s, 0).await.expect("db").as_deref(), Some("111"), "any instance reads it");
    b.set_question_message(s, 0, "333").await.expect("db");
    assert_eq!(a.question_message(s, 0).await.expect("db").as_deref(), Some("333"), "posted again: replaced");
    assert_eq!(a.question_message(s, 1).await.expect("db").as_deref(), Some("222"));
    assert_eq!(a.question_message(s, 2).await.expect("db"), None);
}

on_both!(question_messages_are_stored(a, b) => sqlite_question_messages_are_stored, postgres_question_messages_are_stored);

// --- practice and rankings ---------------------------------------------------------------------------------

fn practice<'a>(
    user_id: &'a str,
    question_id: &'a str,
    correct: bool,
    card: (u8, u32),
    now: i64,
) -> PracticeRecord<'a> {
    PracticeRecord {
        user_id,
        guild_id: "g",
        question_id,
        topic: "dosing",
        correct,
        card: CardState { box_number: card.0, due_step: card.1 },
        now,
    }
}

async fn practice_cards_and_steps(store: Arc<dyn QuizStorage>) {
    assert_eq!(store.practice_step("u").await.expect("db"), 0);
    assert!(store.cards("u").await.expect("db").is_empty());
    store.save_practice(&practice("u", "dosing-02", true, (2, 3), 10)).await.expect("db");
    store.save_practice(&practice("u", "Dosing-01", false, (1, 2), 11)).await.expect("db");
    store.save_practice(&practice("u", "dosing-02", true, (3, 7), 12)).await.expect("db");
    store.save_practice(&practice("other", "dosing-02", false, (1, 1), 13)).await.expect("db");
    assert_eq!(store.practice_step("u").await.expect("db"), 3, "every answer counts on the clock");
    assert_eq!(
        store.cards("u").await.expect("db"),
        [
            ("Dosing-01".to_owned(), CardState { box_number: 1, due_step: 2 }),
            ("dosing-02".to_owned(), CardState { box_number: 3, due_step: 7 }),
        ],
        "one card per question, its latest state, in byte order"
    );
    assert_eq!(
        store.question_stats("g").await.expect("db"),
        [("Dosing-01".to_owned(), 1, 1), ("dosing-02".to_owned(), 3, 1)]
    );
    assert!(store.question_stats("elsewhere").await.expect("db").is_empty());
}

on_both!(practice_cards_and_steps(store) => sqlite_practice_cards_and_steps, postgres_practice_cards_and_steps);

/// One history, the same rankings on every backend: the expected values are literals both must match.
async fn rankings_are_ordered_alike(store: Arc<dyn QuizStorage>) {
    let questions = vec!["q".to_owned(); 2];
    let s = store.create_session(&session("c", "a", &questions), 1, 31).await.expect("db").expect("created");
    let press = |user: &'static str, index: usize, question_id: &'static str, correct: bool, now: i64| AnswerRecord {
        session_id: s,
        question_index: index,
        question_id,
        topic: "dosing",
        user_id: user,
        option: usize::from(correct),
        correct,
        now,
    };
    for a in [
        press("bea", 0, "dosing-01", true, 100),
        press("Al", 0, "dosing-01", true, 100),
        press("al", 0, "dosing-01", false, 100),
        press("cy", 0, "dosing-01", true, 100),
        press("dee", 0, "dosing-01", false, 100),
    ] {
        store.record_answer(&a).await.expect("db");
    }
    store.reveal(s, 0, 130).await.expect("db");
    store.advance(s, 0, 1, 161).await.expect("db");
    for a in [
        press("bea", 1, "dosing_01", true, 200),
        press("cy", 1, "dosing_01", false, 200),
        press("al", 1, "dosing_01", true, 200),
        press("Al", 1, "dosing_01", true, 200),
    ] {
        store.record_answer(&a).await.expect("db");
    }
    // Before the reveal of question 1 only question 0 counts.
    let line = |user: &str, points: u32, answered: u32| Standing { user_id: user.to_owned(), points, answered };
    assert_eq!(
        store.session_scores(s).await.expect("db"),
        [line("Al", 1, 1), line("bea", 1, 1), line("cy", 1, 1), line("al", 0, 1), line("dee", 0, 1)]
    );
    store.reveal(s, 1, 230).await.expect("db");
    store.save_practice(&practice("al", "Dosing-01", true, (2, 2), 300)).await.expect("db");
    let all_time = [line("Al", 2, 2), line("bea", 2, 2), line("al", 1, 2), line("cy", 1, 2), line("dee", 0, 1)];
    assert_eq!(store.session_scores(s).await.expect("db"), all_time);
    assert_eq!(store.leaderboard("g", None, 10).await.expect("db"), all_time, "practice is not on the board");
    assert_eq!(store.leaderboard("g", None, 2).await.expect("db"), all_time[..2]);
    assert_eq!(
        store.leaderboard("g", Some(150), 10).await.expect("db"),
        [line("Al", 1, 1), line("al", 1, 1), line("bea", 1, 1), line("cy", 0, 1)],
        "since a time"
    );
    assert!(store.leaderboard("other", None, 10).await.expect("db").is_empty());
    assert_eq!(
        store.question_stats("g").await.expect("db"),
        [("Dosing-01".to_owned(), 1, 0), ("dosing-01".to_owned(), 5, 2), ("dosing_01".to_owned(), 4, 1)],
        "byte order: upper case, then '-' before '_'"
    );
    assert_eq!(
        store.answers(s, 1).await.expect("db"),
        [("Al".to_owned(), 1), ("al".to_owned(), 1), ("bea".to_owned(), 1), ("cy".to_owned(), 0)]
    );
}

on_both!(rankings_are_ordered_alike(store) => sqlite_rankings_are_ordered_alike, postgres_rankings_are_ordered_alike);

// --- insight: results over a period, the export's rows, reports -------------------------------------------

/// Two revealed channel answers and one unrevealed, and practice, at several times: the stats over a
/// period count only what falls in it, and the export's rows are per member, question and source.
async fn results_per_period_and_member(store: Arc<dyn QuizStorage>) {
    let questions = vec!["dosing-01".to_owned(), "dosing-02".to_owned()];
    let s = store.create_session(&session("c", "a", &questions), 1, 31).await.expect("db").expect("created");
    let mut early = answer(s, 0, "u1", 1, true);
    early.now = 100;
    let mut wrong = answer(s, 0, "u2", 0, false);
    wrong.now = 500;
    store.record_answer(&early).await.expect("db");
    store.record_answer(&wrong).await.expect("db");
    store.reveal(s, 0, 510).await.expect("db");
    store.advance(s, 0, 1, 600).await.expect("db");
    let mut unrevealed = answer(s, 1, "u1", 0, true);
    unrevealed.question_id = "dosing-02";
    store.record_answer(&unrevealed).await.expect("db");
    store.save_practice(&practice("u1", "dosing-01", false, (1, 1), 50)).await.expect("db");
    store.save_practice(&practice("u1", "dosing-01", true, (2, 3), 700)).await.expect("db");
    assert_eq!(
        store.question_stats_since("g", None).await.expect("db"),
        [("dosing-01".to_owned(), 4, 2)],
        "all time: revealed answers and practice, not the unrevealed one"
    );
    assert_eq!(store.question_stats_since("g", None).await.expect("db"), store.question_stats("g").await.expect("db"));
    assert_eq!(
        store.question_stats_since("g", Some(400)).await.expect("db"),
        [("dosing-01".to_owned(), 2, 1)],
        "since a time"
    );
    let row = |user: &str, source: &str, answered: u32, correct: u32| MemberResult {
        user_id: user.to_owned(),
        question_id: "dosing-01".to_owned(),
        topic: "dosing".to_owned(),
        source: source.to_owned(),
        answered,
        correct,
    };
    assert_eq!(
        store.member_results("g", None).await.expect("db"),
        [row("u1", "practice", 2, 1), row("u1", "quiz", 1, 1), row("u2", "quiz", 1, 0)]
    );
    assert_eq!(
        store.member_results("g", Some(400)).await.expect("db"),
        [row("u1", "practice", 1, 1), row("u2", "quiz", 1, 0)]
    );
    assert!(store.member_results("elsewhere", None).await.expect("db").is_empty());
}

on_both!(results_per_period_and_member(store) => sqlite_results_per_period_and_member, postgres_results_per_period_and_member);

/// Reports are stored with what the question cites, listed per server oldest first, and closed once.
async fn reports_are_stored_listed_and_closed(store: Arc<dyn QuizStorage>) {
    let report = |guild_id: &'static str, user_id: &'static str, reason: &'static str, now: i64| NewReport {
        guild_id,
        user_id,
        question_id: "dosing-03",
        cites: "mm2008-p6-01",
        reason,
        now,
    };
    let first = stored(store.add_report(&report("g", "u1", "The answer is not in the passage", 20)).await);
    let second = stored(store.add_report(&report("g", "u2", "Two options are right, \"B\" and C", 10)).await);
    let elsewhere = stored(store.add_report(&report("h", "u3", "typo", 5)).await);
    assert!(first != second && second != elsewhere);
    let open = store.open_reports("g").await.expect("db");
    assert_eq!(
        open,
        [
            ReportRow {
                id: second,
                question_id: "dosing-03".to_owned(),
                cites: "mm2008-p6-01".to_owned(),
                user_id: "u2".to_owned(),
                reason: "Two options are right, \"B\" and C".to_owned(),
                reported_at: 10,
            },
            ReportRow {
                id: first,
                question_id: "dosing-03".to_owned(),
                cites: "mm2008-p6-01".to_owned(),
                user_id: "u1".to_owned(),
                reason: "The answer is not in the passage".to_owned(),
                reported_at: 20,
            },
        ],
        "oldest first"
    );
    assert!(!store.close_report("g", elsewhere, 30).await.expect("db"), "another server's report");
    assert!(store.close_report("g", second, 30).await.expect("db"));
    assert!(!store.close_report("g", second, 31).await.expect("db"), "closed once");
    assert_eq!(store.open_reports("g").await.expect("db").iter().map(|r| r.id).collect::<Vec<_>>(), [first]);
    assert_eq!(store.open_reports("h").await.expect("db").len(), 1);
}

on_both!(reports_are_stored_listed_and_closed(store) => sqlite_reports_are_stored_listed_and_closed, postgres_reports_are_stored_listed_and_closed);

/// The number of a report that was stored (a test failure otherwise).
fn stored(filed: Result<ReportFiled, myositis_bot::quiz::StoreError>) -> i64 {
    match filed.expect("db") {
        ReportFiled::Stored { id } => id,
        other => panic!("expected the report stored, got {other:?}"),
    }
}

fn report_of<'a>(guild_id: &'a str, user_id: &'a str, question_id: &'a str, now: i64) -> NewReport<'a> {
    NewReport { guild_id, user_id, question_id, cites: "mm2008-p6-01", reason: "The key does not match", now }
}

/// One open report per server, member and question: a second is refused naming the open one, and nothing
/// is stored; another member, question or server is a report of its own; once the open one is closed the
/// member can report the question again.
async fn one_open_report_per_member_and_question(store: Arc<dyn QuizStorage>) {
    let first = stored(store.add_report(&report_of("g", "u1", "dosing-03", 10)).await);
    let again = store.add_report(&report_of("g", "u1", "dosing-03", 11)).await.expect("db");
    assert_eq!(again, ReportFiled::AlreadyOpen { id: first });
    assert_eq!(store.open_reports("g").await.expect("db").len(), 1, "the second was not stored");
    let other_member = stored(store.add_report(&report_of("g", "u2", "dosing-03", 12)).await);
    let other_question = stored(store.add_report(&report_of("g", "u1", "dosing-04", 13)).await);
    let other_server = stored(store.add_report(&report_of("h", "u1", "dosing-03", 14)).await);
    let ids = BTreeSet::from([first, other_member, other_question, other_server]);
    assert_eq!(ids.len(), 4, "each its own report");
    assert!(store.close_report("g", first, 20).await.expect("db"));
    let refiled = stored(store.add_report(&report_of("g", "u1", "dosing-03", 21)).await);
    assert!(!ids.contains(&refiled), "a new report");
    assert_eq!(
        store.add_report(&report_of("g", "u1", "dosing-03", 22)).await.expect("db"),
        ReportFiled::AlreadyOpen { id: refiled }
    );
    let open: Vec<i64> = store.open_reports("g").await.expect("db").iter().map(|r| r.id).collect();
    assert_eq!(open, [other_member, other_question, refiled], "oldest first");
}

on_both!(one_open_report_per_member_and_question(store) => sqlite_one_open_report_per_member_and_question, postgres_one_open_report_per_member_and_question);

/// The same report filed at once on two instances, 8 times each: the database stores one, and every other
/// filing is told that one is open.
async fn racing_reports_store_one(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    let filings: Vec<_> = (0..16)
        .map(|i| {
            let store = if i % 2 == 0 { Arc::clone(&a) } else { Arc::clone(&b) };
            tokio::spawn(async move { store.add_report(&report_of("g", "racer", "ibm-01", i)).await.expect("db") })
        })
        .collect();
    let mut outcomes = Vec::new();
    for filing in filings {
        outcomes.push(filing.await.expect("task"));
    }
    let ids: Vec<i64> = outcomes
        .iter()
        .filter_map(|f| match f {
            ReportFiled::Stored { id } => Some(*id),
            ReportFiled::AlreadyOpen { .. } => None,
        })
        .collect();
    assert_eq!(ids.len(), 1, "one stored: {outcomes:?}");
    assert!(
        outcomes
            .iter()
            .all(|f| matches!(f, ReportFiled::Stored { id } | ReportFiled::AlreadyOpen { id } if *id == ids[0])),
        "the others name it: {outcomes:?}"
    );
    assert_eq!(b.open_reports("g").await.expect("db").len(), 1);
}

on_both!(racing_reports_store_one(a, b) => sqlite_racing_reports_store_one, postgres_racing_reports_store_one);

/// A database an earlier build wrote duplicate open reports into is migrated to one open report per
/// member and question: each member's oldest stays open, the later ones are kept, closed.
#[tokio::test]
async fn sqlite_duplicate_open_reports_are_closed_by_the_migration() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("quiz.sqlite3");
    let store = SqliteStore::open(&path).expect("opens");
    drop(store);
    // Back to the schema before the limit (migration 4 applied), with duplicates in it.
    let conn = rusqlite::Connection::open(&path).expect("opens the file");
    conn.execute_batch(
        "DROP INDEX one_open_report_per_member_question;
         INSERT INTO reports (guild_id, user_id, question_id, cites, reason, reported_at) VALUES
             ('g', 'u1', 'dosing-03', 'p', 'first', 10), ('g', 'u1', 'dosing-03', 'p', 'second', 11),
             ('g', 'u1', 'dosing-03', 'p', 'third', 12), ('g', 'u2', 'dosing-03', 'p', 'other member', 13);
         PRAGMA user_version = 4;",
    )
    .expect("an older database");
    drop(conn);
    let store: Arc<dyn QuizStorage> = Arc::new(SqliteStore::open(&path).expect("migrates"));
    assert_migrated_duplicates(&store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_duplicate_open_reports_are_closed_by_the_migration() {
    let Some(db) = TestDatabase::create("postgres_duplicate_open_reports_are_closed_by_the_migration").await else {
        return;
    };
    PostgresStore::connect(db.url()).await.expect("connects and migrates").close().await;
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(db.url()).await.expect("connects");
    for sql in [
        "DROP INDEX one_open_report_per_member_question",
        "INSERT INTO reports (guild_id, user_id, question_id, cites, reason, reported_at) VALUES
             ('g', 'u1', 'dosing-03', 'p', 'first', 10), ('g', 'u1', 'dosing-03', 'p', 'second', 11),
             ('g', 'u1', 'dosing-03', 'p', 'third', 12), ('g', 'u2', 'dosing-03', 'p', 'other member', 13)",
        "DELETE FROM _sqlx_migrations WHERE version = 4",
    ] {
        sqlx::query(sql).execute(&mut conn).await.expect("an older database");
    }
    sqlx::Connection::close(conn).await.expect("closes");
    let store: Arc<dyn QuizStorage> = Arc::new(PostgresStore::connect(db.url()).await.expect("migrates"));
    assert_migrated_duplicates(&store).await;
}

async fn assert_migrated_duplicates(store: &Arc<dyn QuizStorage>) {
    let open = store.open_reports("g").await.expect("db");
    let reasons: Vec<&str> = open.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["first", "other member"], "each member's oldest report stays open");
    let first = open[0].id;
    assert_eq!(
        store.add_report(&report_of("g", "u1", "dosing-03", 20)).await.expect("db"),
        ReportFiled::AlreadyOpen { id: first },
        "and the limit holds from then on"
    );
}

// --- the setting ----------------------------------------------------------------------------------------

/// The binary on `data.url` from the environment: the leaderboard comes from PostgreSQL (its schema is
/// migrated there, and the data folder stays empty), and the password is in no log line, also at debug level
/// and when the server cannot be reached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_url_setting_is_used_and_its_password_never_logged() {
    let Some(db) = TestDatabase::create("postgres_url_setting_is_used_and_its_password_never_logged").await else {
        return;
    };
    let (credentials, server) = db.url().split_once('@').expect("the test URL has credentials");
    let password = credentials.rsplit_once(':').map(|(_, password)| password.to_owned()).expect("and a password");
    assert!(!password.is_empty(), "the test URL carries a password");
    let data = tempfile::tempdir().expect("temp dir");
    let run = |url: String| {
        let data = data.path().to_owned();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_myositis-bot"))
                .args(["--knowledge", common::knowledge_dir().to_str().expect("utf-8 path")])
                .args(["quiz", "leaderboard", "--guild", "g", "--json"])
                .env_remove("MYOSITIS_BOT__DISCORD__TOKEN")
                .env("RUST_LOG", "debug")
                .env("MYOSITIS_BOT__DATA__DIR", &data)
                .env("MYOSITIS_BOT__DATA__URL", url)
                .output()
                .expect("the binary runs")
        })
    };
    let out = run(db.url().to_owned()).await.expect("task");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "leaderboard on PostgreSQL: {stderr}");
    assert!(!stderr.contains(&password), "the password is never logged");
    assert!(std::fs::read_dir(data.path()).expect("data dir").next().is_none(), "no SQLite file was made");
    let store = PostgresStore::connect(db.url()).await.expect("connects");
    assert!(store.leaderboard("g", None, 10).await.expect("db").is_empty());
    store.close().await;
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(db.url()).await.expect("connects");
    let migrated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut admin)
        .await
        .expect("the binary migrated the schema");
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/quiz/store/postgres_migrations"))
        .expect("the migrations folder")
        .filter(|f| f.as_ref().is_ok_and(|f| f.path().extension().is_some_and(|e| e == "sql")))
        .count();
    assert_eq!(migrated, i64::try_from(files).expect("a count"), "every migration applied");

    // No server on that port: the error names the server, not the password.
    let database = server.split_once('/').map_or("", |(_, database)| database);
    let unreachable = format!("{credentials}@127.0.0.1:1/{database}");
    let out = run(unreachable).await.expect("task");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "an unreachable server is an error");
    assert!(stderr.contains("127.0.0.1:1/"), "the error names the server: {stderr}");
    assert!(!stderr.contains(&password), "the password is never logged: {stderr}");
}

// --- questions of the day -----------------------------------------------------------------------------

fn schedule(channel: &str, next_day: &str, next_post_ms: i64) -> DailySchedule {
    DailySchedule {
        channel_id: channel.to_owned(),
        guild_id: "g".to_owned(),
        created_by: "teacher".to_owned(),
        local_time: "09:00".to_owned(),
        time_zone: "Europe/London".to_owned(),
        topic: Some("dosing".to_owned()),
        reveal_hours: 8,
        next_day: next_day.to_owned(),
        next_post_ms,
    }
}

fn post<'a>(day: &'a str, question_id: &'a str) -> DailyPost<'a> {
    DailyPost { day, question_id, seconds: 28_800, reveal_due_ms: 9_000, now: 1 }
}

/// A schedule is stored per channel, replaced by a new one, found due by time and channel, and stopped.
async fn daily_schedules_are_stored_per_channel(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    a.set_daily(&schedule("c", "2026-03-28", 1000), 1).await.expect("db");
    a.set_daily(&schedule("console", "2026-03-28", 1000), 1).await.expect("db");
    let replaced = DailySchedule { topic: None, reveal_hours: 4, ..schedule("c", "2026-03-29", 2000) };
    b.set_daily(&replaced, 2).await.expect("db");
    assert_eq!(a.daily("c").await.expect("db"), Some(replaced.clone()), "one schedule per channel, the latest");
    assert_eq!(a.due_dailies(1999, 10, DISCORD).await.expect("db"), [], "not due before its time");
    assert_eq!(b.due_dailies(2000, 10, DISCORD).await.expect("db"), [replaced], "the console's is not Discord's");
    let console = b.due_dailies(2000, 10, Channels::Only("console")).await.expect("db");
    assert_eq!(console.iter().map(|d| d.channel_id.as_str()).collect::<Vec<_>>(), ["console"]);
    assert!(b.stop_daily("c").await.expect("db"));
    assert!(!a.stop_daily("c").await.expect("db"), "stopped once");
    assert_eq!(a.daily("c").await.expect("db"), None);
    assert_eq!(a.due_dailies(i64::MAX, 10, DISCORD).await.expect("db"), []);
}
on_both!(daily_schedules_are_stored_per_channel(a, b) => sqlite_daily_schedules_are_stored_per_channel, postgres_daily_schedules_are_stored_per_channel);

/// Two instances taking one day at once: one posts it, the other finds it taken; a day posted already is
/// never posted again (not even after the schedule is set anew), and a question of the day does not stop
/// a channel quiz from starting beside it.
async fn a_day_is_taken_and_posted_once(a: Arc<dyn QuizStorage>, b: Arc<dyn QuizStorage>) {
    a.set_daily(&schedule("c", "2026-03-28", 1000), 1).await.expect("db");
    let take = |store: Arc<dyn QuizStorage>| async move {
        let take = DailyTake {
            channel_id: "c",
            from_day: "2026-03-28",
            next_day: "2026-03-29",
            next_post_ms: 2000,
            post: Some(post("2026-03-28", "dosing-01")),
        };
        store.take_daily(&take).await.expect("db")
    };
    let (x, y) = tokio::join!(tokio::spawn(take(Arc::clone(&a))), tokio::spawn(take(Arc::clone(&b))));
    let mut taken = [x.expect("task"), y.expect("task")];
    taken.sort_by_key(|t| matches!(t, DailyTaken::Lost));
    let DailyTaken::Posted(session) = taken[0] else { panic!("one instance posts the day: {taken:?}") };
    assert_eq!(taken[1], DailyTaken::Lost, "the other finds it taken");
    let row = b.session(session).await.expect("db").expect("the day's session");
    assert_eq!(
        (row.daily_day.as_deref(), row.question_ids.as_slice(), row.starter_id.as_str(), row.status.as_str()),
        (Some("2026-03-28"), ["dosing-01".to_owned()].as_slice(), "teacher", "running")
    );
    assert_eq!(
        a.daily("c").await.expect("db").map(|d| (d.next_day, d.next_post_ms)),
        Some(("2026-03-29".into(), 2000))
    );
    assert_eq!(b.claim_due(9_000, 9_030, 10, DISCORD).await.expect("db").len(), 1, "its reveal is a timer");

    // Set again the same day (a new time): that day is not posted twice.
    a.set_daily(&schedule("c", "2026-03-28", 1500), 2).await.expect("db");
    let again = DailyTake {
        channel_id: "c",
        from_day: "2026-03-28",
        next_day: "2026-03-29",
        next_post_ms: 2000,
        post: Some(post("2026-03-28", "dosing-02")),
    };
    assert_eq!(b.take_daily(&again).await.expect("db"), DailyTaken::Moved);
    assert_eq!(b.take_daily(&again).await.expect("db"), DailyTaken::Lost, "compare-and-set on the day");
    let asked = a.daily_asked("c").await.expect("db");
    assert_eq!(
        asked.iter().map(|d| (d.day.as_str(), d.question_id.as_str())).collect::<Vec<_>>(),
        [("2026-03-28", "dosing-01")]
    );

    // A channel quiz starts beside it, and /quiz stop finds the quiz, not the question of the day.
    assert_eq!(a.running_in("c").await.expect("db"), None);
    let quiz = new_session(&a, "c", 2, 100).await;
    assert_eq!(b.running_in("c").await.expect("db").map(|r| (r.id, r.daily_day)), Some((quiz, None)));
}
on_both!(a_day_is_taken_and_posted_once(a, b) => sqlite_a_day_is_taken_and_posted_once, postgres_a_day_is_taken_and_posted_once);

/// The results of revealed questions of the day, by day, with every answer (a day nobody answered too).
async fn daily_results_by_day(store: Arc<dyn QuizStorage>) {
    store.set_daily(&schedule("c", "2026-03-28", 1000), 1).await.expect("db");
    let mut sessions = Vec::new();
    for (from, next, question) in [
        ("2026-03-28", "2026-03-29", "dosing-01"),
        ("2026-03-29", "2026-03-30", "dosing-02"),
        ("2026-03-30", "2026-03-31", "dosing-03"),
    ] {
        let take = DailyTake {
            channel_id: "c",
            from_day: from,
            next_day: next,
            next_post_ms: 0,
            post: Some(post(from, question)),
        };
        match store.take_daily(&take).await.expect("db") {
            DailyTaken::Posted(id) => sessions.push(id),
            other => panic!("{from}: {other:?}"),
        }
    }
    for (s, user, right) in [(0, "u2", true), (0, "u1", false), (1, "u1", true)] {
        let record = AnswerRecord { question_id: "dosing-0x", ..answer(sessions[s], 0, user, 0, right) };
        assert_eq!(store.record_answer(&record).await.expect("db"), Recorded::New);
    }
    for s in &sessions[..2] {
        assert_eq!(store.reveal(*s, 0, 10).await.expect("db"), RevealMark::First);
    }
    let results = store.daily_results("c").await.expect("db");
    assert_eq!(
        results,
        [
            DayResult { day: "2026-03-28".into(), answers: vec![("u1".into(), false), ("u2".into(), true)] },
            DayResult { day: "2026-03-29".into(), answers: vec![("u1".into(), true)] },
        ],
        "the third is not revealed yet"
    );
    store.reveal(sessions[2], 0, 11).await.expect("db");
    let results = store.daily_results("c").await.expect("db");
    assert_eq!(results.last(), Some(&DayResult { day: "2026-03-30".into(), answers: vec![] }));
    assert_eq!(store.daily_results("other").await.expect("db"), []);
}
on_both!(daily_results_by_day(store) => sqlite_daily_results_by_day, postgres_daily_results_by_day);
