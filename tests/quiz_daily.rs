//! The question of the day through the quiz service and the one dispatcher, with tokio's clock paused (the
//! service's clock follows it from a chosen date): 09:00 in Europe/London stays 09:00 local across both
//! clock changes, a restart in between carries the schedule on, a day missed while the bot was down is
//! posted late once within its day or else skipped, two instances on one database post a day once,
//! streaks count questions of the day right in a row, and bad input is refused with a message saying what
//! to type. The console runs it end to end.

mod common;

use common::caller;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use myositis_bot::Core;
use myositis_bot::answer::{Answer, ButtonState};
use myositis_bot::commands::{CommandError, Context, Invocation, dispatch};
use myositis_bot::config::QuizSettings;
use myositis_bot::quiz::{Caller, ChannelPost, Clock, QuizAction, QuizService, SqliteStore, TimerDoor};
use tokio::sync::mpsc;

fn ms(instant: &str) -> i64 {
    instant.parse::<Timestamp>().expect("an instant").as_millisecond()
}

/// Unix milliseconds on a clock that reads `start` now and moves with tokio's (paused) clock.
fn clock_from(start: &str) -> Clock {
    let start_ms = ms(start);
    let origin = tokio::time::Instant::now();
    Arc::new(move || start_ms + origin.elapsed().as_millis() as i64)
}

/// The clock's time in London, to the second: "2026-03-29T09:00:00+01:00".
fn london(clock: &Clock) -> String {
    let zoned = Timestamp::from_millisecond(clock())
        .expect("an instant")
        .to_zoned(TimeZone::get("Europe/London").expect("zone"));
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn core() -> Arc<Core> {
    static CORE: std::sync::OnceLock<Arc<Core>> = std::sync::OnceLock::new();
    Arc::clone(CORE.get_or_init(|| Arc::new(Core::load(&common::knowledge_dir()).expect("knowledge"))))
}

/// One instance of the bot on the database in `dir`, its timers running.
fn instance(dir: &std::path::Path, clock: &Clock) -> (Arc<QuizService>, mpsc::UnboundedReceiver<ChannelPost>) {
    let store = Arc::new(SqliteStore::open(&dir.join("q.sqlite3")).expect("store"));
    let (tx, rx) = mpsc::unbounded_channel();
    let quiz = QuizService::new(core(), store, QuizSettings::default(), tx, Arc::clone(clock));
    tokio::spawn(QuizService::run_timers(Arc::downgrade(&quiz), TimerDoor::Discord));
    (quiz, rx)
}

/// `/quiz daily …` through the dispatcher, as every door sends it.
async fn daily(quiz: &Arc<QuizService>, who: &Caller, options: &[(&str, &str)]) -> Result<Answer, CommandError> {
    let core = core();
    let invocation = Invocation {
        command: "quiz".to_owned(),
        subcommand: Some("daily".to_owned()),
        options: options.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
    };
    dispatch(&Context { core: &core, quiz: Some(quiz), caller: who }, &invocation).await
}

fn text_of(answer: &Answer) -> String {
    myositis_bot::render::text::render(answer)
}

fn refusal(r: Result<Answer, CommandError>) -> String {
    match r {
        Err(CommandError::User(e)) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Unix milliseconds of a local date and time in London ("2026-03-29", "08:59:58").
fn london_ms(day: &str, time: &str) -> i64 {
    let local: jiff::civil::DateTime = format!("{day}T{time}").parse().expect("a local time");
    local.to_zoned(TimeZone::get("Europe/London").expect("zone")).expect("in range").timestamp().as_millisecond()
}

/// Moves the paused clock on to `target` (Unix ms) at once (the timers, idle meanwhile, look once when it
/// arrives).
async fn jump_to(clock: &Clock, target: i64) {
    let now = clock();
    assert!(target >= now, "the clock only moves on");
    tokio::time::advance(Duration::from_millis((target - now) as u64)).await;
}

/// A posted question of the day: its session and its text.
struct Posted {
    session: i64,
    text: String,
    answer: Answer,
}

/// The next message the instance posts: a question (with its session) or a reveal (preceded by the closing
/// of its question's buttons, the right one marked).
async fn next_post(posts: &mut mpsc::UnboundedReceiver<ChannelPost>) -> Posted {
    loop {
        match posts.recv().await.expect("a post") {
            ChannelPost::Message { channel_id, answer, question } => {
                assert_eq!(channel_id, "c1");
                return Posted { session: question.map_or(0, |q| q.session), text: text_of(&answer), answer };
            }
            ChannelPost::Close { buttons, .. } => {
                assert_eq!(buttons.iter().filter(|b| b.state == ButtonState::Correct).count(), 1);
            }
        }
    }
}

/// The bank's question a post asks.
fn question_of(posted: &Posted) -> &'static myositis_bot::knowledge::QuizQuestion {
    common::core().knowledge.quiz.questions.iter().find(|q| posted.text.contains(&q.stem)).expect("a bank question")
}

async fn press(quiz: &Arc<QuizService>, who: &str, posted: &Posted, right: bool) {
    let q = question_of(posted);
    let option = if right { q.answer } else { (q.answer + 1) % q.options.len() };
    let action = QuizAction::Answer { session: posted.session, question: 0, option };
    let reply = quiz.handle(&caller(who, false), action).await.expect("press");
    assert!(text_of(&reply).contains("is recorded"), "{}", text_of(&reply));
}

/// The local times of each question of the day over three days around a clock change: 09:00 every day,
/// 23 or 25 hours apart in UTC across the change. A restart falls between the first and second days.
async fn three_days_at_nine(start: &str, days: [&str; 3], gaps_hours: [i64; 2]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = clock_from(start);
    let (quiz, posts) = instance(dir.path(), &clock);
    let set = daily(
        &quiz,
        &caller("teacher", true),
        &[("time", "9:00"), ("timezone", "europe/london"), ("reveal_hours", "2")],
    )
    .await
    .expect("set");
    let set_text = text_of(&set);
    assert!(set_text.contains("Every day at 09:00 (Europe/London)") && set_text.contains("Revealed 2 h"), "{set_text}");
    let mut posted_at = Vec::new();
    let mut quiz = Some((quiz, posts));
    let mut seen = std::collections::BTreeSet::new();
    for (n, day) in days.iter().enumerate() {
        let (service, mut rx) = match quiz.take() {
            Some(running) => running,
            None => instance(dir.path(), &clock),
        };
        jump_to(&clock, london_ms(day, "08:59:58")).await;
        let question = next_post(&mut rx).await;
        let when = london(&clock);
        println!("question of the day {}: posted at {when} (UTC ms {})", n + 1, clock());
        assert!(when.starts_with(&format!("{day}T09:00:0")), "{when}");
        assert!(question.answer.title.starts_with("Question of the day"), "{}", question.text);
        assert!(seen.insert(question_of(&question).id.clone()), "no question twice");
        posted_at.push(clock());
        press(&service, "m1", &question, true).await;
        press(&service, "m2", &question, n != 1).await;
        jump_to(&clock, london_ms(day, "10:59:58")).await;
        let reveal = next_post(&mut rx).await;
        assert!(london(&clock).starts_with(&format!("{day}T11:00:0")), "revealed 2 h later: {}", london(&clock));
        assert!(reveal.text.contains("Streaks"), "{}", reveal.text);
        assert!(reveal.text.contains(&format!("m1: {} in a row", n + 1)), "{}", reveal.text);
        assert!(!reveal.answer.quotes.is_empty() || reveal.text.contains("reference entry"), "cites its source");
        assert!(reveal.answer.footer.is_some(), "the clinical footer");
        if n == 2 {
            assert!(reveal.text.contains("m2: 1 in a row"), "m2 missed the second day: {}", reveal.text);
        }
        // Nothing more that day, however long one waits.
        jump_to(&clock, london_ms(day, "20:00:00")).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert!(rx.try_recv().is_err(), "one question a day");
        if n == 0 {
            // The bot restarts overnight: the schedule lives in the database.
            drop((service, rx));
            tokio::time::sleep(Duration::from_secs(1)).await;
        } else {
            quiz = Some((service, rx));
        }
    }
    let gaps: Vec<i64> = posted_at.windows(2).map(|w| (w[1] - w[0] + 1_800_000) / 3_600_000).collect();
    println!("hours between the questions: {gaps:?}");
    assert_eq!(gaps, gaps_hours);
}

#[tokio::test(start_paused = true)]
async fn nine_in_london_stays_nine_across_the_spring_change_and_a_restart() {
    // Clocks go forward at 01:00 UTC on Sunday 29 March 2026: 09:00 BST is 08:00 UTC.
    three_days_at_nine("2026-03-28T08:00:00Z", ["2026-03-28", "2026-03-29", "2026-03-30"], [23, 24]).await;
}

#[tokio::test(start_paused = true)]
async fn nine_in_london_stays_nine_across_the_autumn_change_and_a_restart() {
    // Clocks go back at 01:00 UTC on Sunday 25 October 2026: 09:00 GMT is 09:00 UTC.
    three_days_at_nine("2026-10-24T07:00:00Z", ["2026-10-24", "2026-10-25", "2026-10-26"], [25, 24]).await;
}

/// The bot is down at 09:00 and back at 10:30: the day's question is posted then, once. Down through the
/// whole of the next day: that day is skipped, never posted late, and the day after comes at 09:00.
#[tokio::test(start_paused = true)]
async fn a_missed_day_is_posted_late_once_within_its_day_or_else_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = clock_from("2026-06-01T07:00:00Z");
    let (quiz, posts) = instance(dir.path(), &clock);
    daily(&quiz, &caller("teacher", true), &[("time", "09:00"), ("timezone", "Europe/London"), ("topic", "dosing")])
        .await
        .expect("set");
    drop((quiz, posts));
    jump_to(&clock, london_ms("2026-06-01", "10:30:00")).await;
    let (quiz, mut posts) = instance(dir.path(), &clock);
    let late = next_post(&mut posts).await;
    println!("a day missed at 09:00, back at 10:30: posted at {}", london(&clock));
    assert!(london(&clock).starts_with("2026-06-01T10:30:0"), "posted on start, late: {}", london(&clock));
    assert!(late.text.contains("Question of the day · dosing · Mon 1 June 2026"), "{}", late.text);
    assert!(late.text.contains("The answer comes at Mon 18:30 BST"), "8 h (the default) later: {}", late.text);
    press(&quiz, "m1", &late, true).await;
    // A second instance starting the same day finds the day taken.
    let (twin, mut twin_posts) = instance(dir.path(), &clock);
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(posts.try_recv().is_err() && twin_posts.try_recv().is_err(), "never two posts for one day");
    drop((twin, twin_posts, quiz, posts));

    // Down from then until 08:00 on 3 June: the 1st's reveal is posted late, 2 June is skipped.
    jump_to(&clock, london_ms("2026-06-03", "08:00:00")).await;
    let (quiz, mut posts) = instance(dir.path(), &clock);
    let reveal = next_post(&mut posts).await;
    assert!(reveal.text.contains("Answer: ") && reveal.text.contains("m1: 1 in a row"), "{}", reveal.text);
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(posts.try_recv().is_err(), "2 June is not posted on 3 June");
    jump_to(&clock, london_ms("2026-06-03", "08:59:58")).await;
    let third = next_post(&mut posts).await;
    assert!(third.text.contains("Wed 3 June 2026") && london(&clock).starts_with("2026-06-03T09:00:0"));
    let answer = daily(&quiz, &caller("m1", false), &[]).await.expect("show");
    assert_eq!(answer.visibility, myositis_bot::answer::Visibility::Private, "it shows the asker's own streak");
    let shown = text_of(&answer);
    println!("{shown}");
    assert!(shown.contains("2 of its") && shown.contains("Next: Thu 4 June 2026, 09:00 BST"), "{shown}");
    assert!(shown.contains("Your streak") && shown.contains("1 in a row"), "{shown}");
}

/// Two instances on one database, both running their timers through a day: one question is posted, by
/// one of them, and revealed once.
#[tokio::test(start_paused = true)]
async fn two_instances_on_one_database_post_each_day_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = clock_from("2026-03-29T06:00:00Z");
    let (a, mut a_posts) = instance(dir.path(), &clock);
    let (b, mut b_posts) = instance(dir.path(), &clock);
    daily(&b, &caller("teacher", true), &[("time", "07:30"), ("timezone", "Europe/London"), ("reveal_hours", "1")])
        .await
        .expect("set");
    let mut questions = 0;
    let mut reveals = 0;
    for day in ["2026-03-29", "2026-03-30"] {
        jump_to(&clock, london_ms(day, "07:29:58")).await;
        for _ in 0..4 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        jump_to(&clock, london_ms(day, "08:29:58")).await;
        for _ in 0..4 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        for rx in [&mut a_posts, &mut b_posts] {
            while let Ok(post) = rx.try_recv() {
                if let ChannelPost::Message { answer, .. } = post {
                    questions += usize::from(answer.title.starts_with("Question of the day"));
                    reveals += usize::from(answer.title.starts_with("Answer: "));
                }
            }
        }
    }
    println!("two instances, two days: {questions} questions and {reveals} reveals posted");
    assert_eq!((questions, reveals), (2, 2));
    drop((a, b));
}

/// What `/quiz daily` refuses, and how: each message says what to type instead.
#[tokio::test(start_paused = true)]
async fn bad_schedules_and_members_who_may_not_are_refused_with_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = clock_from("2026-06-01T07:00:00Z");
    let (quiz, _posts) = instance(dir.path(), &clock);
    let teacher = caller("teacher", true);
    let long = "x".repeat(10_000);
    for (options, expected) in [
        (vec![("time", "09:00")], "needs both `time` and `timezone`"),
        (vec![("timezone", "Europe/London")], "needs both `time` and `timezone`"),
        (vec![("topic", "ibm")], "needs both `time` and `timezone`"),
        (vec![("time", "25:00"), ("timezone", "Europe/London")], "HH:MM on a 24-hour clock"),
        (vec![("time", long.as_str()), ("timezone", "Europe/London")], "HH:MM on a 24-hour clock"),
        (vec![("time", "09:00"), ("timezone", "Mars/Olympus")], "IANA time zone name such as Europe/London"),
        (vec![("time", "09:00"), ("timezone", long.as_str())], "IANA time zone name"),
        (vec![("time", "09:00"), ("timezone", "Europe/London"), ("reveal_hours", "13")], "between 1 and 12"),
        (vec![("off", "true"), ("time", "09:00")], "give it on its own"),
        (vec![("off", "true")], "There is no question of the day in this channel."),
    ] {
        let message = refusal(daily(&quiz, &teacher, &options).await);
        assert!(message.contains(expected), "{options:?}: {message}");
        assert!(message.len() < 400, "the input is not echoed whole: {}", message.len());
    }
    let resident = caller("resident", false);
    let set = [("time", "09:00"), ("timezone", "Europe/London")];
    assert!(refusal(daily(&quiz, &resident, &set).await).contains("Manage Messages"));
    assert!(refusal(daily(&quiz, &resident, &[("off", "true")]).await).contains("educator role"));
    let mut direct = teacher.clone();
    direct.guild_id = myositis_bot::quiz::DIRECT_MESSAGES.to_owned();
    assert!(refusal(daily(&quiz, &direct, &set).await).contains("server channel"));
    let core = core();
    let ctx = Context { core: &core, quiz: Some(&quiz), caller: &resident };
    let invocation = Invocation {
        command: "quiz".into(),
        subcommand: Some("daily".into()),
        options: vec![("time".into(), "09:00".into()), ("timezone".into(), "Europe/London".into())],
    };
    assert_eq!(
        myositis_bot::commands::visibility(&ctx, &invocation),
        myositis_bot::answer::Visibility::Private,
        "refused privately"
    );
    let shown = text_of(&daily(&quiz, &resident, &[]).await.expect("anyone may look"));
    assert!(shown.contains("No question of the day in this channel") && shown.contains("0 in a row"), "{shown}");
    daily(&quiz, &teacher, &set).await.expect("set");
    let stopped = text_of(&daily(&quiz, &teacher, &[("off", "yes")]).await.expect("off"));
    assert!(stopped.contains("Question of the day stopped"), "{stopped}");
}

/// A question of the day the bot could not post is refused naming what was refused (setting this
/// channel's question of the day) and the permissions it needs, not "a quiz"; permissions the door could
/// not read are not assumed; stopping it posts nothing, so it needs none of them.
#[tokio::test(start_paused = true)]
async fn setting_the_question_of_the_day_where_the_bot_cannot_post_says_so() {
    use myositis_bot::quiz::BotAccess;
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = clock_from("2026-06-01T07:00:00Z");
    let (quiz, _posts) = instance(dir.path(), &clock);
    let set = [("time", "09:00"), ("timezone", "Europe/London")];
    let teacher = caller("teacher", true);
    daily(&quiz, &teacher, &set).await.expect("set where the bot may post");
    let muted = Caller { bot_access: BotAccess::Missing(vec!["Send Messages"]), ..teacher.clone() };
    let refused = refusal(daily(&quiz, &muted, &set).await);
    assert!(
        refused.contains("I cannot set the question of the day for this channel")
            && refused.contains("missing Send Messages")
            && refused.contains("give me that permission")
            && !refused.contains("quiz here"),
        "{refused}"
    );
    let unknown = Caller {
        bot_access: BotAccess::Unknown(vec!["View Channel", "Send Messages", "Embed Links"]),
        ..teacher.clone()
    };
    let refused = refusal(daily(&quiz, &unknown, &set).await);
    assert!(
        refused.contains("I cannot set the question of the day")
            && refused.contains("did not say which permissions I have")
            && refused.contains("View Channel, Send Messages, Embed Links"),
        "{refused}"
    );
    // A resident hears first what they lack themselves, naming what was refused.
    let resident = Caller { bot_access: BotAccess::Missing(vec!["Send Messages"]), ..caller("resident", false) };
    let refused = refusal(daily(&quiz, &resident, &set).await);
    assert!(refused.starts_with("Setting this channel's question of the day") && refused.contains("Manage Messages"));
    let refused = refusal(daily(&quiz, &resident, &[("off", "true")]).await);
    assert!(refused.starts_with("Stopping this channel's question of the day"), "{refused}");
    // Showing and stopping post nothing.
    assert!(daily(&quiz, &unknown, &[]).await.is_ok(), "shown");
    let stopped = text_of(&daily(&quiz, &muted, &[("off", "true")]).await.expect("stopped without posting"));
    assert!(stopped.contains("Question of the day stopped"), "{stopped}");
}

/// The console end to end: it sets a question of the day in its own channel, shows it when its time comes,
/// takes a typed answer (as the console's only player, the answer reveals it), and shows the streak.
#[tokio::test(start_paused = true)]
async fn the_console_sets_shows_answers_and_stops_a_question_of_the_day() {
    use myositis_bot::app::App;
    use myositis_bot::config::{DataSettings, Settings};
    use myositis_bot::console::Console;

    let data = tempfile::tempdir().expect("temp dir");
    let settings = Settings { data: DataSettings { dir: data.path().to_owned(), url: None }, ..Settings::default() };
    let clock = clock_from("2026-03-29T07:00:00Z");
    let (app, mut posts) = App::with_quiz(core(), &settings, Arc::clone(&clock)).await.expect("app");
    let quiz = app.quiz.clone().expect("a quiz");
    tokio::spawn(QuizService::run_timers(Arc::downgrade(&quiz), TimerDoor::Console));
    let mut console = Console::new(&app.core, app.quiz.clone());
    let set = console.line("/quiz daily time:09:00 timezone:Europe/London topic:ibm reveal_hours:1").await;
    assert!(set.contains("Question of the day set") && set.contains("Next: Sun 29 March 2026, 09:00 BST"), "{set}");
    assert!(console.line("/quiz daily").await.contains("0 of its"), "shown before the first");
    jump_to(&clock, london_ms("2026-03-29", "08:59:58")).await;
    let shown = console.post(posts.recv().await.expect("the question"));
    assert!(shown.contains("Question of the day · ibm") && shown.contains("Type the letter"), "{shown}");
    assert!(!console.quiz_running(), "the end of input stops no quiz for a question of the day");
    let q = common::core().knowledge.quiz.questions.iter().find(|q| shown.contains(&q.stem)).expect("question");
    let right = myositis_bot::quiz::tally::letter(q.answer).to_string();
    let mut answered = console.line(&right).await;
    while let Ok(post) = posts.try_recv() {
        answered.push_str(&console.post(post));
    }
    println!("{answered}");
    assert!(answered.contains(&format!("You answered {right}.")) && answered.contains("Answer: "), "{answered}");
    assert!(answered.contains("console: 1 in a row"), "{answered}");
    let again = console.line("/quiz daily").await;
    assert!(again.contains("1 of its") && again.contains("Next: Mon 30 March 2026, 09:00 BST"), "{again}");
    // A boolean typed bare is true: `off` alone stops it.
    assert!(console.line("/quiz daily off").await.contains("Question of the day stopped"));
    assert!(console.line("/quiz daily").await.contains("No question of the day in this channel"));
    jump_to(&clock, london_ms("2026-03-30", "09:00:00")).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(posts.try_recv().is_err(), "nothing after off");
}
