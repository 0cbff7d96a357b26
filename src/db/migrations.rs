//! Versioned schema migrations. The schema version lives in the database
//! (`PRAGMA user_version`); each migration runs once, in order, in its own
//! IMMEDIATE transaction together with the version bump.

use std::sync::OnceLock;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// The migrations, oldest first; migration `i` takes the schema to version `i + 1`.
/// Released entries never change: add a new file instead.
pub const MIGRATIONS: &[&str] = &[
    include_str!("sql/0001_register.sql"),
    include_str!("sql/0002_requests.sql"),
    include_str!("sql/0003_registers.sql"),
    include_str!("sql/0004_performance.sql"),
    include_str!("sql/0005_report_indexes.sql"),
    include_str!("sql/0006_search_index_per_write.sql"),
];

/// The schema version this release writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// True when a register at schema `found` was written by an older release and opening it
/// upgrades it (0 is a new, empty file: it is made, not upgraded).
pub fn is_behind(found: i64) -> bool {
    found > 0 && found < latest_version()
}

/// The schema version recorded in the database.
pub fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Refuses a database written by a newer release.
pub fn refuse_newer(conn: &Connection) -> Result<()> {
    let found = current_version(conn)?;
    if found > latest_version() {
        return Err(Error::SchemaTooNew {
            found,
            supported: latest_version(),
        });
    }
    Ok(())
}

/// Told the version found and the latest just before an existing register is brought to a
/// newer schema (not when a new one is made): a large register takes a while, and the
/// command line says why it waits.
static UPGRADE_NOTICE: OnceLock<fn(i64, i64)> = OnceLock::new();

/// Sets what is told before an existing register is upgraded; the first setting stays.
pub fn on_upgrade(notice: fn(found: i64, latest: i64)) {
    let _ = UPGRADE_NOTICE.set(notice);
}

/// Brings the database to the latest schema; refuses a database from a newer release
/// without touching it.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    refuse_newer(conn)?;
    let found = current_version(conn)?;
    if is_behind(found) {
        if let Some(notice) = UPGRADE_NOTICE.get() {
            notice(found, latest_version());
        }
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    // A migration may leave requests to index (schema 6 queues those whose text schema 4
    // indexed only in part); so may a writer without the library's SQL functions.
    if current_version(conn)? >= 6 && super::search_index::pending(conn)? {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        super::search_index::flush(&tx)?;
        tx.commit()?;
    }
    Ok(())
}
