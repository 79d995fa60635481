//! The gateway transport: a serenity client that registers the slash commands when ready, answers every
//! interaction through [`respond`], logs one line per interaction, and shuts down gracefully.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serenity::all::{
    Builder, ChannelId, Client, ClientBuilder, Command, Context, CreateAllowedMentions, CreateMessage, EventHandler,
    GatewayIntents, GuildId, Http, HttpBuilder, Interaction, Ready, ResumedEvent,
};
use tokio::sync::{Notify, mpsc};

use super::embed;
use super::register::application_commands;
use super::respond::{Outcome, components, respond};
use crate::Core;
use crate::config::{RegisterMode, Settings};
use crate::quiz::{ChannelPost, QuizService, QuizStore, system_clock};

/// How long shutdown waits for answers that are being sent.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the Discord transport could not start or run.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// No token configured.
    #[error("no Discord token: set MYOSITIS_BOT__DISCORD__TOKEN or discord.token")]
    NoToken,
    /// `register = "guild"` without guilds.
    #[error("discord.register = \"guild\" needs discord.guild_ids")]
    NoGuilds,
    /// serenity failed.
    #[error("discord: {0}")]
    Serenity(#[from] serenity::Error),
    /// The quiz database could not be opened.
    #[error(transparent)]
    Store(#[from] crate::quiz::StoreError),
    /// The quiz service could not start.
    #[error("quiz: {0}")]
    Quiz(String),
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
    core: Arc<Core>,
    quiz: Arc<QuizService>,
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
            _ => "other".to_owned(),
        };
        let (response, mut outcome) = respond(&self.core, Some(&self.quiz), &interaction);
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
    /// The serenity client; `start()` it.
    pub client: Client,
    in_flight: Arc<InFlight>,
}

impl Bot {
    /// Builds the client exactly as production runs it; `discord.api_base_url` points it elsewhere. Opens
    /// (creating) the quiz database under `data.dir`.
    pub async fn build(core: Arc<Core>, all: &Settings) -> Result<Self, DiscordError> {
        let settings = &all.discord;
        let token = settings.token.as_ref().filter(|t| !t.is_empty()).ok_or(DiscordError::NoToken)?;
        if settings.register == RegisterMode::Guild && settings.guild_ids.is_empty() {
            return Err(DiscordError::NoGuilds);
        }
        let mut http = HttpBuilder::new(token.expose());
        if let Some(base) = &settings.api_base_url {
            // serenity's rate limiter ignores the proxy, so it must be off; limiting is the proxy's job.
            http = http.proxy(base.trim_end_matches('/')).ratelimiter_disabled(true);
        }
        let store = Arc::new(QuizStore::open(&all.data.dir.join("quiz.sqlite3"))?);
        let (posts, post_queue) = mpsc::unbounded_channel();
        let quiz = QuizService::new(Arc::clone(&core), store, all.quiz.clone(), posts, system_clock, true)
            .map_err(|e| DiscordError::Quiz(e.to_string()))?;
        let in_flight = Arc::new(InFlight::default());
        let handler = Handler {
            core,
            quiz,
            register: settings.register,
            guild_ids: settings.guild_ids.clone(),
            in_flight: Arc::clone(&in_flight),
        };
        // Slash commands need no intents: interactions arrive regardless.
        let client = ClientBuilder::new_with_http(http.build(), GatewayIntents::empty()).event_handler(handler).await?;
        tokio::spawn(deliver_posts(Arc::clone(&client.http), post_queue));
        Ok(Self { client, in_flight })
    }

    /// Runs until SIGTERM or Ctrl-C, then closes the shards and waits for answers being sent.
    pub async fn run_until_signal(mut self) -> Result<(), DiscordError> {
        let shards = Arc::clone(&self.client.shard_manager);
        let in_flight = Arc::clone(&self.in_flight);
        let signalled = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&signalled);
        let stopper = tokio::spawn(async move {
            shutdown_signal().await;
            stopping.store(true, Ordering::SeqCst);
            tracing::info!("shutting down: closing shards");
            shards.shutdown_all().await;
            if tokio::time::timeout(DRAIN_TIMEOUT, in_flight.drained()).await.is_err() {
                tracing::warn!("some answers were still being sent at shutdown");
            }
        });
        let result = self.client.start_autosharded().await;
        if signalled.load(Ordering::SeqCst) {
            let _ = stopper.await;
            tracing::info!("shut down");
        } else {
            stopper.abort();
        }
        Ok(result?)
    }
}

/// Sends the quiz's own channel messages (reveals, next questions, results), in order.
pub async fn deliver_posts(http: Arc<Http>, mut queue: mpsc::UnboundedReceiver<ChannelPost>) {
    while let Some(post) = queue.recv().await {
        let Ok(id) = post.channel_id.parse::<u64>() else { continue };
        let message = CreateMessage::new()
            .embed(embed::layout(&post.answer).build())
            .components(components(&post.answer))
            .allowed_mentions(CreateAllowedMentions::new());
        if let Err(e) = ChannelId::new(id).send_message(&http, message).await {
            tracing::error!(channel = id, error = %e, "posting a quiz message failed");
        }
    }
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
