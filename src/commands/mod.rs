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
use crate::answer::{Answer, Visibility};
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
        let names: Vec<String> =
            COMMANDS.iter().map(|c| c.spec.name).chain([quiz::NAME]).map(|name| format!("/{name}")).collect();
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
    /// Whether these arguments make the answer private beyond the description's visibility and its
    /// `private` option (a question that carries a patient's details).
    private_for: Option<fn(&Core, &Args) -> bool>,
}

impl Command {
    /// Whether the answer to these arguments is private: the description says so, the caller asked for
    /// it (`private:true`), or the command's own rule does.
    fn answers_privately(&self, core: &Core, args: &Args) -> bool {
        self.spec.visibility == Visibility::Private
            || (self.spec.option("private").is_some() && args.flag("private"))
            || self.private_for.is_some_and(|private| private(core, args))
    }
}

/// Every command, in the order help lists them.
pub static COMMANDS: [Command; 9] = [
    Command { spec: ask::SPEC, run: ask::run, private_for: Some(ask::carries_patient_details) },
    Command { spec: dose::SPEC, run: dose::run, private_for: None },
    Command { spec: antibody::SPEC, run: antibody::run, private_for: None },
    Command { spec: ibm::SPEC, run: ibm::run, private_for: None },
    Command { spec: refractory::SPEC, run: refractory::run, private_for: None },
    Command { spec: reassess::SPEC, run: reassess::run, private_for: None },
    Command { spec: monitor::SPEC, run: monitor::run, private_for: None },
    Command { spec: about::SPEC, run: about::run, private_for: None },
    Command { spec: help::SPEC, run: help::run, private_for: None },
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
    if command.answers_privately(core, &args) {
        answer.visibility = Visibility::Private;
    }
    crate::safety::weekly_methotrexate(&mut answer, args.text("question"), &core.knowledge.synonyms);
    Ok(answer)
}

/// Who will see the answer to `invocation`, known before it runs (the same rule [`dispatch`] applies):
/// a door that acknowledges first, as an HTTP deferral does, must fix visibility then. An invocation
/// that will be refused is private, as refusals are.
pub fn visibility(core: &Core, invocation: &Invocation) -> Visibility {
    let Some(command) = find(&invocation.command) else { return Visibility::Private };
    match parse_args(&command.spec, &invocation.options) {
        Ok(args) if !command.answers_privately(core, &args) => Visibility::Public,
        _ => Visibility::Private,
    }
}

/// Completions for an option while the user types (at most 25, Discord's limit).
pub fn autocomplete(core: &Core, command: &str, option: &str, typed: &str) -> Vec<String> {
    match (find(command).map(|c| c.spec.name), option) {
        (Some("antibody"), "name") => crate::recommend::antibody::complete(&core.knowledge.antibodies, typed, 25),
        _ => Vec::new(),
    }
}
