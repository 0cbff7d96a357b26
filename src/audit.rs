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
    hex::encode(digest(
        prev_hash,
        seq,
        [
            &entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id.unwrap_or(""),
            entry.change,
        ],
    ))
}

/// SHA-256 over the previous hash, the sequence number and the fields, each
/// length-prefixed (`LEN:` field `\n`) so no two different entries hash the same text.
/// Allocates nothing: `verify` runs it over every entry of a long log.
fn digest(prev_hash: &str, seq: i64, fields: [&str; 6]) -> [u8; 32] {
    fn put(hasher: &mut Sha256, field: &[u8]) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = field.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        hasher.update(&digits[at..]);
        hasher.update(b":");
        hasher.update(field);
        hasher.update(b"\n");
    }
    let mut hasher = Sha256::new();
    put(&mut hasher, prev_hash.as_bytes());
    let mut seq_text = [0u8; 24];
    let seq_len = {
        use std::io::Write as _;
        let mut cursor = std::io::Cursor::new(&mut seq_text[..]);
        // An i64 always fits in 24 bytes.
        let _ = write!(cursor, "{seq}");
        cursor.position() as usize
    };
    put(&mut hasher, &seq_text[..seq_len]);
    for field in fields {
        put(&mut hasher, field.as_bytes());
    }
    hasher.finalize().into()
}

/// The newest entry, if any.
pub fn head(conn: &Connection) -> Result<Option<Head>> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| {
            Ok(Head {
                seq: row.get(0)?,
                hash: row.get(1)?,
            })
        })
        .optional()?)
}

/// Appends `entry` after `head` and returns the new head. Only the write path calls this.
pub(crate) fn append(conn: &Connection, head: Option<&Head>, entry: &NewEntry<'_>) -> Result<Head> {
    let (seq, prev_hash) = match head {
        Some(h) => (h.seq + 1, h.hash.as_str()),
        None => (1, GENESIS),
    };
    let hash = entry_hash(prev_hash, seq, entry);
    conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, change, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.change,
        prev_hash,
        hash
    ])?;
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
    Ok(conn
        .prepare_cached("SELECT count(*) FROM audit_log")?
        .query_row([], |r| r.get(0))?)
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

/// Walks the whole chain from the first entry and names the first broken one. Reads each
/// entry in place (no copies), so a log of millions of entries takes moments.
pub fn verify(conn: &Connection) -> Result<Verification> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, entity, entity_id, change, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = [0u8; 64];
    expected_prev.copy_from_slice(GENESIS.as_bytes());
    let mut expected_seq = 1;
    let mut entries = 0;
    while let Some(row) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<&str> {
            row.get_ref(i)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        };
        let seq: i64 = row.get(0)?;
        let broken = |reason: String| Verification {
            ok: false,
            entries,
            head: None,
            first_broken: Some(seq),
            reason: Some(reason),
        };
        if seq != expected_seq {
            return Ok(broken(format!(
                "entry {} follows entry {}: an entry is missing",
                seq,
                expected_seq - 1
            )));
        }
        let prev_hash = text(7)?;
        if prev_hash.as_bytes() != expected_prev {
            return Ok(broken(format!(
                "entry {seq} does not chain to the entry before it"
            )));
        }
        let entity_id = row
            .get_ref(5)?
            .as_str_or_null()
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?
            .unwrap_or("");
        let recomputed = digest(
            prev_hash,
            seq,
            [text(1)?, text(2)?, text(3)?, text(4)?, entity_id, text(6)?],
        );
        let mut recomputed_hex = [0u8; 64];
        // 32 bytes always fit in 64 hex digits.
        let _ = hex::encode_to_slice(recomputed, &mut recomputed_hex);
        if text(8)?.as_bytes() != recomputed_hex {
            return Ok(broken(format!(
                "entry {seq} has been altered: its content no longer matches its hash"
            )));
        }
        expected_prev = recomputed_hex;
        expected_seq += 1;
        entries += 1;
    }
    Ok(Verification {
        ok: true,
        entries,
        head: (entries > 0).then(|| String::from_utf8_lossy(&expected_prev).into_owned()),
        first_broken: None,
        reason: None,
    })
}
