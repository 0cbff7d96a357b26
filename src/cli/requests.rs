//! `workbench requests …`: data-subject rights requests.

use clap::Subcommand;
use workbench::register::requests;
use workbench::{Error, Register};

use super::output::{opt, print_rows};
use super::{JsonFlag, Outcome};

/// The requests verbs.
#[derive(Subcommand)]
pub enum Command {
    /// List the requests, soonest due first
    List(JsonFlag),
}

/// Runs one requests verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let conn = reg.conn();
    match cmd {
        Command::List(f) => print_rows(
            &requests::list(conn)?,
            f.json,
            "No rights requests yet.",
            &[
                "ID",
                "TYPE",
                "STATUS",
                "JURISDICTION",
                "RECEIVED",
                "DUE",
                "REQUESTER",
            ],
            |r| {
                vec![
                    r.id.to_string(),
                    r.kind.clone(),
                    r.status.clone(),
                    r.jurisdiction.clone(),
                    r.received_at.clone(),
                    opt(&r.due_date),
                    opt(&r.requester_email),
                ]
            },
        )?,
    }
    Ok(Outcome::Ok)
}
