//! The real binary against the fake Discord: on SIGTERM every gateway socket ends with a close frame
//! (code 1000), so Discord shows the bot offline at once, also after Discord invalidated the session
//! (op 9, not resumable) and the bot identified afresh on a new connection.

mod common;
mod fake_discord;

use std::sync::atomic::Ordering;
use std::time::Duration;

use fake_discord::{Ending, FakeDiscord};
use tokio::process::Child;

/// How long the binary may take to stop after SIGTERM: closing the shards and draining answers are each
/// bounded at a few seconds.
const STOP_TIMEOUT: Duration = Duration::from_secs(20);

/// Starts the binary against `fake` (its database in `data`) and waits for its command registration.
async fn start_binary(fake: &mut FakeDiscord, data: &std::path::Path) -> Child {
    let child = fake.bot_binary(data, "fake-token").spawn().expect("the binary starts");
    fake.wait_for("registration by the binary", 20, |r| r.method == "PUT" && r.path.ends_with("/commands")).await;
    child
}

/// Sends SIGTERM and waits for the exit; returns the exit status's success and the logs.
async fn terminate(child: Child) -> (bool, String) {
    let pid = child.id().expect("pid").to_string();
    let killed = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(killed.success());
    let out = tokio::time::timeout(STOP_TIMEOUT, child.wait_with_output())
        .await
        .expect("the binary stops after SIGTERM within the bound")
        .expect("output");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Waits until the fake has seen `n` IDENTIFYs.
async fn wait_for_identifies(fake: &FakeDiscord, n: u64, secs: u64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    while fake.identifies.load(Ordering::SeqCst) < n {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for IDENTIFY number {n}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_the_gateway_with_a_close_frame() {
    let mut fake = FakeDiscord::start().await;
    let data = tempfile::tempdir().expect("temp dir");
    let child = start_binary(&mut fake, data.path()).await;
    let (success, logs) = terminate(child).await;
    assert!(success, "exit status not success; logs:\n{logs}");
    assert_eq!(fake.ending(0, 5).await, Ending::Closed(1000), "logs:\n{logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_after_a_reidentify_closes_the_new_connection_with_a_close_frame() {
    let mut fake = FakeDiscord::start().await;
    let data = tempfile::tempdir().expect("temp dir");
    let child = start_binary(&mut fake, data.path()).await;
    assert_eq!(fake.identifies.load(Ordering::SeqCst), 1);

    fake.invalidate_session(false);
    // serenity restarts the shard: a new connection and a fresh IDENTIFY (not a RESUME).
    wait_for_identifies(&fake, 2, 30).await;
    fake.ending(0, 5).await;
    assert_eq!(fake.endings.lock().expect("endings")[1], None, "the new connection is open");

    let (success, logs) = terminate(child).await;
    assert!(success, "exit status not success; logs:\n{logs}");
    assert_eq!(fake.ending(1, 5).await, Ending::Closed(1000), "logs:\n{logs}");
    assert_eq!(fake.endings.lock().expect("endings").len(), 2, "no connection after SIGTERM; logs:\n{logs}");
    assert!(logs.contains("every shard closed its gateway socket"), "the wait ended in time; logs:\n{logs}");
}
