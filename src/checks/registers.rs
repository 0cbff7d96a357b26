//! Authorizations and the scope catalog (policy §§3–4), and the audit chain itself.

use chrono::{Months, NaiveDate};
use rusqlite::Connection;

use super::{date, finding, record, Check, Finding, Severity};
use crate::error::Result;
use crate::register::platforms::PURPOSES;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "audit.chain-intact",
            title: "The audit log's hash chain is intact",
            remedy: "Restore the register from a backup taken before the first broken entry and investigate.",
            run: chain_intact,
        },
        Check {
            id: "google.purpose-within-policy",
            title: "Google data serves only the policy's four uses (analytics, reporting, advertising performance review, merchant operation support)",
            remedy: "Correct the authorization's purpose, or revoke the scope that cannot serve it.",
            run: google_purposes,
        },
        Check {
            id: "google.restricted-scope-assessment",
            title: "Restricted Google scopes ⇒ a security assessment dated within 12 months",
            remedy: "Record the current security assessment (`workbench scopes assess`), or revoke the restricted scopes.",
            run: restricted_scope_assessment,
        },
        Check {
            id: "scopes.catalogued",
            title: "Every granted scope is in the scope catalog",
            remedy: "Add the scope to the catalog with its sensitivity and purposes, or revoke it.",
            run: uncatalogued_scopes,
        },
    ]
}

fn chain_intact(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let v = crate::audit::verify(conn)?;
    if v.ok {
        return Ok(vec![]);
    }
    let seq = v.first_broken.unwrap_or_default();
    Ok(vec![finding(
        Severity::Error,
        format!(
            "The audit chain is broken at entry {seq}: {}.",
            v.reason.unwrap_or_default()
        ),
        vec![record("audit_entry", seq, format!("entry {seq}"))],
    )])
}

/// Authorization id, merchant, purpose, granted scope and the purposes the catalog permits it.
type GoogleGrant = (i64, String, String, Option<String>, Option<String>);

fn google_purposes(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, m.name, a.purpose, s.scope, s.purposes
         FROM authorizations a
         JOIN merchants m ON m.id = a.merchant_id
         JOIN authorization_scopes g ON g.authorization_id = a.id
         LEFT JOIN scopes s ON s.id = g.scope_id
         WHERE a.platform = 'google' AND a.revoked_at IS NULL
         ORDER BY a.id, g.scope",
    )?;
    let rows: Vec<GoogleGrant> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut findings = Vec::new();
    let mut reported_purpose = std::collections::BTreeSet::new();
    for (id, merchant, purpose, scope, permitted) in rows {
        let rec = || vec![record("authorization", id, format!("{merchant} · Google"))];
        if !PURPOSES.contains(&purpose.as_str()) {
            if reported_purpose.insert(id) {
                findings.push(finding(
                    Severity::Error,
                    format!("{merchant}'s Google authorization {id} serves '{purpose}', outside the policy's four uses."),
                    rec(),
                ));
            }
            continue;
        }
        if let (Some(scope), Some(permitted)) = (scope, permitted) {
            if !crate::register::json_strings(&permitted).contains(&purpose) {
                findings.push(finding(
                    Severity::Error,
                    format!("{merchant}'s Google authorization {id} uses {scope}, which the catalog does not permit for '{purpose}'."),
                    rec(),
                ));
            }
        }
    }
    Ok(findings)
}

fn restricted_scope_assessment(conn: &Connection, today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT s.scope FROM authorizations a
         JOIN authorization_scopes g ON g.authorization_id = a.id
         JOIN scopes s ON s.id = g.scope_id
         WHERE a.platform = 'google' AND a.revoked_at IS NULL AND s.sensitivity = 'restricted'
         ORDER BY s.scope",
    )?;
    let scopes: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if scopes.is_empty() {
        return Ok(vec![]);
    }
    let latest: Option<String> = conn.query_row(
        "SELECT max(assessed_on) FROM security_assessments WHERE platform = 'google'",
        [],
        |r| r.get(0),
    )?;
    let cutoff = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let message = match latest.as_deref().and_then(date) {
        Some(d) if d >= cutoff => return Ok(vec![]),
        Some(d) => format!(
            "Restricted Google scopes are in use ({}) but the last security assessment, {d}, is more than 12 months old.",
            scopes.join(", ")
        ),
        None => format!(
            "Restricted Google scopes are in use ({}) but no security assessment is recorded.",
            scopes.join(", ")
        ),
    };
    Ok(vec![finding(
        Severity::Error,
        message,
        vec![record("platform", "google", "Google")],
    )])
}

fn uncatalogued_scopes(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, m.name, a.platform, g.scope FROM authorizations a
         JOIN merchants m ON m.id = a.merchant_id
         JOIN authorization_scopes g ON g.authorization_id = a.id
         WHERE g.scope_id IS NULL AND a.revoked_at IS NULL ORDER BY a.id, g.scope",
    )?;
    let rows = stmt.query_map([], |r| {
        let (id, merchant, platform, scope): (i64, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        Ok(finding(
            Severity::Warning,
            format!("{merchant}'s {platform} authorization {id} holds {scope}, which is not in the scope catalog."),
            vec![record("authorization", id, format!("{merchant} · {platform}"))],
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
