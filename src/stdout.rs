//! The command line's standard output. A reader that stops early (`myositis-bot quiz export … | head -1`)
//! closes the pipe, and the next write fails with a broken pipe: that ends the command quietly and
//! successfully, as it does other command-line tools, rather than as an error. Only writes through
//! [`stdout`] are read so: a broken pipe anywhere else (a database connection) is still an error.

use std::io::{self, Write};

/// Standard output was closed by its reader: the carried cause of a write's broken pipe.
#[derive(Debug, thiserror::Error)]
#[error("standard output was closed by its reader")]
pub struct Closed;

/// The process's standard output, locked; a broken pipe on it carries [`Closed`].
pub struct Stdout(io::StdoutLock<'static>);

/// Standard output for the command line's answers (Rust ignores SIGPIPE, so a closed pipe is an error
/// of the write, which this marks).
pub fn stdout() -> Stdout {
    Stdout(io::stdout().lock())
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(marked)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(marked)
    }
}

/// A write error, with a broken pipe marked as standard output closed.
fn marked(error: io::Error) -> io::Error {
    if error.kind() == io::ErrorKind::BrokenPipe { io::Error::new(io::ErrorKind::BrokenPipe, Closed) } else { error }
}

/// Whether a command failed only because its reader closed standard output (anywhere in the chain of
/// causes; the CSV writer keeps its I/O error as its kind rather than its source).
pub fn was_closed(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io = match cause.downcast_ref::<csv::Error>().map(csv::Error::kind) {
            Some(csv::ErrorKind::Io(io)) => Some(io),
            _ => cause.downcast_ref::<io::Error>(),
        };
        cause.is::<Closed>() || io.and_then(io::Error::get_ref).is_some_and(|inner| inner.is::<Closed>())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_marked_broken_pipe_is_a_closed_stdout() {
        let closed = marked(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(was_closed(&anyhow::Error::from(closed).context("writing the export")));
        let in_csv = csv::Error::from(marked(io::Error::from(io::ErrorKind::BrokenPipe)));
        assert!(was_closed(&anyhow::Error::from(in_csv)));
        // A broken pipe that is not standard output's (a database socket), or another write error.
        assert!(!was_closed(&anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe))));
        assert!(!was_closed(&anyhow::Error::from(marked(io::Error::from(io::ErrorKind::StorageFull)))));
    }
}
