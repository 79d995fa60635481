//! What educators see of the team's answers, through the quiz service and the command line: difficulty
//! from seeded answers (in the stats, and in what practice asks next), the stats chart (a real PNG of the
//! expected size, not blank), reports of questions (form, stored, listed, marked in the stats, closed), and
//! the CSV export of a seeded database.

mod common;

use common::caller;

use std::collections::BTreeSet;
use std::sync::Arc;

use myositis_bot::Core;
use myositis_bot::answer::Answer;
use myositis_bot::buttons::ButtonId;
use myositis_bot::commands::CommandError;
use myositis_bot::config::QuizSettings;
use myositis_bot::knowledge::{Difficulty, QuizQuestion, Topic};
use myositis_bot::quiz::difficulty::MIN_ANSWERS;
use myositis_bot::quiz::store::{AnswerRecord, CardState, NewSession, PracticeRecord};
use myositis_bot::quiz::{Caller, Period, QuizAction, QuizService, QuizStorage, SqliteStore, chart};

/// A fixed clock: every answer of these tests is "now".
const NOW_MS: i64 = 1_700_000_000_000;

fn service(dir: &std::path::Path) -> (Arc<QuizService>, Arc<SqliteStore>) {
    let core = Arc::new(Core::load(&common::knowledge_dir()).expect("knowledge"));
    let store = Arc::new(SqliteStore::open(&dir.join("q.sqlite3")).expect("store"));
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let quiz = QuizService::new(core, store.clone(), QuizSettings::default(), tx, Arc::new(|| NOW_MS));
    (quiz, store)
}

fn text_of(answer: &Answer) -> String {
    myositis_bot::render::text::render(answer)
}

fn practised(answer: &Answer) -> String {
    match ButtonId::decode(&answer.buttons[0].custom_id) {
        Ok(ButtonId::PracticeOption { question, .. }) => question,
        other => panic!("not a practice button: {other:?}"),
    }
}

fn monitoring() -> Vec<&'static QuizQuestion> {
    common::core().knowledge.quiz.of_topic(Some(Topic::Monitoring))
}

#[tokio::test]
async fn difficulty_comes_from_the_teams_answers_and_leads_practice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, _) = service(dir.path());
    let topic = Some(Topic::Monitoring);
    // With no answers, the author's difficulty orders new questions: a hard one comes first.
    let first = practised(&quiz.handle(&caller("new", false), QuizAction::Practice { topic }).await.expect("q"));
    let bank = &common::core().knowledge.quiz;
    assert_eq!(bank.get(&first).map(|q| q.difficulty), Some(Difficulty::Hard), "{first}");
    // The team misses an easy question: one right, five wrong, from six members.
    let easy = monitoring().into_iter().rev().find(|q| q.difficulty == Difficulty::Easy).expect("an easy one");
    let wrong = (easy.answer + 1) % easy.options.len();
    for (i, option) in [easy.answer, wrong, wrong, wrong, wrong].into_iter().enumerate() {
        let action = QuizAction::PracticeAnswer { topic, question: easy.id.clone(), option };
        quiz.handle(&caller(&format!("m{i}"), false), action).await.expect("answer");
    }
    let stats = |quiz: Arc<QuizService>| async move {
        text_of(&quiz.handle(&caller("teacher", true), QuizAction::Stats { period: Period::All }).await.expect("stats"))
    };
    assert_eq!(MIN_ANSWERS, 5);
    let text = stats(quiz.clone()).await;
    assert!(text.contains("author easy · team 20% right (hard, 5 answers)"), "{text}");
    // A new member now practises what the team finds hardest first.
    let next = practised(&quiz.handle(&caller("newer", false), QuizAction::Practice { topic }).await.expect("q"));
    assert_eq!(next, easy.id, "the team's hardest question leads");
    // Below the threshold the team's share is not used.
    let other = monitoring().into_iter().find(|q| q.id != easy.id && q.difficulty == Difficulty::Easy);
    if let Some(other) = other {
        let action = QuizAction::PracticeAnswer { topic, question: other.id.clone(), option: other.answer + 1 };
        quiz.handle(&caller("m9", false), action).await.ok();
    }
    let text = stats(quiz.clone()).await;
    assert!(text.contains("author easy · team 1 of 5 answers needed") || other.is_none(), "{text}");
}

/// Decodes a PNG: (width, height, RGB pixels).
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(png_bytes);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    let pixels = buf[..info.buffer_size()].chunks(3).map(|p| [p[0], p[1], p[2]]).collect();
    (info.width, info.height, pixels)
}

/// Asserts the chart is a PNG of the expected size with real content: several colours, and more than a
/// title's worth of non-background pixels.
fn assert_chart(png_bytes: &[u8]) {
    let (width, height, pixels) = decode(png_bytes);
    assert_eq!((width, height), (chart::WIDTH, chart::HEIGHT));
    let colours: BTreeSet<[u8; 3]> = pixels.iter().copied().collect();
    assert!(colours.len() >= 8, "{} colours", colours.len());
    let inked = pixels.iter().filter(|p| **p != [255, 255, 255]).count();
    assert!(inked * 20 > pixels.len(), "only {inked} of {} pixels are not background", pixels.len());
    assert!(pixels.contains(&[46, 125, 50]) && pixels.contains(&[198, 40, 40]), "right and wrong bars");
}

async fn seed_answers(store: &Arc<SqliteStore>, guild: &str) {
    let ids: Vec<String> = monitoring().iter().take(2).map(|q| q.id.clone()).collect();
    let session = NewSession {
        guild_id: guild,
        channel_id: "c1",
        starter_id: "teacher",
        topic: Some("monitoring"),
        question_ids: &ids,
        seconds: 30,
    };
    let now = NOW_MS / 1000;
    let s = store.create_session(&session, now, NOW_MS).await.expect("db").expect("session");
    for (user, correct) in [("111", true), ("222", false), ("333", false)] {
        let record = AnswerRecord {
            session_id: s,
            question_index: 0,
            question_id: &ids[0],
            topic: "monitoring",
            user_id: user,
            option: usize::from(!correct),
            correct,
            now,
        };
        store.record_answer(&record).await.expect("db");
    }
    store.reveal(s, 0, now).await.expect("db");
    let practice = PracticeRecord {
        user_id: "111",
        guild_id: guild,
        question_id: &ids[1],
        topic: "monitoring",
        correct: true,
        card: CardState { box_number: 2, due_step: 3 },
        now,
    };
    store.save_practice(&practice).await.expect("db");
}

#[tokio::test]
async fn stats_attach_a_chart_and_keep_the_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, store) = service(dir.path());
    seed_answers(&store, "g1").await;
    let stats = quiz.handle(&caller("teacher", true), QuizAction::Stats { period: Period::Week }).await.expect("stats");
    assert_eq!(stats.attachments.len(), 1);
    let chart = &stats.attachments[0];
    assert_eq!(chart.name, "quiz-stats.png");
    assert!(chart.description.contains("the same as the text"), "alt text: {}", chart.description);
    assert_chart(&chart.bytes);
    let text = text_of(&stats);
    assert!(text.starts_with("Quiz stats, this week"), "{text}");
    assert!(text.contains("monitoring: 50% right (2/4)"), "{text}");
    // The most missed are numbered and named by topic, as on the chart.
    assert!(text.contains("1. monitoring question ("), "{text}");
    // The same stats, the same bytes.
    let again = quiz.handle(&caller("teacher", true), QuizAction::Stats { period: Period::Week }).await.expect("stats");
    assert_eq!(again.attachments[0].bytes, chart.bytes, "deterministic");
    // An empty period still draws a (mostly empty) chart of the right size.
    let (empty_quiz, _) = service(tempfile::tempdir().expect("temp dir").path());
    let empty = empty_quiz.handle(&caller("t", true), QuizAction::Stats { period: Period::All }).await.expect("stats");
    assert_eq!(decode(&empty.attachments[0].bytes).0, chart::WIDTH);
    let refused = quiz.handle(&caller("resident", false), QuizAction::Stats { period: Period::All }).await;
    assert!(matches!(refused, Err(CommandError::User(_))), "stats are for educators");
}

#[tokio::test]
async fn a_report_is_stored_with_its_passage_listed_marked_in_stats_and_closed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (quiz, store) = service(dir.path());
    seed_answers(&store, "g1").await;
    let q = monitoring()[0];
    // Every revealed question offers "Report": practice shows it too.
    let action = QuizAction::PracticeAnswer { topic: None, question: q.id.clone(), option: q.answer };
    let revealed = quiz.handle(&caller("resident", false), action).await.expect("answer");
    let report = ButtonId::Report { question: q.id.clone() }.encode();
    // "Report" names the question it reports, and stands apart from the next question's options.
    let button = revealed.buttons.iter().find(|b| b.custom_id == report).expect("a Report button");
    let named = myositis_bot::quiz::view::name(q);
    let opening = myositis_bot::quiz::view::opening(q);
    assert_eq!(button.label, format!("Report \u{201c}{opening}\u{201d}"));
    assert!(button.apart && button.label.chars().count() <= 80, "{button:?}");
    assert!(revealed.buttons.iter().filter(|b| b.custom_id != report).all(|b| !b.apart), "{:?}", revealed.buttons);
    assert!(q.stem.starts_with(opening.trim_end_matches('…')), "{opening}");
    // In a direct message a report could not be filed, so none is offered.
    let in_dm = Caller { guild_id: myositis_bot::quiz::DIRECT_MESSAGES.to_owned(), ..caller("resident", false) };
    let action = QuizAction::PracticeAnswer { topic: None, question: q.id.clone(), option: q.answer };
    let in_private = quiz.handle(&in_dm, action).await.expect("answer");
    assert!(!in_private.buttons.is_empty(), "the next question's options");
    assert!(
        in_private.buttons.iter().all(|b| !matches!(ButtonId::decode(&b.custom_id), Ok(ButtonId::Report { .. }))),
        "{:?}",
        in_private.buttons
    );
    let form = quiz.handle(&caller("resident", false), QuizAction::ReportForm { question: q.id.clone() }).await;
    let form = form.expect("form").form.expect("a form");
    assert_eq!(form.custom_id, report);
    assert_eq!(form.fields[0].max_chars, myositis_bot::quiz::MAX_REASON_CHARS);
    // Refused after the form: each refusal says how to send it again.
    let too_short = QuizAction::Report { question: q.id.clone(), reason: "  x ".to_owned() };
    let refused = quiz.handle(&caller("resident", false), too_short).await;
    let Err(CommandError::User(message)) = refused else { panic!("refused: {refused:?}") };
    assert!(message.to_string().contains("press the Report button under the question again"), "{message}");
    // Longer than the form allows (only a forged request can send it): refused, not silently cut.
    let long = format!("The quoted passage does not say this. {}", "y".repeat(2000));
    let too_long = QuizAction::Report { question: q.id.clone(), reason: long };
    let refused = quiz.handle(&caller("resident", false), too_long).await;
    let Err(CommandError::User(message)) = refused else { panic!("refused: {refused:?}") };
    assert!(message.to_string().contains("press the Report button under the question again"), "{message}");
    assert!(store.open_reports("g1").await.expect("db").is_empty());
    // From a direct message (an old button) there is no server's educator to read it: refused, nothing
    // stored.
    let dm_form = quiz.handle(&in_dm, QuizAction::ReportForm { question: q.id.clone() }).await.expect("answer");
    assert!(dm_form.form.is_none() && text_of(&dm_form).contains("direct message"), "{}", text_of(&dm_form));
    let dm_report = QuizAction::Report { question: q.id.clone(), reason: "the answer is wrong".to_owned() };
    assert!(text_of(&quiz.handle(&in_dm, dm_report).await.expect("answer")).contains("direct message"));
    assert!(store.open_reports(myositis_bot::quiz::DIRECT_MESSAGES).await.expect("db").is_empty());
    let reason = format!("The quoted passage does not say this. {}", "y".repeat(400));
    let filed = QuizAction::Report { question: q.id.clone(), reason };
    let thanks = quiz.handle(&caller("resident", false), filed).await.expect("stored");
    // The question is named by its topic and words, not by its id in the bank.
    assert!(text_of(&thanks).contains(&format!("your report of {named} is stored for the educators")));
    assert!(!text_of(&thanks).contains(&q.id), "{}", text_of(&thanks));
    let stored = store.open_reports("g1").await.expect("db");
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (stored[0].question_id.as_str(), stored[0].cites.as_str()),
        (q.id.as_str(), q.passages.join(", ").as_str())
    );
    assert_eq!(stored[0].reason.chars().count(), 438, "stored whole");
    // A second report of the same question by the same member, while the first is open: refused, privately,
    // naming the open report and when a new one can be filed; nothing more is stored.
    let again = QuizAction::Report { question: q.id.clone(), reason: "Still wrong, and option B too".to_owned() };
    let refused_again = quiz.handle(&caller("resident", false), again.clone()).await;
    let Err(CommandError::User(message)) = refused_again else { panic!("refused: {refused_again:?}") };
    let message = message.to_string();
    assert!(
        message.contains(&format!("already reported {named} (report {})", stored[0].id))
            && !message.contains(&q.id)
            && message.contains("still open")
            && message.contains("Once an educator has closed it, you can report the question again."),
        "{message}"
    );
    assert_eq!(store.open_reports("g1").await.expect("db").len(), 1, "not stored twice");
    // Another member may report the same question.
    let other =
        QuizAction::Report { question: q.id.clone(), reason: "The explanation cites the wrong line".to_owned() };
    let thanks = quiz.handle(&caller("fellow", false), other).await.expect("stored");
    assert!(text_of(&thanks).contains("stored for the educators"), "{}", text_of(&thanks));
    let fellow = store.open_reports("g1").await.expect("db").into_iter().find(|r| r.user_id == "fellow");
    let fellow = fellow.expect("the other member's report").id;
    assert!(quiz.handle(&caller("teacher", true), QuizAction::Reports { close: Some(fellow) }).await.is_ok());
    let listed =
        text_of(&quiz.handle(&caller("teacher", true), QuizAction::Reports { close: None }).await.expect("list"));
    assert!(listed.contains(&format!("Report {}: {named}", stored[0].id)), "{listed}");
    assert!(!listed.contains(&q.id), "{listed}");
    assert!(listed.contains("The quoted passage does not say this."), "{listed}");
    let stats = quiz.handle(&caller("teacher", true), QuizAction::Stats { period: Period::All }).await.expect("stats");
    let stats = text_of(&stats);
    assert!(stats.contains(&format!("{named} [1 open report]")), "{stats}");
    let bank = &common::core().knowledge.quiz;
    assert!(bank.questions.iter().all(|b| !stats.contains(&b.id)), "no question is named by its id: {stats}");
    let refused = quiz.handle(&caller("resident", false), QuizAction::Reports { close: None }).await;
    assert!(matches!(refused, Err(CommandError::User(_))), "reports are for educators");
    let closed = quiz.handle(&caller("teacher", true), QuizAction::Reports { close: Some(stored[0].id) }).await;
    let closed = text_of(&closed.expect("closed"));
    assert!(
        closed.contains(&format!("Closed report {}.", stored[0].id)) && closed.contains("No open reports"),
        "{closed}"
    );
    // Closed: the member can report the question again.
    let thanks = quiz.handle(&caller("resident", false), again).await.expect("stored again");
    assert!(text_of(&thanks).contains("stored for the educators"), "{}", text_of(&thanks));
    assert_eq!(store.open_reports("g1").await.expect("db").len(), 1);
}

/// The binary, on a database in `data`.
fn bin(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_myositis-bot"))
        .args(["--knowledge", common::knowledge_dir().to_str().expect("utf-8 path")])
        .args(args)
        .env_remove("MYOSITIS_BOT__DISCORD__TOKEN")
        .env_remove("MYOSITIS_BOT__DATA__URL")
        .env("MYOSITIS_BOT__DATA__DIR", data)
        .output()
        .expect("the binary runs")
}

/// Seeds the database the binary reads, answered now (so "this month" holds them).
fn seed_for_binary(data: &std::path::Path, guild: &'static str) {
    common::block_on(async {
        let store = Arc::new(SqliteStore::open(&data.join("quiz.sqlite3")).expect("store"));
        let now = myositis_bot::quiz::system_clock();
        let ids: Vec<String> = monitoring().iter().take(2).map(|q| q.id.clone()).collect();
        let session = NewSession {
            guild_id: guild,
            channel_id: "c1",
            starter_id: "teacher",
            topic: None,
            question_ids: &ids,
            seconds: 30,
        };
        let s = store.create_session(&session, now, now * 1000).await.expect("db").expect("session");
        for (user, correct) in [("111", true), ("222", false)] {
            let record = AnswerRecord {
                session_id: s,
                question_index: 0,
                question_id: &ids[0],
                topic: "monitoring",
                user_id: user,
                option: 0,
                correct,
                now,
            };
            store.record_answer(&record).await.expect("db");
        }
        store.reveal(s, 0, now).await.expect("db");
        let practice = PracticeRecord {
            user_id: "111",
            guild_id: guild,
            question_id: &ids[1],
            topic: "monitoring",
            correct: false,
            card: CardState { box_number: 1, due_step: 1 },
            now,
        };
        store.save_practice(&practice).await.expect("db");
        // An answer long ago, outside "this month".
        let old = PracticeRecord { now: now - 90 * 86_400, correct: true, ..practice };
        store.save_practice(&old).await.expect("db");
    });
}

#[test]
fn the_export_writes_a_csv_of_member_and_question_results() {
    let data = tempfile::tempdir().expect("temp dir");
    seed_for_binary(data.path(), "777");
    let out = bin(data.path(), &["quiz", "export", "--format", "csv", "--period", "month", "--guild", "777"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    let monitoring = monitoring();
    let (q1, q2) = (monitoring[0], monitoring[1]);
    let tests = |q: &QuizQuestion| q.reference.clone().unwrap_or_else(|| q.passages.join(", "));
    let quoted = |t: String| if t.contains(',') { format!("\"{t}\"") } else { t };
    let expected = [
        "member_id,question_id,topic,tests,source,answered,correct".to_owned(),
        format!("111,{},monitoring,{},quiz,1,1", q1.id, quoted(tests(q1))),
        format!("111,{},monitoring,{},practice,1,0", q2.id, quoted(tests(q2))),
        format!("222,{},monitoring,{},quiz,1,0", q1.id, quoted(tests(q1))),
    ];
    assert_eq!(csv.lines().next(), Some(expected[0].as_str()), "{csv}");
    let mut rows: Vec<&str> = csv.lines().skip(1).collect();
    let mut want: Vec<&str> = expected[1..].iter().map(String::as_str).collect();
    // Ordered by member, then question, then source: compare as sets, then check the member order.
    assert!(rows.windows(2).all(|w| w[0].split(',').next() <= w[1].split(',').next()), "{csv}");
    rows.sort_unstable();
    want.sort_unstable();
    assert_eq!(rows, want, "the old answer is outside the month");
    let all = bin(data.path(), &["quiz", "export", "--format", "csv", "--guild", "777"]);
    let all = String::from_utf8_lossy(&all.stdout).into_owned();
    let practised = format!("111,{},monitoring,{},practice,2,1", q2.id, quoted(tests(q2)));
    assert!(all.lines().any(|l| l == practised), "all time counts the old answer too: {all}");
    let bad = bin(data.path(), &["quiz", "export", "--format", "xlsx"]);
    assert!(!bad.status.success(), "only the listed formats");
    let bad = bin(data.path(), &["quiz", "export", "--format", "csv", "--period", "year"]);
    assert!(!bad.status.success(), "only the described periods");
}

#[test]
fn the_command_line_writes_the_chart_and_lists_reports() {
    let data = tempfile::tempdir().expect("temp dir");
    seed_for_binary(data.path(), "console");
    let png = data.path().join("chart.png");
    let out = bin(data.path(), &["quiz", "stats", "--period", "month", "--png", png.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Quiz stats, this month") && text.contains("Most missed"), "{text}");
    assert_chart(&std::fs::read(&png).expect("the chart was written"));
    let reports = bin(data.path(), &["quiz", "reports"]);
    assert!(reports.status.success(), "{}", String::from_utf8_lossy(&reports.stderr));
    assert!(String::from_utf8_lossy(&reports.stdout).contains("No open reports"));
}

/// The binary with its standard output a pipe whose reader has gone, as `… | head -1` leaves it once it
/// has its line: the read end is closed as soon as the binary starts, before it writes (it loads the
/// knowledge first), so its first write meets a broken pipe.
fn with_stdout_closed(data: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_myositis-bot"))
        .args(["--knowledge", common::knowledge_dir().to_str().expect("utf-8 path")])
        .args(args)
        .env_remove("MYOSITIS_BOT__DISCORD__TOKEN")
        .env_remove("MYOSITIS_BOT__DATA__URL")
        .env("MYOSITIS_BOT__DATA__DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    drop(child.stdout.take());
    let mut input = child.stdin.take().expect("stdin");
    // The console may end (its output closed) before it reads all of this: a failed write here is fine.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait_with_output().expect("the binary finishes")
}

#[test]
fn a_reader_that_closes_stdout_early_ends_the_command_quietly() {
    let data = tempfile::tempdir().expect("temp dir");
    seed_for_binary(data.path(), "777");
    for args in [
        &["quiz", "export", "--format", "csv", "--guild", "777"][..],
        &["quiz", "list", "--json"],
        &["quiz", "leaderboard", "--guild", "777"],
        &["passages"],
        &["ask", "--json", "cellcept in myositis"],
        &["check"],
        &["console"],
    ] {
        let out = with_stdout_closed(data.path(), args, "/ibm\n/monitor\n");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{args:?} says nothing: {stderr}");
    }
    // Any other failure to write is still an error: a full disk is not a reader that has gone.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_myositis-bot"))
            .args(["--knowledge", common::knowledge_dir().to_str().expect("utf-8 path")])
            .args(["quiz", "export", "--format", "csv", "--guild", "777"])
            .env_remove("MYOSITIS_BOT__DISCORD__TOKEN")
            .env_remove("MYOSITIS_BOT__DATA__URL")
            .env("MYOSITIS_BOT__DATA__DIR", data.path())
            .stdout(full)
            .output()
            .expect("the binary runs");
        assert!(!out.status.success(), "a failed write fails the export");
        assert!(String::from_utf8_lossy(&out.stderr).contains("No space left"), "{out:?}");
    }
}
