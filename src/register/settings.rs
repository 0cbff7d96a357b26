//! Settings: the organisation, its contact address, the default jurisdiction, targets.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use crate::db::Change;
use crate::error::Result;

/// The organisation keeping the register.
pub const ORGANISATION: &str = "organisation";
/// Where rights requests arrive.
pub const CONTACT_EMAIL: &str = "contact_email";
/// The jurisdiction a request gets when nothing says otherwise.
pub const DEFAULT_JURISDICTION: &str = "default_jurisdiction";
/// Internal target, in days, for withdraw-authorization requests (no statute sets one).
pub const WITHDRAW_TARGET_DAYS: &str = "withdraw_authorization_target_days";

/// One setting.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
}

/// A setting's value, if set.
pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Every setting, by key.
pub fn list(conn: &Connection) -> Result<Vec<Setting>> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings ORDER BY key")?;
    let rows = stmt.query_map([], |r| {
        Ok(Setting {
            key: r.get(0)?,
            value: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets a setting, recording the old and new value.
pub fn set(change: &mut Change<'_>, key: &str, value: &str) -> Result<()> {
    let old = get(change.tx(), key)?;
    change
        .tx()
        .prepare_cached(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute(params![key, value])?;
    change.record(
        "set",
        "setting",
        Some(key),
        &json!({ "old": old, "new": value }),
    )
}
