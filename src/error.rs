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
            Error::Invalid(_) | Error::NotFound { .. } | Error::NotInitialised(_)
        )
    }
}
