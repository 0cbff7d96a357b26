//! Rights requests: access, correction, deletion and withdrawal of authorization,
//! as they arrive at the contact address (policy §8) — their deadlines, clock,
//! workflow, timeline, thread of messages, and the PDPO refusal log book.
//!
//! Reads take the read-only `&Connection`; writes take a [`Change`] and record
//! their audit entries. Functions that depend on the date take `today`, so the
//! desktop, the CLI and the tests agree on what "now" is.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};

use crate::db::Change;
use crate::error::{Error, Result};
use crate::rules::{self, Clock, Deadline, Rules};

/// The request types, as stored.
pub const TYPES: &[&str] = &[
    "access",
    "correction",
    "deletion",
    "withdraw_authorization",
    "other",
    "needs_triage",
];
/// The workflow's statuses, in order.
pub const STATUSES: &[&str] = &[
    "received",
    "identity_check",
    "in_progress",
    "completed",
    "refused",
    "withdrawn",
];
/// Statuses that close a request.
pub const CLOSED: &[&str] = &["completed", "refused", "withdrawn"];

/// The PDPO log book keeps refusals at least this many years (s.27).
pub const REFUSAL_LOG_YEARS: u32 = 4;

/// A request type as the officer may type it (`withdraw` for `withdraw_authorization`).
pub fn parse_type(text: &str) -> Result<String> {
    let t = text.trim().to_ascii_lowercase().replace('-', "_");
    let t = match t.as_str() {
        "withdraw" | "withdraw_authorisation" => "withdraw_authorization".to_string(),
        "erasure" | "delete" => "deletion".to_string(),
        "rectification" | "correct" => "correction".to_string(),
        _ => t,
    };
    if TYPES.contains(&t.as_str()) {
        Ok(t)
    } else {
        Err(Error::Invalid(format!(
            "request type '{text}' is not one of access, correction, deletion, withdraw, other, needs_triage"
        )))
    }
}

/// Which statuses may follow which.
pub fn allowed_next(status: &str) -> &'static [&'static str] {
    match status {
        "received" => &["identity_check", "in_progress", "refused", "withdrawn"],
        "identity_check" => &["in_progress", "refused", "withdrawn"],
        "in_progress" => &["identity_check", "completed", "refused", "withdrawn"],
        _ => &[],
    }
}

/// A rights request as listed. Field names are the CLI's stable JSON names.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: String,
    pub jurisdiction: String,
    pub received_at: String,
    pub due_date: Option<String>,
    pub requester_email: Option<String>,
    pub rule: Option<String>,
    /// The date of receipt at the office, from which the deadline counts.
    pub received_on: Option<String>,
    pub channel: String,
    pub requester_name: Option<String>,
    pub merchant_id: Option<i64>,
    pub subject: Option<String>,
    /// The date the clock stopped, while it is paused.
    pub paused_since: Option<String>,
    pub extended: bool,
    /// Days until the due date (negative once past); `None` when closed or undated.
    pub days_left: Option<i64>,
    /// Open, not paused, and past its due date.
    pub overdue: bool,
}

/// Which requests to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct ListFilter {
    /// Only requests in this status.
    pub status: Option<String>,
    /// Only open, running requests past their due date.
    pub overdue: bool,
    /// Only open requests due between today and today + this many days.
    pub due_within: Option<u32>,
}

const ROW_COLUMNS: &str =
    "id, type, status, jurisdiction, received_at, due_date, requester_email, rule,
     received_on, channel, requester_name, merchant_id, subject, paused_since, extended_at";

fn row_from(r: &rusqlite::Row<'_>, today: NaiveDate) -> rusqlite::Result<RequestRow> {
    let status: String = r.get(2)?;
    let due_date: Option<String> = r.get(5)?;
    let paused_since: Option<String> = r.get(13)?;
    let open = !CLOSED.contains(&status.as_str());
    let due = due_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let days_left = due.filter(|_| open).map(|d| (d - today).num_days());
    Ok(RequestRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        overdue: open && paused_since.is_none() && days_left.is_some_and(|d| d < 0),
        status,
        jurisdiction: r.get(3)?,
        received_at: r.get(4)?,
        due_date,
        requester_email: r.get(6)?,
        rule: r.get(7)?,
        received_on: r.get(8)?,
        channel: r.get(9)?,
        requester_name: r.get(10)?,
        merchant_id: r.get(11)?,
        subject: r.get(12)?,
        paused_since,
        extended: r.get::<_, Option<String>>(14)?.is_some(),
        days_left,
    })
}

/// Every request, soonest due first.
pub fn list(conn: &Connection) -> Result<Vec<RequestRow>> {
    list_filtered(conn, &ListFilter::default(), crate::time::today())
}

/// The requests `filter` selects, soonest due first.
pub fn list_filtered(
    conn: &Connection,
    filter: &ListFilter,
    today: NaiveDate,
) -> Result<Vec<RequestRow>> {
    if let Some(status) = &filter.status {
        if !STATUSES.contains(&status.as_str()) {
            return Err(Error::Invalid(format!(
                "status '{status}' is not one of {}",
                STATUSES.join(", ")
            )));
        }
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS} FROM rights_requests ORDER BY due_date IS NULL, due_date, id"
    ))?;
    let rows = stmt
        .query_map([], |r| row_from(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter(|r| filter.status.as_ref().is_none_or(|s| &r.status == s))
        .filter(|r| !filter.overdue || r.overdue)
        .filter(|r| {
            filter.due_within.is_none_or(|n| {
                r.paused_since.is_none() && r.days_left.is_some_and(|d| d >= 0 && d <= i64::from(n))
            })
        })
        .collect())
}

/// Open requests at a glance: what the dashboard counts.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct Summary {
    pub open: usize,
    /// Open, running, past due.
    pub overdue: usize,
    /// Open and due from today to 7 days ahead.
    pub due_this_week: usize,
    pub needs_triage: usize,
    pub paused: usize,
}

/// Counts the open requests by urgency.
pub fn summary(conn: &Connection, today: NaiveDate) -> Result<Summary> {
    let mut s = Summary::default();
    for r in list_filtered(conn, &ListFilter::default(), today)? {
        if CLOSED.contains(&r.status.as_str()) {
            continue;
        }
        s.open += 1;
        s.overdue += usize::from(r.overdue);
        // A paused clock is not running down: it is counted as paused, not as due.
        s.due_this_week += usize::from(
            r.paused_since.is_none() && r.days_left.is_some_and(|d| (0..=7).contains(&d)),
        );
        s.needs_triage += usize::from(r.kind == "needs_triage");
        s.paused += usize::from(r.paused_since.is_some());
    }
    Ok(s)
}

/// One entry in a request's timeline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub detail: Value,
}

/// A message in a request's thread.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Message {
    pub id: i64,
    pub role: String,
    pub message_id: Option<String>,
    pub sha256: String,
    pub sender: Option<String>,
    pub sent_at: Option<String>,
    pub received_at: String,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub attachments: Value,
    pub source_file: Option<String>,
}

/// A pause of the clock.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Pause {
    pub paused_on: String,
    pub resumed_on: Option<String>,
    pub reason: String,
    pub paused_by: String,
}

/// Everything about one request: what `show` prints and the detail screen shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RequestDetail {
    #[serde(flatten)]
    pub row: RequestRow,
    pub classification_note: Option<String>,
    pub merchant: Option<String>,
    pub rule_id: Option<String>,
    pub acknowledge_by: Option<String>,
    pub extended_at: Option<String>,
    pub extension_reason: Option<String>,
    pub extension_notice_due: Option<String>,
    pub identity_method: Option<String>,
    pub identity_verified_on: Option<String>,
    pub outcome: Option<String>,
    pub closed_at: Option<String>,
    pub sender: Option<String>,
    pub message_id: Option<String>,
    pub message_sha256: Option<String>,
    pub body: Option<String>,
    pub source_file: Option<String>,
    pub attachments: Value,
    /// The deadline as the rules compute it now, with every candidate rule.
    pub deadline: Option<Deadline>,
    pub pauses: Vec<Pause>,
    pub messages: Vec<Message>,
    pub timeline: Vec<Event>,
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        what: "request",
        id: id.to_string(),
    }
}

/// One request with its timeline, thread and deadline.
pub fn show(conn: &Connection, rules: &Rules, id: i64, today: NaiveDate) -> Result<RequestDetail> {
    let row = conn
        .query_row(
            &format!("SELECT {ROW_COLUMNS} FROM rights_requests WHERE id = ?1"),
            [id],
            |r| row_from(r, today),
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let detail = conn.query_row(
        "SELECT r.classification_note, m.name, r.rule_id, r.acknowledge_by, r.extended_at,
                r.extension_reason, r.extension_notice_due, r.identity_method,
                r.identity_verified_on, r.outcome, r.closed_at, r.sender, r.message_id,
                r.message_sha256, r.body, r.source_file, r.attachments
         FROM rights_requests r LEFT JOIN merchants m ON m.id = r.merchant_id WHERE r.id = ?1",
        [id],
        |r| {
            Ok(RequestDetail {
                row: row.clone(),
                classification_note: r.get(0)?,
                merchant: r.get(1)?,
                rule_id: r.get(2)?,
                acknowledge_by: r.get(3)?,
                extended_at: r.get(4)?,
                extension_reason: r.get(5)?,
                extension_notice_due: r.get(6)?,
                identity_method: r.get(7)?,
                identity_verified_on: r.get(8)?,
                outcome: r.get(9)?,
                closed_at: r.get(10)?,
                sender: r.get(11)?,
                message_id: r.get(12)?,
                message_sha256: r.get(13)?,
                body: r.get(14)?,
                source_file: r.get(15)?,
                attachments: serde_json::from_str(&r.get::<_, String>(16)?).unwrap_or(Value::Null),
                deadline: None,
                pauses: Vec::new(),
                messages: Vec::new(),
                timeline: Vec::new(),
            })
        },
    )?;
    let mut detail = detail;
    detail.deadline = compute_deadline(conn, rules, id).ok();
    detail.pauses = pauses(conn, id)?;
    detail.messages = messages(conn, id)?;
    detail.timeline = timeline(conn, id)?;
    Ok(detail)
}

/// A request's timeline, oldest first.
pub fn timeline(conn: &Connection, id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, kind, detail FROM request_events WHERE request_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Event {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            kind: r.get(3)?,
            detail: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or(Value::Null),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The messages of a request's thread, oldest first.
pub fn messages(conn: &Connection, id: i64) -> Result<Vec<Message>> {
    let mut stmt = conn.prepare(
        "SELECT id, role, message_id, sha256, sender, sent_at, received_at, subject, body,
                in_reply_to, refs, attachments, source_file
         FROM request_messages WHERE request_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Message {
            id: r.get(0)?,
            role: r.get(1)?,
            message_id: r.get(2)?,
            sha256: r.get(3)?,
            sender: r.get(4)?,
            sent_at: r.get(5)?,
            received_at: r.get(6)?,
            subject: r.get(7)?,
            body: r.get(8)?,
            in_reply_to: r.get(9)?,
            references: super::json_strings(&r.get::<_, String>(10)?),
            attachments: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or(Value::Null),
            source_file: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A request's pauses, oldest first.
pub fn pauses(conn: &Connection, id: i64) -> Result<Vec<Pause>> {
    let mut stmt = conn.prepare(
        "SELECT paused_on, resumed_on, reason, paused_by FROM request_pauses
         WHERE request_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Pause {
            paused_on: r.get(0)?,
            resumed_on: r.get(1)?,
            reason: r.get(2)?,
            paused_by: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The deadline the rules give a request now, from its stored type, jurisdiction,
/// channel, date of receipt, extension and closed pauses.
pub fn compute_deadline(conn: &Connection, rules: &Rules, id: i64) -> Result<Deadline> {
    let (kind, jurisdiction, channel, received_on, extended): (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    ) = conn
        .query_row(
            "SELECT type, jurisdiction, channel, coalesce(received_on, date(received_at, '+8 hours')),
                    extended_at
             FROM rights_requests WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    let received_on =
        crate::time::parse_date("received_on", received_on.as_deref().unwrap_or_default())?;
    let paused_days: i64 = conn.query_row(
        "SELECT coalesce(sum(julianday(resumed_on) - julianday(paused_on)), 0)
         FROM request_pauses WHERE request_id = ?1 AND resumed_on IS NOT NULL",
        [id],
        |r| r.get::<_, f64>(0),
    )? as i64;
    let ctx = rules::context(conn)?;
    rules.deadline(
        &kind,
        &jurisdiction,
        &channel,
        Clock {
            received_on,
            paused_days,
            extended: extended.is_some(),
        },
        &ctx,
    )
}

/// Appends an event to a request's timeline (no audit entry of its own: the change
/// that caused it records one).
pub fn add_event(change: &Change<'_>, id: i64, kind: &str, detail: &Value) -> Result<()> {
    change.tx().execute(
        "INSERT INTO request_events (request_id, at, actor, kind, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            id,
            crate::time::now(),
            change.actor(),
            kind,
            detail.to_string()
        ],
    )?;
    Ok(())
}

/// Recomputes and stores a request's due date; returns the old and new due dates when
/// they differ.
pub fn recompute(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
) -> Result<Option<(Option<String>, String)>> {
    let deadline = compute_deadline(change.tx(), rules, id)?;
    let (old_due, old_rule): (Option<String>, Option<String>) = change.tx().query_row(
        "SELECT due_date, rule FROM rights_requests WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let new_due = deadline.due_date.to_string();
    change.tx().execute(
        "UPDATE rights_requests SET due_date = ?2, rule = ?3, rule_id = ?4, acknowledge_by = ?5,
                extension_notice_due = CASE WHEN extended_at IS NULL THEN ?6 ELSE extension_notice_due END
         WHERE id = ?1",
        params![
            id,
            new_due,
            deadline.rule,
            deadline.rule_id,
            deadline.acknowledge_by.map(|d| d.to_string()),
            deadline.extension_notice_due.map(|d| d.to_string()),
        ],
    )?;
    if old_due.as_deref() == Some(new_due.as_str()) && old_rule.as_deref() == Some(&deadline.rule) {
        Ok(None)
    } else {
        Ok(Some((old_due, new_due)))
    }
}

/// A message to keep with a request: the original or a reply.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct NewMessage {
    pub message_id: Option<String>,
    pub sha256: String,
    pub sender: Option<String>,
    pub sent_at: Option<String>,
    pub received_at: String,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// JSON array of `{name, content_type, size}`.
    pub attachments: Value,
    pub source_file: Option<String>,
}

/// A request about to be entered (by hand or by an import).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NewRequest {
    /// RFC 3339 UTC.
    pub received_at: String,
    /// The date of receipt at the office.
    pub received_on: NaiveDate,
    pub channel: String,
    pub requester_name: Option<String>,
    pub requester_email: Option<String>,
    pub merchant_id: Option<i64>,
    pub kind: String,
    pub classification_note: Option<String>,
    pub jurisdiction: String,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub note: Option<String>,
    /// The message it arrived as, if any.
    pub message: Option<NewMessage>,
}

/// A request entered by hand, as the officer typed it.
pub struct ManualEntry<'a> {
    pub kind: &'a str,
    pub email: &'a str,
    pub name: Option<&'a str>,
    /// A merchant's id, shop domain or name.
    pub merchant: Option<&'a str>,
    pub received_on: NaiveDate,
    /// Defaults to the register's default jurisdiction.
    pub jurisdiction: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// Checks a hand-entered request and turns it into a [`NewRequest`]; the CLI's
/// `requests add` and the desktop's form share it.
pub fn manual_entry(
    conn: &Connection,
    e: &ManualEntry<'_>,
    today: NaiveDate,
) -> Result<NewRequest> {
    if e.received_on > today {
        return Err(Error::Invalid(format!(
            "the date received, {}, is in the future",
            e.received_on
        )));
    }
    let email = e.email.trim().to_string();
    if email.is_empty()
        || !email.contains('@')
        || email.contains(char::is_whitespace)
        || email.len() > 254
    {
        return Err(Error::Invalid(format!("'{email}' is not an email address")));
    }
    let merchant_id = e
        .merchant
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|m| find_merchant(conn, m))
        .transpose()?;
    let jurisdiction = match e.jurisdiction.map(str::trim).filter(|j| !j.is_empty()) {
        Some(j) => j.to_string(),
        None => {
            crate::register::settings::get(conn, crate::register::settings::DEFAULT_JURISDICTION)?
                .unwrap_or_else(|| "HK".into())
        }
    };
    Ok(NewRequest {
        received_at: format!("{}T00:00:00Z", e.received_on),
        received_on: e.received_on,
        channel: "manual".into(),
        requester_name: e
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        requester_email: Some(email),
        merchant_id,
        kind: parse_type(e.kind)?,
        classification_note: Some("entered by hand".into()),
        jurisdiction,
        subject: None,
        body: None,
        note: e.note.map(str::to_string),
        message: None,
    })
}

fn insert_message(change: &Change<'_>, request_id: i64, role: &str, m: &NewMessage) -> Result<()> {
    change.tx().execute(
        "INSERT INTO request_messages (request_id, role, message_id, sha256, sender, sent_at,
             received_at, subject, body, in_reply_to, refs, attachments, source_file, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            request_id,
            role,
            m.message_id,
            m.sha256,
            m.sender,
            m.sent_at,
            m.received_at,
            m.subject,
            m.body,
            m.in_reply_to,
            json!(m.references).to_string(),
            m.attachments.to_string(),
            m.source_file,
            crate::time::now(),
        ],
    )?;
    Ok(())
}

/// Enters a new request, computes its deadline, and records it.
pub fn insert(change: &mut Change<'_>, rules: &Rules, new: &NewRequest) -> Result<i64> {
    let kind = parse_type(&new.kind)?;
    let jurisdiction = rules.jurisdiction(&new.jurisdiction)?.code.clone();
    let m = new.message.as_ref();
    change.tx().execute(
        "INSERT INTO rights_requests (received_at, received_on, channel, requester_name,
             requester_email, merchant_id, type, classification_note, jurisdiction, status,
             message_id, message_sha256, subject, body, sender, source_file, attachments,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'received', ?10, ?11, ?12, ?13, ?14, ?15,
                 ?16, ?17)",
        params![
            new.received_at,
            new.received_on.to_string(),
            new.channel,
            new.requester_name,
            new.requester_email,
            new.merchant_id,
            kind,
            new.classification_note,
            jurisdiction,
            m.and_then(|m| m.message_id.clone()),
            m.map(|m| m.sha256.clone()),
            new.subject,
            new.body,
            m.and_then(|m| m.sender.clone()),
            m.and_then(|m| m.source_file.clone()),
            m.map(|m| m.attachments.to_string())
                .unwrap_or_else(|| "[]".into()),
            crate::time::now(),
        ],
    )?;
    let id = change.tx().last_insert_rowid();
    if let Some(m) = m {
        insert_message(change, id, "original", m)?;
    }
    recompute(change, rules, id)?;
    let (due, rule): (Option<String>, Option<String>) = change.tx().query_row(
        "SELECT due_date, rule FROM rights_requests WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    add_event(
        change,
        id,
        "received",
        &json!({
            "channel": new.channel,
            "type": kind,
            "classification": new.classification_note,
            "jurisdiction": jurisdiction,
            "due_date": due,
            "rule": rule,
            "note": new.note,
            "message_id": m.and_then(|m| m.message_id.clone()),
            "sha256": m.map(|m| m.sha256.clone()),
            "source_file": m.and_then(|m| m.source_file.clone()),
        }),
    )?;
    change.record(
        if new.channel == "manual" {
            "add"
        } else {
            "import"
        },
        "rights_request",
        Some(&id.to_string()),
        &json!({
            "received_at": new.received_at,
            "received_on": new.received_on.to_string(),
            "channel": new.channel,
            "requester_email": new.requester_email,
            "type": kind,
            "jurisdiction": jurisdiction,
            "due_date": due,
            "rule": rule,
            "message_id": m.and_then(|m| m.message_id.clone()),
            "message_sha256": m.map(|m| m.sha256.clone()),
        }),
    )?;
    Ok(id)
}

/// Adds a reply to an existing request's thread and timeline.
pub fn add_reply(change: &mut Change<'_>, id: i64, m: &NewMessage) -> Result<()> {
    insert_message(change, id, "reply", m)?;
    add_event(
        change,
        id,
        "reply",
        &json!({
            "message_id": m.message_id,
            "sender": m.sender,
            "subject": m.subject,
            "sha256": m.sha256,
            "source_file": m.source_file,
        }),
    )?;
    change.record(
        "reply",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "message_id": m.message_id, "sha256": m.sha256, "sender": m.sender }),
    )
}

/// The request a message belongs to, if one of `ids` (its Message-ID, In-Reply-To,
/// References) is already in the register.
pub fn find_by_message_ids(conn: &Connection, ids: &[String]) -> Result<Option<i64>> {
    for mid in ids {
        let found: Option<i64> = conn
            .query_row(
                "SELECT request_id FROM request_messages WHERE message_id = ?1
                 UNION ALL SELECT id FROM rights_requests WHERE message_id = ?1 LIMIT 1",
                [mid],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Whether a message is already in the register: by Message-ID, or by SHA-256 when it
/// has none.
pub fn message_known(conn: &Connection, message_id: Option<&str>, sha256: &str) -> Result<bool> {
    let n: i64 = match message_id {
        Some(mid) => conn.query_row(
            "SELECT (SELECT count(*) FROM request_messages WHERE message_id = ?1)
                  + (SELECT count(*) FROM rights_requests WHERE message_id = ?1)",
            [mid],
            |r| r.get(0),
        )?,
        None => conn.query_row(
            "SELECT (SELECT count(*) FROM request_messages WHERE sha256 = ?1)
                  + (SELECT count(*) FROM rights_requests WHERE message_sha256 = ?1)",
            [sha256],
            |r| r.get(0),
        )?,
    };
    Ok(n > 0)
}

struct Current {
    kind: String,
    status: String,
    jurisdiction: String,
    paused_since: Option<String>,
    extended_at: Option<String>,
}

fn current(conn: &Connection, id: i64) -> Result<Current> {
    conn.query_row(
        "SELECT type, status, jurisdiction, paused_since, extended_at FROM rights_requests
         WHERE id = ?1",
        [id],
        |r| {
            Ok(Current {
                kind: r.get(0)?,
                status: r.get(1)?,
                jurisdiction: r.get(2)?,
                paused_since: r.get(3)?,
                extended_at: r.get(4)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| not_found(id))
}

fn require_open(id: i64, c: &Current) -> Result<()> {
    if CLOSED.contains(&c.status.as_str()) {
        return Err(Error::Invalid(format!(
            "request {id} is {}; a closed request does not change",
            c.status
        )));
    }
    Ok(())
}

fn required_text(field: &str, text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::Invalid(format!("{field} must not be empty")));
    }
    Ok(t.to_string())
}

/// Corrects a request's type (the officer's classification), recomputing its deadline.
pub fn classify(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
    kind: &str,
    note: Option<&str>,
) -> Result<()> {
    let kind = parse_type(kind)?;
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if c.kind == kind {
        return Err(Error::Invalid(format!(
            "request {id} is already of type {kind}"
        )));
    }
    let reason = format!(
        "corrected by {}{}",
        change.actor(),
        note.map(|n| format!(": {n}")).unwrap_or_default()
    );
    change.tx().execute(
        "UPDATE rights_requests SET type = ?2, classification_note = ?3 WHERE id = ?1",
        params![id, kind, reason],
    )?;
    let due = recompute(change, rules, id)?;
    add_event(
        change,
        id,
        "classified",
        &json!({ "old": c.kind, "new": kind, "note": note, "due_date": due.as_ref().map(|d| &d.1) }),
    )?;
    change.record(
        "classify",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "old": c.kind, "new": kind, "note": note, "due_date": due }),
    )
}

/// Changes the jurisdiction a request is handled under and recomputes its deadline.
pub fn set_jurisdiction(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
    code: &str,
    note: Option<&str>,
) -> Result<()> {
    let code = rules.jurisdiction(code)?.code.clone();
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if c.jurisdiction == code {
        return Err(Error::Invalid(format!(
            "request {id} is already handled under {code}"
        )));
    }
    if c.extended_at.is_some() {
        return Err(Error::Invalid(format!(
            "request {id} was extended under {}; its jurisdiction can no longer change",
            c.jurisdiction
        )));
    }
    change.tx().execute(
        "UPDATE rights_requests SET jurisdiction = ?2, extension_notice_due = NULL WHERE id = ?1",
        params![id, code],
    )?;
    let due = recompute(change, rules, id)?;
    add_event(
        change,
        id,
        "jurisdiction",
        &json!({ "old": c.jurisdiction, "new": code, "note": note, "due_date": due.as_ref().map(|d| &d.1) }),
    )?;
    change.record(
        "set_jurisdiction",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "old": c.jurisdiction, "new": code, "note": note, "due_date": due }),
    )
}

/// Moves a request along its workflow. Closing needs a note (the outcome); a refusal
/// needs its reasons, and a refused Hong Kong access or correction request goes into the
/// PDPO s.27 log book.
pub fn transition(
    change: &mut Change<'_>,
    id: i64,
    status: &str,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<()> {
    let status = status.trim().to_ascii_lowercase().replace('-', "_");
    if !STATUSES.contains(&status.as_str()) {
        return Err(Error::Invalid(format!(
            "status '{status}' is not one of {}",
            STATUSES.join(", ")
        )));
    }
    let c = current(change.tx(), id)?;
    if !allowed_next(&c.status).contains(&status.as_str()) {
        let next = allowed_next(&c.status);
        return Err(Error::Invalid(if next.is_empty() {
            format!(
                "request {id} is {} and closed; it cannot become {status}",
                c.status
            )
        } else {
            format!(
                "request {id} is {}; it can become {}, not {status}",
                c.status,
                next.join(", ")
            )
        }));
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let closing = CLOSED.contains(&status.as_str());
    if closing && note.is_none() {
        return Err(Error::Invalid(format!(
            "closing request {id} as {status} needs a note saying the outcome{}",
            if status == "refused" {
                " and the reasons for refusing"
            } else {
                ""
            }
        )));
    }
    let now = crate::time::now();
    change.tx().execute(
        "UPDATE rights_requests SET status = ?2,
             outcome = CASE WHEN ?3 THEN ?4 ELSE outcome END,
             closed_at = CASE WHEN ?3 THEN ?5 ELSE closed_at END
         WHERE id = ?1",
        params![id, status, closing, note, now],
    )?;
    if closing && c.paused_since.is_some() {
        end_pause(change, id, today)?;
    }
    let mut logged = false;
    if status == "refused"
        && c.jurisdiction == "HK"
        && ["access", "correction"].contains(&c.kind.as_str())
    {
        change.tx().execute(
            "INSERT INTO pdpo_refusal_log (request_id, request_type, refused_on, reasons, logged_at, logged_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, c.kind, today.to_string(), note, now, change.actor()],
        )?;
        logged = true;
    }
    add_event(
        change,
        id,
        "status",
        &json!({ "old": c.status, "new": status, "note": note, "pdpo_log_book": logged }),
    )?;
    change.record(
        "transition",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "old": c.status, "new": status, "note": note, "pdpo_log_book": logged }),
    )
}

/// Records how and when the requester's identity was verified.
pub fn verify_identity(
    change: &mut Change<'_>,
    id: i64,
    method: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let method = required_text("the verification method", method)?;
    if on > today {
        return Err(Error::Invalid(format!(
            "identity verification date {on} is in the future"
        )));
    }
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    change.tx().execute(
        "UPDATE rights_requests SET identity_method = ?2, identity_verified_on = ?3 WHERE id = ?1",
        params![id, method, on.to_string()],
    )?;
    add_event(
        change,
        id,
        "identity_verified",
        &json!({ "method": method, "on": on.to_string() }),
    )?;
    change.record(
        "verify_identity",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "method": method, "on": on.to_string() }),
    )
}

/// What an extension did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Extension {
    pub old_due_date: Option<String>,
    pub new_due_date: String,
    pub notice_due: String,
    pub rule: String,
}

/// Takes the one extension the governing rule allows, with its reason. Refused when the
/// rule allows none, when it was taken already, or when its notice deadline has passed.
pub fn extend(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
    reason: &str,
    today: NaiveDate,
) -> Result<Extension> {
    let reason = required_text("the extension's reason", reason)?;
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if let Some(at) = &c.extended_at {
        return Err(Error::Invalid(format!(
            "request {id} was already extended on {at}; the law allows one extension"
        )));
    }
    let before = compute_deadline(change.tx(), rules, id)?;
    let (Some(_), Some(notice_due)) = (before.extension, before.extension_notice_due) else {
        return Err(Error::Invalid(format!(
            "request {id}'s governing rule ({}) allows no extension",
            before.rule
        )));
    };
    if today > notice_due {
        return Err(Error::Invalid(format!(
            "request {id} can no longer be extended: the notice of extension had to go out by {notice_due}"
        )));
    }
    change.tx().execute(
        "UPDATE rights_requests SET extended_at = ?2, extension_reason = ?3,
             extension_notice_due = ?4 WHERE id = ?1",
        params![id, crate::time::now(), reason, notice_due.to_string()],
    )?;
    let changed = recompute(change, rules, id)?;
    let after = compute_deadline(change.tx(), rules, id)?;
    let result = Extension {
        old_due_date: Some(before.due_date.to_string()),
        new_due_date: after.due_date.to_string(),
        notice_due: notice_due.to_string(),
        rule: after.rule.clone(),
    };
    add_event(
        change,
        id,
        "extension",
        &json!({ "reason": reason, "old_due_date": result.old_due_date, "due_date": result.new_due_date,
                 "notice_due": result.notice_due, "rule": result.rule, "changed": changed.is_some() }),
    )?;
    change.record(
        "extend",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "reason": reason, "old_due_date": result.old_due_date, "due_date": result.new_due_date,
                 "notice_due": result.notice_due }),
    )?;
    Ok(result)
}

/// Stops a request's clock, with a reason.
pub fn pause(change: &mut Change<'_>, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
    let reason = required_text("the pause's reason", reason)?;
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if let Some(since) = c.paused_since {
        return Err(Error::Invalid(format!(
            "request {id} is already paused since {since}"
        )));
    }
    change.tx().execute(
        "INSERT INTO request_pauses (request_id, paused_on, reason, paused_by) VALUES (?1, ?2, ?3, ?4)",
        params![id, today.to_string(), reason, change.actor()],
    )?;
    change.tx().execute(
        "UPDATE rights_requests SET paused_since = ?2 WHERE id = ?1",
        params![id, today.to_string()],
    )?;
    add_event(
        change,
        id,
        "pause",
        &json!({ "reason": reason, "on": today.to_string() }),
    )?;
    change.record(
        "pause",
        "rights_request",
        Some(&id.to_string()),
        &json!({ "reason": reason, "on": today.to_string() }),
    )
}

fn end_pause(change: &Change<'_>, id: i64, today: NaiveDate) -> Result<i64> {
    let paused_on: String = change.tx().query_row(
        "SELECT paused_on FROM request_pauses WHERE request_id = ?1 AND resumed_on IS NULL",
        [id],
        |r| r.get(0),
    )?;
    let paused_on = crate::time::parse_date("paused_on", &paused_on)?;
    let resumed_on = today.max(paused_on);
    change.tx().execute(
        "UPDATE request_pauses SET resumed_on = ?2, resumed_by = ?3
         WHERE request_id = ?1 AND resumed_on IS NULL",
        params![id, resumed_on.to_string(), change.actor()],
    )?;
    change.tx().execute(
        "UPDATE rights_requests SET paused_since = NULL WHERE id = ?1",
        [id],
    )?;
    Ok((resumed_on - paused_on).num_days())
}

/// Restarts a paused clock; the paused days push the due date.
pub fn resume(
    change: &mut Change<'_>,
    rules: &Rules,
    id: i64,
    note: Option<&str>,
    today: NaiveDate,
) -> Result<()> {
    let c = current(change.tx(), id)?;
    require_open(id, &c)?;
    if c.paused_since.is_none() {
        return Err(Error::Invalid(format!("request {id} is not paused")));
    }
    let days = end_pause(change, id, today)?;
    let due = recompute(change, rules, id)?;
    let detail =
        json!({ "note": note, "paused_days": days, "due_date": due.as_ref().map(|d| &d.1) });
    add_event(change, id, "resume", &detail)?;
    change.record("resume", "rights_request", Some(&id.to_string()), &detail)
}

/// Records that a letter was drafted from a request (the file's name and SHA-256).
pub fn record_letter(
    change: &mut Change<'_>,
    id: i64,
    template: &str,
    lang: &str,
    file: &str,
    sha256: &str,
) -> Result<()> {
    let detail = json!({ "template": template, "lang": lang, "file": file, "sha256": sha256 });
    add_event(change, id, "letter_drafted", &detail)?;
    change.record(
        "draft_letter",
        "rights_request",
        Some(&id.to_string()),
        &detail,
    )
}

/// Recomputes every open request's deadline (after the calendar changed), recording
/// each change in the request's timeline. Returns how many moved.
pub fn recompute_open(change: &mut Change<'_>, rules: &Rules, why: &str) -> Result<usize> {
    let ids: Vec<i64> = {
        let mut stmt = change.tx().prepare(
            "SELECT id FROM rights_requests WHERE status NOT IN ('completed', 'refused', 'withdrawn')",
        )?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids
    };
    let mut moved = 0;
    for id in ids {
        if let Some((old, new)) = recompute(change, rules, id)? {
            add_event(
                change,
                id,
                "deadline",
                &json!({ "old": old, "new": new, "why": why }),
            )?;
            change.record(
                "recompute_deadline",
                "rights_request",
                Some(&id.to_string()),
                &json!({ "old": old, "new": new, "why": why }),
            )?;
            moved += 1;
        }
    }
    Ok(moved)
}

/// A recorded gale warning / black rainstorm warning day.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WarningDay {
    pub day: String,
    pub reason: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

/// The recorded warning days, oldest first.
pub fn warning_days(conn: &Connection) -> Result<Vec<WarningDay>> {
    let mut stmt = conn
        .prepare("SELECT day, reason, recorded_at, recorded_by FROM warning_days ORDER BY day")?;
    let rows = stmt.query_map([], |r| {
        Ok(WarningDay {
            day: r.get(0)?,
            reason: r.get(1)?,
            recorded_at: r.get(2)?,
            recorded_by: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a gale / black rainstorm warning day (Cap. 1 s.71(2)) and moves the open Hong
/// Kong deadlines it touches. Returns how many requests moved.
pub fn add_warning_day(
    change: &mut Change<'_>,
    rules: &Rules,
    day: NaiveDate,
    reason: &str,
) -> Result<usize> {
    let reason = required_text("the warning day's reason", reason)?;
    let exists: bool = change.tx().query_row(
        "SELECT count(*) > 0 FROM warning_days WHERE day = ?1",
        [day.to_string()],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::Invalid(format!(
            "{day} is already a recorded warning day"
        )));
    }
    change.tx().execute(
        "INSERT INTO warning_days (day, reason, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4)",
        params![day.to_string(), reason, crate::time::now(), change.actor()],
    )?;
    change.record(
        "add",
        "warning_day",
        Some(&day.to_string()),
        &json!({ "reason": reason }),
    )?;
    recompute_open(
        change,
        rules,
        &format!("warning day {day} recorded: {reason}"),
    )
}

/// Removes a warning day recorded in error, moving the deadlines back.
pub fn remove_warning_day(change: &mut Change<'_>, rules: &Rules, day: NaiveDate) -> Result<usize> {
    let removed = change
        .tx()
        .execute("DELETE FROM warning_days WHERE day = ?1", [day.to_string()])?;
    if removed == 0 {
        return Err(Error::Invalid(format!(
            "{day} is not a recorded warning day"
        )));
    }
    change.record("remove", "warning_day", Some(&day.to_string()), &json!({}))?;
    recompute_open(change, rules, &format!("warning day {day} removed"))
}

/// An entry in the PDPO s.27 refusal log book.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RefusalLogEntry {
    pub id: i64,
    pub request_id: i64,
    pub request_type: String,
    pub refused_on: String,
    pub reasons: String,
    pub logged_at: String,
    pub logged_by: String,
}

/// The PDPO refusal log book, oldest first.
pub fn refusal_log(conn: &Connection) -> Result<Vec<RefusalLogEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, request_id, request_type, refused_on, reasons, logged_at, logged_by
         FROM pdpo_refusal_log ORDER BY refused_on, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RefusalLogEntry {
            id: r.get(0)?,
            request_id: r.get(1)?,
            request_type: r.get(2)?,
            refused_on: r.get(3)?,
            reasons: r.get(4)?,
            logged_at: r.get(5)?,
            logged_by: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Drops log book entries refused before `before`. Refuses any cut-off that would drop
/// an entry younger than four years. Returns how many entries went.
pub fn purge_refusal_log(
    change: &mut Change<'_>,
    before: NaiveDate,
    today: NaiveDate,
) -> Result<usize> {
    let oldest_allowed = today
        .checked_sub_months(chrono::Months::new(12 * REFUSAL_LOG_YEARS))
        .unwrap_or(NaiveDate::MIN);
    if before > oldest_allowed {
        return Err(Error::Invalid(format!(
            "the PDPO refusal log book keeps entries at least {REFUSAL_LOG_YEARS} years; only entries refused before {oldest_allowed} may be purged, not before {before}"
        )));
    }
    let purged = change.tx().execute(
        "DELETE FROM pdpo_refusal_log WHERE refused_on < ?1",
        [before.to_string()],
    )?;
    if purged == 0 {
        return Err(Error::Invalid(format!(
            "no PDPO refusal log entries were refused before {before}; nothing to purge"
        )));
    }
    change.record(
        "purge",
        "pdpo_refusal_log",
        None,
        &json!({ "before": before.to_string(), "entries": purged }),
    )?;
    Ok(purged)
}

/// A merchant named by id, name or shop domain.
pub fn find_merchant(conn: &Connection, text: &str) -> Result<i64> {
    let t = text.trim();
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM merchants WHERE CAST(id AS TEXT) = ?1 OR name = ?1 COLLATE NOCASE
                OR shop_domain = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
            [t],
            |r| r.get(0),
        )
        .optional()?;
    found.ok_or_else(|| Error::NotFound {
        what: "merchant",
        id: t.to_string(),
    })
}
