//! Layered settings: built-in defaults, then an optional TOML file, then `MYOSITIS_BOT__…` environment
//! variables (`__` separates levels, e.g. `MYOSITIS_BOT__DISCORD__TOKEN`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A secret (the Discord token, the metrics token) that never appears in logs or debug output.
#[derive(Clone, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_empty() { "Secret(empty)" } else { "Secret(***)" })
    }
}

/// Where the knowledge files are.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeSettings {
    /// The folder; default: `knowledge/` in the working directory, else the one shipped with the source.
    pub dir: Option<PathBuf>,
}

/// Log output.
#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Logging.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// A tracing filter, e.g. "info" or "myositis_bot=debug"; `RUST_LOG` wins when set.
    pub level: Option<String>,
    /// text or json.
    #[serde(default)]
    pub format: LogFormat,
}

/// Where slash commands are registered when the bot connects.
#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RegisterMode {
    /// In each of `discord.guild_ids`: instant, for development and private servers.
    Guild,
    /// Globally, for every server the bot is in (Discord may take a while to show changes).
    #[default]
    Global,
    /// Not at all (commands were registered elsewhere).
    None,
}

/// Discord connection.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DiscordSettings {
    /// Bot token; prefer the environment variable `MYOSITIS_BOT__DISCORD__TOKEN`.
    #[serde(default)]
    pub token: Option<Secret>,
    /// Where to register the slash commands.
    #[serde(default)]
    pub register: RegisterMode,
    /// Guilds for `register = "guild"`: a list in TOML, or "id,id" in the environment.
    #[serde(default, deserialize_with = "guild_ids")]
    pub guild_ids: Vec<u64>,
    /// Send every REST call and the gateway discovery here instead of https://discord.com (a REST proxy
    /// such as twilight-http-proxy, or a fake Discord in tests). Serenity's own rate limiter is then off:
    /// limiting is the proxy's job.
    #[serde(default)]
    pub api_base_url: Option<String>,
    /// The application's public key (hex), for verifying HTTP interactions (`serve-http`).
    #[serde(default)]
    pub public_key: Option<String>,
    /// The gateway shards this process runs, when several processes share the bot's shards; unset, one
    /// process runs as many shards as Discord recommends.
    #[serde(default)]
    pub shards: Option<ShardRange>,
}

/// A contiguous range of gateway shards, out of the total the bot runs on (Discord's sharding: a server's
/// events go to shard `(guild_id >> 22) % total`).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ShardRange {
    /// The first shard this process runs (from 0).
    pub first: u32,
    /// How many shards it runs, from `first`.
    pub count: u32,
    /// How many shards every process together runs.
    pub total: u32,
}

impl ShardRange {
    /// The shard ids this process runs, when the range lies within the total.
    pub fn ids(&self) -> Result<std::ops::Range<u32>, ConfigError> {
        match self.first.checked_add(self.count) {
            Some(end) if self.count > 0 && end <= self.total => Ok(self.first..end),
            _ => Err(ConfigError(config::ConfigError::Message(format!(
                "discord.shards: {} shard(s) from shard {} do not fit in a total of {} (shards are numbered 0 to total - 1)",
                self.count, self.first, self.total
            )))),
        }
    }
}

/// The HTTP interactions endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    /// Address to listen on.
    #[serde(default = "default_bind")]
    pub bind: String,
    /// Larger request bodies are refused with 413.
    #[serde(default = "default_max_body")]
    pub max_body_bytes: usize,
    /// An answer not ready within this many milliseconds is deferred and sent through the followup webhook
    /// (Discord allows 3 s for the first response). 0 defers every answer.
    #[serde(default = "default_respond_within")]
    pub respond_within_ms: u64,
    /// A request's headers must arrive within this many milliseconds of the connection opening (or of the
    /// previous response, on a kept-alive connection), and its body within as long again; otherwise the
    /// connection is closed (the body: 408). Bounds what a client that sends slowly can hold. More than 0.
    #[serde(default = "default_read_timeout")]
    pub read_timeout_ms: u64,
    /// When set, `GET /metrics` needs `Authorization: Bearer <token>`; prefer the environment variable
    /// `MYOSITIS_BOT__HTTP__METRICS_TOKEN`. Unset or blank: /metrics is open to anyone who can reach it.
    #[serde(default)]
    pub metrics_token: Option<Secret>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            bind: default_bind(),
            max_body_bytes: default_max_body(),
            respond_within_ms: default_respond_within(),
            read_timeout_ms: default_read_timeout(),
            metrics_token: None,
        }
    }
}

impl HttpSettings {
    /// [`Self::read_timeout_ms`] as a duration.
    pub fn read_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.read_timeout_ms)
    }

    /// The metrics token, when one is configured and not blank.
    pub fn metrics_token(&self) -> Option<&Secret> {
        self.metrics_token.as_ref().filter(|t| !t.is_empty())
    }
}

fn default_bind() -> String {
    "127.0.0.1:8080".to_owned()
}

fn default_max_body() -> usize {
    64 * 1024
}

fn default_respond_within() -> u64 {
    2500
}

fn default_read_timeout() -> u64 {
    5000
}

/// Reads guild ids from a TOML list, one number, or a comma-separated string (environment variables).
fn guild_ids<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Number(u64),
        Text(String),
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Ids {
        List(Vec<Id>),
        One(Id),
    }
    let parse = |text: &str| -> Result<Vec<u64>, D::Error> {
        text.split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().map_err(|_| serde::de::Error::custom(format!("guild id \"{t}\" is not a number"))))
            .collect()
    };
    let ids = match Ids::deserialize(deserializer)? {
        Ids::One(Id::Number(n)) => vec![n],
        Ids::One(Id::Text(t)) => parse(&t)?,
        Ids::List(list) => {
            let mut out = Vec::new();
            for id in list {
                match id {
                    Id::Number(n) => out.push(n),
                    Id::Text(t) => out.extend(parse(&t)?),
                }
            }
            out
        }
    };
    Ok(ids)
}

/// Who may run channel quizzes.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct QuizSettings {
    /// Roles that may start, stop and see stats of quizzes (besides members with Manage Messages).
    #[serde(default, deserialize_with = "guild_ids")]
    pub educator_role_ids: Vec<u64>,
    /// Anyone may start a channel quiz.
    #[serde(default)]
    pub open_to_all: bool,
}

/// Where the bot keeps what must persist.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSettings {
    /// Folder of the embedded database (quiz.sqlite3), created on first run; unused when `url` is set.
    #[serde(default = "default_data_dir")]
    pub dir: PathBuf,
    /// A PostgreSQL server shared by several instances (`postgres://user:password@host/db`); the embedded
    /// database in `dir` when unset or blank. It carries a password, so it is a secret.
    #[serde(default)]
    pub url: Option<Secret>,
}

impl Default for DataSettings {
    fn default() -> Self {
        Self { dir: default_data_dir(), url: None }
    }
}

impl DataSettings {
    /// The PostgreSQL URL, when one is configured and not blank.
    pub fn url(&self) -> Option<&Secret> {
        self.url.as_ref().filter(|u| !u.is_empty())
    }
}

fn default_data_dir() -> PathBuf {
    PathBuf::from("data")
}

/// All settings.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Knowledge files.
    #[serde(default)]
    pub knowledge: KnowledgeSettings,
    /// Logging.
    #[serde(default)]
    pub log: LogSettings,
    /// Discord.
    #[serde(default)]
    pub discord: DiscordSettings,
    /// Quizzes.
    #[serde(default)]
    pub quiz: QuizSettings,
    /// Persistent data.
    #[serde(default)]
    pub data: DataSettings,
    /// HTTP interactions endpoint.
    #[serde(default)]
    pub http: HttpSettings,
}

/// Why settings could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(#[from] config::ConfigError);

impl Settings {
    /// Loads defaults, then `file` (if given; it must exist), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut builder = config::Config::builder();
        if let Some(path) = file {
            builder = builder.add_source(config::File::from(path).format(config::FileFormat::Toml).required(true));
        }
        builder =
            builder.add_source(config::Environment::with_prefix("MYOSITIS_BOT").prefix_separator("__").separator("__"));
        let settings: Self = builder.build()?.try_deserialize()?;
        if let Some(shards) = &settings.discord.shards {
            shards.ids()?;
        }
        Ok(settings)
    }

    /// The Discord token, when one is configured and not blank.
    pub fn discord_token(&self) -> Option<&Secret> {
        self.discord.token.as_ref().filter(|t| !t.is_empty())
    }

    /// The knowledge folder: `--knowledge`, else settings, else `./knowledge`, else the source tree's.
    pub fn knowledge_dir(&self, flag: Option<&Path>) -> PathBuf {
        if let Some(dir) = flag.or(self.knowledge.dir.as_deref()) {
            return dir.to_owned();
        }
        let local = PathBuf::from("knowledge");
        if local.join("article.toml").is_file() {
            local
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
        }
    }
}
