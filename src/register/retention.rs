//! Retention rules: how long each category of data is kept, from what event,
//! and whether it is then deleted or anonymised (policy §7).

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::Change;
use crate::error::Result;

/// A retention rule.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RetentionRule {
    pub data_category: String,
    pub description: String,
    pub period_days: u32,
    pub trigger: String,
    pub action: String,
    pub basis: String,
}

/// The events a retention period may run from.
pub const TRIGGERS: &[&str] = &[
    "authorization_revoked",
    "contract_ended",
    "request_closed",
    "collected",
    "last_contact",
];
/// What happens when the period ends.
pub const ACTIONS: &[&str] = &["delete", "anonymise"];

/// Every rule, by data category.
pub fn list(conn: &Connection) -> Result<Vec<RetentionRule>> {
    let mut stmt = conn.prepare(
        "SELECT data_category, description, period_days, trigger, action, basis
         FROM retention_rules ORDER BY data_category",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RetentionRule {
            data_category: r.get(0)?,
            description: r.get(1)?,
            period_days: r.get(2)?,
            trigger: r.get(3)?,
            action: r.get(4)?,
            basis: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a rule.
pub fn insert(change: &mut Change<'_>, rule: &RetentionRule) -> Result<()> {
    change.tx().execute(
        "INSERT INTO retention_rules (data_category, description, period_days, trigger, action, basis)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            rule.data_category,
            rule.description,
            rule.period_days,
            rule.trigger,
            rule.action,
            rule.basis
        ],
    )?;
    change.record(
        "create",
        "retention_rule",
        Some(&rule.data_category),
        &json!(rule),
    )
}
