//! Discord: slash commands over the gateway with serenity. The command logic lives in the core; this
//! module only turns interactions into invocations and answers into embeds.

mod embed;
mod gateway;
mod register;
mod respond;

pub use embed::{EmbedParts, layout};
pub use gateway::{Bot, DiscordError, deliver_posts, rest_client, shutdown_signal};
pub use register::application_commands;
pub use respond::{CHANNEL_NOT_SENT, Outcome, Reply, answers_privately, message, opens_form, respond};
