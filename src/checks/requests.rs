//! Rights requests (policy §8): answered on time, and closed with what closing needs.
//!
//! Each check reads only the requests it is about, through schema 4's indexes, in one
//! pass: it lists the first [`LISTED`](super::LISTED) findings and counts the rest.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{date, finding, record, thousands, Bounded, Check, Finding, Severity};
use crate::error::Result;

/// Days before a due date when an open request starts to warn.
pub const WARN_DAYS: i64 = 7;

/// Open requests, word for word as the `rights_requests_open` index says.
const OPEN: &str = "status NOT IN ('completed', 'refused', 'withdrawn')";

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "requests.on-time",
            title: "No open rights request is past its due date (warning 7 days before)",
            remedy: "Answer the request, or record an extension with its reasons where the law allows one.",
            run: on_time,
        },
        Check {
            id: "requests.triaged",
            title: "Every open request has a type",
            remedy: "Classify the request (access, correction, deletion, withdraw authorization).",
            run: triaged,
        },
        Check {
            id: "requests.withdrawal-revokes",
            title: "A completed withdraw-authorization request ⇒ the merchant's authorizations are revoked",
            remedy: "Revoke the merchant's remaining authorizations, linking the request.",
            run: withdrawal_revokes,
        },
        Check {
            id: "requests.deletion-evidence",
            title: "A completed deletion request ⇒ evidence of the deletion is recorded",
            remedy: "Record the evidence of deletion (what was deleted, where, when).",
            run: deletion_evidence,
        },
    ]
}

fn label(id: i64, email: &Option<String>) -> String {
    match email {
        Some(e) => format!("request {id} ({e})"),
        None => format!("request {id}"),
    }
}

fn on_time(conn: &Connection, today: NaiveDate) -> Result<Vec<Finding>> {
    let until = today
        .checked_add_days(chrono::Days::new(WARN_DAYS as u64))
        .unwrap_or(NaiveDate::MAX);
    // Open requests due by the end of the warning week, soonest first, from the open
    // requests' own index: past due (errors), then due within the week (warnings).
    let mut stmt = conn.prepare(&format!(
        "SELECT id, type, due_date, requester_email FROM rights_requests
         INDEXED BY rights_requests_open
         WHERE {OPEN} AND due_date IS NOT NULL AND due_date <= ?1 ORDER BY due_date, id"
    ))?;
    let mut rows = stmt.query([until.to_string()])?;
    let mut found = Bounded::default();
    while let Some(row) = rows.next()? {
        let due: String = row.get(2)?;
        let Some(due) = date(&due) else { continue };
        let days = (due - today).num_days();
        let severity = if days < 0 {
            Severity::Error
        } else if days <= WARN_DAYS {
            Severity::Warning
        } else {
            continue;
        };
        let (id, kind, email): (i64, String, Option<String>) =
            (row.get(0)?, row.get(1)?, row.get(3)?);
        found.push(severity, || {
            let rec = vec![record("rights_request", id, label(id, &email))];
            let kind = kind.replace('_', " ");
            if days < 0 {
                finding(
                    severity,
                    format!(
                        "{} ({kind}) was due on {due}, {} day(s) ago.",
                        label(id, &email),
                        -days
                    ),
                    rec,
                )
            } else {
                finding(
                    severity,
                    format!(
                        "{} ({kind}) is due on {due}, in {days} day(s).",
                        label(id, &email)
                    ),
                    rec,
                )
            }
        });
    }
    Ok(found.finish(|severity, n| match severity {
        Severity::Error => format!(
            "… and {} more open request(s) past their due date; `workbench requests list --overdue` lists them all.",
            thousands(n)
        ),
        _ => format!(
            "… and {} more open request(s) due within {WARN_DAYS} days; `workbench requests list --due-within {WARN_DAYS}` lists them all.",
            thousands(n)
        ),
    }))
}

fn triaged(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, requester_email FROM rights_requests INDEXED BY rights_requests_open
         WHERE {OPEN} AND type IN ('needs_triage', 'other') ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    let mut found = Bounded::default();
    while let Some(row) = rows.next()? {
        let (id, email): (i64, Option<String>) = (row.get(0)?, row.get(1)?);
        found.push(Severity::Warning, || {
            finding(
                Severity::Warning,
                format!("{} has no request type yet.", label(id, &email)),
                vec![record("rights_request", id, label(id, &email))],
            )
        });
    }
    Ok(found.finish(|_, n| {
        format!(
            "… and {} more open request(s) without a type; `workbench requests list --type needs_triage` and `--type other` list them.",
            thousands(n)
        )
    }))
}

fn withdrawal_revokes(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    // Only the completed withdrawals with something wrong: no merchant (a warning), or a
    // merchant with an authorization still active (an error). Names and counts are read
    // for the listed ones alone.
    let mut stmt = conn.prepare(
        "SELECT r.id, r.merchant_id, EXISTS (SELECT 1 FROM merchants m WHERE m.id = r.merchant_id)
         FROM rights_requests r INDEXED BY rights_requests_by_type_status
         WHERE r.type = 'withdraw_authorization' AND r.status = 'completed'
           AND (r.merchant_id IS NULL
                OR NOT EXISTS (SELECT 1 FROM merchants m WHERE m.id = r.merchant_id)
                OR EXISTS (SELECT 1 FROM authorizations a
                           WHERE a.merchant_id = r.merchant_id AND a.revoked_at IS NULL))
         ORDER BY r.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut found = Bounded::default();
    while let Some(row) = rows.next()? {
        let (id, merchant_id, known): (i64, Option<i64>, bool) =
            (row.get(0)?, row.get(1)?, row.get(2)?);
        let severity = if merchant_id.is_some() && known {
            Severity::Error
        } else {
            Severity::Warning
        };
        // Who asked, the merchant's name and its active authorizations: for the listed only.
        let mut read = Ok(());
        found.push(severity, || {
            let listed = conn.query_row(
                "SELECT r.requester_email, m.name,
                        (SELECT count(*) FROM authorizations a
                          WHERE a.merchant_id = m.id AND a.revoked_at IS NULL)
                 FROM rights_requests r LEFT JOIN merchants m ON m.id = r.merchant_id
                 WHERE r.id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                },
            );
            let (email, name, active) = listed.unwrap_or_else(|e| {
                read = Err(e);
                (None, None, 0)
            });
            let req = record("rights_request", id, label(id, &email));
            match (merchant_id, name) {
                (Some(mid), Some(name)) if severity == Severity::Error => finding(
                    Severity::Error,
                    format!(
                        "{} is completed but {name} still has {active} active authorization(s).",
                        label(id, &email)
                    ),
                    vec![req, record("merchant", mid, name)],
                ),
                _ => finding(
                    Severity::Warning,
                    format!(
                        "{} withdrew authorization but names no merchant, so revocation cannot be checked.",
                        label(id, &email)
                    ),
                    vec![req],
                ),
            }
        });
        read?;
    }
    Ok(found.finish(|severity, n| match severity {
        Severity::Error => format!(
            "… and {} more completed withdrawal(s) whose merchant still has active authorizations.",
            thousands(n)
        ),
        _ => format!(
            "… and {} more completed withdrawal(s) naming no merchant.",
            thousands(n)
        ),
    }))
}

fn deletion_evidence(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.requester_email FROM rights_requests r
         WHERE r.type = 'deletion' AND r.status = 'completed'
           AND NOT EXISTS (SELECT 1 FROM request_evidence e WHERE e.request_id = r.id)
         ORDER BY r.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut found = Bounded::default();
    while let Some(row) = rows.next()? {
        let (id, email): (i64, Option<String>) = (row.get(0)?, row.get(1)?);
        found.push(Severity::Error, || {
            finding(
                Severity::Error,
                format!(
                    "{} (deletion) is completed without evidence of deletion.",
                    label(id, &email)
                ),
                vec![record("rights_request", id, label(id, &email))],
            )
        });
    }
    Ok(found.finish(|_, n| {
        format!(
            "… and {} more completed deletion request(s) without evidence of deletion.",
            thousands(n)
        )
    }))
}
