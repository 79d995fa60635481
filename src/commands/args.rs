//! Parsing raw option values (strings from any door) into typed arguments, with messages for residents.

use std::collections::BTreeMap;

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

/// Checks names, presence and types of raw `(name, value)` pairs against the command's description.
pub fn parse_args(spec: &CommandSpec, raw: &[(String, String)]) -> Result<Args, UserError> {
    let mut args = Args::default();
    for (name, value) in raw {
        let Some(option) = spec.option(name) else {
            let known: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
            return Err(UserError::new(if known.is_empty() {
                format!("/{} takes no options (you gave `{name}`).", spec.name)
            } else {
                format!("/{} has no option `{name}`. Its options: {}.", spec.name, known.join(", "))
            }));
        };
        if args.values.contains_key(option.name) {
            return Err(UserError::new(format!("`{}` was given twice.", option.name)));
        }
        let value = parse_value(spec, option.name, option.kind, value.trim())?;
        args.values.insert(option.name, value);
    }
    for option in spec.options {
        if let (Some(default), false) = (option.default, args.values.contains_key(option.name)) {
            let value = parse_value(spec, option.name, option.kind, default)?;
            args.values.insert(option.name, value);
        }
    }
    for option in spec.options.iter().filter(|o| o.required) {
        if !args.values.contains_key(option.name) {
            return Err(UserError::new(format!(
                "/{} needs `{}` ({}). Example: {}",
                spec.name, option.name, option.description, spec.example
            )));
        }
    }
    Ok(args)
}

fn parse_value(spec: &CommandSpec, name: &str, kind: OptionKind, value: &str) -> Result<ArgValue, UserError> {
    let bad = |what: String| UserError::new(format!("`{name}` {what}. Example: {}", spec.example));
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
