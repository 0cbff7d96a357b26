//! `workbench backup --out FILE` and `workbench restore FILE`.

use std::path::{Path, PathBuf};

use clap::Args;
use workbench::db::backup;
use workbench::{Error, Register};

use super::output::print_json;
use super::{actor, passphrase, JsonFlag, Outcome};

/// `backup --out FILE`.
#[derive(Args)]
pub struct BackupArgs {
    /// Where to write the backup (an encrypted register's backup keeps its passphrase)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// `restore FILE`.
#[derive(Args)]
pub struct RestoreArgs {
    /// The backup to restore; the current register is kept as REGISTER.before-restore-<time>
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// Writes a consistent backup of the open register.
pub fn backup(reg: &Register, args: BackupArgs) -> Result<Outcome, Error> {
    let r = reg.backup(&args.out)?;
    if args.json.json {
        print_json(&r)?;
    } else {
        say!(
            "Backed up the register to {}: {} bytes, schema version {}, {} audit entries, {}; SHA-256 {}.",
            r.path.display(),
            r.bytes,
            r.schema_version,
            r.audit_entries,
            if r.encrypted {
                "encrypted with the register's passphrase"
            } else {
                "not encrypted"
            },
            r.sha256
        );
    }
    Ok(Outcome::Ok)
}

/// Restores the register at `path` from a backup, after checking the backup.
pub fn restore(path: &Path, args: RestoreArgs) -> Result<Outcome, Error> {
    let key = passphrase::for_file(&args.file)?;
    let r = backup::restore(path, &args.file, key.as_deref(), &actor())?;
    if args.json.json {
        print_json(&r)?;
    } else {
        say!(
            "Restored the register at {} from {} (schema version {}, now {}; {} audit entries, the restore's own included).",
            r.register.display(),
            args.file.display(),
            r.backup_schema_version,
            r.schema_version,
            r.audit_entries
        );
        if let Some(prev) = &r.previous {
            say!("The register it replaced is kept as {}.", prev.display());
        }
    }
    Ok(Outcome::Ok)
}
