//! `workbench`: the command-line face of the Compliance Workbench register.
//!
//! Each area is a subcommand dispatching to the library; this file only parses
//! arguments, prints, and turns errors into one sentence and an exit code
//! (0 ok, 1 check failures, 2 bad usage or bad input).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

use cli::output::{opt, print_json, print_rows};
use cli::{JsonFlag, Outcome};

use workbench::defaults::{self, InitOutcome};
use workbench::register::{platforms, settings};
use workbench::{audit, status, Error};

#[derive(Parser)]
#[command(
    name = "workbench",
    version,
    about = "Keep the register that proves Wesmond's privacy policy is kept",
    long_about = "Compliance Workbench: policy versions, processors, merchants' authorizations \
                  and data-subject rights requests, in one local SQLite register.\n\n\
                  Exit codes: 0 ok, 1 check failures, 2 bad usage or bad input."
)]
struct Cli {
    /// The register file [default: the platform data directory's register.db]
    #[arg(long, global = true, env = "WORKBENCH_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the register and load the default register from data/ (does nothing if it exists)
    Init,
    /// Counts per register, schema version and audit chain head
    Status(JsonFlag),
    /// Check the register against the policy's promises (exit 1 while an error stands)
    Check(cli::check::CheckArgs),
    /// Make a compliance report for a period: rights, processors, authorizations, policy or pack
    Report(cli::report::ReportArgs),
    /// The audit log: list it, verify its hash chain
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Privacy policy versions
    #[command(subcommand)]
    Policy(cli::policy::Command),
    /// Third-party processors
    #[command(subcommand)]
    Processors(cli::processors::Command),
    /// Merchants
    #[command(subcommand)]
    Merchants(cli::merchants::Command),
    /// Merchants' platform authorizations and their scopes
    #[command(subcommand)]
    Authorizations(cli::authorizations::Command),
    /// Data-subject rights requests
    #[command(subcommand)]
    Requests(cli::requests::Command),
    /// Platforms merchants connect
    #[command(subcommand)]
    Platforms(ListOnly),
    /// The scope catalog
    #[command(subcommand)]
    Scopes(cli::scopes::Command),
    /// Retention rules and the due-for-deletion list
    #[command(subcommand)]
    Retention(cli::retention::Command),
    /// Settings
    #[command(subcommand)]
    Settings(ListOnly),
    /// Encrypt the register at rest, change or remove its passphrase
    #[command(subcommand)]
    Passphrase(cli::passphrase::Command),
    /// Write a consistent backup of the register (safe while the app is open)
    Backup(cli::backup::BackupArgs),
    /// Check a backup, then replace the register with it (the current one is kept aside)
    Restore(cli::backup::RestoreArgs),
    /// Tools for measuring the workbench: a synthetic register and mailbox, benchmarks
    #[command(subcommand, hide = true)]
    Dev(cli::dev::Command),
}

#[derive(Subcommand)]
enum ListOnly {
    /// List the records
    List(JsonFlag),
}

#[derive(Subcommand)]
enum AuditCommand {
    /// List entries, newest first
    List {
        /// How many entries
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// How many of the newest to skip
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Walk the hash chain and name the first broken entry (exit 1 if broken)
    Verify(JsonFlag),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    workbench::db::migrations::on_upgrade(|found, latest| {
        eprintln!(
            "workbench: bringing the register from schema {found} to {latest} \
             (once; a large register may take a few minutes)"
        );
    });
    match run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::CheckFailed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("workbench: {e}");
            ExitCode::from(2)
        }
    }
}

fn register_path(cli_db: Option<PathBuf>) -> Result<PathBuf, Error> {
    cli_db
        .or_else(workbench::default_register_path)
        .ok_or_else(|| {
            Error::Invalid(
                "no home directory to keep the register in; pass --db PATH or set WORKBENCH_DB"
                    .into(),
            )
        })
}

fn run(cli: Cli) -> Result<Outcome, Error> {
    let path = register_path(cli.db)?;
    if let Command::Init = cli.command {
        let mut reg = cli::passphrase::open_or_create(&path)?;
        match defaults::init(&mut reg, &cli::actor())? {
            InitOutcome::Loaded => {
                let s = status::status(&reg)?;
                say!(
                    "Created the register at {} for {}: policy {} (Last updated {}), {} platforms, {} scopes, {} retention rules.",
                    path.display(),
                    s.organisation,
                    s.published_policy.as_ref().map(|p| p.label.as_str()).unwrap_or("-"),
                    s.published_policy.as_ref().and_then(|p| p.effective_date.as_deref()).unwrap_or("-"),
                    s.counts.platforms,
                    s.counts.scopes,
                    s.counts.retention_rules
                );
            }
            InitOutcome::AlreadyInitialised => {
                say!(
                    "The register at {} already exists; nothing was changed.",
                    path.display()
                );
            }
        }
        return Ok(Outcome::Ok);
    }

    // These replace the register's file, so they open it themselves.
    let command = match cli.command {
        Command::Passphrase(cmd) => return cli::passphrase::run(&path, cmd),
        Command::Restore(args) => return cli::backup::restore(&path, args),
        Command::Dev(cmd) => return cli::dev::run(&path, cmd),
        other => other,
    };
    let mut reg = cli::passphrase::open_existing(&path)?;
    let conn = reg.conn();
    match command {
        Command::Init | Command::Passphrase(_) | Command::Restore(_) | Command::Dev(_) => {
            unreachable!("handled above")
        }
        Command::Backup(args) => return cli::backup::backup(&reg, args),
        Command::Check(args) => return cli::check::run(&reg, args),
        Command::Report(args) => return cli::report::run(&reg, args),
        Command::Status(f) => {
            let s = status::status(&reg)?;
            if f.json {
                print_json(&s)?;
            } else {
                let c = &s.counts;
                say!("Register:        {}", s.register_path);
                say!("Organisation:    {}", s.organisation);
                say!("Schema version:  {}", s.schema_version);
                match &s.published_policy {
                    Some(p) => say!(
                        "Policy:          {} (Last updated {})",
                        p.label,
                        opt(&p.effective_date)
                    ),
                    None => say!("Policy:          none published"),
                }
                say!("Policy versions: {}", c.policy_versions);
                say!("Processors:      {}", c.processors);
                say!("Merchants:       {}", c.merchants);
                say!(
                    "Authorizations:  {} ({} active)",
                    c.authorizations,
                    c.active_authorizations
                );
                say!("Platforms:       {} ({} scopes)", c.platforms, c.scopes);
                say!("Requests:        {} ({} open)", c.requests, c.open_requests);
                say!("Retention rules: {}", c.retention_rules);
                say!("Audit entries:   {}", c.audit_entries);
                say!("Audit head:      {}", opt(&s.audit_head));
            }
        }
        Command::Audit(AuditCommand::List {
            limit,
            offset,
            json,
        }) => {
            let rows = audit::list(conn, limit, offset)?;
            print_rows(
                &rows,
                json.json,
                "The audit log is empty.",
                &["SEQ", "AT", "ACTOR", "ACTION", "ENTITY", "ID", "HASH"],
                |e| {
                    vec![
                        e.seq.to_string(),
                        e.at.clone(),
                        e.actor.clone(),
                        e.action.clone(),
                        e.entity.clone(),
                        opt(&e.entity_id),
                        e.hash[..12].to_string(),
                    ]
                },
            )?;
        }
        Command::Audit(AuditCommand::Verify(f)) => {
            let v = audit::verify(conn)?;
            if f.json {
                print_json(&v)?;
            } else if v.ok {
                say!(
                    "Audit chain intact: {} entries, head {}.",
                    v.entries,
                    opt(&v.head)
                );
            } else {
                say!(
                    "Audit chain BROKEN at entry {}: {}.",
                    v.first_broken.unwrap_or_default(),
                    v.reason.as_deref().unwrap_or("unknown reason")
                );
            }
            if !v.ok {
                return Ok(Outcome::CheckFailed);
            }
        }
        Command::Policy(cmd) => return cli::policy::run(&mut reg, cmd),
        Command::Processors(cmd) => return cli::processors::run(&mut reg, cmd),
        Command::Merchants(cmd) => return cli::merchants::run(&mut reg, cmd),
        Command::Authorizations(cmd) => return cli::authorizations::run(&mut reg, cmd),
        Command::Requests(cmd) => return cli::requests::run(&mut reg, cmd),
        Command::Platforms(ListOnly::List(f)) => print_rows(
            &platforms::list(conn)?,
            f.json,
            "No platforms yet.",
            &["CODE", "NAME", "CATEGORY", "SCOPES"],
            |p| {
                vec![
                    p.code.clone(),
                    p.name.clone(),
                    p.category.clone(),
                    p.scopes.to_string(),
                ]
            },
        )?,
        Command::Scopes(cmd) => return cli::scopes::run(&mut reg, cmd),
        Command::Retention(cmd) => return cli::retention::run(&mut reg, cmd),
        Command::Settings(ListOnly::List(f)) => print_rows(
            &settings::list(conn)?,
            f.json,
            "No settings yet.",
            &["KEY", "VALUE"],
            |s| vec![s.key.clone(), s.value.clone()],
        )?,
    }
    Ok(Outcome::Ok)
}
