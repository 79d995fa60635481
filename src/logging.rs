//! Structured logs on stderr, so stdout stays clean for answers and JSON.

use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, LogSettings};

/// Serenity's gateway reader logs a whole event it cannot parse at warn level (and its bytes at debug),
/// which for a form would be a member's typed text: only its errors are logged, whatever level is asked.
const GATEWAY_PAYLOADS: &str = "serenity::gateway::ws=error";

/// Starts logging. `default_level` applies when neither `RUST_LOG` nor `log.level` is set: quiet ("warn")
/// for one-shot commands, "info" for long-running doors.
pub fn init(settings: &LogSettings, default_level: &str) {
    let spec =
        std::env::var("RUST_LOG").ok().or_else(|| settings.level.clone()).unwrap_or_else(|| default_level.to_owned());
    let builder = tracing_subscriber::fmt().with_env_filter(filter(&spec, default_level)).with_writer(std::io::stderr);
    let _ = match settings.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.with_ansi(false).try_init(),
    };
}

/// The filter for `spec` (falling back to `default_level` when it does not parse), never letting
/// serenity's gateway payloads through.
fn filter(spec: &str, default_level: &str) -> EnvFilter {
    let filter = EnvFilter::try_new(spec).unwrap_or_else(|_| EnvFilter::new(default_level));
    match GATEWAY_PAYLOADS.parse() {
        Ok(directive) => filter.add_directive(directive),
        Err(_) => filter,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::filter;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_unparsed_gateway_payload_is_never_logged_even_at_debug() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(filter("debug", "warn"))
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::warn!(target: "serenity::gateway::ws", "Err deserializing text; text: my typed reason");
            tracing::debug!(target: "serenity::gateway::ws", "Failing bytes: my typed reason");
            tracing::warn!(target: "serenity::gateway::shard", "a reconnect");
        });
        let logged = String::from_utf8(buffer.0.lock().map(|b| b.clone()).unwrap_or_default()).unwrap_or_default();
        assert!(!logged.contains("my typed reason"), "{logged}");
        assert!(logged.contains("a reconnect"), "other serenity warnings still log: {logged}");
    }
}
