//! Rights requests: access, correction, deletion and withdrawal of authorization,
//! as they arrive at the contact address (policy §8).

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// A rights request as listed. Field names are the CLI's stable JSON names.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub jurisdiction: String,
    pub received_at: String,
    pub due_date: Option<String>,
    pub requester_email: Option<String>,
    pub rule: Option<String>,
}

/// Every request, soonest due first.
pub fn list(conn: &Connection) -> Result<Vec<RequestRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, type, status, jurisdiction, received_at, due_date, requester_email, rule
         FROM rights_requests ORDER BY due_date IS NULL, due_date, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RequestRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            status: r.get(2)?,
            jurisdiction: r.get(3)?,
            received_at: r.get(4)?,
            due_date: r.get(5)?,
            requester_email: r.get(6)?,
            rule: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
