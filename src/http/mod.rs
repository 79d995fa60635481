//! Discord's HTTP interactions endpoint (axum): every request's Ed25519 signature and timestamp are checked
//! before anything is parsed, then the same dispatcher as the gateway answers in the response body.
//! Stateless apart from the shared quiz database, so identical instances can sit behind a load balancer.

mod metrics;
mod payload;
mod serve;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serenity::all::{CreateInteractionResponse, CreateInteractionResponseMessage, Http, Interaction};
use serenity::interactions_endpoint::Verifier;
use sha2::{Digest, Sha256};

pub use metrics::Metrics;
pub use serve::serve;

use crate::app::App;
use crate::config::{HttpSettings, Secret};
use crate::discord::{Reply, answers_privately, opens_form, respond};
use payload::Payload;

/// Requests signed more than this many seconds away from now are refused (replays).
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;
/// A deferred answer is sent this many times at most (Discord's webhooks fail now and then, and a failed
/// send would leave "thinking…" until the token expires)...
const FOLLOW_UP_ATTEMPTS: u32 = 3;
/// ...waiting this long before the first retry, twice as long before each next one.
const FOLLOW_UP_FIRST_RETRY_MS: u64 = 500;
/// Discord's message flag for an ephemeral message.
const EPHEMERAL: u64 = 1 << 6;

/// Why the endpoint could not start.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// No or invalid public key.
    #[error("discord.public_key must be the application's 64-digit hex public key")]
    PublicKey,
    /// Metrics could not be registered.
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
}

/// What every request handler shares.
#[derive(Clone)]
pub struct Endpoint {
    app: Arc<App>,
    verifier: Verifier,
    metrics: Metrics,
    clock: fn() -> i64,
    respond_within: Duration,
    followups: Option<Arc<Http>>,
    /// Set by [`Endpoint::router`] from the settings.
    metrics_token: Option<Arc<Secret>>,
}

impl Endpoint {
    /// An endpoint over the assembled app for the application with this public key (hex). `followups`
    /// sends deferred answers.
    pub fn new(
        app: Arc<App>,
        public_key: &str,
        clock: fn() -> i64,
        respond_within: Duration,
        followups: Option<Arc<Http>>,
    ) -> Result<Self, HttpError> {
        let bytes: [u8; 32] =
            hex::decode(public_key.trim()).ok().and_then(|b| b.try_into().ok()).ok_or(HttpError::PublicKey)?;
        let verifier = Verifier::try_new(bytes).map_err(|_| HttpError::PublicKey)?;
        Ok(Self { app, verifier, metrics: Metrics::new()?, clock, respond_within, followups, metrics_token: None })
    }

    /// The routes: `POST /interactions` (a body over `max_body_bytes` gets 413, one not received within
    /// `read_timeout_ms` 408), `GET /healthz`, and `GET /metrics` (behind `metrics_token` when one is set).
    /// Serve them with [`serve`], which bounds the reading of request headers too.
    pub fn router(mut self, settings: &HttpSettings) -> Router {
        self.metrics_token = settings.metrics_token().cloned().map(Arc::new);
        let counted = axum::middleware::from_fn_with_state(self.clone(), counted);
        let read_body = axum::middleware::from_fn_with_state(settings.read_timeout(), read_body_within);
        Router::new()
            .route("/interactions", post(interaction).layer(read_body).layer(counted))
            .route("/healthz", get(healthz))
            .route("/metrics", get(metrics_text))
            .layer(DefaultBodyLimit::max(settings.max_body_bytes))
            .with_state(self)
    }
}

async fn healthz(State(e): State<Endpoint>) -> Response {
    let passages = e.app.core.knowledge.article.passages.len();
    ([(header::CONTENT_TYPE, "application/json")], format!("{{\"status\":\"ready\",\"passages\":{passages}}}"))
        .into_response()
}

/// The metrics, to a scraper that shows the configured token (RFC 6750 bearer), or to anyone when none is.
async fn metrics_text(State(e): State<Endpoint>, headers: HeaderMap) -> Response {
    if let Some(token) = &e.metrics_token
        && !bearer_matches(&headers, token)
    {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], e.metrics.render()).into_response()
}

/// Whether the request carries `Authorization: Bearer <token>` (the scheme in any case). The digests are
/// compared byte by byte without stopping early, so the time taken tells nothing about the token.
fn bearer_matches(headers: &HeaderMap, token: &Secret) -> bool {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .and_then(|(scheme, credentials)| scheme.eq_ignore_ascii_case("bearer").then_some(credentials.trim()));
    let Some(presented) = presented else { return false };
    let (presented, expected) =
        (Sha256::digest(presented.as_bytes()), Sha256::digest(token.expose().trim().as_bytes()));
    presented.iter().zip(expected.iter()).fold(0u8, |differ, (a, b)| differ | (a ^ b)) == 0
}

/// Reads the whole body within `within` before the handler runs. Without it a client that sends the headers
/// and then trickles the body, a byte now and then, holds its connection (and a task) as long as it likes.
/// Late: 408 and the connection closed; over the size limit: 413, as the handler's own read would say.
async fn read_body_within(State(within): State<Duration>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let read = Bytes::from_request(Request::from_parts(parts.clone(), body), &());
    match tokio::time::timeout(within, read).await {
        Ok(Ok(bytes)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Ok(Err(rejection)) => rejection.into_response(),
        Err(_) => {
            tracing::debug!(read_timeout_ms = within.as_millis() as u64, "request body not received in time");
            (StatusCode::REQUEST_TIMEOUT, [(header::CONNECTION, HeaderValue::from_static("close"))]).into_response()
        }
    }
}

/// Counts every response of `/interactions` by status and time, those refused before the handler runs
/// (a body over the limit: 413; one too slow to arrive: 408) too.
async fn counted(State(e): State<Endpoint>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    e.metrics.requests.with_label_values(&[response.status().as_str()]).inc();
    e.metrics.latency.observe(started.elapsed().as_secs_f64());
    response
}

async fn interaction(State(e): State<Endpoint>, headers: HeaderMap, body: Bytes) -> Response {
    let started = Instant::now();
    let (status, response, command) = answer(&e, &headers, &body).await;
    if let Some(command) = command {
        e.metrics.commands.with_label_values(&[command]).inc();
    }
    tracing::info!(
        command = command.unwrap_or("-"),
        status = status.as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        "http interaction"
    );
    match response {
        Some(json) => (status, [(header::CONTENT_TYPE, "application/json")], json).into_response(),
        None => status.into_response(),
    }
}

/// Checks, parses and answers one request: (status, JSON body, command name as a metric label).
async fn answer(
    e: &Endpoint,
    headers: &HeaderMap,
    body: &Bytes,
) -> (StatusCode, Option<Vec<u8>>, Option<&'static str>) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (header("x-signature-ed25519"), header("x-signature-timestamp")) else {
        e.metrics.signature_failures.inc();
        return (StatusCode::UNAUTHORIZED, None, None);
    };
    let fresh = timestamp.parse::<i64>().is_ok_and(|t| ((e.clock)() - t).abs() <= MAX_CLOCK_SKEW_SECS);
    if !fresh || e.verifier.verify(signature, timestamp, body).is_err() {
        e.metrics.signature_failures.inc();
        return (StatusCode::UNAUTHORIZED, None, None);
    }
    let interaction: Interaction = match payload::parse(body) {
        // Discord refuses an endpoint URL that does not acknowledge a PING, whatever else it carries.
        Ok(Payload::Ping) => return (StatusCode::OK, Some(br#"{"type":1}"#.to_vec()), Some("ping")),
        Ok(Payload::Interaction(i)) => *i,
        Err(err) => {
            tracing::warn!(error = %err, "malformed interaction payload");
            return (StatusCode::BAD_REQUEST, Some(br#"{"error":"malformed interaction"}"#.to_vec()), None);
        }
    };
    let command = match &interaction {
        Interaction::Command(c) | Interaction::Autocomplete(c) => Some(metric_label(&c.data.name)),
        Interaction::Component(_) => Some("button"),
        Interaction::Modal(_) => Some("modal"),
        _ => None,
    };
    let work = {
        let (app, interaction) = (Arc::clone(&e.app), interaction.clone());
        // A task of its own, so a deferred answer goes on after the acknowledgement, and a panic is caught.
        tokio::spawn(async move { respond(&app, &interaction).await })
    };
    let mut work = work;
    // Autocomplete must get its choices (type 8), and a press that opens a form its form (type 9): neither
    // can be deferred, and both are instant. Otherwise a zero budget defers every answer: acknowledge
    // first, answer through the webhook.
    let deferrable = matches!(interaction, Interaction::Command(_) | Interaction::Component(_) | Interaction::Modal(_))
        && !opens_form(&interaction);
    let ready = if !deferrable {
        Ok((&mut work).await)
    } else if e.respond_within.is_zero() {
        Err(())
    } else {
        tokio::time::timeout(e.respond_within, &mut work).await.map_err(|_| ())
    };
    // A response with files cannot go in this JSON body: it is deferred and sent as a multipart followup.
    let (ready, work) = match ready {
        Ok(Ok(reply)) if !reply.files.is_empty() => (Err(()), Work::Done(Box::new(reply))),
        other => (other, Work::Running(work)),
    };
    match ready {
        Ok(Ok(Reply { response: Some(response), .. })) => (StatusCode::OK, response_body(&response), command),
        Ok(Ok(Reply { response: None, .. })) => {
            (StatusCode::BAD_REQUEST, Some(br#"{"error":"unsupported interaction"}"#.to_vec()), command)
        }
        Ok(Err(join)) => {
            tracing::error!(error = %join, "answering an interaction panicked");
            (StatusCode::INTERNAL_SERVER_ERROR, None, command)
        }
        Err(_) => {
            // Too slow for Discord's 3 s: acknowledge now, finish through the followup webhook. A button
            // press is acknowledged as an update of its message (type 6), which leaves the message as it is;
            // its answer then comes as a new private followup. A command's deferral (type 5) fixes who
            // sees the answer, so that is read from the command's description.
            let private = answers_privately(&e.app, &interaction);
            let defer = match interaction {
                Interaction::Component(_) => CreateInteractionResponse::Acknowledge,
                _ => CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(private)),
            };
            tokio::spawn(follow_up(e.followups.clone(), interaction, work, private));
            (StatusCode::OK, response_body(&defer), command)
        }
    }
}

/// The answer a followup sends: still being computed, or computed already (a response with files).
enum Work {
    /// The task computing it.
    Running(tokio::task::JoinHandle<Reply>),
    /// Computed.
    Done(Box<Reply>),
}

impl Work {
    async fn reply(self) -> Option<Reply> {
        match self {
            Self::Running(task) => task.await.ok(),
            Self::Done(reply) => Some(*reply),
        }
    }
}

/// Whether a failed webhook call may succeed if sent again: Discord's own failures (5xx), rate limits and
/// lost connections may; a refusal (4xx: the message or token is gone) or a reply that was delivered but
/// could not be read will not, and sending again could post the answer twice.
fn worth_retrying(error: &serenity::Error) -> bool {
    use serenity::http::HttpError;
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            response.status_code.is_server_error() || response.status_code.as_u16() == 429
        }
        serenity::Error::Http(HttpError::Request(_)) => true,
        _ => false,
    }
}

/// A response as the JSON Discord documents: types without data (PONG, the deferrals of a button press)
/// carry no `data` field at all rather than `"data": null`.
fn response_body(response: &CreateInteractionResponse) -> Option<Vec<u8>> {
    let mut value = serde_json::to_value(response).ok()?;
    if let Some(object) = value.as_object_mut()
        && object.get("data").is_some_and(serde_json::Value::is_null)
    {
        object.remove("data");
    }
    serde_json::to_vec(&value).ok()
}

/// A command's name as a metric label: one of the bot's own, or "unknown", so a sender cannot grow the
/// label set without bound.
fn metric_label(name: &str) -> &'static str {
    crate::commands::find(name).map_or("unknown", |c| c.spec.name)
}

/// Sends a deferred answer as the edit of the original response (the interaction token is valid 15 min).
/// An answer that turned out private after a public acknowledgement (a refusal) must not become public:
/// the public placeholder is deleted and the answer sent as an ephemeral followup message.
async fn follow_up(http: Option<Arc<Http>>, interaction: Interaction, work: Work, deferred_privately: bool) {
    let Some(http) = http else {
        tracing::error!("an answer was deferred but no Discord client is configured to send it");
        return;
    };
    let Some(Reply { response: Some(CreateInteractionResponse::Message(message)), files, .. }) = work.reply().await
    else {
        return;
    };
    let application = match &interaction {
        Interaction::Command(c) | Interaction::Autocomplete(c) => c.application_id,
        Interaction::Component(c) => c.application_id,
        Interaction::Modal(m) => m.application_id,
        _ => return,
    };
    http.set_application_id(application);
    let mut body = serde_json::to_value(&message).unwrap_or_default();
    let private = body["flags"].as_u64().is_some_and(|flags| flags & EPHEMERAL != 0);
    let token = interaction.token();
    // A button press was acknowledged without a message of its own: its answer is a new followup.
    let pressed = matches!(interaction, Interaction::Component(_));
    let replace = pressed || (private && !deferred_privately);
    // A message's visibility was fixed at the deferral: an edit carries no ephemeral flag.
    if !replace && let Some(object) = body.as_object_mut() {
        object.remove("flags");
    }
    let mut delay = Duration::from_millis(FOLLOW_UP_FIRST_RETRY_MS);
    let mut placeholder_deleted = false;
    for attempt in 1..=FOLLOW_UP_ATTEMPTS {
        let sent = if replace {
            let deleted = if placeholder_deleted || pressed {
                Ok(())
            } else {
                http.delete_original_interaction_response(token).await
            };
            placeholder_deleted |= deleted.is_ok();
            match deleted {
                Ok(()) => http.create_followup_message(token, &body, files.clone()).await.map(|_| ()),
                Err(err) => Err(err),
            }
        } else {
            http.edit_original_interaction_response(token, &body, files.clone()).await.map(|_| ())
        };
        match sent {
            Ok(()) => return,
            Err(err) if attempt < FOLLOW_UP_ATTEMPTS && worth_retrying(&err) => {
                tracing::warn!(error = %err, attempt, "sending a deferred answer failed; retrying");
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
            Err(err) => {
                tracing::error!(error = %err, attempts = attempt, "sending a deferred answer failed");
                return;
            }
        }
    }
}
