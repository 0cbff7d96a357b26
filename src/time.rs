//! Time as the register stores it: UTC instants in RFC 3339, calendar dates in ISO 8601.

use chrono::{NaiveDate, SecondsFormat, Utc};

use crate::error::{Error, Result};

/// Now, as an RFC 3339 UTC instant with second precision.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Today's date in UTC.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// Parses a `YYYY-MM-DD` date, naming the field in the error.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Invalid(format!(
            "{field}: '{text}' is not a date; write it as YYYY-MM-DD"
        ))
    })
}
