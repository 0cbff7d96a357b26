//! Compliance Workbench's core: the register that proves Wesmond's privacy
//! policy is kept. No GUI here; the `workbench` CLI and the desktop app are thin
//! layers over this library.
//!
//! - [`db`]: opening the register, migrations, the single write path;
//! - [`audit`]: the hash-chained audit log;
//! - [`register`]: one module per register (policy, processors, merchants, …);
//! - [`defaults`]: the default register made from `data/`;
//! - [`status`]: the register at a glance.

pub mod audit;
pub mod calendar;
pub mod checks;
pub mod db;
pub mod defaults;
pub mod dev;
pub mod error;
pub mod files;
pub mod format;
pub mod hash;
pub mod intake;
pub mod letters;
pub mod policy_text;
pub mod register;
pub mod render;
pub mod reports;
pub mod rules;
pub mod spreadsheet;
pub mod status;
pub mod time;

pub use db::{Change, Register};
pub use error::{Error, Result};

/// Where the register lives when neither `--db` nor `WORKBENCH_DB` says otherwise:
/// the platform's data directory (on Linux `~/.local/share/complianceworkbench/`).
pub fn default_register_path() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("com", "Wesmond", "ComplianceWorkbench")
        .map(|dirs| dirs.data_dir().join("register.db"))
}
