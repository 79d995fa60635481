//! Renderers that turn a transport-neutral answer into text for a terminal.

pub mod text;
