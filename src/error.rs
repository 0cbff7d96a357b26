//! The library's error type: each variant is something an officer can act on,
//! and its message is one plain sentence.

use std::path::PathBuf;

/// Everything that can go wrong in the register's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input the user gave (a file, a field, an argument) is not acceptable.
    #[error("{0}")]
    Invalid(String),

    /// A record asked for by id or label does not exist.
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },

    /// There is no register at this path yet.
    #[error("no register at {}; run `workbench init` first", .0.display())]
    NotInitialised(PathBuf),

    /// The register was written by a newer release of the workbench.
    #[error("the register has schema version {found}, newer than this release understands ({supported}); use a newer Compliance Workbench")]
    SchemaTooNew { found: i64, supported: i64 },

    /// A bundled data file under `data/` is wrong (caught by the tests, never by users).
    #[error("data file {file}: {message}")]
    DataFile { file: String, message: String },

    /// A file could not be read or written.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// SQLite refused an operation.
    #[error("register database error: {0}")]
    Database(#[from] rusqlite::Error),

    /// The register is encrypted and no passphrase was given.
    #[error("this register is encrypted; set WORKBENCH_PASSPHRASE or enter it when asked")]
    Encrypted,

    /// The passphrase given does not decrypt the register.
    #[error("the passphrase does not open this register")]
    WrongPassphrase,

    /// The file is neither a register nor an encrypted one (damaged, or another kind of file).
    #[error("{} is not a Compliance Workbench register (it is damaged or another kind of file); restore it from a backup", .0.display())]
    NotARegister(PathBuf),

    /// Replacing the register's file needs it closed everywhere else.
    #[error("the register {} is open in another Compliance Workbench window or command (or another program); close it and try again", .0.display())]
    InUse(PathBuf),

    /// Another process is restoring the register or changing its passphrase.
    #[error("the register {} is being restored or re-encrypted by another Compliance Workbench window or command; try again when it has finished", .0.display())]
    BeingReplaced(PathBuf),

    /// A backup that restore refused; the current register was left as it was.
    #[error("{} is not a usable backup: {reason}; the current register was not changed", .path.display())]
    BadBackup { path: PathBuf, reason: String },

    /// A write finished without recording itself in the audit log.
    #[error(
        "internal error: a write to the register recorded no audit entry, so it was rolled back"
    )]
    Unaudited,
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// True when the error is about the user's input rather than the machine or the register.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_)
                | Error::NotFound { .. }
                | Error::NotInitialised(_)
                | Error::Encrypted
                | Error::WrongPassphrase
                | Error::NotARegister(_)
                | Error::InUse(_)
                | Error::BeingReplaced(_)
                | Error::BadBackup { .. }
        )
    }
}
