//! `workbench policy …`: privacy policy versions — write, compare, publish, export.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use workbench::register::policy::{self, Publication};
use workbench::render::policy::{self as render, Format};
use workbench::{policy_text, time, Error, Register};

use super::output::{opt, print_json, print_rows};
use super::{actor, JsonFlag, Outcome};

/// The policy verbs.
#[derive(Subcommand)]
pub enum Command {
    /// List the versions, newest first
    List(JsonFlag),
    /// Show one version's text (or, with --json, its record and snapshots)
    Show {
        /// Version id or label
        version: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Start a draft from the published version (or from --from)
    New {
        /// Copy this version instead of the published one
        #[arg(long, value_name = "VERSION")]
        from: Option<String>,
        /// The draft's label [default: draft-N]
        #[arg(long)]
        label: Option<String>,
    },
    /// Start a draft from a file: markdown (.md) or plain text (.txt) in the policy's shape
    Import {
        file: PathBuf,
        /// The draft's label [default: draft-N]
        #[arg(long)]
        label: Option<String>,
    },
    /// Replace a draft's text with a file's (markdown, or plain text converted)
    Edit {
        /// Version id or label (a draft)
        version: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// Send a draft for review
    Review {
        /// Version id or label
        version: String,
    },
    /// Return a version in review to draft
    Reopen {
        /// Version id or label
        version: String,
    },
    /// Publish a version, retiring the one in force
    Publish {
        /// Version id or label
        version: String,
        /// The "Last updated" date; must match the text's "Last updated:" line
        #[arg(long, value_name = "YYYY-MM-DD")]
        effective: String,
        /// Mark this as a material change (needs --summary)
        #[arg(long)]
        material: bool,
        /// What changed, in a sentence or two
        #[arg(long)]
        summary: Option<String>,
    },
    /// Compare two versions
    Diff {
        /// The older version (id or label)
        a: String,
        /// The newer version (id or label)
        b: String,
        /// text: a unified diff; html: a word-level inline diff document
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Write to this file instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Export a version (default: the published one) as HTML or PDF; records a snapshot
    Export {
        /// Version id or label [default: the published version]
        version: Option<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Text,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Html,
    Pdf,
}

/// Runs one policy verb.
pub fn run(reg: &mut Register, cmd: Command) -> Result<Outcome, Error> {
    let who = actor();
    match cmd {
        Command::List(f) => print_rows(
            &policy::list(reg.conn())?,
            f.json,
            "No policy versions yet. Import one with `workbench policy import FILE`.",
            &[
                "ID",
                "LABEL",
                "STATUS",
                "LAST UPDATED",
                "MATERIAL",
                "PUBLISHED AT",
            ],
            |p| {
                vec![
                    p.id.to_string(),
                    p.label.clone(),
                    p.status.clone(),
                    opt(&p.effective_date),
                    if p.material_change { "yes" } else { "-" }.into(),
                    opt(&p.published_at),
                ]
            },
        )?,
        Command::Show { version, json } => {
            let v = policy::get(reg.conn(), &version)?;
            if json.json {
                let snapshots = policy::snapshots(reg.conn(), v.summary.id)?;
                print_json(&serde_json::json!({ "version": v, "snapshots": snapshots }))?;
            } else {
                say!("{}", v.markdown.trim_end());
            }
        }
        Command::New { from, label } => {
            let id = reg.write(&who, |c| {
                policy::new_draft_from(c, from.as_deref(), label.as_deref())
            })?;
            let v = policy::get(reg.conn(), &id.to_string())?;
            say!("Created draft {} (id {}).", v.summary.label, id);
        }
        Command::Import { file, label } => {
            let markdown = policy_text::read_policy_file(&file)?;
            let id = reg.write(&who, |c| {
                policy::create_draft(c, label.as_deref(), &markdown, None)
            })?;
            let v = policy::get(reg.conn(), &id.to_string())?;
            say!(
                "Imported {} as draft {} (id {}).",
                file.display(),
                v.summary.label,
                id
            );
        }
        Command::Edit { version, file } => {
            let markdown = policy_text::read_policy_file(&file)?;
            reg.write(&who, |c| policy::edit(c, &version, &markdown))?;
            say!("Saved the new text of {version}.");
        }
        Command::Review { version } => {
            reg.write(&who, |c| policy::set_review(c, &version, true))?;
            say!("Version {version} is in review.");
        }
        Command::Reopen { version } => {
            reg.write(&who, |c| policy::set_review(c, &version, false))?;
            say!("Version {version} is a draft again.");
        }
        Command::Publish {
            version,
            effective,
            material,
            summary,
        } => {
            let effective_date = time::parse_date("--effective", &effective)?;
            reg.write(&who, |c| {
                policy::publish(
                    c,
                    &version,
                    &Publication {
                        effective_date,
                        material_change: material,
                        summary: summary.as_deref(),
                    },
                )
            })?;
            say!(
                "Published {version}, Last updated {}.",
                policy::long_date(effective_date)
            );
        }
        Command::Diff { a, b, format, out } => {
            let text = match format {
                DiffFormat::Text => render::unified_diff(reg, &a, &b)?,
                DiffFormat::Html => {
                    let c = render::compare(reg, &a, &b)?;
                    render::diff_document(reg, &c)?
                }
            };
            match out {
                Some(path) => {
                    workbench::files::write_atomic(&path, text.as_bytes())?;
                    say!("Wrote the comparison of {a} and {b} to {}.", path.display());
                }
                None => say!("{}", text.trim_end()),
            }
        }
        Command::Export {
            version,
            format,
            out,
            json,
        } => {
            let format = match format {
                ExportFormat::Html => Format::Html,
                ExportFormat::Pdf => Format::Pdf,
            };
            let e = render::export(reg, &who, version.as_deref(), format, &out)?;
            if json.json {
                print_json(&e)?;
            } else {
                say!(
                    "Exported version {} to {} ({} bytes, SHA-256 {}){}.",
                    e.version,
                    e.path,
                    e.bytes,
                    e.sha256,
                    if e.snapshot.is_some() {
                        "; snapshot recorded"
                    } else {
                        "; a draft, so no snapshot"
                    }
                );
            }
        }
    }
    Ok(Outcome::Ok)
}
