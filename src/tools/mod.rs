//! The command line's tool subcommands (not bot commands): each prints to stdout and returns the process
//! exit code.

pub mod export;
pub mod review;
