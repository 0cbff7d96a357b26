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
pub mod search_sets;
pub mod settings;

use rusqlite::Connection;
use serde::Serialize;

use crate::error::{Error, Result};

/// Counts one table; `table` is always one of ours, never user input.
pub(crate) fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |row| row.get(0))?)
}

/// Reads a JSON array of strings stored in a TEXT column.
pub(crate) fn json_strings(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// One page of a long list: `total` rows match in all; `rows` are those from `offset`,
/// at most `limit` of them. Every list the desktop shows of a register that may hold a
/// million records comes this way.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Page<T> {
    pub total: u64,
    pub offset: u64,
    pub limit: u32,
    pub rows: Vec<T>,
}

/// Rows a page holds when the caller does not say.
pub const DEFAULT_PAGE_LIMIT: u32 = 50;
/// The most rows one page may hold.
pub const MAX_PAGE_LIMIT: u32 = 1000;

/// Refuses a page size outside 1..=[`MAX_PAGE_LIMIT`].
pub(crate) fn check_limit(limit: u32) -> Result<()> {
    if limit == 0 || limit > MAX_PAGE_LIMIT {
        return Err(Error::Invalid(format!(
            "limit must be between 1 and {MAX_PAGE_LIMIT} rows a page, not {limit}"
        )));
    }
    Ok(())
}

/// An offset as SQLite takes it.
pub(crate) fn sql_offset(offset: u64) -> i64 {
    i64::try_from(offset).unwrap_or(i64::MAX)
}

/// Search text as the lists read it: control characters (NUL among them) become spaces,
/// and only the first [`MAX_SEARCH_CHARS`] characters count. `None` when nothing is left.
pub(crate) fn clean_search(text: Option<&str>) -> Option<String> {
    let cleaned: String = text?
        .chars()
        .take(MAX_SEARCH_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The longest search the lists read, in characters; the rest is ignored.
pub const MAX_SEARCH_CHARS: usize = 256;

/// A LIKE pattern matching `text` anywhere, its wildcards escaped (use with `ESCAPE '\'`).
pub(crate) fn like_anywhere(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}
