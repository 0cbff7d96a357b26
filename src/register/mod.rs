//! The registers of DESIGN.md §2, one module each: its record types, its reads
//! (taking the read-only `&Connection`) and its writes (taking a [`Change`]).
//!
//! [`Change`]: crate::db::Change

pub mod authorizations;
pub mod merchants;
pub mod platforms;
pub mod policy;
pub mod processors;
pub mod requests;
pub mod retention;
pub mod settings;

use rusqlite::Connection;

use crate::error::Result;

/// Counts one table; `table` is always one of ours, never user input.
pub(crate) fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |row| row.get(0))?)
}

/// Reads a JSON array of strings stored in a TEXT column.
pub(crate) fn json_strings(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
