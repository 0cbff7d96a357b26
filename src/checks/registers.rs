//! Authorizations and the scope catalog (policy §§3–4), and the audit chain itself.

use chrono::{Months, NaiveDate};
use rusqlite::Connection;

use super::{date, finding, record, thousands, Bounded, Check, Finding, Severity};
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
    // Only the active Google grants with something wrong, found in SQL: a purpose outside
    // the policy's four, or a catalogued scope whose permitted purposes lack it.
    let purposes = PURPOSES
        .iter()
        .map(|p| format!("'{}'", p.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, m.name, a.purpose, s.scope, s.purposes
         FROM authorizations a
         JOIN merchants m ON m.id = a.merchant_id
         JOIN authorization_scopes g ON g.authorization_id = a.id
         LEFT JOIN scopes s ON s.id = g.scope_id
         WHERE a.platform = 'google' AND a.revoked_at IS NULL
           AND (a.purpose NOT IN ({purposes})
                OR (s.id IS NOT NULL
                    AND (NOT json_valid(s.purposes) OR json_type(s.purposes) <> 'array'
                         OR NOT EXISTS (SELECT 1 FROM json_each(s.purposes) p
                                        WHERE p.value = a.purpose))))
         ORDER BY a.id, g.scope"
    ))?;
    let mut rows = stmt.query([])?;
    let mut found = Bounded::default();
    let mut reported_purpose = std::collections::BTreeSet::new();
    while let Some(row) = rows.next()? {
        let (id, merchant, purpose, scope, permitted): GoogleGrant = (
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
        );
        let rec = || vec![record("authorization", id, format!("{merchant} · Google"))];
        if !PURPOSES.contains(&purpose.as_str()) {
            if reported_purpose.insert(id) {
                found.push(Severity::Error, || finding(
                    Severity::Error,
                    format!("{merchant}'s Google authorization {id} serves '{purpose}', outside the policy's four uses."),
                    rec(),
                ));
            }
            continue;
        }
        if let (Some(scope), Some(permitted)) = (scope, permitted) {
            if !crate::register::json_strings(&permitted).contains(&purpose) {
                found.push(Severity::Error, || finding(
                    Severity::Error,
                    format!("{merchant}'s Google authorization {id} uses {scope}, which the catalog does not permit for '{purpose}'."),
                    rec(),
                ));
            }
        }
    }
    Ok(found.finish(|_, n| {
        format!(
            "… and {} more Google grant(s) serving a purpose the policy or the catalog does not permit.",
            thousands(n)
        )
    }))
}

fn restricted_scope_assessment(conn: &Connection, today: NaiveDate) -> Result<Vec<Finding>> {
    // From the (few) restricted Google scopes in the catalog to any active grant of each.
    let mut stmt = conn.prepare(
        "SELECT s.scope FROM scopes s
         WHERE s.platform = 'google' AND s.sensitivity = 'restricted'
           AND EXISTS (SELECT 1 FROM authorization_scopes g
                       JOIN authorizations a ON a.id = g.authorization_id
                       WHERE g.scope_id = s.id AND a.platform = 'google' AND a.revoked_at IS NULL)
         GROUP BY s.scope ORDER BY s.scope",
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
        "SELECT a.id, m.name, a.platform, g.scope FROM authorization_scopes g
         JOIN authorizations a ON a.id = g.authorization_id
         JOIN merchants m ON m.id = a.merchant_id
         WHERE g.scope_id IS NULL AND a.revoked_at IS NULL ORDER BY a.id, g.scope",
    )?;
    let mut rows = stmt.query([])?;
    let mut found = Bounded::default();
    while let Some(row) = rows.next()? {
        let (id, merchant, platform, scope): (i64, String, String, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        found.push(Severity::Warning, || finding(
            Severity::Warning,
            format!("{merchant}'s {platform} authorization {id} holds {scope}, which is not in the scope catalog."),
            vec![record("authorization", id, format!("{merchant} · {platform}"))],
        ));
    }
    Ok(found.finish(|_, n| {
        format!(
            "… and {} more active grant(s) of scopes that are not in the scope catalog.",
            thousands(n)
        )
    }))
}
