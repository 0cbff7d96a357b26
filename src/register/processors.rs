//! Processors: the third-party service providers that process data for Wesmond
//! under confidentiality obligations (policy §6).

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// A processor as listed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProcessorRow {
    pub id: i64,
    pub name: String,
    pub service: String,
    pub country: String,
    pub confidentiality: String,
    pub next_review: Option<String>,
    pub status: String,
}

/// Every processor, active first, by name.
pub fn list(conn: &Connection) -> Result<Vec<ProcessorRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, service, country, confidentiality, next_review, status
         FROM processors ORDER BY status = 'retired', name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ProcessorRow {
            id: r.get(0)?,
            name: r.get(1)?,
            service: r.get(2)?,
            country: r.get(3)?,
            confidentiality: r.get(4)?,
            next_review: r.get(5)?,
            status: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
