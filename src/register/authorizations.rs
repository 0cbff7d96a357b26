//! Authorizations: the OAuth grants merchants gave, the scopes they approved,
//! and their revocation (policy §3), with the flags policy §4 calls for.
//!
//! A scope missing from the catalog is kept (its `scope_id` is NULL) and flagged
//! `uncatalogued`. On an active Google authorization, a scope whose catalog purposes
//! do not include the authorization's purpose is flagged `purpose_not_permitted`,
//! and a restricted scope without a Google security assessment dated within the
//! last twelve months is flagged `no_security_assessment`.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::Page;
use crate::db::{Change, Register};
use crate::error::{Error, Result};
use crate::register::merchants;
use crate::register::platforms::{self, PURPOSES};
use crate::spreadsheet::fields::{self, Checker, FieldError};
use crate::spreadsheet::{self, ExportReport, Format, ImportReport, Layout, SeenKeys};

/// How an authorization was revoked: in the platform, by an e-mail request, at the
/// end of the merchant's contract, or otherwise.
pub const REVOKE_CHANNELS: &[&str] = &["platform", "email_request", "contract_end", "other"];
/// The purpose a grant serves when none is given: TrackTrack's core service.
pub const DEFAULT_PURPOSE: &str = "merchant_operation_support";

/// The spreadsheet columns, in export order. `id` is the key: a row with an
/// existing authorization's id updates it; a row without one adds an authorization.
/// `merchant` is the merchant's name (or shop domain, or id); `platform` its code;
/// `scopes` are separated by `;`.
pub const LAYOUT: Layout = Layout {
    what: "authorizations",
    columns: &[
        "id",
        "merchant",
        "platform",
        "scopes",
        "purpose",
        "granted_at",
        "granted_by",
        "revoked_at",
        "revoked_by",
        "revoke_channel",
        "revoke_reason",
        "revoke_request_id",
    ],
    required: &["merchant", "platform", "scopes"],
};

/// Something about an authorization an officer should look at.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Flag {
    /// `uncatalogued`, `purpose_not_permitted` or `no_security_assessment`.
    pub kind: String,
    /// The scope it concerns.
    pub scope: Option<String>,
    /// One sentence saying what is wrong and what to do.
    pub message: String,
}

/// A granted scope with what the catalog says about it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct GrantedScope {
    pub scope: String,
    /// False when the scope is not in the catalog (it is kept, and flagged).
    pub catalogued: bool,
    pub sensitivity: Option<String>,
    pub purposes: Vec<String>,
    pub description: Option<String>,
}

/// An authorization as listed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuthorizationRow {
    pub id: i64,
    pub merchant: String,
    pub platform: String,
    pub scopes: Vec<String>,
    pub purpose: String,
    pub granted_at: String,
    pub revoked_at: Option<String>,
    pub merchant_id: i64,
    pub granted_by: String,
    pub revoke_channel: Option<String>,
    /// `active` or `revoked`.
    pub status: String,
    pub flags: Vec<Flag>,
}

/// An authorization's stored fields, checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuthorizationFields {
    pub merchant_id: i64,
    pub platform: String,
    /// Sorted, each once.
    pub scopes: Vec<String>,
    pub purpose: String,
    pub granted_at: String,
    pub granted_by: String,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
    pub revoke_channel: Option<String>,
    pub revoke_reason: Option<String>,
    pub revoke_request_id: Option<i64>,
}

/// An authorization in full: its scopes with their catalog entries, and its flags.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuthorizationDetail {
    pub id: i64,
    pub merchant: String,
    #[serde(flatten)]
    pub fields: AuthorizationFields,
    /// `active` or `revoked`.
    pub status: String,
    #[serde(rename = "scope_details")]
    pub granted_scopes: Vec<GrantedScope>,
    pub flags: Vec<Flag>,
}

/// An authorization's fields as typed (a grant form, a spreadsheet row): text,
/// unchecked. `None` leaves a field as it is; empty clears it. `scopes` may be
/// separated by `;`, `,` or spaces.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct AuthorizationInput {
    pub merchant: Option<String>,
    pub platform: Option<String>,
    pub scopes: Option<String>,
    pub purpose: Option<String>,
    pub granted_at: Option<String>,
    pub granted_by: Option<String>,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
    pub revoke_channel: Option<String>,
    pub revoke_reason: Option<String>,
    pub revoke_request_id: Option<String>,
}

/// Which authorizations to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ListFilter {
    /// A merchant's id, name or shop domain.
    pub merchant: Option<String>,
    /// A platform's code or name.
    pub platform: Option<String>,
    /// Only authorizations not revoked.
    pub active: bool,
}

/// A revocation: why, how, and the rights request that asked for it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Revocation {
    pub reason: String,
    /// One of [`REVOKE_CHANNELS`]; default `email_request` with a request, else `other`.
    pub channel: Option<String>,
    /// The rights request that asked for it (its id).
    pub request: Option<i64>,
    /// The date it was revoked (YYYY-MM-DD); default today.
    pub revoked_on: Option<String>,
}

/// What a grant did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Granted {
    pub id: i64,
    /// Granted scopes missing from the catalog: kept, and flagged.
    pub uncatalogued: Vec<String>,
}

fn split_scopes(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

impl AuthorizationInput {
    fn from_row(row: &spreadsheet::SheetRow) -> Self {
        let get = |c: &str| row.get(c).map(str::to_string);
        AuthorizationInput {
            merchant: get("merchant"),
            platform: get("platform"),
            scopes: get("scopes"),
            purpose: get("purpose"),
            granted_at: get("granted_at"),
            granted_by: get("granted_by"),
            revoked_at: get("revoked_at"),
            revoked_by: get("revoked_by"),
            revoke_channel: get("revoke_channel"),
            revoke_reason: get("revoke_reason"),
            revoke_request_id: get("revoke_request_id"),
        }
    }

    /// Applies this input over `base` (an existing authorization, or `None` for a new
    /// grant) and checks it against the register. `actor` fills `granted_by` and
    /// `revoked_by` when they are not given.
    pub fn apply(
        &self,
        conn: &Connection,
        base: Option<&AuthorizationFields>,
        actor: &str,
        today: NaiveDate,
    ) -> Result<AuthorizationFields, Vec<FieldError>> {
        let mut c = Checker::default();
        let db = |e: Error| FieldError::new("register", e.to_string());
        let empty = AuthorizationFields::default();
        let b = base.unwrap_or(&empty);
        let pick_opt = |new: &Option<String>, old: &Option<String>| {
            new.clone().or_else(|| old.clone()).unwrap_or_default()
        };

        let merchant = match (&self.merchant, base) {
            (Some(m), _) if !m.trim().is_empty() => match merchants::find(conn, m) {
                Ok(m) => Some(m),
                Err(Error::NotFound { .. }) => {
                    c.push(FieldError::new(
                        "merchant",
                        format!("'{}' is not a merchant in the register; add it first (workbench merchants add)", m.trim()),
                    ));
                    None
                }
                Err(e) => {
                    c.push(db(e));
                    None
                }
            },
            (_, Some(b)) => c.take(merchants::get(conn, b.merchant_id).map_err(db)),
            _ => {
                c.push(FieldError::new(
                    "merchant",
                    "is required: the merchant's name, shop domain or id",
                ));
                None
            }
        };
        if let (Some(m), Some(b)) = (&merchant, base) {
            if m.id != b.merchant_id {
                c.push(FieldError::new(
                    "merchant",
                    "differs from the authorization's merchant; a grant by another merchant is a new authorization (leave id empty)",
                ));
            }
        }
        let platform = match (&self.platform, base) {
            (Some(p), _) if !p.trim().is_empty() => c.take(
                platforms::find_code(conn, p)
                    .map_err(|e| FieldError::new("platform", e.to_string())),
            ),
            (_, Some(b)) => Some(b.platform.clone()),
            _ => {
                c.push(FieldError::new(
                    "platform",
                    "is required: a platform code such as google, meta or shopify",
                ));
                None
            }
        };
        if let (Some(p), Some(b)) = (&platform, base) {
            if *p != b.platform {
                c.push(FieldError::new(
                    "platform",
                    format!("'{p}' differs from the authorization's platform {}; a grant on another platform is a new authorization", b.platform),
                ));
            }
        }
        let scopes = match &self.scopes {
            Some(s) => split_scopes(s),
            None => b.scopes.clone(),
        };
        if scopes.is_empty() {
            c.push(FieldError::new(
                "scopes",
                "is required: the scopes the merchant approved, separated by ';'",
            ));
        }
        for s in &scopes {
            if s.chars().count() > 500 || s.chars().any(char::is_control) {
                c.push(FieldError::new(
                    "scopes",
                    format!("'{s}' is not a scope name"),
                ));
            }
        }
        let purpose = c.take(fields::one_of(
            "purpose",
            &pick_opt(
                &self.purpose,
                &Some(b.purpose.clone()).filter(|p| !p.is_empty()),
            ),
            PURPOSES,
            Some(DEFAULT_PURPOSE),
        ));
        let granted_raw = pick_opt(
            &self.granted_at,
            &Some(b.granted_at.clone()).filter(|g| !g.is_empty()),
        );
        let granted_at = if granted_raw.trim().is_empty() {
            Some(today)
        } else {
            c.take(
                fields::date("granted_at", &granted_raw)
                    .and_then(|d| fields::not_future("granted_at", d, today)),
            )
        };
        let granted_by = c
            .take(fields::opt_text(
                "granted_by",
                &pick_opt(&self.granted_by, &Some(b.granted_by.clone())),
                200,
            ))
            .flatten()
            .unwrap_or_else(|| actor.to_string());

        let revoked_at = c
            .take(fields::opt_date(
                "revoked_at",
                &pick_opt(&self.revoked_at, &b.revoked_at),
            ))
            .flatten();
        let revoked_by = c
            .take(fields::opt_text(
                "revoked_by",
                &pick_opt(&self.revoked_by, &b.revoked_by),
                200,
            ))
            .flatten();
        let request_raw = match &self.revoke_request_id {
            Some(r) => r.trim().to_string(),
            None => b
                .revoke_request_id
                .map(|r| r.to_string())
                .unwrap_or_default(),
        };
        let request = if request_raw.is_empty() {
            None
        } else {
            match request_raw.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    c.push(FieldError::new(
                        "revoke_request_id",
                        format!("'{request_raw}' is not a rights request id (a whole number)"),
                    ));
                    None
                }
            }
        };
        let channel_raw = pick_opt(&self.revoke_channel, &b.revoke_channel);
        let reason = c
            .take(fields::opt_notes(
                "revoke_reason",
                &pick_opt(&self.revoke_reason, &b.revoke_reason),
                2000,
            ))
            .flatten();

        let (mut revoke_channel, mut revoked_by_final) = (None, None);
        if let Some(revoked) = revoked_at {
            if let Some(g) = granted_at {
                if revoked < g {
                    c.push(FieldError::new(
                        "revoked_at",
                        format!("{revoked} is before granted_at {g}"),
                    ));
                }
            }
            let _ = c.take(fields::not_future("revoked_at", revoked, today));
            let default = if request.is_some() {
                "email_request"
            } else {
                "other"
            };
            revoke_channel = c.take(fields::one_of(
                "revoke_channel",
                &channel_raw,
                REVOKE_CHANNELS,
                Some(default),
            ));
            if reason.is_none() {
                c.push(FieldError::new(
                    "revoke_reason",
                    "is required with revoked_at: why access was withdrawn",
                ));
            }
            revoked_by_final = Some(revoked_by.unwrap_or_else(|| actor.to_string()));
        } else {
            if let Some(b) = base.filter(|b| b.revoked_at.is_some()) {
                c.push(FieldError::new(
                    "revoked_at",
                    format!(
                        "authorization was revoked on {}; a revoked authorization is never restored — grant a new one",
                        b.revoked_at.as_deref().unwrap_or("")
                    ),
                ));
            }
            for (field, set) in [
                ("revoke_channel", !channel_raw.trim().is_empty()),
                ("revoke_reason", reason.is_some()),
                ("revoke_request_id", request.is_some()),
                ("revoked_by", revoked_by.is_some()),
            ] {
                if set {
                    c.push(FieldError::new(
                        field,
                        "is set but revoked_at is empty; give the date it was revoked",
                    ));
                }
            }
        }
        if let (Some(req), Some(m)) = (request, &merchant) {
            match request_merchant(conn, req) {
                Ok(None) => c.push(FieldError::new(
                    "revoke_request_id",
                    format!("rights request {req} does not exist"),
                )),
                Ok(Some(Some(other))) if other != m.id => c.push(FieldError::new(
                    "revoke_request_id",
                    format!(
                        "rights request {req} concerns merchant {other}, not {} ({})",
                        m.fields.name, m.id
                    ),
                )),
                Ok(_) => {}
                Err(e) => c.push(db(e)),
            }
        }
        if let Some(m) = &merchant {
            if base.is_none() && revoked_at.is_none() && m.fields.status == "ended" {
                c.push(FieldError::new(
                    "merchant",
                    format!(
                        "{}'s contract ended{}; a new grant needs an active merchant",
                        m.fields.name,
                        m.fields
                            .contract_end
                            .as_deref()
                            .map(|d| format!(" on {d}"))
                            .unwrap_or_default()
                    ),
                ));
            }
        }
        c.finish(AuthorizationFields {
            merchant_id: merchant.map(|m| m.id).unwrap_or_default(),
            platform: platform.unwrap_or_default(),
            scopes,
            purpose: purpose.unwrap_or_default(),
            granted_at: granted_at.map(fields::iso).unwrap_or_default(),
            granted_by,
            revoked_at: revoked_at.map(fields::iso),
            revoked_by: revoked_by_final,
            revoke_channel,
            revoke_reason: reason.filter(|_| revoked_at.is_some()),
            revoke_request_id: request,
        })
    }
}

/// `None` when the request does not exist; otherwise its merchant, if it names one.
fn request_merchant(conn: &Connection, id: i64) -> Result<Option<Option<i64>>> {
    Ok(conn
        .query_row(
            "SELECT merchant_id FROM rights_requests WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

fn stored(conn: &Connection, id: i64) -> Result<(String, AuthorizationFields)> {
    let found = conn
        .query_row(
            "SELECT m.name, a.merchant_id, a.platform, a.purpose, a.granted_at, a.granted_by,
                    a.revoked_at, a.revoked_by, a.revoke_channel, a.revoke_reason, a.revoke_request_id
             FROM authorizations a JOIN merchants m ON m.id = a.merchant_id WHERE a.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    AuthorizationFields {
                        merchant_id: r.get(1)?,
                        platform: r.get(2)?,
                        scopes: Vec::new(),
                        purpose: r.get(3)?,
                        granted_at: r.get(4)?,
                        granted_by: r.get(5)?,
                        revoked_at: r.get(6)?,
                        revoked_by: r.get(7)?,
                        revoke_channel: r.get(8)?,
                        revoke_reason: r.get(9)?,
                        revoke_request_id: r.get(10)?,
                    },
                ))
            },
        )
        .optional()?;
    let (merchant, mut f) = found.ok_or_else(|| Error::NotFound {
        what: "authorization",
        id: id.to_string(),
    })?;
    let mut stmt = conn.prepare(
        "SELECT scope FROM authorization_scopes WHERE authorization_id = ?1 ORDER BY scope",
    )?;
    f.scopes = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((merchant, f))
}

/// One authorization in full, with its flags as of `today`.
pub fn show(conn: &Connection, id: i64, today: NaiveDate) -> Result<AuthorizationDetail> {
    let assessed = platforms::last_assessment(conn, platforms::GOOGLE)?;
    detail(conn, id, assessed, today)
}

/// [`show`], given the date of the last Google security assessment.
fn detail(
    conn: &Connection,
    id: i64,
    assessed: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<AuthorizationDetail> {
    let (merchant, fields) = stored(conn, id)?;
    let mut stmt = conn.prepare(
        "SELECT g.scope, s.id IS NOT NULL, s.sensitivity, s.purposes, s.description
         FROM authorization_scopes g LEFT JOIN scopes s ON s.id = g.scope_id
         WHERE g.authorization_id = ?1 ORDER BY g.scope",
    )?;
    let granted_scopes: Vec<GrantedScope> = stmt
        .query_map([id], |r| {
            let purposes: Option<String> = r.get(3)?;
            Ok(GrantedScope {
                scope: r.get(0)?,
                catalogued: r.get(1)?,
                sensitivity: r.get(2)?,
                purposes: purposes
                    .map(|p| crate::register::json_strings(&p))
                    .unwrap_or_default(),
                description: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let active = fields.revoked_at.is_none();
    let flags = flags(&fields, &granted_scopes, active, assessed, today);
    Ok(AuthorizationDetail {
        id,
        merchant,
        status: if active { "active" } else { "revoked" }.into(),
        fields,
        granted_scopes,
        flags,
    })
}

fn flags(
    f: &AuthorizationFields,
    scopes: &[GrantedScope],
    active: bool,
    assessed: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<Flag> {
    let mut out = Vec::new();
    let google = f.platform == platforms::GOOGLE;
    for s in scopes {
        let flag = |kind: &str, message: String| Flag {
            kind: kind.into(),
            scope: Some(s.scope.clone()),
            message,
        };
        if !s.catalogued {
            out.push(flag(
                "uncatalogued",
                format!("{} is not in the {} scope catalog; add it to the catalog (workbench scopes load) so its sensitivity and purposes are known", s.scope, f.platform),
            ));
            continue;
        }
        if !(active && google) {
            continue;
        }
        if !s.purposes.contains(&f.purpose) {
            out.push(flag(
                "purpose_not_permitted",
                format!(
                    "{} may serve {} under the catalog, not '{}' (policy §4); change the purpose or the scope",
                    s.scope,
                    if s.purposes.is_empty() { "nothing".into() } else { s.purposes.join(", ") },
                    f.purpose
                ),
            ));
        }
        if s.sensitivity.as_deref() == Some("restricted")
            && !platforms::assessment_current(assessed, today)
        {
            out.push(flag(
                "no_security_assessment",
                match assessed {
                    Some(d) => format!("{} is a restricted Google scope and the last security assessment ({d}) is more than 12 months old; record a new one (workbench scopes assess)", s.scope),
                    None => format!("{} is a restricted Google scope and no security assessment is recorded; record one (workbench scopes assess)", s.scope),
                },
            ));
        }
    }
    out
}

/// Which authorizations to list, and which page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorizationQuery {
    /// A merchant's id, name or shop domain.
    pub merchant: Option<String>,
    /// A platform's code or name.
    pub platform: Option<String>,
    /// Only authorizations not revoked.
    pub active: bool,
    /// Rows a page (1..=1000, default 50).
    pub limit: u32,
    /// Rows to skip.
    pub offset: u64,
}

impl Default for AuthorizationQuery {
    fn default() -> Self {
        AuthorizationQuery {
            merchant: None,
            platform: None,
            active: false,
            limit: super::DEFAULT_PAGE_LIMIT,
            offset: 0,
        }
    }
}

/// Every authorization, newest grant first, with flags as of today.
pub fn list(conn: &Connection) -> Result<Vec<AuthorizationRow>> {
    list_filtered(conn, &ListFilter::default(), crate::time::today())
}

/// The merchant and platform a filter names, resolved (`NotFound` when either is unknown).
fn resolve(
    conn: &Connection,
    merchant: Option<&str>,
    platform: Option<&str>,
) -> Result<(Option<i64>, Option<String>)> {
    let merchant = match merchant.map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => Some(merchants::find(conn, m)?.id),
        None => None,
    };
    let platform = match platform.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(platforms::find_code(conn, p)?),
        None => None,
    };
    Ok((merchant, platform))
}

/// The WHERE clause and parameters of a filter: only the conditions it sets, so that
/// SQLite picks the index that serves them (schema 4).
fn filter_sql(
    (merchant, platform): &(Option<i64>, Option<String>),
    active: bool,
) -> (String, Vec<SqlValue>) {
    let mut terms = Vec::new();
    let mut values = Vec::new();
    if let Some(m) = merchant {
        values.push(SqlValue::Integer(*m));
        terms.push(format!("merchant_id = ?{}", values.len()));
    }
    if let Some(p) = platform {
        values.push(SqlValue::Text(p.clone()));
        terms.push(format!("platform = ?{}", values.len()));
    }
    if active {
        terms.push("revoked_at IS NULL".to_string());
    }
    let clause = if terms.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", terms.join(" AND "))
    };
    (clause, values)
}

/// How many authorizations a filter selects.
fn count_matching(
    conn: &Connection,
    named: &(Option<i64>, Option<String>),
    active: bool,
) -> Result<i64> {
    let (clause, values) = filter_sql(named, active);
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM authorizations {clause}"),
        params_from_iter(&values),
        |r| r.get(0),
    )?)
}

/// The ids of the authorizations a filter selects, newest grant first, from `offset`
/// (at most `limit`; -1 for all).
fn ids(
    conn: &Connection,
    named: &(Option<i64>, Option<String>),
    active: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<i64>> {
    let (clause, mut values) = filter_sql(named, active);
    values.push(SqlValue::Integer(limit));
    values.push(SqlValue::Integer(offset));
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM authorizations {clause}
         ORDER BY granted_at DESC, id DESC LIMIT ?{} OFFSET ?{}",
        values.len() - 1,
        values.len()
    ))?;
    let ids = stmt
        .query_map(params_from_iter(&values), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The listed form of each authorization, with flags as of `today`.
fn rows(conn: &Connection, ids: Vec<i64>, today: NaiveDate) -> Result<Vec<AuthorizationRow>> {
    let assessed = platforms::last_assessment(conn, platforms::GOOGLE)?;
    ids.into_iter()
        .map(|id| {
            let d = detail(conn, id, assessed, today)?;
            Ok(AuthorizationRow {
                id,
                merchant: d.merchant,
                platform: d.fields.platform,
                scopes: d.fields.scopes,
                purpose: d.fields.purpose,
                granted_at: d.fields.granted_at,
                revoked_at: d.fields.revoked_at,
                merchant_id: d.fields.merchant_id,
                granted_by: d.fields.granted_by,
                revoke_channel: d.fields.revoke_channel,
                status: d.status,
                flags: d.flags,
            })
        })
        .collect()
}

/// The authorizations `filter` selects, newest grant first, with flags as of `today`:
/// every one of them, for the CLI's plain list. Screens use [`page`].
pub fn list_filtered(
    conn: &Connection,
    filter: &ListFilter,
    today: NaiveDate,
) -> Result<Vec<AuthorizationRow>> {
    let named = resolve(conn, filter.merchant.as_deref(), filter.platform.as_deref())?;
    let ids = ids(conn, &named, filter.active, -1, 0)?;
    rows(conn, ids, today)
}

/// One page of the authorizations `q` selects, newest grant first, with flags as of
/// `today` and how many match in all.
pub fn page(
    conn: &Connection,
    q: &AuthorizationQuery,
    today: NaiveDate,
) -> Result<Page<AuthorizationRow>> {
    super::check_limit(q.limit)?;
    let named = resolve(conn, q.merchant.as_deref(), q.platform.as_deref())?;
    let total = count_matching(conn, &named, q.active)?;
    let ids = ids(
        conn,
        &named,
        q.active,
        i64::from(q.limit),
        super::sql_offset(q.offset),
    )?;
    Ok(Page {
        total: u64::try_from(total).unwrap_or_default(),
        offset: q.offset,
        limit: q.limit,
        rows: rows(conn, ids, today)?,
    })
}

fn write_scopes(change: &Change<'_>, id: i64, f: &AuthorizationFields) -> Result<Vec<String>> {
    change.tx().execute(
        "DELETE FROM authorization_scopes WHERE authorization_id = ?1",
        [id],
    )?;
    let mut uncatalogued = Vec::new();
    for s in &f.scopes {
        let scope_id = platforms::scope_id(change.tx(), &f.platform, s)?;
        if scope_id.is_none() {
            uncatalogued.push(s.clone());
        }
        change.tx().execute(
            "INSERT INTO authorization_scopes (authorization_id, scope, scope_id) VALUES (?1, ?2, ?3)",
            params![id, s, scope_id],
        )?;
    }
    Ok(uncatalogued)
}

/// Adds an authorization with checked fields (revoked already, if `revoked_at` is set).
pub fn insert(change: &mut Change<'_>, f: &AuthorizationFields) -> Result<Granted> {
    change.tx().execute(
        "INSERT INTO authorizations (merchant_id, platform, purpose, granted_at, granted_by,
             revoked_at, revoked_by, revoke_channel, revoke_reason, revoke_request_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            f.merchant_id,
            f.platform,
            f.purpose,
            f.granted_at,
            f.granted_by,
            f.revoked_at,
            f.revoked_by,
            f.revoke_channel,
            f.revoke_reason,
            f.revoke_request_id
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    let uncatalogued = write_scopes(change, id, f)?;
    change.record(
        "grant",
        "authorization",
        Some(&id.to_string()),
        &json!({ "authorization": f, "uncatalogued": uncatalogued }),
    )?;
    Ok(Granted { id, uncatalogued })
}

/// Replaces an authorization's fields, recording old and new values of what
/// changed (action `revoke` when this revokes it). False, recording nothing, when
/// nothing changed.
pub fn update(change: &mut Change<'_>, id: i64, f: &AuthorizationFields) -> Result<bool> {
    let (_, old) = stored(change.tx(), id)?;
    if old == *f {
        return Ok(false);
    }
    change.tx().execute(
        "UPDATE authorizations SET purpose = ?2, granted_at = ?3, granted_by = ?4,
             revoked_at = ?5, revoked_by = ?6, revoke_channel = ?7, revoke_reason = ?8,
             revoke_request_id = ?9
         WHERE id = ?1",
        params![
            id,
            f.purpose,
            f.granted_at,
            f.granted_by,
            f.revoked_at,
            f.revoked_by,
            f.revoke_channel,
            f.revoke_reason,
            f.revoke_request_id
        ],
    )?;
    if old.scopes != f.scopes {
        write_scopes(change, id, f)?;
    }
    let action = if old.revoked_at.is_none() && f.revoked_at.is_some() {
        "revoke"
    } else {
        "update"
    };
    change.record(
        action,
        "authorization",
        Some(&id.to_string()),
        &json!({ "merchant_id": f.merchant_id, "platform": f.platform,
                 "changes": fields::diff(&old, f) }),
    )?;
    Ok(true)
}

/// Records a grant: the merchant, platform and scopes it approved (scopes missing
/// from the catalog are kept and reported), when, and for what purpose.
pub fn grant(
    change: &mut Change<'_>,
    input: &AuthorizationInput,
    today: NaiveDate,
) -> Result<Granted> {
    let mut input = input.clone();
    input.revoked_at = None;
    let actor = change.actor().to_string();
    let f = input
        .apply(change.tx(), None, &actor, today)
        .map_err(|e| fields::into_error("grant", &e))?;
    insert(change, &f)
}

/// Revokes authorization `id` in one action: when, why, through which channel, and
/// the rights request that asked for it (which must exist and concern the same merchant).
pub fn revoke(change: &mut Change<'_>, id: i64, r: &Revocation, today: NaiveDate) -> Result<()> {
    let (merchant, old) = stored(change.tx(), id)?;
    if let Some(at) = &old.revoked_at {
        return Err(Error::Invalid(format!(
            "authorization {id} ({merchant}, {}) was already revoked on {at}",
            old.platform
        )));
    }
    if r.reason.trim().is_empty() {
        return Err(Error::Invalid(
            "reason: say why the authorization is revoked".into(),
        ));
    }
    let input = AuthorizationInput {
        revoked_at: Some(r.revoked_on.clone().unwrap_or_else(|| fields::iso(today))),
        revoke_channel: r.channel.clone(),
        revoke_reason: Some(r.reason.clone()),
        revoke_request_id: r.request.map(|q| q.to_string()),
        ..Default::default()
    };
    let actor = change.actor().to_string();
    let f = input
        .apply(change.tx(), Some(&old), &actor, today)
        .map_err(|e| fields::into_error(&format!("revoke authorization {id}"), &e))?;
    update(change, id, &f)?;
    Ok(())
}

fn cells(conn: &Connection) -> Result<Vec<Vec<String>>> {
    let names: HashMap<i64, String> = merchants::all(conn)?
        .into_iter()
        .map(|m| (m.id, m.fields.name))
        .collect();
    let mut stmt = conn.prepare("SELECT id FROM authorizations ORDER BY id")?;
    let ids: Vec<i64> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    ids.into_iter()
        .map(|id| {
            let (_, f) = stored(conn, id)?;
            Ok(vec![
                id.to_string(),
                names.get(&f.merchant_id).cloned().unwrap_or_default(),
                f.platform.clone(),
                f.scopes.join("; "),
                f.purpose.clone(),
                f.granted_at.clone(),
                f.granted_by.clone(),
                o(&f.revoked_at),
                o(&f.revoked_by),
                o(&f.revoke_channel),
                o(&f.revoke_reason),
                f.revoke_request_id
                    .map(|r| r.to_string())
                    .unwrap_or_default(),
            ])
        })
        .collect()
}

/// Writes every authorization to a CSV or XLSX file with [`LAYOUT`]'s columns.
pub fn export(conn: &Connection, format: Format, path: &Path) -> Result<ExportReport> {
    spreadsheet::write(path, format, &LAYOUT, &cells(conn)?)
}

enum Planned {
    Add(AuthorizationFields),
    Update(i64, AuthorizationFields),
}

fn plan(
    conn: &Connection,
    sheet: &spreadsheet::Sheet,
    mut problems: spreadsheet::Problems,
    actor: &str,
    today: NaiveDate,
) -> Result<(Vec<Planned>, usize)> {
    let mut ids = SeenKeys::default();
    let mut new_rows = SeenKeys::default();
    // Grants already in the register, to catch a file without ids imported twice.
    let mut known: HashSet<(i64, String, String, Vec<String>)> = HashSet::new();
    let mut stmt = conn.prepare("SELECT id FROM authorizations")?;
    let all: Vec<i64> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_id = HashMap::new();
    for id in all {
        let (_, f) = stored(conn, id)?;
        known.insert((
            f.merchant_id,
            f.platform.clone(),
            f.granted_at.clone(),
            f.scopes.clone(),
        ));
        by_id.insert(id, f);
    }
    let mut planned = Vec::new();
    let mut unchanged = 0;
    for row in &sheet.rows {
        let input = AuthorizationInput::from_row(row);
        let id_text = row.get("id").unwrap_or("").trim();
        if id_text.is_empty() {
            match input.apply(conn, None, actor, today) {
                Ok(f) => {
                    let key = format!(
                        "{}|{}|{}|{}",
                        f.merchant_id,
                        f.platform,
                        f.granted_at,
                        f.scopes.join(" ")
                    );
                    new_rows.check(
                        &mut problems,
                        row.number,
                        "scopes",
                        &key,
                        "merchant, platform, grant date and scopes",
                    );
                    if known.contains(&(
                        f.merchant_id,
                        f.platform.clone(),
                        f.granted_at.clone(),
                        f.scopes.clone(),
                    )) {
                        problems.push(row.number, "id", "is empty but the register already holds this grant (same merchant, platform, date and scopes); put its id here to update it, or remove the row");
                    } else {
                        planned.push(Planned::Add(f));
                    }
                }
                Err(e) => problems.fields(row.number, e),
            }
            continue;
        }
        let Ok(id) = id_text.parse::<i64>() else {
            problems.push(
                row.number,
                "id",
                format!("'{id_text}' is not an authorization id (a whole number)"),
            );
            continue;
        };
        ids.check(
            &mut problems,
            row.number,
            "id",
            &id.to_string(),
            "authorization id",
        );
        let Some(old) = by_id.get(&id) else {
            problems.push(row.number, "id", format!("authorization {id} is not in the register; leave id empty to add a new authorization"));
            continue;
        };
        match input.apply(conn, Some(old), actor, today) {
            Ok(f) if f == *old => unchanged += 1,
            Ok(f) => planned.push(Planned::Update(id, f)),
            Err(e) => problems.fields(row.number, e),
        }
    }
    problems.check(&sheet.file)?;
    Ok((planned, unchanged))
}

/// Imports authorizations from a CSV or XLSX file: rows with an existing id update
/// that authorization (a revocation date revokes it), rows without an id add one.
/// Every row is checked first; any problem means nothing is written.
pub fn import(
    reg: &mut Register,
    actor: &str,
    path: &Path,
    today: NaiveDate,
) -> Result<ImportReport> {
    let (sheet, problems) = spreadsheet::read(path, &LAYOUT)?;
    let (planned, unchanged) = plan(reg.conn(), &sheet, problems.clone(), actor, today)?;
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
        let (planned, unchanged) = plan(change.tx(), &sheet, problems, actor, today)?;
        let mut r = ImportReport {
            unchanged,
            ..report
        };
        for p in planned {
            match p {
                Planned::Add(f) => {
                    insert(change, &f)?;
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
            "authorizations",
            None,
            &json!({
            "file": r.file, "sha256": sheet.sha256, "format": r.format,
            "rows": r.rows, "added": r.added, "updated": r.updated, "unchanged": r.unchanged }),
        )?;
        Ok(r)
    })
}
