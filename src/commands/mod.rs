//! The bot's commands: each described once (see [`spec`]) with a handler from arguments to an [`Answer`].
//! Doors turn their input into an [`Invocation`] and call [`dispatch`]; they never call handlers directly.

mod about;
mod antibody;
mod args;
mod ask;
mod ask_gaps;
mod ask_lists;
mod ask_mentions;
mod ask_pointers;
mod ask_references;
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
pub use ask::default_limit as ask_default_limit;
pub use line::{parse_line, split_options};

pub use crate::error::{CommandError, UserError};

use std::sync::Arc;

use crate::Core;
use crate::answer::{Answer, Visibility};
use crate::buttons::ButtonId;
use crate::quiz::{Caller, QuizAction, QuizService};
use spec::CommandSpec;

/// What a command runs with: the core, the quiz service when the door has its database, and who is
/// calling (which only the quiz uses: its sessions are per channel, its scores per member).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// Knowledge and index.
    pub core: &'a Core,
    /// The quiz, when the door has one.
    pub quiz: Option<&'a Arc<QuizService>>,
    /// Who is calling, where.
    pub caller: &'a Caller,
}

/// How a command computes its answer.
#[derive(Clone, Copy)]
enum Handler {
    /// From the knowledge alone.
    Reference(fn(&Core, &Args) -> Result<Answer, CommandError>),
    /// The quiz: the subcommand and its arguments become a [`QuizAction`] for the quiz service.
    Quiz(fn(&CommandSpec, &Args) -> Result<QuizAction, UserError>),
}

/// A command: its description, its handler, and its own rules.
pub struct Command {
    /// The one description every door derives from.
    pub spec: CommandSpec,
    handler: Handler,
    /// Whether these arguments make the answer private beyond the description's visibility and its
    /// `private` option (a question that carries a patient's details, a quiz start that will be
    /// refused), for a door that must know before the command runs; the command applies the same rule
    /// to its own answer. Given the leaf description: the subcommand's for a group.
    private_for: Option<fn(&Context<'_>, &CommandSpec, &Args) -> bool>,
    /// Completions for its autocomplete option while the user types.
    complete: Option<fn(&Core, &str) -> Vec<String>>,
}

/// Every command, in the order help lists them.
pub static COMMANDS: [Command; 10] = [
    Command {
        spec: ask::SPEC,
        handler: Handler::Reference(ask::run),
        private_for: Some(ask::carries_patient_details),
        complete: None,
    },
    Command { spec: dose::SPEC, handler: Handler::Reference(dose::run), private_for: None, complete: None },
    Command {
        spec: antibody::SPEC,
        handler: Handler::Reference(antibody::run),
        private_for: None,
        complete: Some(antibody::complete),
    },
    Command { spec: ibm::SPEC, handler: Handler::Reference(ibm::run), private_for: None, complete: None },
    Command { spec: refractory::SPEC, handler: Handler::Reference(refractory::run), private_for: None, complete: None },
    Command { spec: reassess::SPEC, handler: Handler::Reference(reassess::run), private_for: None, complete: None },
    Command { spec: monitor::SPEC, handler: Handler::Reference(monitor::run), private_for: None, complete: None },
    Command {
        spec: quiz::SPEC,
        handler: Handler::Quiz(quiz::action),
        private_for: Some(quiz::refused_privately),
        complete: None,
    },
    Command { spec: about::SPEC, handler: Handler::Reference(about::run), private_for: None, complete: None },
    Command { spec: help::SPEC, handler: Handler::Reference(help::run), private_for: None, complete: None },
];

/// The command with this name (without the slash, any case).
pub fn find(name: &str) -> Option<&'static Command> {
    let name = name.trim().trim_start_matches('/');
    COMMANDS.iter().find(|c| c.spec.name.eq_ignore_ascii_case(name))
}

/// The refusal for a command name that is none of ours, listing them all.
fn unknown_command(name: &str) -> UserError {
    let names: Vec<String> = COMMANDS.iter().map(|c| format!("/{}", c.spec.name)).collect();
    let shown: String = name.chars().take(30).collect();
    UserError::new(format!("There is no command /{shown}. Commands: {}. Try /help.", names.join(", ")))
}

/// A command call as any door received it: raw option values, not yet checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// Command name.
    pub command: String,
    /// The subcommand's name, for a group (`start` in `/quiz start`).
    pub subcommand: Option<String>,
    /// `(option, value)` pairs as typed or sent.
    pub options: Vec<(String, String)>,
}

impl Invocation {
    /// A call of a plain command.
    pub fn new(command: impl Into<String>, options: Vec<(String, String)>) -> Self {
        Self { command: command.into(), subcommand: None, options }
    }
}

/// An invocation checked against its description: the command, the leaf description (the subcommand's,
/// for a group) and the typed arguments.
struct Checked {
    command: &'static Command,
    leaf: &'static CommandSpec,
    args: Args,
}

fn check(invocation: &Invocation) -> Result<Checked, UserError> {
    let command = find(&invocation.command).ok_or_else(|| unknown_command(&invocation.command))?;
    let leaf = match (&invocation.subcommand, command.spec.subcommands.is_empty()) {
        (None, true) => &command.spec,
        (Some(name), false) => command.spec.subcommand(name).ok_or_else(|| missing_subcommand(&command.spec))?,
        (None, false) => return Err(missing_subcommand(&command.spec)),
        (Some(name), true) => {
            let shown: String = name.chars().take(30).collect();
            return Err(UserError::new(format!("/{} has no subcommand {shown}.", command.spec.name)));
        }
    };
    Ok(Checked { command, leaf, args: parse_args(leaf, &invocation.options)? })
}

fn missing_subcommand(group: &CommandSpec) -> UserError {
    let names: Vec<&str> = group.subcommands.iter().map(|s| s.name).collect();
    UserError::new(format!("/{} takes one of: {}. Example: {}", group.name, names.join(", "), group.example))
}

impl Checked {
    /// Whether the answer is private: the description says so, the caller asked for it
    /// (`private:true`), or the command's own rule does.
    fn answers_privately(&self, ctx: &Context<'_>) -> bool {
        self.private_by_description()
            || self.command.private_for.is_some_and(|private| private(ctx, self.leaf, &self.args))
    }

    /// Whether the description or the caller makes the answer private. A command's own rule is applied by
    /// the command as it runs (`/ask` makes an answer private when it finds a patient's details, scanning
    /// once); `private_for` tells a door the same before it runs.
    fn private_by_description(&self) -> bool {
        self.leaf.visibility == Visibility::Private
            || (self.leaf.option("private").is_some() && self.args.flag("private"))
    }
}

/// Checks the invocation against its command's description and runs the command.
pub async fn dispatch(ctx: &Context<'_>, invocation: &Invocation) -> Result<Answer, CommandError> {
    let checked = check(invocation)?;
    let mut answer = match checked.command.handler {
        Handler::Reference(run) => run(ctx.core, &checked.args)?,
        Handler::Quiz(action) => quiz::service(ctx)?.handle(ctx.caller, action(checked.leaf, &checked.args)?).await?,
    };
    if checked.private_by_description() {
        answer.visibility = Visibility::Private;
    }
    crate::safety::weekly_methotrexate(&mut answer, checked.args.text("question"), &ctx.core.knowledge);
    Ok(answer)
}

/// Who will see the answer to `invocation`, known before it runs (the same rule [`dispatch`] applies):
/// a door that acknowledges first, as an HTTP deferral does, must fix visibility then. An invocation
/// that will be refused is private, as refusals are.
pub fn visibility(ctx: &Context<'_>, invocation: &Invocation) -> Visibility {
    match check(invocation) {
        Ok(checked) if !checked.answers_privately(ctx) => Visibility::Public,
        _ => Visibility::Private,
    }
}

/// The answer to a press of a button the bot put under an answer. Every button's answer is for the one
/// who pressed it.
pub async fn press(ctx: &Context<'_>, custom_id: &str) -> Result<Answer, CommandError> {
    let action = match ButtonId::decode(custom_id).map_err(|e| UserError::new(e.to_string()))? {
        ButtonId::Paragraph { passage } => return ask::paragraph(ctx.core, &passage),
        ButtonId::QuizOption { session, question, option } => QuizAction::Answer { session, question, option },
        ButtonId::QuizReveal { session, question } => QuizAction::Reveal { session, question },
        ButtonId::PracticeOption { topic, question, option } => QuizAction::PracticeAnswer { topic, question, option },
        ButtonId::Report { question } => QuizAction::ReportForm { question },
    };
    let mut answer = quiz::service(ctx)?.handle(ctx.caller, action).await?;
    answer.visibility = Visibility::Private;
    Ok(answer)
}

/// Whether a press of this button opens a form rather than answering: such a press must be answered at
/// once (a form cannot follow a deferral), which it can, as opening one reads nothing from the database.
pub fn opens_form(custom_id: &str) -> bool {
    matches!(ButtonId::decode(custom_id), Ok(ButtonId::Report { .. }))
}

/// The answer to a submitted form (`custom_id` as the form had it; `fields` its (field, value) pairs).
/// Every form's answer is for the one who sent it.
pub async fn submit(ctx: &Context<'_>, custom_id: &str, fields: &[(String, String)]) -> Result<Answer, CommandError> {
    let value = |name: &str| fields.iter().find(|(field, _)| field == name).map(|(_, v)| v.clone());
    let unknown = || {
        UserError::new(
            "This form is not one the bot uses (or is from an earlier version). Press the button again for a fresh one.",
        )
    };
    let action = match ButtonId::decode(custom_id).map_err(|_| unknown())? {
        ButtonId::Report { question } => {
            QuizAction::Report { question, reason: value(crate::quiz::REASON_FIELD).unwrap_or_default() }
        }
        _ => return Err(unknown().into()),
    };
    let mut answer = quiz::service(ctx)?.handle(ctx.caller, action).await?;
    answer.visibility = Visibility::Private;
    Ok(answer)
}

/// Completions for an option while the user types (at most 25, Discord's limit), for options their
/// description marks as autocompleted.
pub fn autocomplete(core: &Core, command: &str, option: &str, typed: &str) -> Vec<String> {
    let Some(command) = find(command) else { return Vec::new() };
    let completes = command
        .spec
        .option(option)
        .is_some_and(|o| matches!(o.kind, spec::OptionKind::Text { autocomplete: true, .. }));
    match command.complete {
        Some(complete) if completes => complete(core, typed).into_iter().take(25).collect(),
        _ => Vec::new(),
    }
}
