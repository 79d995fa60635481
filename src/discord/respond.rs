//! From a Discord interaction to the response: the one dispatcher the gateway (and later the HTTP
//! endpoint) use. Pure: no network, so the same input always gives the same response.

use std::sync::atomic::{AtomicU64, Ordering};

use std::sync::Arc;

use serenity::all::{
    AutocompleteChoice, CommandDataOption, CommandDataOptionValue, CommandInteraction, ComponentInteraction,
    CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse, CreateButton, CreateInteractionResponse,
    CreateInteractionResponseMessage, Interaction, Member, Permissions,
};

use super::embed;
use crate::Core;
use crate::answer::{Answer, Visibility};
use crate::commands::quiz::{QuizCommand, parse_quiz};
use crate::commands::{self, CommandError, Invocation, UserError};
use crate::knowledge::Topic;
use crate::quiz::{Caller, QuizService};

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

/// The response to an interaction, or none for types the bot does not handle. `quiz` serves `/quiz` and
/// quiz buttons; without it they get a message saying quizzes are off.
pub fn respond(
    core: &Core,
    quiz: Option<&Arc<QuizService>>,
    interaction: &Interaction,
) -> (Option<CreateInteractionResponse>, Outcome) {
    match interaction {
        Interaction::Ping(_) => (Some(CreateInteractionResponse::Pong), Outcome::Answered),
        Interaction::Command(command) if command.data.name == crate::commands::quiz::NAME => {
            let who = caller(
                command.user.id.get(),
                command.guild_id.map(|g| g.get()),
                command.channel_id.get(),
                command.member.as_deref(),
            );
            finish(quiz_command(quiz, &who, &command.data.options, command.app_permissions), "quiz")
        }
        Interaction::Command(command) => command_response(core, command),
        Interaction::Autocomplete(command) => (Some(autocomplete(core, command)), Outcome::Completed),
        Interaction::Component(press) if let Some(result) = crate::commands::press(core, &press.data.custom_id) => {
            finish(result, "button")
        }
        Interaction::Component(press) => {
            let who = caller(
                press.user.id.get(),
                press.guild_id.map(|g| g.get()),
                press.channel_id.get(),
                press.member.as_ref(),
            );
            finish(button(quiz, &who, press), "button")
        }
        Interaction::Modal(_) => {
            (Some(message("This form is not used by the bot.".to_owned(), true)), Outcome::Refused)
        }
        _ => (None, Outcome::Ignored),
    }
}

/// Whether the answer to `interaction` will be private (ephemeral), known before it is computed: an
/// endpoint that acknowledges first (an HTTP deferral) fixes visibility then, and Discord keeps it. Read
/// from the command descriptions; every button's answer (a recorded quiz answer, a practice verdict, a
/// paragraph) is for the one who pressed it; a command that will be refused is private, as refusals are.
pub fn answers_privately(core: &Core, interaction: &Interaction) -> bool {
    match interaction {
        Interaction::Command(command) if command.data.name == crate::commands::quiz::NAME => {
            match command.data.options.first() {
                // A start that will be refused (a direct message, a channel the bot cannot post in) is
                // private like every refusal.
                Some(CommandDataOption { name, value: CommandDataOptionValue::SubCommand(_), .. })
                    if name == "start"
                        && (command.guild_id.is_none() || can_post(command.app_permissions).is_err()) =>
                {
                    true
                }
                Some(CommandDataOption { name, value: CommandDataOptionValue::SubCommand(_), .. }) => {
                    crate::commands::quiz::answers_privately(name)
                }
                _ => true,
            }
        }
        Interaction::Command(command) => match invocation(command) {
            Ok(invocation) => commands::visibility(core, &invocation) == Visibility::Private,
            Err(_) => true,
        },
        Interaction::Component(_) | Interaction::Modal(_) => true,
        _ => false,
    }
}

/// Who is calling, with the rights that matter for quizzes (Manage Messages, roles).
fn caller(user: u64, guild: Option<u64>, channel: u64, member: Option<&Member>) -> Caller {
    Caller {
        user_id: user.to_string(),
        guild_id: guild.map_or_else(|| crate::quiz::DIRECT_MESSAGES.to_owned(), |g| g.to_string()),
        channel_id: channel.to_string(),
        can_manage_messages: member
            .and_then(|m| m.permissions)
            .is_some_and(|p| p.contains(Permissions::MANAGE_MESSAGES)),
        role_ids: member.map(|m| m.roles.iter().map(|r| r.get()).collect()).unwrap_or_default(),
    }
}

/// What the bot needs in a channel to run a quiz there: to see it, post in it, and post embeds.
const POSTING: [(Permissions, &str); 3] = [
    (Permissions::VIEW_CHANNEL, "View Channel"),
    (Permissions::SEND_MESSAGES, "Send Messages"),
    (Permissions::EMBED_LINKS, "Embed Links"),
];

/// A channel quiz is refused up front where the bot could not post its reveals (Discord sends the bot's
/// permissions in the channel with each interaction); unknown permissions are not held against it.
fn can_post(app_permissions: Option<Permissions>) -> Result<(), UserError> {
    let Some(granted) = app_permissions else { return Ok(()) };
    if granted.contains(Permissions::ADMINISTRATOR) {
        return Ok(());
    }
    let missing: Vec<&str> = POSTING.iter().filter(|(p, _)| !granted.contains(*p)).map(|(_, name)| *name).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(UserError::new(format!(
        "I cannot run a quiz here: in this channel I am missing {}, so nobody would see the answers. Ask a \
         server admin to allow it, or start the quiz in another channel.",
        missing.join(", ")
    )))
}

fn quiz_command(
    quiz: Option<&Arc<QuizService>>,
    caller: &Caller,
    options: &[CommandDataOption],
    app_permissions: Option<Permissions>,
) -> Result<Answer, CommandError> {
    let quiz = quiz.ok_or_else(|| UserError::new("Quizzes are not available on this bot."))?;
    let Some(CommandDataOption { name, value: CommandDataOptionValue::SubCommand(sub), .. }) = options.first() else {
        return Err(UserError::new("/quiz needs a subcommand, e.g. /quiz start.").into());
    };
    let raw = sub.iter().map(|o| Ok((o.name.clone(), option_text(o)?))).collect::<Result<Vec<_>, UserError>>()?;
    let mut answer = match parse_quiz(name, &raw)? {
        QuizCommand::Start { topic, count, seconds } => {
            if caller.guild_id != crate::quiz::DIRECT_MESSAGES {
                can_post(app_permissions)?;
            }
            quiz.start(caller, topic, count, seconds)
        }
        QuizCommand::Stop => quiz.stop(caller),
        QuizCommand::Practice { topic } => quiz.practice(caller, topic),
        QuizCommand::Leaderboard { period } => quiz.leaderboard(caller, period),
        QuizCommand::Stats => quiz.stats(caller),
    }?;
    // Who sees it comes from the subcommand's description, as for every other command.
    if crate::commands::quiz::answers_privately(name) {
        answer.visibility = Visibility::Private;
    }
    Ok(answer)
}

/// A quiz button: `quiz:<session>:<question>:<option>` or `quizp:<topic>:<question id>:<option>`.
fn button(
    quiz: Option<&Arc<QuizService>>,
    caller: &Caller,
    press: &ComponentInteraction,
) -> Result<Answer, CommandError> {
    let ended = || UserError::new("This button belongs to something that has ended. Start again with /quiz.");
    let quiz = quiz.ok_or_else(ended)?;
    let parts: Vec<&str> = press.data.custom_id.split(':').collect();
    match parts.as_slice() {
        ["quiz", session, index, option] => {
            let (Ok(session), Ok(index), Ok(option)) = (session.parse(), index.parse(), option.parse()) else {
                return Err(ended().into());
            };
            quiz.press(caller, session, index, option)
        }
        ["quizr", session, index] => {
            let (Ok(session), Ok(index)) = (session.parse(), index.parse()) else { return Err(ended().into()) };
            quiz.reveal_now(caller, session, index)
        }
        ["quizp", topic, question, option] => {
            let option = option.parse().map_err(|_| ended())?;
            quiz.practice_answer(caller, Topic::parse(topic), question, option)
        }
        _ => Err(ended().into()),
    }
}

/// A command's result as a response: the answer, or a refusal or apology only the caller sees.
fn finish(result: Result<Answer, CommandError>, name: &str) -> (Option<CreateInteractionResponse>, Outcome) {
    match result {
        Ok(answer) => (Some(CreateInteractionResponse::Message(answer_message(&answer))), Outcome::Answered),
        Err(CommandError::User(e)) => (Some(message(format!("⚠️ {e}"), true)), Outcome::Refused),
        Err(CommandError::Internal(e)) => {
            let id = ERROR_IDS.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error_id = id, command = %name, error = %e, "command failed");
            let text = format!(
                "Sorry, something went wrong inside the bot (error {id}). It has been logged; please try again."
            );
            (Some(message(text, true)), Outcome::Failed)
        }
    }
}

/// An answer as a message: its embed, its buttons, ephemeral when private, and never a ping.
pub fn answer_message(answer: &Answer) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .embed(embed::layout(answer).build())
        .components(components(answer))
        .ephemeral(answer.visibility == Visibility::Private)
        .allowed_mentions(CreateAllowedMentions::new())
}

/// An answer's buttons as action rows of at most five.
pub fn components(answer: &Answer) -> Vec<CreateActionRow> {
    answer
        .buttons
        .chunks(5)
        .map(|row| {
            CreateActionRow::Buttons(
                row.iter().map(|b| CreateButton::new(b.custom_id.clone()).label(b.label.clone())).collect(),
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

fn command_response(core: &Core, command: &CommandInteraction) -> (Option<CreateInteractionResponse>, Outcome) {
    let result = invocation(command).map_err(CommandError::from).and_then(|inv| commands::dispatch(core, &inv));
    finish(result, &command.data.name)
}

/// The command's options as raw strings, for the shared validation.
fn invocation(command: &CommandInteraction) -> Result<Invocation, UserError> {
    let options =
        command.data.options.iter().map(|o| Ok((o.name.clone(), option_text(o)?))).collect::<Result<_, _>>()?;
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
