//! The console's slash syntax: `/dose weight:70 unit:kg`, `/ask why is CK high`, or plain text as a question.

use super::spec::{CommandSpec, OptionKind, OptionSpec};
use super::{Invocation, UserError, find, unknown_command};

/// The value of a boolean option typed bare, by its name alone.
const BARE_FLAG: &str = "true";

/// Reads one console line into an invocation. Text without a leading slash is a question for `/ask`;
/// text after the command that is not `name:value` goes to the command's positional option.
pub fn parse_line(line: &str) -> Result<Invocation, UserError> {
    let line = line.trim();
    let (name, rest) = match line.strip_prefix('/') {
        Some(command) => {
            let (name, rest) = command.split_once(char::is_whitespace).unwrap_or((command, ""));
            (name.to_lowercase(), rest)
        }
        None => ("ask".to_owned(), line),
    };
    let command = find(&name).ok_or_else(|| unknown_command(&name))?;
    if command.spec.subcommands.is_empty() {
        return Ok(Invocation::new(command.spec.name, split_options(&command.spec, rest)?));
    }
    // A group: the first word names the subcommand, whose options follow (`/quiz start count:3`).
    let rest = rest.trim();
    let (sub, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let options = match command.spec.subcommand(sub) {
        Some(leaf) => split_options(leaf, rest)?,
        None => Vec::new(),
    };
    let subcommand = (!sub.is_empty()).then(|| sub.to_lowercase());
    Ok(Invocation { command: command.spec.name.to_owned(), subcommand, options })
}

/// Splits `a:1 b:two words` into pairs, using the spec's option names so values may contain spaces.
///
/// A boolean option may be typed bare, its name alone meaning true (`/quiz daily off`, `/refractory
/// diagnosis:dm ild`), wherever the word cannot be text: not as the first word after `name:` (`weight: 70`
/// style), not inside a text option's value, and not among the free text of a command that takes it
/// (`/ask … private` keeps the word in the question; `private:true` is the flag there).
pub fn split_options(spec: &CommandSpec, rest: &str) -> Result<Vec<(String, String)>, UserError> {
    let mut options: Vec<(&'static OptionSpec, Vec<&str>)> = Vec::new();
    // Whether the next unnamed word continues the last option's value: it does after `name:value`, not
    // after a bare flag.
    let mut collecting = false;
    let mut loose: Vec<&str> = Vec::new();
    for word in rest.split_whitespace() {
        let named = word.split_once([':', '=']).and_then(|(key, value)| {
            let key = key.to_lowercase();
            spec.option(&key).map(|o| (o, value))
        });
        if let Some((option, value)) = named {
            options.push((option, [value].into_iter().filter(|v| !v.is_empty()).collect()));
            collecting = true;
            continue;
        }
        let is_text = match options.last().filter(|_| collecting) {
            Some((option, words)) => words.is_empty() || matches!(option.kind, OptionKind::Text { .. }),
            None => spec.positional().is_some(),
        };
        let flag = spec.option(&word.to_lowercase()).filter(|o| o.kind == OptionKind::Boolean && !is_text);
        if let Some(flag) = flag {
            options.push((flag, vec![BARE_FLAG]));
            collecting = false;
            continue;
        }
        match options.last_mut().filter(|_| collecting) {
            Some((_, words)) => words.push(word),
            None => loose.push(word),
        }
    }
    let mut pairs: Vec<(String, String)> = options
        .into_iter()
        .map(|(option, words)| (option.name.to_owned(), unquote(&words.join(" ")).to_owned()))
        .collect();
    if !loose.is_empty() {
        let text = unquote(&loose.join(" ")).to_owned();
        match spec.positional() {
            Some(option) => pairs.insert(0, (option.name.to_owned(), text)),
            None => {
                return Err(UserError::new(format!(
                    "/{} does not take free text (\"{}\"). Example: {}",
                    spec.name,
                    text.chars().take(40).collect::<String>(),
                    spec.example
                )));
            }
        }
    }
    Ok(pairs)
}

/// Removes one pair of matching quotes around a value.
fn unquote(value: &str) -> &str {
    for (open, close) in [('"', '"'), ('\'', '\''), ('“', '”')] {
        if let Some(inner) = value.strip_prefix(open).and_then(|v| v.strip_suffix(close)) {
            return inner;
        }
    }
    value
}
