//! The bot's commands: each described once (see [`spec`]) with a handler from arguments to an [`Answer`].
//! Doors turn their input into an [`Invocation`] and call [`dispatch`]; they never call handlers directly.

mod about;
mod antibody;
mod args;
mod ask;
mod ask_pointers;
mod dose;
mod help;
mod ibm;
mod line;
mod monitor;
pub mod quiz;
mod reassess;
mod refractory;
mod render_util;
pub mod spec;

pub use args::{ArgValue, Args, parse_args};
pub use ask::{DEFAULT_LIMIT as ASK_DEFAULT_LIMIT, PARAGRAPH_BUTTON};
pub use line::{parse_line, split_options};

use crate::Core;
use crate::answer::Answer;
use crate::search::SearchError;
use spec::CommandSpec;

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

    fn unknown_command(name: &str) -> Self {
        let names: Vec<String> = COMMANDS.iter().map(|c| format!("/{}", c.spec.name)).collect();
        let shown: String = name.chars().take(30).collect();
        Self::new(format!("There is no command /{shown}. Commands: {}. Try /help.", names.join(", ")))
    }
}

/// The answer to a press of a button an answer carries that is no quiz's ("Show the paragraph"), or `None`
/// when the button is not one of these.
pub fn press(core: &Core, custom_id: &str) -> Option<Result<Answer, CommandError>> {
    let passage = custom_id.strip_prefix(PARAGRAPH_BUTTON)?;
    Some(ask::paragraph(core, passage))
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

impl From<SearchError> for CommandError {
    fn from(e: SearchError) -> Self {
        Self::Internal(Box::new(e))
    }
}

impl From<crate::quiz::StoreError> for CommandError {
    fn from(e: crate::quiz::StoreError) -> Self {
        Self::Internal(Box::new(e))
    }
}

/// A command: its description and its handler.
pub struct Command {
    /// The one description every door derives from.
    pub spec: CommandSpec,
    run: fn(&Core, &Args) -> Result<Answer, CommandError>,
}

/// Every command, in the order help lists them.
pub static COMMANDS: [Command; 9] = [
    Command { spec: ask::SPEC, run: ask::run },
    Command { spec: dose::SPEC, run: dose::run },
    Command { spec: antibody::SPEC, run: antibody::run },
    Command { spec: ibm::SPEC, run: ibm::run },
    Command { spec: refractory::SPEC, run: refractory::run },
    Command { spec: reassess::SPEC, run: reassess::run },
    Command { spec: monitor::SPEC, run: monitor::run },
    Command { spec: about::SPEC, run: about::run },
    Command { spec: help::SPEC, run: help::run },
];

/// The command with this name (without the slash, any case).
pub fn find(name: &str) -> Option<&'static Command> {
    let name = name.trim().trim_start_matches('/');
    COMMANDS.iter().find(|c| c.spec.name.eq_ignore_ascii_case(name))
}

/// A command call as any door received it: raw option values, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// Command name.
    pub command: String,
    /// `(option, value)` pairs as typed or sent.
    pub options: Vec<(String, String)>,
}

/// Checks the invocation against its command's description and runs the command.
pub fn dispatch(core: &Core, invocation: &Invocation) -> Result<Answer, CommandError> {
    let command = find(&invocation.command).ok_or_else(|| UserError::unknown_command(&invocation.command))?;
    let args = parse_args(&command.spec, &invocation.options)?;
    let mut answer = (command.run)(core, &args)?;
    crate::safety::weekly_methotrexate(&mut answer, args.text("question"), &core.knowledge.synonyms);
    Ok(answer)
}

/// Completions for an option while the user types (at most 25, Discord's limit).
pub fn autocomplete(core: &Core, command: &str, option: &str, typed: &str) -> Vec<String> {
    match (find(command).map(|c| c.spec.name), option) {
        (Some("antibody"), "name") => crate::recommend::antibody::complete(&core.knowledge.antibodies, typed, 25),
        _ => Vec::new(),
    }
}
