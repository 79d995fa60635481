//! A fake Discord on 127.0.0.1 for end-to-end tests of the real serenity client: REST with axum, the
//! gateway with tokio-tungstenite. It records every REST request, answers heartbeats, can push
//! interactions, raw frames, or an invalid session, or drop the connection, and records how each gateway
//! connection ended. Payload shapes follow the Discord API docs.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use futures_util::{SinkExt, StreamExt};
use myositis_bot::config::{DataSettings, DiscordSettings, QuizSettings, RegisterMode, Settings, ShardRange};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, mpsc};
use tokio_tungstenite::tungstenite::Message;

pub mod signing;

pub const APP_ID: u64 = 1000;
pub const BOT_ID: u64 = 1001;
pub const GUILD_ID: u64 = 2000;
pub const CHANNEL_ID: u64 = 5000;

/// One REST request the bot made.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub body: String,
    /// The body as sent (a multipart body holds files).
    pub bytes: Vec<u8>,
}

impl Request {
    /// The body as JSON (Null when empty or not JSON); for a multipart body (a message with files), its
    /// `payload_json` part.
    pub fn json(&self) -> Value {
        match self.part("name=\"payload_json\"") {
            Some(payload) => serde_json::from_slice(&payload).unwrap_or(Value::Null),
            None => serde_json::from_str(&self.body).unwrap_or(Value::Null),
        }
    }

    /// The content of the multipart part whose headers contain `marker` (e.g. `filename="chart.png"`).
    pub fn part(&self, marker: &str) -> Option<Vec<u8>> {
        let body = &self.bytes;
        let end_of_line = body.windows(2).position(|w| w == b"\r\n")?;
        let boundary = &body[..end_of_line];
        if !boundary.starts_with(b"--") {
            return None;
        }
        let mut parts = Vec::new();
        let mut rest = &body[end_of_line + 2..];
        while let Some(at) = rest.windows(boundary.len()).position(|w| w == boundary) {
            parts.push(&rest[..at.saturating_sub(2)]);
            rest = &rest[at + boundary.len()..];
            rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
        }
        parts.into_iter().find_map(|part| {
            let split = part.windows(4).position(|w| w == b"\r\n\r\n")?;
            let headers = String::from_utf8_lossy(&part[..split]);
            headers.contains(marker).then(|| part[split + 4..].to_vec())
        })
    }
}

enum Action {
    Send(String),
    Drop,
}

/// How one gateway connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The bot sent a close frame with this code (1005 when the frame had none).
    Closed(u16),
    /// The socket ended without a close frame from the bot (what Discord reports as 1006).
    Abrupt,
    /// The fake dropped it ([`FakeDiscord::drop_connection`]).
    Dropped,
}

/// One gateway connection per entry, in the order they were accepted: `None` while open.
pub type Endings = Arc<std::sync::Mutex<Vec<Option<Ending>>>>;

/// What every gateway connection shares.
#[derive(Clone)]
struct Gateway {
    actions: Arc<Mutex<mpsc::UnboundedReceiver<Action>>>,
    sessions: Arc<AtomicU64>,
    identifies: Arc<AtomicU64>,
    intents: Arc<AtomicU64>,
    shards: Shards,
    sequence: Arc<AtomicU64>,
    endings: Endings,
    ws_url: String,
}

/// The `shard` field ([id, total]) of each IDENTIFY, in the order they came.
pub type Shards = Arc<std::sync::Mutex<Vec<Value>>>;

#[derive(Clone)]
struct Rest {
    ws_url: String,
    log: mpsc::UnboundedSender<Request>,
    /// How many webhook requests still to fail with 500, as Discord's webhooks sometimes do.
    failing_webhooks: Arc<AtomicU64>,
    /// The id of the next message created, so each posted message can be edited by its own id.
    next_message: Arc<AtomicU64>,
    /// How many webhook requests still to refuse with 404 Unknown Message.
    gone_webhooks: Arc<AtomicU64>,
}

/// The running fake. Dropping it stops nothing (the test runtime ends the tasks).
pub struct FakeDiscord {
    /// Base URL for `discord.api_base_url`.
    pub http_base: String,
    requests: mpsc::UnboundedReceiver<Request>,
    /// Everything received so far.
    pub seen: Vec<Request>,
    actions: mpsc::UnboundedSender<Action>,
    /// How many IDENTIFY (op 2) and RESUME (op 6) the gateway received.
    pub sessions: Arc<AtomicU64>,
    /// How many IDENTIFY (op 2) alone.
    pub identifies: Arc<AtomicU64>,
    /// How each gateway connection ended, in the order they were accepted.
    pub endings: Endings,
    /// The intents of the last IDENTIFY.
    pub intents: Arc<AtomicU64>,
    /// The shard of every IDENTIFY.
    pub shards: Shards,
    /// Set to fail that many of the next webhook requests with 500.
    pub failing_webhooks: Arc<AtomicU64>,
    /// Set to refuse that many of the next webhook requests with 404 Unknown Message.
    pub gone_webhooks: Arc<AtomicU64>,
    sequence: Arc<AtomicU64>,
}

impl FakeDiscord {
    /// The settings of a gateway bot against this fake: registering in [`GUILD_ID`], its quiz data in
    /// `data`, running `shards` (all when `None`).
    pub fn bot_settings(&self, data: &std::path::Path, quiz: QuizSettings, shards: Option<ShardRange>) -> Settings {
        Settings {
            discord: DiscordSettings {
                token: Some("fake-token".into()),
                register: RegisterMode::Guild,
                guild_ids: vec![GUILD_ID],
                api_base_url: Some(self.http_base.clone()),
                public_key: None,
                shards,
            },
            quiz,
            data: DataSettings { dir: data.to_owned(), url: None },
            ..Settings::default()
        }
    }

    /// Binds REST and gateway listeners on 127.0.0.1 and serves them.
    pub async fn start() -> Self {
        let rest_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind REST");
        let ws_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind gateway");
        let http_base = format!("http://{}", rest_listener.local_addr().expect("addr"));
        let ws_url = format!("ws://{}", ws_listener.local_addr().expect("addr"));
        let (log, requests) = mpsc::unbounded_channel();
        let failing_webhooks = Arc::new(AtomicU64::new(0));
        let gone_webhooks = Arc::new(AtomicU64::new(0));
        let rest = Rest {
            ws_url,
            log,
            failing_webhooks: Arc::clone(&failing_webhooks),
            next_message: Arc::new(AtomicU64::new(7000)),
            gone_webhooks: Arc::clone(&gone_webhooks),
        };
        let app = Router::new()
            .route("/api/v10/gateway", get(gateway_url))
            .route("/api/v10/gateway/bot", get(gateway_bot))
            .fallback(record)
            .with_state(rest.clone());
        tokio::spawn(async move { axum::serve(rest_listener, app).await.expect("REST serves") });

        let (actions, action_rx) = mpsc::unbounded_channel();
        let gateway = Gateway {
            actions: Arc::new(Mutex::new(action_rx)),
            sessions: Arc::new(AtomicU64::new(0)),
            identifies: Arc::new(AtomicU64::new(0)),
            intents: Arc::new(AtomicU64::new(u64::MAX)),
            shards: Shards::default(),
            sequence: Arc::new(AtomicU64::new(0)),
            endings: Endings::default(),
            ws_url: rest.ws_url.clone(),
        };
        let shared = gateway.clone();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = ws_listener.accept().await else { return };
                tokio::spawn(connection(tcp, shared.clone()));
            }
        });
        let Gateway { sessions, identifies, intents, shards, sequence, endings, .. } = gateway;
        Self {
            http_base,
            requests,
            seen: Vec::new(),
            actions,
            sessions,
            identifies,
            endings,
            intents,
            shards,
            failing_webhooks,
            gone_webhooks,
            sequence,
        }
    }

    /// The real binary, as `myositis-bot` with a token would run it, pointed at this fake (guild
    /// registration, its database in `data`, info logs on stderr); callers add what they test.
    pub fn bot_binary(&self, data: &std::path::Path, token: &str) -> tokio::process::Command {
        let knowledge = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_myositis-bot"));
        command
            .arg("--knowledge")
            .arg(knowledge)
            .env("MYOSITIS_BOT__DISCORD__TOKEN", token)
            .env("MYOSITIS_BOT__DISCORD__API_BASE_URL", &self.http_base)
            .env("MYOSITIS_BOT__DISCORD__REGISTER", "guild")
            .env("MYOSITIS_BOT__DISCORD__GUILD_IDS", GUILD_ID.to_string())
            .env("MYOSITIS_BOT__LOG__LEVEL", "info")
            .env("MYOSITIS_BOT__DATA__DIR", data)
            .env_remove("RUST_LOG")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        command
    }

    /// Pushes an INTERACTION_CREATE dispatch.
    pub fn interaction(&self, d: Value) {
        let s = self.sequence.fetch_add(1, Ordering::SeqCst) + 1;
        self.raw(&json!({"op": 0, "s": s, "t": "INTERACTION_CREATE", "d": d}).to_string());
    }

    /// Pushes a raw text frame (e.g. a malformed payload).
    pub fn raw(&self, text: &str) {
        let _ = self.actions.send(Action::Send(text.to_owned()));
    }

    /// Closes the gateway connection without a close frame, like a network failure.
    pub fn drop_connection(&self) {
        let _ = self.actions.send(Action::Drop);
    }

    /// Sends INVALID_SESSION (op 9); with `resumable` false the bot must IDENTIFY afresh.
    pub fn invalidate_session(&self, resumable: bool) {
        self.raw(&json!({"op": 9, "d": resumable}).to_string());
    }

    /// Waits until gateway connection `index` (0 for the first accepted) has ended, failing the test
    /// after `secs` with the endings seen so far.
    pub async fn ending(&self, index: usize, secs: u64) -> Ending {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let endings = self.endings.lock().expect("endings").clone();
            if let Some(Some(ending)) = endings.get(index) {
                return *ending;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for gateway connection {index} to end; endings so far {endings:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until a request matches, failing the test after `secs` with what was seen.
    /// Everything received until now, without waiting for more.
    pub fn seen_now(&mut self) -> &[Request] {
        while let Ok(r) = self.requests.try_recv() {
            self.seen.push(r);
        }
        &self.seen
    }

    pub async fn wait_for(&mut self, what: &str, secs: u64, matches: impl Fn(&Request) -> bool) -> Request {
        if let Some(r) = self.seen.iter().find(|r| matches(r)) {
            return r.clone();
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            match tokio::time::timeout_at(deadline, self.requests.recv()).await {
                Ok(Some(r)) => {
                    self.seen.push(r.clone());
                    if matches(&r) {
                        return r;
                    }
                }
                _ => panic!(
                    "timed out waiting for {what}; saw {:#?}",
                    self.seen.iter().map(|r| (&r.method, &r.path)).collect::<Vec<_>>()
                ),
            }
        }
    }

    /// Waits until `count` requests match in all (those seen already included).
    pub async fn wait_for_count(&mut self, what: &str, secs: u64, count: usize, matches: impl Fn(&Request) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        while self.seen.iter().filter(|r| matches(r)).count() < count {
            match tokio::time::timeout_at(deadline, self.requests.recv()).await {
                Ok(Some(r)) => self.seen.push(r),
                _ => panic!("timed out waiting for {what}"),
            }
        }
    }

    /// Waits for the interaction callback of interaction `id`, returning its JSON body.
    pub async fn callback(&mut self, id: u64) -> Value {
        let prefix = format!("/api/v10/interactions/{id}/");
        self.wait_for(&format!("callback of interaction {id}"), 20, |r| {
            r.method == "POST" && r.path.starts_with(&prefix)
        })
        .await
        .json()
    }
}

async fn gateway_url(State(rest): State<Rest>) -> Json<Value> {
    Json(json!({"url": rest.ws_url}))
}

async fn gateway_bot(State(rest): State<Rest>) -> Json<Value> {
    Json(json!({"url": rest.ws_url, "shards": 1,
        "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}}))
}

async fn record(State(rest): State<Rest>, method: Method, uri: Uri, body: Bytes) -> impl IntoResponse {
    let request = Request {
        method: method.to_string(),
        path: uri.path().to_owned(),
        body: String::from_utf8_lossy(&body).into_owned(),
        bytes: body.to_vec(),
    };
    let _ = rest.log.send(request.clone());
    let path = request.path.as_str();
    if path.starts_with("/api/v10/interactions/") && path.ends_with("/callback") {
        return StatusCode::NO_CONTENT.into_response();
    }
    if path.contains("/commands") && request.method == "PUT" {
        return Json(json!([])).into_response();
    }
    if path.starts_with("/api/v10/webhooks/")
        && rest.failing_webhooks.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
    {
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"message": "500: Internal Server Error", "code": 0})))
            .into_response();
    }
    if path.starts_with("/api/v10/webhooks/")
        && rest.gone_webhooks.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok()
    {
        return (StatusCode::NOT_FOUND, Json(json!({"message": "Unknown Message", "code": 10008}))).into_response();
    }
    if path.starts_with("/api/v10/webhooks/") && request.method == "DELETE" {
        return StatusCode::NO_CONTENT.into_response();
    }
    if path.starts_with("/api/v10/webhooks/") || (path.starts_with("/api/v10/channels/") && path.ends_with("/messages"))
    {
        let id = rest.next_message.fetch_add(1, Ordering::SeqCst);
        return Json(message_json(id, &request.json())).into_response();
    }
    // An edit of a message the bot posted: PATCH /channels/{channel}/messages/{message}.
    if let Some((_, id)) = path.strip_prefix("/api/v10/channels/").and_then(|rest| rest.split_once("/messages/"))
        && request.method == "PATCH"
        && let Ok(id) = id.parse::<u64>()
    {
        return Json(message_json(id, &request.json())).into_response();
    }
    (StatusCode::NOT_FOUND, Json(json!({"message": "Unknown route in the fake", "code": 0}))).into_response()
}

fn message_json(id: u64, body: &Value) -> Value {
    json!({
        "id": id.to_string(), "channel_id": CHANNEL_ID.to_string(), "content": body["content"].as_str().unwrap_or_default(),
        "author": {"id": BOT_ID.to_string(), "username": "myositis-bot", "discriminator": "0", "avatar": null, "bot": true},
        "timestamp": "2026-01-01T00:00:00.000000+00:00", "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
        "pinned": false, "type": 20
    })
}

async fn connection(tcp: TcpStream, gateway: Gateway) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(tcp).await else { return };
    let index = {
        let mut endings = gateway.endings.lock().expect("endings");
        endings.push(None);
        endings.len() - 1
    };
    let ending = serve(&mut ws, &gateway).await;
    gateway.endings.lock().expect("endings")[index] = Some(ending);
}

/// Serves one gateway connection until it ends, saying how.
async fn serve(ws: &mut tokio_tungstenite::WebSocketStream<TcpStream>, gateway: &Gateway) -> Ending {
    let Gateway { sessions, identifies, intents, shards, sequence, ws_url, .. } = gateway;
    let mut actions = gateway.actions.lock().await;
    if ws.send(Message::Text(json!({"op": 10, "d": {"heartbeat_interval": 41250}}).to_string())).await.is_err() {
        return Ending::Abrupt;
    }
    let mut ready = false;
    // Set by the bot's close frame; the socket then ends once tungstenite has echoed it.
    let mut closed = None;
    loop {
        tokio::select! {
            frame = ws.next() => {
                let Some(Ok(frame)) = frame else { return closed.unwrap_or(Ending::Abrupt) };
                if let Message::Close(close) = &frame {
                    closed = Some(Ending::Closed(close.as_ref().map_or(1005, |c| c.code.into())));
                    continue;
                }
                let Message::Text(text) = frame else { continue };
                let Ok(v) = serde_json::from_str::<Value>(&text) else { continue };
                let reply = match v["op"].as_u64() {
                    Some(1) => Some(json!({"op": 11})),
                    Some(2) => {
                        sessions.fetch_add(1, Ordering::SeqCst);
                        identifies.fetch_add(1, Ordering::SeqCst);
                        intents.store(v["d"]["intents"].as_u64().unwrap_or(u64::MAX), Ordering::SeqCst);
                        shards.lock().expect("shards").push(v["d"]["shard"].clone());
                        ready = true;
                        let s = sequence.fetch_add(1, Ordering::SeqCst) + 1;
                        Some(json!({"op": 0, "s": s, "t": "READY", "d": {
                            "v": 10,
                            "user": {"id": BOT_ID.to_string(), "username": "myositis-bot", "discriminator": "0", "avatar": null, "bot": true},
                            "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
                            "session_id": "fake-session", "resume_gateway_url": ws_url,
                            "shard": [0, 1], "application": {"id": APP_ID.to_string(), "flags": 0}
                        }}))
                    }
                    Some(6) => {
                        sessions.fetch_add(1, Ordering::SeqCst);
                        ready = true;
                        let s = sequence.fetch_add(1, Ordering::SeqCst) + 1;
                        Some(json!({"op": 0, "s": s, "t": "RESUMED", "d": {}}))
                    }
                    _ => None,
                };
                if let Some(reply) = reply
                    && ws.send(Message::Text(reply.to_string())).await.is_err() {
                        return closed.unwrap_or(Ending::Abrupt);
                    }
            }
            action = actions.recv(), if ready && closed.is_none() => match action {
                Some(Action::Send(text)) => {
                    if ws.send(Message::Text(text)).await.is_err() {
                        return closed.unwrap_or(Ending::Abrupt);
                    }
                }
                Some(Action::Drop) | None => return Ending::Dropped,
            },
        }
    }
}

/// A slash-command interaction as Discord sends it (type 2), from a member with all permissions.
pub fn command(id: u64, name: &str, options: Value) -> Value {
    json!({
        "id": id.to_string(), "application_id": APP_ID.to_string(), "type": 2, "token": format!("tok-{id}"),
        "version": 1,
        "data": {"id": "4000", "name": name, "type": 1, "options": options},
        "guild_id": GUILD_ID.to_string(), "channel_id": CHANNEL_ID.to_string(),
        "member": {
            "user": {"id": "6000", "username": "resident", "discriminator": "0", "global_name": "Resident", "avatar": null},
            "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false,
            "flags": 0, "permissions": "2147483647"
        },
        "locale": "en-US", "guild_locale": "en-US", "app_permissions": "2147483647",
        "entitlements": [], "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        "context": 0, "attachment_size_limit": 8388608
    })
}

/// An autocomplete interaction (type 4) with the focused option's partial value.
pub fn autocomplete(id: u64, name: &str, option: &str, typed: &str) -> Value {
    let mut v = command(id, name, json!([{"name": option, "type": 3, "value": typed, "focused": true}]));
    v["type"] = json!(4);
    v
}

/// A `/quiz <sub>` interaction from member `user` (with `permissions`, a decimal bit set).
pub fn quiz(id: u64, sub: &str, options: Value, user: u64, permissions: &str) -> Value {
    let mut v = command(id, "quiz", json!([{"name": sub, "type": 1, "options": options}]));
    v["member"]["user"]["id"] = json!(user.to_string());
    v["member"]["permissions"] = json!(permissions);
    v
}

/// A button press (interaction type 3) on `custom_id` by member `user`.
pub fn press(id: u64, custom_id: &str, user: u64) -> Value {
    let mut v = command(id, "", json!([]));
    v["type"] = json!(3);
    v["data"] = json!({"custom_id": custom_id, "component_type": 2});
    v["message"] = message_json(7000, &json!({"content": ""}));
    v["member"]["user"]["id"] = json!(user.to_string());
    v["member"]["user"]["username"] = json!(format!("member{user}"));
    v
}

/// A submitted form (interaction type 5, a modal) with `custom_id` and its text fields, by member `user`.
pub fn form(id: u64, custom_id: &str, fields: &[(&str, &str)], user: u64) -> Value {
    let mut v = command(id, "", json!([]));
    v["type"] = json!(5);
    let rows: Vec<Value> = fields
        .iter()
        .map(|(field, value)| json!({"type": 1, "components": [{"type": 4, "custom_id": field, "value": value}]}))
        .collect();
    v["data"] = json!({"custom_id": custom_id, "components": rows});
    v["member"]["user"]["id"] = json!(user.to_string());
    v
}

/// A modal submit whose text inputs come each in a label (type 18), the layout Discord's components
/// reference now recommends: `{"type": 18, "id", "component": {"type": 4, "id", "custom_id", "value"}}`.
pub fn form_in_labels(id: u64, custom_id: &str, fields: &[(&str, &str)], user: u64) -> Value {
    let mut v = form(id, custom_id, &[], user);
    let labels: Vec<Value> = (1..)
        .step_by(2)
        .zip(fields)
        .map(|(n, (field, value))| {
            json!({"type": 18, "id": n, "component": {"type": 4, "id": n + 1, "custom_id": field, "value": value}})
        })
        .collect();
    v["data"]["components"] = json!(labels);
    v
}

/// An integer option.
pub fn integer(name: &str, value: i64) -> Value {
    json!({"name": name, "type": 4, "value": value})
}

/// A string option.
pub fn text(name: &str, value: &str) -> Value {
    json!({"name": name, "type": 3, "value": value})
}

/// A number option.
pub fn number(name: &str, value: f64) -> Value {
    json!({"name": name, "type": 10, "value": value})
}

/// A boolean option.
pub fn flag(name: &str, value: bool) -> Value {
    json!({"name": name, "type": 5, "value": value})
}
