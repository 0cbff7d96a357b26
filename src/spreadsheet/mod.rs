//! Spreadsheets in and out — CSV and XLSX, the officers' Excel habit — for the
//! processors, merchants and authorizations registers. This module knows files,
//! cells and rows; each register module knows its own columns and what a row means.
//!
//! The rules, the same for every register:
//!
//! - The first row holds the column headers: the register's field names (see each
//!   register's `COLUMNS`), in any order, any case. An unknown or repeated header, or
//!   a missing required one, refuses the file. A missing optional column leaves that
//!   field as it is on records the import updates.
//! - Rows are numbered as a spreadsheet shows them: the header is row 1. Blank rows
//!   are skipped. Only the first worksheet of a workbook is read.
//! - CSV is UTF-8 with commas (a leading byte-order mark is fine; exports write one so
//!   Excel reads accents and Chinese names right). Other encodings are refused.
//! - Files over [`MAX_FILE_BYTES`] or with more than [`MAX_ROWS`] rows are refused.
//! - **Formula injection.** On export a cell that starts with `=`, `+`, `-`, `@`, a tab,
//!   a carriage return or `'` gets a leading apostrophe, so no spreadsheet runs it as a
//!   formula. On import one such apostrophe is removed again (so export → import gives
//!   back the same text), and a cell that *starts with* `=`, `+`, `-` or `@` without
//!   it, or an XLSX cell holding a formula, is refused.
//! - An import checks every row before it writes anything and reports every problem as
//!   `row N, column C: why` (the first [`MAX_REPORTED`], then how many more); a clean
//!   file is applied in one transaction.

pub mod fields;

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::files;
use fields::FieldError;

/// The largest spreadsheet an import reads: 10 MiB.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The most data rows an import takes.
pub const MAX_ROWS: usize = 100_000;
/// How many problems an import lists before it says "and K more".
pub const MAX_REPORTED: usize = 50;

/// A spreadsheet file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The format a file's name says (`.csv` or `.xlsx`).
    pub fn from_path(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(Error::Invalid(format!(
                "{}: a spreadsheet must be a .csv or .xlsx file",
                path.display()
            ))),
        }
    }

    /// `csv` or `xlsx`, as typed (any case).
    pub fn parse(text: &str) -> Result<Format> {
        match text.trim().to_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(Error::Invalid(format!(
                "--format: '{other}' is not one of csv, xlsx"
            ))),
        }
    }

    /// `csv` or `xlsx`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// A register's spreadsheet shape.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// What the rows are, in the plural: `processors`.
    pub what: &'static str,
    /// Every column, in export order.
    pub columns: &'static [&'static str],
    /// The columns a file must have.
    pub required: &'static [&'static str],
}

/// One data row of an imported sheet.
#[derive(Debug, Clone)]
pub struct SheetRow {
    /// The row number as a spreadsheet shows it (the header is row 1).
    pub number: usize,
    columns: &'static [&'static str],
    cells: Vec<Option<String>>,
}

impl SheetRow {
    /// The cell under `column`: `None` when the file has no such column, `Some("")`
    /// when the cell is empty.
    pub fn get(&self, column: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| *c == column)?;
        self.cells.get(i).and_then(|c| c.as_deref())
    }
}

/// An imported sheet: its rows, in file order, with the layout's columns.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The file, as named to the user.
    pub file: String,
    /// What the rows are (the layout's `what`).
    pub what: &'static str,
    pub format: Format,
    /// SHA-256 of the file's bytes, for the audit log.
    pub sha256: String,
    /// Which of the layout's columns the file has.
    pub present: Vec<&'static str>,
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// True when the file has `column`.
    pub fn has(&self, column: &str) -> bool {
        self.present.contains(&column)
    }
}

/// One bad cell or row in an import.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub message: String,
}

/// The problems found in an import, reported together.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    pub list: Vec<Problem>,
}

impl Problems {
    /// Notes a problem in `row`, `column`.
    pub fn push(&mut self, row: usize, column: &str, message: impl Into<String>) {
        self.list.push(Problem {
            row,
            column: column.to_string(),
            message: message.into(),
        });
    }

    /// Notes a record's field problems as problems of `row`.
    pub fn fields(&mut self, row: usize, errors: Vec<FieldError>) {
        for e in errors {
            self.push(row, &e.field, e.message);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Nothing when clean; otherwise one error listing the problems, one a line.
    pub fn check(&self, file: &str) -> Result<()> {
        if self.list.is_empty() {
            return Ok(());
        }
        let mut list = self.list.clone();
        list.sort_by_key(|p| p.row);
        let rows = {
            let mut r: Vec<usize> = list.iter().map(|p| p.row).collect();
            r.dedup();
            r.len()
        };
        let mut text = format!(
            "{file}: {} problem{} in {rows} row{}; nothing was imported. Fix the file and import it again:",
            list.len(),
            if list.len() == 1 { "" } else { "s" },
            if rows == 1 { "" } else { "s" },
        );
        for p in list.iter().take(MAX_REPORTED) {
            text.push_str(&format!(
                "\nrow {}, column {}: {}",
                p.row, p.column, p.message
            ));
        }
        if list.len() > MAX_REPORTED {
            text.push_str(&format!("\nand {} more", list.len() - MAX_REPORTED));
        }
        Err(Error::Invalid(text))
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportReport {
    /// What the rows are: `processors`, `merchants` or `authorizations`.
    pub what: String,
    pub file: String,
    pub format: Format,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl ImportReport {
    /// True when the import changed nothing (and so wrote nothing).
    pub fn no_changes(&self) -> bool {
        self.added == 0 && self.updated == 0
    }

    /// One sentence saying what the import did.
    pub fn summary(&self) -> String {
        if self.no_changes() {
            format!(
                "{}: {} {} read, no changes; nothing was written.",
                self.file, self.rows, self.what
            )
        } else {
            format!(
                "Imported {} into {}: {} added, {} updated, {} unchanged.",
                self.file, self.what, self.added, self.updated, self.unchanged
            )
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExportReport {
    pub what: String,
    pub file: String,
    pub format: Format,
    pub rows: usize,
    pub bytes: usize,
}

impl ExportReport {
    /// One sentence saying what the export wrote.
    pub fn summary(&self) -> String {
        format!(
            "Exported {} {} to {} ({}, {} bytes).",
            self.rows,
            self.what,
            self.file,
            self.format.name(),
            self.bytes
        )
    }
}

/// The characters that make a spreadsheet treat a cell as a formula.
const FORMULA_START: &[char] = &['=', '+', '-', '@'];

/// A cell as exported: text that a spreadsheet could run as a formula gets a
/// leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some(c) if FORMULA_START.contains(&c) || c == '\t' || c == '\r' || c == '\'' => {
            format!("'{cell}")
        }
        _ => cell.to_string(),
    }
}

/// A cell as imported: undoes [`neutralise`], and refuses a live formula.
fn unneutralise(cell: String) -> std::result::Result<String, String> {
    let mut chars = cell.chars();
    match (chars.next(), chars.next()) {
        (Some('\''), Some(c)) if FORMULA_START.contains(&c) || matches!(c, '\t' | '\r' | '\'') => {
            Ok(cell[1..].to_string())
        }
        (Some(c), _) if FORMULA_START.contains(&c) => Err(format!(
            "starts with '{c}', so a spreadsheet would run it as a formula; \
             if it is meant as text, put an apostrophe before it ('{c}…)"
        )),
        _ => Ok(cell),
    }
}

fn too_big(path: &Path, len: u64) -> Error {
    Error::Invalid(format!(
        "{} is {:.1} MB; a spreadsheet import may be at most {} MB — split it into smaller files",
        path.display(),
        len as f64 / 1_048_576.0,
        MAX_FILE_BYTES / 1_048_576
    ))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let io = |source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(Error::Invalid(format!("{} is not a file", path.display())));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(path, meta.len()));
    }
    std::fs::read(path).map_err(io)
}

/// A problem in one cell found while reading: (row number, 0-based column, why).
type CellProblem = (usize, usize, String);

/// A raw grid: (spreadsheet row number, cells) for each non-blank row.
type Grid = Vec<(usize, Vec<String>)>;

fn read_csv(path: &Path, bytes: &[u8]) -> Result<Grid> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::Invalid(format!(
            "{} is an Excel workbook, not CSV text; name it .xlsx",
            path.display()
        )));
    }
    // files::read_text checks size and UTF-8 with the same words as other imports.
    let text = files::read_text(path, MAX_FILE_BYTES, "spreadsheet import")?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::Invalid(format!(
                "{}: row {} is not valid CSV ({e}); save the file as CSV (comma-separated, UTF-8)",
                path.display(),
                i + 1
            ))
        })?;
        grid.push((i + 1, record.iter().map(str::to_string).collect()));
        if grid.len() > MAX_ROWS + 1 {
            return Err(too_many_rows(path));
        }
    }
    Ok(grid)
}

fn too_many_rows(path: &Path) -> Error {
    Error::Invalid(format!(
        "{} has more than {MAX_ROWS} rows; split it into smaller files",
        path.display()
    ))
}

/// An XLSX cell as text: numbers without a needless ".0", dates as YYYY-MM-DD.
fn xlsx_text(cell: &Data) -> std::result::Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::Error(e) => {
            return Err(format!(
                "holds the spreadsheet error {e}; put a value there"
            ))
        }
    })
}

/// The most an .xlsx may hold once inflated: far above a 100,000-row sheet, far
/// below what would exhaust memory.
pub const MAX_XLSX_INFLATED_BYTES: u64 = 150 * 1024 * 1024;

/// Refuses a workbook whose entries would inflate beyond [`MAX_XLSX_INFLATED_BYTES`],
/// reading only the sizes the archive declares — nothing is inflated.
fn refuse_zip_bomb(path: &Path, bytes: &[u8]) -> Result<()> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a zip at all: calamine says so in the officer's words below.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_XLSX_INFLATED_BYTES {
        return Err(Error::Invalid(format!(
            "{} would unpack to {} MB, more than the {} MB a workbook may hold; export it as CSV or split it",
            path.display(),
            total / (1024 * 1024),
            MAX_XLSX_INFLATED_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// Reads the first worksheet; formula cells become problems (row, 0-based column).
fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<(Grid, Vec<CellProblem>)> {
    let not_xlsx = |e: &dyn std::fmt::Display| {
        Error::Invalid(format!(
            "{} is not a readable Excel .xlsx workbook ({e}); save it from Excel as .xlsx, or export it as CSV",
            path.display()
        ))
    };
    refuse_zip_bomb(path, &bytes)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| not_xlsx(&e))?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(Error::Invalid(format!(
            "{} has no worksheet; the first row of the first sheet must be the column headers",
            path.display()
        )));
    };
    let range = book.worksheet_range(&name).map_err(|e| not_xlsx(&e))?;
    let mut cell_problems = Vec::new();
    if let Ok(formulas) = book.worksheet_formula(&name) {
        for (r, c, f) in formulas.used_cells() {
            if !f.is_empty() {
                let (r0, c0) = formulas.start().unwrap_or((0, 0));
                cell_problems.push((
                    r0 as usize + r + 1,
                    c0 as usize + c,
                    format!("holds a formula (={f}); replace it with its value as plain text"),
                ));
            }
        }
    }
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut grid = Grid::new();
    for (i, row) in range.rows().enumerate() {
        let number = r0 as usize + i + 1;
        // Absolute columns from A, so positions match the formula cells'.
        let mut cells = vec![String::new(); c0 as usize];
        for (j, cell) in row.iter().enumerate() {
            match xlsx_text(cell) {
                Ok(t) => cells.push(t),
                Err(why) => {
                    cell_problems.push((number, c0 as usize + j, why));
                    cells.push(String::new());
                }
            }
        }
        grid.push((number, cells));
        if grid.len() > MAX_ROWS + 1 {
            return Err(too_many_rows(path));
        }
    }
    Ok((grid, cell_problems))
}

/// Reads a spreadsheet for `layout`: checks the file and its header row (any fault
/// there is an error), then gives the rows and the problems found in their cells.
pub fn read(path: &Path, layout: &Layout) -> Result<(Sheet, Problems)> {
    let format = Format::from_path(path)?;
    let bytes = read_bytes(path)?;
    let sha256 = crate::hash::sha256_hex(&bytes);
    let (grid, cell_problems) = match format {
        Format::Csv => (read_csv(path, &bytes)?, Vec::new()),
        Format::Xlsx => read_xlsx(path, bytes)?,
    };
    let file = path.display().to_string();
    let expected = format!(
        "the first row must name the columns: {} (required: {})",
        layout.columns.join(", "),
        layout.required.join(", ")
    );
    let blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
    let mut rows = grid.into_iter().filter(|(_, cells)| !blank(cells));
    let Some((header_row, header)) = rows.next() else {
        return Err(Error::Invalid(format!("{file} is empty; {expected}")));
    };

    // Map each file column to a layout column.
    let mut mapping: Vec<Option<usize>> = Vec::with_capacity(header.len());
    let mut present: Vec<&'static str> = Vec::new();
    for (j, h) in header.iter().enumerate() {
        let name = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        if name.is_empty() {
            mapping.push(None);
            continue;
        }
        let Some(i) = layout.columns.iter().position(|c| *c == name) else {
            let hint = if header.len() == 1 && name.contains(';') {
                " (the file seems to separate columns with ';'; save it as comma-separated CSV)"
            } else {
                ""
            };
            return Err(Error::Invalid(format!(
                "{file}: row {header_row}, column {}: '{}' is not one of the {} columns{hint}; {expected}",
                j + 1,
                h.trim(),
                layout.what
            )));
        };
        if present.contains(&layout.columns[i]) {
            return Err(Error::Invalid(format!(
                "{file}: row {header_row}: the column '{name}' appears twice; keep one"
            )));
        }
        present.push(layout.columns[i]);
        mapping.push(Some(i));
    }
    let missing: Vec<&str> = layout
        .required
        .iter()
        .filter(|c| !present.contains(c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(Error::Invalid(format!(
            "{file}: the required column{} {} {} missing; {expected}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            if missing.len() == 1 { "is" } else { "are" }
        )));
    }

    let column_name = |j: usize| -> String {
        mapping
            .get(j)
            .copied()
            .flatten()
            .map(|i| layout.columns[i].to_string())
            .unwrap_or_else(|| format!("{}", j + 1))
    };
    let mut problems = Problems::default();
    for (row, col, why) in cell_problems {
        if row != header_row {
            problems.push(row, &column_name(col), why);
        }
    }
    let mut sheet_rows = Vec::new();
    for (number, cells) in rows {
        let mut out: Vec<Option<String>> = vec![None; layout.columns.len()];
        for &c in &present {
            if let Some(i) = layout.columns.iter().position(|x| *x == c) {
                out[i] = Some(String::new());
            }
        }
        for (j, cell) in cells.into_iter().enumerate() {
            match mapping.get(j).copied().flatten() {
                Some(i) => match unneutralise(cell) {
                    Ok(text) => out[i] = Some(text),
                    Err(why) => problems.push(number, layout.columns[i], why),
                },
                None if cell.trim().is_empty() => {}
                None => problems.push(
                    number,
                    &format!("{}", j + 1),
                    "has a value but no header above it; name the column or clear the cell",
                ),
            }
        }
        sheet_rows.push(SheetRow {
            number,
            columns: layout.columns,
            cells: out,
        });
    }
    if sheet_rows.is_empty() {
        return Err(Error::Invalid(format!(
            "{file} has a header row but no data rows; nothing to import"
        )));
    }
    Ok((
        Sheet {
            file,
            what: layout.what,
            format,
            sha256,
            present,
            rows: sheet_rows,
        },
        problems,
    ))
}

/// Writes `rows` under `layout`'s headers to `path` (whole or not at all), every
/// cell neutralised against formula injection.
pub fn write(
    path: &Path,
    format: Format,
    layout: &Layout,
    rows: &[Vec<String>],
) -> Result<ExportReport> {
    let bytes = match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
            let fail = |e: csv::Error| Error::Invalid(format!("cannot write CSV: {e}"));
            w.write_record(layout.columns).map_err(fail)?;
            for row in rows {
                w.write_record(row.iter().map(|c| neutralise(c)))
                    .map_err(fail)?;
            }
            w.into_inner()
                .map_err(|e| Error::Invalid(format!("cannot write CSV: {e}")))?
        }
        Format::Xlsx => xlsx_bytes(layout, rows)
            .map_err(|e| Error::Invalid(format!("cannot write the workbook: {e}")))?,
    };
    files::write_atomic(path, &bytes)?;
    Ok(ExportReport {
        what: layout.what.to_string(),
        file: path.display().to_string(),
        format,
        rows: rows.len(),
        bytes: bytes.len(),
    })
}

fn xlsx_bytes(
    layout: &Layout,
    rows: &[Vec<String>],
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as CellFormat, Workbook};
    let mut book = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(layout.what)?;
    for (j, h) in layout.columns.iter().enumerate() {
        sheet.write_string_with_format(0, j as u16, *h, &bold)?;
        sheet.set_column_width(j as u16, 18)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                // Always a string cell: never a formula, whatever the text.
                sheet.write_string(i as u32 + 1, j as u16, neutralise(cell))?;
            }
        }
    }
    book.save_to_buffer()
}

/// Notes a repeated natural key: the first row with each key is kept, later ones
/// are problems naming it.
#[derive(Debug, Default)]
pub struct SeenKeys {
    seen: std::collections::HashMap<String, usize>,
}

impl SeenKeys {
    /// Records `key` for `row`; if an earlier row had it, notes a problem.
    pub fn check(
        &mut self,
        problems: &mut Problems,
        row: usize,
        column: &str,
        key: &str,
        what: &str,
    ) {
        let key = key.to_lowercase();
        if let Some(first) = self.seen.get(&key) {
            problems.push(
                row,
                column,
                format!("repeats row {first} (the same {what}); keep one of them"),
            );
        } else {
            self.seen.insert(key, row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_round_trip_through_an_apostrophe() {
        for text in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-x",
            "@SUM(A1)",
            "'quoted",
            "plain",
            "",
        ] {
            assert_eq!(unneutralise(neutralise(text)).unwrap(), text, "{text}");
        }
        assert!(unneutralise("=1+1".into()).is_err());
        assert_eq!(unneutralise("'plain".into()).unwrap(), "'plain");
    }
}
