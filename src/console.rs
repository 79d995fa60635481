//! The local console: the bot's commands in slash syntax on a terminal, rendered as text.

use std::io::{self, BufRead, Write};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::Core;
use crate::commands::{CommandError, dispatch, parse_line};
use crate::render::text;

static ERROR_IDS: AtomicU64 = AtomicU64::new(1);

/// Reads lines until end of input or `/quit`, answering each. Bad lines get a message, never an exit.
pub fn run(core: &Core, input: impl BufRead, mut output: impl Write, interactive: bool) -> io::Result<()> {
    writeln!(
        output,
        "myositis-bot console. Type /help for the commands, /quit to leave; plain text is a question for /ask."
    )?;
    let prompt = |output: &mut dyn Write| -> io::Result<()> {
        if interactive {
            write!(output, "> ")?;
            output.flush()?;
        }
        Ok(())
    };
    prompt(&mut output)?;
    for line in input.lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                writeln!(output, "! That line is not valid UTF-8 text; please type it again.")?;
                prompt(&mut output)?;
                continue;
            }
            Err(e) => return Err(e),
        };
        let line = line.trim();
        if matches!(line, "/quit" | "/exit") {
            break;
        }
        if !line.is_empty() {
            writeln!(output, "{}", respond(core, line))?;
        }
        prompt(&mut output)?;
    }
    Ok(())
}

/// The console's reply to one line: the rendered answer, or a message saying what to fix.
pub fn respond(core: &Core, line: &str) -> String {
    let answer = parse_line(line).map_err(CommandError::from).and_then(|invocation| dispatch(core, &invocation));
    match answer {
        Ok(answer) => text::render(&answer),
        Err(CommandError::User(e)) => format!("! {e}\n"),
        Err(CommandError::Internal(e)) => {
            let id = ERROR_IDS.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error_id = id, error = %e, "command failed");
            format!("! Sorry, something went wrong inside the bot (error {id}). It has been logged.\n")
        }
    }
}
