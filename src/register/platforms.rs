//! Platforms merchants connect (Google, Meta, Shopify, …) and the scope catalog:
//! each platform scope, its sensitivity in the platform's own terms, and the
//! purposes it may serve.

use std::path::Path;

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::db::{Change, Register};
use crate::error::{Error, Result};
use crate::spreadsheet::fields;

/// Google's platform code: its scopes carry the policy §4 and security-assessment flags.
pub const GOOGLE: &str = "google";

/// The largest scope catalog file `load_catalog` reads.
pub const MAX_CATALOG_BYTES: u64 = 2 * 1024 * 1024;

/// The uses policy §4 permits for platform data.
pub const PURPOSES: &[&str] = &[
    "analytics",
    "reporting",
    "advertising_performance_review",
    "merchant_operation_support",
];

/// A platform.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    pub code: String,
    pub name: String,
    pub category: String,
    /// Words in the privacy policy that name this platform or its kind.
    pub policy_terms: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A scope in the catalog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub platform: String,
    pub scope: String,
    pub description: String,
    pub sensitivity: String,
    pub purposes: Vec<String>,
    pub source: String,
    /// False where the classification could not be confirmed from a source.
    pub confirmed: bool,
}

/// A platform as listed, with the size of its catalog.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PlatformRow {
    pub code: String,
    pub name: String,
    pub category: String,
    pub scopes: i64,
}

/// Every platform, by name.
pub fn list(conn: &Connection) -> Result<Vec<PlatformRow>> {
    let mut stmt = conn.prepare(
        "SELECT p.code, p.name, p.category,
                (SELECT count(*) FROM scopes s WHERE s.platform = p.code)
         FROM platforms p ORDER BY p.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(PlatformRow {
            code: r.get(0)?,
            name: r.get(1)?,
            category: r.get(2)?,
            scopes: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The scope catalog, optionally for one platform.
pub fn scopes(conn: &Connection, platform: Option<&str>) -> Result<Vec<Scope>> {
    let mut stmt = conn.prepare(
        "SELECT platform, scope, description, sensitivity, purposes, source, confirmed
         FROM scopes WHERE ?1 IS NULL OR platform = ?1 ORDER BY platform, scope",
    )?;
    let rows = stmt.query_map([platform], |r| {
        let purposes: String = r.get(4)?;
        Ok(Scope {
            platform: r.get(0)?,
            scope: r.get(1)?,
            description: r.get(2)?,
            sensitivity: r.get(3)?,
            purposes: super::json_strings(&purposes),
            source: r.get(5)?,
            confirmed: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds a platform.
pub fn insert(change: &mut Change<'_>, p: &Platform) -> Result<()> {
    change.tx().execute(
        "INSERT INTO platforms (code, name, category, policy_terms, notes)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            p.code,
            p.name,
            p.category,
            json!(p.policy_terms).to_string(),
            p.notes
        ],
    )?;
    change.record("create", "platform", Some(&p.code), &json!(p))
}

/// Adds a scope to the catalog.
pub fn insert_scope(change: &mut Change<'_>, s: &Scope) -> Result<()> {
    change.tx().execute(
        "INSERT INTO scopes (platform, scope, description, sensitivity, purposes, source, confirmed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            s.platform,
            s.scope,
            s.description,
            s.sensitivity,
            json!(s.purposes).to_string(),
            s.source,
            s.confirmed
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record("create", "scope", Some(&id.to_string()), &json!(s))
}

/// A platform's code, from its code or name (any case).
pub fn find_code(conn: &Connection, text: &str) -> Result<String> {
    let t = text.trim();
    let found: Option<String> = conn
        .query_row(
            "SELECT code FROM platforms WHERE code = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE
             ORDER BY code = ?1 COLLATE NOCASE DESC LIMIT 1",
            [t],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(code) => Ok(code),
        None => {
            let codes: Vec<String> = list(conn)?.into_iter().map(|p| p.code).collect();
            Err(Error::Invalid(format!(
                "'{t}' is not a platform in the register; use one of {}",
                codes.join(", ")
            )))
        }
    }
}

/// The catalog id of `platform`'s `scope`, if the catalog has it.
pub fn scope_id(conn: &Connection, platform: &str, scope: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM scopes WHERE platform = ?1 AND scope = ?2",
            params![platform, scope],
            |r| r.get(0),
        )
        .optional()?)
}

/// A security assessment of a platform integration (Google requires one yearly for
/// restricted scopes).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Assessment {
    pub id: i64,
    pub platform: String,
    pub assessed_on: String,
    pub assessor: String,
    pub notes: Option<String>,
    pub created_at: String,
}

/// A security assessment to record.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct NewAssessment {
    /// The platform's code or name.
    pub platform: String,
    /// YYYY-MM-DD, not in the future.
    pub assessed_on: String,
    /// Who carried it out (the assessor firm or person).
    pub assessor: String,
    pub notes: Option<String>,
}

/// The date of `platform`'s latest security assessment.
pub fn last_assessment(conn: &Connection, platform: &str) -> Result<Option<NaiveDate>> {
    let last: Option<String> = conn.query_row(
        "SELECT max(assessed_on) FROM security_assessments WHERE platform = ?1",
        [platform],
        |r| r.get(0),
    )?;
    Ok(last.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

/// True when an assessment dated `last` is within twelve months of `today`.
pub fn assessment_current(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    let cutoff = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    last.is_some_and(|d| d >= cutoff)
}

/// Recorded security assessments, newest first, optionally for one platform.
pub fn assessments(conn: &Connection, platform: Option<&str>) -> Result<Vec<Assessment>> {
    let mut stmt = conn.prepare(
        "SELECT id, platform, assessed_on, assessor, notes, created_at FROM security_assessments
         WHERE ?1 IS NULL OR platform = ?1 ORDER BY assessed_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([platform], |r| {
        Ok(Assessment {
            id: r.get(0)?,
            platform: r.get(1)?,
            assessed_on: r.get(2)?,
            assessor: r.get(3)?,
            notes: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a security assessment.
pub fn record_assessment(
    change: &mut Change<'_>,
    a: &NewAssessment,
    today: NaiveDate,
) -> Result<i64> {
    let mut c = fields::Checker::default();
    let platform = c.take(
        find_code(change.tx(), &a.platform)
            .map_err(|e| fields::FieldError::new("platform", e.to_string())),
    );
    let date = c.take(
        fields::date("date", &a.assessed_on).and_then(|d| fields::not_future("date", d, today)),
    );
    let assessor = c.take(fields::text("assessor", &a.assessor, 200));
    let notes = c.take(fields::opt_notes(
        "notes",
        a.notes.as_deref().unwrap_or(""),
        4000,
    ));
    let (platform, date, assessor, notes) = c
        .finish((platform, date, assessor, notes))
        .map_err(|e| fields::into_error("security assessment", &e))?;
    let (platform, date, assessor, notes) = (
        platform.unwrap_or_default(),
        date.map(fields::iso).unwrap_or_default(),
        assessor.unwrap_or_default(),
        notes.flatten(),
    );
    change.tx().execute(
        "INSERT INTO security_assessments (platform, assessed_on, assessor, notes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![platform, date, assessor, notes, crate::time::now()],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record(
        "create",
        "security_assessment",
        Some(&id.to_string()),
        &json!({ "platform": platform, "assessed_on": date, "assessor": assessor, "notes": notes }),
    )?;
    Ok(id)
}

/// Changes to one catalog scope; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ScopeEdit {
    pub description: Option<String>,
    pub sensitivity: Option<String>,
    pub purposes: Option<Vec<String>>,
    pub source: Option<String>,
    pub confirmed: Option<bool>,
}

fn get_scope(conn: &Connection, platform: &str, scope: &str) -> Result<Option<(i64, Scope)>> {
    Ok(conn
        .query_row(
            "SELECT id, platform, scope, description, sensitivity, purposes, source, confirmed
             FROM scopes WHERE platform = ?1 AND scope = ?2",
            params![platform, scope],
            |r| {
                let purposes: String = r.get(5)?;
                Ok((
                    r.get(0)?,
                    Scope {
                        platform: r.get(1)?,
                        scope: r.get(2)?,
                        description: r.get(3)?,
                        sensitivity: r.get(4)?,
                        purposes: super::json_strings(&purposes),
                        source: r.get(6)?,
                        confirmed: r.get(7)?,
                    },
                ))
            },
        )
        .optional()?)
}

/// Checks one scope as the catalog file's rules do (see [`crate::defaults::parse_scope_catalog`]).
fn check_scope(s: &Scope) -> Result<()> {
    let classes = crate::defaults::sensitivity_classes(&s.platform);
    if !classes.contains(&s.sensitivity.as_str()) {
        return Err(Error::Invalid(format!(
            "sensitivity: '{}' is not a {} sensitivity class; use one of {}",
            s.sensitivity,
            s.platform,
            classes.join(", ")
        )));
    }
    if let Some(bad) = s.purposes.iter().find(|p| !PURPOSES.contains(&p.as_str())) {
        return Err(Error::Invalid(format!(
            "purposes: '{bad}' is not one of {}",
            PURPOSES.join(", ")
        )));
    }
    if s.description.trim().is_empty() || s.source.trim().is_empty() {
        return Err(Error::Invalid(
            "description and source are required: say what the scope grants and where its classification comes from".into(),
        ));
    }
    Ok(())
}

/// The catalog scope `edit` would produce, checked, beside the current one:
/// `(id, old, new)`. Reads only; a form can show the result before saving.
pub fn preview_scope_edit(
    conn: &Connection,
    platform: &str,
    scope: &str,
    e: &ScopeEdit,
) -> Result<(i64, Scope, Scope)> {
    let code = find_code(conn, platform)?;
    let (id, old) = get_scope(conn, &code, scope)?.ok_or_else(|| Error::NotFound {
        what: "catalog scope",
        id: format!("{code} {scope}"),
    })?;
    let mut new = old.clone();
    if let Some(d) = &e.description {
        new.description = d.trim().to_string();
    }
    if let Some(s) = &e.sensitivity {
        new.sensitivity = s.trim().to_lowercase();
    }
    if let Some(p) = &e.purposes {
        let mut list: Vec<String> = Vec::new();
        for x in p
            .iter()
            .map(|x| x.trim().to_lowercase())
            .filter(|x| !x.is_empty())
        {
            if !list.contains(&x) {
                list.push(x);
            }
        }
        new.purposes = list;
    }
    if let Some(s) = &e.source {
        new.source = s.trim().to_string();
    }
    if let Some(c) = e.confirmed {
        new.confirmed = c;
    }
    check_scope(&new)?;
    Ok((id, old, new))
}

/// Edits one catalog scope, recording the old and new value of each field changed.
/// False, recording nothing, when nothing changed.
pub fn edit_scope(
    change: &mut Change<'_>,
    platform: &str,
    scope: &str,
    e: &ScopeEdit,
) -> Result<bool> {
    let (id, old, new) = preview_scope_edit(change.tx(), platform, scope, e)?;
    if new == old {
        return Ok(false);
    }
    write_scope(change, id, &new)?;
    change.record(
        "update",
        "scope",
        Some(&id.to_string()),
        &json!({ "platform": new.platform, "scope": new.scope, "changes": fields::diff(&old, &new) }),
    )?;
    Ok(true)
}

fn write_scope(change: &Change<'_>, id: i64, s: &Scope) -> Result<()> {
    change.tx().execute(
        "UPDATE scopes SET description = ?2, sensitivity = ?3, purposes = ?4, source = ?5,
             confirmed = ?6 WHERE id = ?1",
        params![
            id,
            s.description,
            s.sensitivity,
            json!(s.purposes).to_string(),
            s.source,
            s.confirmed
        ],
    )?;
    Ok(())
}

/// Scopes to add, `(id, old, new)` scopes to change, and the unchanged and
/// not-in-file counts.
type CatalogPlan = (Vec<Scope>, Vec<(i64, Scope, Scope)>, usize, usize);

/// What loading a catalog file did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CatalogLoad {
    pub file: String,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Scopes in the register that the file does not list: kept, since grants may use them.
    pub not_in_file: usize,
    /// Granted scopes that were uncatalogued and now link to a catalog entry.
    pub relinked: usize,
}

/// Loads a newer scope catalog file (the format of `data/scope-catalog.toml`) in one
/// transaction: adds new scopes, updates changed ones (old and new values audited),
/// keeps scopes the file omits, and links granted scopes that were uncatalogued. A
/// file that changes nothing writes nothing.
pub fn load_catalog(reg: &mut Register, actor: &str, path: &Path) -> Result<CatalogLoad> {
    let text = crate::files::read_text(path, MAX_CATALOG_BYTES, "scope catalog")?;
    let file = path.display().to_string();
    let codes: Vec<String> = list(reg.conn())?.into_iter().map(|p| p.code).collect();
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let scopes =
        crate::defaults::parse_scope_catalog(&file, &text, &code_refs).map_err(|e| match e {
            Error::DataFile { file, message } => Error::Invalid(format!("{file}: {message}")),
            other => other,
        })?;
    let mut seen = std::collections::HashSet::new();
    for s in &scopes {
        if !seen.insert((s.platform.as_str(), s.scope.as_str())) {
            return Err(Error::Invalid(format!(
                "{file}: scope {} ({}) is listed twice; keep one",
                s.scope, s.platform
            )));
        }
    }
    let plan = |conn: &Connection| -> Result<CatalogPlan> {
        let (mut added, mut changed, mut unchanged) = (Vec::new(), Vec::new(), 0);
        for s in &scopes {
            match get_scope(conn, &s.platform, &s.scope)? {
                None => added.push(s.clone()),
                Some((_, old)) if old == *s => unchanged += 1,
                Some((id, old)) => changed.push((id, old, s.clone())),
            }
        }
        let total = super::count(conn, "SELECT count(*) FROM scopes")? as usize;
        let not_in_file = total - unchanged - changed.len();
        Ok((added, changed, unchanged, not_in_file))
    };
    let (added, changed, unchanged, not_in_file) = plan(reg.conn())?;
    let mut outcome = CatalogLoad {
        file: file.clone(),
        added: added.len(),
        changed: changed.len(),
        unchanged,
        not_in_file,
        relinked: 0,
    };
    if added.is_empty() && changed.is_empty() {
        return Ok(outcome);
    }
    reg.write(actor, |change| {
        let (added, changed, unchanged, not_in_file) = plan(change.tx())?;
        for s in &added {
            insert_scope(change, s)?;
        }
        for (id, old, new) in &changed {
            write_scope(change, *id, new)?;
            change.record(
                "update",
                "scope",
                Some(&id.to_string()),
                &json!({ "platform": new.platform, "scope": new.scope, "changes": fields::diff(old, new) }),
            )?;
        }
        let relinked = change.tx().execute(
            "UPDATE authorization_scopes SET scope_id = (
                 SELECT s.id FROM scopes s JOIN authorizations a ON a.platform = s.platform
                 WHERE a.id = authorization_scopes.authorization_id AND s.scope = authorization_scopes.scope)
             WHERE scope_id IS NULL AND EXISTS (
                 SELECT 1 FROM scopes s JOIN authorizations a ON a.platform = s.platform
                 WHERE a.id = authorization_scopes.authorization_id AND s.scope = authorization_scopes.scope)",
            [],
        )?;
        outcome = CatalogLoad {
            file: file.clone(),
            added: added.len(),
            changed: changed.len(),
            unchanged,
            not_in_file,
            relinked,
        };
        change.record("load", "scope_catalog", None, &json!(outcome))?;
        Ok(())
    })?;
    Ok(outcome)
}
