//! The educators' side of the quiz service: stats over a period (with the chart), members' reports of
//! questions, and the results the export writes.

use std::collections::BTreeMap;

use super::{Caller, DIRECT_MESSAGES, Period, QuizService, private};
use crate::answer::{Answer, Attachment, Form, FormField, Line};
use crate::buttons::ButtonId;
use crate::error::{CommandError, UserError};
use crate::quiz::difficulty::observed;
use crate::quiz::store::{MemberResult, NewReport, ReportFiled};
use crate::quiz::{chart, stats};

/// The fewest characters a report's reason needs (after trimming).
pub const MIN_REASON_CHARS: u16 = 3;
/// The most characters of a report's reason kept (the form allows no more; a longer one sent anyway is cut).
pub const MAX_REASON_CHARS: u16 = 500;
/// The most open reports `/quiz reports` lists.
const LISTED_REPORTS: usize = 20;
/// Why a report cannot be filed from a direct message: reports belong to a server's educators.
const NO_REPORTS_IN_DMS: &str = "Reports go to a server's educators, and a direct message has none: report the question from \
     /quiz practice in your server's channel.";
/// The form field that holds the reason.
pub const REASON_FIELD: &str = "reason";
/// What to do after a report's form was refused: a form cannot be reopened from its own answer, so the
/// button that opened it is pressed again.
const REPORT_AGAIN: &str = "To send it, press the Report button under the question again (it opens the form anew).";

impl QuizService {
    fn educators_only(&self, caller: &Caller, what: &str) -> Result<(), CommandError> {
        if self.is_educator(caller) {
            Ok(())
        } else {
            Err(UserError::new(format!("{what} are for educators (Manage Messages or an educator role).")).into())
        }
    }

    /// Open reports per question id in the caller's server.
    async fn open_report_counts(&self, guild_id: &str) -> Result<BTreeMap<String, u32>, CommandError> {
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for report in self.store.open_reports(guild_id).await? {
            *counts.entry(report.question_id).or_default() += 1;
        }
        Ok(counts)
    }

    /// `/quiz stats`: for educators: accuracy per topic and the most-missed questions over the period,
    /// with their passages, the team's difficulty next to the author's, and open reports; the chart of the
    /// same is attached (when it cannot be drawn, the text goes alone).
    pub(super) async fn stats(&self, caller: &Caller, period: Period) -> Result<Answer, CommandError> {
        self.educators_only(caller, "Quiz stats")?;
        let rows = self.store.question_stats_since(&caller.guild_id, period.since(self.now())).await?;
        let reports = self.open_report_counts(&caller.guild_id).await?;
        let summary = stats::summarize(self.bank(), &rows, &reports, period);
        let mut answer = stats::answer(&summary, &observed(&rows));
        match chart::render(&summary) {
            Ok(bytes) => answer.attachments.push(Attachment {
                name: chart::FILE_NAME.to_owned(),
                bytes,
                description: format!(
                    "Chart of quiz accuracy per topic and the most-missed questions, {}; the same as the text.",
                    period.label()
                ),
            }),
            Err(e) => tracing::error!(error = %e, "drawing the quiz stats chart failed"),
        }
        Ok(answer)
    }

    /// Whether this caller can file a report: reports are stored for a server's educators, so not from a
    /// direct message. Where they cannot, no "Report" button is offered.
    pub(super) fn can_report(caller: &Caller) -> bool {
        caller.guild_id != DIRECT_MESSAGES
    }

    /// The "Report" button: the form for the reason (the question must still be in the bank).
    pub(super) fn report_form(&self, caller: &Caller, question_id: &str) -> Answer {
        if !Self::can_report(caller) {
            return private(NO_REPORTS_IN_DMS);
        }
        let Some(q) = self.bank().get(question_id) else {
            return private("That question is no longer in the bank.");
        };
        let mut answer = private("Report this question");
        answer.form = Some(Box::new(Form {
            custom_id: ButtonId::Report { question: q.id.clone() }.encode(),
            title: "Report a quiz question".to_owned(),
            fields: vec![FormField {
                custom_id: REASON_FIELD.to_owned(),
                label: "What is wrong with it?".to_owned(),
                placeholder: "e.g. the answer does not match the quoted passage".to_owned(),
                min_chars: MIN_REASON_CHARS,
                max_chars: MAX_REASON_CHARS,
            }],
        }));
        answer
    }

    /// The report form, submitted: stored with the question and what it cites, unless the member's earlier
    /// report of the question is still open (refused, naming it). The reason is free text from a member:
    /// bounded, kept for the educators, never logged.
    pub(super) async fn file_report(
        &self,
        caller: &Caller,
        question_id: &str,
        reason: &str,
    ) -> Result<Answer, CommandError> {
        if !Self::can_report(caller) {
            return Ok(private(NO_REPORTS_IN_DMS));
        }
        let Some(q) = self.bank().get(question_id) else {
            return Ok(private("That question is no longer in the bank, so there is nothing to report."));
        };
        let typed = reason.trim().chars().count();
        if typed > usize::from(MAX_REASON_CHARS) {
            return Err(UserError::new(format!(
                "Please keep the reason to {MAX_REASON_CHARS} characters (yours has {typed}); nothing was stored. \
                 {REPORT_AGAIN}"
            ))
            .into());
        }
        let reason = bounded_reason(reason);
        if reason.chars().count() < usize::from(MIN_REASON_CHARS) {
            return Err(UserError::new(format!(
                "Please say in a few words what is wrong with the question (at least {MIN_REASON_CHARS} characters); \
                 nothing was stored. {REPORT_AGAIN}"
            ))
            .into());
        }
        let filed = self
            .store
            .add_report(&NewReport {
                guild_id: &caller.guild_id,
                user_id: &caller.user_id,
                question_id: &q.id,
                cites: &stats::tests(q),
                reason: &reason,
                now: self.now(),
            })
            .await?;
        match filed {
            ReportFiled::Stored { id } => {
                tracing::info!(report = id, question = %q.id, "a quiz question was reported");
                Ok(private(&format!(
                    "Thank you: your report of {} is stored for the educators (report {id}).",
                    super::view::name(q)
                )))
            }
            ReportFiled::AlreadyOpen { id } => Err(UserError::new(format!(
                "You have already reported {} (report {id}), and that report is still open, so this one was not \
                 stored. Once an educator has closed it, you can report the question again.",
                super::view::name(q)
            ))
            .into()),
        }
    }

    /// `/quiz reports`: for educators: the server's open reports, oldest first, after closing one if asked.
    pub(super) async fn reports(&self, caller: &Caller, close: Option<i64>) -> Result<Answer, CommandError> {
        self.educators_only(caller, "Question reports")?;
        let mut lines = Vec::new();
        if let Some(id) = close {
            let closed = self.store.close_report(&caller.guild_id, id, self.now()).await?;
            lines.push(Line::plain(if closed {
                format!("Closed report {id}.")
            } else {
                format!("There is no open report {id} in this server.")
            }));
        }
        let open = self.store.open_reports(&caller.guild_id).await?;
        let listed = open.iter().take(LISTED_REPORTS).map(|r| {
            let question = self.bank().get(&r.question_id);
            let passages = question.map(|q| q.passages.clone()).unwrap_or_default();
            let named = question.map_or_else(|| "a question no longer in the bank".to_owned(), super::view::name);
            Line {
                passages,
                ..Line::plain(format!(
                    "Report {}: {} (cites {}), by {}: \u{201c}{}\u{201d}",
                    r.id,
                    named,
                    r.cites,
                    super::view::member(&r.user_id),
                    one_line(&r.reason)
                ))
            }
        });
        let title = match open.len() {
            0 => "No open reports".to_owned(),
            1 => "1 open report".to_owned(),
            n => format!("{n} open reports"),
        };
        let mut answer = Answer::info(format!("Quiz question reports: {title}"))
            .block(None, lines)
            .block(Some("Open, oldest first"), listed.collect());
        if open.len() > LISTED_REPORTS {
            answer = answer.block(
                None,
                vec![Line::plain(format!(
                    "{} more; close some with /quiz reports close:<number>.",
                    open.len() - LISTED_REPORTS
                ))],
            );
        } else if !open.is_empty() {
            answer = answer.block(None, vec![Line::plain("When one is dealt with: /quiz reports close:<number>.")]);
        }
        Ok(answer)
    }

    /// Per member, question and source, over the period, for the export (educators).
    pub async fn results(&self, caller: &Caller, period: Period) -> Result<Vec<MemberResult>, CommandError> {
        self.educators_only(caller, "Quiz results")?;
        Ok(self.store.member_results(&caller.guild_id, period.since(self.now())).await?)
    }
}

/// A reason as stored: trimmed, control characters (but line breaks) dropped, at most
/// [`MAX_REASON_CHARS`] characters.
pub fn bounded_reason(reason: &str) -> String {
    reason
        .trim()
        .chars()
        .filter(|c| (!c.is_control() || *c == '\n') && !invisible(*c))
        .take(usize::from(MAX_REASON_CHARS))
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// Characters that change how text around them is shown without being seen: bidirectional overrides and
/// isolates (U+202E can make a report read backwards in the educators' list), zero-width characters.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// A reason on one line, for a list, shown as typed: an answer's lines are Markdown, so a member's `**`,
/// code fence or `||spoiler||` is escaped rather than restyling (or swallowing) the entries after it.
fn one_line(reason: &str) -> String {
    let line = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut shown = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(c, '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '#' | '[' | ']' | '(' | ')' | '<' | '@') {
            shown.push('\\');
        }
        shown.push(c);
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_trimmed_cleaned_and_bounded() {
        assert_eq!(bounded_reason("  wrong\u{0}\u{7} answer \n"), "wrong answer");
        assert_eq!(bounded_reason(&"x".repeat(2000)).chars().count(), usize::from(MAX_REASON_CHARS));
        assert_eq!(one_line("a\n\nb  c"), "a b c");
        assert_eq!(
            one_line("**bold** ```fence ||spoiler|| @everyone"),
            "\\*\\*bold\\*\\* \\`\\`\\`fence \\|\\|spoiler\\|\\| \\@everyone"
        );
        assert_eq!(bounded_reason("wrong\u{202E}rewsna\u{200B} key"), "wrongrewsna key");
    }
}
