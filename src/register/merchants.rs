//! Merchants: the businesses whose platform accounts TrackTrack connects to.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// A merchant as listed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MerchantRow {
    pub id: i64,
    pub name: String,
    pub shop_domain: Option<String>,
    pub contact_email: Option<String>,
    pub status: String,
    pub active_authorizations: i64,
}

/// Every merchant, by name.
pub fn list(conn: &Connection) -> Result<Vec<MerchantRow>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.name, m.shop_domain, m.contact_email, m.status,
                (SELECT count(*) FROM authorizations a
                  WHERE a.merchant_id = m.id AND a.revoked_at IS NULL)
         FROM merchants m ORDER BY m.name, m.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(MerchantRow {
            id: r.get(0)?,
            name: r.get(1)?,
            shop_domain: r.get(2)?,
            contact_email: r.get(3)?,
            status: r.get(4)?,
            active_authorizations: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
