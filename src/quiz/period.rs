//! The periods a leaderboard, the stats and the export cover: their names as the command description
//! lists them, when each starts, and how it reads in a title.

use super::service::Period;

impl Period {
    /// The period a choice of the `period` option names (`week`, `month`, `all`).
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "week" => Some(Self::Week),
            "month" => Some(Self::Month),
            "all" => Some(Self::All),
            _ => None,
        }
    }

    /// The first second (Unix) it covers, counted back from `now`; `None` for all time.
    pub fn since(self, now: i64) -> Option<i64> {
        match self {
            Self::Week => Some(now - 7 * 86_400),
            Self::Month => Some(now - 30 * 86_400),
            Self::All => None,
        }
    }

    /// How it reads in a title: "this week", "this month", "all time".
    pub fn label(self) -> &'static str {
        match self {
            Self::Week => "this week",
            Self::Month => "this month",
            Self::All => "all time",
        }
    }
}
