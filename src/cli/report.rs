//! `workbench report …`: compliance reports for a period, as HTML, PDF, CSV or XLSX.

use std::path::PathBuf;

use clap::Args;
use workbench::reports::{self, Format, Kind, Lang, Period};
use workbench::{time, Error, Register};

use super::output::print_json;
use super::Outcome;

/// Options of `workbench report`.
#[derive(Args)]
#[command(after_help = "\
Reports:
  rights          requests received and closed per type and month, on-time rate, median and
                  90th-percentile days to close, open and overdue requests, extensions, the
                  PDPO log-book extract
  processors      a record-of-processing style register with review dates flagged
  authorizations  active by platform, scopes by sensitivity, grants and revocations
  policy          policy versions, dates, material changes, snapshot hashes
  pack            all of the above, the policy in force and the check results, with contents,
                  stamped with the register's fingerprint (html or pdf only)

csv holds the report's main table; xlsx holds an About sheet and one worksheet per table.
html and pdf list at most 500 rows per list (then say how many more); csv and xlsx list every row.

Languages (--lang): en (English, the default) or zh-HK (Traditional Chinese as used in Hong
Kong): headings, labels, column names and sentences; the register's data stays as recorded.")]
pub struct ReportArgs {
    /// Which report: rights, processors, authorizations, policy or pack
    #[arg(value_name = "REPORT")]
    pub report: String,
    /// html, pdf, csv or xlsx [default: from the --out file's extension]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// The file to write (replaced whole, or left untouched on error)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The period's first day [default: 12 months before --to]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// The period's last day; also the date the PDF carries [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// The report's language: en or zh-HK
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
    /// Print what was written as JSON
    #[arg(long)]
    pub json: bool,
}

/// Makes one report and says what was written.
pub fn run(reg: &Register, args: ReportArgs) -> Result<Outcome, Error> {
    let kind = Kind::parse(&args.report)?;
    let format = match &args.format {
        Some(f) => Format::parse(f)?,
        None => Format::from_path(&args.out).ok_or_else(|| {
            Error::Invalid(format!(
                "--format: say html, pdf, csv or xlsx (the name {} does not say which)",
                args.out.display()
            ))
        })?,
    };
    let lang = Lang::parse(&args.lang).map_err(|e| Error::Invalid(format!("--lang: {e}")))?;
    let period = Period::from_args(args.from.as_deref(), args.to.as_deref(), time::today())?;
    let outcome = reports::generate_in(
        reg.conn(),
        kind,
        period,
        format,
        lang,
        &args.out,
        &mut |_, _| {},
    )?;
    if args.json {
        print_json(&outcome)?;
    } else {
        say!(
            "Wrote the {} for {} as {} to {} ({} bytes, SHA-256 {}); register fingerprint {}.",
            kind.title().to_lowercase(),
            period,
            format.name().to_uppercase(),
            outcome.path.display(),
            outcome.bytes,
            outcome.sha256,
            outcome.fingerprint.hash
        );
    }
    Ok(Outcome::Ok)
}
