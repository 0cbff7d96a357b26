//! Processors: the third-party service providers that process data for Wesmond
//! under confidentiality obligations (policy §6) — who they are, what they do and
//! where, the confidentiality agreement or DPA, contract dates and the next review.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::{Change, Register};
use crate::error::{Error, Result};
use crate::spreadsheet::fields::{self, Checker, FieldError};
use crate::spreadsheet::{self, ExportReport, Format, ImportReport, Layout, SeenKeys};

/// Confidentiality status: nothing yet, being negotiated, a confidentiality
/// agreement, or a data processing agreement.
pub const CONFIDENTIALITY: &[&str] = &["none", "pending", "confidentiality_agreement", "dpa"];
/// A processor's status.
pub const STATUSES: &[&str] = &["active", "retired"];

/// The spreadsheet columns, in export order; they are the fields of [`ProcessorFields`].
/// `name` is the natural key: an imported row with an existing processor's name
/// (any case) updates it, any other row adds a processor.
pub const LAYOUT: Layout = Layout {
    what: "processors",
    columns: &[
        "name",
        "service",
        "purpose",
        "data_categories",
        "country",
        "transfer_mechanism",
        "confidentiality",
        "confidentiality_date",
        "contract_start",
        "contract_end",
        "next_review",
        "status",
        "notes",
    ],
    required: &["name"],
};

const SHORT: usize = 200;
const LONG: usize = 1000;
const NOTES: usize = 4000;

/// A processor as listed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProcessorRow {
    pub id: i64,
    pub name: String,
    pub service: String,
    pub country: String,
    pub confidentiality: String,
    pub next_review: Option<String>,
    pub status: String,
}

/// A processor's fields, checked: what a form saves and a spreadsheet row holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ProcessorFields {
    pub name: String,
    pub service: String,
    pub purpose: String,
    /// Categories of personal data it processes.
    pub data_categories: Vec<String>,
    /// Where it processes the data: an ISO 3166-1 alpha-2 code (or `EU`).
    pub country: String,
    /// How a transfer out of Hong Kong is safeguarded (e.g. contractual clauses).
    pub transfer_mechanism: Option<String>,
    /// One of [`CONFIDENTIALITY`].
    pub confidentiality: String,
    /// When the confidentiality agreement or DPA was signed (YYYY-MM-DD).
    pub confidentiality_date: Option<String>,
    pub contract_start: Option<String>,
    pub contract_end: Option<String>,
    pub next_review: Option<String>,
    /// One of [`STATUSES`].
    pub status: String,
    pub notes: Option<String>,
}

/// A processor with its id and timestamps.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Processor {
    pub id: i64,
    #[serde(flatten)]
    pub fields: ProcessorFields,
    pub created_at: String,
    pub updated_at: String,
}

/// A processor's fields as typed into a form, a command line or a spreadsheet row:
/// text, unchecked. `None` leaves a field as it is; an empty text clears an
/// optional field (or resets `confidentiality` to `none`, `status` to `active`).
/// `data_categories` is `;`-separated.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ProcessorInput {
    pub name: Option<String>,
    pub service: Option<String>,
    pub purpose: Option<String>,
    pub data_categories: Option<String>,
    pub country: Option<String>,
    pub transfer_mechanism: Option<String>,
    pub confidentiality: Option<String>,
    pub confidentiality_date: Option<String>,
    pub contract_start: Option<String>,
    pub contract_end: Option<String>,
    pub next_review: Option<String>,
    pub status: Option<String>,
    pub notes: Option<String>,
}

impl ProcessorInput {
    fn from_row(row: &spreadsheet::SheetRow) -> Self {
        let get = |c: &str| row.get(c).map(str::to_string);
        ProcessorInput {
            name: get("name"),
            service: get("service"),
            purpose: get("purpose"),
            data_categories: get("data_categories"),
            country: get("country"),
            transfer_mechanism: get("transfer_mechanism"),
            confidentiality: get("confidentiality"),
            confidentiality_date: get("confidentiality_date"),
            contract_start: get("contract_start"),
            contract_end: get("contract_end"),
            next_review: get("next_review"),
            status: get("status"),
            notes: get("notes"),
        }
    }

    /// Applies this input over `base` (an existing processor's fields, or the
    /// default for a new one) and checks the result, reporting every bad field.
    pub fn apply(&self, base: &ProcessorFields) -> Result<ProcessorFields, Vec<FieldError>> {
        let pick = |new: &Option<String>, old: &str| new.clone().unwrap_or_else(|| old.to_string());
        let pick_opt = |new: &Option<String>, old: &Option<String>| {
            new.clone().or_else(|| old.clone()).unwrap_or_default()
        };
        let mut c = Checker::default();
        let name = c.take(fields::text("name", &pick(&self.name, &base.name), SHORT));
        let service = c.take(fields::text(
            "service",
            &pick(&self.service, &base.service),
            SHORT,
        ));
        let purpose = c.take(fields::text(
            "purpose",
            &pick(&self.purpose, &base.purpose),
            LONG,
        ));
        let categories = pick(&self.data_categories, &base.data_categories.join("; "));
        let data_categories = c.take(fields::list("data_categories", &categories, SHORT));
        let country = c.take(fields::country(
            "country",
            &pick(&self.country, &base.country),
        ));
        let transfer_mechanism = c.take(fields::opt_text(
            "transfer_mechanism",
            &pick_opt(&self.transfer_mechanism, &base.transfer_mechanism),
            LONG,
        ));
        let confidentiality = c.take(fields::one_of(
            "confidentiality",
            &pick(&self.confidentiality, &base.confidentiality),
            CONFIDENTIALITY,
            Some("none"),
        ));
        let signed_raw = pick_opt(&self.confidentiality_date, &base.confidentiality_date);
        let signed = c
            .take(fields::opt_date("confidentiality_date", &signed_raw))
            .flatten();
        let mut date = |field: &str, new: &Option<String>, old: &Option<String>| {
            c.take(fields::opt_date(field, &pick_opt(new, old)))
                .flatten()
        };
        let contract_start = date("contract_start", &self.contract_start, &base.contract_start);
        let contract_end = date("contract_end", &self.contract_end, &base.contract_end);
        let next_review = date("next_review", &self.next_review, &base.next_review);
        let status = c.take(fields::one_of(
            "status",
            &pick(&self.status, &base.status),
            STATUSES,
            Some("active"),
        ));
        let notes = c.take(fields::opt_notes(
            "notes",
            &pick_opt(&self.notes, &base.notes),
            NOTES,
        ));

        if let (Some(start), Some(end)) = (contract_start, contract_end) {
            if end < start {
                c.push(FieldError::new(
                    "contract_end",
                    format!("{end} is before contract_start {start}"),
                ));
            }
        }
        if matches!(
            confidentiality.as_deref(),
            Some("confidentiality_agreement" | "dpa")
        ) && signed_raw.trim().is_empty()
        {
            c.push(FieldError::new(
                "confidentiality_date",
                "is required when confidentiality is confidentiality_agreement or dpa: the date it was signed",
            ));
        }
        c.finish(ProcessorFields {
            name: name.unwrap_or_default(),
            service: service.unwrap_or_default(),
            purpose: purpose.unwrap_or_default(),
            data_categories: data_categories.unwrap_or_default(),
            country: country.unwrap_or_default(),
            transfer_mechanism: transfer_mechanism.flatten(),
            confidentiality: confidentiality.unwrap_or_default(),
            confidentiality_date: signed.map(fields::iso),
            contract_start: contract_start.map(fields::iso),
            contract_end: contract_end.map(fields::iso),
            next_review: next_review.map(fields::iso),
            status: status.unwrap_or_default(),
            notes: notes.flatten(),
        })
    }
}

/// Every processor, active first, by name.
pub fn list(conn: &Connection) -> Result<Vec<ProcessorRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, service, country, confidentiality, next_review, status
         FROM processors ORDER BY status = 'retired', name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ProcessorRow {
            id: r.get(0)?,
            name: r.get(1)?,
            service: r.get(2)?,
            country: r.get(3)?,
            confidentiality: r.get(4)?,
            next_review: r.get(5)?,
            status: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const COLUMNS: &str = "id, name, service, purpose, data_categories, country, transfer_mechanism,
    confidentiality, confidentiality_date, contract_start, contract_end, next_review, status,
    notes, created_at, updated_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Processor> {
    let categories: String = r.get(4)?;
    Ok(Processor {
        id: r.get(0)?,
        fields: ProcessorFields {
            name: r.get(1)?,
            service: r.get(2)?,
            purpose: r.get(3)?,
            data_categories: crate::register::json_strings(&categories),
            country: r.get(5)?,
            transfer_mechanism: r.get(6)?,
            confidentiality: r.get(7)?,
            confidentiality_date: r.get(8)?,
            contract_start: r.get(9)?,
            contract_end: r.get(10)?,
            next_review: r.get(11)?,
            status: r.get(12)?,
            notes: r.get(13)?,
        },
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
    })
}

/// Every processor with all its fields, by name (what an export writes).
pub fn all(conn: &Connection) -> Result<Vec<Processor>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM processors ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One processor by id.
pub fn get(conn: &Connection, id: i64) -> Result<Processor> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM processors WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "processor",
        id: id.to_string(),
    })
}

/// The processor with this name (any case), if there is one.
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<Processor>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM processors WHERE name = ?1 COLLATE NOCASE"),
            [name.trim()],
            from_row,
        )
        .optional()?)
}

/// A processor named by id or by name (any case).
pub fn find(conn: &Connection, text: &str) -> Result<Processor> {
    if let Ok(id) = text.trim().parse::<i64>() {
        if let Ok(p) = get(conn, id) {
            return Ok(p);
        }
    }
    by_name(conn, text)?.ok_or_else(|| Error::NotFound {
        what: "processor",
        id: text.trim().to_string(),
    })
}

fn name_taken(conn: &Connection, name: &str, except: Option<i64>) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM processors WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?)
}

/// Adds a processor with checked fields; refuses a name already in use (any case).
pub fn add(change: &mut Change<'_>, f: &ProcessorFields) -> Result<i64> {
    if let Some(other) = name_taken(change.tx(), &f.name, None)? {
        return Err(Error::Invalid(format!(
            "name: a processor named '{}' already exists (id {other}); edit that one instead",
            f.name
        )));
    }
    let now = crate::time::now();
    change.tx().execute(
        "INSERT INTO processors (name, service, purpose, data_categories, country,
             transfer_mechanism, confidentiality, confidentiality_date, contract_start,
             contract_end, next_review, status, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        params![
            f.name,
            f.service,
            f.purpose,
            json!(f.data_categories).to_string(),
            f.country,
            f.transfer_mechanism,
            f.confidentiality,
            f.confidentiality_date,
            f.contract_start,
            f.contract_end,
            f.next_review,
            f.status,
            f.notes,
            now
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record("create", "processor", Some(&id.to_string()), &json!(f))?;
    Ok(id)
}

/// Replaces a processor's fields, recording the old and new value of each field
/// that changed. Returns false, and records nothing, when nothing changed.
pub fn update(change: &mut Change<'_>, id: i64, f: &ProcessorFields) -> Result<bool> {
    let old = get(change.tx(), id)?;
    if old.fields == *f {
        return Ok(false);
    }
    if let Some(other) = name_taken(change.tx(), &f.name, Some(id))? {
        return Err(Error::Invalid(format!(
            "name: another processor is already named '{}' (id {other})",
            f.name
        )));
    }
    change.tx().execute(
        "UPDATE processors SET name = ?2, service = ?3, purpose = ?4, data_categories = ?5,
             country = ?6, transfer_mechanism = ?7, confidentiality = ?8,
             confidentiality_date = ?9, contract_start = ?10, contract_end = ?11,
             next_review = ?12, status = ?13, notes = ?14, updated_at = ?15
         WHERE id = ?1",
        params![
            id,
            f.name,
            f.service,
            f.purpose,
            json!(f.data_categories).to_string(),
            f.country,
            f.transfer_mechanism,
            f.confidentiality,
            f.confidentiality_date,
            f.contract_start,
            f.contract_end,
            f.next_review,
            f.status,
            f.notes,
            crate::time::now()
        ],
    )?;
    change.record(
        "update",
        "processor",
        Some(&id.to_string()),
        &json!({ "name": f.name, "changes": fields::diff(&old.fields, f) }),
    )?;
    Ok(true)
}

/// Checks `input` over processor `id`'s fields and saves them: the edit form's and
/// `workbench processors edit`'s one call. Returns false when nothing changed.
pub fn edit(change: &mut Change<'_>, id: i64, input: &ProcessorInput) -> Result<bool> {
    let old = get(change.tx(), id)?;
    let new = input
        .apply(&old.fields)
        .map_err(|e| fields::into_error(&format!("processor {}", old.fields.name), &e))?;
    update(change, id, &new)
}

/// Checks `input` as a new processor and adds it.
pub fn create(change: &mut Change<'_>, input: &ProcessorInput) -> Result<i64> {
    let f = input
        .apply(&ProcessorFields::default())
        .map_err(|e| fields::into_error("processor", &e))?;
    add(change, &f)
}

/// Retires a processor (it no longer processes data for Wesmond), with an optional reason.
pub fn retire(change: &mut Change<'_>, id: i64, reason: Option<&str>) -> Result<()> {
    let old = get(change.tx(), id)?;
    if old.fields.status == "retired" {
        return Err(Error::Invalid(format!(
            "processor {} ({id}) is already retired",
            old.fields.name
        )));
    }
    change.tx().execute(
        "UPDATE processors SET status = 'retired', updated_at = ?2 WHERE id = ?1",
        params![id, crate::time::now()],
    )?;
    change.record(
        "retire",
        "processor",
        Some(&id.to_string()),
        &json!({ "name": old.fields.name,
                 "changes": { "status": { "old": old.fields.status, "new": "retired" } },
                 "reason": reason.map(str::trim).filter(|r| !r.is_empty()) }),
    )
}

fn cells(f: &ProcessorFields) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        f.name.clone(),
        f.service.clone(),
        f.purpose.clone(),
        f.data_categories.join("; "),
        f.country.clone(),
        o(&f.transfer_mechanism),
        f.confidentiality.clone(),
        o(&f.confidentiality_date),
        o(&f.contract_start),
        o(&f.contract_end),
        o(&f.next_review),
        f.status.clone(),
        o(&f.notes),
    ]
}

/// Writes every processor to a CSV or XLSX file with [`LAYOUT`]'s columns.
pub fn export(conn: &Connection, format: Format, path: &Path) -> Result<ExportReport> {
    let rows: Vec<Vec<String>> = all(conn)?.iter().map(|p| cells(&p.fields)).collect();
    spreadsheet::write(path, format, &LAYOUT, &rows)
}

enum Planned {
    Add(ProcessorFields),
    Update(i64, ProcessorFields),
}

/// Checks every row against the register; all problems, or the changes to make.
fn plan(
    conn: &Connection,
    sheet: &spreadsheet::Sheet,
    mut problems: spreadsheet::Problems,
) -> Result<(Vec<Planned>, usize)> {
    let mut existing = std::collections::HashMap::new();
    for p in all(conn)? {
        existing.insert(p.fields.name.to_lowercase(), p);
    }
    let mut seen = SeenKeys::default();
    let mut planned = Vec::new();
    let mut unchanged = 0;
    for row in &sheet.rows {
        let input = ProcessorInput::from_row(row);
        let key = input.name.as_deref().unwrap_or("").trim().to_lowercase();
        if !key.is_empty() {
            seen.check(&mut problems, row.number, "name", &key, "processor name");
        }
        match existing.get(&key) {
            Some(old) => match input.apply(&old.fields) {
                Ok(new) if new == old.fields => unchanged += 1,
                Ok(new) => planned.push(Planned::Update(old.id, new)),
                Err(e) => problems.fields(row.number, e),
            },
            None => match input.apply(&ProcessorFields::default()) {
                Ok(new) => planned.push(Planned::Add(new)),
                Err(e) => problems.fields(row.number, e),
            },
        }
    }
    problems.check(&sheet.file)?;
    Ok((planned, unchanged))
}

/// Imports processors from a CSV or XLSX file: checks every row first and, if any
/// is bad, reports them all and writes nothing; otherwise adds and updates in one
/// transaction (matching by name). A file that changes nothing writes nothing.
pub fn import(reg: &mut Register, actor: &str, path: &Path) -> Result<ImportReport> {
    let (sheet, problems) = spreadsheet::read(path, &LAYOUT)?;
    let (planned, unchanged) = plan(reg.conn(), &sheet, problems.clone())?;
    let mut report = ImportReport {
        what: sheet.what.to_string(),
        file: sheet.file.clone(),
        format: sheet.format,
        rows: sheet.rows.len(),
        added: 0,
        updated: 0,
        unchanged,
    };
    if planned.is_empty() {
        return Ok(report);
    }
    report = reg.write(actor, |change| {
        // Planned again inside the transaction, so nothing changed in between.
        let (planned, unchanged) = plan(change.tx(), &sheet, problems)?;
        let mut r = ImportReport {
            unchanged,
            ..report.clone()
        };
        for p in planned {
            match p {
                Planned::Add(f) => {
                    add(change, &f)?;
                    r.added += 1;
                }
                Planned::Update(id, f) => {
                    if update(change, id, &f)? {
                        r.updated += 1;
                    }
                }
            }
        }
        change.record(
            "import",
            "processors",
            None,
            &json!({
            "file": r.file, "sha256": sheet.sha256, "format": r.format,
            "rows": r.rows, "added": r.added, "updated": r.updated, "unchanged": r.unchanged }),
        )?;
        Ok(r)
    })?;
    Ok(report)
}
