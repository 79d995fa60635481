//! Channel quiz sessions, private practice, leaderboards and stats: the stateful part of the bot. Every
//! answer is stored before anything is revealed. A reveal's time is stored with its session, and every
//! instance looks for due reveals ([`QuizService::run_timers`]), so a reveal is posted once, by whichever
//! instance claims it, even when the one that started the quiz has gone.

mod daily;

use std::collections::BTreeMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::mpsc;

pub(super) mod insight;

use super::action::QuizAction;
use super::difficulty::observed;
use super::practice::{after_answer, next_card};
use super::store::{
    AnswerRecord, Channels, DueReveal, NewSession, PracticeRecord, QuizStorage, Recorded, RevealMark, SessionRow,
};
use super::tally::{letter, tally};
use super::view;
use crate::Core;
use crate::answer::{Answer, Button, ButtonState, Line, Visibility};
use crate::buttons::ButtonId;
use crate::config::QuizSettings;
use crate::error::{CommandError, UserError};
use crate::knowledge::Topic;

/// Who pressed or typed, where, and with which rights (from the transport).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Member id.
    pub user_id: String,
    /// Server id ("console" for the console).
    pub guild_id: String,
    /// Channel id.
    pub channel_id: String,
    /// The member has Manage Messages in the channel.
    pub can_manage_messages: bool,
    /// The member's role ids.
    pub role_ids: Vec<u64>,
    /// Whether the bot may post its own messages in this channel (a quiz's questions, the question of the
    /// day), as the transport reports it.
    pub bot_access: BotAccess,
}

/// Whether the bot may post in the caller's channel, as the transport reports it (Discord sends the bot's
/// own permissions there with every interaction, as `app_permissions`). The permission names are the
/// transport's, shown to the member as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BotAccess {
    /// It may (or the door shows posts itself, as the console does).
    CanPost,
    /// It lacks these permissions there ("Send Messages").
    Missing(Vec<&'static str>),
    /// The transport did not say what the bot may do there, so it cannot be checked: nothing is posted on
    /// the chance. These are the permissions it would need.
    Unknown(Vec<&'static str>),
}

impl Caller {
    /// The person at this machine (console, command line): an educator in the local team's one channel.
    pub fn at_console() -> Self {
        Self {
            user_id: CONSOLE.to_owned(),
            guild_id: CONSOLE.to_owned(),
            channel_id: CONSOLE.to_owned(),
            can_manage_messages: true,
            role_ids: Vec::new(),
            bot_access: BotAccess::CanPost,
        }
    }
}

/// The member, server and channel id of the console.
pub const CONSOLE: &str = "console";

/// The server id of a direct-message caller: no channel to run a team quiz in.
pub const DIRECT_MESSAGES: &str = "dm";

/// The channel id of a caller whose interaction came without a channel: no channel to run a quiz in.
pub const NO_CHANNEL: &str = "none";

/// What a member asks that puts the bot's own messages in the channel, so that a refusal says what was
/// refused and what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Posting {
    /// `/quiz start` (and, for the channel, `/quiz stop`).
    Quiz,
    /// `/quiz daily` setting the channel's question of the day (or, for the channel, stopping it).
    Daily,
}

impl Posting {
    /// "I cannot …": what was refused.
    fn refused(self) -> &'static str {
        match self {
            Self::Quiz => "run a quiz here",
            Self::Daily => "set the question of the day for this channel",
        }
    }

    /// What nobody would see.
    fn posts(self) -> &'static str {
        match self {
            Self::Quiz => "the quiz's questions and answers",
            Self::Daily => "the daily question and its answer",
        }
    }

    /// What to do instead, elsewhere.
    fn elsewhere(self) -> &'static str {
        match self {
            Self::Quiz => "start the quiz in another channel",
            Self::Daily => "set the question of the day in another channel",
        }
    }
}

/// A channel question: which session, which of its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuestionRef {
    /// The session.
    pub session: i64,
    /// The question's 0-based place in the session.
    pub index: usize,
}

/// What the bot does in a channel on its own: post a message (a question, a reveal, the results), or
/// close a question it posted (its buttons disabled, the right one marked). Posts of one session are sent
/// in order.
#[derive(Debug, Clone)]
// A handful of posts per question go through a queue: the size of a message in it does not matter, and
// boxing it would change every door that delivers posts.
#[allow(clippy::large_enum_variant)]
pub enum ChannelPost {
    /// A new message.
    Message {
        /// Where.
        channel_id: String,
        /// What.
        answer: Answer,
        /// The question it asks, so it can be closed later.
        question: Option<QuestionRef>,
    },
    /// The question's message keeps its text; its buttons become these.
    Close {
        /// Where.
        channel_id: String,
        /// Which question.
        question: QuestionRef,
        /// The closed buttons.
        buttons: Vec<Button>,
    },
}

/// The leaderboard period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Last 7 days.
    Week,
    /// Last 30 days.
    Month,
    /// Since the beginning.
    All,
}

/// Limits of a channel session.
pub const MAX_QUESTIONS: usize = 20;
/// Shortest time per question.
pub const MIN_SECONDS: u32 = 10;
/// Longest time per question.
pub const MAX_SECONDS: u32 = 120;

/// How often each instance looks for due reveals: a reveal is posted at most this late.
pub const TIMER_POLL: Duration = Duration::from_millis(500);
/// How long a claimed reveal is this instance's alone: if the instance dies before it moves the quiz on,
/// another takes it over after this many seconds.
pub const LEASE_SECONDS: i64 = 15;
/// A reveal overdue by more than this many seconds (no instance was running) ends its quiz, with the
/// answers given revealed and the results posted, instead of carrying on long after the team has left.
pub const STALE_SECONDS: i64 = 600;
/// How many due reveals (or questions of the day) one look claims.
const CLAIM_LIMIT: usize = 32;

/// Unix milliseconds now, as the service reads it: the system clock ([`system_clock_ms`]), or a test's.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// Quizzes over the store, posting channel messages to `posts`.
pub struct QuizService {
    core: Arc<Core>,
    store: Arc<dyn QuizStorage>,
    settings: QuizSettings,
    posts: mpsc::UnboundedSender<ChannelPost>,
    clock: Clock,
}

/// Unix seconds now.
pub fn system_clock() -> i64 {
    system_clock_ms().div_euclid(1000)
}

/// Unix milliseconds now: a reveal's time is kept to the millisecond, so a question gets its full time.
pub fn system_clock_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Which door runs the timers, and so whose quizzes it reveals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerDoor {
    /// The console: its own channel's quizzes only.
    Console,
    /// The gateway bot or the HTTP endpoint: every Discord channel's.
    Discord,
}

/// How a question came to be closed: its reveal fell due (claimed from the store), or someone asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closing {
    /// Claimed as due: may take over a reveal another instance made but did not follow up.
    Due,
    /// "Reveal now": only reveals what nobody has revealed yet.
    Asked,
}

impl QuizService {
    /// The service over a store. A quiz's first question is posted when it starts; its reveals and the
    /// questions after them are posted while [`QuizService::run_timers`] runs.
    pub fn new(
        core: Arc<Core>,
        store: Arc<dyn QuizStorage>,
        settings: QuizSettings,
        posts: mpsc::UnboundedSender<ChannelPost>,
        clock: Clock,
    ) -> Arc<Self> {
        Arc::new(Self { core, store, settings, posts, clock })
    }

    /// Unix seconds now: when answers, reveals and sessions happened.
    fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Unix milliseconds now: when reveals fall due.
    fn now_ms(&self) -> i64 {
        (self.clock)()
    }

    /// When a question asked now, with `seconds` to answer, is due for its reveal (Unix milliseconds).
    fn due_after(&self, seconds: u32) -> i64 {
        self.now_ms() + 1000 * i64::from(seconds)
    }

    /// Reveals due questions, for as long as the service exists and someone delivers its posts: every
    /// instance that delivers posts runs this, and each due reveal is claimed by one of them. Reveals that
    /// fell due while no instance ran are posted at start; a quiz left more than [`STALE_SECONDS`] behind
    /// is ended. It holds the service weakly, so it ends with the app that owns the service.
    /// `door` says whose quizzes these are: the console reveals only its own channel's, a Discord door
    /// every other, so that neither takes the other's quiz where both share a database.
    pub async fn run_timers(service: Weak<Self>, door: TimerDoor) {
        let mut tick = tokio::time::interval(TIMER_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let channels = match door {
            TimerDoor::Console => Channels::Only(CONSOLE),
            TimerDoor::Discord => Channels::AllBut(CONSOLE),
        };
        loop {
            tick.tick().await;
            let Some(service) = service.upgrade().filter(|s| !s.posts.is_closed()) else { break };
            service.reveal_due(channels).await;
            service.post_due_dailies(channels).await;
        }
    }

    /// One look for due reveals.
    async fn reveal_due(&self, channels: Channels<'_>) {
        let now = self.now_ms();
        let due = match self.store.claim_due(now, now + LEASE_SECONDS * 1000, CLAIM_LIMIT, channels).await {
            Ok(due) => due,
            Err(e) => {
                tracing::error!(error = %e, "looking for due quiz reveals failed");
                return;
            }
        };
        for reveal in due {
            let result = if now - reveal.due_ms > STALE_SECONDS * 1000 {
                self.finish_stale(reveal).await
            } else {
                self.close_question(reveal.session_id, reveal.question_index, Closing::Due).await
            };
            if let Err(e) = result {
                tracing::error!(session = reveal.session_id, error = %e, "revealing a quiz question failed");
            }
        }
    }

    /// Ends a quiz whose reveal fell due long ago, while no instance ran: its open question's stored
    /// answers are revealed and its results posted, so no recorded answer goes unseen and none counts twice.
    async fn finish_stale(&self, due: DueReveal) -> Result<(), CommandError> {
        let Some(session) = self.store.session(due.session_id).await? else { return Ok(()) };
        if session.status != "running" {
            return Ok(());
        }
        if session.daily_day.is_some() {
            // A question of the day has no quiz to interrupt: it is revealed late, with what was answered.
            return self.close_question(session.id, due.question_index, Closing::Due).await;
        }
        self.reveal(&session, session.current).await?;
        let warning = "The bot was offline during this quiz; start a new one with /quiz start.";
        if self
            .end_with_results(&session, "interrupted", "Quiz interrupted", session.current + 1, Some(warning))
            .await?
        {
            tracing::warn!(session = session.id, "ended a quiz whose reveal fell due while the bot was offline");
        }
        Ok(())
    }

    fn is_educator(&self, caller: &Caller) -> bool {
        caller.can_manage_messages || caller.role_ids.iter().any(|r| self.settings.educator_role_ids.contains(r))
    }

    fn bank(&self) -> &crate::knowledge::QuizBank {
        &self.core.knowledge.quiz
    }

    /// Does what a member asked of the quiz: the one entry every door uses.
    pub async fn handle(&self, caller: &Caller, action: QuizAction) -> Result<Answer, CommandError> {
        match action {
            QuizAction::Start { topic, count, seconds } => self.start(caller, topic, count, seconds).await,
            QuizAction::Stop => self.stop(caller).await,
            QuizAction::Practice { topic } => self.practice(caller, topic).await,
            QuizAction::Leaderboard { period } => self.leaderboard(caller, period).await,
            QuizAction::Stats { period } => self.stats(caller, period).await,
            QuizAction::Reports { close } => self.reports(caller, close).await,
            QuizAction::ReportForm { question } => Ok(self.report_form(caller, &question)),
            QuizAction::Report { question, reason } => self.file_report(caller, &question, &reason).await,
            QuizAction::Daily(request) => self.daily(caller, request).await,
            QuizAction::Answer { session, question, option } => self.press(caller, session, question, option).await,
            QuizAction::Reveal { session, question } => self.reveal_now(caller, session, question).await,
            QuizAction::PracticeAnswer { topic, question, option } => {
                self.practice_answer(caller, topic, &question, option).await
            }
        }
    }

    /// A question was posted as this Discord message: remembered in the store, so whichever instance
    /// reveals it can close its buttons.
    pub async fn question_posted(&self, question: QuestionRef, message_id: &str) {
        if let Err(e) = self.store.set_question_message(question.session, question.index, message_id).await {
            tracing::error!(session = question.session, error = %e, "remembering a quiz question's message failed");
        }
    }

    /// The Discord message a question was posted as, if it was.
    pub async fn question_message(&self, question: QuestionRef) -> Option<String> {
        match self.store.question_message(question.session, question.index).await {
            Ok(message) => message,
            Err(e) => {
                tracing::error!(session = question.session, error = %e, "reading a quiz question's message failed");
                None
            }
        }
    }

    /// A question could not be posted in its channel (the bot lost its permission there, say): its session
    /// ends at once, so nobody waits for questions that will never come and the channel is free again. The
    /// answers already stored stay counted.
    pub async fn undelivered(&self, question: QuestionRef) {
        match self.store.end(question.session, "stopped", self.now()).await {
            Ok(true) => {
                tracing::warn!(session = question.session, "a quiz question could not be posted; the quiz ended")
            }
            Ok(false) => {}
            Err(e) => tracing::error!(session = question.session, error = %e, "ending an undeliverable quiz failed"),
        }
    }

    /// Why this caller may not start a channel quiz here, if they may not: it needs a server channel the
    /// bot can post in (and a door that delivers its posts at all), and an educator (unless quizzes are open
    /// to all).
    pub fn start_refusal(&self, caller: &Caller) -> Option<UserError> {
        if caller.guild_id == DIRECT_MESSAGES {
            return Some(UserError::new(
                "Channel quizzes run in a server channel, where the team answers together. /quiz practice works here.",
            ));
        }
        if let Some(refusal) = self.posting_refusal(caller, Posting::Quiz) {
            return Some(refusal);
        }
        if !(self.settings.open_to_all || self.is_educator(caller)) {
            return Some(UserError::new(
                "Starting a channel quiz needs the Manage Messages permission or an educator role. /quiz practice works for everyone.",
            ));
        }
        None
    }

    /// Why the bot cannot post `what` in this caller's channel, if it cannot: Discord did not say which
    /// channel, no Discord client delivers its posts, the bot lacks a permission there, or nobody said what
    /// it may do there (then it is not assumed that it may). Each refusal says what was refused and what
    /// to do next.
    pub(super) fn posting_refusal(&self, caller: &Caller, what: Posting) -> Option<UserError> {
        if let Some(refusal) = Self::no_channel_refusal(caller, what) {
            return Some(refusal);
        }
        if self.posts.is_closed() {
            return Some(UserError::new(format!(
                "I cannot {}: this bot cannot post in channels (no Discord token is configured for it), so nobody \
                 would see {}. /quiz practice works.",
                what.refused(),
                what.posts()
            )));
        }
        match &caller.bot_access {
            BotAccess::CanPost => None,
            BotAccess::Missing(missing) => Some(UserError::new(format!(
                "I cannot {}: in this channel I am missing {}, so nobody would see {}. Ask a server admin to give \
                 me {} in this channel, or {}.",
                what.refused(),
                missing.join(", "),
                what.posts(),
                if missing.len() == 1 { "that permission" } else { "those permissions" },
                what.elsewhere()
            ))),
            BotAccess::Unknown(needed) => Some(UserError::new(format!(
                "I cannot {}: Discord did not say which permissions I have in this channel, so I cannot check that \
                 I may post {} here (I need {}). Try again in a moment; if this keeps happening, ask a server \
                 admin to check those permissions for me here, or {}.",
                what.refused(),
                what.posts(),
                needed.join(", "),
                what.elsewhere()
            ))),
        }
    }

    /// Why a channel quiz cannot be started or stopped from where this caller is, if it cannot: Discord
    /// sent the interaction without saying in which channel.
    pub fn channel_refusal(caller: &Caller) -> Option<UserError> {
        Self::no_channel_refusal(caller, Posting::Quiz)
    }

    /// Why `what` cannot be done from where this caller is, if it cannot: Discord sent the interaction
    /// without saying in which channel.
    pub(super) fn no_channel_refusal(caller: &Caller, what: Posting) -> Option<UserError> {
        (caller.channel_id == NO_CHANNEL).then(|| {
            UserError::new(match what {
                Posting::Quiz => {
                    "Discord did not say which channel this came from, so I cannot run or stop a channel quiz \
                     for it. Use /quiz start or /quiz stop in the server channel itself; /quiz practice works \
                     anywhere."
                }
                Posting::Daily => {
                    "Discord did not say which channel this came from, so I cannot set, stop or show a question \
                     of the day for it. Use /quiz daily in the server channel itself; /quiz practice works \
                     anywhere."
                }
            })
        })
    }

    /// `/quiz start`: posts the first question; one session per channel.
    async fn start(
        &self,
        caller: &Caller,
        topic: Option<Topic>,
        count: usize,
        seconds: u32,
    ) -> Result<Answer, CommandError> {
        if let Some(refusal) = self.start_refusal(caller) {
            return Err(refusal.into());
        }
        let count = count.clamp(1, MAX_QUESTIONS);
        let seconds = seconds.clamp(MIN_SECONDS, MAX_SECONDS);
        let now = self.now();
        let seed = caller.channel_id.bytes().fold(now as u64, |h, b| h.rotate_left(5) ^ u64::from(b));
        let ids = super::draw::draw(self.bank(), topic, count, seed);
        if ids.is_empty() {
            return Err(UserError::new("There are no questions for that topic yet.").into());
        }
        let topic_name = topic.map(Topic::name);
        let session = NewSession {
            guild_id: &caller.guild_id,
            channel_id: &caller.channel_id,
            starter_id: &caller.user_id,
            topic: topic_name,
            question_ids: &ids,
            seconds,
        };
        let Some(session_id) = self.store.create_session(&session, now, self.due_after(seconds)).await? else {
            return Err(UserError::new("A quiz is already running in this channel. /quiz stop ends it.").into());
        };
        tracing::info!(session = session_id, questions = ids.len(), seconds, "quiz started");
        self.post_question(session_id, &caller.channel_id, &ids, 0, seconds);
        let questions = if ids.len() == 1 { "1 question".to_owned() } else { format!("{} questions", ids.len()) };
        let on = topic.map_or_else(|| "a mix of topics".to_owned(), |t| t.name().to_owned());
        Ok(Answer::info(format!("Quiz started: {questions} on {on}, {seconds} s each")).block(
            None,
            vec![Line::plain(format!("Started by {}. The first question follows.", view::member(&caller.user_id)))],
        ))
    }

    /// Posts question `index` of a session with its option buttons and "Reveal now".
    fn post_question(&self, session_id: i64, channel_id: &str, ids: &[String], index: usize, seconds: u32) {
        let answer = match ids.get(index).and_then(|id| self.bank().get(id)) {
            Some(q) => {
                let mut answer = view::question(q, index + 1, ids.len(), seconds, |option| {
                    option_id(QuestionRef { session: session_id, index }, option)
                });
                answer.buttons.push(Button::apart(
                    ButtonId::QuizReveal { session: session_id, question: index }.encode(),
                    "Reveal now (starter or educator)",
                ));
                answer
            }
            None => Answer::info("This question is no longer in the bank."),
        };
        let _ = self.posts.send(ChannelPost::Message {
            channel_id: channel_id.to_owned(),
            answer,
            question: Some(QuestionRef { session: session_id, index }),
        });
    }

    /// Reveals a question (once), then posts the next question or the results. When the reveal fell due
    /// and was made already, by an instance that then stopped before moving on for longer than a lease,
    /// this one moves on in its place.
    async fn close_question(&self, session_id: i64, index: usize, closing: Closing) -> Result<(), CommandError> {
        let Some(session) = self.store.session(session_id).await? else { return Ok(()) };
        if session.status != "running" || session.current != index {
            return Ok(());
        }
        let now = self.now();
        match self.reveal(&session, index).await? {
            RevealMark::First => {}
            RevealMark::Already { at } if closing == Closing::Due && now - at >= LEASE_SECONDS => {}
            // Being followed up by whoever revealed it.
            RevealMark::Already { .. } => return Ok(()),
        }
        let next = index + 1;
        if session.daily_day.is_some() {
            // A question of the day ends with its reveal: no results, the streaks were in the reveal.
            self.store.end(session_id, "finished", now).await?;
        } else if next < session.question_ids.len() {
            if self.store.advance(session_id, index, next, self.due_after(session.seconds)).await? {
                self.post_question(session_id, &session.channel_id, &session.question_ids, next, session.seconds);
            }
        } else {
            self.end_with_results(&session, "finished", "Quiz finished", session.question_ids.len(), None).await?;
        }
        Ok(())
    }

    /// Ends a running session with `status` and posts its results (over its first `asked` questions, with
    /// a warning if given); false, and nothing posted, when it had ended already (another stop, or the
    /// last reveal, a moment before), so results are posted once.
    async fn end_with_results(
        &self,
        session: &SessionRow,
        status: &str,
        title: &str,
        asked: usize,
        warning: Option<&str>,
    ) -> Result<bool, CommandError> {
        if !self.store.end(session.id, status, self.now()).await? {
            return Ok(false);
        }
        let scores = self.store.session_scores(session.id).await?;
        let mut results = view::results(title, &scores, asked);
        results.warnings.extend(warning.map(str::to_owned));
        self.post(&session.channel_id, results);
        Ok(true)
    }

    /// Marks the question revealed (once, across every instance sharing the database) and, when this call
    /// revealed it, closes its buttons and posts the reveal.
    async fn reveal(&self, session: &SessionRow, index: usize) -> Result<RevealMark, CommandError> {
        let (session_id, channel_id) = (session.id, session.channel_id.as_str());
        let mark = self.store.reveal(session_id, index, self.now()).await?;
        if mark != RevealMark::First {
            return Ok(mark);
        }
        let Some(q) = session.question_ids.get(index).and_then(|id| self.bank().get(id)) else { return Ok(mark) };
        let answers = self.store.answers(session_id, index).await?;
        let t = tally(q.options.len(), q.answer, &answers);
        let scores = self.store.session_scores(session_id).await?;
        let question = QuestionRef { session: session_id, index };
        let buttons = (0..q.options.len())
            .map(|option| Button {
                state: if option == q.answer { ButtonState::Correct } else { ButtonState::Closed },
                ..Button::open(option_id(question, option), letter(option).to_string())
            })
            .collect();
        let _ = self.posts.send(ChannelPost::Close { channel_id: channel_id.to_owned(), question, buttons });
        let shown = if session.daily_day.is_some() {
            self.daily_reveal(session, q, &t).await?
        } else {
            view::reveal(&self.core.knowledge, q, Some(&t), &scores)
        };
        self.post(channel_id, shown);
        Ok(mark)
    }

    fn post(&self, channel_id: &str, answer: Answer) {
        let _ = self.posts.send(ChannelPost::Message { channel_id: channel_id.to_owned(), answer, question: None });
    }

    /// A button press on a channel question: stored at once; the reply (only to the presser) says so.
    async fn press(
        &self,
        caller: &Caller,
        session_id: i64,
        index: usize,
        option: usize,
    ) -> Result<Answer, CommandError> {
        let session = self.store.session(session_id).await?;
        let q = session.as_ref().and_then(|s| s.question_ids.get(index)).and_then(|id| self.bank().get(id));
        let Some(q) = q else {
            return Ok(private("This quiz is no longer running."));
        };
        if option >= q.options.len() {
            return Ok(private("That button is not an option of this question."));
        }
        let recorded = self
            .store
            .record_answer(&AnswerRecord {
                session_id,
                question_index: index,
                question_id: &q.id,
                topic: q.topic.name(),
                user_id: &caller.user_id,
                option,
                correct: option == q.answer,
                now: self.now(),
            })
            .await?;
        Ok(private(&match recorded {
            Recorded::New => format!("Your answer {} is recorded.", letter(option)),
            Recorded::Changed { from } => format!("Changed your answer from {} to {}.", letter(from), letter(option)),
            Recorded::Same => format!("Your answer is still {}.", letter(option)),
            Recorded::Closed => "This question is closed; wait for the next one.".to_owned(),
        }))
    }

    /// The "Reveal now" button: the starter or an educator closes the question from any instance (e.g. when
    /// the instance running the timer has stopped).
    async fn reveal_now(&self, caller: &Caller, session_id: i64, index: usize) -> Result<Answer, CommandError> {
        let Some(session) = self.store.session(session_id).await? else {
            return Ok(private("This quiz is no longer running."));
        };
        if session.starter_id != caller.user_id && !self.is_educator(caller) {
            return Ok(private("Only the member who started the quiz or an educator can reveal early."));
        }
        if session.status != "running" || session.current != index {
            return Ok(private("This question is already closed."));
        }
        self.close_question(session_id, index, Closing::Asked).await?;
        Ok(private("Revealed."))
    }

    /// `/quiz stop`: by the starter or an educator; reveals the current question and posts the results.
    async fn stop(&self, caller: &Caller) -> Result<Answer, CommandError> {
        if let Some(refusal) = Self::channel_refusal(caller) {
            return Err(refusal.into());
        }
        let Some(session) = self.store.running_in(&caller.channel_id).await? else {
            return Err(UserError::new("No quiz is running in this channel.").into());
        };
        if session.starter_id != caller.user_id && !self.is_educator(caller) {
            return Err(UserError::new("Only the member who started the quiz or an educator can stop it.").into());
        }
        // The open question's answer first, then the results: both through the channel, in that order.
        self.reveal(&session, session.current).await?;
        self.end_with_results(&session, "stopped", "Quiz stopped", session.current + 1, None).await?;
        Ok(Answer::info("Quiz stopped")
            .block(None, vec![Line::plain("The open question's answer and the results follow.")]))
    }

    /// `/quiz practice`: the next question for this member by spaced repetition, privately.
    async fn practice(&self, caller: &Caller, topic: Option<Topic>) -> Result<Answer, CommandError> {
        let pool = self.bank().of_topic(topic);
        let cards = self.store.cards(&caller.user_id).await?.into_iter().collect();
        let step = self.store.practice_step(&caller.user_id).await?;
        let team = observed(&self.store.question_stats(&caller.guild_id).await?);
        let Some(q) = next_card(&pool, &cards, step, &team) else {
            return Err(UserError::new("There are no questions for that topic yet.").into());
        };
        Ok(view::practice_question(q, |option| {
            ButtonId::PracticeOption { topic, question: q.id.clone(), option }.encode()
        }))
    }

    /// A practice button: saves the result, shows the answer, and offers the next question.
    async fn practice_answer(
        &self,
        caller: &Caller,
        topic: Option<Topic>,
        question_id: &str,
        option: usize,
    ) -> Result<Answer, CommandError> {
        let Some(q) = self.bank().get(question_id) else {
            return Ok(private("That question is no longer in the bank. Try /quiz practice again."));
        };
        let correct = option == q.answer;
        let cards: BTreeMap<_, _> = self.store.cards(&caller.user_id).await?.into_iter().collect();
        let step = self.store.practice_step(&caller.user_id).await?;
        let card = after_answer(cards.get(question_id).copied(), correct, step);
        self.store
            .save_practice(&PracticeRecord {
                user_id: &caller.user_id,
                guild_id: &caller.guild_id,
                question_id: &q.id,
                topic: q.topic.name(),
                correct,
                card,
                now: self.now(),
            })
            .await?;
        let verdict = if correct { "Right." } else { "Not quite." };
        let mut answer = view::reveal(&self.core.knowledge, q, None, &[]);
        answer.title = format!("{verdict} {}", answer.title);
        answer.visibility = Visibility::Private;
        let next = self.practice(caller, topic).await?;
        // The next question's options, then, on a row of its own and naming it, this one's "Report", where
        // a report can be filed (not from a direct message: reports go to a server's educators).
        let report = std::mem::take(&mut answer.buttons);
        answer.buttons = next.buttons.clone();
        if Self::can_report(caller) {
            answer.buttons.extend(report);
        }
        answer = answer.block(Some("Next question"), next.blocks.iter().flat_map(|b| b.lines.clone()).collect());
        Ok(answer)
    }

    /// `/quiz leaderboard`: the server's best, by correct answers in channel quizzes.
    async fn leaderboard(&self, caller: &Caller, period: Period) -> Result<Answer, CommandError> {
        let board = self.store.leaderboard(&caller.guild_id, period.since(self.now()), 10).await?;
        let mut answer =
            Answer::info(format!("Quiz leaderboard, {}", period.label())).block(None, view::standings(&board));
        if board.is_empty() {
            answer = answer.block(None, vec![Line::plain("No quiz answers yet. Start one with /quiz start.")]);
        }
        Ok(answer)
    }
}

/// The id of an option's button on a channel question: the same when it is posted and when it is closed.
fn option_id(question: QuestionRef, option: usize) -> String {
    ButtonId::QuizOption { session: question.session, question: question.index, option }.encode()
}

fn private(text: &str) -> Answer {
    let mut answer = Answer::info("Quiz").block(None, vec![Line::plain(text)]);
    answer.visibility = Visibility::Private;
    answer
}
