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
//!
//! **Language.** A report speaks English (`en`, the default) or Traditional
//! Chinese as used in Hong Kong (`zh-HK`): every word the report itself says
//! comes from [`lang`]; the register's data stays as recorded.
//!
//! **Scale.** A register may hold a million rights requests. Reports read it
//! through SQL aggregates and the period's rows (never every row of a table),
//! and a listing in an HTML or PDF report holds at most [`DOCUMENT_ROWS`] rows,
//! then says how many more there are and which export lists them all; CSV and
//! XLSX list every row.

pub mod authorizations;
pub mod charts;
pub mod html;
pub mod lang;
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

pub use lang::Lang;

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

    /// The report's title, in English.
    pub fn title(self) -> &'static str {
        self.title_in(Lang::En)
    }

    /// The report's title in `lang`.
    pub fn title_in(self, lang: Lang) -> &'static str {
        match self {
            Kind::Rights => lang::TITLE_RIGHTS,
            Kind::Processors => lang::TITLE_PROCESSORS,
            Kind::Authorizations => lang::TITLE_AUTHORIZATIONS,
            Kind::Policy => lang::TITLE_POLICY,
            Kind::Pack => lang::TITLE_PACK,
        }
        .get(lang)
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

    /// The period as a sentence says it: "1 January 2026 to 30 June 2026",
    /// "2026年1月1日至2026年6月30日".
    pub fn text(&self, lang: Lang) -> String {
        lang::period(lang, self.from, self.to)
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
        f.write_str(&self.text(Lang::En))
    }
}

/// `2026-03` for any day of March 2026.
pub fn month_key(day: NaiveDate) -> String {
    day.format("%Y-%m").to_string()
}

/// `31 May 2026`.
pub fn long_date(day: NaiveDate) -> String {
    Lang::En.long_date(day)
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

    /// The sentence every report carries at its foot, in English.
    pub fn sentence(&self) -> String {
        self.sentence_in(Lang::En)
    }

    /// The sentence every report carries at its foot, in `lang`.
    pub fn sentence_in(&self, lang: Lang) -> String {
        lang::fingerprint_sentence(lang, self.entries, &self.hash)
    }
}

/// A report, ready to render in any format.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kind: Kind,
    /// The language of everything the report itself says.
    pub lang: Lang,
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
        format!("{} · {}", self.organisation, self.period_text())
    }

    /// The period in the report's language.
    pub fn period_text(&self) -> String {
        self.period.text(self.lang)
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
    /// Rows left out of this listing (see [`Options::max_rows`]); 0 when every
    /// row is listed.
    pub omitted: usize,
    /// Says how many rows were left out and which export lists them all;
    /// empty when none were.
    pub omitted_note: String,
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
            omitted: 0,
            omitted_note: String::new(),
        }
    }

    fn primary(mut self) -> Table {
        self.primary = true;
        self
    }

    /// Records that the listing has `total` rows of which `self.rows` are the
    /// first: the rest are counted, and a note says where they all are (the
    /// report `kind`'s CSV for its primary table, its XLSX otherwise).
    fn listed_of(&mut self, total: usize, kind: Kind, lang: Lang) {
        self.omitted = total.saturating_sub(self.rows.len());
        self.omitted_note = if self.omitted == 0 {
            String::new()
        } else {
            lang::more_rows(lang, self.omitted, kind.title_in(lang), self.primary)
        };
    }

    /// Keeps at most `opts.max_rows` rows, counting the rest.
    fn limit(&mut self, opts: &Options, kind: Kind) {
        let total = self.rows.len();
        if let Some(max) = opts.max_rows {
            self.rows.truncate(max);
        }
        self.listed_of(total, kind, opts.lang);
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

/// The most rows a listing holds in an HTML or PDF report (open requests,
/// extensions, the log book, grants and revocations…): enough to read, few
/// enough to typeset. The rest are counted, and the CSV or XLSX lists them.
pub const DOCUMENT_ROWS: usize = 500;

/// How a report is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Options {
    /// The language of everything the report itself says.
    pub lang: Lang,
    /// The most rows a listing holds; `None`: every row (CSV, XLSX).
    pub max_rows: Option<usize>,
}

impl Default for Options {
    /// English, listings cut at [`DOCUMENT_ROWS`].
    fn default() -> Options {
        Options::for_format(Lang::En, Format::Html)
    }
}

impl Options {
    /// The options for a report written as `format` in `lang`: every row in
    /// CSV and XLSX, at most [`DOCUMENT_ROWS`] per listing in HTML and PDF.
    pub fn for_format(lang: Lang, format: Format) -> Options {
        Options {
            lang,
            max_rows: match format {
                Format::Html | Format::Pdf => Some(DOCUMENT_ROWS),
                Format::Csv | Format::Xlsx => None,
            },
        }
    }

    /// `max_rows` as an SQL `LIMIT` (-1: none).
    fn sql_limit(&self) -> i64 {
        self.max_rows
            .map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// True while a listing of `listed` rows may take one more.
    fn room(&self, listed: usize) -> bool {
        self.max_rows.is_none_or(|max| listed < max)
    }
}

/// Builds a report from the register, as of the period, in English with
/// listings cut for reading ([`Options::default`]).
pub fn build(conn: &Connection, kind: Kind, period: Period) -> Result<Report> {
    build_with(conn, kind, period, &Options::default())
}

/// Builds a report from the register, as of the period, as `opts` say.
pub fn build_with(conn: &Connection, kind: Kind, period: Period, opts: &Options) -> Result<Report> {
    let sections = match kind {
        Kind::Rights => rights::sections(conn, period, opts)?,
        Kind::Processors => processors::sections(conn, period, opts)?,
        Kind::Authorizations => authorizations::sections(conn, period, opts)?,
        Kind::Policy => policy_history::sections(conn, period, opts)?,
        Kind::Pack => pack::sections(conn, period, opts)?,
    };
    Ok(Report {
        kind,
        lang: opts.lang,
        title: kind.title_in(opts.lang).to_string(),
        organisation: settings::get(conn, settings::ORGANISATION)?.unwrap_or_default(),
        period,
        fingerprint: Fingerprint::of(conn)?,
        contents: kind == Kind::Pack,
        sections,
    })
}

/// The dashboard's charts for `period`, drawn exactly as the rights and
/// authorizations reports draw them, from aggregates alone (no listing is read).
pub fn dashboard_charts(
    conn: &Connection,
    period: Period,
    lang: Lang,
) -> Result<Vec<charts::Chart>> {
    let mut out = rights::charts(conn, period, lang)?;
    out.push(authorizations::chart(conn, period, lang)?);
    Ok(out)
}

/// Renders a report in `format`. CSV and XLSX of the pack are refused, and so
/// are CSV and XLSX of a report whose listings were cut for reading.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>> {
    if !report.kind.formats().contains(&format) {
        return Err(refused_format(report.kind, format));
    }
    if matches!(format, Format::Csv | Format::Xlsx) && report.tables().any(|t| t.omitted > 0) {
        return Err(Error::Invalid(format!(
            "the {} was built for reading, with at most {DOCUMENT_ROWS} rows per list; build it with Options::for_format(lang, Format::{}) so the spreadsheet holds every row",
            report.kind.title().to_lowercase(),
            if format == Format::Csv { "Csv" } else { "Xlsx" }
        )));
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
    pub lang: Lang,
    pub period: Period,
    pub path: PathBuf,
    pub bytes: usize,
    pub sha256: String,
    pub fingerprint: Fingerprint,
}

/// Builds report `kind` for `period` in English, renders it in `format` and
/// writes it to `out`: [`generate_in`] with [`Lang::En`].
pub fn generate(
    conn: &Connection,
    kind: Kind,
    period: Period,
    format: Format,
    out: &Path,
    progress: &mut dyn FnMut(&str, u8),
) -> Result<ReportOutcome> {
    generate_in(conn, kind, period, format, Lang::En, out, progress)
}

/// Builds report `kind` for `period` in `lang`, renders it in `format` and
/// writes it to `out` (whole or not at all). HTML and PDF listings hold at most
/// [`DOCUMENT_ROWS`] rows; CSV and XLSX hold every row. `progress` hears what
/// is happening (in `lang`) and how far along it is (0–100), for a progress bar.
///
/// Refuses, before reading anything, a format the report is not made in and a
/// folder that does not exist.
pub fn generate_in(
    conn: &Connection,
    kind: Kind,
    period: Period,
    format: Format,
    lang: Lang,
    out: &Path,
    progress: &mut dyn FnMut(&str, u8),
) -> Result<ReportOutcome> {
    if !kind.formats().contains(&format) {
        return Err(refused_format(kind, format));
    }
    check_destination(out)?;
    progress(lang::STAGE_READING.get(lang), 5);
    let report = build_with(conn, kind, period, &Options::for_format(lang, format))?;
    progress(
        match format {
            Format::Pdf => lang::STAGE_PDF,
            Format::Html => lang::STAGE_HTML,
            Format::Csv | Format::Xlsx => lang::STAGE_SPREADSHEET,
        }
        .get(lang),
        40,
    );
    let bytes = render(&report, format)?;
    progress(lang::STAGE_SAVING.get(lang), 90);
    crate::files::write_atomic(out, &bytes)?;
    progress(lang::STAGE_DONE.get(lang), 100);
    Ok(ReportOutcome {
        kind,
        format,
        lang,
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
