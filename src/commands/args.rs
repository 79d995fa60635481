//! Parsing raw option values (strings from any door) into typed arguments, with messages for residents.

use std::collections::{BTreeMap, BTreeSet};

use super::UserError;
use super::spec::{CommandSpec, OptionKind};

/// A typed option value.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// Text.
    Text(String),
    /// Whole number.
    Integer(i64),
    /// Decimal number (may be NaN or infinite: the command decides).
    Number(f64),
    /// Flag.
    Boolean(bool),
    /// One of the choices (its canonical value).
    Choice(&'static str),
}

/// The validated arguments of one invocation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Args {
    values: BTreeMap<&'static str, ArgValue>,
}

impl Args {
    /// Text option.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.values.get(name) {
            Some(ArgValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Integer option.
    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.values.get(name) {
            Some(ArgValue::Integer(n)) => Some(*n),
            _ => None,
        }
    }

    /// Number option.
    pub fn number(&self, name: &str) -> Option<f64> {
        match self.values.get(name) {
            Some(ArgValue::Number(n)) => Some(*n),
            _ => None,
        }
    }

    /// Boolean option; absent means false.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(ArgValue::Boolean(true)))
    }

    /// Choice option.
    pub fn choice(&self, name: &str) -> Option<&'static str> {
        match self.values.get(name) {
            Some(ArgValue::Choice(c)) => Some(c),
            _ => None,
        }
    }
}

/// One thing wrong with the options given, for the one message that lists them all.
struct Problem {
    /// What is wrong, as a sentence.
    text: String,
    /// Whether the command's example helps fix it.
    example: bool,
}

/// Checks names, presence and types of raw `(name, value)` pairs against the command's description.
/// Every bad option is reported, in one message: a member who gave two bad values learns of both at once.
pub fn parse_args(spec: &CommandSpec, raw: &[(String, String)]) -> Result<Args, UserError> {
    let mut args = Args::default();
    let mut given = BTreeSet::new();
    let mut problems = Vec::new();
    for (name, value) in raw {
        let Some(option) = spec.option(name) else {
            let known: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
            let shown = shorten(name);
            problems.push(Problem {
                text: if known.is_empty() {
                    format!("/{} takes no options (you gave `{shown}`).", spec.name)
                } else {
                    format!("/{} has no option `{shown}`. Its options: {}.", spec.name, known.join(", "))
                },
                example: false,
            });
            continue;
        };
        if !given.insert(option.name) {
            problems.push(Problem { text: format!("`{}` was given twice.", option.name), example: false });
            continue;
        }
        match parse_value(option.name, option.kind, value.trim()) {
            Ok(value) => {
                args.values.insert(option.name, value);
            }
            Err(text) => problems.push(Problem { text, example: true }),
        }
    }
    for option in spec.options {
        if let (Some(default), false) = (option.default, given.contains(option.name)) {
            match parse_value(option.name, option.kind, default) {
                Ok(value) => {
                    args.values.insert(option.name, value);
                }
                Err(text) => problems.push(Problem { text, example: false }),
            }
        }
    }
    for option in spec.options.iter().filter(|o| o.required && !given.contains(o.name)) {
        problems.push(Problem {
            text: format!("/{} needs `{}` ({}).", spec.name, option.name, option.description),
            example: true,
        });
    }
    if problems.is_empty() { Ok(args) } else { Err(all_of(spec, &problems)) }
}

/// The problems as one message: a single one as a sentence, several as a list; the command's example once
/// at the end when it helps.
fn all_of(spec: &CommandSpec, problems: &[Problem]) -> UserError {
    let texts: Vec<&str> = problems.iter().map(|p| p.text.as_str()).collect();
    problems_message(&texts, problems.iter().any(|p| p.example).then_some(spec.example))
}

/// One message for every problem with the options of one command: a single one as it is, several as a
/// list; then `example`, if given. The one wording every command uses for bad options.
pub fn problems_message(problems: &[&str], example: Option<&str>) -> UserError {
    let example = example.map_or_else(String::new, |e| format!("Example: {e}"));
    let message = match problems {
        [one] => format!("{one} {example}"),
        many => {
            let listed: Vec<String> = many.iter().map(|p| format!("• {p}")).collect();
            format!("{} problems with the options given:\n{}\n{example}", many.len(), listed.join("\n"))
        }
    };
    UserError::new(message.trim_end())
}

/// A raw value as the option's type, or what is wrong with it ("`count` must be between 1 and 20 (you
/// gave 50).").
fn parse_value(name: &str, kind: OptionKind, value: &str) -> Result<ArgValue, String> {
    let bad = |what: String| format!("`{name}` {what}.");
    if value.is_empty() {
        return Err(bad("is empty".to_owned()));
    }
    match kind {
        OptionKind::Text { .. } => Ok(ArgValue::Text(value.to_owned())),
        OptionKind::Integer { min, max } => match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(ArgValue::Integer(n)),
            Ok(n) => Err(bad(format!("must be between {min} and {max} (you gave {n})"))),
            Err(_) => {
                Err(bad(format!("must be a whole number between {min} and {max} (you gave \"{}\")", shorten(value))))
            }
        },
        OptionKind::Number => match value.parse::<f64>() {
            Ok(n) => Ok(ArgValue::Number(n)),
            Err(_) if value.contains(',') && value.replace(',', ".").parse::<f64>().is_ok() => {
                Err(bad(format!("must use a dot for decimals (you gave \"{}\")", shorten(value))))
            }
            Err(_)
                if value.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-').len()
                    < value.len() =>
            {
                Err(bad(format!(
                    "must be a plain number, with the unit given separately (you gave \"{}\")",
                    shorten(value)
                )))
            }
            Err(_) => Err(bad(format!("must be a number (you gave \"{}\")", shorten(value)))),
        },
        OptionKind::Boolean => match value.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" => Ok(ArgValue::Boolean(true)),
            "false" | "no" | "n" | "0" | "off" => Ok(ArgValue::Boolean(false)),
            _ => Err(bad(format!("must be true or false (you gave \"{}\")", shorten(value)))),
        },
        OptionKind::Choice(choices) => {
            choices.iter().find(|c| c.value.eq_ignore_ascii_case(value)).map(|c| ArgValue::Choice(c.value)).ok_or_else(
                || {
                    let values: Vec<&str> = choices.iter().map(|c| c.value).collect();
                    bad(format!("must be one of {} (you gave \"{}\")", values.join(", "), shorten(value)))
                },
            )
        }
    }
}

/// At most 40 characters of user text, for echoing it back in a message.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn refused(spec: &CommandSpec, pairs: &[(&str, &str)]) -> String {
        match parse_args(spec, &raw(pairs)) {
            Err(e) => e.to_string(),
            Ok(args) => panic!("accepted: {args:?}"),
        }
    }

    #[test]
    fn every_bad_option_is_reported_in_one_message() {
        let start = crate::commands::quiz::SPEC.subcommand("start").expect("start");
        // One: as a sentence, with the example.
        assert_eq!(
            refused(start, &[("count", "50")]),
            format!("`count` must be between 1 and 20 (you gave 50). Example: {}", start.example)
        );
        // Several: each of them, listed, the example once.
        let both = refused(start, &[("count", "50"), ("seconds", "five"), ("topic", "cardiology"), ("pace", "1")]);
        assert!(both.starts_with("4 problems with the options given:\n"), "{both}");
        for expected in [
            "• `count` must be between 1 and 20 (you gave 50).",
            "• `seconds` must be a whole number between 10 and 120 (you gave \"five\").",
            "• `topic` must be one of dosing,",
            "has no option `pace`.",
        ] {
            assert!(both.contains(expected), "{expected:?} not in {both}");
        }
        assert_eq!(both.matches("Example:").count(), 1, "{both}");
        // A missing required option is one of them too.
        let dose = &crate::commands::find("dose").expect("dose").spec;
        let message = refused(dose, &[("weight", "70,5")]);
        assert!(
            message.starts_with("2 problems")
                && message.contains("dot for decimals")
                && message.contains("needs `unit`"),
            "{message}"
        );
        // Given twice is reported once, beside the rest.
        let twice = refused(start, &[("count", "2"), ("count", "3"), ("seconds", "1")]);
        assert!(twice.contains("`count` was given twice.") && twice.contains("`seconds` must be between"), "{twice}");
    }
}
