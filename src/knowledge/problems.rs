//! The list of problems found while loading knowledge files, each naming file, entry and field.

use std::fmt;

/// One problem in a knowledge file: where it is and what is wrong, written for the educator who edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name relative to the knowledge folder, e.g. `antibodies.toml`.
    pub file: String,
    /// The entry, e.g. `antibody "jo1"`, or `-` for the file as a whole.
    pub entry: String,
    /// The field, e.g. `sources`, or `-`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.entry != "-" {
            write!(f, ": {}", self.entry)?;
        }
        if self.field != "-" {
            write!(f, ": field `{}`", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Collects problems so that one `check` run reports all of them, not only the first.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Records a problem.
    pub fn push(&mut self, file: &str, entry: impl Into<String>, field: &str, message: impl Into<String>) {
        self.list.push(Problem {
            file: file.to_owned(),
            entry: entry.into(),
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.list {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}
