//! `workbench check`: the register against the policy's promises.

use clap::Args;
use workbench::checks::{self, Severity};
use workbench::{time, Error, Register};

use super::output::print_json;
use super::Outcome;

/// Options of `workbench check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
    /// Check as of this date instead of today
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// Runs every check; exit 1 while an error stands.
pub fn run(reg: &Register, args: CheckArgs) -> Result<Outcome, Error> {
    let today = match &args.today {
        Some(d) => time::parse_date("--today", d)?,
        None => time::today(),
    };
    let report = checks::run(reg.conn(), today)?;
    if args.json {
        print_json(&report)?;
    } else {
        for r in &report.results {
            let mark = match r.status {
                "pass" => "ok   ",
                "info" => "info ",
                "warning" => "WARN ",
                _ => "FAIL ",
            };
            say!("{mark} {}  {}", r.id, r.title);
            for f in &r.findings {
                let level = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                say!("       {level}: {}", f.message);
            }
            if r.status == "error" || r.status == "warning" {
                say!("       what to do: {}", r.remedy);
            }
        }
        say!(
            "\n{} checks as of {}: {} error(s), {} warning(s), {} note(s).",
            report.results.len(),
            report.today,
            report.errors,
            report.warnings,
            report.infos
        );
    }
    Ok(if report.failed() {
        Outcome::CheckFailed
    } else {
        Outcome::Ok
    })
}
