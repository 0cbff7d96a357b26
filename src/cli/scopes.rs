//! `workbench scopes …`: the scope catalog and platform security assessments.

use std::path::PathBuf;

use clap::Subcommand;
use workbench::register::platforms::{self, NewAssessment, ScopeEdit};
use workbench::{time, Error, Register};

use super::output::{opt, print_json, print_rows};
use super::{actor, JsonFlag, Outcome};

/// The scopes verbs.
#[derive(Subcommand)]
pub enum Command {
    /// List the catalog's scopes
    List {
        /// Only this platform's scopes (its code, e.g. google)
        #[arg(long)]
        platform: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Change one catalog scope's classification, purposes or source
    Edit {
        /// The platform's code or name
        platform: String,
        /// The scope, exactly as the catalog lists it
        scope: String,
        #[arg(long)]
        description: Option<String>,
        /// The platform's own class (google: non_sensitive | sensitive | restricted; …)
        #[arg(long)]
        sensitivity: Option<String>,
        /// The purposes it may serve, separated by commas (analytics, reporting,
        /// advertising_performance_review, merchant_operation_support)
        #[arg(long, value_name = "P1,P2")]
        purposes: Option<String>,
        /// Where the classification comes from
        #[arg(long)]
        source: Option<String>,
        /// Whether the classification was confirmed against the source
        #[arg(long, value_parser = clap::builder::BoolishValueParser::new(), value_name = "yes|no")]
        confirmed: Option<bool>,
    },
    /// Load a newer catalog file (the format of data/scope-catalog.toml) in one change
    Load {
        file: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Record a platform security assessment (Google: yearly, for restricted scopes)
    Assess {
        /// The platform's code or name
        #[arg(long, default_value = "google")]
        platform: String,
        /// When it was assessed
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Who assessed it
        #[arg(long)]
        assessor: String,
        #[arg(long)]
        notes: Option<String>,
    },
    /// List recorded security assessments, newest first
    Assessments {
        /// Only this platform's
        #[arg(long)]
        platform: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// Runs one scopes verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let who = actor();
    match cmd {
        Command::List { platform, json } => print_rows(
            &platforms::scopes(reg.conn(), platform.as_deref())?,
            json.json,
            "No scopes in the catalog.",
            &["PLATFORM", "SCOPE", "SENSITIVITY", "PURPOSES", "CONFIRMED"],
            |s| {
                vec![
                    s.platform.clone(),
                    s.scope.clone(),
                    s.sensitivity.clone(),
                    s.purposes.join(","),
                    if s.confirmed { "yes" } else { "no" }.into(),
                ]
            },
        )?,
        Command::Edit {
            platform,
            scope,
            description,
            sensitivity,
            purposes,
            source,
            confirmed,
        } => {
            let edit = ScopeEdit {
                description,
                sensitivity,
                purposes: purposes.map(|p| p.split(',').map(str::to_string).collect()),
                source,
                confirmed,
            };
            let (_, old, new) =
                platforms::preview_scope_edit(reg.conn(), &platform, &scope, &edit)?;
            let code = new.platform.clone();
            let changed = old != new;
            if changed {
                reg.write(&who, |c| platforms::edit_scope(c, &code, &scope, &edit))?;
            }
            if changed {
                say!("Saved {code} scope {scope}.");
            } else {
                say!("Nothing changed: {code} scope {scope} already has those values.");
            }
        }
        Command::Load { file, json } => {
            let r = platforms::load_catalog(reg, &who, &file)?;
            if json.json {
                print_json(&r)?;
            } else if r.added + r.changed == 0 {
                say!(
                    "{}: {} scopes, all unchanged; nothing was written.",
                    r.file,
                    r.unchanged
                );
            } else {
                say!(
                    "Loaded {}: {} added, {} changed, {} unchanged; {} in the register but not in the file (kept); {} granted scopes now catalogued.",
                    r.file,
                    r.added,
                    r.changed,
                    r.unchanged,
                    r.not_in_file,
                    r.relinked
                );
            }
        }
        Command::Assess {
            platform,
            date,
            assessor,
            notes,
        } => {
            let a = NewAssessment {
                platform,
                assessed_on: date,
                assessor,
                notes,
            };
            let id = reg.write(&who, |c| platforms::record_assessment(c, &a, time::today()))?;
            say!(
                "Recorded security assessment {id}: {} on {} by {}.",
                a.platform,
                a.assessed_on.trim(),
                a.assessor.trim()
            );
        }
        Command::Assessments { platform, json } => {
            let code = match platform {
                Some(p) => Some(platforms::find_code(reg.conn(), &p)?),
                None => None,
            };
            print_rows(
                &platforms::assessments(reg.conn(), code.as_deref())?,
                json.json,
                "No security assessments recorded.",
                &["ID", "PLATFORM", "ASSESSED", "ASSESSOR", "NOTES"],
                |a| {
                    vec![
                        a.id.to_string(),
                        a.platform.clone(),
                        a.assessed_on.clone(),
                        a.assessor.clone(),
                        opt(&a.notes),
                    ]
                },
            )?;
        }
    }
    Ok(Outcome::Ok)
}
