//! Compliance reports: what the register shows for a chosen period, as
//! self-contained HTML, as PDF (typst, the policy's letterhead), and as CSV or
//! XLSX where the report is tabular.
//!
//! A report is built once, from the read-only connection, into a [`Report`]: a
//! title, the period, the register's fingerprint (the audit chain's head hash)
//! and sections of paragraphs, key figures, tables and charts. Each format then
//! renders that one model, so the HTML, the PDF, the spreadsheets and the app
//! show the same figures:
//!
//! - [`html`]: one self-contained page; charts inline as SVG; no script;
//! - [`pdf`]: `data/templates/report.typ`, fed the model as data (`sys.inputs`);
//! - [`tabular`]: CSV holds the report's *primary* table only (one table per
//!   file is what a CSV can hold); XLSX holds an "About" sheet (period,
//!   fingerprint, key figures) and then one worksheet per table.
//!
//! The compliance pack is a document (contents, the policy text, the check
//! results), so it is made as HTML or PDF only; its tables come as CSV/XLSX
//! from the four other reports.
//!
//! Reports never depend on the clock: the same register and period give
//! byte-identical files, and a PDF is dated the period's last day.

pub mod authorizations;
pub mod charts;
pub mod html;
pub mod pack;
pub mod pdf;
pub mod policy_history;
pub mod processors;
pub mod rights;
pub mod tabular;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::audit;
use crate::error::{Error, Result};
use crate::register::settings;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Rights requests: volumes, timeliness, open and overdue, extensions, PDPO log book.
    Rights,
    /// Processors: a record-of-processing style register with review dates.
    Processors,
    /// Authorizations: active by platform, scopes by sensitivity, grants and revocations.
    Authorizations,
    /// Policy history: versions, dates, material changes, snapshot hashes.
    Policy,
    /// The compliance pack: all of the above, the policy in force and the check results.
    Pack,
}

impl Kind {
    /// Every report, in the order the pack holds them.
    pub const ALL: [Kind; 5] = [
        Kind::Rights,
        Kind::Processors,
        Kind::Authorizations,
        Kind::Policy,
        Kind::Pack,
    ];

    /// Parses `rights`, `processors`, `authorizations`, `policy` or `pack` (any case).
    pub fn parse(text: &str) -> Result<Kind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "rights" | "requests" => Ok(Kind::Rights),
            "processors" => Ok(Kind::Processors),
            "authorizations" | "authorisations" => Ok(Kind::Authorizations),
            "policy" => Ok(Kind::Policy),
            "pack" => Ok(Kind::Pack),
            other => Err(Error::Invalid(format!(
                "'{other}' is not a report; use rights, processors, authorizations, policy or pack"
            ))),
        }
    }

    /// The name as typed on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rights => "rights",
            Kind::Processors => "processors",
            Kind::Authorizations => "authorizations",
            Kind::Policy => "policy",
            Kind::Pack => "pack",
        }
    }

    /// The report's title.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Rights => "Rights requests report",
            Kind::Processors => "Processors register",
            Kind::Authorizations => "Authorizations report",
            Kind::Policy => "Privacy policy history",
            Kind::Pack => "Compliance pack",
        }
    }

    /// The formats this report is made in: the pack is a document, HTML or PDF.
    pub fn formats(self) -> &'static [Format] {
        match self {
            Kind::Pack => &[Format::Html, Format::Pdf],
            _ => &[Format::Html, Format::Pdf, Format::Csv, Format::Xlsx],
        }
    }
}

/// A report's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Pdf,
    Csv,
    Xlsx,
}

impl Format {
    /// Parses `html`, `pdf`, `csv` or `xlsx` (any case).
    pub fn parse(text: &str) -> Result<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "html" | "htm" => Ok(Format::Html),
            "pdf" => Ok(Format::Pdf),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(Error::Invalid(format!(
                "--format: '{other}' is not one of html, pdf, csv, xlsx"
            ))),
        }
    }

    /// The format a file name's extension says, if it says one.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        Format::parse(&ext).ok()
    }

    /// `html`, `pdf`, `csv` or `xlsx`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// The days a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A period; refused when it ends before it starts.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if from > to {
            return Err(Error::Invalid(format!(
                "--from {from} is after --to {to}; the period must start on or before its end"
            )));
        }
        Ok(Period { from, to })
    }

    /// The period the command line asks for: `--to` defaults to `today`, `--from`
    /// to twelve months before `--to`.
    pub fn from_args(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period> {
        let to = match to {
            Some(t) => crate::time::parse_date("--to", t)?,
            None => today,
        };
        let from = match from {
            Some(f) => crate::time::parse_date("--from", f)?,
            None => to.checked_sub_months(Months::new(12)).unwrap_or(to),
        };
        Period::new(from, to)
    }

    /// True when `day` falls inside the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The calendar months the period touches, as `YYYY-MM`, oldest first.
    pub fn months(&self) -> Vec<String> {
        let mut months = Vec::new();
        let mut cursor = self.from.with_day(1).unwrap_or(self.from);
        while cursor <= self.to {
            months.push(month_key(cursor));
            match cursor.checked_add_months(Months::new(1)) {
                Some(next) => cursor = next,
                None => break,
            }
        }
        months
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", long_date(self.from), long_date(self.to))
    }
}

/// `2026-03` for any day of March 2026.
pub fn month_key(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// `31 May 2026`.
pub fn long_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// The register a report was made from: its audit chain's head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    /// The head entry's hash (the genesis hash for an empty log).
    pub hash: String,
    /// How many entries the chain holds.
    pub entries: i64,
}

impl Fingerprint {
    /// The audit chain head of the register behind `conn`.
    pub fn of(conn: &Connection) -> Result<Fingerprint> {
        Ok(match audit::head(conn)? {
            Some(head) => Fingerprint {
                hash: head.hash,
                entries: head.seq,
            },
            None => Fingerprint {
                hash: audit::GENESIS.to_string(),
                entries: 0,
            },
        })
    }

    /// The sentence every report carries at its foot.
    pub fn sentence(&self) -> String {
        format!(
            "Register fingerprint (audit chain head after {} entries): {} — the fingerprint of the register this report was made from.",
            self.entries, self.hash
        )
    }
}

/// A report, ready to render in any format.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kind: Kind,
    pub title: String,
    pub organisation: String,
    pub period: Period,
    pub fingerprint: Fingerprint,
    /// Shown as a table of contents (the pack).
    pub contents: bool,
    pub sections: Vec<Section>,
}

impl Report {
    /// Every table, in document order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
    }

    /// The table a CSV holds: the one marked primary, else the first.
    pub fn primary_table(&self) -> Option<&Table> {
        self.tables()
            .find(|t| t.primary)
            .or_else(|| self.tables().next())
    }

    /// Every key figure, in document order.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .flat_map(|b| match b {
                Block::Figures(items) => items.as_slice(),
                _ => &[],
            })
    }

    /// The line under the title: organisation and period.
    pub fn subtitle(&self) -> String {
        format!("{} · {}", self.organisation, self.period)
    }
}

/// A titled part of a report. Level 1 is a chapter, level 2 a part of one.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub heading: String,
    pub level: u8,
    pub blocks: Vec<Block>,
}

impl Section {
    fn new(heading: impl Into<String>, blocks: Vec<Block>) -> Section {
        Section {
            heading: heading.into(),
            level: 1,
            blocks,
        }
    }
}

/// What a section holds.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Plain text (a note on what a figure means, say).
    Paragraph {
        text: String,
    },
    /// Key figures: a label and its value each.
    Figures(Vec<Figure>),
    Table(Table),
    Chart(charts::Chart),
    /// A policy text (markdown), rendered sanitised.
    Policy {
        label: String,
        markdown: String,
    },
}

/// A key figure: "On-time rate" — "75.0% (3 of 4)".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
}

fn figure(label: &str, value: impl fmt::Display) -> Figure {
    Figure {
        label: label.to_string(),
        value: value.to_string(),
    }
}

/// A table of a report.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// A short name: the XLSX worksheet's.
    pub sheet: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// What to say when there are no rows.
    pub empty: String,
    /// The table a CSV of the report holds.
    pub primary: bool,
}

impl Table {
    fn new(sheet: &str, caption: impl Into<String>, columns: &[&str], empty: &str) -> Table {
        Table {
            sheet: sheet.to_string(),
            caption: caption.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            empty: empty.to_string(),
            primary: false,
        }
    }

    fn primary(mut self) -> Table {
        self.primary = true;
        self
    }

    /// For each column, whether it holds numbers (and blanks) only: aligned right.
    pub fn numeric_columns(&self) -> Vec<bool> {
        (0..self.columns.len())
            .map(|j| {
                let cells = || self.rows.iter().filter_map(|r| r.get(j));
                cells().any(Cell::is_number)
                    && cells().all(|c| c.is_number() || c.to_string().is_empty())
            })
            .collect()
    }
}

/// A table cell: text, or a number a spreadsheet can add up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A number shown with one decimal (a rate in percent, a median).
    Decimal(f64),
}

impl Cell {
    /// True for the numeric variants (right-aligned, numbers in XLSX).
    pub fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Text(t) => f.write_str(t),
            Cell::Int(n) => write!(f, "{n}"),
            Cell::Decimal(x) => write!(f, "{x:.1}"),
        }
    }
}

impl From<&str> for Cell {
    fn from(t: &str) -> Cell {
        Cell::Text(t.to_string())
    }
}

impl From<String> for Cell {
    fn from(t: String) -> Cell {
        Cell::Text(t)
    }
}

impl From<Option<String>> for Cell {
    fn from(t: Option<String>) -> Cell {
        Cell::Text(t.unwrap_or_default())
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<NaiveDate> for Cell {
    fn from(d: NaiveDate) -> Cell {
        Cell::Text(d.to_string())
    }
}

impl From<Option<NaiveDate>> for Cell {
    fn from(d: Option<NaiveDate>) -> Cell {
        Cell::Text(d.map(|d| d.to_string()).unwrap_or_default())
    }
}

/// `n` of `total` as a percentage with one decimal, `None` when `total` is 0.
pub fn percent(n: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| (n as f64) * 100.0 / (total as f64))
}

/// Parses the date part of a stored date or RFC 3339 instant.
fn stored_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

/// Builds a report from the register, as of the period.
pub fn build(conn: &Connection, kind: Kind, period: Period) -> Result<Report> {
    let sections = match kind {
        Kind::Rights => rights::sections(conn, period)?,
        Kind::Processors => processors::sections(conn, period)?,
        Kind::Authorizations => authorizations::sections(conn, period)?,
        Kind::Policy => policy_history::sections(conn, period)?,
        Kind::Pack => pack::sections(conn, period)?,
    };
    Ok(Report {
        kind,
        title: kind.title().to_string(),
        organisation: settings::get(conn, settings::ORGANISATION)?.unwrap_or_default(),
        period,
        fingerprint: Fingerprint::of(conn)?,
        contents: kind == Kind::Pack,
        sections,
    })
}

/// Renders a report in `format`. CSV and XLSX of the pack are refused.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>> {
    if !report.kind.formats().contains(&format) {
        return Err(refused_format(report.kind, format));
    }
    match format {
        Format::Html => Ok(html::render(report).into_bytes()),
        Format::Pdf => pdf::render(report),
        Format::Csv => tabular::csv(report),
        Format::Xlsx => tabular::xlsx(report),
    }
}

fn refused_format(kind: Kind, format: Format) -> Error {
    Error::Invalid(format!(
        "the {} is a document, made as html or pdf only, not {}; its tables come as csv or xlsx from the rights, processors, authorizations and policy reports",
        kind.title().to_lowercase(),
        format.name()
    ))
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ReportOutcome {
    pub kind: Kind,
    pub format: Format,
    pub period: Period,
    pub path: PathBuf,
    pub bytes: usize,
    pub sha256: String,
    pub fingerprint: Fingerprint,
}

/// Builds report `kind` for `period`, renders it in `format` and writes it to
/// `out` (whole or not at all). `progress` hears what is happening and how far
/// along it is (0–100), for a progress bar.
///
/// Refuses, before reading anything, a format the report is not made in and a
/// folder that does not exist.
pub fn generate(
    conn: &Connection,
    kind: Kind,
    period: Period,
    format: Format,
    out: &Path,
    progress: &mut dyn FnMut(&str, u8),
) -> Result<ReportOutcome> {
    if !kind.formats().contains(&format) {
        return Err(refused_format(kind, format));
    }
    check_destination(out)?;
    progress("Reading the register", 5);
    let report = build(conn, kind, period)?;
    progress(
        match format {
            Format::Pdf => "Typesetting the PDF",
            Format::Html => "Writing the HTML",
            Format::Csv | Format::Xlsx => "Writing the spreadsheet",
        },
        40,
    );
    let bytes = render(&report, format)?;
    progress("Saving the file", 90);
    crate::files::write_atomic(out, &bytes)?;
    progress("Done", 100);
    Ok(ReportOutcome {
        kind,
        format,
        period,
        path: out.to_path_buf(),
        bytes: bytes.len(),
        sha256: crate::hash::sha256_hex(&bytes),
        fingerprint: report.fingerprint,
    })
}

/// Refuses an output path whose folder does not exist or that names a folder,
/// so a long report is not typeset only to be thrown away.
fn check_destination(out: &Path) -> Result<()> {
    if out.as_os_str().is_empty() {
        return Err(Error::Invalid("--out: give the file to write".into()));
    }
    if out.is_dir() {
        return Err(Error::Invalid(format!(
            "cannot write {}: it is a folder; give a file name",
            out.display()
        )));
    }
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::Invalid(format!(
            "cannot write {}: the folder {} does not exist",
            out.display(),
            dir.display()
        )));
    }
    Ok(())
}
