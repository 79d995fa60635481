//! When a channel's question of the day is due: a local time in an IANA time zone, turned into an instant
//! for each local day (so 09:00 in `Europe/London` stays 09:00 on either side of a clock change), and the
//! missed-day rule that decides, when the bot finds a day due, whether to post it now or skip it.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// The longest time zone name accepted (the longest IANA name has 32 characters).
pub const MAX_ZONE_CHARS: usize = 64;
/// The length of a time of day as typed: `HH:MM`.
pub const TIME_CHARS: usize = 5;

/// Why a schedule's time, zone or day cannot be used: the message tells the educator what to type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// Not a time of day as `HH:MM` (24-hour clock).
    #[error("`time` must be a time of day as HH:MM on a 24-hour clock, e.g. 09:00 or 17:30 (you gave \"{0}\").")]
    Time(String),
    /// Not a time zone of the IANA database.
    #[error(
        "`timezone` must be an IANA time zone name such as Europe/London, America/New_York or Asia/Tokyo \
         (you gave \"{0}\")."
    )]
    Zone(String),
    /// A date outside what the calendar arithmetic supports (year 9999 and beyond).
    #[error("the date {0} is out of range")]
    Range(String),
}

/// At most 40 characters of what was typed, for echoing it back.
fn shown(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

/// Reads a time of day typed as `HH:MM` (or `H:MM`), 00:00 to 23:59.
pub fn parse_time(typed: &str) -> Result<Time, ScheduleError> {
    let bad = || ScheduleError::Time(shown(typed));
    let typed = typed.trim();
    if typed.len() > TIME_CHARS {
        return Err(bad());
    }
    let (hour, minute) = typed.split_once(':').ok_or_else(bad)?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<i8>().ok()).flatten()
    };
    match (digits(hour, 1..=2), digits(minute, 2..=2)) {
        (Some(h), Some(m)) if (0..24).contains(&h) && (0..60).contains(&m) => Time::new(h, m, 0, 0).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// Reads an IANA time zone name (any case), from the database bundled with the bot, never the host's.
pub fn parse_zone(typed: &str) -> Result<TimeZone, ScheduleError> {
    let typed = typed.trim();
    if typed.is_empty() || typed.chars().count() > MAX_ZONE_CHARS {
        return Err(ScheduleError::Zone(shown(typed)));
    }
    TimeZone::get(typed).map_err(|_| ScheduleError::Zone(shown(typed)))
}

/// The canonical name of a zone read by [`parse_zone`] (`europe/london` → `Europe/London`).
pub fn zone_name(zone: &TimeZone) -> String {
    zone.iana_name().unwrap_or("UTC").to_owned()
}

/// `HH:MM`, as stored and shown.
pub fn time_text(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// When the question of local day `day` is posted: `time` on that day in `zone` (Unix milliseconds). A
/// time the clocks skip (01:30 on a spring-forward night) is taken as the moment after the gap, and a
/// time they repeat as the first of the two.
pub fn post_ms(day: Date, time: Time, zone: &TimeZone) -> Result<i64, ScheduleError> {
    day.to_datetime(time)
        .to_zoned(zone.clone())
        .map(|z| z.timestamp().as_millisecond())
        .map_err(|_| ScheduleError::Range(day.to_string()))
}

/// The local date in `zone` at `now_ms`.
pub fn local_day(now_ms: i64, zone: &TimeZone) -> Result<Date, ScheduleError> {
    local(now_ms, zone).map(|z| z.date())
}

/// The local date and time in `zone` at `now_ms`.
pub fn local(now_ms: i64, zone: &TimeZone) -> Result<Zoned, ScheduleError> {
    Timestamp::from_millisecond(now_ms)
        .map(|t| t.to_zoned(zone.clone()))
        .map_err(|_| ScheduleError::Range(now_ms.to_string()))
}

/// The day after `day`.
pub fn next_day(day: Date) -> Result<Date, ScheduleError> {
    day.tomorrow().map_err(|_| ScheduleError::Range(day.to_string()))
}

/// The first day whose question is still to come for a schedule made at `now_ms`: today when its time
/// has not come yet, else tomorrow (a schedule made at 10:00 for 09:00 starts tomorrow).
pub fn first_day(now_ms: i64, time: Time, zone: &TimeZone) -> Result<Date, ScheduleError> {
    let today = local_day(now_ms, zone)?;
    if post_ms(today, time, zone)? > now_ms { Ok(today) } else { next_day(today) }
}

/// What to do with a schedule found due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The local day to post a question for now, if any.
    pub post: Option<Date>,
    /// The day the schedule waits for next.
    pub next: Date,
}

/// The missed-day rule. A schedule waiting for `due_day` is looked at `now_ms`:
/// - when `due_day` is today and its time has come (on time, or late after a restart), today's question is
///   posted now, and the schedule waits for tomorrow;
/// - when `due_day` is over (the bot was down all through its local day), that day is skipped, never posted
///   late; today then is treated as above (posted now if its time has passed, else awaited).
///
/// So each local day gets at most one question, posted on that day.
pub fn plan(due_day: Date, now_ms: i64, time: Time, zone: &TimeZone) -> Result<Plan, ScheduleError> {
    let today = local_day(now_ms, zone)?;
    let day = due_day.max(today);
    if post_ms(day, time, zone)? <= now_ms {
        Ok(Plan { post: Some(day), next: next_day(day)? })
    } else {
        Ok(Plan { post: None, next: day })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn london() -> TimeZone {
        parse_zone("europe/LONDON").expect("a zone")
    }

    fn at(text: &str) -> i64 {
        text.parse::<Timestamp>().expect("an instant").as_millisecond()
    }

    #[test]
    fn times_and_zones_are_read_strictly_with_a_message_saying_what_to_type() {
        assert_eq!(time_text(parse_time("9:05").expect("ok")), "09:05");
        assert_eq!(time_text(parse_time(" 23:59 ").expect("ok")), "23:59");
        for bad in ["", "25:00", "24:00", "12:60", "9", "09-00", "9:5", "+9:00", "09:00:00", "ab:cd", "٠٩:٠٠"] {
            assert!(matches!(parse_time(bad), Err(ScheduleError::Time(_))), "{bad:?}");
        }
        let long = "9".repeat(10_000);
        let message = parse_time(&long).expect_err("too long").to_string();
        assert!(message.contains("HH:MM") && message.len() < 200, "{message}");
        assert_eq!(zone_name(&london()), "Europe/London");
        for bad in ["", "Mars/Olympus", "Europe/Londn", "../../etc/passwd", "+01:00"] {
            assert!(matches!(parse_zone(bad), Err(ScheduleError::Zone(_))), "{bad:?}");
        }
        let message = parse_zone(&"x".repeat(10_000)).expect_err("too long").to_string();
        assert!(message.contains("IANA") && message.len() < 300, "{message}");
    }

    #[test]
    fn nine_local_stays_nine_local_across_both_clock_changes() {
        let nine = parse_time("09:00").expect("time");
        let zone = london();
        // The last Sundays of March and October 2026: 29 March (to BST) and 25 October (to GMT).
        assert_eq!(post_ms(date(2026, 3, 28), nine, &zone), Ok(at("2026-03-28T09:00:00Z")));
        assert_eq!(post_ms(date(2026, 3, 29), nine, &zone), Ok(at("2026-03-29T08:00:00Z")));
        assert_eq!(post_ms(date(2026, 10, 24), nine, &zone), Ok(at("2026-10-24T08:00:00Z")));
        assert_eq!(post_ms(date(2026, 10, 25), nine, &zone), Ok(at("2026-10-25T09:00:00Z")));
        // 01:30 does not exist on 29 March: the moment after the gap.
        let half_one = parse_time("01:30").expect("time");
        assert_eq!(post_ms(date(2026, 3, 29), half_one, &zone), Ok(at("2026-03-29T01:30:00Z")));
        // 01:30 happens twice on 25 October: the first.
        assert_eq!(post_ms(date(2026, 10, 25), half_one, &zone), Ok(at("2026-10-25T00:30:00Z")));
    }

    #[test]
    fn a_missed_day_is_posted_late_only_within_that_day_and_never_twice() {
        let nine = parse_time("09:00").expect("time");
        let zone = london();
        let day = date(2026, 3, 29);
        // Before its time: wait.
        assert_eq!(plan(day, at("2026-03-29T07:59:00Z"), nine, &zone), Ok(Plan { post: None, next: day }));
        // At its time, or late the same local day: post it now, then wait for tomorrow.
        let posted = Plan { post: Some(day), next: date(2026, 3, 30) };
        assert_eq!(plan(day, at("2026-03-29T08:00:00Z"), nine, &zone), Ok(posted));
        assert_eq!(plan(day, at("2026-03-29T22:59:00Z"), nine, &zone), Ok(posted));
        // The next local day, before its time: the missed day is skipped.
        let skipped = Plan { post: None, next: date(2026, 3, 30) };
        assert_eq!(plan(day, at("2026-03-29T23:30:00Z"), nine, &zone), Ok(skipped));
        // Days later, after that day's time: only that day is posted.
        let later = Plan { post: Some(date(2026, 4, 2)), next: date(2026, 4, 3) };
        assert_eq!(plan(day, at("2026-04-02T12:00:00Z"), nine, &zone), Ok(later));
        // A new schedule starts today when its time is still to come, else tomorrow.
        assert_eq!(first_day(at("2026-03-29T07:00:00Z"), nine, &zone), Ok(day));
        assert_eq!(first_day(at("2026-03-29T08:00:00Z"), nine, &zone), Ok(date(2026, 3, 30)));
    }
}
