//! Processors (policy §6): confidentiality in place and reviews kept up.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{date, finding, record, Check, Finding, Severity};
use crate::error::Result;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "processors.confidentiality",
            title: "Every active processor works under a confidentiality agreement or DPA",
            remedy: "Record the signed confidentiality agreement or DPA, or retire the processor.",
            run: confidentiality,
        },
        Check {
            id: "processors.review-date",
            title: "Every active processor has a review date that has not passed",
            remedy: "Review the processor and record the next review date.",
            run: review_date,
        },
    ]
}

/// id, name, confidentiality, next review.
type ActiveProcessor = (i64, String, String, Option<String>);

fn active(conn: &Connection) -> Result<Vec<ActiveProcessor>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, confidentiality, next_review FROM processors
         WHERE status = 'active' ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn confidentiality(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    Ok(active(conn)?
        .into_iter()
        .filter(|(_, _, c, _)| c == "none" || c == "pending")
        .map(|(id, name, c, _)| {
            finding(
                Severity::Error,
                format!("{name} is active with confidentiality '{c}': no signed agreement or DPA is recorded."),
                vec![record("processor", id, name)],
            )
        })
        .collect())
}

fn review_date(conn: &Connection, today: NaiveDate) -> Result<Vec<Finding>> {
    let mut findings = Vec::new();
    for (id, name, _, next) in active(conn)? {
        let rec = vec![record("processor", id, name.clone())];
        match next.as_deref().and_then(date) {
            None => findings.push(finding(
                Severity::Warning,
                format!("{name} has no next review date."),
                rec,
            )),
            Some(d) if d < today => findings.push(finding(
                Severity::Error,
                format!("{name}'s review was due on {d} and has not been recorded."),
                rec,
            )),
            Some(d) if (d - today).num_days() <= 30 => findings.push(finding(
                Severity::Info,
                format!("{name}'s review is due on {d}."),
                rec,
            )),
            Some(_) => {}
        }
    }
    Ok(findings)
}
