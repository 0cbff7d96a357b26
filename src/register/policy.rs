//! Policy versions: the privacy policy's markdown, its "Last updated" date and
//! its status, draft → in review → published → retired.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use crate::db::Change;
use crate::error::{Error, Result};

/// A policy version without its text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PolicySummary {
    pub id: i64,
    pub label: String,
    pub status: String,
    pub effective_date: Option<String>,
    pub material_change: bool,
    pub change_summary: Option<String>,
    pub created_at: String,
    pub published_at: Option<String>,
}

const SUMMARY_COLUMNS: &str =
    "id, label, status, effective_date, material_change, change_summary, created_at, published_at";

fn read_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<PolicySummary> {
    Ok(PolicySummary {
        id: r.get(0)?,
        label: r.get(1)?,
        status: r.get(2)?,
        effective_date: r.get(3)?,
        material_change: r.get(4)?,
        change_summary: r.get(5)?,
        created_at: r.get(6)?,
        published_at: r.get(7)?,
    })
}

/// Every version, newest first.
pub fn list(conn: &Connection) -> Result<Vec<PolicySummary>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM policy_versions ORDER BY id DESC"
    ))?;
    let rows = stmt.query_map([], read_summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The version in force, if one is published.
pub fn published(conn: &Connection) -> Result<Option<PolicySummary>> {
    Ok(conn
        .query_row(
            &format!("SELECT {SUMMARY_COLUMNS} FROM policy_versions WHERE status = 'published'"),
            [],
            read_summary,
        )
        .optional()?)
}

/// The markdown of a version.
pub fn markdown(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT markdown FROM policy_versions WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A version to record as already published (the register's starting policy).
pub struct PublishedVersion<'a> {
    pub label: &'a str,
    pub markdown: &'a str,
    pub effective_date: &'a str,
    pub change_summary: &'a str,
}

/// Records a version that is published as of its effective date, retiring none:
/// used to start a register from the policy in force.
pub fn insert_published(change: &mut Change<'_>, v: &PublishedVersion<'_>) -> Result<i64> {
    let now = crate::time::now();
    let actor = change.actor().to_string();
    change.tx().execute(
        "INSERT INTO policy_versions
             (label, markdown, effective_date, status, material_change, change_summary,
              created_at, created_by, published_at, published_by)
         VALUES (?1, ?2, ?3, 'published', 0, ?4, ?5, ?6, ?5, ?6)",
        params![
            v.label,
            v.markdown,
            v.effective_date,
            v.change_summary,
            now,
            actor
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record(
        "publish",
        "policy_version",
        Some(&id.to_string()),
        &json!({
            "label": v.label,
            "effective_date": v.effective_date,
            "markdown_sha256": crate::hash::sha256_hex(v.markdown.as_bytes()),
            "change_summary": v.change_summary,
        }),
    )?;
    Ok(id)
}

/// The date of the policy text's "Last updated: 31 May 2026" line, if it has one.
pub fn last_updated(markdown: &str) -> Option<chrono::NaiveDate> {
    markdown.lines().find_map(|line| {
        let rest = line
            .trim()
            .trim_matches('*')
            .trim()
            .strip_prefix("Last updated:")?;
        let text = rest.trim().trim_matches('*').trim();
        chrono::NaiveDate::parse_from_str(text, "%d %B %Y")
            .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d"))
            .ok()
    })
}

/// A policy version with its text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PolicyVersion {
    #[serde(flatten)]
    pub summary: PolicySummary,
    pub markdown: String,
    pub markdown_sha256: String,
    pub based_on: Option<i64>,
    pub created_by: String,
    pub published_by: Option<String>,
}

/// The statuses a version moves through.
pub const STATUSES: &[&str] = &["draft", "in_review", "published", "retired"];

/// Finds a version by id (`7`) or label (`2026-05-31`).
pub fn get(conn: &Connection, selector: &str) -> Result<PolicyVersion> {
    let selector = selector.trim();
    let row = conn
        .query_row(
            &format!(
                "SELECT {SUMMARY_COLUMNS}, markdown, based_on, created_by, published_by
                 FROM policy_versions
                 WHERE label = ?1 OR (?2 IS NOT NULL AND id = ?2)
                 ORDER BY label = ?1 DESC LIMIT 1"
            ),
            params![selector, selector.parse::<i64>().ok()],
            |r| {
                let markdown: String = r.get(8)?;
                Ok(PolicyVersion {
                    summary: read_summary(r)?,
                    markdown_sha256: crate::hash::sha256_hex(markdown.as_bytes()),
                    markdown,
                    based_on: r.get(9)?,
                    created_by: r.get(10)?,
                    published_by: r.get(11)?,
                })
            },
        )
        .optional()?;
    row.ok_or_else(|| Error::NotFound {
        what: "policy version",
        id: selector.to_string(),
    })
}

fn next_draft_label(conn: &Connection) -> Result<String> {
    let mut n: i64 = conn.query_row(
        "SELECT coalesce(max(id), 0) + 1 FROM policy_versions",
        [],
        |r| r.get(0),
    )?;
    loop {
        let label = format!("draft-{n}");
        let taken: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM policy_versions WHERE label = ?1)",
            [&label],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(label);
        }
        n += 1;
    }
}

fn check_label(conn: &Connection, label: &str) -> Result<()> {
    let label = label.trim();
    if label.is_empty() || label.len() > 80 || label.chars().any(char::is_control) {
        return Err(Error::Invalid(
            "a version label must be 1 to 80 printable characters".into(),
        ));
    }
    if label.parse::<i64>().is_ok() {
        return Err(Error::Invalid(format!(
            "'{label}' would be confused with a version id; use a label with letters or dashes"
        )));
    }
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM policy_versions WHERE label = ?1)",
        [label],
        |r| r.get(0),
    )?;
    if taken {
        return Err(Error::Invalid(format!(
            "a policy version is already labelled '{label}'; choose another label"
        )));
    }
    Ok(())
}

/// Starts a draft from `markdown`; the label defaults to `draft-N`.
pub fn create_draft(
    change: &mut Change<'_>,
    label: Option<&str>,
    markdown: &str,
    based_on: Option<i64>,
) -> Result<i64> {
    crate::policy_text::check_markdown("the draft", markdown)?;
    let label = match label {
        Some(l) => {
            check_label(change.tx(), l)?;
            l.trim().to_string()
        }
        None => next_draft_label(change.tx())?,
    };
    let now = crate::time::now();
    let actor = change.actor().to_string();
    change.tx().execute(
        "INSERT INTO policy_versions (label, markdown, status, based_on, created_at, created_by)
         VALUES (?1, ?2, 'draft', ?3, ?4, ?5)",
        params![label, markdown, based_on, now, actor],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record(
        "create_draft",
        "policy_version",
        Some(&id.to_string()),
        &json!({
            "label": label,
            "based_on": based_on,
            "markdown_sha256": crate::hash::sha256_hex(markdown.as_bytes()),
            "bytes": markdown.len(),
        }),
    )?;
    Ok(id)
}

/// A new draft copied from `from` (a selector), or from the published version.
pub fn new_draft_from(
    change: &mut Change<'_>,
    from: Option<&str>,
    label: Option<&str>,
) -> Result<i64> {
    let source = match from {
        Some(sel) => get(change.tx(), sel)?,
        None => {
            let published = published(change.tx())?.ok_or_else(|| {
                Error::Invalid("no version is published yet; import a policy file instead".into())
            })?;
            get(change.tx(), &published.id.to_string())?
        }
    };
    create_draft(change, label, &source.markdown, Some(source.summary.id))
}

fn editable(v: &PolicyVersion) -> Result<()> {
    match v.summary.status.as_str() {
        "draft" => Ok(()),
        "in_review" => Err(Error::Invalid(format!(
            "version {} is in review; reopen it as a draft before editing",
            v.summary.label
        ))),
        _ => Err(Error::Invalid(format!(
            "version {} is {} and never changes; start a new draft from it",
            v.summary.label, v.summary.status
        ))),
    }
}

/// Replaces a draft's text.
pub fn edit(change: &mut Change<'_>, selector: &str, markdown: &str) -> Result<()> {
    let v = get(change.tx(), selector)?;
    editable(&v)?;
    crate::policy_text::check_markdown("the new text", markdown)?;
    if v.markdown == markdown {
        return Err(Error::Invalid(format!(
            "the new text of {} is the same as the old; nothing to save",
            v.summary.label
        )));
    }
    change.tx().execute(
        "UPDATE policy_versions SET markdown = ?1 WHERE id = ?2",
        params![markdown, v.summary.id],
    )?;
    let runs = crate::render::diff::words(&v.markdown, markdown);
    let (inserted, deleted) = crate::render::diff::counts(&runs);
    change.record(
        "edit",
        "policy_version",
        Some(&v.summary.id.to_string()),
        &json!({
            "old_markdown_sha256": v.markdown_sha256,
            "new_markdown_sha256": crate::hash::sha256_hex(markdown.as_bytes()),
            "words_inserted": inserted,
            "words_deleted": deleted,
        }),
    )
}

/// Moves a draft into review, or a version in review back to draft.
pub fn set_review(change: &mut Change<'_>, selector: &str, in_review: bool) -> Result<()> {
    let v = get(change.tx(), selector)?;
    let (from, to) = if in_review {
        ("draft", "in_review")
    } else {
        ("in_review", "draft")
    };
    if v.summary.status != from {
        return Err(Error::Invalid(format!(
            "version {} is {}, not {from}",
            v.summary.label, v.summary.status
        )));
    }
    change.tx().execute(
        "UPDATE policy_versions SET status = ?1 WHERE id = ?2",
        params![to, v.summary.id],
    )?;
    change.record(
        "status",
        "policy_version",
        Some(&v.summary.id.to_string()),
        &json!({ "from": from, "to": to }),
    )
}

/// How a version is published.
pub struct Publication<'a> {
    pub effective_date: chrono::NaiveDate,
    pub material_change: bool,
    pub summary: Option<&'a str>,
}

/// The date as the policy prints it: "31 May 2026".
pub fn long_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// Publishes a draft or reviewed version, retiring the one in force.
///
/// The "Last updated" rule (policy §9): the text's "Last updated:" line must
/// name the effective date, and changed content is never published under the
/// date of the version in force. We refuse rather than rewrite the officer's text.
pub fn publish(change: &mut Change<'_>, selector: &str, p: &Publication<'_>) -> Result<()> {
    let v = get(change.tx(), selector)?;
    if !matches!(v.summary.status.as_str(), "draft" | "in_review") {
        return Err(Error::Invalid(format!(
            "version {} is already {}; publish a new draft instead",
            v.summary.label, v.summary.status
        )));
    }
    let summary = p.summary.map(str::trim).filter(|s| !s.is_empty());
    if p.material_change && summary.is_none() {
        return Err(Error::Invalid(
            "a material change needs a summary of what changed (--summary)".into(),
        ));
    }
    let effective = p.effective_date;
    match last_updated(&v.markdown) {
        None => {
            return Err(Error::Invalid(format!(
                "version {} has no \"Last updated: {}\" line; add it to the text before publishing",
                v.summary.label,
                long_date(effective)
            )))
        }
        Some(stated) if stated != effective => {
            return Err(Error::Invalid(format!(
                "the text of {} says \"Last updated: {}\" but the effective date is {}; make them agree",
                v.summary.label,
                long_date(stated),
                long_date(effective)
            )))
        }
        Some(_) => {}
    }
    let current = published(change.tx())?;
    if let Some(cur) = &current {
        let cur_date = cur
            .effective_date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let cur_md = markdown(change.tx(), cur.id)?.unwrap_or_default();
        if cur_md == v.markdown {
            return Err(Error::Invalid(format!(
                "version {} has the same text as {}, which is in force; nothing to publish",
                v.summary.label, cur.label
            )));
        }
        if let Some(cur_date) = cur_date {
            if effective <= cur_date {
                return Err(Error::Invalid(format!(
                    "the content changed but the Last updated date {} is not after {} of version {} in force; give the new version a later date",
                    long_date(effective),
                    long_date(cur_date),
                    cur.label
                )));
            }
        }
    }
    let now = crate::time::now();
    let actor = change.actor().to_string();
    if let Some(cur) = &current {
        change.tx().execute(
            "UPDATE policy_versions SET status = 'retired' WHERE id = ?1",
            [cur.id],
        )?;
        change.record(
            "retire",
            "policy_version",
            Some(&cur.id.to_string()),
            &json!({ "superseded_by": v.summary.id }),
        )?;
    }
    change.tx().execute(
        "UPDATE policy_versions
            SET status = 'published', effective_date = ?1, material_change = ?2,
                change_summary = ?3, published_at = ?4, published_by = ?5
          WHERE id = ?6",
        params![
            effective.to_string(),
            p.material_change,
            summary,
            now,
            actor,
            v.summary.id
        ],
    )?;
    change.record(
        "publish",
        "policy_version",
        Some(&v.summary.id.to_string()),
        &json!({
            "label": v.summary.label,
            "effective_date": effective.to_string(),
            "material_change": p.material_change,
            "change_summary": summary,
            "markdown_sha256": v.markdown_sha256,
            "retired": current.map(|c| c.id),
        }),
    )
}

/// A rendered copy of a published version, as recorded.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Snapshot {
    pub id: i64,
    pub version_id: i64,
    pub format: String,
    pub file_sha256: String,
    pub markdown_sha256: String,
    pub byte_len: i64,
    pub created_at: String,
    pub created_by: String,
}

/// Records an export of a published version.
pub fn record_snapshot(
    change: &mut Change<'_>,
    version_id: i64,
    format: &str,
    file: &[u8],
    markdown_sha256: &str,
) -> Result<Snapshot> {
    let file_sha256 = crate::hash::sha256_hex(file);
    let now = crate::time::now();
    let actor = change.actor().to_string();
    change.tx().execute(
        "INSERT INTO policy_snapshots
             (version_id, format, file_sha256, markdown_sha256, byte_len, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            version_id,
            format,
            file_sha256,
            markdown_sha256,
            file.len() as i64,
            now,
            actor
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    change.record(
        "snapshot",
        "policy_version",
        Some(&version_id.to_string()),
        &json!({ "format": format, "file_sha256": file_sha256, "markdown_sha256": markdown_sha256, "bytes": file.len() }),
    )?;
    Ok(Snapshot {
        id,
        version_id,
        format: format.to_string(),
        file_sha256,
        markdown_sha256: markdown_sha256.to_string(),
        byte_len: file.len() as i64,
        created_at: now,
        created_by: actor,
    })
}

/// A version's snapshots, oldest first.
pub fn snapshots(conn: &Connection, version_id: i64) -> Result<Vec<Snapshot>> {
    let mut stmt = conn.prepare(
        "SELECT id, version_id, format, file_sha256, markdown_sha256, byte_len, created_at, created_by
         FROM policy_snapshots WHERE version_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([version_id], |r| {
        Ok(Snapshot {
            id: r.get(0)?,
            version_id: r.get(1)?,
            format: r.get(2)?,
            file_sha256: r.get(3)?,
            markdown_sha256: r.get(4)?,
            byte_len: r.get(5)?,
            created_at: r.get(6)?,
            created_by: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
