//! `workbench dev …`: tools for measuring the workbench (hidden from the top-level
//! help; officers never need them): a synthetic register, a synthetic mbox, and the
//! in-process benchmark `scripts/bench.sh` runs.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use workbench::dev::bench::{self, BenchParams};
use workbench::dev::generate::{self, Params, Progress};
use workbench::dev::mbox::{self, MboxParams};
use workbench::{defaults, time, Error};

use super::output::print_json;
use super::{actor, Outcome};

/// The dev verbs.
#[derive(Subcommand)]
pub enum Command {
    /// Fill a register with a decade of realistic synthetic records (creates and
    /// initialises it when needed)
    Generate(GenerateArgs),
    /// Write a realistic mbox of what arrives at contact@wesmond.com: requests (EN and
    /// Traditional Chinese, UTF-8 or Big5, quoted-printable or base64), replies, forwards, noise
    Mbox(MboxArgs),
    /// Measure the register in-process: open, a page of requests (filtered, sorted,
    /// searched), a page of merchants, a page of the retention list (the first after a change
    /// and any other), the dashboard, every check, the rights report
    Bench(BenchArgs),
}

/// Options of `workbench dev bench`.
#[derive(Args)]
pub struct BenchArgs {
    /// Runs of each page and search case (requests, merchants, retention)
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub runs: usize,
    /// Opens of the register
    #[arg(long, default_value_t = 15, value_name = "N")]
    pub opens: usize,
    /// Runs of the dashboard, the checks and the report
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub slow_runs: usize,
    /// Measure as of this day (due dates, overdue, the report's period) [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// The seed choosing filters and search words
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Print the results as JSON
    #[arg(long)]
    pub json: bool,
}

/// Options of `workbench dev mbox`.
#[derive(Args)]
pub struct MboxArgs {
    /// How many messages
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub messages: u64,
    /// The mbox file to write (replaced whole)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The seed of the pseudo-random choices
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Messages arrive from 2016 to the day before this date [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// Print what was written as JSON
    #[arg(long)]
    pub json: bool,
}

/// Options of `workbench dev generate`.
#[derive(Args)]
#[command(after_help = "\
The same --seed and --until give the same records. Everything is one write with one audit \
entry per kind of record, so the register holds all of it or none. A register that already \
holds requests, merchants, processors or authorizations is refused unless --force.")]
pub struct GenerateArgs {
    /// Rights requests, with their messages, timeline, evidence and retention actions
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    pub requests: u64,
    /// Merchants
    #[arg(long, default_value_t = 50_000, value_name = "M")]
    pub merchants: u64,
    /// Authorizations (with their scopes) over those merchants
    #[arg(long, default_value_t = 200_000, value_name = "A")]
    pub authorizations: u64,
    /// Processors
    #[arg(long, default_value_t = 500, value_name = "P")]
    pub processors: u64,
    /// Policy versions the register holds in the end: the one in force and older, retired ones
    #[arg(long, default_value_t = 50, value_name = "V")]
    pub policy_versions: u64,
    /// The seed of the pseudo-random choices
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// The decade ends the day before this date; requests are open or overdue as of it [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// Add to a register that already holds records
    #[arg(long)]
    pub force: bool,
    /// Print what was written as JSON
    #[arg(long)]
    pub json: bool,
}

/// Runs a dev verb; each opens (or does not need) the register itself.
pub fn run(path: &Path, cmd: Command) -> Result<Outcome, Error> {
    match cmd {
        Command::Generate(args) => generate_register(path, args),
        Command::Mbox(args) => write_mbox(args),
        Command::Bench(args) => measure(path, args),
    }
}

/// Prints progress to stderr: in place on a terminal, a line per tenth otherwise.
fn reporter() -> impl FnMut(Progress) + Send {
    let terminal = std::io::stderr().is_terminal();
    let mut last: Option<(&'static str, u64)> = None;
    move |p: Progress| {
        let tenth = (p.done * 10).checked_div(p.total).unwrap_or(10);
        let line = format!(
            "generating {}: {} of {}",
            p.phase,
            generate::group(p.done),
            generate::group(p.total)
        );
        if terminal {
            eprint!("\r{line}\x1b[K");
            if p.done >= p.total {
                eprintln!();
            }
        } else if last != Some((p.phase, tenth)) {
            eprintln!("{line}");
        }
        last = Some((p.phase, tenth));
    }
}

fn generate_register(path: &Path, args: GenerateArgs) -> Result<Outcome, Error> {
    let today = time::today();
    let params = Params {
        requests: args.requests,
        merchants: args.merchants,
        authorizations: args.authorizations,
        processors: args.processors,
        policy_versions: args.policy_versions,
        seed: args.seed,
        until: until("--until", &args.until)?,
        force: args.force,
    };
    // Bad arguments are refused before the register is even created.
    params.check(today)?;
    let started = std::time::Instant::now();
    let mut reg = super::passphrase::open_or_create(path)?;
    defaults::init(&mut reg, &actor())?;
    let summary = generate::generate(&mut reg, &actor(), &params, reporter())?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        print_json(&serde_json::json!({
            "register": path.display().to_string(),
            "params": params,
            "written": summary,
            "seconds": seconds,
        }))?;
    } else {
        say!(
            "Generated into {} in {:.1} s: {} requests ({} messages, {} timeline events), {} merchants, \
             {} authorizations, {} processors, {} policy versions, {} retention actions (seed {}, until {}).",
            path.display(),
            seconds,
            generate::group(summary.requests),
            generate::group(summary.messages),
            generate::group(summary.events),
            generate::group(summary.merchants),
            generate::group(summary.authorizations),
            generate::group(summary.processors),
            generate::group(summary.policy_versions),
            generate::group(summary.retention_actions),
            params.seed,
            params.until
        );
    }
    Ok(Outcome::Ok)
}

fn until(flag: &str, arg: &Option<String>) -> Result<chrono::NaiveDate, Error> {
    match arg {
        Some(d) => time::parse_date(flag, d),
        None => Ok(time::today()),
    }
}

fn write_mbox(args: MboxArgs) -> Result<Outcome, Error> {
    let params = MboxParams {
        messages: args.messages,
        seed: args.seed,
        until: until("--until", &args.until)?,
    };
    let summary = mbox::write(&params, &args.out)?;
    if args.json {
        print_json(&serde_json::json!({
            "out": args.out.display().to_string(),
            "params": params,
            "written": summary,
        }))?;
    } else {
        say!(
            "Wrote {} messages ({:.1} MB) to {}: {} requests, {} forwarded, {} replies, {} noise, {} exported twice; \
             {} Big5, {} base64, {} quoted-printable, {} multipart.",
            generate::group(summary.messages),
            summary.bytes as f64 / 1e6,
            args.out.display(),
            generate::group(summary.requests),
            generate::group(summary.forwarded),
            generate::group(summary.replies),
            generate::group(summary.noise),
            generate::group(summary.duplicates),
            generate::group(summary.big5),
            generate::group(summary.base64),
            generate::group(summary.quoted_printable),
            generate::group(summary.multipart)
        );
    }
    Ok(Outcome::Ok)
}

fn measure(path: &Path, args: BenchArgs) -> Result<Outcome, Error> {
    let params = BenchParams {
        runs: args.runs.max(1),
        opens: args.opens.max(1),
        slow_runs: args.slow_runs.max(1),
        today: until("--today", &args.today)?,
        seed: args.seed,
    };
    let passphrase = super::passphrase::for_file(path)?;
    let report = bench::run(path, passphrase.as_deref(), &params)?;
    if args.json {
        print_json(&report)?;
    } else {
        say!(
            "{} ({:.0} MB): {} requests, {} messages, {} merchants, {} authorizations; as of {}",
            report.register,
            report.register_bytes as f64 / 1e6,
            generate::group(report.requests as u64),
            generate::group(report.messages as u64),
            generate::group(report.merchants as u64),
            generate::group(report.authorizations as u64),
            report.today
        );
        say!(
            "{:<20} {:>6} {:>10} {:>10} {:>10}",
            "CASE",
            "RUNS",
            "P50 MS",
            "P95 MS",
            "MAX MS"
        );
        for s in &report.results {
            say!(
                "{:<20} {:>6} {:>10.2} {:>10.2} {:>10.2}",
                s.name,
                s.runs,
                s.p50_ms,
                s.p95_ms,
                s.max_ms
            );
        }
    }
    Ok(Outcome::Ok)
}
