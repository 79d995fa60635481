//! From a Discord interaction to the response: what the gateway and the HTTP endpoint both use. No
//! network: the same input gives the same response (the quiz's own channel posts go to its queue).

use serenity::all::{
    ActionRowComponent, AutocompleteChoice, ButtonStyle, ChannelType, CommandDataOption, CommandDataOptionValue,
    CommandInteraction, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateAutocompleteResponse,
    CreateButton, CreateInputText, CreateInteractionResponse, CreateInteractionResponseMessage, CreateModal,
    InputTextStyle, Interaction, Member, ModalInteraction, PartialChannel, Permissions,
};

use super::embed;
use crate::Core;
use crate::answer::{Answer, Button, ButtonState, Form, Visibility};
use crate::app::App;
use crate::commands::{self, CommandError, Invocation, UserError};
use crate::error::explain;
use crate::quiz::{BotAccess, Caller};

/// The channel id given to an interaction Discord sent without a channel (its `channel` and `channel_id`
/// are documented as optional; serenity's model needs one). No channel has it: as a snowflake it would be
/// created in the 22nd century. Callers from it are in [`crate::quiz::NO_CHANNEL`].
pub const CHANNEL_NOT_SENT: u64 = u64::MAX;

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

/// What to send back for an interaction.
pub struct Reply {
    /// The response, with its files (sent as multipart by serenity), or none for types the bot does not
    /// handle.
    pub response: Option<CreateInteractionResponse>,
    /// The files in the response, for a door that must send them itself (the HTTP endpoint answers in
    /// JSON, so a response with files goes out as a multipart followup instead).
    pub files: Vec<CreateAttachment>,
    /// What happened, for the log line.
    pub outcome: Outcome,
}

impl From<(Option<CreateInteractionResponse>, Outcome)> for Reply {
    fn from((response, outcome): (Option<CreateInteractionResponse>, Outcome)) -> Self {
        Self { response, files: Vec::new(), outcome }
    }
}

/// The response to an interaction, or none for types the bot does not handle. Commands, the quiz among
/// them, go through the one dispatcher; button presses through the one press handler; submitted forms
/// through the one form handler.
pub async fn respond(app: &App, interaction: &Interaction) -> Reply {
    match interaction {
        Interaction::Ping(_) => (Some(CreateInteractionResponse::Pong), Outcome::Answered).into(),
        Interaction::Command(command) => {
            let who = command_caller(command);
            let result = match invocation(command) {
                Ok(inv) => commands::dispatch(&app.context(&who), &inv).await,
                Err(e) => Err(CommandError::from(e)),
            };
            finish(result, &command.data.name)
        }
        Interaction::Autocomplete(command) => (Some(autocomplete(&app.core, command)), Outcome::Completed).into(),
        Interaction::Component(press) => {
            let who = caller(
                press.user.id.get(),
                press.guild_id.map(|g| g.get()),
                press.channel_id.get(),
                press.member.as_ref(),
                (press.app_permissions, in_thread(press.channel.as_ref())),
            );
            finish(commands::press(&app.context(&who), &press.data.custom_id).await, "button")
        }
        Interaction::Modal(form) => {
            let who = caller(
                form.user.id.get(),
                form.guild_id.map(|g| g.get()),
                form.channel_id.get(),
                form.member.as_ref(),
                (form.app_permissions, in_thread(form.channel.as_ref())),
            );
            let result = if has_unread_label(form) {
                Err(UserError::new(UNREAD_FORM).into())
            } else {
                commands::submit(&app.context(&who), &form.data.custom_id, &form_fields(form)).await
            };
            finish(result, "form")
        }
        _ => (None, Outcome::Ignored).into(),
    }
}

/// Whether the interaction is a press that opens a form: it must be answered at once, as a form cannot
/// follow a deferral (and opening one is instant).
pub fn opens_form(interaction: &Interaction) -> bool {
    matches!(interaction, Interaction::Component(press) if commands::opens_form(&press.data.custom_id))
}

/// Discord's label component (type 18): in a submitted form it wraps one field in `component`.
const LABEL: u8 = 18;

/// The answer to a form whose fields arrived in labels serenity's model dropped them from.
const UNREAD_FORM: &str = "The bot could not read this form's fields (it came in a newer Discord layout), so nothing \
     was stored. Press the button that opened the form again to send it anew; if this happens again, tell an \
     educator what you wanted to say.";

/// Whether a submitted form holds a label whose field serenity's model could not keep: it reads a label
/// as an empty row of an unknown kind. The HTTP endpoint reads labels before the model does (they reach
/// here as rows holding their field); on the gateway, serenity reads the event itself, so a label's field
/// is lost, and the form must not then be taken for one sent empty.
fn has_unread_label(form: &ModalInteraction) -> bool {
    form.data.components.iter().any(|row| u8::from(row.kind) == LABEL && row.components.is_empty())
}

/// A submitted form's text fields as (field, value) pairs.
fn form_fields(form: &ModalInteraction) -> Vec<(String, String)> {
    form.data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .filter_map(|c| match c {
            ActionRowComponent::InputText(input) => {
                Some((input.custom_id.clone(), input.value.clone().unwrap_or_default()))
            }
            _ => None,
        })
        .collect()
}

/// A form as a Discord modal: each field a paragraph input with its bounds.
fn modal(form: &Form) -> CreateInteractionResponse {
    let rows = form
        .fields
        .iter()
        .map(|f| {
            CreateActionRow::InputText(
                CreateInputText::new(InputTextStyle::Paragraph, embed::clip(&f.label, 45, ""), f.custom_id.clone())
                    .placeholder(embed::clip(&f.placeholder, 100, ""))
                    .min_length(f.min_chars)
                    .max_length(f.max_chars)
                    .required(true),
            )
        })
        .collect();
    CreateInteractionResponse::Modal(
        CreateModal::new(form.custom_id.clone(), embed::clip(&form.title, 45, "")).components(rows),
    )
}

/// Whether the answer to `interaction` will be private (ephemeral), known before it is computed: an
/// endpoint that acknowledges first (an HTTP deferral) fixes visibility then, and Discord keeps it. Read
/// from the command descriptions by the same rule the dispatcher applies; every button's answer is for the
/// one who pressed it; a command that will be refused is private, as refusals are.
pub fn answers_privately(app: &App, interaction: &Interaction) -> bool {
    match interaction {
        Interaction::Command(command) => match invocation(command) {
            Ok(invocation) => {
                let who = command_caller(command);
                commands::visibility(&app.context(&who), &invocation) == Visibility::Private
            }
            Err(_) => true,
        },
        Interaction::Component(_) | Interaction::Modal(_) => true,
        _ => false,
    }
}

fn command_caller(command: &CommandInteraction) -> Caller {
    caller(
        command.user.id.get(),
        command.guild_id.map(|g| g.get()),
        command.channel_id.get(),
        command.member.as_deref(),
        (command.app_permissions, in_thread(command.channel.as_ref())),
    )
}

/// Whether the interaction came from a thread, where posting needs Send Messages in Threads instead.
fn in_thread(channel: Option<&PartialChannel>) -> bool {
    channel.is_some_and(|c| {
        matches!(c.kind, ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread)
    })
}

/// Who is calling, with the rights that matter for quizzes (Manage Messages, roles) and whether the bot
/// may post in the channel (`bot`: its permissions there, if Discord sent them, and whether the channel is
/// a thread).
fn caller(
    user: u64,
    guild: Option<u64>,
    channel: u64,
    member: Option<&Member>,
    bot: (Option<Permissions>, bool),
) -> Caller {
    Caller {
        user_id: user.to_string(),
        guild_id: guild.map_or_else(|| crate::quiz::DIRECT_MESSAGES.to_owned(), |g| g.to_string()),
        channel_id: if channel == CHANNEL_NOT_SENT { crate::quiz::NO_CHANNEL.to_owned() } else { channel.to_string() },
        can_manage_messages: member
            .and_then(|m| m.permissions)
            .is_some_and(|p| p.contains(Permissions::MANAGE_MESSAGES)),
        role_ids: member.map(|m| m.roles.iter().map(|r| r.get()).collect()).unwrap_or_default(),
        bot_access: if guild.is_some() { access_to_post(bot) } else { BotAccess::CanPost },
    }
}

/// What the bot needs in a channel to run a quiz there: to see it, post in it, and post embeds.
const POSTING: [(Permissions, &str); 3] = [
    (Permissions::VIEW_CHANNEL, "View Channel"),
    (Permissions::SEND_MESSAGES, "Send Messages"),
    (Permissions::EMBED_LINKS, "Embed Links"),
];

/// In a thread, Send Messages does not allow posting; this does (Discord's permission documentation).
const POSTING_IN_THREADS: (Permissions, &str) = (Permissions::SEND_MESSAGES_IN_THREADS, "Send Messages in Threads");

/// Whether the bot may post in the channel, from its permissions there (`app_permissions`, which Discord
/// documents as sent with every interaction, and whether the channel is a thread). Permissions not sent
/// are unknown, not granted: the quiz then refuses to post rather than assume it may.
fn access_to_post((granted, thread): (Option<Permissions>, bool)) -> BotAccess {
    let needed = POSTING
        .into_iter()
        .map(|(p, name)| if thread && p == Permissions::SEND_MESSAGES { POSTING_IN_THREADS } else { (p, name) });
    match granted {
        Some(granted) if granted.contains(Permissions::ADMINISTRATOR) => BotAccess::CanPost,
        Some(granted) => {
            let missing: Vec<&'static str> =
                needed.filter(|(p, _)| !granted.contains(*p)).map(|(_, name)| name).collect();
            if missing.is_empty() { BotAccess::CanPost } else { BotAccess::Missing(missing) }
        }
        None => BotAccess::Unknown(needed.map(|(_, name)| name).collect()),
    }
}

/// A command's result as a response: the answer (or the form it opens), or a refusal or apology only the
/// caller sees.
fn finish(result: Result<Answer, CommandError>, name: &str) -> Reply {
    match result {
        Ok(answer) => match &answer.form {
            Some(form) => (Some(modal(form)), Outcome::Answered).into(),
            None => {
                let files = files(&answer);
                let message = answer_message(&answer).add_files(files.clone());
                Reply { response: Some(CreateInteractionResponse::Message(message)), files, outcome: Outcome::Answered }
            }
        },
        Err(e) => {
            let explained = explain(&e, name);
            if explained.failed {
                (Some(message(explained.text, true)), Outcome::Failed).into()
            } else {
                (Some(message(format!("⚠️ {}", explained.text), true)), Outcome::Refused).into()
            }
        }
    }
}

/// An answer's attachments as files to upload, each with its description (alt text).
pub fn files(answer: &Answer) -> Vec<CreateAttachment> {
    answer
        .attachments
        .iter()
        .map(|a| {
            CreateAttachment::bytes(a.bytes.clone(), a.name.clone()).description(embed::clip(&a.description, 1024, ""))
        })
        .collect()
}

/// An answer as a message, without its files: its embed (showing its first image attachment), its
/// buttons, ephemeral when private, and never a ping.
pub fn answer_message(answer: &Answer) -> CreateInteractionResponseMessage {
    let mut embed = embed::layout(answer).build();
    if let Some(image) = answer.attachments.iter().find(|a| a.name.ends_with(".png")) {
        embed = embed.image(format!("attachment://{}", image.name));
    }
    CreateInteractionResponseMessage::new()
        .embed(embed)
        .components(components(answer))
        .ephemeral(answer.visibility == Visibility::Private)
        .allowed_mentions(CreateAllowedMentions::new())
}

/// An answer's buttons as action rows of at most five.
pub fn components(answer: &Answer) -> Vec<CreateActionRow> {
    button_rows(&answer.buttons)
}

/// Buttons as action rows of at most five, a button shown apart on a row of its own: closed ones disabled,
/// the right answer of a closed question in green.
pub fn button_rows(buttons: &[Button]) -> Vec<CreateActionRow> {
    let mut rows: Vec<Vec<&Button>> = Vec::new();
    let mut row: Vec<&Button> = Vec::new();
    for b in buttons {
        if b.apart || row.len() == 5 {
            rows.extend((!row.is_empty()).then(|| std::mem::take(&mut row)));
        }
        row.push(b);
        if b.apart {
            rows.push(std::mem::take(&mut row));
        }
    }
    rows.extend((!row.is_empty()).then_some(row));
    rows.into_iter()
        .map(|row| {
            CreateActionRow::Buttons(
                row.into_iter()
                    .map(|b| {
                        let button = CreateButton::new(b.custom_id.clone()).label(embed::clip(&b.label, 80, ""));
                        // No option is more likely than another: all grey; Discord keeps Primary for one
                        // button of a group.
                        match b.state {
                            ButtonState::Open => button.style(ButtonStyle::Secondary),
                            ButtonState::Closed => button.style(ButtonStyle::Secondary).disabled(true),
                            ButtonState::Correct => button.style(ButtonStyle::Success).disabled(true),
                        }
                    })
                    .collect(),
            )
        })
        .collect()
}

fn option_text(o: &CommandDataOption) -> Result<String, UserError> {
    Ok(match &o.value {
        CommandDataOptionValue::String(s) => s.clone(),
        CommandDataOptionValue::Integer(n) => n.to_string(),
        CommandDataOptionValue::Number(n) => n.to_string(),
        CommandDataOptionValue::Boolean(b) => b.to_string(),
        CommandDataOptionValue::Autocomplete { value, .. } => value.clone(),
        _ => return Err(UserError::new(format!("`{}` has a kind of value this bot does not use.", o.name))),
    })
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

/// The command's options as raw strings, for the shared validation; a group's subcommand by name.
fn invocation(command: &CommandInteraction) -> Result<Invocation, UserError> {
    let raw = |options: &[CommandDataOption]| -> Result<Vec<(String, String)>, UserError> {
        options.iter().map(|o| Ok((o.name.clone(), option_text(o)?))).collect()
    };
    match command.data.options.first() {
        Some(CommandDataOption { name, value: CommandDataOptionValue::SubCommand(sub), .. }) => {
            Ok(Invocation { command: command.data.name.clone(), subcommand: Some(name.clone()), options: raw(sub)? })
        }
        _ => Ok(Invocation::new(command.data.name.clone(), raw(&command.data.options)?)),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The custom ids of each row.
    fn rows(buttons: &[Button]) -> Vec<Vec<String>> {
        let value = serde_json::to_value(button_rows(buttons)).unwrap_or_default();
        value
            .as_array()
            .into_iter()
            .flatten()
            .map(|row| {
                row["components"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|b| b["custom_id"].as_str().map(str::to_owned))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_button_apart_has_a_row_of_its_own_and_rows_hold_five() {
        let open = |id: &str| Button::open(id, id);
        let apart = |id: &str| Button::apart(id, id);
        let ids = |row: &[&str]| row.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(rows(&[open("a"), open("b"), apart("report")]), [ids(&["a", "b"]), ids(&["report"])]);
        assert_eq!(rows(&[apart("report"), open("a")]), [ids(&["report"]), ids(&["a"])]);
        let six: Vec<Button> = ["1", "2", "3", "4", "5", "6"].into_iter().map(open).collect();
        assert_eq!(rows(&six), [ids(&["1", "2", "3", "4", "5"]), ids(&["6"])]);
        assert!(rows(&[]).is_empty());
    }

    #[test]
    fn permissions_not_sent_are_unknown_not_granted() {
        let view_and_send = Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES;
        assert_eq!(access_to_post((Some(view_and_send), false)), BotAccess::Missing(vec!["Embed Links"]));
        assert_eq!(access_to_post((Some(view_and_send | Permissions::EMBED_LINKS), false)), BotAccess::CanPost);
        assert_eq!(access_to_post((Some(Permissions::ADMINISTRATOR), true)), BotAccess::CanPost);
        assert_eq!(
            access_to_post((None, false)),
            BotAccess::Unknown(vec!["View Channel", "Send Messages", "Embed Links"])
        );
        assert_eq!(
            access_to_post((None, true)),
            BotAccess::Unknown(vec!["View Channel", "Send Messages in Threads", "Embed Links"])
        );
    }
}
