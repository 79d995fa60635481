//! The single description of every command: name, options, types, choices, ranges. Every door
//! (console, CLI, Discord) derives its syntax and validation from these values.
use crate::answer::Visibility;

/// A fixed choice of an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The value, as typed and as sent by Discord.
    pub value: &'static str,
    /// What a menu shows.
    pub label: &'static str,
}

/// The type of an option, with its limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OptionKind {
    /// Free text up to `max_chars` (Discord's `max_length`); longer text is refused or cut by the command.
    Text {
        /// Longest accepted text.
        max_chars: usize,
        /// Whether doors offer completions while typing.
        autocomplete: bool,
    },
    /// A whole number in a range.
    Integer {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
    /// A decimal number; the command checks its range (units matter).
    Number,
    /// true or false.
    Boolean,
    /// One of fixed values.
    Choice(&'static [Choice]),
}

/// Where an option applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Changes the content of the answer: every door has it.
    Content,
    /// Only changes who sees the answer in a chat (e.g. `private`): chat doors only.
    Chat,
}

/// One option of a command.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptionSpec {
    /// Name, lowercase with underscores (Discord's rule).
    pub name: &'static str,
    /// One line for help and Discord.
    pub description: &'static str,
    /// Type and limits.
    pub kind: OptionKind,
    /// Whether it must be given.
    pub required: bool,
    /// Where it applies.
    pub scope: Scope,
    /// The value used when it is not given, as a person would type it (checked like typed input).
    pub default: Option<&'static str>,
}

impl OptionSpec {
    /// The description with what the kind adds: the range and the default, so no door repeats them
    /// (e.g. "How many questions (1-20, default 5)").
    pub fn help(&self) -> String {
        let range = match self.kind {
            OptionKind::Integer { min, max } => Some(format!("{min}-{max}")),
            _ => None,
        };
        let default = self.default.map(|d| format!("default {d}"));
        let extra: Vec<String> = range.into_iter().chain(default).collect();
        if extra.is_empty() {
            self.description.to_owned()
        } else {
            format!("{} ({})", self.description, extra.join(", "))
        }
    }
}

/// One command.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommandSpec {
    /// Name, without the slash.
    pub name: &'static str,
    /// One line for help and Discord (at most 100 characters).
    pub description: &'static str,
    /// A console example, e.g. `/dose weight:70 unit:kg`.
    pub example: &'static str,
    /// Who sees its answers: private commands (a patient's doses) are ephemeral on Discord, and a door
    /// that must acknowledge before the answer is ready (an HTTP deferral) fixes visibility from this.
    pub visibility: Visibility,
    /// Whether its answers need a conversation that outlives one command (buttons to press, timed
    /// questions): Discord and the console have one, the one-shot command line does not.
    pub interactive: bool,
    /// A group's subcommands (`/quiz start`), each described like a command; empty for a plain command.
    pub subcommands: &'static [CommandSpec],
    /// Options, required ones first (Discord's rule).
    pub options: &'static [OptionSpec],
}

impl CommandSpec {
    /// The option with this name.
    pub fn option(&self, name: &str) -> Option<&'static OptionSpec> {
        self.options.iter().find(|o| o.name == name)
    }

    /// The subcommand with this name (any case).
    pub fn subcommand(&self, name: &str) -> Option<&'static CommandSpec> {
        self.subcommands.iter().find(|s| s.name.eq_ignore_ascii_case(name.trim()))
    }

    /// The option free text goes to when typed without a name (`/ask why is CK high`): the first required
    /// text option.
    pub fn positional(&self) -> Option<&'static OptionSpec> {
        self.options.iter().find(|o| o.required && matches!(o.kind, OptionKind::Text { .. }))
    }
}
