//! The export for teaching records: one CSV row per member, question and source over a period, with what
//! each question tests. Member ids only: no names, no messages, no report reasons.

use std::io::Write;

use super::stats::tests;
use super::store::MemberResult;
use crate::knowledge::QuizBank;

/// The export's formats (the `--format` choices).
pub const FORMATS: &[&str] = &["csv"];

/// The CSV's columns, in order.
pub const HEADER: [&str; 7] = ["member_id", "question_id", "topic", "tests", "source", "answered", "correct"];

/// Writes the rows as CSV with a header (quoting by the CSV writer). A question no longer in the bank is
/// written with what the answers stored (its id and topic) and an empty `tests`.
pub fn write_csv(rows: &[MemberResult], bank: &QuizBank, out: impl Write) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    for r in rows {
        let cites = bank.get(&r.question_id).map(tests).unwrap_or_default();
        writer.write_record([
            r.user_id.as_str(),
            &r.question_id,
            &r.topic,
            &cites,
            &r.source,
            &r.answered.to_string(),
            &r.correct.to_string(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
