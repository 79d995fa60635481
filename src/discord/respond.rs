//! From a Discord interaction to the response: the one dispatcher the gateway (and later the HTTP
//! endpoint) use. Pure: no network, so the same input always gives the same response.

use std::sync::atomic::{AtomicU64, Ordering};

use serenity::all::{
    AutocompleteChoice, CommandDataOptionValue, CommandInteraction, CreateAllowedMentions, CreateAutocompleteResponse,
    CreateInteractionResponse, CreateInteractionResponseMessage, Interaction,
};

use super::embed;
use crate::Core;
use crate::answer::Visibility;
use crate::commands::{self, CommandError, Invocation, UserError};

static ERROR_IDS: AtomicU64 = AtomicU64::new(1);

/// What happened, for the one log line per interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An answer was sent.
    Answered,
    /// The input was refused with a message.
    Refused,
    /// Something broke; the user got an apology.
    Failed,
    /// Autocomplete choices were sent.
    Completed,
    /// Nothing to do (an interaction type the bot does not use).
    Ignored,
}

impl Outcome {
    /// For logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::Refused => "refused",
            Self::Failed => "failed",
            Self::Completed => "completed",
            Self::Ignored => "ignored",
        }
    }
}

/// The response to an interaction, or none for types the bot does not handle.
pub fn respond(core: &Core, interaction: &Interaction) -> (Option<CreateInteractionResponse>, Outcome) {
    match interaction {
        Interaction::Ping(_) => (Some(CreateInteractionResponse::Pong), Outcome::Answered),
        Interaction::Command(command) => command_response(core, command),
        Interaction::Autocomplete(command) => (Some(autocomplete(core, command)), Outcome::Completed),
        Interaction::Component(_) | Interaction::Modal(_) => (
            Some(message("This button belongs to something that has ended. Start again with /help.".to_owned(), true)),
            Outcome::Refused,
        ),
        _ => (None, Outcome::Ignored),
    }
}

/// A message response: empty allowed mentions always, so nothing the bot echoes can ping anyone.
pub fn message(content: String, ephemeral: bool) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(embed::clip(&content, 2000, ""))
            .ephemeral(ephemeral)
            .allowed_mentions(CreateAllowedMentions::new()),
    )
}

fn command_response(core: &Core, command: &CommandInteraction) -> (Option<CreateInteractionResponse>, Outcome) {
    let result = invocation(command).map_err(CommandError::from).and_then(|inv| commands::dispatch(core, &inv));
    match result {
        Ok(answer) => {
            let reply = CreateInteractionResponseMessage::new()
                .embed(embed::layout(&answer).build())
                .ephemeral(answer.visibility == Visibility::Private)
                .allowed_mentions(CreateAllowedMentions::new());
            (Some(CreateInteractionResponse::Message(reply)), Outcome::Answered)
        }
        Err(CommandError::User(e)) => (Some(message(format!("⚠️ {e}"), true)), Outcome::Refused),
        Err(CommandError::Internal(e)) => {
            let id = ERROR_IDS.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error_id = id, command = %command.data.name, error = %e, "command failed");
            let text = format!(
                "Sorry, something went wrong inside the bot (error {id}). It has been logged; please try again."
            );
            (Some(message(text, true)), Outcome::Failed)
        }
    }
}

/// The command's options as raw strings, for the shared validation.
fn invocation(command: &CommandInteraction) -> Result<Invocation, UserError> {
    let options = command
        .data
        .options
        .iter()
        .map(|o| {
            let value = match &o.value {
                CommandDataOptionValue::String(s) => s.clone(),
                CommandDataOptionValue::Integer(n) => n.to_string(),
                CommandDataOptionValue::Number(n) => n.to_string(),
                CommandDataOptionValue::Boolean(b) => b.to_string(),
                CommandDataOptionValue::Autocomplete { value, .. } => value.clone(),
                _ => return Err(UserError::new(format!("`{}` has a kind of value this bot does not use.", o.name))),
            };
            Ok((o.name.clone(), value))
        })
        .collect::<Result<_, _>>()?;
    Ok(Invocation { command: command.data.name.clone(), options })
}

fn autocomplete(core: &Core, command: &CommandInteraction) -> CreateInteractionResponse {
    let choices = command
        .data
        .autocomplete()
        .map(|focused| commands::autocomplete(core, &command.data.name, focused.name, focused.value))
        .unwrap_or_default()
        .into_iter()
        .take(25)
        .map(|name| AutocompleteChoice::new(embed::clip(&name, 100, ""), embed::clip(&name, 100, "")))
        .collect();
    CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new().set_choices(choices))
}
