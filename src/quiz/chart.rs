//! The stats as a picture: accuracy per topic and the most-missed questions (with the passage each tests),
//! drawn in process with plotters into an RGB buffer and encoded as PNG. Text is set in DejaVu Sans, which
//! the repository ships (assets/fonts, with its licence): no font is looked up on the system, so the same
//! stats give the same bytes on every machine.

use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use super::difficulty::name;
use super::stats::{Summary, report_mark, tests};
use super::view::opening;

/// The chart's width in pixels.
pub const WIDTH: u32 = 1000;
/// The chart's height in pixels.
pub const HEIGHT: u32 = 680;
/// The file name the doors give it.
pub const FILE_NAME: &str = "quiz-stats.png";

/// The font, as the repository ships it.
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The name the font is registered under with plotters.
const FAMILY: &str = "dejavu-sans";

const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
const INK: RGBColor = RGBColor(33, 37, 41);
const FAINT: RGBColor = RGBColor(222, 226, 230);
const RIGHT: RGBColor = RGBColor(46, 125, 50);
const WRONG: RGBColor = RGBColor(198, 40, 40);
const REPORTED: RGBColor = RGBColor(230, 126, 34);

/// Left edge of the bars, after the labels.
const BAR_LEFT: i32 = 220;
/// Longest bar (100 %).
const BAR_WIDTH: i32 = 520;
/// Height of one bar.
const BAR_HEIGHT: i32 = 26;
/// From one bar's top to the next.
const ROW: i32 = 36;
/// The most characters of a label drawn (the text answer has them whole).
const LABEL_CHARS: usize = 90;

/// Why the chart could not be drawn (an operator problem: the text answer goes out without it).
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The shipped font could not be read.
    #[error("quiz chart: the shipped font could not be loaded")]
    Font,
    /// Drawing failed.
    #[error("quiz chart: drawing failed: {0}")]
    Draw(String),
    /// PNG encoding failed.
    #[error("quiz chart: PNG encoding failed: {0}")]
    Png(#[from] png::EncodingError),
}

/// Registers the font with plotters once per process.
fn font_ready() -> Result<(), ChartError> {
    static READY: OnceLock<bool> = OnceLock::new();
    let ok = *READY.get_or_init(|| register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

fn draw_error(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

fn clip(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        text.to_owned()
    } else {
        let mut clipped: String = text.chars().take(LABEL_CHARS - 1).collect();
        clipped.push('…');
        clipped
    }
}

/// The summary as a PNG of [`WIDTH`] × [`HEIGHT`] pixels.
pub fn render(summary: &Summary<'_>) -> Result<Vec<u8>, ChartError> {
    font_ready()?;
    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&BACKGROUND).map_err(draw_error)?;
        draw(&root, summary)?;
        root.present().map_err(draw_error)?;
    }
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
        writer.finish()?;
    }
    Ok(png_bytes)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

fn text(area: &Area<'_>, words: &str, at: (i32, i32), size: u32, color: RGBColor) -> Result<(), ChartError> {
    let style = TextStyle::from((FAMILY, size).into_font()).color(&color);
    area.draw(&Text::new(words.to_owned(), at, style)).map_err(draw_error)
}

/// One bar: a faint track of the full width, the share filled over it, labels either side.
fn bar(area: &Area<'_>, top: i32, label: &str, percent: u32, note: &str, fill: RGBColor) -> Result<(), ChartError> {
    text(area, &clip(label), (24, top + 4), 16, INK)?;
    area.draw(&Rectangle::new([(BAR_LEFT, top), (BAR_LEFT + BAR_WIDTH, top + BAR_HEIGHT)], FAINT.filled()))
        .map_err(draw_error)?;
    let length = BAR_WIDTH * i32::try_from(percent.min(100)).unwrap_or(100) / 100;
    if length > 0 {
        area.draw(&Rectangle::new([(BAR_LEFT, top), (BAR_LEFT + length, top + BAR_HEIGHT)], fill.filled()))
            .map_err(draw_error)?;
    }
    text(area, note, (BAR_LEFT + BAR_WIDTH + 12, top + 4), 16, INK)
}

fn draw(root: &Area<'_>, summary: &Summary<'_>) -> Result<(), ChartError> {
    text(root, &format!("Quiz stats, {}", summary.period.label()), (24, 16), 26, INK)?;
    let mut top = 64;
    text(root, "Accuracy per topic (share of answers right)", (24, top), 19, INK)?;
    top += 32;
    if summary.topics.is_empty() {
        text(root, "No answers yet.", (24, top), 16, INK)?;
        top += ROW;
    }
    for t in &summary.topics {
        let note = format!("{}% ({}/{})", t.percent(), t.correct, t.answered);
        bar(root, top, t.topic.name(), t.percent(), &note, RIGHT)?;
        top += ROW;
    }
    top += 18;
    text(root, "Most missed (share of answers wrong), with the passage each tests", (24, top), 19, INK)?;
    top += 32;
    if summary.missed.is_empty() {
        text(root, "Nothing missed yet.", (24, top), 16, INK)?;
    }
    for (rank, m) in summary.missed.iter().enumerate() {
        let answered = m.observed.answered;
        let wrong = m.misses() * 100 / answered.max(1);
        let fill = if m.open_reports > 0 { REPORTED } else { WRONG };
        // Numbered and named as in the text answer: the topic beside the bar; what it tests and its opening
        // words under it.
        let label = format!("{}. {}", rank + 1, m.question.topic.name());
        bar(root, top, &label, wrong, &format!("{}/{answered} missed", m.misses()), fill)?;
        let team = m.observed.level().map_or("too few answers", name);
        let under = format!(
            "tests {} · author: {}, team: {team}{} · \u{201c}{}\u{201d}",
            tests(m.question),
            name(m.question.difficulty),
            report_mark(m.open_reports),
            opening(m.question)
        );
        text(root, &clip(&under), (BAR_LEFT, top + BAR_HEIGHT + 2), 13, INK)?;
        top += ROW + 16;
    }
    if summary.missed.iter().any(|m| m.open_reports > 0) {
        let legend_top = i32::try_from(HEIGHT).unwrap_or(0) - 30;
        root.draw(&Rectangle::new([(24, legend_top), (40, legend_top + 16)], REPORTED.filled())).map_err(draw_error)?;
        text(root, "a question with open reports (/quiz reports)", (48, legend_top), 14, INK)?;
    }
    Ok(())
}
