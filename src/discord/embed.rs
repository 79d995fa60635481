//! Renders a transport-neutral answer as one Discord embed that always fits Discord's limits: long text is
//! cut with "…" and a pointer to the passage, never rejected.

use serenity::all::{CreateEmbed, CreateEmbedFooter};

use crate::answer::{Answer, Line, Quote, QuoteKind, Visibility};

/// Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
pub const TITLE_MAX: usize = 256;
/// Description limit.
pub const DESCRIPTION_MAX: usize = 4096;
/// Field count limit.
pub const FIELDS_MAX: usize = 25;
/// Field name limit.
pub const FIELD_NAME_MAX: usize = 256;
/// Field value limit.
pub const FIELD_VALUE_MAX: usize = 1024;
/// Footer text limit.
pub const FOOTER_MAX: usize = 2048;
/// All text of all embeds of a message.
pub const TOTAL_MAX: usize = 6000;

/// Accent colour of clinical answers.
const COLOUR: u32 = 0x2B_6C_B0;

/// The embed's parts as plain strings, so sizes can be checked before building it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedParts {
    /// Title.
    pub title: String,
    /// Description (blocks and warnings, Markdown).
    pub description: String,
    /// (name, value) fields: quotes and sources.
    pub fields: Vec<(String, String)>,
    /// Footer.
    pub footer: String,
}

impl EmbedParts {
    /// Characters Discord counts towards the 6000 total.
    pub fn total_chars(&self) -> usize {
        count(&self.title)
            + count(&self.description)
            + count(&self.footer)
            + self.fields.iter().map(|(n, v)| count(n) + count(v)).sum::<usize>()
    }

    /// The serenity builder.
    pub fn build(self) -> CreateEmbed {
        let embed = CreateEmbed::new().title(self.title).description(self.description).colour(COLOUR);
        let embed = self.fields.into_iter().fold(embed, |e, (name, value)| e.field(name, value, false));
        if self.footer.is_empty() { embed } else { embed.footer(CreateEmbedFooter::new(self.footer)) }
    }
}

/// Lays out an answer within every limit.
pub fn layout(answer: &Answer) -> EmbedParts {
    let mut description = String::new();
    if answer.visibility == Visibility::Private {
        description.push_str("*Only you can see this answer.*\n");
    }
    for warning in &answer.warnings {
        description.push_str(&format!("⚠️ {warning}\n"));
    }
    // The answering sentence leads, above everything else; its paragraph waits behind a button.
    let answers: Vec<&Quote> = answer.quotes.iter().filter(|q| q.kind == QuoteKind::Answer).collect();
    for q in &answers {
        description.push_str(&format!("\n> {}\n— *{}*\n", q.shown(), q.location));
    }
    if !answer.notes.is_empty() {
        description.push('\n');
    }
    for note in &answer.notes {
        description.push_str(&format!("⚠️ {note}\n"));
    }
    for block in &answer.blocks {
        description.push('\n');
        if let Some(heading) = &block.heading {
            description.push_str(&format!("**{heading}**\n"));
        }
        for line in &block.lines {
            description.push_str(&format!("• {}{}\n", line.text, refs(line)));
        }
    }
    let mut fields: Vec<(String, String)> = answer
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Evidence || (q.kind == QuoteKind::Paragraph && answers.is_empty()))
        .map(|q| {
            let markers = if q.references.is_empty() {
                String::new()
            } else {
                let n: Vec<String> = q.references.iter().map(u32::to_string).collect();
                let label = if n.len() == 1 { "ref" } else { "refs" };
                format!(" · {label} {}", n.join(","))
            };
            let name = clip(&format!("{} · {}{markers}", q.location, q.passage), FIELD_NAME_MAX, "");
            let value = clip(&format!("> {}", q.text), FIELD_VALUE_MAX, &format!(" (cut: full text in {})", q.passage));
            (name, value)
        })
        .collect();
    if !answer.citations.is_empty() {
        let list: Vec<String> =
            answer.citations.iter().map(|c| format!("[{}] {} <{}>", c.id, c.title, c.url)).collect();
        fields.push(("Sources".to_owned(), clip(&list.join("\n"), FIELD_VALUE_MAX, " (more sources: /about)")));
    }
    if fields.len() > FIELDS_MAX {
        fields.truncate(FIELDS_MAX - 1);
        fields.push(("…".to_owned(), "More quotes were cut to fit Discord.".to_owned()));
    }
    let mut parts = EmbedParts {
        title: clip(&answer.title, TITLE_MAX, ""),
        description: clip(description.trim(), DESCRIPTION_MAX, " (cut to fit Discord)"),
        fields,
        footer: clip(answer.footer.as_deref().unwrap_or_default(), FOOTER_MAX, ""),
    };
    // Over the 6000 total: drop the last fields, then shorten the description.
    while parts.total_chars() > TOTAL_MAX && parts.fields.len() > 1 {
        parts.fields.pop();
    }
    if parts.total_chars() > TOTAL_MAX {
        let room = TOTAL_MAX.saturating_sub(parts.total_chars() - count(&parts.description));
        parts.description = clip(&parts.description, room, " (cut to fit Discord)");
    }
    parts
}

fn refs(line: &Line) -> String {
    let ids: Vec<&str> = line.passages.iter().chain(&line.sources).map(String::as_str).collect();
    if ids.is_empty() { String::new() } else { format!(" `{}`", ids.join(", ")) }
}

fn count(text: &str) -> usize {
    text.chars().count()
}

/// `text` cut to at most `max` characters, ending in "…" and `note` when cut.
pub fn clip(text: &str, max: usize, note: &str) -> String {
    if count(text) <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(count(note) + 1);
    let mut out: String = text.chars().take(keep).collect();
    out.push('…');
    out.push_str(note);
    out.chars().take(max).collect()
}
