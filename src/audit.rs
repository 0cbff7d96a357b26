//! The audit log: every change to the register, append-only and SHA-256
//! hash-chained, so that any edit or removal of a past entry is detectable.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash and this entry's
//! fields, each on its own line (see [`entry_hash`]). The first entry chains to
//! [`GENESIS`].

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// The "previous hash" of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The newest entry of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

/// An entry about to be appended.
pub struct NewEntry<'a> {
    pub at: String,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<&'a str>,
    pub change: &'a str,
}

/// An entry as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub change: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of one entry, given the hash it chains to.
pub fn entry_hash(prev_hash: &str, seq: i64, entry: &NewEntry<'_>) -> String {
    let mut hasher = Sha256::new();
    for field in [
        prev_hash,
        &seq.to_string(),
        &entry.at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id.unwrap_or(""),
        entry.change,
    ] {
        // Length-prefix each field so no two different entries hash the same text.
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// The newest entry, if any.
pub fn head(conn: &Connection) -> Result<Option<Head>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |row| {
                Ok(Head {
                    seq: row.get(0)?,
                    hash: row.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Appends `entry` after `head` and returns the new head. Only the write path calls this.
pub(crate) fn append(conn: &Connection, head: Option<&Head>, entry: &NewEntry<'_>) -> Result<Head> {
    let (seq, prev_hash) = match head {
        Some(h) => (h.seq + 1, h.hash.as_str()),
        None => (1, GENESIS),
    };
    let hash = entry_hash(prev_hash, seq, entry);
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, change, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.change,
            prev_hash,
            hash
        ],
    )?;
    Ok(Head { seq, hash })
}

/// Entries, newest first, a page at a time.
pub fn list(conn: &Connection, limit: u32, offset: u32) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, entity, entity_id, change, prev_hash, hash
         FROM audit_log ORDER BY seq DESC LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map(params![limit, offset], read_entry)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The number of entries.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}

fn read_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        seq: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        action: row.get(3)?,
        entity: row.get(4)?,
        entity_id: row.get(5)?,
        change: row.get(6)?,
        prev_hash: row.get(7)?,
        hash: row.get(8)?,
    })
}

/// What walking the chain found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Verification {
    pub ok: bool,
    pub entries: i64,
    pub head: Option<String>,
    /// The sequence number of the first entry that does not check out.
    pub first_broken: Option<i64>,
    pub reason: Option<String>,
}

/// Walks the whole chain from the first entry and names the first broken one.
pub fn verify(conn: &Connection) -> Result<Verification> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, entity, entity_id, change, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1;
    let mut entries = 0;
    while let Some(row) = rows.next()? {
        let e = read_entry(row)?;
        let broken = |reason: String| Verification {
            ok: false,
            entries,
            head: None,
            first_broken: Some(e.seq),
            reason: Some(reason),
        };
        if e.seq != expected_seq {
            return Ok(broken(format!(
                "entry {} follows entry {}: an entry is missing",
                e.seq,
                expected_seq - 1
            )));
        }
        if e.prev_hash != expected_prev {
            return Ok(broken(format!(
                "entry {} does not chain to the entry before it",
                e.seq
            )));
        }
        let recomputed = entry_hash(
            &e.prev_hash,
            e.seq,
            &NewEntry {
                at: e.at.clone(),
                actor: &e.actor,
                action: &e.action,
                entity: &e.entity,
                entity_id: e.entity_id.as_deref(),
                change: &e.change,
            },
        );
        if recomputed != e.hash {
            return Ok(broken(format!(
                "entry {} has been altered: its content no longer matches its hash",
                e.seq
            )));
        }
        expected_prev = e.hash;
        expected_seq += 1;
        entries += 1;
    }
    Ok(Verification {
        ok: true,
        entries,
        head: (entries > 0).then_some(expected_prev),
        first_broken: None,
        reason: None,
    })
}
