//! `workbench retention …`: retention rules and the due-for-deletion list.

use clap::Subcommand;
use workbench::register::retention::{self, NewAction, RuleEdit};
use workbench::{time, Error, Register};

use super::output::{print_json, print_rows};
use super::{actor, JsonFlag, Outcome};

/// The retention verbs.
#[derive(Subcommand)]
pub enum Command {
    /// List the retention rules
    List(JsonFlag),
    /// The due-for-deletion list: data past its retention period, nothing recorded yet
    Due {
        /// Every item — pending and done too — not only those due
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Record that an item's data was deleted or anonymised; the item leaves the due list
    Record {
        /// The item's key as `retention due` lists it, e.g. authorization:12:authorized_platform_data
        item: String,
        /// delete | anonymise
        #[arg(long, value_parser = ["delete", "anonymise"])]
        action: String,
        /// What shows it was done: a ticket, a log line, a confirmation's reference
        #[arg(long)]
        evidence: String,
        /// When it was done [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        done: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Change a retention rule
    Edit {
        /// The rule's data category
        category: String,
        /// The retention period, in days
        #[arg(long)]
        period_days: Option<u32>,
        /// authorization_revoked | contract_ended | request_closed | collected | last_contact
        #[arg(long)]
        trigger: Option<String>,
        /// delete | anonymise
        #[arg(long)]
        action: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Why the period is what it is (the policy section or law)
        #[arg(long)]
        basis: Option<String>,
    },
}

/// Runs one retention verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let who = actor();
    let today = time::today();
    match cmd {
        Command::List(f) => print_rows(
            &retention::list(reg.conn())?,
            f.json,
            "No retention rules yet.",
            &["CATEGORY", "DAYS", "FROM", "ACTION"],
            |r| {
                vec![
                    r.data_category.clone(),
                    r.period_days.to_string(),
                    r.trigger.clone(),
                    r.action.clone(),
                ]
            },
        )?,
        Command::Due { all, json } => {
            let items = if all {
                retention::items(reg.conn(), today)?
            } else {
                retention::due(reg.conn(), today)?
            };
            print_rows(
                &items,
                json.json,
                if all {
                    "No retention items: nothing revoked, ended or closed yet."
                } else {
                    "Nothing is due for deletion."
                },
                &["KEY", "SUBJECT", "ACTION", "DUE", "STATUS"],
                |i| {
                    vec![
                        i.key.clone(),
                        i.subject_label.clone(),
                        i.action.clone(),
                        i.due_on.clone(),
                        i.status.clone(),
                    ]
                },
            )?;
        }
        Command::Record {
            item,
            action,
            evidence,
            done,
            json,
        } => {
            let a = NewAction {
                key: item,
                action,
                evidence,
                done_on: done,
            };
            let i = reg.write(&who, |c| retention::record(c, &a, today))?;
            if json.json {
                print_json(&i)?;
            } else {
                say!(
                    "Recorded: {} — {} on {}; it is off the due list.",
                    i.key,
                    i.done.as_ref().map(|d| d.action.as_str()).unwrap_or("-"),
                    i.done.as_ref().map(|d| d.done_on.as_str()).unwrap_or("-")
                );
            }
        }
        Command::Edit {
            category,
            period_days,
            trigger,
            action,
            description,
            basis,
        } => {
            let e = RuleEdit {
                description,
                period_days,
                trigger,
                action,
                basis,
            };
            let (old, new) = retention::preview_rule_edit(reg.conn(), &category, &e)?;
            let changed = old != new;
            if changed {
                reg.write(&who, |c| retention::edit_rule(c, &category, &e))?;
            }
            if changed {
                say!("Saved retention rule {}.", category.trim());
            } else {
                say!(
                    "Nothing changed: retention rule {} already has those values.",
                    category.trim()
                );
            }
        }
    }
    Ok(Outcome::Ok)
}
