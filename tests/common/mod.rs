//! Shared helpers for the behaviour tests: one loaded core per test binary, the real binary, and a fresh
//! PostgreSQL database per test (`postgres`).

#![allow(dead_code)]

pub mod postgres;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use myositis_bot::Core;
use myositis_bot::answer::Answer;
use myositis_bot::commands::{CommandError, Context, Invocation, dispatch};
use myositis_bot::quiz::Caller;

/// A member of server "g1" in channel "c1", an educator (Manage Messages) or not.
pub fn caller(user: &str, educator: bool) -> Caller {
    Caller {
        user_id: user.to_owned(),
        guild_id: "g1".to_owned(),
        channel_id: "c1".to_owned(),
        can_manage_messages: educator,
        role_ids: Vec::new(),
        bot_access: myositis_bot::quiz::BotAccess::CanPost,
    }
}

/// The knowledge folder shipped with the bot.
pub fn knowledge_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// The core, loaded once per test binary.
pub fn core() -> &'static Core {
    static CORE: OnceLock<Core> = OnceLock::new();
    CORE.get_or_init(|| Core::load(&knowledge_dir()).expect("the shipped knowledge loads"))
}

/// Runs a command through the shared dispatcher, as every door does (outside any runtime: on one of its own).
pub fn run(command: &str, options: &[(&str, &str)]) -> Result<Answer, CommandError> {
    let invocation =
        Invocation::new(command, options.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect());
    block_on(dispatch(&context(&Caller::at_console()), &invocation))
}

/// Runs a future to its end on a runtime of its own: for the synchronous tests of async entry points.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(future)
}

/// A context over the shared core, without a quiz.
pub fn context(caller: &Caller) -> Context<'_> {
    Context { core: core(), quiz: None, caller }
}

/// The message of a refused invocation.
pub fn refusal(command: &str, options: &[(&str, &str)]) -> String {
    match run(command, options) {
        Err(CommandError::User(e)) => e.to_string(),
        Err(other) => panic!("expected a user error, got {other}"),
        Ok(answer) => panic!("expected a refusal, got an answer titled {:?}", answer.title),
    }
}

/// Runs the real binary (with the shipped knowledge unless `args` name another); `stdin` is piped in.
/// Its database lives in a temporary folder, so a test run leaves the checkout clean.
pub fn bin(args: &[&str], stdin: &str) -> Output {
    let data = tempfile::tempdir().expect("temp dir");
    let shipped = knowledge_dir();
    let default_knowledge = ["--knowledge", shipped.to_str().expect("utf-8 path")];
    let knowledge: &[&str] = if args.contains(&"--knowledge") { &[] } else { &default_knowledge };
    let mut child = Command::new(env!("CARGO_BIN_EXE_myositis-bot"))
        .args(knowledge)
        .args(args)
        .env_remove("MYOSITIS_BOT__DISCORD__TOKEN")
        .env_remove("RUST_LOG")
        .env("MYOSITIS_BOT__DATA__DIR", data.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("the binary finishes")
}

/// Runs the binary and parses its stdout as JSON, asserting success.
pub fn bin_json(args: &[&str]) -> serde_json::Value {
    let out = bin(args, "");
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn copy_files(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("folder") {
        let entry = entry.expect("entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// Copies the shipped knowledge folder to a temporary folder that a test may break.
pub fn knowledge_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_files(&knowledge_dir(), dir.path());
    std::fs::create_dir(dir.path().join("quiz")).expect("quiz folder");
    copy_files(&knowledge_dir().join("quiz"), &dir.path().join("quiz"));
    dir
}

/// Every problem `check` finds in a knowledge folder, as displayed.
pub fn problems_of(dir: &Path) -> Vec<String> {
    match myositis_bot::knowledge::Knowledge::load(dir) {
        Ok(_) => Vec::new(),
        Err(myositis_bot::knowledge::KnowledgeError::Invalid { problems, .. }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        Err(other) => vec![other.to_string()],
    }
}

/// Replaces the first `from` by `to` in a knowledge file of a temporary copy.
pub fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}
