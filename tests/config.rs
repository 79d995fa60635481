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
