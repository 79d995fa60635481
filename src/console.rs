//! The local console: the bot's commands in slash syntax on a terminal, rendered as text. `/quiz start`
//! runs a one-person quiz (type a letter or number to answer); `/quiz practice` uses spaced repetition.

use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::Core;
use crate::commands::quiz::{QuizCommand, parse_quiz, subcommand};
use crate::commands::{CommandError, Invocation, dispatch, parse_line, split_options};
use crate::knowledge::Topic;
use crate::quiz::{Caller, QuizService, view};
use crate::render::text;

static ERROR_IDS: AtomicU64 = AtomicU64::new(1);

/// What the next plain line means.
enum Mode {
    /// Commands and questions.
    Commands,
    /// A one-person quiz: the next line answers question `index`.
    Quiz { ids: Vec<String>, index: usize, score: usize },
    /// Practice: the next line answers `question`.
    Practice { topic: Option<Topic>, question: String },
}

/// A console conversation: commands, and the quiz state between lines.
pub struct Console<'a> {
    core: &'a Core,
    quiz: Option<Arc<QuizService>>,
    mode: Mode,
}

fn console_caller() -> Caller {
    Caller {
        user_id: "console".to_owned(),
        guild_id: "console".to_owned(),
        channel_id: "console".to_owned(),
        can_manage_messages: true,
        role_ids: Vec::new(),
    }
}

impl<'a> Console<'a> {
    /// A console over the core; `quiz` gives practice, leaderboards and stats their database.
    pub fn new(core: &'a Core, quiz: Option<Arc<QuizService>>) -> Self {
        Self { core, quiz, mode: Mode::Commands }
    }

    /// The reply to one line: a rendered answer, or a message saying what to fix.
    pub fn line(&mut self, line: &str) -> String {
        let line = line.trim();
        if let Some(option) = option_of(line)
            && let Some(count) = self.open_question_options()
        {
            if option >= count {
                let last = crate::quiz::tally::letter(count - 1);
                return format!("! This question has options A to {last} (or 1 to {count}); type one of them.\n");
            }
            match std::mem::replace(&mut self.mode, Mode::Commands) {
                Mode::Quiz { ids, index, score } => return self.quiz_answer(ids, index, score, option),
                Mode::Practice { topic, question } => return self.practice_answer(topic, &question, option),
                Mode::Commands => {}
            }
        }
        let result = match line.strip_prefix("/quiz") {
            Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => self.quiz_command(rest),
            _ => parse_line(line).map_err(CommandError::from).and_then(|inv: Invocation| dispatch(self.core, &inv)),
        };
        render(result)
    }

    /// How many options the question waiting for an answer has, if one is.
    fn open_question_options(&self) -> Option<usize> {
        let id = match &self.mode {
            Mode::Quiz { ids, index, .. } => ids.get(*index)?,
            Mode::Practice { question, .. } => question,
            Mode::Commands => return None,
        };
        self.core.knowledge.quiz.get(id).map(|q| q.options.len()).filter(|n| *n > 0)
    }

    fn quiz_command(&mut self, rest: &str) -> Result<crate::answer::Answer, CommandError> {
        let rest = rest.trim();
        let (sub, options) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let raw = match subcommand(sub) {
            Some(spec) => split_options(spec, options)?,
            None => Vec::new(),
        };
        let command = parse_quiz(sub, &raw)?;
        let caller = console_caller();
        match command {
            QuizCommand::Start { .. } if matches!(self.mode, Mode::Quiz { .. }) => {
                Err(crate::commands::UserError::new(
                    "A quiz is already running here: answer its question, or /quiz stop ends it.",
                )
                .into())
            }
            QuizCommand::Start { topic, count, .. } => {
                let seed = crate::quiz::system_clock().unsigned_abs();
                let ids = crate::quiz::draw::draw(&self.core.knowledge.quiz, topic, count, seed);
                if ids.is_empty() {
                    return Err(crate::commands::UserError::new("There are no questions for that topic yet.").into());
                }
                let answer = self.quiz_question(&ids, 0);
                self.mode = Mode::Quiz { ids, index: 0, score: 0 };
                Ok(answer)
            }
            QuizCommand::Stop => match std::mem::replace(&mut self.mode, Mode::Commands) {
                Mode::Quiz { ids, index, score } => {
                    // The open question's answer first, then the score.
                    let mut answer = match ids.get(index).and_then(|id| self.core.knowledge.quiz.get(id)) {
                        Some(q) => view::reveal(&self.core.knowledge, q, None, &[]),
                        None => crate::answer::Answer::info("Quiz stopped"),
                    };
                    answer.title = format!("Quiz stopped: {score}/{index} right. {}", answer.title);
                    Ok(answer)
                }
                other => {
                    self.mode = other;
                    Err(crate::commands::UserError::new("No quiz is running. /quiz start begins one.").into())
                }
            },
            other => {
                let Some(service) = self.quiz.clone() else {
                    return Err(
                        crate::commands::UserError::new("The quiz database is not available in this console.").into()
                    );
                };
                match other {
                    QuizCommand::Practice { topic } => {
                        let answer = service.practice(&caller, topic)?;
                        if let Some(id) = answer.buttons.first().and_then(|b| b.custom_id.split(':').nth(2)) {
                            self.mode = Mode::Practice { topic, question: id.to_owned() };
                        }
                        Ok(answer)
                    }
                    QuizCommand::Leaderboard { period } => service.leaderboard(&caller, period),
                    _ => service.stats(&caller),
                }
            }
        }
    }

    fn quiz_question(&self, ids: &[String], index: usize) -> crate::answer::Answer {
        match self.core.knowledge.quiz.get(&ids[index]) {
            Some(q) => {
                let mut answer = view::question(q, index + 1, ids.len(), 0, |_| String::new());
                answer.blocks.pop();
                answer.buttons.clear();
                answer.blocks.push(crate::answer::Block {
                    heading: None,
                    lines: vec![crate::answer::Line::plain("Type the letter (or number) of your answer.")],
                });
                answer
            }
            None => crate::answer::Answer::info("This question is no longer in the bank."),
        }
    }

    fn quiz_answer(&mut self, ids: Vec<String>, index: usize, mut score: usize, option: usize) -> String {
        let Some(q) = self.core.knowledge.quiz.get(&ids[index]) else { return "! That question is gone.\n".to_owned() };
        score += usize::from(option == q.answer);
        let verdict = if option == q.answer { "Right." } else { "Not quite." };
        let mut out = text::render(&view::reveal(&self.core.knowledge, q, None, &[]));
        out.insert_str(0, &format!("{verdict} Score: {score}/{}\n", index + 1));
        if index + 1 < ids.len() {
            out.push('\n');
            out.push_str(&text::render(&self.quiz_question(&ids, index + 1)));
            self.mode = Mode::Quiz { ids, index: index + 1, score };
        } else {
            out.push_str(&format!("\nQuiz finished: {score}/{} right.\n", ids.len()));
        }
        out
    }

    fn practice_answer(&mut self, topic: Option<Topic>, question: &str, option: usize) -> String {
        let Some(service) = self.quiz.clone() else { return "! The quiz database is not available.\n".to_owned() };
        let result = service.practice_answer(&console_caller(), topic, question, option);
        if let Ok(answer) = &result
            && let Some(id) = answer.buttons.first().and_then(|b| b.custom_id.split(':').nth(2))
        {
            self.mode = Mode::Practice { topic, question: id.to_owned() };
        }
        render(result)
    }
}

/// A quiz answer as typed, as a 0-based option (not yet checked against the question): a letter or a
/// number alone ("d", "4"), or followed by "." or ")" and the option's text ("D. histidyl"). Anything else
/// ("a quick question") is no answer.
fn option_of(line: &str) -> Option<usize> {
    let end = line.find(['.', ')']).unwrap_or(line.len());
    if end < line.len() && line[..end].contains(char::is_whitespace) {
        return None;
    }
    let head = &line[..end];
    let mut chars = head.chars();
    let first = chars.next()?;
    if first.is_ascii_alphabetic() && chars.next().is_none() {
        return Some(first.to_ascii_lowercase() as usize - 'a' as usize);
    }
    head.parse::<usize>().ok().filter(|n| *n >= 1).map(|n| n - 1)
}

fn render(result: Result<crate::answer::Answer, CommandError>) -> String {
    match result {
        Ok(answer) => text::render(&answer),
        Err(CommandError::User(e)) => format!("! {e}\n"),
        Err(CommandError::Internal(e)) => {
            let id = ERROR_IDS.fetch_add(1, Ordering::Relaxed);
            tracing::error!(error_id = id, error = %e, "command failed");
            format!("! Sorry, something went wrong inside the bot (error {id}). It has been logged.\n")
        }
    }
}

/// The console's reply to one line, without quiz state (for one-off use).
pub fn respond(core: &Core, line: &str) -> String {
    Console::new(core, None).line(line)
}

/// Reads lines until end of input or `/quit`, answering each. Bad lines get a message, never an exit.
pub fn run(
    core: &Core,
    quiz: Option<Arc<QuizService>>,
    input: impl BufRead,
    mut output: impl Write,
    interactive: bool,
) -> io::Result<()> {
    writeln!(
        output,
        "myositis-bot console: /help lists the commands,\n/quit leaves; plain text is a question for /ask."
    )?;
    let mut console = Console::new(core, quiz);
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
            // At the terminal's width with bold words; a fixed width and the Markdown when piped.
            let width = if interactive { textwrap::termwidth() } else { text::FIXED_WIDTH };
            writeln!(output, "{}", text::for_terminal(&console.line(line), width, interactive))?;
        }
        prompt(&mut output)?;
    }
    Ok(())
}
