//! An interaction's JSON as serenity's model: fields Discord documents as optional, or added after some
//! senders were written, or that the bot does not use and serenity's model still demands (a member's
//! `flags`, `deaf`, `mute`), are filled with their documented meaning before the model reads them, so a
//! minimal payload is answered rather than refused. What the bot cannot do without (who acted) is never
//! invented.

use serde_json::{Value, json};
use serenity::all::Interaction;

use crate::discord::CHANNEL_NOT_SENT;

/// Discord's PING (interaction type 1), sent when the endpoint URL is saved and now and then after.
const PING: u64 = 1;
/// Interaction types after PING (application command, component, autocomplete, modal submit).
const TYPES_WITH_CONTEXT: std::ops::RangeInclusive<u64> = 2..=5;
/// A submitted form (a modal).
const MODAL_SUBMIT: u64 = 5;
/// The component types a submitted form is read through: an action row, a text input, and a label
/// (Discord's newer wrapper of one field, which serenity's model does not know).
const ACTION_ROW: u64 = 1;
const TEXT_INPUT: u64 = 4;
const LABEL: u64 = 18;

/// A verified request body, read.
#[derive(Debug)]
pub enum Payload {
    /// A PING: answered with PONG whatever else the body holds (its `id`, `token`, …), since Discord
    /// refuses an endpoint URL that does not acknowledge it.
    Ping,
    /// Any other interaction, in serenity's model.
    Interaction(Box<Interaction>),
}

/// Reads an interaction, filling what a minimal payload may leave out: `entitlements` (none),
/// `locale` (Discord's default, "en-US"), `attachment_size_limit` (the bot sends no attachments), a
/// subcommand's `options` (none), the member's and user's fields the bot does not use (see
/// [`fill_member`] and [`fill_user`]), and `channel_id`, which Discord documents as optional: from the
/// `channel` object, else from the message a component was attached to, else [`CHANNEL_NOT_SENT`], which
/// the quiz refuses to run in with a message (serenity's model has no way to say "no channel").
pub fn parse(body: &[u8]) -> Result<Payload, serde_json::Error> {
    let mut value: Value = serde_json::from_slice(body)?;
    let kind = value.get("type").and_then(Value::as_u64);
    if kind == Some(PING) {
        return Ok(Payload::Ping);
    }
    if let Some(object) = value.as_object_mut()
        && kind.is_some_and(|t| TYPES_WITH_CONTEXT.contains(&t))
    {
        // Discord always says who acted: `member` in a server, `user` elsewhere. Without either, serenity's
        // model would invent a user (id 1) to store answers and reports under; refuse it instead.
        let present = |key: &str| object.get(key).is_some_and(|v| !v.is_null());
        if !present("member") && !present("user") {
            return Err(serde::de::Error::custom("an interaction with neither `member` nor `user`"));
        }
        let acted_as = object.get("user").cloned();
        if let Some(member) = object.get_mut("member").and_then(Value::as_object_mut) {
            fill_member(member, acted_as);
        }
        if let Some(user) = object.get_mut("user").and_then(Value::as_object_mut) {
            fill_user(user);
        }
        object.entry("entitlements").or_insert_with(|| json!([]));
        object.entry("locale").or_insert_with(|| json!("en-US"));
        object.entry("attachment_size_limit").or_insert_with(|| json!(0));
        if let Some(options) = object.get_mut("data").and_then(|d| d.get_mut("options")) {
            fill_subcommand_options(options);
        }
        if kind == Some(MODAL_SUBMIT)
            && let Some(data) = object.get_mut("data").and_then(Value::as_object_mut)
        {
            read_form_fields(data);
        }
        if object.get("channel_id").is_none_or(Value::is_null) {
            let sent = [
                object.get("channel").and_then(|c| c.get("id")),
                object.get("message").and_then(|m| m.get("channel_id")),
            ]
            .into_iter()
            .flatten()
            .find(|id| !id.is_null())
            .cloned();
            object.insert("channel_id".to_owned(), sent.unwrap_or_else(|| json!(CHANNEL_NOT_SENT.to_string())));
        }
    }
    Ok(Payload::Interaction(Box::new(serde_json::from_value(value)?)))
}

/// A guild member as serenity's model reads it. Discord's guild member object documents `roles`, `deaf`,
/// `mute` and `flags` ("defaults to 0") as always sent, and `user` as optional; serenity's model refuses a
/// member without any of them. The bot reads only the member's user id, roles and permissions, so the rest
/// is filled with what it means when absent: no roles (no educator role), not deafened or muted, no flags.
/// A member without `user` takes the interaction's own `user` when one was sent; without either, who
/// acted is unknown and the payload stays refused.
fn fill_member(member: &mut serde_json::Map<String, Value>, acted_as: Option<Value>) {
    for (key, absent) in [("roles", json!([])), ("deaf", json!(false)), ("mute", json!(false)), ("flags", json!(0))] {
        if member.get(key).is_none_or(Value::is_null) {
            member.insert(key.to_owned(), absent);
        }
    }
    if member.get("user").is_none_or(Value::is_null)
        && let Some(user) = acted_as.filter(|u| !u.is_null())
    {
        member.insert("user".to_owned(), user);
    }
    if let Some(user) = member.get_mut("user").and_then(Value::as_object_mut) {
        fill_user(user);
    }
}

/// A user as serenity's model reads it: its `id` is what the bot needs, and stays required; `username`,
/// which only a name shown by Discord itself uses, is filled empty when a sender leaves it out.
fn fill_user(user: &mut serde_json::Map<String, Value>) {
    if user.get("username").is_none_or(Value::is_null) {
        user.insert("username".to_owned(), json!(""));
    }
}

/// A submitted form's `components` as serenity's model reads them: none sent is none filled in (the
/// form's fields are then missing, which the form's handler answers), and a label (type 18, wrapping one
/// field in `component`) becomes an action row holding that field when it is a text input. A label
/// around anything else (a select, a file upload: the bot asks for none) is left an empty row, rather
/// than refusing the whole form.
fn read_form_fields(data: &mut serde_json::Map<String, Value>) {
    let components = data.entry("components").or_insert_with(|| json!([]));
    if components.is_null() {
        *components = json!([]);
    }
    for component in components.as_array_mut().into_iter().flatten() {
        let Some(label) = component.as_object_mut() else { continue };
        if label.get("type").and_then(Value::as_u64) != Some(LABEL) {
            continue;
        }
        let child = label.remove("component").filter(|c| c.get("type").and_then(Value::as_u64) == Some(TEXT_INPUT));
        label.insert("type".to_owned(), json!(ACTION_ROW));
        label.insert("components".to_owned(), Value::Array(child.into_iter().collect()));
    }
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
    use super::{Payload, parse};
    use crate::discord::CHANNEL_NOT_SENT;
    use serde_json::{Value, json};
    use serenity::all::Interaction;

    fn interaction(value: &Value) -> Interaction {
        match parse(value.to_string().as_bytes()) {
            Ok(Payload::Interaction(interaction)) => *interaction,
            other => panic!("an interaction: {other:?}"),
        }
    }

    #[test]
    fn a_minimal_command_is_read_and_a_ping_is_a_ping() {
        let minimal = json!({
            "id": "1", "application_id": "2", "type": 2, "token": "t", "version": 1,
            "data": {"id": "3", "name": "ibm", "type": 1},
            "channel": {"id": "4", "type": 0},
            "user": {"id": "5", "username": "u", "discriminator": "0", "avatar": null}
        });
        let Interaction::Command(command) = interaction(&minimal) else { panic!("a command") };
        assert_eq!(command.channel_id.get(), 4);
        assert_eq!(command.locale, "en-US");
        let ping = json!({"id": "1", "application_id": "2", "type": 1, "token": "t", "version": 1});
        assert!(matches!(parse(ping.to_string().as_bytes()), Ok(Payload::Ping)));
        // Whatever else a PING carries or lacks, it is a PING.
        assert!(matches!(parse(br#"{"type":1}"#), Ok(Payload::Ping)));
        assert!(parse(b"{not json").is_err());
        // Nobody acted: refused, never stored under an invented user.
        let mut nobody = minimal.clone();
        nobody.as_object_mut().map(|o| o.remove("user"));
        assert!(parse(nobody.to_string().as_bytes()).is_err());
        // Discord leaves `options` out of a subcommand without arguments.
        let mut stats = minimal.clone();
        stats["data"] = json!({"id": "3", "name": "quiz", "type": 1, "options": [{"name": "stats", "type": 1}]});
        assert!(matches!(interaction(&stats), Interaction::Command(_)));
    }

    #[test]
    fn a_minimal_member_is_read_and_a_member_nobody_is_refused() {
        let mut sent = json!({
            "id": "1", "application_id": "2", "type": 2, "token": "t", "version": 1,
            "data": {"id": "3", "name": "ibm", "type": 1},
            "guild_id": "9", "channel_id": "4",
            "member": {"user": {"id": "5"}, "permissions": "8192"}
        });
        // No `flags`, `roles`, `deaf`, `mute`, `joined_at`, nor the user's `username`: all unused.
        let Interaction::Command(command) = interaction(&sent) else { panic!("a command") };
        let member = command.member.as_deref().expect("the member");
        assert_eq!((command.user.id.get(), member.user.id.get()), (5, 5));
        assert!(member.roles.is_empty() && member.flags.is_empty() && !member.deaf && !member.mute);
        assert_eq!(member.permissions.map(|p| p.bits()), Some(8192));
        // Sent as null, the same.
        for key in ["roles", "flags", "deaf", "mute"] {
            sent["member"][key] = Value::Null;
        }
        assert!(matches!(interaction(&sent), Interaction::Command(_)));
        // Roles the member has are read as sent.
        sent["member"]["roles"] = json!(["77"]);
        let Interaction::Command(command) = interaction(&sent) else { panic!("a command") };
        assert_eq!(command.member.as_deref().map(|m| m.roles.len()), Some(1));
        // A member without its user takes the interaction's `user`; with neither, who acted is unknown.
        sent["member"].as_object_mut().map(|m| m.remove("user"));
        assert!(parse(sent.to_string().as_bytes()).is_err(), "nobody acted");
        sent["user"] = json!({"id": "6", "username": "u"});
        let Interaction::Command(command) = interaction(&sent) else { panic!("a command") };
        assert_eq!(command.user.id.get(), 6);
    }

    /// The text fields of a submitted form as the bot reads them, (field, value).
    fn fields_of(value: &Value) -> Vec<(String, Option<String>)> {
        let Interaction::Modal(form) = interaction(value) else { panic!("a form") };
        form.data
            .components
            .iter()
            .flat_map(|row| row.components.iter())
            .filter_map(|c| match c {
                serenity::all::ActionRowComponent::InputText(input) => {
                    Some((input.custom_id.clone(), input.value.clone()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_form_is_read_without_components_and_through_labels() {
        let mut submitted = json!({
            "id": "1", "application_id": "2", "type": 5, "token": "t", "version": 1,
            "data": {"custom_id": "v1:report:ibm-01"},
            "channel": {"id": "4", "type": 0},
            "user": {"id": "5", "username": "u", "discriminator": "0", "avatar": null}
        });
        assert_eq!(fields_of(&submitted), [], "no `components`: no fields");
        submitted["data"]["components"] = Value::Null;
        assert_eq!(fields_of(&submitted), [], "null: no fields");
        // Discord's modal submit data with a text input in a label (type 18), as its components reference
        // shows it.
        submitted["data"]["components"] = json!([{
            "type": 18, "id": 1,
            "component": {"type": 4, "id": 2, "custom_id": "reason", "value": "The key is option C"}
        }]);
        assert_eq!(fields_of(&submitted), [("reason".to_owned(), Some("The key is option C".to_owned()))]);
        // A label around a field that is not a text input is no text field, and does not refuse the form;
        // an action row of the older layout beside it is read as before.
        submitted["data"]["components"] = json!([
            {"type": 18, "id": 1, "component": {"type": 3, "id": 2, "custom_id": "pick", "values": ["a"]}},
            {"type": 1, "id": 3, "components": [{"type": 4, "id": 4, "custom_id": "reason", "value": "typo"}]}
        ]);
        assert_eq!(fields_of(&submitted), [("reason".to_owned(), Some("typo".to_owned()))]);
    }

    #[test]
    fn a_channel_is_taken_from_where_discord_sent_it_or_marked_as_not_sent() {
        let mut bare = json!({
            "id": "1", "application_id": "2", "type": 2, "token": "t", "version": 1,
            "data": {"id": "3", "name": "ibm", "type": 1},
            "user": {"id": "5", "username": "u", "discriminator": "0", "avatar": null}
        });
        let Interaction::Command(command) = interaction(&bare) else { panic!("a command") };
        assert_eq!(command.channel_id.get(), CHANNEL_NOT_SENT);
        bare["channel_id"] = Value::Null;
        let Interaction::Command(command) = interaction(&bare) else { panic!("a command") };
        assert_eq!(command.channel_id.get(), CHANNEL_NOT_SENT, "null is not a channel");
        // A button press names its channel in the message it was attached to.
        bare["type"] = json!(3);
        bare["data"] = json!({"custom_id": "x", "component_type": 2});
        bare["message"] = json!({
            "id": "7", "channel_id": "8",
            "author": {"id": "2", "username": "bot", "discriminator": "0", "avatar": null},
            "content": "", "timestamp": "2026-01-01T00:00:00.000000+00:00", "edited_timestamp": null, "tts": false,
            "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
            "pinned": false, "type": 0
        });
        let Interaction::Component(press) = interaction(&bare) else { panic!("a press") };
        assert_eq!(press.channel_id.get(), 8);
    }
}
