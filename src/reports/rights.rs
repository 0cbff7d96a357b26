//! The rights requests report: how many requests came and were closed, per type
//! and month; how many were answered on time and how fast; what stood open and
//! overdue at the period's end; the extensions taken; and the PDPO s.27 log book
//! of refusals.
//!
//! Dates are the office's (Hong Kong) calendar dates: a request's `received_on`,
//! and its `closed_at` instant read on the office's clock, as its deadline is.
//!
//! - *On time*: among requests closed in the period that have a due date, those
//!   closed on or before it (the due date as it stands, extension included).
//! - *Days to close*: calendar days from the date received to the date closed,
//!   for every request closed in the period. The median averages the two middle
//!   values of an even count; the 90th percentile is the nearest rank (the
//!   smallest value with at least 90% of the values at or below it).
//! - *Open at the period's end*: received by then and not closed by then; its
//!   due date is the one recorded now. *Overdue*: open with its due date before
//!   the period's last day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::charts::{Chart, Series, Style};
use super::{figure, percent, stored_date, Block, Cell, Period, Section, Table};
use crate::error::Result;
use crate::register::requests::TYPES;
use crate::rules;

/// One request, as the report reads it.
#[derive(Debug, Clone)]
struct Request {
    id: i64,
    kind: String,
    status: String,
    jurisdiction: String,
    received: NaiveDate,
    due: Option<NaiveDate>,
    closed: Option<NaiveDate>,
    extended: Option<NaiveDate>,
    extension_reason: Option<String>,
    extension_notice_due: Option<String>,
}

impl Request {
    fn open_at(&self, day: NaiveDate) -> bool {
        self.received <= day && self.closed.is_none_or(|closed| closed > day)
    }
}

fn requests(conn: &Connection) -> Result<Vec<Request>> {
    let rules = rules::bundled()?;
    let office_date = |instant: &str| -> Option<NaiveDate> {
        chrono::DateTime::parse_from_rfc3339(instant)
            .ok()
            .map(|t| rules.office_date(t.with_timezone(&chrono::Utc)))
            .or_else(|| stored_date(instant))
    };
    let mut stmt = conn.prepare(
        "SELECT id, type, status, jurisdiction, received_on, received_at, due_date,
                CASE WHEN status IN ('completed', 'refused', 'withdrawn') THEN closed_at END,
                extended_at, extension_reason, extension_notice_due
         FROM rights_requests ORDER BY id",
    )?;
    type Row = (
        i64,
        String,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, kind, status, jurisdiction, on, at, due, closed, extended, reason, notice) in rows {
        let Some(received) = on
            .as_deref()
            .and_then(stored_date)
            .or_else(|| office_date(&at))
        else {
            continue;
        };
        out.push(Request {
            id,
            kind,
            status,
            jurisdiction,
            received,
            due: due.as_deref().and_then(stored_date),
            closed: closed.as_deref().and_then(office_date),
            extended: extended.as_deref().and_then(office_date),
            extension_reason: reason,
            extension_notice_due: notice,
        });
    }
    Ok(out)
}

/// The median of `values` (sorted or not): the middle one, or the mean of the two
/// middle ones.
pub fn median(values: &[i64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2] as f64),
        _ => Some((v[n / 2 - 1] + v[n / 2]) as f64 / 2.0),
    }
}

/// The `p`th percentile by nearest rank: the smallest value with at least `p`% of
/// the values at or below it.
pub fn percentile(values: &[i64], p: u32) -> Option<i64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    if v.is_empty() {
        return None;
    }
    let rank = (u64::from(p) * v.len() as u64).div_ceil(100).max(1) as usize;
    v.get(rank - 1).copied()
}

/// The rights figures of a period, for the report and the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RightsFigures {
    pub received: usize,
    pub closed: usize,
    /// Closed in the period with a due date.
    pub closed_with_due_date: usize,
    pub closed_on_time: usize,
    /// Percent, one decimal; `None` when nothing with a due date was closed.
    pub on_time_rate: Option<f64>,
    pub median_days_to_close: Option<f64>,
    pub p90_days_to_close: Option<i64>,
    pub open_at_end: usize,
    pub overdue_at_end: usize,
    pub extensions: usize,
    pub pdpo_refusals: usize,
}

struct Facts {
    all: Vec<Request>,
    period: Period,
}

impl Facts {
    fn received(&self) -> impl Iterator<Item = &Request> {
        self.all.iter().filter(|r| self.period.contains(r.received))
    }
    fn closed(&self) -> impl Iterator<Item = &Request> {
        self.all
            .iter()
            .filter(|r| r.closed.is_some_and(|d| self.period.contains(d)))
    }
    fn open_at_end(&self) -> impl Iterator<Item = &Request> {
        self.all.iter().filter(|r| r.open_at(self.period.to))
    }
    fn extended(&self) -> impl Iterator<Item = &Request> {
        self.all
            .iter()
            .filter(|r| r.extended.is_some_and(|d| self.period.contains(d)))
    }
}

fn on_time(rs: &[&Request]) -> (usize, usize) {
    let with_due: Vec<_> = rs.iter().filter(|r| r.due.is_some()).collect();
    let on_time = with_due
        .iter()
        .filter(|r| matches!((r.closed, r.due), (Some(c), Some(d)) if c <= d))
        .count();
    (on_time, with_due.len())
}

fn days_to_close(rs: &[&Request]) -> Vec<i64> {
    rs.iter()
        .filter_map(|r| r.closed.map(|c| (c - r.received).num_days()))
        .collect()
}

struct Refusal {
    id: i64,
    request_id: i64,
    request_type: String,
    refused_on: String,
    reasons: String,
    logged_by: String,
}

fn refusals(conn: &Connection, period: Period) -> Result<Vec<Refusal>> {
    let mut stmt = conn.prepare(
        "SELECT id, request_id, request_type, refused_on, reasons, logged_by
         FROM pdpo_refusal_log WHERE refused_on >= ?1 AND refused_on <= ?2
         ORDER BY refused_on, id",
    )?;
    let rows = stmt.query_map([period.from.to_string(), period.to.to_string()], |r| {
        Ok(Refusal {
            id: r.get(0)?,
            request_id: r.get(1)?,
            request_type: r.get(2)?,
            refused_on: r.get(3)?,
            reasons: r.get(4)?,
            logged_by: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The period's rights figures.
pub fn figures(conn: &Connection, period: Period) -> Result<RightsFigures> {
    let facts = Facts {
        all: requests(conn)?,
        period,
    };
    Ok(compute(&facts, refusals(conn, period)?.len()))
}

fn compute(facts: &Facts, pdpo_refusals: usize) -> RightsFigures {
    let closed: Vec<&Request> = facts.closed().collect();
    let (on, with_due) = on_time(&closed);
    let days = days_to_close(&closed);
    let to = facts.period.to;
    RightsFigures {
        received: facts.received().count(),
        closed: closed.len(),
        closed_with_due_date: with_due,
        closed_on_time: on,
        on_time_rate: percent(on, with_due),
        median_days_to_close: median(&days),
        p90_days_to_close: percentile(&days, 90),
        open_at_end: facts.open_at_end().count(),
        overdue_at_end: facts
            .open_at_end()
            .filter(|r| r.due.is_some_and(|d| d < to))
            .count(),
        extensions: facts.extended().count(),
        pdpo_refusals,
    }
}

fn type_label(kind: &str) -> String {
    kind.replace('_', " ")
}

fn rate_text(on: usize, total: usize) -> String {
    match percent(on, total) {
        Some(p) => format!("{p:.1}% ({on} of {total})"),
        None => "no request with a due date was closed".into(),
    }
}

fn days_text(days: Option<f64>) -> String {
    match days {
        Some(d) if d.fract() == 0.0 => format!("{d:.0} days"),
        Some(d) => format!("{d:.1} days"),
        None => "no request was closed".into(),
    }
}

/// The report's sections.
pub(super) fn sections(conn: &Connection, period: Period) -> Result<Vec<Section>> {
    let facts = Facts {
        all: requests(conn)?,
        period,
    };
    let refusals = refusals(conn, period)?;
    let f = compute(&facts, refusals.len());
    let months = period.months();
    let mut sections = Vec::new();

    sections.push(Section::new(
        "Summary",
        vec![
            Block::Figures(vec![
                figure("Requests received", f.received),
                figure("Requests closed", f.closed),
                figure("On-time rate", rate_text(f.closed_on_time, f.closed_with_due_date)),
                figure("Median days to close", days_text(f.median_days_to_close)),
                figure(
                    "90th percentile days to close",
                    days_text(f.p90_days_to_close.map(|d| d as f64)),
                ),
                figure(
                    &format!("Open on {}", period.to),
                    f.open_at_end,
                ),
                figure(&format!("Overdue on {}", period.to), f.overdue_at_end),
                figure("Extensions taken", f.extensions),
                figure("PDPO log book refusals", f.pdpo_refusals),
            ]),
            Block::Paragraph {
                text: "Dates are the office's (Hong Kong) calendar dates. On time means closed on or before the due date as recorded, extension included, counted among the requests closed in the period that have a due date. Days to close are calendar days from receipt to closing; the median averages the two middle values of an even count and the 90th percentile is the nearest rank.".into(),
            },
        ],
    ));

    // Received and closed per type and month.
    let mut per: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    for r in facts.received() {
        per.entry((super::month_key(r.received), r.kind.clone()))
            .or_default()
            .0 += 1;
    }
    for r in facts.closed() {
        if let Some(c) = r.closed {
            per.entry((super::month_key(c), r.kind.clone()))
                .or_default()
                .1 += 1;
        }
    }
    let type_order = |k: &str| TYPES.iter().position(|t| *t == k).unwrap_or(TYPES.len());
    let mut keys: Vec<_> = per.keys().cloned().collect();
    keys.sort_by(|a, b| (&a.0, type_order(&a.1), &a.1).cmp(&(&b.0, type_order(&b.1), &b.1)));
    let mut table = Table::new(
        "Per month",
        "Requests received and closed, per month and type",
        &["Month", "Type", "Received", "Closed"],
        "No request was received or closed in the period.",
    )
    .primary();
    for key in keys {
        let (received, closed) = per[&key];
        table.rows.push(vec![
            key.0.clone().into(),
            type_label(&key.1).into(),
            received.into(),
            closed.into(),
        ]);
    }
    let month_totals = |pick: fn(&(i64, i64)) -> i64| -> Vec<Option<f64>> {
        months
            .iter()
            .map(|m| {
                Some(
                    per.iter()
                        .filter(|((month, _), _)| month == m)
                        .map(|(_, v)| pick(v))
                        .sum::<i64>() as f64,
                )
            })
            .collect()
    };
    let chart = Chart::new(
        "Requests per month",
        Style::Bars,
        months.clone(),
        vec![
            Series {
                name: "received".into(),
                values: month_totals(|v| v.0),
            },
            Series {
                name: "closed".into(),
                values: month_totals(|v| v.1),
            },
        ],
        "requests",
        None,
    );
    sections.push(Section::new(
        "Received and closed per month",
        vec![Block::Chart(chart), Block::Table(table)],
    ));

    // Timeliness: on-time rate per month of closing, and per type.
    let closed: Vec<&Request> = facts.closed().collect();
    let mut by_month = Table::new(
        "On time by month",
        "Requests closed on time, by month of closing",
        &[
            "Month",
            "Closed",
            "With due date",
            "On time",
            "On-time rate (%)",
        ],
        "No request was closed in the period.",
    );
    let mut rates = Vec::new();
    for m in &months {
        let in_month: Vec<&Request> = closed
            .iter()
            .copied()
            .filter(|r| r.closed.is_some_and(|c| &super::month_key(c) == m))
            .collect();
        let (on, with_due) = on_time(&in_month);
        let rate = percent(on, with_due);
        rates.push(rate);
        if !in_month.is_empty() {
            by_month.rows.push(vec![
                m.clone().into(),
                in_month.len().into(),
                with_due.into(),
                on.into(),
                rate.map(Cell::Decimal).unwrap_or_else(|| "".into()),
            ]);
        }
    }
    let mut by_type = Table::new(
        "Days to close",
        "Timeliness per type of request",
        &[
            "Type",
            "Closed",
            "On time",
            "On-time rate (%)",
            "Median days to close",
            "90th percentile days",
        ],
        "No request was closed in the period.",
    );
    for kind in TYPES {
        let of_type: Vec<&Request> = closed.iter().copied().filter(|r| r.kind == *kind).collect();
        if of_type.is_empty() {
            continue;
        }
        let (on, with_due) = on_time(&of_type);
        let days = days_to_close(&of_type);
        by_type.rows.push(vec![
            type_label(kind).into(),
            of_type.len().into(),
            on.into(),
            percent(on, with_due)
                .map(Cell::Decimal)
                .unwrap_or_else(|| "".into()),
            median(&days)
                .map(Cell::Decimal)
                .unwrap_or_else(|| "".into()),
            percentile(&days, 90)
                .map(Cell::Int)
                .unwrap_or_else(|| "".into()),
        ]);
    }
    let rate_chart = Chart::new(
        "On-time rate by month of closing",
        Style::Line,
        months.clone(),
        vec![Series {
            name: "on time".into(),
            values: rates,
        }],
        "%",
        Some(100.0),
    );
    sections.push(Section::new(
        "Answered on time",
        vec![
            Block::Chart(rate_chart),
            Block::Table(by_month),
            Block::Table(by_type),
        ],
    ));

    // Open and overdue at the period's end.
    let to = period.to;
    let mut open = Table::new(
        "Open",
        format!("Requests open on {to}"),
        &[
            "Request",
            "Type",
            "Jurisdiction",
            "Received",
            "Due",
            "Status now",
            "Days overdue",
        ],
        "No request was open at the period's end.",
    );
    let mut open_list: Vec<&Request> = facts.open_at_end().collect();
    open_list.sort_by_key(|r| (r.due.unwrap_or(NaiveDate::MAX), r.id));
    for r in open_list {
        let overdue = r.due.filter(|d| *d < to).map(|d| (to - d).num_days());
        open.rows.push(vec![
            r.id.into(),
            type_label(&r.kind).into(),
            r.jurisdiction.clone().into(),
            r.received.into(),
            r.due.into(),
            type_label(&r.status).into(),
            overdue.map(Cell::Int).unwrap_or_else(|| "".into()),
        ]);
    }
    sections.push(Section::new(
        "Open and overdue at the period's end",
        vec![
            Block::Paragraph {
                text: format!(
                    "{} request(s) were open on {}, {} of them past their due date. \"Status now\" is the request's status today; a request closed after the period was open at its end.",
                    f.open_at_end, super::long_date(to), f.overdue_at_end
                ),
            },
            Block::Table(open),
        ],
    ));

    // Extensions.
    let mut ext = Table::new(
        "Extensions",
        "Extensions taken in the period",
        &[
            "Request",
            "Type",
            "Jurisdiction",
            "Received",
            "Extended on",
            "Notice due by",
            "Due date now",
            "Reason",
        ],
        "No extension was taken in the period.",
    );
    for r in facts.extended() {
        ext.rows.push(vec![
            r.id.into(),
            type_label(&r.kind).into(),
            r.jurisdiction.clone().into(),
            r.received.into(),
            r.extended.into(),
            r.extension_notice_due.clone().into(),
            r.due.into(),
            r.extension_reason.clone().into(),
        ]);
    }
    sections.push(Section::new("Extensions", vec![Block::Table(ext)]));

    // The PDPO s.27 log book.
    let mut log = Table::new(
        "PDPO log book",
        "PDPO s.27 log book: refusals in the period",
        &[
            "Entry",
            "Request",
            "Type",
            "Refused on",
            "Reasons",
            "Logged by",
        ],
        "No access or correction request was refused under the PDPO in the period.",
    );
    for r in refusals {
        log.rows.push(vec![
            r.id.into(),
            r.request_id.into(),
            type_label(&r.request_type).into(),
            r.refused_on.into(),
            r.reasons.into(),
            r.logged_by.into(),
        ]);
    }
    sections.push(Section::new(
        "PDPO log book extract",
        vec![
            Block::Paragraph {
                text: "Refused data access and correction requests under the Personal Data (Privacy) Ordinance, as the s.27 log book records them; entries are kept at least four years.".into(),
            },
            Block::Table(log),
        ],
    ));
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_an_even_count_averages_the_middle_two() {
        assert_eq!(median(&[10, 2, 8, 4]), Some(6.0));
        assert_eq!(median(&[5, 1, 3]), Some(3.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn p90_is_the_nearest_rank() {
        assert_eq!(percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), Some(9));
        assert_eq!(
            percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90),
            Some(10)
        );
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 90), None);
    }
}
