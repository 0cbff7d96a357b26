//! Backups and restores of the register.
//!
//! **Backup** writes a consistent copy while the register is in use (the desktop
//! app open, another program writing): a plain register through SQLite's online
//! backup API, an encrypted one through `sqlcipher_export` inside one read
//! transaction (SQLCipher refuses the backup API for encrypted databases). Either
//! way the copy is one self-contained file that keeps the same encryption as the
//! register (an encrypted register's backup opens with the same passphrase). It is
//! written to a temporary file, checked, and renamed into place, so the backup
//! path never holds half a backup.
//!
//! **Restore** checks the backup before anything else (SQLite's integrity check, a
//! schema version this release understands, an intact audit chain), on a copy
//! beside the register; upgrades that copy to this release's schema and records
//! the restore in its audit log; checks it again; and only then renames it over
//! the register. The previous register is kept beside it as
//! `register.db.before-restore-<UTC timestamp>`. A backup that fails any check
//! leaves the current register byte-for-byte as it was.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::crypto::{self, beside, remove_database_files, replace};
use super::{migrations, Register, BUSY_TIMEOUT};
use crate::audit;
use crate::error::{Error, Result};

/// What a backup wrote.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
    /// True when the backup is encrypted (with the register's passphrase).
    pub encrypted: bool,
    pub schema_version: i64,
    pub audit_entries: i64,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub register: PathBuf,
    /// Where the register that was replaced is kept, if there was one.
    pub previous: Option<PathBuf>,
    pub backup_sha256: String,
    pub backup_schema_version: i64,
    /// The schema version after the upgrade to this release.
    pub schema_version: i64,
    /// Audit entries in the restored register (the restore's own included).
    pub audit_entries: i64,
    pub encrypted: bool,
}

/// What checking a backup found.
#[derive(Debug, Clone, Serialize)]
pub struct BackupCheck {
    pub schema_version: i64,
    pub audit_entries: i64,
    pub encrypted: bool,
}

impl Register {
    /// Writes a consistent backup of the register to `out` (see the module
    /// documentation). Safe while other programs use the register.
    pub fn backup(&self, out: &Path) -> Result<BackupReport> {
        let source = self
            .path
            .as_deref()
            .ok_or_else(|| Error::Invalid("a register in memory has no file to back up".into()))?;
        if same_file(source, out) {
            return Err(Error::Invalid(format!(
                "{} is the register itself; choose another file for the backup",
                out.display()
            )));
        }
        let dir = folder_of(out);
        if !dir.is_dir() {
            return Err(Error::Invalid(format!(
                "cannot write {}: the folder {} does not exist",
                out.display(),
                dir.display()
            )));
        }
        let tmp = beside(out, "backup");
        remove_database_files(&tmp);
        let result = (|| {
            match self.passphrase.as_deref() {
                None => {
                    let mut copy = Connection::open(&tmp)?;
                    {
                        // All pages in one step: one read snapshot of the source.
                        let backup = Backup::new(&self.conn, &mut copy)?;
                        let mut waited = Duration::ZERO;
                        loop {
                            match backup.step(-1)? {
                                StepResult::Done => break,
                                // A writer holds the source for a moment: wait, as writes do.
                                _ if waited < BUSY_TIMEOUT => {
                                    std::thread::sleep(Duration::from_millis(20));
                                    waited += Duration::from_millis(20);
                                }
                                _ => return Err(Error::Invalid(
                                    "the register stayed busy for too long; try the backup again"
                                        .into(),
                                )),
                            }
                        }
                    }
                    // One self-contained file, no write-ahead log beside it.
                    copy.pragma_update(None, "journal_mode", "DELETE")?;
                }
                Some(key) => {
                    // A connection of its own, so the export's snapshot is its own.
                    let conn = Connection::open_with_flags(source, crypto::export_flags())?;
                    conn.busy_timeout(BUSY_TIMEOUT)?;
                    crypto::unlock(&conn, Some(source), Some(key))?;
                    crypto::export(&conn, &tmp, Some(key))?;
                }
            }
            let found = check_backup(&tmp, self.passphrase.as_deref()).map_err(|reason| {
                Error::Invalid(format!(
                    "the backup did not verify ({reason}); nothing was written to {}",
                    out.display()
                ))
            })?;
            remove_companions(&tmp);
            replace(&tmp, out)?;
            let (bytes, sha256) = fingerprint(out)?;
            Ok(BackupReport {
                path: out.to_path_buf(),
                bytes,
                sha256,
                encrypted: found.encrypted,
                schema_version: found.schema_version,
                audit_entries: found.audit_entries,
            })
        })();
        if result.is_err() {
            remove_database_files(&tmp);
        }
        result
    }
}

/// Checks a backup file: it opens (with `passphrase` if encrypted), passes
/// SQLite's integrity check, has a schema this release understands and an intact
/// audit chain. The reason, in words, when it does not. Opening may leave SQLite's
/// `-wal`/`-shm` companions beside the file; restore runs it on a copy.
pub fn check_backup(file: &Path, passphrase: Option<&str>) -> Result<BackupCheck, String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(file, flags)
        .map_err(|e| format!("it cannot be opened ({e})"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| format!("it cannot be opened ({e})"))?;
    let key = crypto::unlock(&conn, Some(file), passphrase).map_err(|e| match e {
        Error::Encrypted => "it is encrypted; set WORKBENCH_PASSPHRASE to the passphrase of the register it was taken from".to_string(),
        Error::WrongPassphrase => "the passphrase does not open it".to_string(),
        Error::NotARegister(_) => "it is not a register backup (it is damaged or another kind of file)".to_string(),
        other => format!("it cannot be read ({other})"),
    })?;
    let version = migrations::current_version(&conn).map_err(unreadable)?;
    if version > migrations::latest_version() {
        return Err(format!(
            "it was made by a newer release (schema version {version}; this release understands up to {})",
            migrations::latest_version()
        ));
    }
    if version == 0 {
        return Err("it holds no register (it has no schema)".into());
    }
    crypto::verify(&conn)?;
    let audit_entries =
        audit::count(&conn).map_err(|e| format!("its audit log cannot be read ({e})"))?;
    Ok(BackupCheck {
        schema_version: version,
        audit_entries,
        encrypted: key.is_some(),
    })
}

/// Why SQLite could not read a backup, in words.
fn unreadable(e: Error) -> String {
    match e {
        Error::Database(d) if crypto::is_not_a_database(&d) => {
            "it is not a register backup (it is damaged or another kind of file)".to_string()
        }
        Error::Database(d)
            if d.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
        {
            "it is damaged (SQLite finds its pages malformed; it may be truncated)".to_string()
        }
        other => format!("it cannot be read ({other})"),
    }
}

/// Restores the register at `register` from `backup` (see the module
/// documentation). `passphrase` opens an encrypted backup; the restored register
/// keeps the backup's encryption. Needs the register closed in every other
/// program ([`Error::InUse`] otherwise).
pub fn restore(
    register: &Path,
    backup: &Path,
    passphrase: Option<&str>,
    actor: &str,
) -> Result<RestoreReport> {
    let bad = |reason: String| Error::BadBackup {
        path: backup.to_path_buf(),
        reason,
    };
    if !backup.is_file() {
        return Err(Error::Invalid(format!(
            "there is no backup file at {}",
            backup.display()
        )));
    }
    if same_file(register, backup) {
        return Err(Error::Invalid(format!(
            "{} is the register itself, not a backup of it",
            backup.display()
        )));
    }
    let dir = folder_of(register);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        action: "create the folder",
        path: dir.clone(),
        source,
    })?;
    // Refuse at once, before any work, while another window or command has the
    // register open; hold the lock until the restored register is in place.
    let exclusive = super::lock::exclusive(register)?;
    let (_, backup_sha256) = fingerprint(backup)?;
    let tmp = beside(register, "restore");
    remove_database_files(&tmp);
    let result = (|| {
        std::fs::copy(backup, &tmp).map_err(|source| Error::Io {
            action: "copy",
            path: backup.to_path_buf(),
            source,
        })?;
        let found = check_backup(&tmp, passphrase).map_err(bad)?;
        let mut restored = Register::open_existing_with(&tmp, passphrase)
            .map_err(|e| bad(format!("it cannot be upgraded to this release ({e})")))?;
        restored.write(actor, |c| {
            c.record(
                "register.restored",
                "register",
                None,
                &json!({
                    "backup_sha256": backup_sha256,
                    "backup_schema_version": found.schema_version,
                    "backup_audit_entries": found.audit_entries,
                }),
            )
        })?;
        crypto::verify(restored.conn())
            .map_err(|reason| bad(format!("after upgrading it, {reason}")))?;
        let schema_version = migrations::current_version(restored.conn())?;
        let audit_entries = audit::count(restored.conn())?;
        drop(restored);
        remove_companions(&tmp);

        // Only now touch the current register: hold it exclusively (refusing if
        // another program has it open), keep it aside, and rename the copy over it.
        let lock = match crypto::lock_exclusively(register, passphrase) {
            Ok(conn) => Some(conn),
            Err(Error::InUse(p)) => return Err(Error::InUse(p)),
            // Missing, damaged, or under another passphrase: keep it aside as it is.
            Err(_) => None,
        };
        let previous = keep_aside(register)?;
        replace(&tmp, register)?;
        drop(lock);
        Ok(RestoreReport {
            register: register.to_path_buf(),
            previous,
            backup_sha256: backup_sha256.clone(),
            backup_schema_version: found.schema_version,
            schema_version,
            audit_entries,
            encrypted: found.encrypted,
        })
    })();
    remove_database_files(&tmp);
    drop(exclusive);
    result
}

/// Keeps the current register (and any write-ahead log of it) as
/// `<name>.before-restore-<UTC timestamp>`; `None` when there is none.
fn keep_aside(register: &Path) -> Result<Option<PathBuf>> {
    if !register.exists() {
        return Ok(None);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let name = register
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "register.db".into());
    let mut previous = register.with_file_name(format!("{name}.before-restore-{stamp}"));
    let mut n = 1;
    while previous.exists() {
        n += 1;
        previous = register.with_file_name(format!("{name}.before-restore-{stamp}-{n}"));
    }
    let io = |action, source| Error::Io {
        action,
        path: register.to_path_buf(),
        source,
    };
    // A second name for the same file, so the register's own name never goes missing.
    if std::fs::hard_link(register, &previous).is_err() {
        std::fs::copy(register, &previous).map_err(|e| io("keep a copy of", e))?;
    }
    // A log left by a crash belongs to the old register, never to the restored one.
    let companion = |p: &Path, suffix: &str| {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    let wal = companion(register, "-wal");
    if wal.exists() {
        std::fs::rename(&wal, companion(&previous, "-wal"))
            .map_err(|e| io("move the log of", e))?;
    }
    let _ = std::fs::remove_file(companion(register, "-shm"));
    Ok(Some(previous))
}

/// Removes a closed database's `-wal`/`-shm`/`-journal` (empty by then).
fn remove_companions(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The size and SHA-256 of a file.
fn fingerprint(path: &Path) -> Result<(u64, String)> {
    let io = |source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher).map_err(io)?;
    Ok((bytes, hex::encode(hasher.finalize())))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
