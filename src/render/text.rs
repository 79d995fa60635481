//! Plain-text rendering for the console and the CLI: the same content a Discord user sees, in the same
//! order: the answering sentence first, then the whole paragraph, then the rest.

use std::fmt::Write;

use crate::answer::{Answer, Line, Quote, QuoteKind, Visibility};

/// Renders an answer as plain text with passage ids and source ids in brackets; matched words stay in
/// `**bold**` Markdown (the console turns them into terminal bold).
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
    let of_kind = |kind: QuoteKind| answer.quotes.iter().filter(move |q| q.kind == kind);
    for quote in of_kind(QuoteKind::Answer) {
        out.push('\n');
        let _ = writeln!(out, "\u{201c}{}\u{201d}", quote.shown());
        let _ = writeln!(out, "  — {} [{}]{}", quote.location, quote.passage, markers(quote));
    }
    if !answer.notes.is_empty() {
        out.push('\n');
    }
    for note in &answer.notes {
        let _ = writeln!(out, "! {note}");
    }
    // "In full": the passage may be a paragraph or one item of the "Is this IIM?" list.
    quotes(&mut out, "In full", of_kind(QuoteKind::Paragraph));
    for block in &answer.blocks {
        out.push('\n');
        if let Some(heading) = &block.heading {
            let _ = writeln!(out, "{heading}");
        }
        for line in &block.lines {
            let _ = writeln!(out, "  - {}{}", line.text, refs(line));
        }
    }
    quotes(&mut out, "From the article", of_kind(QuoteKind::Evidence));
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

/// A heading and its quotes, each with its location; nothing when there are none.
fn quotes<'a>(out: &mut String, heading: &str, quotes: impl Iterator<Item = &'a Quote>) {
    let mut quotes = quotes.peekable();
    if quotes.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "\n{heading}");
    for quote in quotes {
        let _ = writeln!(out, "  \u{201c}{}\u{201d}", quote.shown());
        let _ = writeln!(out, "    — {} [{}]{}", quote.location, quote.passage, markers(quote));
    }
}

/// The article's reference numbers in a quote, e.g. " (article ref 14)", " (article refs 14, 15)".
fn markers(quote: &Quote) -> String {
    let numbers: Vec<String> = quote.references.iter().map(u32::to_string).collect();
    match numbers.len() {
        0 => String::new(),
        1 => format!(" (article ref {})", numbers[0]),
        _ => format!(" (article refs {})", numbers.join(", ")),
    }
}

fn refs(line: &Line) -> String {
    let ids: Vec<&str> = line.passages.iter().chain(&line.sources).map(String::as_str).collect();
    if ids.is_empty() { String::new() } else { format!(" [{}]", ids.join(", ")) }
}

/// The width text is wrapped to when it does not go to a terminal.
pub const FIXED_WIDTH: usize = 80;

/// Rendered text laid out for a terminal `width` columns wide: every line wrapped on word boundaries
/// ("25–30 mg per WEEK" never breaks inside a word), continuation lines indented under their first word,
/// and `**bold**` shown as terminal bold when `bold`, else left as written.
pub fn for_terminal(text: &str, width: usize, bold: bool) -> String {
    let mut out = String::new();
    for line in text.lines() {
        // A title's underline is as long as the title, which may itself be wrapped: never wider than the screen.
        if !line.is_empty() && line.chars().all(|c| c == '=') {
            out.push_str(&line[..line.len().min(width.max(20))]);
            out.push('\n');
            continue;
        }
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let lead = line[indent.len()..].chars().take_while(|c| matches!(c, '-' | '!' | '—' | '“' | ' ')).count();
        let hanging = " ".repeat(indent.chars().count() + lead);
        let whole = keep_amounts_whole(line);
        let styled = if bold { terminal_bold(&whole) } else { whole };
        // Lines break at spaces only, and never between an amount and its unit: "1 mg/kg/day" and "25–30
        // mg/week" stay whole on a phone.
        // Nor inside a hyphenated word: "co-existing", "anti-TNF" and "MTX-related" are quoted whole.
        let options = textwrap::Options::new(width.max(20))
            .subsequent_indent(&hanging)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for wrapped in textwrap::wrap(&styled, options) {
            out.push_str(&wrapped.replace(GLUE, " "));
            out.push('\n');
        }
    }
    out
}

/// Joins amounts to their units while wrapping (a no-break space, a space again once wrapped).
const GLUE: char = '\u{a0}';

/// Units an amount is never parted from at a line break.
const UNITS: [&str; 7] = ["mg", "gm", "kg", "mcg", "ml", "lb", "g"];

/// The line with the space between a number and the unit after it ("1 mg/kg/day", "30 mg"), and in a page
/// number ("p. 6"), made unbreakable, so a wrapped dose never leaves its number at the end of one line and
/// its unit on the next, nor a location its "p." without the page.
fn keep_amounts_whole(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut previous: Option<&str> = None;
    for word in line.split(' ') {
        if let Some(before) = previous {
            let number = before.trim_end_matches('*').ends_with(|c: char| c.is_ascii_digit());
            let unit = word.trim_start_matches('*');
            let is_unit = UNITS
                .iter()
                .any(|u| unit.strip_prefix(u).is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphabetic())));
            // "p. 6" of a location stays whole too.
            let page = before.trim_start_matches(|c: char| !c.is_alphanumeric()) == "p."
                && word.starts_with(|c: char| c.is_ascii_digit());
            out.push(if (number && is_unit) || page { GLUE } else { ' ' });
        }
        out.push_str(word);
        previous = Some(word);
    }
    out
}

/// `**word**` as terminal bold (ANSI SGR 1 and 22, which textwrap measures as zero width).
fn terminal_bold(line: &str) -> String {
    let mut out = String::new();
    for (i, part) in line.split("**").enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "\u{1b}[1m" } else { "\u{1b}[22m" });
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{for_terminal, markers};
    use crate::answer::{Quote, QuoteKind};

    #[test]
    fn one_reference_is_a_ref_and_several_are_refs() {
        let quote = |references: Vec<u32>| Quote {
            kind: QuoteKind::Answer,
            passage: "p".into(),
            text: "t".into(),
            marked: None,
            location: "l".into(),
            references,
        };
        assert_eq!(markers(&quote(vec![])), "");
        assert_eq!(markers(&quote(vec![14])), " (article ref 14)");
        assert_eq!(markers(&quote(vec![14, 15])), " (article refs 14, 15)");
    }

    #[test]
    fn an_amount_is_never_parted_from_its_unit() {
        let text = "We advocate an initial dose of 1 mg/kg/day, with a pulse of methylprednisolone (typically 1 gm)";
        for width in 20..=60 {
            let wrapped = for_terminal(text, width, false);
            assert!(!wrapped.lines().any(|l| l.ends_with(" 1")), "width {width}:\n{wrapped}");
            assert!(wrapped.contains("1 mg/kg/day") && !wrapped.contains('\u{a0}'), "{wrapped}");
        }
        // A word that only starts like a unit is no unit: "2 grams" may break.
        assert_eq!(super::keep_amounts_whole("2 grams, 3 kg"), "2 grams, 3\u{a0}kg");
    }

    #[test]
    fn a_hyphenated_word_is_never_split_at_its_hyphen() {
        let text =
            "“Added options include cyclosporine, particularly if there is co-existing interstitial lung disease.”";
        for width in 20..=60 {
            let wrapped = for_terminal(text, width, false);
            assert!(
                wrapped.contains("co-existing") && !wrapped.lines().any(|l| l.ends_with('-')),
                "width {width}:\n{wrapped}"
            );
        }
    }

    #[test]
    fn a_page_number_is_never_parted_from_its_p() {
        let text = "! Page 6 gives the evidence as it stood in January 2008 (p. 6, ¶5, sentence 1): later trials.";
        for width in 20..=60 {
            let wrapped = for_terminal(text, width, false);
            assert!(!wrapped.lines().any(|l| l.ends_with(" p.") || l.ends_with("(p.")), "width {width}:\n{wrapped}");
            assert!(wrapped.contains("p. 6"), "{wrapped}");
        }
    }

    #[test]
    fn lines_wrap_on_words_under_their_first_word() {
        let text = "  - Methotrexate (MTX): up to 25–30 mg per WEEK: the article's usual rheumatologic doses, a weekly total\n";
        let wrapped = for_terminal(text, 40, false);
        assert!(wrapped.lines().all(|l| l.chars().count() <= 40), "{wrapped}");
        assert!(wrapped.contains("WEEK") && wrapped.lines().skip(1).all(|l| l.starts_with("    ")), "{wrapped}");
    }

    #[test]
    fn a_long_title_and_its_underline_fit_the_screen() {
        let title = "Answer: B. The quadriceps and the wrist and finger flexors of both arms";
        let text = format!("{title}\n{}\n", "=".repeat(title.chars().count()));
        let wrapped = for_terminal(&text, 40, false);
        assert!(wrapped.lines().all(|l| l.chars().count() <= 40), "{wrapped}");
        assert!(wrapped.contains("flexors") && wrapped.ends_with(&format!("{}\n", "=".repeat(40))), "{wrapped}");
    }

    #[test]
    fn bold_markup_becomes_terminal_bold_only_when_asked() {
        assert_eq!(for_terminal("a **b** c", 60, true), "a \u{1b}[1mb\u{1b}[22m c\n");
        assert_eq!(for_terminal("a **b** c", 60, false), "a **b** c\n");
    }
}
