//! Slash-command registration, derived from the one command description in `commands::spec`.

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::commands::spec::{CommandSpec, OptionKind, OptionSpec};
use crate::commands::{COMMANDS, quiz};

/// Every command as Discord's registration payload, `/quiz` with its subcommands.
pub fn application_commands() -> Vec<CreateCommand> {
    let quiz =
        quiz::SUBCOMMANDS.iter().fold(CreateCommand::new(quiz::NAME).description(quiz::DESCRIPTION), |cmd, sub| {
            let sub_option =
                sub.options.iter().fold(
                    CreateCommandOption::new(CommandOptionType::SubCommand, sub.name, sub.description),
                    |o, opt| o.add_sub_option(option(opt)),
                );
            cmd.add_option(sub_option)
        });
    COMMANDS.iter().map(|c| command(&c.spec)).chain(std::iter::once(quiz)).collect()
}

fn command(spec: &CommandSpec) -> CreateCommand {
    spec.options
        .iter()
        .fold(CreateCommand::new(spec.name).description(spec.description), |cmd, o| cmd.add_option(option(o)))
}

fn option(o: &OptionSpec) -> CreateCommandOption {
    let base = |kind| CreateCommandOption::new(kind, o.name, o.description).required(o.required);
    match o.kind {
        OptionKind::Text { max_chars, autocomplete } => base(CommandOptionType::String)
            .max_length(u16::try_from(max_chars).unwrap_or(6000).min(6000))
            .set_autocomplete(autocomplete),
        OptionKind::Integer { min, max } => base(CommandOptionType::Integer)
            .min_int_value(u64::try_from(min).unwrap_or(0))
            .max_int_value(u64::try_from(max).unwrap_or(u64::MAX)),
        OptionKind::Number => base(CommandOptionType::Number),
        OptionKind::Boolean => base(CommandOptionType::Boolean),
        OptionKind::Choice(choices) => {
            choices.iter().fold(base(CommandOptionType::String), |opt, c| opt.add_string_choice(c.label, c.value))
        }
    }
}
