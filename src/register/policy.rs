//! Policy versions: the privacy policy's markdown, its "Last updated" date and
//! its status, draft → in review → published → retired.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use crate::db::Change;
use crate::error::Result;

/// A policy version without its text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PolicySummary {
    pub id: i64,
    pub label: String,
    pub status: String,
    pub effective_date: Option<String>,
    pub material_change: bool,
    pub change_summary: Option<String>,
    pub created_at: String,
    pub published_at: Option<String>,
}

const SUMMARY_COLUMNS: &str =
    "id, label, status, effective_date, material_change, change_summary, created_at, published_at";

fn read_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<PolicySummary> {
    Ok(PolicySummary {
        id: r.get(0)?,
        label: r.get(1)?,
        status: r.get(2)?,
        effective_date: r.get(3)?,
        material_change: r.get(4)?,
        change_summary: r.get(5)?,
        created_at: r.get(6)?,
        published_at: r.get(7)?,
    })
}

/// Every version, newest first.
pub fn list(conn: &Connection) -> Result<Vec<PolicySummary>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM policy_versions ORDER BY id DESC"
    ))?;
    let rows = stmt.query_map([], read_summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The version in force, if one is published.
pub fn published(conn: &Connection) -> Result<Option<PolicySummary>> {
    Ok(conn
        .query_row(
            &format!("SELECT {SUMMARY_COLUMNS} FROM policy_versions WHERE status = 'published'"),
            [],
            read_summary,
        )
        .optional()?)
}

/// The markdown of a version.
pub fn markdown(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT markdown FROM policy_versions WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A version to record as already published (the register's starting policy).
pub struct PublishedVersion<'a> {
    pub label: &'a str,
    pub markdown: &'a str,
    pub effective_date: &'a str,
    pub change_summary: &'a str,
}

/// Records a version that is published as of its effective date, retiring none:
/// used to start a register from the policy in force.
pub fn insert_published(change: &mut Change<'_>, v: &PublishedVersion<'_>) -> Result<i64> {
    let now = crate::time::now();
    let actor = change.actor().to_string();
    change.tx().execute(
        "INSERT INTO policy_versions
             (label, markdown, effective_date, status, material_change, change_summary,
              created_at, created_by, published_at, published_by)
         VALUES (?1, ?2, ?3, 'published', 0, ?4, ?5, ?6, ?5, ?6)",
        params![
            v.label,
            v.markdown,
            v.effective_date,
            v.change_summary,
            now,
            actor
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record(
        "publish",
        "policy_version",
        Some(&id.to_string()),
        &json!({
            "label": v.label,
            "effective_date": v.effective_date,
            "markdown_sha256": crate::hash::sha256_hex(v.markdown.as_bytes()),
            "change_summary": v.change_summary,
        }),
    )?;
    Ok(id)
}

/// The date of the policy text's "Last updated: 31 May 2026" line, if it has one.
pub fn last_updated(markdown: &str) -> Option<chrono::NaiveDate> {
    markdown.lines().find_map(|line| {
        let rest = line
            .trim()
            .trim_matches('*')
            .trim()
            .strip_prefix("Last updated:")?;
        let text = rest.trim().trim_matches('*').trim();
        chrono::NaiveDate::parse_from_str(text, "%d %B %Y")
            .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d"))
            .ok()
    })
}
