//! The app, assembled in one place: the validated knowledge and its index, the quiz database (embedded
//! SQLite, or a PostgreSQL server when `data.url` is set) and the quiz service over them, and the queue of
//! what the quiz posts in channels on its own. Every door (console, command line, gateway, HTTP endpoint)
//! starts from an [`App`] and calls the commands through its [`Context`].

use std::path::Path;
use std::sync::Arc;

use tokio::sync::mpsc;

use crate::commands::Context;
use crate::config::{DataSettings, Settings};
use crate::quiz::store::PostgresStore;
use crate::quiz::{Caller, ChannelPost, Clock, QuizService, QuizStorage, SqliteStore, StoreError, system_clock_ms};
use crate::{Core, CoreError};

/// The quiz database's file under `data.dir`.
pub const QUIZ_DATABASE: &str = "quiz.sqlite3";

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
    #[error("the quiz database ({place}) cannot be opened: {source}")]
    Store {
        /// Which database: the data folder, or the PostgreSQL server (without its password).
        place: String,
        /// Why.
        source: StoreError,
    },
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

    /// The core, the quiz database and the quiz service, with the receiving end of the quiz's channel
    /// posts (reveals, next questions, results) for the door to deliver. A door that delivers them also
    /// runs [`QuizService::run_timers`].
    pub async fn assemble(
        settings: &Settings,
        dir: &Path,
    ) -> Result<(Self, mpsc::UnboundedReceiver<ChannelPost>), AppError> {
        let core = Arc::new(load_core(dir)?);
        Self::with_quiz(core, settings, Arc::new(system_clock_ms)).await
    }

    /// Adds the quiz to a loaded core (see [`App::assemble`]), reading time from `clock`.
    pub async fn with_quiz(
        core: Arc<Core>,
        settings: &Settings,
        clock: Clock,
    ) -> Result<(Self, mpsc::UnboundedReceiver<ChannelPost>), AppError> {
        let store = open_store(&settings.data).await?;
        let (posts, queue) = mpsc::unbounded_channel();
        let quiz = QuizService::new(Arc::clone(&core), store, settings.quiz.clone(), posts, clock);
        Ok((Self { core, quiz: Some(quiz) }, queue))
    }

    /// What a command needs to run for this caller.
    pub fn context<'a>(&'a self, caller: &'a Caller) -> Context<'a> {
        Context { core: &self.core, quiz: self.quiz.as_ref(), caller }
    }
}

/// The configured quiz database: PostgreSQL when `data.url` is set, else the SQLite file in `data.dir`.
pub async fn open_store(data: &DataSettings) -> Result<Arc<dyn QuizStorage>, AppError> {
    if let Some(url) = data.url() {
        let store = PostgresStore::connect(url.expose())
            .await
            .map_err(|source| AppError::Store { place: PostgresStore::describe(url.expose()), source })?;
        return Ok(Arc::new(store));
    }
    let store = SqliteStore::open(&data.dir.join(QUIZ_DATABASE))
        .map_err(|source| AppError::Store { place: data.dir.display().to_string(), source })?;
    Ok(Arc::new(store))
}

fn load_core(dir: &Path) -> Result<Core, AppError> {
    Core::load(dir).map_err(|source| AppError::Core { dir: dir.display().to_string(), source })
}
