//! Slash-command registration, derived from the one command description in `commands::spec`.

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::commands::COMMANDS;
use crate::commands::spec::{CommandSpec, OptionKind, OptionSpec};

/// Every command as Discord's registration payload; a group (`/quiz`) with its subcommands.
pub fn application_commands() -> Vec<CreateCommand> {
    COMMANDS.iter().map(|c| command(&c.spec)).collect()
}

fn command(spec: &CommandSpec) -> CreateCommand {
    let cmd = CreateCommand::new(spec.name).description(spec.description);
    let cmd = spec.options.iter().fold(cmd, |cmd, o| cmd.add_option(option(o)));
    spec.subcommands.iter().fold(cmd, |cmd, sub| {
        let group = CreateCommandOption::new(CommandOptionType::SubCommand, sub.name, sub.description);
        cmd.add_option(sub.options.iter().fold(group, |group, o| group.add_sub_option(option(o))))
    })
}

fn option(o: &OptionSpec) -> CreateCommandOption {
    let base = |kind| CreateCommandOption::new(kind, o.name, o.help()).required(o.required);
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
