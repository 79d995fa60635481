//! Layered settings: built-in defaults, then an optional TOML file, then `MYOSITIS_BOT__…` environment
//! variables (`__` separates levels, e.g. `MYOSITIS_BOT__DISCORD__TOKEN`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A secret (the Discord token) that never appears in logs or debug output.
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

/// Discord connection.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DiscordSettings {
    /// Bot token; prefer the environment variable `MYOSITIS_BOT__DISCORD__TOKEN`.
    #[serde(default)]
    pub token: Option<Secret>,
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
        Ok(builder.build()?.try_deserialize()?)
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
