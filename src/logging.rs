//! Structured logs on stderr, so stdout stays clean for answers and JSON.

use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

/// Starts logging. `default_level` applies when neither `RUST_LOG` nor `log.level` is set: quiet ("warn")
/// for one-shot commands, "info" for long-running doors.
pub fn init(settings: &LogSettings, default_level: &str) {
    let filter =
        std::env::var("RUST_LOG").ok().or_else(|| settings.level.clone()).unwrap_or_else(|| default_level.to_owned());
    let filter = EnvFilter::try_new(&filter).unwrap_or_else(|_| EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match settings.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.with_ansi(false).try_init(),
    };
}
