//! Plain-text rendering for the console and the CLI: the same content a Discord user sees.

use std::fmt::Write;

use crate::answer::{Answer, Line, Visibility};

/// Renders an answer as plain text with passage ids and source ids in brackets.
pub fn render(answer: &Answer) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", answer.title);
    let _ = writeln!(out, "{}", "=".repeat(answer.title.chars().count().min(72)));
    if answer.visibility == Visibility::Private {
        let _ = writeln!(out, "(private: on Discord only you see this)");
    }
    for warning in &answer.warnings {
        let _ = writeln!(out, "! {warning}");
    }
    for block in &answer.blocks {
        out.push('\n');
        if let Some(heading) = &block.heading {
            let _ = writeln!(out, "{heading}");
        }
        for line in &block.lines {
            let _ = writeln!(out, "  - {}{}", line.text, refs(line));
        }
    }
    if !answer.quotes.is_empty() {
        let _ = writeln!(out, "\nFrom the article");
        for quote in &answer.quotes {
            let markers = if quote.references.is_empty() {
                String::new()
            } else {
                let numbers: Vec<String> = quote.references.iter().map(u32::to_string).collect();
                format!(" (article refs {})", numbers.join(", "))
            };
            let _ = writeln!(out, "  \u{201c}{}\u{201d}", quote.text);
            let _ = writeln!(out, "    — {} [{}]{markers}", quote.location, quote.passage);
        }
    }
    if !answer.citations.is_empty() {
        let _ = writeln!(out, "\nSources");
        for c in &answer.citations {
            let _ = writeln!(out, "  [{}] {} <{}>", c.id, c.title, c.url);
        }
    }
    if let Some(footer) = &answer.footer {
        let _ = writeln!(out, "\n{footer}");
    }
    out
}

fn refs(line: &Line) -> String {
    let ids: Vec<&str> = line.passages.iter().chain(&line.sources).map(String::as_str).collect();
    if ids.is_empty() { String::new() } else { format!(" [{}]", ids.join(", ")) }
}
