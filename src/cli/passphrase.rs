//! `workbench passphrase set|change|remove`, and opening a register that may be
//! encrypted: the passphrase comes from `WORKBENCH_PASSPHRASE` or, in a terminal,
//! a prompt without echo — never from an argument, where `ps` and the shell
//! history would keep it.

use std::io::IsTerminal;
use std::path::Path;

use clap::Subcommand;
use workbench::{Error, Register};

use super::{actor, Outcome};

/// The passphrase verbs.
#[derive(Subcommand)]
pub enum Command {
    /// Encrypt the register (the new passphrase from WORKBENCH_NEW_PASSPHRASE, or asked)
    Set,
    /// Change the passphrase (the current one from WORKBENCH_PASSPHRASE, the new one from
    /// WORKBENCH_NEW_PASSPHRASE; each asked when not set)
    Change,
    /// Remove the passphrase, leaving the register unencrypted
    Remove,
}

const CURRENT: &str = "WORKBENCH_PASSPHRASE";
const NEW: &str = "WORKBENCH_NEW_PASSPHRASE";

fn from_env(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|p| !p.is_empty())
}

/// Only ask when someone is there to answer.
fn can_ask() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn ask(prompt: &str) -> Result<String, Error> {
    rpassword::prompt_password(prompt)
        .map_err(|e| Error::Invalid(format!("cannot read the passphrase from the terminal: {e}")))
}

/// The passphrase for `file` (a register or a backup): `WORKBENCH_PASSPHRASE`, or
/// asked when the file is encrypted and a terminal is there; `None` otherwise.
pub fn for_file(file: &Path) -> Result<Option<String>, Error> {
    if let Some(p) = from_env(CURRENT) {
        return Ok(Some(p));
    }
    if can_ask() && workbench::db::crypto::is_encrypted(file)? {
        return ask(&format!("Passphrase for {}: ", file.display())).map(Some);
    }
    Ok(None)
}

fn open(
    path: &Path,
    opener: impl Fn(&Path, Option<&str>) -> Result<Register, Error>,
) -> Result<Register, Error> {
    match opener(path, from_env(CURRENT).as_deref()) {
        Err(Error::Encrypted) if can_ask() => {
            let p = ask(&format!("Passphrase for {}: ", path.display()))?;
            opener(path, Some(&p))
        }
        other => other,
    }
}

/// Opens an existing register, encrypted or not.
pub fn open_existing(path: &Path) -> Result<Register, Error> {
    open(path, Register::open_existing_with)
}

/// Opens or creates a register; a new one is encrypted when `WORKBENCH_PASSPHRASE` is set.
pub fn open_or_create(path: &Path) -> Result<Register, Error> {
    open(path, Register::open_or_create_with)
}

fn new_passphrase() -> Result<String, Error> {
    if let Some(p) = from_env(NEW) {
        return Ok(p);
    }
    if !can_ask() {
        return Err(Error::Invalid(format!(
            "give the new passphrase in {NEW}, or run this in a terminal to be asked for it"
        )));
    }
    let first = ask("New passphrase: ")?;
    let again = ask("New passphrase again: ")?;
    if first != again {
        return Err(Error::Invalid(
            "the two passphrases differ; nothing was changed".into(),
        ));
    }
    Ok(first)
}

/// Runs one passphrase verb on the register at `path`.
pub fn run(path: &Path, cmd: Command) -> Result<Outcome, Error> {
    let mut reg = open_existing(path)?;
    let who = actor();
    match cmd {
        Command::Set => {
            let p = new_passphrase()?;
            reg.set_passphrase(&p, &who)?;
            say!(
                "The register at {} is now encrypted. Keep the passphrase safe: without it the register cannot be opened, and nobody can recover it.",
                path.display()
            );
        }
        Command::Change => {
            let p = new_passphrase()?;
            reg.change_passphrase(&p, &who)?;
            say!(
                "The passphrase of the register at {} was changed; backups taken before keep the old one.",
                path.display()
            );
        }
        Command::Remove => {
            reg.remove_passphrase(&who)?;
            say!("The register at {} is no longer encrypted.", path.display());
        }
    }
    Ok(Outcome::Ok)
}
