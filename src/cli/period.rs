//! The period flags shared by `export`, `report` and `sample`.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::i18n::t;
use crate::model::period::Period;

// Which period: a month, an ISO week, or a range of dates.
#[derive(Debug, Clone, clap::Args)]
pub struct PeriodArgs {
    // A calendar month, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM", conflicts_with_all = ["from", "to", "week"])]
    pub month: Option<String>,
    // An ISO week, YYYY-Www (alone: the last complete week).
    #[arg(
        long,
        value_name = "YYYY-Www",
        num_args = 0..=1,
        default_missing_value = "",
        conflicts_with_all = ["from", "to"]
    )]
    pub week: Option<String>,
    // The first day of the period (with --to).
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    // The last day of the period, included (with --from).
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
}

impl PeriodArgs {
    /// Returns true for `--week` without a value: the last complete week, wherever the
    /// shop's today is.
    pub fn bare_week(&self) -> bool {
        self.week.as_deref().is_some_and(|w| w.trim().is_empty())
    }

    /// Returns the period asked for, if any (`today`, in the shop's zone, places a
    /// bare `--week`).
    pub fn period(&self, today: NaiveDate) -> Result<Option<Period>> {
        if let Some(week) = &self.week {
            if week.trim().is_empty() {
                return Ok(Some(Period::last_complete_week(today)));
            }
            return Period::parse_week(week)
                .map(Some)
                .map_err(|m| Error::input("--week", m, t!("hint-week")));
        }
        if let Some(month) = &self.month {
            return Period::parse_month(month)
                .map(Some)
                .map_err(|m| Error::input("--month", m, t!("hint-month")));
        }
        match (&self.from, &self.to) {
            (Some(from), Some(to)) => Period::range(
                super::flags::date_flag("--from", from)?,
                super::flags::date_flag("--to", to)?,
            )
            .map(Some)
            .map_err(|m| Error::input("--to", m, t!("hint-period"))),
            _ => Ok(None),
        }
    }
}
