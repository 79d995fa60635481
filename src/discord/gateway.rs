//! The gateway transport: a serenity client that registers the slash commands when ready, answers every
//! interaction through [`respond`], logs one line per interaction, and shuts down gracefully.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use serenity::all::{
    Builder, ChannelId, Client, ClientBuilder, Command, Context, CreateAllowedMentions, CreateMessage, EditMessage,
    EventHandler, GatewayIntents, GuildId, Http, HttpBuilder, Interaction, MessageId, Ready, ResumedEvent,
    ShardManager, ShardRunnerMessage,
};
use tokio::sync::{Notify, mpsc};

use super::embed;
use super::register::application_commands;
use super::respond::{Outcome, button_rows, components, respond};
use crate::app::App;
use crate::config::{DiscordSettings, RegisterMode, Settings, ShardRange};
use crate::quiz::{ChannelPost, QuizService, TimerDoor};

/// How long shutdown waits for answers that are being sent.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// How long shutdown waits for every shard to close its gateway socket.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// The close code that ends the session, so Discord shows the bot offline at once.
const NORMAL_CLOSURE: u16 = 1000;

/// Why the Discord transport could not start or run.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// No token configured.
    #[error("no Discord token: set MYOSITIS_BOT__DISCORD__TOKEN or discord.token")]
    NoToken,
    /// `register = "guild"` without guilds.
    #[error("discord.register = \"guild\" needs discord.guild_ids")]
    NoGuilds,
    /// `discord.shards` does not fit in its total.
    #[error("{0}")]
    Shards(String),
    /// serenity failed.
    #[error("discord: {0}")]
    Serenity(#[from] serenity::Error),
}

/// Counts answers being sent, so shutdown can wait for them.
#[derive(Default)]
struct InFlight {
    count: AtomicUsize,
    idle: Notify,
}

impl InFlight {
    fn start(self: &Arc<Self>) -> InFlightGuard {
        self.count.fetch_add(1, Ordering::SeqCst);
        InFlightGuard(Arc::clone(self))
    }

    async fn drained(&self) {
        while self.count.load(Ordering::SeqCst) > 0 {
            let notified = self.idle.notified();
            if self.count.load(Ordering::SeqCst) == 0 {
                break;
            }
            notified.await;
        }
    }
}

struct InFlightGuard(Arc<InFlight>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

struct Handler {
    app: Arc<App>,
    register: RegisterMode,
    guild_ids: Vec<u64>,
    in_flight: Arc<InFlight>,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        let commands = application_commands();
        match self.register {
            RegisterMode::Guild => {
                for id in &self.guild_ids {
                    match GuildId::new(*id).set_commands(&ctx.http, commands.clone()).await {
                        Ok(list) => tracing::info!(guild = id, commands = list.len(), "registered guild commands"),
                        Err(e) => tracing::error!(guild = id, error = %e, "registering guild commands failed"),
                    }
                }
            }
            RegisterMode::Global => match Command::set_global_commands(&ctx.http, commands).await {
                Ok(list) => tracing::info!(commands = list.len(), "registered global commands"),
                Err(e) => tracing::error!(error = %e, "registering global commands failed"),
            },
            RegisterMode::None => tracing::info!("command registration is off"),
        }
    }

    async fn resume(&self, _: Context, _: ResumedEvent) {
        tracing::info!("gateway session resumed");
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _guard = self.in_flight.start();
        let started = Instant::now();
        let name = match &interaction {
            Interaction::Command(c) | Interaction::Autocomplete(c) => c.data.name.clone(),
            Interaction::Component(_) => "component".to_owned(),
            Interaction::Modal(_) => "form".to_owned(),
            _ => "other".to_owned(),
        };
        let reply = respond(&self.app, &interaction).await;
        let (response, mut outcome) = (reply.response, reply.outcome);
        if let Some(response) = response
            && let Err(e) = response.execute(&ctx.http, (interaction.id(), interaction.token())).await
        {
            tracing::error!(command = %name, error = %e, "sending the response failed");
            outcome = Outcome::Failed;
        }
        tracing::info!(
            command = %name,
            kind = ?interaction.kind(),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0,
            outcome = outcome.as_str(),
            "interaction"
        );
    }
}

/// A connected-to-be bot: the serenity client and what shutdown needs.
pub struct Bot {
    /// The serenity client; [`Bot::start`] starts it.
    pub client: Client,
    in_flight: Arc<InFlight>,
    shards: Option<ShardRange>,
}

impl Bot {
    /// Builds the client exactly as production runs it over the assembled app, delivering the quiz's
    /// channel posts from `posts`; `discord.api_base_url` points it elsewhere.
    pub async fn build(
        app: Arc<App>,
        posts: mpsc::UnboundedReceiver<ChannelPost>,
        all: &Settings,
    ) -> Result<Self, DiscordError> {
        let settings = &all.discord;
        let token = settings.token.as_ref().filter(|t| !t.is_empty()).ok_or(DiscordError::NoToken)?;
        if settings.register == RegisterMode::Guild && settings.guild_ids.is_empty() {
            return Err(DiscordError::NoGuilds);
        }
        let in_flight = Arc::new(InFlight::default());
        let quiz = app.quiz.clone();
        let handler = Handler {
            app,
            register: settings.register,
            guild_ids: settings.guild_ids.clone(),
            in_flight: Arc::clone(&in_flight),
        };
        // Slash commands need no intents: interactions arrive regardless.
        let http = rest_client(settings, token.expose());
        let client = ClientBuilder::new_with_http(http, GatewayIntents::empty()).event_handler(handler).await?;
        if let Some(quiz) = &quiz {
            tokio::spawn(QuizService::run_timers(Arc::downgrade(quiz), TimerDoor::Discord));
        }
        tokio::spawn(deliver_posts(Arc::clone(&client.http), posts, quiz.as_ref().map(Arc::downgrade)));
        Ok(Self { client, in_flight, shards: settings.shards })
    }

    /// Connects the shards this process runs (`discord.shards`, else as many as Discord recommends) and
    /// runs until they stop.
    pub async fn start(&mut self) -> Result<(), DiscordError> {
        match self.shards {
            Some(range) => {
                let ids = range.ids().map_err(|e| DiscordError::Shards(e.to_string()))?;
                tracing::info!(first = range.first, count = range.count, total = range.total, "starting a shard range");
                Ok(self.client.start_shard_range(ids, range.total).await?)
            }
            None => Ok(self.client.start_autosharded().await?),
        }
    }

    /// Runs until SIGTERM or Ctrl-C, then closes every shard's socket with a close frame (waiting at most
    /// [`CLOSE_TIMEOUT`]) and waits for answers being sent.
    pub async fn run_until_signal(mut self) -> Result<(), DiscordError> {
        let shards = Arc::clone(&self.client.shard_manager);
        // Now held by the client, the shard queuer and `shards`; once the queuer and every runner have
        // stopped, by one fewer (see `close_shards`).
        let idle = Arc::strong_count(&shards).saturating_sub(1);
        let in_flight = Arc::clone(&self.in_flight);
        let signalled = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&signalled);
        let stopper = tokio::spawn(async move {
            shutdown_signal().await;
            stopping.store(true, Ordering::SeqCst);
            tracing::info!("shutting down: closing shards");
            close_shards(&shards, idle).await;
            if tokio::time::timeout(DRAIN_TIMEOUT, in_flight.drained()).await.is_err() {
                tracing::warn!("some answers were still being sent at shutdown");
            }
        });
        let result = self.start().await;
        if signalled.load(Ordering::SeqCst) {
            let _ = stopper.await;
            tracing::info!("shut down");
        } else {
            stopper.abort();
        }
        result
    }
}

/// The Discord REST client for this token: the one way both doors build it. `discord.api_base_url`
/// points it elsewhere (a proxy, or a test's fake Discord).
pub fn rest_client(settings: &DiscordSettings, token: &str) -> Http {
    let mut http = HttpBuilder::new(token);
    if let Some(base) = &settings.api_base_url {
        // serenity's rate limiter ignores the proxy, so it must be off; limiting is the proxy's job.
        http = http.proxy(base.trim_end_matches('/')).ratelimiter_disabled(true);
    }
    http.build()
}

/// Tells every shard runner to close its socket with a close frame, stops the client, and waits at most
/// [`CLOSE_TIMEOUT`] for the runners to finish; `idle` is the manager's strong count once they have.
///
/// `ShardManager::shutdown_all` alone does not wait in serenity 0.12.5 once a shard has been restarted
/// (op 9 INVALID_SESSION with `d: false`): the restart leaves a stale "shutdown finished" notice in the
/// manager, so the next shutdown returns at once, the client stops, and the process exits before the new
/// runner has sent its close frame; the manager may even forget the runner before the queuer has passed
/// the shutdown on. So each runner is told directly, and the wait is on the runners themselves: serenity
/// gives no handle on their tasks, but each holds an `Arc<ShardManager>` until its task ends, as does the
/// shard queuer until `shutdown_all` stops it.
async fn close_shards(shards: &Arc<ShardManager>, idle: usize) {
    let runners: Vec<_> = shards.runners.lock().await.iter().map(|(id, r)| (*id, r.runner_tx.clone())).collect();
    for (id, runner) in &runners {
        runner.send_to_shard(ShardRunnerMessage::Shutdown(*id, NORMAL_CLOSURE));
    }
    let closed = async {
        shards.shutdown_all().await;
        while Arc::strong_count(shards) > idle {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    match tokio::time::timeout(CLOSE_TIMEOUT, closed).await {
        Ok(()) => tracing::info!(shards = runners.len(), "every shard closed its gateway socket"),
        Err(_) => tracing::warn!(
            shards = runners.len(),
            timeout_s = CLOSE_TIMEOUT.as_secs(),
            "shards still running at the close deadline: their sockets end without a close frame"
        ),
    }
    // `shutdown_all` returns without stopping the client when it knows no runner (as between a restart's
    // teardown and the new runner's start, or after the deadline); this stops it regardless.
    shards.return_with_value(Ok(())).await;
}

/// Sends the quiz's own channel messages (questions, reveals, results), in order, and closes a question's
/// buttons at its reveal by editing the message it was posted in. Question messages are remembered in the
/// quiz's store, so the instance that reveals a question need not be the one that posted it. A question
/// that cannot be posted ends its quiz (`quiz`), so the channel is not left with a session nobody can see.
/// It ends when the quiz service does (it holds it weakly, and the service holds the queue's sender).
pub async fn deliver_posts(
    http: Arc<Http>,
    mut queue: mpsc::UnboundedReceiver<ChannelPost>,
    quiz: Option<Weak<QuizService>>,
) {
    while let Some(post) = queue.recv().await {
        let quiz = quiz.as_ref().and_then(Weak::upgrade);
        match post {
            ChannelPost::Message { channel_id, answer, question } => {
                let Some(id) = snowflake(&channel_id) else { continue };
                let channel = ChannelId::new(id);
                let message = CreateMessage::new()
                    .embed(embed::layout(&answer).build())
                    .components(components(&answer))
                    .allowed_mentions(CreateAllowedMentions::new());
                match (channel.send_message(&http, message).await, question, &quiz) {
                    (Ok(sent), Some(question), Some(quiz)) => {
                        quiz.question_posted(question, &sent.id.to_string()).await
                    }
                    (Ok(_), ..) => {}
                    (Err(e), question, quiz) => {
                        tracing::error!(channel = id, error = %e, "posting a quiz message failed");
                        if let (Some(question), Some(quiz)) = (question, quiz) {
                            quiz.undelivered(question).await;
                        }
                    }
                }
            }
            ChannelPost::Close { channel_id, question, buttons } => {
                let known = match &quiz {
                    Some(quiz) => quiz.question_message(question).await,
                    None => None,
                };
                let (Some(channel), Some(message)) = (snowflake(&channel_id), known.as_deref().and_then(snowflake))
                else {
                    tracing::debug!(session = question.session, "a closed question's message is not known");
                    continue;
                };
                let (channel, message) = (ChannelId::new(channel), MessageId::new(message));
                let edit = EditMessage::new().components(button_rows(&buttons));
                if let Err(e) = channel.edit_message(&http, message, edit).await {
                    tracing::warn!(channel = channel.get(), error = %e, "closing a quiz question's buttons failed");
                }
            }
        }
    }
}

/// A Discord id (a non-zero number; serenity's id types refuse zero).
fn snowflake(id: &str) -> Option<u64> {
    id.parse::<u64>().ok().filter(|&n| n != 0)
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
