//! The register's database: opening it, its migrations, and the single write path.
//!
//! Reads go through [`Register::conn`], a connection that SQLite itself keeps
//! read-only (`PRAGMA query_only`). Writes go through [`Register::write`] alone,
//! which opens an IMMEDIATE transaction, lets the caller change the register
//! through a [`Change`], appends the audit entries in the same transaction and
//! refuses to commit a change that recorded none.
//!
//! A register may be encrypted at rest with a passphrase (SQLCipher); see
//! [`crypto`] for opening one and for setting, changing and removing the
//! passphrase, and [`backup`] for consistent backups and verified restores.
//!
//! A register opened from a file holds a shared [`lock`] on `<file>.lock` while
//! it is open, so that restore and passphrase changes (which take it
//! exclusively) are refused while any other window or command has it open.

pub mod backup;
pub mod crypto;
pub mod functions;
pub mod lock;
pub mod migrations;
pub mod search_index;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use serde_json::Value;

use crate::audit;
use crate::error::{Error, Result};

/// How long a write waits for another writer (the desktop app, another CLI run)
/// before giving up; writes are short, so this is never reached in practice.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How many prepared statements a connection keeps (rusqlite's default is 16).
const STATEMENT_CACHE: usize = 64;

/// An open register: one SQLite file (or an in-memory database in tests).
///
/// Deliberately not `Debug`: it holds the passphrase of an encrypted register.
pub struct Register {
    conn: Connection,
    path: Option<PathBuf>,
    passphrase: Option<String>,
    /// The shared lock on `<file>.lock`, held while the register is open
    /// (`None` in memory, and while this register replaces its own file).
    lock: Option<lock::RegisterLock>,
}

impl Register {
    /// Opens the register at `path`, creating the file if it does not exist, and
    /// brings its schema up to date. An encrypted register needs
    /// [`Register::open_or_create_with`].
    pub fn open_or_create(path: &Path) -> Result<Self> {
        Self::open_or_create_with(path, None)
    }

    /// Like [`Register::open_or_create`], with the passphrase of an encrypted register.
    /// A new register made with a passphrase is encrypted; a plain register opens
    /// whatever passphrase is given.
    pub fn open_or_create_with(path: &Path, passphrase: Option<&str>) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                action: "create the folder",
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let held = lock::shared(path)?;
        let conn = Connection::open(path)?;
        Self::prepare(conn, Some(path.to_path_buf()), passphrase, Some(held))
    }

    /// Opens an existing register; a missing file is [`Error::NotInitialised`]
    /// rather than a new empty register, an encrypted one is [`Error::Encrypted`].
    pub fn open_existing(path: &Path) -> Result<Self> {
        Self::open_existing_with(path, None)
    }

    /// Opens an existing register with the passphrase of an encrypted one:
    /// [`Error::Encrypted`] when it is encrypted and `passphrase` is `None`,
    /// [`Error::WrongPassphrase`] when the passphrase does not open it. A plain
    /// register opens whatever passphrase is given.
    pub fn open_existing_with(path: &Path, passphrase: Option<&str>) -> Result<Self> {
        if !path.exists() {
            return Err(Error::NotInitialised(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let held = lock::shared(path)?;
        let conn = Connection::open_with_flags(path, flags)?;
        Self::prepare(conn, Some(path.to_path_buf()), passphrase, Some(held))
    }

    /// True when the plain register at `path` was written by an older release, so that
    /// opening it first brings it to the current schema (which takes a while on a large
    /// one). False for a missing, new, current or encrypted one (its version is behind
    /// the key), and on any doubt; it reads the version only and changes nothing.
    pub fn needs_upgrade(path: &Path) -> bool {
        if !path.is_file() || crypto::is_encrypted(path).unwrap_or(true) {
            return false;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Connection::open_with_flags(path, flags)
            .and_then(|conn| conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)))
            .is_ok_and(migrations::is_behind)
    }

    /// An empty register in memory, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, None, None, None)
    }

    fn prepare(
        conn: Connection,
        path: Option<PathBuf>,
        passphrase: Option<&str>,
        lock: Option<lock::RegisterLock>,
    ) -> Result<Self> {
        // The one place that sets the connection's behaviour.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // An import runs a dozen statements per message: keep them all prepared.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        functions::register(&conn)?;
        // The key comes before anything reads the file; a plain register keeps none.
        let passphrase = crypto::unlock(&conn, path.as_deref(), passphrase)?;
        // Refuse a newer register before anything (even the journal mode) touches it.
        migrations::refuse_newer(&conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let mut conn = conn;
        migrations::migrate(&mut conn)?;
        conn.pragma_update(None, "query_only", "ON")?;
        Ok(Register {
            conn,
            path,
            passphrase,
            lock,
        })
    }

    /// The database file, or `None` for an in-memory register.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The lock file this register holds shared while it is open (`None` in memory).
    pub fn lock_file(&self) -> Option<&Path> {
        self.lock.as_ref().map(lock::RegisterLock::path)
    }

    /// True when the register is encrypted at rest with a passphrase.
    pub fn is_encrypted(&self) -> bool {
        self.passphrase.is_some()
    }

    /// A read-only view of the register: SQLite refuses writes through it.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` over one read snapshot of the register: every query it makes sees the
    /// same committed state, and a run of many small lookups (an import's plan) takes the
    /// read lock once instead of once per query.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The single write path. Runs `f` inside an IMMEDIATE transaction; `f` changes
    /// the register through `Change` and records each change with
    /// [`Change::record`]. Commits only if `f` succeeds and recorded at least one
    /// audit entry; otherwise nothing is written.
    pub fn write<T>(
        &mut self,
        actor: &str,
        f: impl FnOnce(&mut Change<'_>) -> Result<T>,
    ) -> Result<T> {
        self.conn.pragma_update(None, "query_only", "OFF")?;
        let outcome = Self::write_inner(&mut self.conn, actor, f);
        // Restore read-only mode whatever happened; an error here outranks none.
        let restored = self.conn.pragma_update(None, "query_only", "ON");
        let value = outcome?;
        restored?;
        Ok(value)
    }

    /// [`Register::write`] for a change of thousands of rows (an import, the generator):
    /// SQLite's page cache is raised to `cache_mib` MiB for the transaction, so that the
    /// indexes being written stay in memory instead of spilling to the log mid-write, and
    /// set back afterwards.
    pub fn write_bulk<T>(
        &mut self,
        actor: &str,
        cache_mib: u32,
        f: impl FnOnce(&mut Change<'_>) -> Result<T>,
    ) -> Result<T> {
        let before: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", -(i64::from(cache_mib) * 1024))?;
        let outcome = self.write(actor, f);
        let restored = self.conn.pragma_update(None, "cache_size", before);
        let value = outcome?;
        restored?;
        Ok(value)
    }

    fn write_inner<T>(
        conn: &mut Connection,
        actor: &str,
        f: impl FnOnce(&mut Change<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let head = audit::head(&tx)?;
        let mut change = Change {
            tx,
            actor: actor.to_string(),
            head,
            recorded: 0,
        };
        let value = f(&mut change)?;
        if change.recorded == 0 {
            return Err(Error::Unaudited);
        }
        search_index::flush(&change.tx)?;
        change.tx.commit()?;
        Ok(value)
    }
}

/// A change to the register in progress: a transaction plus the audit chain's head.
pub struct Change<'c> {
    tx: Transaction<'c>,
    actor: String,
    head: Option<audit::Head>,
    recorded: usize,
}

impl Change<'_> {
    /// The transaction to change the register through.
    pub fn tx(&self) -> &Transaction<'_> {
        &self.tx
    }

    /// Who is making this change.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Appends an audit entry for one change, chained to the previous entry.
    pub fn record(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: Option<&str>,
        change: &Value,
    ) -> Result<()> {
        let entry = audit::NewEntry {
            at: crate::time::now(),
            actor: &self.actor,
            action,
            entity,
            entity_id,
            change: &change.to_string(),
        };
        let head = audit::append(&self.tx, self.head.as_ref(), &entry)?;
        self.head = Some(head);
        self.recorded += 1;
        Ok(())
    }
}
