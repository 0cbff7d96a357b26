//! Statutory deadlines for rights requests: the rules and holiday calendars kept as
//! data in `data/` ([`jurisdictions`]) and the date arithmetic ([`deadlines`]).

pub mod deadlines;
pub mod jurisdictions;

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

pub use jurisdictions::{bundled, Clock, Context, Deadline, Rules};

use crate::error::Result;

/// What the deadline computation reads from the register: the recorded warning days
/// and the settings.
pub fn context(conn: &Connection) -> Result<Context> {
    let mut warning_days = BTreeSet::new();
    let mut stmt = conn.prepare_cached("SELECT day FROM warning_days")?;
    for day in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let day = day?;
        warning_days.insert(crate::time::parse_date("warning day", &day)?);
    }
    let settings: BTreeMap<String, String> = crate::register::settings::list(conn)?
        .into_iter()
        .map(|s| (s.key, s.value))
        .collect();
    Ok(Context {
        warning_days,
        settings,
    })
}
