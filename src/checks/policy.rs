//! The published policy: its "Last updated" date, and what it must say given the register.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{date, finding, record, Check, Finding, Severity};
use crate::error::Result;
use crate::register::policy;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "policy.published",
            title: "A policy version is published",
            remedy: "Publish a version of the privacy policy.",
            run: published,
        },
        Check {
            id: "policy.last-updated-matches",
            title: "The published text's \"Last updated\" date is the version's effective date",
            remedy: "Publish a corrected version whose \"Last updated:\" line names its effective date.",
            run: last_updated_matches,
        },
        Check {
            id: "policy.new-content-new-date",
            title: "Content never changed without a new \"Last updated\" date",
            remedy: "Publish the current text as a new version with a later date (policy §9).",
            run: new_content_new_date,
        },
        Check {
            id: "policy.names-connected-platforms",
            title: "Every platform with an active authorization is named in the published policy",
            remedy: "Name the platform (or its kind, e.g. \"advertising platforms\") in policy §4, or revoke the authorizations.",
            run: names_connected_platforms,
        },
        Check {
            id: "policy.google-limited-use",
            title: "Active Google authorizations ⇒ the policy carries the Limited Use disclosure",
            remedy: "Add the Google API Services User Data Policy / Limited Use statement to the policy.",
            run: google_limited_use,
        },
    ]
}

fn published_text(conn: &Connection) -> Result<Option<(policy::PolicySummary, String)>> {
    let Some(p) = policy::published(conn)? else {
        return Ok(None);
    };
    let md = policy::markdown(conn, p.id)?.unwrap_or_default();
    Ok(Some((p, md)))
}

fn published(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    Ok(match policy::published(conn)? {
        Some(_) => vec![],
        None => vec![finding(
            Severity::Error,
            "No version of the privacy policy is published.".into(),
            vec![],
        )],
    })
}

fn last_updated_matches(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let Some((p, md)) = published_text(conn)? else {
        return Ok(vec![]);
    };
    let effective = p.effective_date.as_deref().and_then(date);
    let stated = policy::last_updated(&md);
    if stated.is_some() && stated == effective {
        return Ok(vec![]);
    }
    let says = stated
        .map(policy::long_date)
        .unwrap_or_else(|| "no date".into());
    let is = effective
        .map(policy::long_date)
        .unwrap_or_else(|| "none".into());
    Ok(vec![finding(
        Severity::Error,
        format!(
            "Published version {} says \"Last updated: {says}\" but its effective date is {is}.",
            p.label
        ),
        vec![record("policy_version", p.id, p.label.clone())],
    )])
}

fn new_content_new_date(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(
        "SELECT id, label, effective_date, markdown FROM policy_versions
         WHERE status IN ('published', 'retired') ORDER BY effective_date, id",
    )?;
    let versions: Vec<(i64, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut findings = Vec::new();
    for pair in versions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.3 != b.3 && a.2 == b.2 {
            findings.push(finding(
                Severity::Error,
                format!(
                    "Versions {} and {} differ in content but share the Last updated date {}.",
                    a.1, b.1, b.2
                ),
                vec![
                    record("policy_version", a.0, a.1.clone()),
                    record("policy_version", b.0, b.1.clone()),
                ],
            ));
        }
    }
    Ok(findings)
}

fn names_connected_platforms(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let Some((p, md)) = published_text(conn)? else {
        return Ok(vec![]);
    };
    let text = md.to_lowercase();
    // Per platform, its active authorizations counted in the (platform, revoked_at) index.
    let mut stmt = conn.prepare(
        "SELECT code, name, policy_terms, active FROM (
             SELECT p.code, p.name, p.policy_terms,
                    (SELECT count(*) FROM authorizations a
                      WHERE a.platform = p.code AND a.revoked_at IS NULL) AS active
             FROM platforms p)
         WHERE active > 0 ORDER BY name",
    )?;
    let rows: Vec<(String, String, String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut findings = Vec::new();
    for (code, name, terms, active) in rows {
        let mut words = crate::register::json_strings(&terms);
        words.push(name.clone());
        if !words
            .iter()
            .any(|w| !w.trim().is_empty() && text.contains(&w.to_lowercase()))
        {
            findings.push(finding(
                Severity::Error,
                format!(
                    "{name} has {active} active authorization(s) but published policy {} names neither it nor its kind.",
                    p.label
                ),
                vec![record("platform", &code, name.clone())],
            ));
        }
    }
    Ok(findings)
}

fn google_limited_use(conn: &Connection, _today: NaiveDate) -> Result<Vec<Finding>> {
    let active: i64 = conn.query_row(
        "SELECT count(*) FROM authorizations WHERE platform = 'google' AND revoked_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    if active == 0 {
        return Ok(vec![]);
    }
    let Some((p, md)) = published_text(conn)? else {
        return Ok(vec![]);
    };
    let text = md.to_lowercase();
    if text.contains("limited use") && text.contains("google api services user data policy") {
        return Ok(vec![]);
    }
    Ok(vec![finding(
        Severity::Error,
        format!(
            "{active} Google authorization(s) are active but published policy {} lacks the Google API Services User Data Policy / Limited Use disclosure.",
            p.label
        ),
        vec![record("policy_version", p.id, p.label.clone())],
    )])
}
