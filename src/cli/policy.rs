//! `workbench policy …`: privacy policy versions.

use clap::Subcommand;
use workbench::register::policy;
use workbench::{Error, Register};

use super::output::{opt, print_rows};
use super::{JsonFlag, Outcome};

/// The policy verbs.
#[derive(Subcommand)]
pub enum Command {
    /// List the versions, newest first
    List(JsonFlag),
}

/// Runs one policy verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let conn = reg.conn();
    match cmd {
        Command::List(f) => print_rows(
            &policy::list(conn)?,
            f.json,
            "No policy versions yet.",
            &["ID", "LABEL", "STATUS", "LAST UPDATED", "PUBLISHED AT"],
            |p| {
                vec![
                    p.id.to_string(),
                    p.label.clone(),
                    p.status.clone(),
                    opt(&p.effective_date),
                    opt(&p.published_at),
                ]
            },
        )?,
    }
    Ok(Outcome::Ok)
}
