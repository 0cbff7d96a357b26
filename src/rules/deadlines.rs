//! Deadline arithmetic, and nothing else: adding a period to a date of receipt,
//! moving a date off closed days, counting business days. Which rule applies and
//! where the holidays come from is [`super::jurisdictions`]'s business.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;

/// A period of time as the law states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar days after the day of receipt.
    Days(u32),
    /// Calendar months: the same date in the later month, or that month's last day
    /// when it has no such date (Regulation 1182/71 Art. 3(2)(c)).
    Months(u32),
}

/// How a deadline that falls on a closed day moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Roll {
    /// Never moves.
    None,
    /// Hong Kong, Interpretation and General Clauses Ordinance (Cap. 1) s.71: a Sunday,
    /// a general holiday, or a recorded gale / black rainstorm warning day moves the
    /// deadline to the next day that is none of those. Saturdays do not.
    HkCap1S71,
    /// Regulation 1182/71 Art. 3(4): a Saturday, Sunday or public holiday moves the end of
    /// the period to the next working day.
    NextWorkingDay,
}

/// The last day of `period` counted from `start` (the day of receipt, itself not counted).
/// `None` only past the year 262143.
pub fn end_of_period(start: NaiveDate, period: Period) -> Option<NaiveDate> {
    match period {
        Period::Days(days) => start.checked_add_days(Days::new(u64::from(days))),
        // chrono clamps to the month's last day when the date does not exist (31 Jan + 1
        // month = 28/29 Feb), which is exactly the rule.
        Period::Months(months) => start.checked_add_months(Months::new(months)),
    }
}

/// Whether `date` is a day on which, under `roll`, a deadline cannot end.
/// `warning_days` only count in Hong Kong (Cap. 1 s.71(2)).
pub fn is_closed(
    date: NaiveDate,
    roll: Roll,
    holidays: &BTreeSet<NaiveDate>,
    warning_days: &BTreeSet<NaiveDate>,
) -> bool {
    match roll {
        Roll::None => false,
        Roll::HkCap1S71 => {
            date.weekday() == Weekday::Sun
                || holidays.contains(&date)
                || warning_days.contains(&date)
        }
        Roll::NextWorkingDay => {
            matches!(date.weekday(), Weekday::Sat | Weekday::Sun) || holidays.contains(&date)
        }
    }
}

/// Moves `date` forward to the first day on which a deadline may end.
pub fn roll_forward(
    date: NaiveDate,
    roll: Roll,
    holidays: &BTreeSet<NaiveDate>,
    warning_days: &BTreeSet<NaiveDate>,
) -> NaiveDate {
    let mut day = date;
    // A year of consecutive closed days cannot happen with real data; the bound keeps a
    // corrupt calendar from looping forever.
    for _ in 0..366 {
        if !is_closed(day, roll, holidays, warning_days) {
            return day;
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => return day,
        }
    }
    day
}

/// The `n`th business day (Monday to Friday, not a holiday) after `start`.
pub fn add_business_days(start: NaiveDate, n: u32, holidays: &BTreeSet<NaiveDate>) -> NaiveDate {
    let none = BTreeSet::new();
    let mut day = start;
    let mut counted = 0;
    while counted < n {
        match day.succ_opt() {
            Some(next) => day = next,
            None => return day,
        }
        if !is_closed(day, Roll::NextWorkingDay, holidays, &none) {
            counted += 1;
        }
    }
    day
}

/// Adds whole days (paused days) to a date, saturating at chrono's last date.
pub fn plus_days(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MAX)
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}
