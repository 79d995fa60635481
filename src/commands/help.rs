//! `/help`: every command with an example.

use crate::answer::Visibility;
use serde_json::json;

use super::args::Args;
use super::spec::CommandSpec;
use super::{COMMANDS, CommandError};
use crate::Core;
use crate::answer::{Answer, Line};

/// `/help`.
pub const SPEC: CommandSpec = CommandSpec {
    name: "help",
    description: "Every command, with an example",
    example: "/help",
    visibility: Visibility::Public,
    interactive: false,
    subcommands: &[],
    options: &[],
};

/// Lists the commands from their descriptions.
pub fn run(_: &Core, _: &Args) -> Result<Answer, CommandError> {
    let lines = COMMANDS
        .iter()
        .flat_map(|c| {
            let group = &c.spec;
            let leaves: Vec<(String, &CommandSpec)> = if group.subcommands.is_empty() {
                vec![(group.name.to_owned(), group)]
            } else {
                group.subcommands.iter().map(|s| (format!("{} {}", group.name, s.name), s)).collect()
            };
            leaves
                .into_iter()
                .map(|(name, s)| Line::plain(format!("/{name} — {}. Example: {}", s.description, s.example)))
        })
        .collect();
    let mut answer = Answer::info("myositis-bot commands").block(None, lines).block(
        None,
        vec![Line::plain(
            "Answers come from one article, Myositis Mysteries (The Rheumatologist, Jan 2008), and cited reference entries.",
        )],
    );
    answer.data = json!({
        "commands": COMMANDS.iter().map(|c| json!({"name": c.spec.name, "description": c.spec.description, "example": c.spec.example})).collect::<Vec<_>>(),
    });
    Ok(answer)
}
