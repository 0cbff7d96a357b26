//! Deadlines out of the register: open requests' due dates as an iCalendar file (one
//! event per due date, with a reminder) for the officers' calendars, and the requests
//! register as CSV. Files are written atomically ([`crate::files::write_atomic`]).

use std::path::Path;

use chrono::{NaiveDate, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::register::requests::{self, ListFilter, RequestRow};

/// How many days before a due date the calendar reminds.
pub const REMINDER_DAYS: u32 = 7;

fn ics_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn ics_date(d: &str) -> Option<(String, String)> {
    let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    let next = date.succ_opt()?;
    Some((
        date.format("%Y%m%d").to_string(),
        next.format("%Y%m%d").to_string(),
    ))
}

/// An iCalendar of every open request's due date, each with a reminder
/// [`REMINDER_DAYS`] before.
pub fn ics(conn: &Connection, today: NaiveDate) -> Result<String> {
    let organisation =
        crate::register::settings::get(conn, crate::register::settings::ORGANISATION)?
            .unwrap_or_default();
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!(
            "PRODID:-//{}//Compliance Workbench//EN",
            ics_escape(&organisation)
        ),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "X-WR-CALNAME:Rights request deadlines".into(),
    ] {
        out.push_str(&fold(&line));
    }
    let rows = requests::list_filtered(conn, &ListFilter::default(), today)?;
    for r in rows
        .iter()
        .filter(|r| !requests::CLOSED.contains(&r.status.as_str()))
    {
        let Some((start, end)) = r.due_date.as_deref().and_then(ics_date) else {
            continue;
        };
        let paused = if r.paused_since.is_some() {
            " (clock paused)"
        } else {
            ""
        };
        let summary = format!(
            "Due: {} request #{}{} – {}",
            r.kind.replace('_', " "),
            r.id,
            paused,
            r.requester_email.as_deref().unwrap_or("unknown requester")
        );
        let description = format!(
            "Rule: {}\nReceived: {}\nJurisdiction: {}\nStatus: {}\nworkbench requests show {}",
            r.rule.as_deref().unwrap_or("-"),
            r.received_on.as_deref().unwrap_or(&r.received_at),
            r.jurisdiction,
            r.status,
            r.id
        );
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:rights-request-{}-due@complianceworkbench.invalid",
                r.id
            ),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{start}"),
            format!("DTEND;VALUE=DATE:{end}"),
            format!("SUMMARY:{}", ics_escape(&summary)),
            format!("DESCRIPTION:{}", ics_escape(&description)),
            "TRANSP:TRANSPARENT".into(),
            "BEGIN:VALARM".into(),
            "ACTION:DISPLAY".into(),
            format!(
                "DESCRIPTION:{}",
                ics_escape(&format!(
                    "Rights request #{} is due on {}",
                    r.id,
                    r.due_date.as_deref().unwrap_or("-")
                ))
            ),
            format!("TRIGGER:-P{REMINDER_DAYS}D"),
            "END:VALARM".into(),
            "END:VEVENT".into(),
        ] {
            out.push_str(&fold(&line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    Ok(out)
}

/// A CSV cell: quoted, quotes doubled, and a leading `= + - @` defused so a
/// spreadsheet never reads it as a formula.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The CSV columns.
pub const CSV_HEADER: &[&str] = &[
    "id",
    "type",
    "status",
    "jurisdiction",
    "channel",
    "received_at",
    "received_on",
    "due_date",
    "days_left",
    "overdue",
    "rule",
    "requester_name",
    "requester_email",
    "subject",
    "extended",
    "paused_since",
];

fn csv_row(r: &RequestRow) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        r.id.to_string(),
        r.kind.clone(),
        r.status.clone(),
        r.jurisdiction.clone(),
        r.channel.clone(),
        r.received_at.clone(),
        o(&r.received_on),
        o(&r.due_date),
        r.days_left.map(|d| d.to_string()).unwrap_or_default(),
        r.overdue.to_string(),
        o(&r.rule),
        o(&r.requester_name),
        o(&r.requester_email),
        o(&r.subject),
        r.extended.to_string(),
        o(&r.paused_since),
    ]
}

/// Every request as CSV (UTF-8 with a byte-order mark, so Excel reads Chinese right).
pub fn csv(conn: &Connection, today: NaiveDate) -> Result<String> {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = CSV_HEADER.iter().map(|h| csv_cell(h)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for r in requests::list_filtered(conn, &ListFilter::default(), today)? {
        let cells: Vec<String> = csv_row(&r).iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// What `export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ics,
}

impl Format {
    /// `csv` or `ics`.
    pub fn parse(text: &str) -> Result<Format> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "ics" | "ical" | "icalendar" => Ok(Format::Ics),
            other => Err(Error::Invalid(format!(
                "export format '{other}' is not csv or ics"
            ))),
        }
    }
}

/// Writes the export to `out`, atomically; returns how many bytes.
pub fn export(conn: &Connection, format: Format, out: &Path, today: NaiveDate) -> Result<usize> {
    let text = match format {
        Format::Csv => csv(conn, today)?,
        Format::Ics => ics(conn, today)?,
    };
    crate::files::write_atomic(out, text.as_bytes())?;
    Ok(text.len())
}
