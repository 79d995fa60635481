//! The local console: the bot's commands in slash syntax on a terminal, rendered as text. The quiz is
//! the same service, database and buttons as on Discord: `/quiz start` runs a channel quiz in the
//! console's own channel (type a letter or number to answer; as the only player, your answer reveals the
//! question), its answers count in `/quiz leaderboard` and `/quiz stats`, and `/quiz practice` uses
//! spaced repetition.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::Core;
use crate::answer::{Answer, ButtonState};
use crate::buttons::ButtonId;
use crate::commands::{CommandError, Context, dispatch, parse_line, press};
use crate::error::explain;
use crate::quiz::{Caller, ChannelPost, QuestionRef, QuizService};
use crate::render::text;

/// A question waiting for the next typed letter: which button each option is.
struct Open {
    /// The button ids of its options, in order.
    options: Vec<String>,
    /// A channel question (revealed as soon as the console's one player answers), or practice.
    channel: Option<QuestionRef>,
    /// A question of the day: no quiz to stop at the end of input (it is revealed at its time).
    daily: bool,
}

/// A console conversation: commands, and the question waiting for an answer.
pub struct Console<'a> {
    core: &'a Core,
    quiz: Option<Arc<QuizService>>,
    caller: Caller,
    open: Option<Open>,
}

impl<'a> Console<'a> {
    /// A console over the core; `quiz` gives it the quiz service and its database.
    pub fn new(core: &'a Core, quiz: Option<Arc<QuizService>>) -> Self {
        Self { core, quiz, caller: Caller::at_console(), open: None }
    }

    fn context(&self) -> Context<'_> {
        Context { core: self.core, quiz: self.quiz.as_ref(), caller: &self.caller }
    }

    /// The reply to one line: a rendered answer, or a message saying what to fix. The quiz's channel
    /// posts that follow from it (a reveal, the next question) are shown by [`Console::post`].
    pub async fn line(&mut self, line: &str) -> String {
        let line = line.trim();
        if let (Some(option), Some(open)) = (option_of(line), &self.open) {
            let Some(id) = open.options.get(option).cloned() else {
                let count = open.options.len();
                let last = crate::quiz::tally::letter(count.saturating_sub(1));
                return format!("! This question has options A to {last} (or 1 to {count}); type one of them.\n");
            };
            let channel = open.channel;
            self.open = None;
            return match channel {
                // The console's one player has answered: the question is revealed at once.
                Some(question) => {
                    let reveal = ButtonId::QuizReveal { session: question.session, question: question.index };
                    let answered = match press(&self.context(), &id).await {
                        Ok(_) => press(&self.context(), &reveal.encode()).await,
                        Err(e) => Err(e),
                    };
                    match answered {
                        Ok(_) => format!("You answered {}.\n", crate::quiz::tally::letter(option)),
                        Err(e) => render(Err(e)),
                    }
                }
                None => {
                    let result = press(&self.context(), &id).await;
                    self.learn_practice(&result);
                    render(result)
                }
            };
        }
        let result = match parse_line(line) {
            Ok(invocation) => dispatch(&self.context(), &invocation).await,
            Err(e) => Err(CommandError::from(e)),
        };
        self.learn_practice(&result);
        render(result)
    }

    /// A practice answer's option buttons open it for the next typed letter.
    fn learn_practice(&mut self, result: &Result<Answer, CommandError>) {
        let Ok(answer) = result else { return };
        let options: Vec<String> = answer
            .buttons
            .iter()
            .filter(|b| matches!(ButtonId::decode(&b.custom_id), Ok(ButtonId::PracticeOption { .. })))
            .map(|b| b.custom_id.clone())
            .collect();
        if !options.is_empty() {
            self.open = Some(Open { options, channel: None, daily: false });
        }
    }

    /// Shows what the quiz posts in the console's channel: a question opens it for the next typed letter
    /// (the console shows no buttons), a reveal closes it.
    pub fn post(&mut self, post: ChannelPost) -> String {
        match post {
            ChannelPost::Message { answer, question, .. } => {
                let options: Vec<String> = answer
                    .buttons
                    .iter()
                    .filter(|b| {
                        b.state == ButtonState::Open
                            && matches!(ButtonId::decode(&b.custom_id), Ok(ButtonId::QuizOption { .. }))
                    })
                    .map(|b| b.custom_id.clone())
                    .collect();
                let mut shown = text::render(&answer);
                if let Some(question) = question.filter(|_| !options.is_empty()) {
                    let daily = answer.title.starts_with(crate::quiz::daily::view::TITLE);
                    self.open = Some(Open { options, channel: Some(question), daily });
                    shown.push_str("Type the letter (or number) of your answer.\n");
                }
                shown
            }
            ChannelPost::Close { question, .. } => {
                if self.open.as_ref().is_some_and(|o| o.channel == Some(question)) {
                    self.open = None;
                }
                String::new()
            }
        }
    }

    /// Whether a channel quiz question is waiting: at the end of input the quiz is stopped, so what was
    /// answered is revealed and counted.
    pub fn quiz_running(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.channel.is_some() && !o.daily)
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

fn render(result: Result<Answer, CommandError>) -> String {
    match result {
        Ok(answer) => text::render(&answer),
        Err(e) => format!("! {}\n", explain(&e, "console").text),
    }
}

/// The console's reply to one line, without a quiz (for one-off use).
pub async fn respond(core: &Core, line: &str) -> String {
    Console::new(core, None).line(line).await
}

/// Reads lines until end of input or `/quit`, answering each and showing the quiz's posts as they come
/// (a timed reveal arrives while you think). Bad lines get a message, never an exit. Lines are read on a
/// thread of their own, so a timer can fire while the terminal waits.
pub async fn run(
    core: &Core,
    quiz: Option<Arc<QuizService>>,
    mut posts: mpsc::UnboundedReceiver<ChannelPost>,
    input: impl BufRead + Send + 'static,
    mut output: impl Write,
    interactive: bool,
) -> io::Result<()> {
    writeln!(
        output,
        "myositis-bot console: /help lists the commands,\n/quit leaves; plain text is a question for /ask."
    )?;
    let (lines_in, mut lines) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in input.lines() {
            if lines_in.send(line).is_err() {
                break;
            }
        }
    });
    let mut console = Console::new(core, quiz);
    // At the terminal's width with bold words; a fixed width and the Markdown when piped.
    let width = if interactive { textwrap::termwidth() } else { text::FIXED_WIDTH };
    let show = |output: &mut dyn Write, shown: &str| -> io::Result<()> {
        if !shown.is_empty() {
            writeln!(output, "{}", text::for_terminal(shown, width, interactive))?;
        }
        Ok(())
    };
    let prompt = |output: &mut dyn Write| -> io::Result<()> {
        if interactive {
            write!(output, "> ")?;
            output.flush()?;
        }
        Ok(())
    };
    prompt(&mut output)?;
    loop {
        let line = tokio::select! {
            line = lines.recv() => line,
            Some(post) = posts.recv() => {
                // A timed reveal while the prompt waits: written over the prompt, which then comes back.
                let shown = console.post(post);
                if !shown.is_empty() {
                    if interactive {
                        write!(output, "\r\u{1b}[K")?;
                    }
                    show(&mut output, &shown)?;
                    prompt(&mut output)?;
                }
                continue;
            }
        };
        let line = match line {
            None => break,
            Some(Ok(line)) => line,
            Some(Err(e)) if e.kind() == io::ErrorKind::InvalidData => {
                writeln!(output, "! That line is not valid UTF-8 text; please type it again.")?;
                prompt(&mut output)?;
                continue;
            }
            Some(Err(e)) => return Err(e),
        };
        let line = line.trim();
        if matches!(line, "/quit" | "/exit") {
            break;
        }
        if !line.is_empty() {
            let reply = console.line(line).await;
            show(&mut output, &reply)?;
            // What the line set off in the quiz (the reveal, the next question) follows it at once.
            while let Ok(post) = posts.try_recv() {
                let shown = console.post(post);
                show(&mut output, &shown)?;
            }
        }
        prompt(&mut output)?;
    }
    if console.quiz_running() {
        let reply = console.line("/quiz stop").await;
        show(&mut output, &reply)?;
        while let Ok(post) = posts.try_recv() {
            let shown = console.post(post);
            show(&mut output, &shown)?;
        }
    }
    Ok(())
}
