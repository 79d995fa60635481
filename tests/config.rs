//! Settings: file, then environment; guild ids in either form; the token never shown.

use std::io::Write;

use myositis_bot::config::{RegisterMode, Secret, Settings};

#[test]
fn a_file_sets_every_documented_key_and_the_example_file_loads() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let settings = Settings::load(Some(&example)).expect("config.example.toml is valid");
    assert_eq!(settings.discord.register, RegisterMode::Global);

    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, "[discord]\nregister = \"guild\"\nguild_ids = [1, 2]\napi_base_url = \"http://127.0.0.1:1\"\n[log]\nformat = \"json\"")
        .expect("write");
    let settings = Settings::load(Some(file.path())).expect("loads");
    assert_eq!(settings.discord.register, RegisterMode::Guild);
    assert_eq!(settings.discord.guild_ids, [1, 2]);
    assert_eq!(settings.discord.api_base_url.as_deref(), Some("http://127.0.0.1:1"));
}

#[test]
fn unknown_keys_and_a_missing_file_are_errors() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, "[discord]\ntokn = \"x\"").expect("write");
    let err = Settings::load(Some(file.path())).expect_err("typo in a key");
    assert!(err.to_string().contains("tokn"), "{err}");
    assert!(Settings::load(Some(std::path::Path::new("/nonexistent.toml"))).is_err());
}

#[test]
fn the_token_never_appears_in_debug_output() {
    let secret = Secret::from("abc.def.ghi");
    assert_eq!(format!("{secret:?}"), "Secret(***)");
    assert_eq!(secret.expose(), "abc.def.ghi");
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, "[discord]\ntoken = \"abc.def.ghi\"").expect("write");
    let settings = Settings::load(Some(file.path())).expect("loads");
    assert!(!format!("{settings:?}").contains("abc.def.ghi"));
}

/// Set only in the child process of the next test.
const METRICS_TOKEN_VAR: &str = "MYOSITIS_BOT__HTTP__METRICS_TOKEN";

#[test]
fn the_metrics_token_comes_from_a_file_or_the_environment_and_is_never_shown() {
    if let Ok(expected) = std::env::var(METRICS_TOKEN_VAR) {
        // The child: the environment alone sets it.
        let settings = Settings::load(None).expect("loads");
        assert_eq!(settings.http.metrics_token().map(Secret::expose), Some(expected.as_str()));
        assert!(!format!("{settings:?}").contains(&expected));
        return;
    }
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, "[http]\nmetrics_token = \"from-the-file\"\nread_timeout_ms = 250").expect("write");
    let settings = Settings::load(Some(file.path())).expect("loads");
    assert_eq!(settings.http.metrics_token().map(Secret::expose), Some("from-the-file"));
    assert_eq!(settings.http.read_timeout(), std::time::Duration::from_millis(250));
    assert!(!format!("{settings:?}").contains("from-the-file"));
    let defaults = Settings::load(None).expect("loads");
    assert!(defaults.http.metrics_token().is_none(), "no token unless one is configured");
    assert_eq!(defaults.http.read_timeout_ms, 5000);
    // The environment is the process's: set it in a child running only this test, not in this one.
    let child = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "the_metrics_token_comes_from_a_file_or_the_environment_and_is_never_shown"])
        .env(METRICS_TOKEN_VAR, "from-the-environment")
        .output()
        .expect("child test runs");
    let out = String::from_utf8_lossy(&child.stdout);
    assert!(child.status.success() && out.contains("1 passed"), "{out}{}", String::from_utf8_lossy(&child.stderr));
}
