//! Encryption at rest: an optional passphrase (SQLCipher) on the register.
//!
//! A register file is either *plain* (it starts with SQLite's magic header) or
//! *encrypted* (every page, the header included, is ciphertext, and so is every
//! frame of its write-ahead log). Opening an encrypted register needs its
//! passphrase; a plain one opens whatever passphrase is given, so one
//! `WORKBENCH_PASSPHRASE` can serve several registers.
//!
//! Setting, changing and removing the passphrase rewrite the register: the whole
//! register is exported (`sqlcipher_export`) into a new file beside it under the
//! new key, the new file records the change in its audit log, is checked
//! (`PRAGMA integrity_check` and the audit chain) and only then renamed over the
//! old one. Until that rename the old file is untouched; the rename is atomic.
//! The passphrase itself is never recorded, logged or put in an error.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, ErrorCode, OpenFlags};
use serde_json::json;

use super::{migrations, Register};
use crate::audit;
use crate::error::{Error, Result};

/// The first 16 bytes of every plain SQLite database.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How long rewriting the register waits for other connections to let go before
/// concluding that another program holds the register open.
const EXCLUSIVE_WAIT: Duration = Duration::from_secs(2);

/// What a register file is, judged from its first bytes alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: a register not made yet.
    Missing,
    /// A plain SQLite database.
    Plain,
    /// Not plain SQLite but shaped like a database (whole pages): an encrypted
    /// register, or one too damaged to tell apart from it.
    Encrypted,
    /// Neither: not a register at all.
    Other,
}

/// Looks at a register file's first bytes: is it plain, encrypted, or something else?
/// The desktop calls this to decide whether to ask for a passphrase before opening.
pub fn file_kind(path: &Path) -> Result<FileKind> {
    let io = |source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(io(e)),
    };
    let len = file.metadata().map_err(io)?.len();
    if len == 0 {
        return Ok(FileKind::Missing);
    }
    let mut header = [0u8; 16];
    if len >= 16 {
        file.read_exact(&mut header).map_err(io)?;
        if &header == PLAIN_HEADER {
            return Ok(FileKind::Plain);
        }
    }
    // SQLCipher writes whole pages (4096 bytes by default; never below 512).
    if len % 512 == 0 {
        Ok(FileKind::Encrypted)
    } else {
        Ok(FileKind::Other)
    }
}

/// True when the register at `path` is encrypted (so opening it needs a passphrase).
pub fn is_encrypted(path: &Path) -> Result<bool> {
    Ok(file_kind(path)? == FileKind::Encrypted)
}

/// Gives `conn` the key of the register at `path` (before anything reads it) and
/// checks that it opens. Returns the passphrase the register is encrypted with,
/// `None` for a plain one.
pub(crate) fn unlock(
    conn: &Connection,
    path: Option<&Path>,
    passphrase: Option<&str>,
) -> Result<Option<String>> {
    let kind = match path {
        Some(p) => file_kind(p)?,
        None => FileKind::Missing,
    };
    match (kind, passphrase) {
        (FileKind::Plain, _) | (FileKind::Missing, None) => Ok(None),
        (FileKind::Other, _) => Err(Error::NotARegister(
            path.map(Path::to_path_buf).unwrap_or_default(),
        )),
        (FileKind::Encrypted, None) => Err(Error::Encrypted),
        // A new register made with a passphrase (only on disk: memory stays plain).
        (FileKind::Missing, Some(p)) if path.is_some() => {
            apply_key(conn, p)?;
            Ok(Some(p.to_string()))
        }
        (FileKind::Missing, Some(_)) => Ok(None),
        (FileKind::Encrypted, Some(p)) => {
            apply_key(conn, p)?;
            // SQLCipher checks the key on the first read of the file.
            match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            }) {
                Ok(_) => Ok(Some(p.to_string())),
                Err(e) if is_not_a_database(&e) => Err(Error::WrongPassphrase),
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// Sets the key on a connection that has not read anything yet.
pub(crate) fn apply_key(conn: &Connection, passphrase: &str) -> Result<()> {
    check_passphrase(passphrase)?;
    // A build without SQLCipher would take `PRAGMA key` silently and write plaintext.
    let cipher: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .ok();
    if cipher.is_none() {
        return Err(Error::Invalid(
            "this build of the workbench cannot encrypt registers (it lacks SQLCipher)".into(),
        ));
    }
    // SQLCipher logs a failed key check to stderr; the error we return says it once.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    // Never let SQLite's message (or ours) carry the passphrase.
    conn.pragma_update(None, "key", passphrase)
        .map_err(|_| Error::Invalid("the passphrase could not be applied".into()))
}

/// Refuses a passphrase that protects nothing.
pub fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.is_empty() {
        return Err(Error::Invalid("the passphrase is empty".into()));
    }
    if passphrase.contains('\0') {
        return Err(Error::Invalid(
            "the passphrase contains a NUL character".into(),
        ));
    }
    Ok(())
}

pub(crate) fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::NotADatabase))
}

impl Register {
    /// Encrypts a plain register with `passphrase`. The register is rewritten into
    /// a new file, verified, and renamed over the old one; the change is audited
    /// (that it happened, never the passphrase). Needs the register closed in every
    /// other program ([`Error::InUse`] otherwise).
    pub fn set_passphrase(&mut self, passphrase: &str, actor: &str) -> Result<()> {
        if self.is_encrypted() {
            return Err(Error::Invalid(
                "the register already has a passphrase; change it with `workbench passphrase change`"
                    .into(),
            ));
        }
        check_passphrase(passphrase)?;
        self.rewrite(Some(passphrase), "register.passphrase_set", actor)
    }

    /// Re-encrypts an encrypted register under a new passphrase (see
    /// [`Register::set_passphrase`] for how).
    pub fn change_passphrase(&mut self, passphrase: &str, actor: &str) -> Result<()> {
        if !self.is_encrypted() {
            return Err(Error::Invalid(
                "the register has no passphrase to change; set one with `workbench passphrase set`"
                    .into(),
            ));
        }
        check_passphrase(passphrase)?;
        self.rewrite(Some(passphrase), "register.passphrase_changed", actor)
    }

    /// Decrypts an encrypted register, leaving it plain (see
    /// [`Register::set_passphrase`] for how).
    pub fn remove_passphrase(&mut self, actor: &str) -> Result<()> {
        if !self.is_encrypted() {
            return Err(Error::Invalid(
                "the register has no passphrase to remove".into(),
            ));
        }
        self.rewrite(None, "register.passphrase_removed", actor)
    }

    fn rewrite(&mut self, new: Option<&str>, action: &str, actor: &str) -> Result<()> {
        let path = self
            .path
            .clone()
            .ok_or_else(|| Error::Invalid("a register in memory has no file to encrypt".into()))?;
        let old = self.passphrase.clone();
        // Close our own connection and let go of our shared lock, so that only
        // other programs can hold the file.
        self.conn = Connection::open_in_memory()?;
        self.lock = None;
        let outcome = rewrite_file(&path, old.as_deref(), new, action, actor);
        let key = if outcome.is_ok() { new } else { old.as_deref() };
        match (outcome, Register::open_existing_with(&path, key)) {
            (Ok(()), reopened) => {
                *self = reopened?;
                Ok(())
            }
            (Err(e), reopened) => {
                if let Ok(r) = reopened {
                    *self = r;
                }
                Err(e)
            }
        }
    }
}

fn rewrite_file(
    path: &Path,
    old: Option<&str>,
    new: Option<&str>,
    action: &str,
    actor: &str,
) -> Result<()> {
    // Our own windows and commands first (the lock file), then any program (SQLite).
    let exclusive = super::lock::exclusive(path)?;
    let lock = lock_exclusively(path, old)?;
    let tmp = beside(path, "rekey");
    remove_database_files(&tmp);
    let result = (|| {
        export(&lock, &tmp, new)?;
        let mut fresh = Register::open_existing_with(&tmp, new)?;
        fresh.write(actor, |c| {
            c.record(
                action,
                "register",
                None,
                &json!({ "encrypted": new.is_some() }),
            )
        })?;
        verify(fresh.conn()).map_err(|reason| {
            Error::Invalid(format!(
                "the rewritten register did not verify ({reason}); the register was not changed"
            ))
        })?;
        drop(fresh);
        replace(&tmp, path)
    })();
    remove_database_files(&tmp);
    drop(lock);
    drop(exclusive);
    result
}

/// Opens `path` and takes SQLite's exclusive lock on it, held until the returned
/// connection closes; [`Error::InUse`] when another connection has it open. The
/// register is left in rollback-journal mode (its WAL checkpointed and removed),
/// which the next ordinary open turns back to WAL.
pub(crate) fn lock_exclusively(path: &Path, passphrase: Option<&str>) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::NotInitialised(path.to_path_buf()));
    }
    let conn = Connection::open_with_flags(path, export_flags())?;
    conn.busy_timeout(EXCLUSIVE_WAIT)?;
    super::functions::register(&conn)?;
    unlock(&conn, Some(path), passphrase)?;
    migrations::refuse_newer(&conn)?;
    let in_use = || Error::InUse(path.to_path_buf());
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    // Leaving WAL needs every other connection gone: the test of "in use".
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => in_use(),
            _ => e.into(),
        })?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(in_use());
    }
    conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => in_use(),
            _ => e.into(),
        })?;
    Ok(conn)
}

/// Flags for a connection that exports: attached databases take the main
/// connection's flags, and the export's target is a new file.
pub(crate) fn export_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// Copies every table, index, trigger and the schema version from `conn`'s main
/// database into a new database file `target`, encrypted with `key` (plain when
/// `None`), consistent even while other connections write.
pub(crate) fn export(conn: &Connection, target: &Path, key: Option<&str>) -> Result<()> {
    let name = target.to_str().ok_or_else(|| {
        Error::Invalid(format!(
            "{} is not a path this program can write (it is not UTF-8)",
            target.display()
        ))
    })?;
    let version = migrations::current_version(conn)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS export KEY ?2",
        params![name, key.unwrap_or("")],
    )
    .map_err(|e| Error::Invalid(format!("cannot create {}: {e}", target.display())))?;
    // One transaction: one read snapshot of the register, however long the copy takes.
    let copied = (|| -> Result<()> {
        conn.execute_batch("BEGIN")?;
        let done = conn
            .query_row("SELECT sqlcipher_export('export')", [], |_| Ok(()))
            .and_then(|()| conn.pragma_update(Some("export"), "user_version", version));
        match done {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e.into());
            }
        }
        Ok(())
    })();
    let detached = conn.execute_batch("DETACH DATABASE export");
    copied?;
    detached?;
    Ok(())
}

/// Checks an open register end to end: SQLite's integrity check and the audit
/// chain. The reason, in words, when it fails.
pub(crate) fn verify(conn: &Connection) -> std::result::Result<(), String> {
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| format!("it cannot be read: {e}"))?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| format!("it is damaged: {e}"))?;
    if problems.first().map(String::as_str) != Some("ok") {
        return Err(format!(
            "it is damaged: {}",
            problems.first().map(String::as_str).unwrap_or("no answer")
        ));
    }
    let v = audit::verify(conn).map_err(|e| format!("its audit log cannot be read: {e}"))?;
    if !v.ok {
        return Err(format!(
            "its audit chain is broken at entry {}: {}",
            v.first_broken.unwrap_or_default(),
            v.reason.as_deref().unwrap_or("unknown reason")
        ));
    }
    Ok(())
}

/// A temporary file beside `path`, for `purpose`, unique to this process.
pub(crate) fn beside(path: &Path, purpose: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "register.db".into());
    path.with_file_name(format!(".{name}.{purpose}-{}.tmp", std::process::id()))
}

/// Removes a (temporary) database file and its companions, its lock file
/// included, if present.
pub(crate) fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal", ".lock"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Flushes `from` to disk and renames it over `to` (atomic on one file system),
/// then flushes the folder so the rename itself survives a power cut.
pub(crate) fn replace(from: &Path, to: &Path) -> Result<()> {
    let io = |action, path: &Path, source| Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    File::open(from)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("flush", from, e))?;
    std::fs::rename(from, to).map_err(|e| io("replace", to, e))?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Not every platform can open a folder; the rename stands either way.
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}
