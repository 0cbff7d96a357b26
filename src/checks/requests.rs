//! Rights requests (policy §8): answered on time, and closed with what closing needs.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{date, finding, record, Check, Finding, Severity};
use crate::error::Result;

/// Days before a due date when an open request starts to warn.
pub const WARN_DAYS: i64 = 7;

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
    let mut stmt = conn.prepare(&format!(
        "SELECT id, type, due_date, requester_email FROM rights_requests
         WHERE {OPEN} AND due_date IS NOT NULL ORDER BY due_date, id"
    ))?;
    let rows: Vec<(i64, String, String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut findings = Vec::new();
    for (id, kind, due, email) in rows {
        let Some(due) = date(&due) else { continue };
        let days = (due - today).num_days();
        let rec = vec![record("rights_request", id, label(id, &email))];
        let kind = kind.replace('_', " ");
        if days < 0 {
            findings.push(finding(
                Severity::Error,
                format!(
                    "{} ({kind}) was due on {due}, {} day(s) ago.",
                    label(id, &email),
                    -days
                ),
                rec,
            ));
        } else if days <= WARN_DAYS {
            findings.push(finding(
                Severity::Warning,
                format!(
                    "{} ({kind}) is due on {due}, in {days} day(s).",
                    label(id, &email)
                ),
                rec,
            ));
        }
    }
    Ok(findings)
}

fn triaged(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, requester_email FROM rights_requests
         WHERE {OPEN} AND type IN ('needs_triage', 'other') ORDER BY id"
    ))?;
    let rows = stmt.query_map([], |r| {
        let (id, email): (i64, Option<String>) = (r.get(0)?, r.get(1)?);
        Ok(finding(
            Severity::Warning,
            format!("{} has no request type yet.", label(id, &email)),
            vec![record("rights_request", id, label(id, &email))],
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Request id, requester, merchant id and name, the merchant's active authorizations.
type Withdrawal = (i64, Option<String>, Option<i64>, Option<String>, i64);

fn withdrawal_revokes(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.requester_email, r.merchant_id, m.name,
                (SELECT count(*) FROM authorizations a
                  WHERE a.merchant_id = r.merchant_id AND a.revoked_at IS NULL)
         FROM rights_requests r LEFT JOIN merchants m ON m.id = r.merchant_id
         WHERE r.type = 'withdraw_authorization' AND r.status = 'completed' ORDER BY r.id",
    )?;
    let rows: Vec<Withdrawal> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut findings = Vec::new();
    for (id, email, merchant_id, merchant, active) in rows {
        let req = record("rights_request", id, label(id, &email));
        match (merchant_id, merchant) {
            (None, _) | (_, None) => findings.push(finding(
                Severity::Warning,
                format!(
                    "{} withdrew authorization but names no merchant, so revocation cannot be checked.",
                    label(id, &email)
                ),
                vec![req],
            )),
            (Some(mid), Some(name)) if active > 0 => findings.push(finding(
                Severity::Error,
                format!(
                    "{} is completed but {name} still has {active} active authorization(s).",
                    label(id, &email)
                ),
                vec![req, record("merchant", mid, name)],
            )),
            _ => {}
        }
    }
    Ok(findings)
}

fn deletion_evidence(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.requester_email FROM rights_requests r
         WHERE r.type = 'deletion' AND r.status = 'completed'
           AND NOT EXISTS (SELECT 1 FROM request_evidence e WHERE e.request_id = r.id)
         ORDER BY r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let (id, email): (i64, Option<String>) = (r.get(0)?, r.get(1)?);
        Ok(finding(
            Severity::Error,
            format!(
                "{} (deletion) is completed without evidence of deletion.",
                label(id, &email)
            ),
            vec![record("rights_request", id, label(id, &email))],
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
