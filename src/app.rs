//! The app, assembled in one place: the validated knowledge and its index, the quiz database and the quiz
//! service over them, and the queue of what the quiz posts in channels on its own. Every door (console,
//! command line, gateway, HTTP endpoint) starts from an [`App`] and calls the commands through its
//! [`Context`].

use std::path::Path;
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::commands::Context;
use crate::config::Settings;
use crate::quiz::{Caller, ChannelPost, QuizService, QuizStore, StoreError, system_clock};
use crate::{Core, CoreError};

/// The quiz database's file under `data.dir`.
pub const QUIZ_DATABASE: &str = "quiz.sqlite3";

/// Whether this process is the only one using the quiz database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instance {
    /// The only one (the gateway bot, the console): at start it finishes, visibly, the sessions a
    /// previous run left running.
    Only,
    /// One of several sharing the database (HTTP instances, a command-line query next to a running bot):
    /// sessions left running belong to another process and are left alone.
    Shared,
}

/// Why the app could not be assembled.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The knowledge is missing or invalid, or could not be indexed.
    #[error("cannot start with the knowledge in {dir}: {source}")]
    Core {
        /// The knowledge folder.
        dir: String,
        /// Why.
        source: CoreError,
    },
    /// The quiz database could not be opened.
    #[error("the quiz database in {dir} cannot be opened: {source}")]
    Store {
        /// The data folder.
        dir: String,
        /// Why.
        source: StoreError,
    },
    /// The quiz service could not finish the sessions a previous run left.
    #[error("the quiz could not start: {0}")]
    Quiz(String),
}

/// What every door shares.
pub struct App {
    /// Knowledge and index.
    pub core: Arc<Core>,
    /// The quiz, when its database is open.
    pub quiz: Option<Arc<QuizService>>,
}

impl App {
    /// The core alone (no quiz database): for tools and one-off commands that need no quiz.
    pub fn core_only(dir: &Path) -> Result<Self, AppError> {
        Ok(Self { core: Arc::new(load_core(dir)?), quiz: None })
    }

    /// The core, the quiz database under `data.dir` and the quiz service, with the receiving end of the
    /// quiz's channel posts (reveals, next questions, results) for the door to deliver. Must run inside a
    /// tokio runtime: the quiz's timers are tasks.
    pub fn assemble(
        settings: &Settings,
        dir: &Path,
        instance: Instance,
    ) -> Result<(Self, mpsc::UnboundedReceiver<ChannelPost>), AppError> {
        let core = Arc::new(load_core(dir)?);
        Self::with_quiz(core, settings, instance)
    }

    /// Adds the quiz to a loaded core (see [`App::assemble`]).
    pub fn with_quiz(
        core: Arc<Core>,
        settings: &Settings,
        instance: Instance,
    ) -> Result<(Self, mpsc::UnboundedReceiver<ChannelPost>), AppError> {
        let data = &settings.data.dir;
        let store = QuizStore::open(&data.join(QUIZ_DATABASE))
            .map_err(|source| AppError::Store { dir: data.display().to_string(), source })?;
        let (posts, queue) = mpsc::unbounded_channel();
        let quiz = QuizService::new(
            Arc::clone(&core),
            Arc::new(store),
            settings.quiz.clone(),
            posts,
            system_clock,
            instance == Instance::Only,
        )
        .map_err(|e| AppError::Quiz(e.to_string()))?;
        Ok((Self { core, quiz: Some(quiz) }, queue))
    }

    /// What a command needs to run for this caller.
    pub fn context<'a>(&'a self, caller: &'a Caller) -> Context<'a> {
        Context { core: &self.core, quiz: self.quiz.as_ref(), caller }
    }
}

fn load_core(dir: &Path) -> Result<Core, AppError> {
    Core::load(dir).map_err(|source| AppError::Core { dir: dir.display().to_string(), source })
}
