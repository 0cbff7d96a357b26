//! Merchants: the businesses whose platform accounts TrackTrack connects to, with
//! their contract dates (the end of a contract starts retention periods).

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Page;
use crate::db::{Change, Register};
use crate::error::{Error, Result};
use crate::register::authorizations::{self, AuthorizationDetail};
use crate::spreadsheet::fields::{self, Checker, FieldError};
use crate::spreadsheet::{self, ExportReport, Format, ImportReport, Layout, SeenKeys};

/// A merchant's status: its contract runs, or has ended (then `contract_end` says when).
pub const STATUSES: &[&str] = &["active", "ended"];

/// The spreadsheet columns, in export order. An imported row updates the merchant
/// with its `shop_domain` or, failing that, its `name` (any case); others are added.
pub const LAYOUT: Layout = Layout {
    what: "merchants",
    columns: &[
        "name",
        "shop_domain",
        "contact_email",
        "contract_start",
        "contract_end",
        "status",
        "notes",
    ],
    required: &["name"],
};

/// A merchant as listed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MerchantRow {
    pub id: i64,
    pub name: String,
    pub shop_domain: Option<String>,
    pub contact_email: Option<String>,
    pub status: String,
    pub active_authorizations: i64,
}

/// A merchant's fields, checked. Names are unique (any case), so a merchant can be
/// named on the command line by name as well as by id or shop domain.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct MerchantFields {
    pub name: String,
    /// The shop's bare domain, lowercased (`example.myshopify.com`); unique.
    pub shop_domain: Option<String>,
    pub contact_email: Option<String>,
    pub contract_start: Option<String>,
    pub contract_end: Option<String>,
    /// One of [`STATUSES`].
    pub status: String,
    pub notes: Option<String>,
}

/// A merchant with its id.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Merchant {
    pub id: i64,
    #[serde(flatten)]
    pub fields: MerchantFields,
    pub created_at: String,
}

/// A merchant with its authorizations and their scopes (the merchant page).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MerchantDetail {
    pub merchant: Merchant,
    pub authorizations: Vec<AuthorizationDetail>,
}

/// A merchant's fields as typed: `None` leaves a field as it is, an empty text
/// clears it (or resets `status` to `active`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct MerchantInput {
    pub name: Option<String>,
    pub shop_domain: Option<String>,
    pub contact_email: Option<String>,
    pub contract_start: Option<String>,
    pub contract_end: Option<String>,
    pub status: Option<String>,
    pub notes: Option<String>,
}

impl MerchantInput {
    fn from_row(row: &spreadsheet::SheetRow) -> Self {
        let get = |c: &str| row.get(c).map(str::to_string);
        MerchantInput {
            name: get("name"),
            shop_domain: get("shop_domain"),
            contact_email: get("contact_email"),
            contract_start: get("contract_start"),
            contract_end: get("contract_end"),
            status: get("status"),
            notes: get("notes"),
        }
    }

    /// Applies this input over `base` and checks the result, reporting every bad field.
    pub fn apply(&self, base: &MerchantFields) -> Result<MerchantFields, Vec<FieldError>> {
        let pick = |new: &Option<String>, old: &str| new.clone().unwrap_or_else(|| old.to_string());
        let pick_opt = |new: &Option<String>, old: &Option<String>| {
            new.clone().or_else(|| old.clone()).unwrap_or_default()
        };
        let mut c = Checker::default();
        let name = c.take(fields::text("name", &pick(&self.name, &base.name), 200));
        let shop_domain = c.take(fields::opt_domain(
            "shop_domain",
            &pick_opt(&self.shop_domain, &base.shop_domain),
        ));
        let contact_email = c.take(fields::opt_email(
            "contact_email",
            &pick_opt(&self.contact_email, &base.contact_email),
        ));
        let start = c
            .take(fields::opt_date(
                "contract_start",
                &pick_opt(&self.contract_start, &base.contract_start),
            ))
            .flatten();
        let end_raw = pick_opt(&self.contract_end, &base.contract_end);
        let end = c.take(fields::opt_date("contract_end", &end_raw)).flatten();
        let status = c.take(fields::one_of(
            "status",
            &pick(&self.status, &base.status),
            STATUSES,
            Some("active"),
        ));
        let notes = c.take(fields::opt_notes(
            "notes",
            &pick_opt(&self.notes, &base.notes),
            4000,
        ));
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                c.push(FieldError::new(
                    "contract_end",
                    format!("{e} is before contract_start {s}"),
                ));
            }
        }
        if status.as_deref() == Some("ended") && end_raw.trim().is_empty() {
            c.push(FieldError::new(
                "contract_end",
                "is required when status is ended: the date the contract ended",
            ));
        }
        c.finish(MerchantFields {
            name: name.unwrap_or_default(),
            shop_domain: shop_domain.flatten(),
            contact_email: contact_email.flatten(),
            contract_start: start.map(fields::iso),
            contract_end: end.map(fields::iso),
            status: status.unwrap_or_default(),
            notes: notes.flatten(),
        })
    }
}

/// Which merchants to list, and which page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MerchantQuery {
    /// Text found anywhere in the name, shop domain or contact email (any case for
    /// ASCII letters); `%` and `_` are plain characters.
    pub search: Option<String>,
    /// Rows a page (1..=1000, default 50).
    pub limit: u32,
    /// Rows to skip.
    pub offset: u64,
}

impl Default for MerchantQuery {
    fn default() -> Self {
        MerchantQuery {
            search: None,
            limit: super::DEFAULT_PAGE_LIMIT,
            offset: 0,
        }
    }
}

const ROW_SQL: &str = "SELECT m.id, m.name, m.shop_domain, m.contact_email, m.status,
        (SELECT count(*) FROM authorizations a
          WHERE a.merchant_id = m.id AND a.revoked_at IS NULL)
 FROM merchants m";

fn merchant_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MerchantRow> {
    Ok(MerchantRow {
        id: r.get(0)?,
        name: r.get(1)?,
        shop_domain: r.get(2)?,
        contact_email: r.get(3)?,
        status: r.get(4)?,
        active_authorizations: r.get(5)?,
    })
}

/// Every merchant, by name.
pub fn list(conn: &Connection) -> Result<Vec<MerchantRow>> {
    let mut stmt = conn.prepare(&format!("{ROW_SQL} ORDER BY m.name, m.id"))?;
    let rows = stmt.query_map([], merchant_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One page of the merchants `q` selects, by name, with how many match in all. A search
/// reads the merchants once, keeping the ids that match in name order: the count and the
/// page both come from that one pass.
pub fn page(conn: &Connection, q: &MerchantQuery) -> Result<Page<MerchantRow>> {
    super::check_limit(q.limit)?;
    let offset = super::sql_offset(q.offset);
    let Some(text) = super::clean_search(q.search.as_deref()) else {
        let total: i64 = conn.query_row("SELECT count(*) FROM merchants", [], |r| r.get(0))?;
        let mut stmt = conn.prepare(&format!(
            "{ROW_SQL} ORDER BY m.name, m.id LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = stmt
            .query_map(params![q.limit, offset], merchant_row)?
            .collect::<rusqlite::Result<_>>()?;
        return Ok(Page {
            total: u64::try_from(total).unwrap_or_default(),
            offset: q.offset,
            limit: q.limit,
            rows,
        });
    };
    // One LIKE over the three fields joined by a control character, which no search holds
    // (they become spaces), so a match never spans two fields.
    let mut stmt = conn.prepare(
        "SELECT id FROM merchants
         WHERE name || char(31) || coalesce(shop_domain, '') || char(31) || coalesce(contact_email, '')
               LIKE ?1 ESCAPE '\\'
         ORDER BY +name, id",
    )?;
    let ids: Vec<i64> = stmt
        .query_map([super::like_anywhere(&text)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let shown: Vec<i64> = ids
        .iter()
        .copied()
        .skip(usize::try_from(q.offset).unwrap_or(usize::MAX))
        .take(q.limit as usize)
        .collect();
    let mut stmt = conn.prepare(&format!(
        "{ROW_SQL} WHERE m.id IN (SELECT value FROM json_each(?1)) ORDER BY m.name, m.id"
    ))?;
    let rows = stmt
        .query_map([serde_json::Value::from(shown).to_string()], merchant_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page {
        total: ids.len() as u64,
        offset: q.offset,
        limit: q.limit,
        rows,
    })
}

const COLUMNS: &str =
    "id, name, shop_domain, contact_email, contract_start, contract_end, status, notes, created_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Merchant> {
    Ok(Merchant {
        id: r.get(0)?,
        fields: MerchantFields {
            name: r.get(1)?,
            shop_domain: r.get(2)?,
            contact_email: r.get(3)?,
            contract_start: r.get(4)?,
            contract_end: r.get(5)?,
            status: r.get(6)?,
            notes: r.get(7)?,
        },
        created_at: r.get(8)?,
    })
}

/// Every merchant with all its fields, by name.
pub fn all(conn: &Connection) -> Result<Vec<Merchant>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM merchants ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One merchant by id.
pub fn get(conn: &Connection, id: i64) -> Result<Merchant> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM merchants WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "merchant",
        id: id.to_string(),
    })
}

/// A merchant named by id, shop domain or name (any case).
pub fn find(conn: &Connection, text: &str) -> Result<Merchant> {
    let t = text.trim();
    if let Ok(id) = t.parse::<i64>() {
        if let Ok(m) = get(conn, id) {
            return Ok(m);
        }
    }
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM merchants
             WHERE shop_domain = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE
             ORDER BY shop_domain = ?1 COLLATE NOCASE DESC, id LIMIT 1"
        ),
        [t],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "merchant",
        id: t.to_string(),
    })
}

/// A merchant with its authorizations, newest first.
pub fn show(conn: &Connection, id: i64, today: chrono::NaiveDate) -> Result<MerchantDetail> {
    let merchant = get(conn, id)?;
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare(
            "SELECT id FROM authorizations WHERE merchant_id = ?1 ORDER BY granted_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let authorizations = ids
        .into_iter()
        .map(|a| authorizations::show(conn, a, today))
        .collect::<Result<_>>()?;
    Ok(MerchantDetail {
        merchant,
        authorizations,
    })
}

/// Refuses a name or shop domain another merchant already has.
fn check_unique(conn: &Connection, f: &MerchantFields, except: Option<i64>) -> Result<()> {
    let other: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, name FROM merchants WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
            params![f.name, except],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, name)) = other {
        return Err(Error::Invalid(format!(
            "name: merchant {id} is already named '{name}'; merchant names must be unique"
        )));
    }
    if let Some(domain) = &f.shop_domain {
        let other: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, name FROM merchants WHERE shop_domain = ?1 COLLATE NOCASE AND id IS NOT ?2",
                params![domain, except],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((id, name)) = other {
            return Err(Error::Invalid(format!(
                "shop_domain: {domain} is already merchant {id} ({name})'s shop"
            )));
        }
    }
    Ok(())
}

/// Adds a merchant with checked fields.
pub fn add(change: &mut Change<'_>, f: &MerchantFields) -> Result<i64> {
    check_unique(change.tx(), f, None)?;
    change.tx().execute(
        "INSERT INTO merchants (name, shop_domain, contact_email, contract_start, contract_end,
             status, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            f.name,
            f.shop_domain,
            f.contact_email,
            f.contract_start,
            f.contract_end,
            f.status,
            f.notes,
            crate::time::now()
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record("create", "merchant", Some(&id.to_string()), &json!(f))?;
    Ok(id)
}

/// Replaces a merchant's fields, recording old and new values of what changed.
/// Returns false, recording nothing, when nothing changed.
pub fn update(change: &mut Change<'_>, id: i64, f: &MerchantFields) -> Result<bool> {
    let old = get(change.tx(), id)?;
    if old.fields == *f {
        return Ok(false);
    }
    check_unique(change.tx(), f, Some(id))?;
    change.tx().execute(
        "UPDATE merchants SET name = ?2, shop_domain = ?3, contact_email = ?4,
             contract_start = ?5, contract_end = ?6, status = ?7, notes = ?8
         WHERE id = ?1",
        params![
            id,
            f.name,
            f.shop_domain,
            f.contact_email,
            f.contract_start,
            f.contract_end,
            f.status,
            f.notes
        ],
    )?;
    change.record(
        "update",
        "merchant",
        Some(&id.to_string()),
        &json!({ "name": f.name, "changes": fields::diff(&old.fields, f) }),
    )?;
    Ok(true)
}

/// Checks `input` as a new merchant and adds it.
pub fn create(change: &mut Change<'_>, input: &MerchantInput) -> Result<i64> {
    let f = input
        .apply(&MerchantFields::default())
        .map_err(|e| fields::into_error("merchant", &e))?;
    add(change, &f)
}

/// Checks `input` over merchant `id`'s fields and saves them. False when nothing changed.
pub fn edit(change: &mut Change<'_>, id: i64, input: &MerchantInput) -> Result<bool> {
    let old = get(change.tx(), id)?;
    let f = input
        .apply(&old.fields)
        .map_err(|e| fields::into_error(&format!("merchant {}", old.fields.name), &e))?;
    update(change, id, &f)
}

fn cells(f: &MerchantFields) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        f.name.clone(),
        o(&f.shop_domain),
        o(&f.contact_email),
        o(&f.contract_start),
        o(&f.contract_end),
        f.status.clone(),
        o(&f.notes),
    ]
}

/// Writes every merchant to a CSV or XLSX file with [`LAYOUT`]'s columns.
pub fn export(conn: &Connection, format: Format, path: &Path) -> Result<ExportReport> {
    let rows: Vec<Vec<String>> = all(conn)?.iter().map(|m| cells(&m.fields)).collect();
    spreadsheet::write(path, format, &LAYOUT, &rows)
}

enum Planned {
    Add(MerchantFields),
    Update(i64, MerchantFields),
}

fn plan(
    conn: &Connection,
    sheet: &spreadsheet::Sheet,
    mut problems: spreadsheet::Problems,
) -> Result<(Vec<Planned>, usize)> {
    let merchants = all(conn)?;
    let by_name: HashMap<String, &Merchant> = merchants
        .iter()
        .map(|m| (m.fields.name.to_lowercase(), m))
        .collect();
    let by_domain: HashMap<String, &Merchant> = merchants
        .iter()
        .filter_map(|m| m.fields.shop_domain.clone().map(|d| (d, m)))
        .collect();
    let (mut names, mut domains) = (SeenKeys::default(), SeenKeys::default());
    let mut planned = Vec::new();
    let mut unchanged = 0;
    for row in &sheet.rows {
        let input = MerchantInput::from_row(row);
        let name = input.name.as_deref().unwrap_or("").trim().to_lowercase();
        let domain = input
            .shop_domain
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_lowercase();
        if !name.is_empty() {
            names.check(&mut problems, row.number, "name", &name, "merchant name");
        }
        if !domain.is_empty() {
            domains.check(
                &mut problems,
                row.number,
                "shop_domain",
                &domain,
                "shop domain",
            );
        }
        let target = by_domain
            .get(&domain)
            .or_else(|| by_name.get(&name))
            .copied();
        let checked = match target {
            Some(m) => input.apply(&m.fields),
            None => input.apply(&MerchantFields::default()),
        };
        let new = match checked {
            Ok(new) => new,
            Err(e) => {
                problems.fields(row.number, e);
                continue;
            }
        };
        let target_id = target.map(|m| m.id);
        if let Some(other) = by_name.get(&new.name.to_lowercase()) {
            if Some(other.id) != target_id {
                problems.push(
                    row.number,
                    "name",
                    format!(
                        "merchant {} is already named '{}'; merchant names must be unique",
                        other.id, other.fields.name
                    ),
                );
                continue;
            }
        }
        if let Some(other) = new.shop_domain.as_ref().and_then(|d| by_domain.get(d)) {
            if Some(other.id) != target_id {
                problems.push(
                    row.number,
                    "shop_domain",
                    format!(
                        "is already merchant {} ({})'s shop",
                        other.id, other.fields.name
                    ),
                );
                continue;
            }
        }
        match target {
            Some(m) if m.fields == new => unchanged += 1,
            Some(m) => planned.push(Planned::Update(m.id, new)),
            None => planned.push(Planned::Add(new)),
        }
    }
    problems.check(&sheet.file)?;
    Ok((planned, unchanged))
}

/// Imports merchants from a CSV or XLSX file: every row checked first (all problems
/// reported, nothing written), then one transaction. A file that changes nothing
/// writes nothing.
pub fn import(reg: &mut Register, actor: &str, path: &Path) -> Result<ImportReport> {
    let (sheet, problems) = spreadsheet::read(path, &LAYOUT)?;
    let (planned, unchanged) = plan(reg.conn(), &sheet, problems.clone())?;
    let report = ImportReport {
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
    reg.write(actor, |change| {
        let (planned, unchanged) = plan(change.tx(), &sheet, problems)?;
        let mut r = ImportReport {
            unchanged,
            ..report
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
            "merchants",
            None,
            &json!({
            "file": r.file, "sha256": sheet.sha256, "format": r.format,
            "rows": r.rows, "added": r.added, "updated": r.updated, "unchanged": r.unchanged }),
        )?;
        Ok(r)
    })
}
