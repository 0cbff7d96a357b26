//! Platforms merchants connect (Google, Meta, Shopify, …) and the scope catalog:
//! each platform scope, its sensitivity in the platform's own terms, and the
//! purposes it may serve.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::Change;
use crate::error::Result;

/// The uses policy §4 permits for platform data.
pub const PURPOSES: &[&str] = &[
    "analytics",
    "reporting",
    "advertising_performance_review",
    "merchant_operation_support",
];

/// A platform.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub code: String,
    pub name: String,
    pub category: String,
    /// Words in the privacy policy that name this platform or its kind.
    pub policy_terms: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A scope in the catalog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub platform: String,
    pub scope: String,
    pub description: String,
    pub sensitivity: String,
    pub purposes: Vec<String>,
    pub source: String,
    /// False where the classification could not be confirmed from a source.
    pub confirmed: bool,
}

/// A platform as listed, with the size of its catalog.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PlatformRow {
    pub code: String,
    pub name: String,
    pub category: String,
    pub scopes: i64,
}

/// Every platform, by name.
pub fn list(conn: &Connection) -> Result<Vec<PlatformRow>> {
    let mut stmt = conn.prepare(
        "SELECT p.code, p.name, p.category,
                (SELECT count(*) FROM scopes s WHERE s.platform = p.code)
         FROM platforms p ORDER BY p.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PlatformRow {
            code: r.get(0)?,
            name: r.get(1)?,
            category: r.get(2)?,
            scopes: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The scope catalog, optionally for one platform.
pub fn scopes(conn: &Connection, platform: Option<&str>) -> Result<Vec<Scope>> {
    let mut stmt = conn.prepare(
        "SELECT platform, scope, description, sensitivity, purposes, source, confirmed
         FROM scopes WHERE ?1 IS NULL OR platform = ?1 ORDER BY platform, scope",
    )?;
    let rows = stmt.query_map([platform], |r| {
        let purposes: String = r.get(4)?;
        Ok(Scope {
            platform: r.get(0)?,
            scope: r.get(1)?,
            description: r.get(2)?,
            sensitivity: r.get(3)?,
            purposes: super::json_strings(&purposes),
            source: r.get(5)?,
            confirmed: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a platform.
pub fn insert(change: &mut Change<'_>, p: &Platform) -> Result<()> {
    change.tx().execute(
        "INSERT INTO platforms (code, name, category, policy_terms, notes)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            p.code,
            p.name,
            p.category,
            json!(p.policy_terms).to_string(),
            p.notes
        ],
    )?;
    change.record("create", "platform", Some(&p.code), &json!(p))
}

/// Adds a scope to the catalog.
pub fn insert_scope(change: &mut Change<'_>, s: &Scope) -> Result<()> {
    change.tx().execute(
        "INSERT INTO scopes (platform, scope, description, sensitivity, purposes, source, confirmed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            s.platform,
            s.scope,
            s.description,
            s.sensitivity,
            json!(s.purposes).to_string(),
            s.source,
            s.confirmed
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record("create", "scope", Some(&id.to_string()), &json!(s))
}
