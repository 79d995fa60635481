//! Button ids: what a press of each button the bot puts under an answer means, encoded into Discord's
//! `custom_id` and decoded from it in this one place. Ids carry a version, so a button left on an old
//! message after an upgrade is recognised as old instead of being misread; every part is checked on
//! decode, as a press can come from anyone.

use crate::knowledge::Topic;

/// The version written in front of every id this build makes.
const VERSION: &str = "2";
/// Discord's limit on a `custom_id`.
pub const MAX_ID_CHARS: usize = 100;
/// Prefixes of the ids earlier builds made (the paragraph button, channel options, "Reveal now", practice).
const OLDER: [&str; 4] = ["askp:", "quiz:", "quizr:", "quizp:"];
/// The most options a question may have (Discord allows 25 buttons on a message).
const MAX_OPTIONS: usize = 25;

/// What a button press asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonId {
    /// "Show in full" under an `/ask` answer: the whole passage.
    Paragraph {
        /// The passage id.
        passage: String,
    },
    /// An option of a channel quiz question.
    QuizOption {
        /// The session.
        session: i64,
        /// The question's 0-based place in the session.
        question: usize,
        /// The 0-based option.
        option: usize,
    },
    /// "Reveal now" on a channel quiz question.
    QuizReveal {
        /// The session.
        session: i64,
        /// The question's 0-based place in the session.
        question: usize,
    },
    /// An option of a private practice question.
    PracticeOption {
        /// The topic practised (`None`: all).
        topic: Option<Topic>,
        /// The question's id in the bank.
        question: String,
        /// The 0-based option.
        option: usize,
    },
    /// "Report" under a revealed question: opens the report form; the form, submitted, carries the same id.
    Report {
        /// The question's id in the bank.
        question: String,
    },
}

/// Why a press could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ButtonError {
    /// A button from an earlier version of the bot.
    #[error("This button is from an earlier version of the bot. Run the command again for a fresh one.")]
    Older,
    /// Not an id this bot makes (or a damaged one).
    #[error("This button is not one the bot recognises. Run the command again for a fresh one.")]
    Unknown,
}

impl ButtonId {
    /// The `custom_id` to send; at most [`MAX_ID_CHARS`] for every id the bank and article hold (checked
    /// by the knowledge validation's own limits on ids).
    pub fn encode(&self) -> String {
        match self {
            Self::Paragraph { passage } => format!("{VERSION}:para:{passage}"),
            Self::QuizOption { session, question, option } => format!("{VERSION}:opt:{session}:{question}:{option}"),
            Self::QuizReveal { session, question } => format!("{VERSION}:reveal:{session}:{question}"),
            Self::PracticeOption { topic, question, option } => {
                format!("{VERSION}:practice:{}:{option}:{question}", topic.map_or("all", Topic::name))
            }
            Self::Report { question } => format!("{VERSION}:report:{question}"),
        }
    }

    /// Reads a `custom_id`, checking every part.
    pub fn decode(id: &str) -> Result<Self, ButtonError> {
        if id.chars().count() > MAX_ID_CHARS {
            return Err(ButtonError::Unknown);
        }
        let Some(rest) = id.strip_prefix(VERSION).and_then(|r| r.strip_prefix(':')) else {
            return Err(if OLDER.iter().any(|p| id.starts_with(p)) {
                ButtonError::Older
            } else {
                ButtonError::Unknown
            });
        };
        let parts: Vec<&str> = rest.split(':').collect();
        let number = |s: &str| s.parse::<usize>().ok().filter(|_| s.bytes().all(|b| b.is_ascii_digit()));
        let option = |s: &str| number(s).filter(|o| *o < MAX_OPTIONS);
        let session = |s: &str| s.parse::<i64>().ok().filter(|n| *n > 0 && s.bytes().all(|b| b.is_ascii_digit()));
        let decoded = match parts.as_slice() {
            ["para", passage] if is_id(passage) => Some(Self::Paragraph { passage: (*passage).to_owned() }),
            ["opt", s, q, o] => match (session(s), number(q), option(o)) {
                (Some(session), Some(question), Some(option)) => Some(Self::QuizOption { session, question, option }),
                _ => None,
            },
            ["reveal", s, q] => match (session(s), number(q)) {
                (Some(session), Some(question)) => Some(Self::QuizReveal { session, question }),
                _ => None,
            },
            ["report", question] if is_id(question) => Some(Self::Report { question: (*question).to_owned() }),
            ["practice", topic, o, question] if is_id(question) => {
                let topic = if *topic == "all" { Some(None) } else { Topic::parse(topic).map(Some) };
                match (topic, option(o)) {
                    (Some(topic), Some(option)) => {
                        Some(Self::PracticeOption { topic, question: (*question).to_owned(), option })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        decoded.ok_or(ButtonError::Unknown)
    }
}

/// A passage or question id as the knowledge files write them.
fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_button_reads_back_as_itself() {
        for id in [
            ButtonId::Paragraph { passage: "mm2008-p6-03".into() },
            ButtonId::QuizOption { session: 12, question: 3, option: 1 },
            ButtonId::QuizReveal { session: 9_007_199_254_740_993, question: 19 },
            ButtonId::PracticeOption { topic: Some(Topic::Ibm), question: "ibm-03".into(), option: 0 },
            ButtonId::PracticeOption { topic: None, question: "dose-1".into(), option: 24 },
            ButtonId::Report { question: "dosing-03".into() },
        ] {
            let encoded = id.encode();
            assert!(encoded.starts_with("2:") && encoded.len() <= MAX_ID_CHARS, "{encoded}");
            assert_eq!(ButtonId::decode(&encoded), Ok(id));
        }
    }

    #[test]
    fn old_damaged_and_hostile_ids_are_refused_with_the_reason() {
        for old in ["askp:1:mm2008-p6-03", "quiz:4:0:1", "quizr:4:0", "quizp:ibm:ibm-03:1"] {
            assert_eq!(ButtonId::decode(old), Err(ButtonError::Older), "{old}");
        }
        for bad in [
            "",
            "2:",
            "3:opt:1:0:0",
            "2:opt:1:0",
            "2:opt:0:0:0",
            "2:opt:-1:0:0",
            "2:opt:1:+0:0",
            "2:opt:1:0:25",
            "2:opt:1:0:99999999999999999999999",
            "2:reveal:1:x",
            "2:practice:cardiology:0:ibm-03",
            "2:practice:all:0:",
            "2:practice:all:0:ibm 03",
            "2:para:../etc/passwd",
            "2:para:a:b",
            "2:report:",
            "2:report:a b",
            "2:report:a:b",
        ] {
            assert_eq!(ButtonId::decode(bad), Err(ButtonError::Unknown), "{bad:?}");
        }
        assert_eq!(ButtonId::decode(&format!("2:para:{}", "a".repeat(120))), Err(ButtonError::Unknown));
    }
}
