//! myositis-bot: a teaching-and-reference bot for rheumatology teams, built on one article,
//! "Myositis Mysteries" (Coyle, Plotz, Gourley; The Rheumatologist, January 2008).
//!
//! The core (knowledge, search, recommend, commands, answer) knows nothing about any transport; the doors
//! (console, CLI) turn input into an [`commands::Invocation`] and render the returned [`answer::Answer`].

/// Every binary built on this library (the bot, its tests, benchmarks and examples) allocates with
/// mimalloc: a search makes many short strings and vectors per question, and glibc's malloc and free were
/// a quarter of its instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod answer;
pub mod app;
pub mod buttons;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console;
pub mod discord;
pub mod error;
pub mod eval;
pub mod http;
pub mod knowledge;
pub mod logging;
pub mod privacy;
pub mod quiz;
pub mod recommend;
pub mod render;
pub mod run;
pub mod safety;
pub mod search;
pub mod stdout;
pub mod tools;

use std::path::Path;

use knowledge::{Knowledge, KnowledgeError};
use search::{SearchError, SearchIndex};

/// Why the core could not start.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The knowledge files are missing or invalid.
    #[error(transparent)]
    Knowledge(#[from] KnowledgeError),
    /// The search index could not be built.
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Everything the commands need: validated knowledge and its search index.
pub struct Core {
    /// The validated knowledge base.
    pub knowledge: Knowledge,
    /// The index over it.
    pub index: SearchIndex,
}

impl Core {
    /// Loads and validates the knowledge in `dir` and indexes it.
    pub fn load(dir: &Path) -> Result<Self, CoreError> {
        let knowledge = Knowledge::load(dir)?;
        let index = SearchIndex::build(&knowledge)?;
        Ok(Self { knowledge, index })
    }
}
