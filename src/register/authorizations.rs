//! Authorizations: the OAuth grants merchants gave, the scopes they approved,
//! and their revocation (policy §3).

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// An authorization as listed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuthorizationRow {
    pub id: i64,
    pub merchant: String,
    pub platform: String,
    pub scopes: Vec<String>,
    pub purpose: String,
    pub granted_at: String,
    pub revoked_at: Option<String>,
}

/// Every authorization, newest grant first.
pub fn list(conn: &Connection) -> Result<Vec<AuthorizationRow>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, m.name, a.platform, a.purpose, a.granted_at, a.revoked_at,
                (SELECT coalesce(json_group_array(s.scope), '[]')
                   FROM (SELECT scope FROM authorization_scopes
                          WHERE authorization_id = a.id ORDER BY scope) s)
         FROM authorizations a JOIN merchants m ON m.id = a.merchant_id
         ORDER BY a.granted_at DESC, a.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let scopes: String = r.get(6)?;
        Ok(AuthorizationRow {
            id: r.get(0)?,
            merchant: r.get(1)?,
            platform: r.get(2)?,
            purpose: r.get(3)?,
            granted_at: r.get(4)?,
            revoked_at: r.get(5)?,
            scopes: super::json_strings(&scopes),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
