//! A report as spreadsheets, for the officers' Excel habit.
//!
//! - **CSV** holds the report's *primary* table only — a CSV file holds one
//!   table: the rights report's requests per month and type, the processors
//!   register, the authorizations' grants and revocations, the policy versions.
//!   The first row holds the column names; UTF-8 with a byte-order mark, so
//!   Excel reads accents and Chinese names right.
//! - **XLSX** holds an "About" sheet (the report, period, register fingerprint
//!   and every key figure), then one worksheet per table, named after it.
//!
//! Text that a spreadsheet could run as a formula gets a leading apostrophe
//! ([`crate::spreadsheet::neutralise`]); XLSX text cells are always string
//! cells, and numbers are numbers.
//!
//! The header row and the About sheet speak the report's language (a zh-HK
//! report has Chinese column names, as the officers read them); an English
//! report's files are what they always were.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format as CellFormat, Workbook, XlsxError};

use super::lang::{self, Lang};
use super::{Cell, Report, Table};
use crate::error::{Error, Result};
use crate::spreadsheet::neutralise;

fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => neutralise(t),
        other => other.to_string(),
    }
}

/// The report's primary table as CSV.
pub fn csv(report: &Report) -> Result<Vec<u8>> {
    let table = report.primary_table().ok_or_else(|| {
        Error::Invalid(format!(
            "the {} has no table to write as CSV",
            report.title.to_lowercase()
        ))
    })?;
    let fail = |e: csv::Error| Error::Invalid(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(table.columns.iter().map(|c| neutralise(c)))
        .map_err(fail)?;
    for row in &table.rows {
        w.write_record(row.iter().map(csv_cell)).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::Invalid(format!("cannot write CSV: {e}")))
}

/// The report as a workbook: "About", then one worksheet per table.
pub fn xlsx(report: &Report) -> Result<Vec<u8>> {
    workbook(report).map_err(|e| Error::Invalid(format!("cannot write the workbook: {e}")))
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// and unique in the workbook.
fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base: String = if clean.is_empty() {
        "Table".into()
    } else {
        clean.chars().take(31).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" {n}");
        let keep = 31 - suffix.chars().count();
        name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn workbook(report: &Report) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let to = report.period.to;
    // A fixed creation date (the period's end) keeps the same report byte-identical.
    let created = ExcelDateTime::from_ymd(
        u16::try_from(chrono::Datelike::year(&to)).unwrap_or(1900),
        chrono::Datelike::month(&to) as u8,
        chrono::Datelike::day(&to) as u8,
    )?;
    let l = report.lang;
    let title = match l {
        Lang::En => format!("{}: {}", report.title, report.period_text()),
        Lang::ZhHk => format!("{}：{}", report.title, report.period_text()),
    };
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(&report.organisation)
            .set_keywords(format!(
                "{} {}",
                lang::REGISTER_FINGERPRINT_LOWER.get(l),
                report.fingerprint.hash
            ))
            .set_creation_datetime(&created),
    );
    let bold = CellFormat::new().set_bold();
    let mut taken = Vec::new();

    let about = book.add_worksheet();
    about.set_name(sheet_name(lang::ABOUT_SHEET.get(l), &mut taken))?;
    about.set_column_width(0, 42)?;
    about.set_column_width(1, 70)?;
    let mut row = 0u32;
    let mut pair =
        |label: &str, value: &str, row: &mut u32| -> std::result::Result<(), XlsxError> {
            about.write_string_with_format(*row, 0, neutralise(label), &bold)?;
            about.write_string(*row, 1, neutralise(value))?;
            *row += 1;
            Ok(())
        };
    pair(lang::REPORT.get(l), &report.title, &mut row)?;
    pair(lang::ORGANISATION.get(l), &report.organisation, &mut row)?;
    pair(
        lang::PERIOD_FROM.get(l),
        &report.period.from.to_string(),
        &mut row,
    )?;
    pair(
        lang::PERIOD_TO.get(l),
        &report.period.to.to_string(),
        &mut row,
    )?;
    pair(
        lang::REGISTER_FINGERPRINT.get(l),
        &report.fingerprint.hash,
        &mut row,
    )?;
    pair(
        lang::AUDIT_ENTRIES.get(l),
        &report.fingerprint.entries.to_string(),
        &mut row,
    )?;
    row += 1;
    for f in report.figures() {
        pair(&f.label, &f.value, &mut row)?;
    }

    for table in report.tables() {
        let name = sheet_name(&table.sheet, &mut taken);
        write_table(book.add_worksheet(), &name, table, &bold)?;
    }
    book.save_to_buffer()
}

fn write_table(
    sheet: &mut rust_xlsxwriter::Worksheet,
    name: &str,
    table: &Table,
    bold: &CellFormat,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (j, h) in table.columns.iter().enumerate() {
        let col = u16::try_from(j).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, neutralise(h), bold)?;
        sheet.set_column_width(col, 18)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, r) in table.rows.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (j, cell) in r.iter().enumerate() {
            let col = u16::try_from(j).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(t) if t.is_empty() => {}
                // Always a string cell: never a formula, whatever the text.
                Cell::Text(t) => {
                    sheet.write_string(row, col, neutralise(t))?;
                }
                Cell::Int(n) => {
                    sheet.write_number(row, col, *n as f64)?;
                }
                Cell::Decimal(x) => {
                    sheet.write_number(row, col, (x * 10.0).round() / 10.0)?;
                }
            }
        }
    }
    Ok(())
}
