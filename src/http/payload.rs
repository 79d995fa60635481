//! An interaction's JSON as serenity's model: fields Discord documents as optional, or added after some
//! senders were written, are filled with their documented meaning before the model reads them, so a
//! minimal payload is answered rather than refused.

use serde_json::{Value, json};
use serenity::all::Interaction;

/// Interaction types after PING (application command, component, autocomplete, modal submit).
const TYPES_WITH_CONTEXT: std::ops::RangeInclusive<u64> = 2..=5;

/// Parses an interaction, filling what a minimal payload may leave out: `entitlements` (none),
/// `locale` (Discord's default, "en-US"), `attachment_size_limit` (the bot sends no attachments), and
/// `channel_id` from the `channel` object when only that is sent.
pub fn parse(body: &[u8]) -> Result<Interaction, serde_json::Error> {
    let mut value: Value = serde_json::from_slice(body)?;
    if let Some(object) = value.as_object_mut()
        && object.get("type").and_then(Value::as_u64).is_some_and(|t| TYPES_WITH_CONTEXT.contains(&t))
    {
        object.entry("entitlements").or_insert_with(|| json!([]));
        object.entry("locale").or_insert_with(|| json!("en-US"));
        object.entry("attachment_size_limit").or_insert_with(|| json!(0));
        if let Some(options) = object.get_mut("data").and_then(|d| d.get_mut("options")) {
            fill_subcommand_options(options);
        }
        if !object.contains_key("channel_id")
            && let Some(channel) = object.get("channel").and_then(|c| c.get("id")).cloned()
        {
            object.insert("channel_id".to_owned(), channel);
        }
    }
    serde_json::from_value(value)
}

/// A subcommand (type 1) or group (type 2) without arguments comes without `options`; serenity's model
/// wants the list, so an empty one is filled in, at every level.
fn fill_subcommand_options(options: &mut Value) {
    for option in options.as_array_mut().into_iter().flatten() {
        let Some(object) = option.as_object_mut() else { continue };
        if matches!(object.get("type").and_then(Value::as_u64), Some(1 | 2)) {
            fill_subcommand_options(object.entry("options").or_insert_with(|| json!([])));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn a_minimal_command_is_read_and_a_ping_is_left_alone() {
        let minimal = json!({
            "id": "1", "application_id": "2", "type": 2, "token": "t", "version": 1,
            "data": {"id": "3", "name": "ibm", "type": 1},
            "channel": {"id": "4", "type": 0},
            "user": {"id": "5", "username": "u", "discriminator": "0", "avatar": null}
        });
        let parsed = parse(minimal.to_string().as_bytes()).expect("a minimal command parses");
        let serenity::all::Interaction::Command(command) = parsed else { panic!("a command") };
        assert_eq!(command.channel_id.get(), 4);
        assert_eq!(command.locale, "en-US");
        let ping = json!({"id": "1", "application_id": "2", "type": 1, "token": "t", "version": 1});
        assert!(matches!(parse(ping.to_string().as_bytes()), Ok(serenity::all::Interaction::Ping(_))));
        assert!(parse(b"{not json").is_err());
        // Discord leaves `options` out of a subcommand without arguments.
        let mut stats = minimal.clone();
        stats["data"] = json!({"id": "3", "name": "quiz", "type": 1, "options": [{"name": "stats", "type": 1}]});
        assert!(matches!(parse(stats.to_string().as_bytes()), Ok(serenity::all::Interaction::Command(_))));
    }
}
