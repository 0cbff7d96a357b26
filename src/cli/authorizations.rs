//! `workbench authorizations …`: merchants' OAuth grants, their scopes, revocation.

use clap::Subcommand;
use workbench::register::authorizations::{
    self, AuthorizationInput, Flag, GrantedScope, ListFilter, Revocation,
};
use workbench::{time, Error, Register};

use super::output::{opt, print_json, print_rows};
use super::processors::{export_with, print_import, ExportArgs, ImportArgs};
use super::{actor, JsonFlag, Outcome};

/// The authorizations verbs.
#[derive(Subcommand)]
pub enum Command {
    /// List authorizations, newest grant first, with their flags
    List {
        /// Only this merchant's (id, name or shop domain)
        #[arg(long)]
        merchant: Option<String>,
        /// Only this platform's (code or name)
        #[arg(long)]
        platform: Option<String>,
        /// Only those not revoked
        #[arg(long)]
        active: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Show one authorization: its scopes with their catalog sensitivity, and its flags
    Show {
        id: i64,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Record a grant: the scopes a merchant approved on a platform
    Grant {
        /// The merchant's id, name or shop domain
        #[arg(long)]
        merchant: String,
        /// The platform's code or name (google, meta, shopify, …)
        #[arg(long)]
        platform: String,
        /// The approved scopes, separated by commas; scopes missing from the catalog
        /// are kept and flagged `uncatalogued`
        #[arg(long, value_name = "S1,S2")]
        scopes: String,
        /// The date it was granted [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        granted: Option<String>,
        /// analytics | reporting | advertising_performance_review | merchant_operation_support
        /// [default: merchant_operation_support]
        #[arg(long)]
        purpose: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Revoke an authorization, saying why, how, and which rights request asked for it
    Revoke {
        id: i64,
        /// Why access is withdrawn
        #[arg(long)]
        reason: String,
        /// How [default: email_request with --request, otherwise other]
        #[arg(long, value_parser = ["platform", "email_request", "contract_end", "other"])]
        channel: Option<String>,
        /// The rights request that asked for it (its id)
        #[arg(long, value_name = "ID")]
        request: Option<i64>,
        /// The date it was revoked [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        revoked: Option<String>,
    },
    /// Import authorizations from a CSV or XLSX file (rows with an id update it,
    /// rows without add one); nothing is written unless every row is good
    Import(ImportArgs),
    /// Export every authorization to a CSV or XLSX file
    Export(ExportArgs),
}

/// A flag in one line.
pub fn flag_text(f: &Flag) -> String {
    format!("FLAG {}: {}", f.kind, f.message)
}

/// A granted scope in one line, with its catalog class or `uncatalogued`.
pub fn scope_text(s: &GrantedScope) -> String {
    if s.catalogued {
        format!(
            "{} · {} · serves {}",
            s.scope,
            s.sensitivity.as_deref().unwrap_or("-"),
            s.purposes.join(", ")
        )
    } else {
        format!("{} · uncatalogued", s.scope)
    }
}

/// Runs one authorizations verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let who = actor();
    let today = time::today();
    match cmd {
        Command::List {
            merchant,
            platform,
            active,
            json,
        } => {
            let filter = ListFilter {
                merchant,
                platform,
                active,
            };
            print_rows(
                &authorizations::list_filtered(reg.conn(), &filter, today)?,
                json.json,
                "No authorizations match.",
                &[
                    "ID", "MERCHANT", "PLATFORM", "SCOPES", "PURPOSE", "GRANTED", "REVOKED",
                    "FLAGS",
                ],
                |a| {
                    let mut flags: Vec<String> = a.flags.iter().map(|f| f.kind.clone()).collect();
                    flags.dedup();
                    vec![
                        a.id.to_string(),
                        a.merchant.clone(),
                        a.platform.clone(),
                        a.scopes.len().to_string(),
                        a.purpose.clone(),
                        a.granted_at.clone(),
                        opt(&a.revoked_at),
                        if flags.is_empty() {
                            "-".into()
                        } else {
                            flags.join(",")
                        },
                    ]
                },
            )?;
        }
        Command::Show { id, json } => {
            let a = authorizations::show(reg.conn(), id, today)?;
            if json.json {
                print_json(&a)?;
            } else {
                let f = &a.fields;
                say!(
                    "Authorization {}: {} · {} · {}",
                    a.id,
                    a.merchant,
                    f.platform,
                    a.status
                );
                say!("  purpose:  {}", f.purpose);
                say!("  granted:  {} by {}", f.granted_at, f.granted_by);
                if let Some(r) = &f.revoked_at {
                    say!(
                        "  revoked:  {r} by {} via {}{}",
                        opt(&f.revoked_by),
                        opt(&f.revoke_channel),
                        f.revoke_request_id
                            .map(|q| format!(" (rights request {q})"))
                            .unwrap_or_default()
                    );
                    say!("  reason:   {}", opt(&f.revoke_reason));
                }
                say!("  scopes:");
                for s in &a.granted_scopes {
                    say!("    {}", scope_text(s));
                }
                for fl in &a.flags {
                    say!("  {}", flag_text(fl));
                }
            }
        }
        Command::Grant {
            merchant,
            platform,
            scopes,
            granted,
            purpose,
            json,
        } => {
            let input = AuthorizationInput {
                merchant: Some(merchant),
                platform: Some(platform),
                scopes: Some(scopes),
                granted_at: granted,
                purpose,
                ..Default::default()
            };
            let g = reg.write(&who, |c| authorizations::grant(c, &input, today))?;
            if json.json {
                print_json(&authorizations::show(reg.conn(), g.id, today)?)?;
            } else {
                let a = authorizations::show(reg.conn(), g.id, today)?;
                say!(
                    "Granted authorization {}: {} · {} · {} scope{} for {}.",
                    a.id,
                    a.merchant,
                    a.fields.platform,
                    a.fields.scopes.len(),
                    if a.fields.scopes.len() == 1 { "" } else { "s" },
                    a.fields.purpose
                );
                for fl in &a.flags {
                    say!("  {}", flag_text(fl));
                }
            }
        }
        Command::Revoke {
            id,
            reason,
            channel,
            request,
            revoked,
        } => {
            let r = Revocation {
                reason,
                channel,
                request,
                revoked_on: revoked,
            };
            reg.write(&who, |c| authorizations::revoke(c, id, &r, today))?;
            let a = authorizations::show(reg.conn(), id, today)?;
            say!(
                "Revoked authorization {} ({} · {}) on {} via {}.",
                id,
                a.merchant,
                a.fields.platform,
                opt(&a.fields.revoked_at),
                opt(&a.fields.revoke_channel)
            );
        }
        Command::Import(a) => {
            let r = authorizations::import(reg, &who, &a.file, today)?;
            print_import(&r, a.json.json)?;
        }
        Command::Export(a) => export_with(&a, |format, out| {
            authorizations::export(reg.conn(), format, out)
        })?,
    }
    Ok(Outcome::Ok)
}
