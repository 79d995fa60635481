//! The errors a command can end in, shared by the commands and the quiz (so neither imports the other for
//! them), and the one way every door turns such an error into a message for the person and a log line for
//! the operator.

use std::sync::atomic::{AtomicU64, Ordering};

/// A message for the person who typed the command: what was wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    message: String,
}

impl UserError {
    /// A message written for a resident.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

/// Why a command produced no answer.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The input was wrong; tell the user.
    #[error(transparent)]
    User(#[from] UserError),
    /// Something broke inside; apologise to the user and log it for the operator.
    #[error(transparent)]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl From<crate::search::SearchError> for CommandError {
    fn from(e: crate::search::SearchError) -> Self {
        Self::Internal(Box::new(e))
    }
}

impl From<crate::quiz::StoreError> for CommandError {
    fn from(e: crate::quiz::StoreError) -> Self {
        Self::Internal(Box::new(e))
    }
}

/// What a door shows for a failed command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The message for the person (never the internal error's text).
    pub text: String,
    /// Whether the bot failed (an apology, logged with an id) rather than refused the input.
    pub failed: bool,
}

/// Numbers each internal failure, so a resident's "error 7" finds the operator's log line.
static ERROR_IDS: AtomicU64 = AtomicU64::new(1);

/// The message for a failed command, logging an internal failure once with an error id (and never the
/// input, which may hold a patient's details).
pub fn explain(error: &CommandError, command: &str) -> Explained {
    match error {
        CommandError::User(e) => Explained { text: e.to_string(), failed: false },
        CommandError::Internal(e) => {
            let id = ERROR_IDS.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error_id = id, command = %command, error = %e, "command failed");
            Explained {
                text: format!(
                    "Sorry, something went wrong inside the bot (error {id}). It has been logged; please try again."
                ),
                failed: true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_its_own_message_and_a_failure_hides_its_cause_behind_an_id() {
        let refused = explain(&UserError::new("`weight` is empty.").into(), "dose");
        assert_eq!(refused, Explained { text: "`weight` is empty.".into(), failed: false });
        let broken = CommandError::Internal("disk I/O error at /var/lib/secret".into());
        let first = explain(&broken, "quiz");
        let second = explain(&broken, "quiz");
        assert!(first.failed && !first.text.contains("/var/lib") && first.text.contains("(error "));
        assert_ne!(first.text, second.text, "each failure gets its own id");
    }
}
