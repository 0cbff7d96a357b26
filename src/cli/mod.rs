//! The CLI's areas, one module each; `main.rs` parses and dispatches here.

#[macro_use]
pub mod output;
pub mod authorizations;
pub mod backup;
pub mod check;
pub mod dev;
pub mod merchants;
pub mod passphrase;
pub mod policy;
pub mod processors;
pub mod report;
pub mod requests;
pub mod retention;
pub mod scopes;

use clap::Args;

/// How a command ended, when it did not fail.
pub enum Outcome {
    Ok,
    CheckFailed,
}

/// `--json` on list and show verbs.
#[derive(Args)]
pub struct JsonFlag {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Who is making changes from this terminal.
pub fn actor() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "officer".into())
}
