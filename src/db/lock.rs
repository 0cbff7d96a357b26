//! One writer process per register where that matters: an advisory lock file.
//!
//! Beside every register file `register.db` lies `register.db.lock`, an empty
//! file that only carries an advisory lock (`flock` on Linux and macOS,
//! `LockFileEx` on Windows, through the standard library). Every process that
//! has the register open — a CLI command, the desktop app — holds a **shared**
//! lock on it for as long as its [`Register`](super::Register) lives, so
//! ordinary writes from several processes go on side by side (SQLite serialises
//! them). The operations that replace the register's file — restore, setting,
//! changing or removing the passphrase — take an **exclusive** lock, without
//! waiting: while anyone else has the register open they are refused in one
//! sentence and change nothing.
//!
//! The lock file is never deleted (deleting a lock file others may be waiting on
//! would let two processes each hold "the" lock). It holds no data. Programs
//! other than the workbench do not know about it; for them the replacing
//! operations also insist on SQLite's own exclusive lock
//! ([`super::crypto::lock_exclusively`]).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long opening a register waits for a restore or passphrase change in
/// another process to finish (they take seconds) before giving up.
const SHARED_WAIT: Duration = Duration::from_secs(30);
/// How long taking the exclusive lock tolerates a moment's contention.
const EXCLUSIVE_GRACE: Duration = Duration::from_millis(1500);
const RETRY_EVERY: Duration = Duration::from_millis(50);

/// A held lock on a register; released when dropped (or when the process ends,
/// however it ends — the operating system drops it with the file handle).
#[derive(Debug)]
pub struct RegisterLock {
    // Held for its lock; closing the file releases it.
    _file: File,
    path: PathBuf,
    exclusive: bool,
}

impl RegisterLock {
    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True for the exclusive lock of a restore or passphrase change.
    pub fn is_exclusive(&self) -> bool {
        self.exclusive
    }
}

/// The lock file of the register at `register`: its name with `.lock` added.
pub fn lock_path(register: &Path) -> PathBuf {
    let mut name = register.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn open_lock_file(register: &Path) -> Result<(File, PathBuf)> {
    let path = lock_path(register);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|source| Error::Io {
            action: "create the lock file",
            path: path.clone(),
            source,
        })?;
    Ok((file, path))
}

/// Takes the shared lock every process holds while it has the register open.
/// Waits (up to half a minute) while another process restores the register or
/// changes its passphrase; [`Error::BeingReplaced`] if that takes longer.
pub fn shared(register: &Path) -> Result<RegisterLock> {
    let (file, path) = open_lock_file(register)?;
    let started = Instant::now();
    loop {
        match file.try_lock_shared() {
            Ok(()) => {
                return Ok(RegisterLock {
                    _file: file,
                    path,
                    exclusive: false,
                })
            }
            Err(TryLockError::WouldBlock) if started.elapsed() < SHARED_WAIT => {
                std::thread::sleep(RETRY_EVERY);
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::BeingReplaced(register.to_path_buf()))
            }
            Err(TryLockError::Error(source)) => {
                return Err(Error::Io {
                    action: "lock",
                    path,
                    source,
                })
            }
        }
    }
}

/// Takes the exclusive lock that replacing the register's file needs, without
/// waiting: [`Error::InUse`] when any other process (or another `Register` in
/// this one) has the register open.
pub fn exclusive(register: &Path) -> Result<RegisterLock> {
    let (file, path) = open_lock_file(register)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(RegisterLock {
                    _file: file,
                    path,
                    exclusive: true,
                })
            }
            // A child process forked by this one (e.g. a command it runs) holds a
            // copy of every open descriptor until it execs; give such a copy a
            // moment to go before calling the register in use.
            Err(TryLockError::WouldBlock) if started.elapsed() < EXCLUSIVE_GRACE => {
                std::thread::sleep(RETRY_EVERY);
            }
            Err(TryLockError::WouldBlock) => return Err(Error::InUse(register.to_path_buf())),
            Err(TryLockError::Error(source)) => {
                return Err(Error::Io {
                    action: "lock",
                    path,
                    source,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_locks_coexist_and_exclude_the_exclusive_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        let a = shared(&db).unwrap();
        let b = shared(&db).unwrap();
        assert!(!a.is_exclusive());
        assert_eq!(a.path(), dir.path().join("register.db.lock"));
        assert!(matches!(exclusive(&db), Err(Error::InUse(_))));
        drop(a);
        assert!(matches!(exclusive(&db), Err(Error::InUse(_))));
        drop(b);
        let x = exclusive(&db).unwrap();
        assert!(x.is_exclusive());
        assert!(matches!(exclusive(&db), Err(Error::InUse(_))));
        drop(x);
        assert!(shared(&db).is_ok());
    }
}
