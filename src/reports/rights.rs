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
//!
//! **How the register is read.** A register may hold a million requests, so
//! nothing here loads them all. Requests received in the period are counted
//! by SQL (`GROUP BY` date of receipt and type); requests closed in the period
//! are read four narrow columns at a time, found by a range on `closed_at`,
//! and tallied into counts and a histogram of days to close (the median and
//! 90th percentile come from the histogram, exactly); the open requests are
//! the ones open now plus those closed after the period; the extensions and
//! the log book are the period's rows. Listings stop at [`Options::max_rows`]
//! and count the rest. Each range on a stored text is a prefilter with a
//! margin of two days; the exact office date is worked out in Rust, as the
//! deadline is, so the figures are the ones the register's rows give.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::Serialize;

use super::charts::{Chart, Series, Style};
use super::lang::{self, Lang};
use super::{figure, percent, stored_date, Block, Cell, Kind, Options, Period, Section, Table};
use crate::error::Result;
use crate::register::requests::TYPES;
use crate::rules::{self, Rules};

/// A request's office date of receipt, as SQL.
const RECEIVED: &str = "received_on";

/// Statuses that close a request, as SQL.
const CLOSED_SQL: &str = "('completed', 'refused', 'withdrawn')";

/// How many calendar days a stored text's own date may differ from the office
/// date it stands for (an instant with any UTC offset, read on the office's
/// clock, is within a day of the date it starts with).
const MARGIN_DAYS: u64 = 2;

/// The median of `values` (sorted or not): the middle one, or the mean of the two
/// middle ones.
pub fn median(values: &[i64]) -> Option<f64> {
    Histogram::of(values).median()
}

/// The `p`th percentile by nearest rank: the smallest value with at least `p`% of
/// the values at or below it.
pub fn percentile(values: &[i64], p: u32) -> Option<i64> {
    Histogram::of(values).percentile(p)
}

/// How many times each value occurs: the median and percentiles of a million
/// values without holding them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Histogram {
    counts: BTreeMap<i64, usize>,
    total: usize,
}

impl Histogram {
    fn of(values: &[i64]) -> Histogram {
        let mut h = Histogram::default();
        for v in values {
            h.add(*v, 1);
        }
        h
    }

    fn add(&mut self, value: i64, times: usize) {
        *self.counts.entry(value).or_default() += times;
        self.total += times;
    }

    fn merge(&mut self, other: &Histogram) {
        for (v, n) in &other.counts {
            self.add(*v, *n);
        }
    }

    /// The value at 0-based `index` in sorted order.
    fn nth(&self, index: usize) -> Option<i64> {
        let mut seen = 0;
        for (v, n) in &self.counts {
            seen += n;
            if index < seen {
                return Some(*v);
            }
        }
        None
    }

    fn median(&self) -> Option<f64> {
        let n = self.total;
        match n {
            0 => None,
            _ if n % 2 == 1 => self.nth(n / 2).map(|v| v as f64),
            _ => Some((self.nth(n / 2 - 1)? + self.nth(n / 2)?) as f64 / 2.0),
        }
    }

    fn percentile(&self, p: u32) -> Option<i64> {
        if self.total == 0 {
            return None;
        }
        let rank = (u64::from(p) * self.total as u64).div_ceil(100).max(1) as usize;
        self.nth(rank - 1)
    }
}

/// Requests closed in the period (or a part of them): how many, how many had a
/// due date and met it, and the days they took.
#[derive(Debug, Clone, Default)]
struct Tally {
    closed: usize,
    with_due: usize,
    on_time: usize,
    days: Histogram,
}

impl Tally {
    fn add(&mut self, due: Option<NaiveDate>, closed: NaiveDate, days: i64) {
        self.closed += 1;
        if let Some(due) = due {
            self.with_due += 1;
            if closed <= due {
                self.on_time += 1;
            }
        }
        self.days.add(days, 1);
    }

    fn merge(&mut self, other: &Tally) {
        self.closed += other.closed;
        self.with_due += other.with_due;
        self.on_time += other.on_time;
        self.days.merge(&other.days);
    }
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

/// The requests table, read for one period.
///
/// A request's office date of receipt is its `received_on`: every request
/// has one since schema 2, whose migration filled it in from `received_at`
/// for older ones, so reading that column alone lets an index on
/// `(received_on, type)` answer the counts. A request without a readable one
/// is left out.
struct Reader<'c> {
    conn: &'c Connection,
    rules: &'static Rules,
    period: Period,
}

/// An ISO date as SQL compares it.
fn iso(day: NaiveDate) -> String {
    day.to_string()
}

/// `YYYY-MM-DD` read digit by digit (a million of them); anything else as
/// [`stored_date`] reads it.
fn date_of(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10]))
        {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    stored_date(text)
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// A UTC instant as the register writes it, `YYYY-MM-DDTHH:MM:SSZ`: its date
/// and the seconds into that day.
fn utc_instant(text: &str) -> Option<(NaiveDate, i64)> {
    let b = text.as_bytes();
    if b.len() != 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let (h, m, s) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )?;
    Some((day, i64::from(h * 3600 + m * 60 + s)))
}

/// The office date of a stored instant (or of a stored date).
fn office_date(rules: &Rules, instant: &str) -> Option<NaiveDate> {
    // The register writes instants as `YYYY-MM-DDTHH:MM:SSZ`: read those
    // directly (a million of them), anything else through chrono.
    let offset = i64::from(rules.office_offset.local_minus_utc());
    if let Some(day) = utc_instant(instant).and_then(|(day, secs)| {
        day.checked_add_signed(chrono::TimeDelta::days((secs + offset).div_euclid(86_400)))
    }) {
        return Some(day);
    }
    chrono::DateTime::parse_from_rfc3339(instant)
        .ok()
        .map(|t| rules.office_date(t.with_timezone(&chrono::Utc)))
        .or_else(|| stored_date(instant))
}

fn text(v: ValueRef<'_>) -> Option<&str> {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t).ok(),
        _ => None,
    }
}

impl<'c> Reader<'c> {
    fn new(conn: &'c Connection, period: Period) -> Result<Reader<'c>> {
        let rules = rules::bundled()?;
        Ok(Reader {
            conn,
            rules,
            period,
        })
    }

    fn office_date(&self, instant: &str) -> Option<NaiveDate> {
        office_date(self.rules, instant)
    }

    /// `day` moved by the prefilter's margin, as SQL compares it.
    fn before(day: NaiveDate) -> String {
        iso(day.checked_sub_days(Days::new(MARGIN_DAYS)).unwrap_or(day))
    }

    fn after(day: NaiveDate) -> String {
        iso(day.checked_add_days(Days::new(MARGIN_DAYS)).unwrap_or(day))
    }

    /// Requests received in the period, per (date received, type).
    fn received_per_day(&self) -> Result<Vec<(NaiveDate, String, i64)>> {
        let r = RECEIVED;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {r}, type, count(*) FROM rights_requests
             WHERE {r} >= ?1 AND {r} < ?2 GROUP BY {r}, type"
        ))?;
        let next = self.period.to.succ_opt().unwrap_or(self.period.to);
        let mut rows = stmt.query([iso(self.period.from), iso(next)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let Some(day) = text(row.get_ref(0)?).and_then(date_of) else {
                continue;
            };
            if self.period.contains(day) {
                out.push((day, row.get(1)?, row.get(2)?));
            }
        }
        Ok(out)
    }

    /// Requests closed in the period: a tally per (month closed, type).
    fn closed(&self) -> Result<BTreeMap<(String, String), Tally>> {
        // `+status`: the range on `closed_at` is the selective part, not the status.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT type, {}, due_date, closed_at FROM rights_requests
             WHERE +status IN {CLOSED_SQL} AND closed_at >= ?1 AND closed_at < ?2",
            RECEIVED
        ))?;
        let mut rows = stmt.query([
            Reader::before(self.period.from),
            Reader::after(self.period.to),
        ])?;
        let mut out: BTreeMap<(String, String), Tally> = BTreeMap::new();
        while let Some(row) = rows.next()? {
            let Some(closed) = text(row.get_ref(3)?).and_then(|c| self.office_date(c)) else {
                continue;
            };
            if !self.period.contains(closed) {
                continue;
            }
            let Some(received) = text(row.get_ref(1)?).and_then(date_of) else {
                continue;
            };
            let due = text(row.get_ref(2)?).and_then(date_of);
            let kind = text(row.get_ref(0)?).unwrap_or_default();
            let key = (super::month_key(closed), kind.to_string());
            out.entry(key)
                .or_default()
                .add(due, closed, (closed - received).num_days());
        }
        Ok(out)
    }

    /// Requests open at the period's end (received by then, not closed by
    /// then): how many, how many past their due date, and the first
    /// `opts.max_rows` of them by due date.
    fn open_at_end(&self, opts: &Options) -> Result<(usize, usize, Vec<Open>)> {
        let to = self.period.to;
        let r = RECEIVED;
        // Open now (an index of open requests answers the first part), or
        // closed after the period's end or with no closing instant (a range on
        // `closed_at`). `+`: received by the end is nearly every request, so
        // never the index to search by. Only what the counting needs is read
        // here; the listed requests' details come after, by id.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, {r}, due_date, NULL FROM rights_requests
             WHERE status NOT IN {CLOSED_SQL} AND +{r} < ?1
             UNION ALL
             SELECT id, {r}, due_date, closed_at FROM rights_requests
             WHERE +status IN {CLOSED_SQL} AND (closed_at IS NULL OR closed_at >= ?2) AND +{r} < ?1"
        ))?;
        let next = to.succ_opt().unwrap_or(to);
        let mut rows = stmt.query([iso(next), Reader::before(to)])?;
        let mut open = Vec::new();
        let mut overdue = 0;
        while let Some(row) = rows.next()? {
            let Some(received) = text(row.get_ref(1)?).and_then(date_of) else {
                continue;
            };
            let closed = text(row.get_ref(3)?).and_then(|c| self.office_date(c));
            if received > to || closed.is_some_and(|c| c <= to) {
                continue;
            }
            let due = text(row.get_ref(2)?).and_then(date_of);
            if due.is_some_and(|d| d < to) {
                overdue += 1;
            }
            open.push((
                due.unwrap_or(NaiveDate::MAX),
                row.get::<_, i64>(0)?,
                received,
            ));
        }
        let count = open.len();
        open.sort_unstable();
        if let Some(max) = opts.max_rows {
            open.truncate(max);
        }
        let mut details = self
            .conn
            .prepare("SELECT type, status, jurisdiction FROM rights_requests WHERE id = ?1")?;
        let mut list = Vec::with_capacity(open.len());
        for (due, id, received) in open {
            let (kind, status, jurisdiction) =
                details.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            list.push(Open {
                id,
                kind,
                status,
                jurisdiction,
                received,
                due: (due != NaiveDate::MAX).then_some(due),
            });
        }
        Ok((count, overdue, list))
    }

    /// Extensions taken in the period: how many, and the first
    /// `opts.max_rows` by request.
    fn extensions(&self, opts: &Options) -> Result<(usize, Vec<Extension>)> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, type, jurisdiction, {}, extended_at, extension_notice_due, due_date,
                    extension_reason
             FROM rights_requests WHERE extended_at >= ?1 AND extended_at < ?2 ORDER BY id",
            RECEIVED
        ))?;
        let mut rows = stmt.query([
            Reader::before(self.period.from),
            Reader::after(self.period.to),
        ])?;
        let (mut count, mut list) = (0, Vec::new());
        while let Some(row) = rows.next()? {
            let Some(extended) = text(row.get_ref(4)?).and_then(|e| self.office_date(e)) else {
                continue;
            };
            let Some(received) = text(row.get_ref(3)?).and_then(date_of) else {
                continue;
            };
            if !self.period.contains(extended) {
                continue;
            }
            count += 1;
            if opts.room(list.len()) {
                list.push(Extension {
                    id: row.get(0)?,
                    kind: row.get(1)?,
                    jurisdiction: row.get(2)?,
                    received,
                    extended,
                    notice_due: row.get(5)?,
                    due: text(row.get_ref(6)?).and_then(date_of),
                    reason: row.get(7)?,
                });
            }
        }
        Ok((count, list))
    }

    /// The log book's refusals in the period: how many, and the first
    /// `opts.max_rows` by date.
    fn refusals(&self, opts: &Options) -> Result<(usize, Vec<Refusal>)> {
        let (from, to) = (iso(self.period.from), iso(self.period.to));
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM pdpo_refusal_log WHERE refused_on >= ?1 AND refused_on <= ?2",
            [&from, &to],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT id, request_id, request_type, refused_on, reasons, logged_by
             FROM pdpo_refusal_log WHERE refused_on >= ?1 AND refused_on <= ?2
             ORDER BY refused_on, id LIMIT ?3",
        )?;
        let rows = stmt.query_map(rusqlite::params![from, to, opts.sql_limit()], |r| {
            Ok(Refusal {
                id: r.get(0)?,
                request_id: r.get(1)?,
                request_type: r.get(2)?,
                refused_on: r.get(3)?,
                reasons: r.get(4)?,
                logged_by: r.get(5)?,
            })
        })?;
        Ok((
            usize::try_from(count).unwrap_or(0),
            rows.collect::<rusqlite::Result<_>>()?,
        ))
    }
}

struct Open {
    id: i64,
    kind: String,
    status: String,
    jurisdiction: String,
    received: NaiveDate,
    due: Option<NaiveDate>,
}

struct Extension {
    id: i64,
    kind: String,
    jurisdiction: String,
    received: NaiveDate,
    extended: NaiveDate,
    notice_due: Option<String>,
    due: Option<NaiveDate>,
    reason: Option<String>,
}

struct Refusal {
    id: i64,
    request_id: i64,
    request_type: String,
    refused_on: String,
    reasons: String,
    logged_by: String,
}

/// What came in and went out in the period, from aggregates.
struct Volumes {
    /// (month, type) → (received, closed).
    per: BTreeMap<(String, String), (i64, i64)>,
    received: usize,
    /// Every request closed in the period.
    all: Tally,
    by_month: BTreeMap<String, Tally>,
    by_type: BTreeMap<String, Tally>,
}

fn volumes(reader: &Reader<'_>) -> Result<Volumes> {
    let mut per: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
    let mut received = 0;
    for (day, kind, n) in reader.received_per_day()? {
        per.entry((super::month_key(day), kind)).or_default().0 += n;
        received += usize::try_from(n).unwrap_or(0);
    }
    let mut all = Tally::default();
    let mut by_month: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_type: BTreeMap<String, Tally> = BTreeMap::new();
    for ((month, kind), tally) in reader.closed()? {
        per.entry((month.clone(), kind.clone())).or_default().1 += tally.closed as i64;
        all.merge(&tally);
        by_month.entry(month).or_default().merge(&tally);
        by_type.entry(kind).or_default().merge(&tally);
    }
    Ok(Volumes {
        per,
        received,
        all,
        by_month,
        by_type,
    })
}

/// The period's rights figures.
pub fn figures(conn: &Connection, period: Period) -> Result<RightsFigures> {
    let reader = Reader::new(conn, period)?;
    let counts_only = Options {
        lang: Lang::En,
        max_rows: Some(0),
    };
    let v = volumes(&reader)?;
    let (open, overdue, _) = reader.open_at_end(&counts_only)?;
    let (extensions, _) = reader.extensions(&counts_only)?;
    let (refusals, _) = reader.refusals(&counts_only)?;
    Ok(compute(&v, open, overdue, extensions, refusals))
}

fn compute(
    v: &Volumes,
    open_at_end: usize,
    overdue_at_end: usize,
    extensions: usize,
    pdpo_refusals: usize,
) -> RightsFigures {
    RightsFigures {
        received: v.received,
        closed: v.all.closed,
        closed_with_due_date: v.all.with_due,
        closed_on_time: v.all.on_time,
        on_time_rate: percent(v.all.on_time, v.all.with_due),
        median_days_to_close: v.all.days.median(),
        p90_days_to_close: v.all.days.percentile(90),
        open_at_end,
        overdue_at_end,
        extensions,
        pdpo_refusals,
    }
}

/// The two charts: requests per month, and the on-time rate by month of closing.
fn draw_charts(v: &Volumes, period: Period, lang: Lang) -> (Chart, Chart) {
    let months = period.months();
    let month_totals = |pick: fn(&(i64, i64)) -> i64| -> Vec<Option<f64>> {
        months
            .iter()
            .map(|m| {
                Some(
                    v.per
                        .iter()
                        .filter(|((month, _), _)| month == m)
                        .map(|(_, n)| pick(n))
                        .sum::<i64>() as f64,
                )
            })
            .collect()
    };
    let volumes = Chart::new(
        lang,
        lang::CHART_PER_MONTH.get(lang),
        Style::Bars,
        months.clone(),
        vec![
            Series {
                name: lang::SERIES_RECEIVED.get(lang).into(),
                values: month_totals(|n| n.0),
            },
            Series {
                name: lang::SERIES_CLOSED.get(lang).into(),
                values: month_totals(|n| n.1),
            },
        ],
        lang::UNIT_REQUESTS.get(lang),
        None,
    );
    let rates = months
        .iter()
        .map(|m| {
            v.by_month
                .get(m)
                .and_then(|t| percent(t.on_time, t.with_due))
        })
        .collect();
    let on_time = Chart::new(
        lang,
        lang::CHART_ON_TIME.get(lang),
        Style::Line,
        months.clone(),
        vec![Series {
            name: lang::SERIES_ON_TIME.get(lang).into(),
            values: rates,
        }],
        "%",
        Some(100.0),
    );
    (volumes, on_time)
}

/// The report's charts alone, for the dashboard: aggregates only.
pub(super) fn charts(conn: &Connection, period: Period, lang: Lang) -> Result<Vec<Chart>> {
    let v = volumes(&Reader::new(conn, period)?)?;
    let (a, b) = draw_charts(&v, period, lang);
    Ok(vec![a, b])
}

fn decimal(x: Option<f64>) -> Cell {
    x.map(Cell::Decimal).unwrap_or_else(|| "".into())
}

/// The report's sections.
pub(super) fn sections(conn: &Connection, period: Period, opts: &Options) -> Result<Vec<Section>> {
    let lang = opts.lang;
    let t = |m: lang::Msg| m.get(lang);
    let reader = Reader::new(conn, period)?;
    let v = volumes(&reader)?;
    let (open_count, overdue_count, open_list) = reader.open_at_end(opts)?;
    let (extension_count, extension_list) = reader.extensions(opts)?;
    let (refusal_count, refusal_list) = reader.refusals(opts)?;
    let f = compute(
        &v,
        open_count,
        overdue_count,
        extension_count,
        refusal_count,
    );
    let to = period.to;
    let mut sections = Vec::new();

    sections.push(Section::new(
        t(lang::SUMMARY),
        vec![
            Block::Figures(vec![
                figure(t(lang::REQUESTS_RECEIVED), f.received),
                figure(t(lang::REQUESTS_CLOSED), f.closed),
                figure(
                    t(lang::ON_TIME_RATE),
                    lang::rate(
                        lang,
                        f.on_time_rate,
                        f.closed_on_time,
                        f.closed_with_due_date,
                    ),
                ),
                figure(
                    t(lang::MEDIAN_DAYS),
                    lang::days(lang, f.median_days_to_close),
                ),
                figure(
                    t(lang::P90_DAYS),
                    lang::days(lang, f.p90_days_to_close.map(|d| d as f64)),
                ),
                figure(&lang::open_on(lang, to), f.open_at_end),
                figure(&lang::overdue_on(lang, to), f.overdue_at_end),
                figure(t(lang::EXTENSIONS_TAKEN), f.extensions),
                figure(t(lang::PDPO_REFUSALS), f.pdpo_refusals),
            ]),
            Block::Paragraph {
                text: t(lang::RIGHTS_NOTE).into(),
            },
        ],
    ));

    // Received and closed per type and month.
    let type_order = |k: &str| TYPES.iter().position(|t| *t == k).unwrap_or(TYPES.len());
    let mut keys: Vec<_> = v.per.keys().cloned().collect();
    keys.sort_by(|a, b| (&a.0, type_order(&a.1), &a.1).cmp(&(&b.0, type_order(&b.1), &b.1)));
    let mut table = Table::new(
        t(lang::PER_MONTH_SHEET),
        t(lang::PER_MONTH_CAPTION),
        &[
            t(lang::COL_MONTH),
            t(lang::COL_TYPE),
            t(lang::COL_RECEIVED),
            t(lang::COL_CLOSED),
        ],
        t(lang::PER_MONTH_EMPTY),
    )
    .primary();
    for key in keys {
        let (received, closed) = v.per[&key];
        table.rows.push(vec![
            key.0.clone().into(),
            lang::request_type(lang, &key.1).into(),
            received.into(),
            closed.into(),
        ]);
    }
    let (volume_chart, rate_chart) = draw_charts(&v, period, lang);
    sections.push(Section::new(
        t(lang::PER_MONTH_HEADING),
        vec![Block::Chart(volume_chart), Block::Table(table)],
    ));

    // Timeliness: on-time rate per month of closing, and per type.
    let mut by_month = Table::new(
        t(lang::ON_TIME_MONTH_SHEET),
        t(lang::ON_TIME_MONTH_CAPTION),
        &[
            t(lang::COL_MONTH),
            t(lang::COL_CLOSED),
            t(lang::COL_WITH_DUE),
            t(lang::COL_ON_TIME),
            t(lang::COL_ON_TIME_RATE),
        ],
        t(lang::NONE_CLOSED),
    );
    for m in period.months() {
        let Some(tally) = v.by_month.get(&m).filter(|t| t.closed > 0) else {
            continue;
        };
        by_month.rows.push(vec![
            m.into(),
            tally.closed.into(),
            tally.with_due.into(),
            tally.on_time.into(),
            decimal(percent(tally.on_time, tally.with_due)),
        ]);
    }
    let mut by_type = Table::new(
        t(lang::DAYS_SHEET),
        t(lang::DAYS_CAPTION),
        &[
            t(lang::COL_TYPE),
            t(lang::COL_CLOSED),
            t(lang::COL_ON_TIME),
            t(lang::COL_ON_TIME_RATE),
            t(lang::COL_MEDIAN_DAYS),
            t(lang::COL_P90_DAYS),
        ],
        t(lang::NONE_CLOSED),
    );
    for kind in TYPES {
        let Some(tally) = v.by_type.get(*kind).filter(|t| t.closed > 0) else {
            continue;
        };
        by_type.rows.push(vec![
            lang::request_type(lang, kind).into(),
            tally.closed.into(),
            tally.on_time.into(),
            decimal(percent(tally.on_time, tally.with_due)),
            decimal(tally.days.median()),
            tally
                .days
                .percentile(90)
                .map(Cell::Int)
                .unwrap_or_else(|| "".into()),
        ]);
    }
    sections.push(Section::new(
        t(lang::ON_TIME_HEADING),
        vec![
            Block::Chart(rate_chart),
            Block::Table(by_month),
            Block::Table(by_type),
        ],
    ));

    // Open and overdue at the period's end.
    let mut open = Table::new(
        t(lang::OPEN_SHEET),
        lang::open_caption(lang, to),
        &[
            t(lang::COL_REQUEST),
            t(lang::COL_TYPE),
            t(lang::COL_JURISDICTION),
            t(lang::COL_RECEIVED_ON),
            t(lang::COL_DUE),
            t(lang::COL_STATUS_NOW),
            t(lang::COL_DAYS_OVERDUE),
        ],
        t(lang::OPEN_EMPTY),
    );
    for r in open_list {
        let overdue = r.due.filter(|d| *d < to).map(|d| (to - d).num_days());
        open.rows.push(vec![
            r.id.into(),
            lang::request_type(lang, &r.kind).into(),
            r.jurisdiction.into(),
            r.received.into(),
            r.due.into(),
            lang::request_status(lang, &r.status).into(),
            overdue.map(Cell::Int).unwrap_or_else(|| "".into()),
        ]);
    }
    open.listed_of(open_count, Kind::Rights, lang);
    sections.push(Section::new(
        t(lang::OPEN_HEADING),
        vec![
            Block::Paragraph {
                text: lang::open_note(lang, f.open_at_end, to, f.overdue_at_end),
            },
            Block::Table(open),
        ],
    ));

    // Extensions.
    let mut ext = Table::new(
        t(lang::EXTENSIONS_SHEET),
        t(lang::EXTENSIONS_CAPTION),
        &[
            t(lang::COL_REQUEST),
            t(lang::COL_TYPE),
            t(lang::COL_JURISDICTION),
            t(lang::COL_RECEIVED_ON),
            t(lang::COL_EXTENDED_ON),
            t(lang::COL_NOTICE_DUE),
            t(lang::COL_DUE_NOW),
            t(lang::COL_REASON),
        ],
        t(lang::EXTENSIONS_EMPTY),
    );
    for r in extension_list {
        ext.rows.push(vec![
            r.id.into(),
            lang::request_type(lang, &r.kind).into(),
            r.jurisdiction.into(),
            r.received.into(),
            r.extended.into(),
            r.notice_due.into(),
            r.due.into(),
            r.reason.into(),
        ]);
    }
    ext.listed_of(extension_count, Kind::Rights, lang);
    sections.push(Section::new(
        t(lang::EXTENSIONS_HEADING),
        vec![Block::Table(ext)],
    ));

    // The PDPO s.27 log book.
    let mut log = Table::new(
        t(lang::LOG_SHEET),
        t(lang::LOG_CAPTION),
        &[
            t(lang::COL_ENTRY),
            t(lang::COL_REQUEST),
            t(lang::COL_TYPE),
            t(lang::COL_REFUSED_ON),
            t(lang::COL_REASONS),
            t(lang::COL_LOGGED_BY),
        ],
        t(lang::LOG_EMPTY),
    );
    for r in refusal_list {
        log.rows.push(vec![
            r.id.into(),
            r.request_id.into(),
            lang::request_type(lang, &r.request_type).into(),
            r.refused_on.into(),
            r.reasons.into(),
            r.logged_by.into(),
        ]);
    }
    log.listed_of(refusal_count, Kind::Rights, lang);
    sections.push(Section::new(
        t(lang::LOG_HEADING),
        vec![
            Block::Paragraph {
                text: t(lang::LOG_NOTE).into(),
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

    #[test]
    fn instants_read_fast_fall_on_the_office_date_chrono_gives() {
        let rules = rules::bundled().unwrap();
        let slow = |i: &str| {
            chrono::DateTime::parse_from_rfc3339(i)
                .ok()
                .map(|t| rules.office_date(t.with_timezone(&chrono::Utc)))
        };
        for instant in [
            "2026-05-20T15:59:59Z",
            "2026-05-20T16:00:00Z",
            "2026-05-20T17:00:00Z",
            "2026-05-20T00:00:00Z",
            "2026-12-31T23:59:59Z",
            "2024-02-28T16:30:00Z",
            "2026-02-28T16:30:00Z",
        ] {
            assert!(utc_instant(instant).is_some(), "{instant}");
            assert_eq!(office_date(rules, instant), slow(instant), "{instant}");
        }
        // Other shapes go through chrono or the stored date.
        assert_eq!(
            office_date(rules, "2026-05-20T17:00:00.5+00:00"),
            NaiveDate::from_ymd_opt(2026, 5, 21)
        );
        assert_eq!(
            office_date(rules, "2026-05-20"),
            NaiveDate::from_ymd_opt(2026, 5, 20)
        );
        assert_eq!(office_date(rules, "2026-02-30T01:00:00Z"), None);
        assert_eq!(date_of("2026-02-30"), None);
        assert_eq!(date_of("2026-06-30"), NaiveDate::from_ymd_opt(2026, 6, 30));
    }

    #[test]
    fn a_histogram_gives_what_the_sorted_values_give() {
        // Repeated values, as days to close are: the histogram must agree with
        // sorting every value.
        let values: Vec<i64> = (0..1001).map(|i| (i * 37) % 61).collect();
        let mut sorted = values.clone();
        sorted.sort_unstable();
        let n = sorted.len();
        assert_eq!(median(&values), Some(sorted[n / 2] as f64));
        let even = &values[..1000];
        let mut s = even.to_vec();
        s.sort_unstable();
        assert_eq!(median(even), Some((s[499] + s[500]) as f64 / 2.0));
        for p in [1, 50, 90, 99, 100] {
            let rank = (p as usize * n).div_ceil(100).max(1);
            assert_eq!(percentile(&values, p), Some(sorted[rank - 1]), "p{p}");
        }
    }
}
