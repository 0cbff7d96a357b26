//! What `workbench dev bench` measures, in-process, on a (generated) register: opening
//! it, a page of the requests inbox as officers filter and sort it, full-text search,
//! a page of merchants, a page of the retention list (the first after a change, and any
//! page after it), the dashboard's counts, every check, and the rights report as HTML.
//! Each is run many times with varied filters and terms; the report gives the median and
//! 95th percentile.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;

use super::rng::Rng;
use crate::db::Register;
use crate::error::Result;
use crate::register::merchants::{self, MerchantQuery};
use crate::register::requests::{self, RequestQuery, SORTS, STATUSES, TYPES};
use crate::register::retention;
use crate::reports::{self, Format, Kind, Period};

/// How much to measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchParams {
    /// Runs of each page, search and merchants case.
    pub runs: usize,
    /// Opens of the register.
    pub opens: usize,
    /// Runs of the slow whole-register cases (check, report).
    pub slow_runs: usize,
    /// The day the requests are due, overdue and reported as of.
    pub today: NaiveDate,
    pub seed: u64,
}

impl Default for BenchParams {
    fn default() -> BenchParams {
        BenchParams {
            runs: 200,
            opens: 15,
            slow_runs: 3,
            today: crate::time::today(),
            seed: 1,
        }
    }
}

/// One measured case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stat {
    pub name: String,
    /// What was measured, in a sentence.
    pub what: String,
    pub runs: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    /// The slowest runs and what they asked (page and search cases), slowest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub slowest: Vec<Slow>,
}

/// One slow run of a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slow {
    pub ms: f64,
    /// The query, as the desktop would send it.
    pub query: serde_json::Value,
}

/// How many of the slowest runs a case keeps.
const SLOWEST: usize = 5;

/// Everything measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    pub register: String,
    pub register_bytes: u64,
    pub requests: i64,
    pub messages: i64,
    pub events: i64,
    pub merchants: i64,
    pub authorizations: i64,
    pub today: NaiveDate,
    pub results: Vec<Stat>,
}

/// A case's stat, with its slowest runs named by the queries they ran.
fn stat_with_queries<Q: Serialize>(name: &str, what: &str, runs: Vec<(f64, Q)>) -> Stat {
    let mut slowest: Vec<&(f64, Q)> = runs.iter().collect();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    let slowest = slowest
        .into_iter()
        .take(SLOWEST)
        .map(|(ms, q)| Slow {
            ms: *ms,
            query: serde_json::to_value(q).unwrap_or_default(),
        })
        .collect();
    Stat {
        slowest,
        ..stat(name, what, runs.into_iter().map(|(ms, _)| ms).collect())
    }
}

fn stat(name: &str, what: &str, mut samples: Vec<f64>) -> Stat {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let rank = ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len().max(1));
        samples.get(rank - 1).copied().unwrap_or_default()
    };
    Stat {
        name: name.into(),
        what: what.into(),
        runs: samples.len(),
        p50_ms: at(0.5),
        p95_ms: at(0.95),
        min_ms: samples.first().copied().unwrap_or_default(),
        max_ms: samples.last().copied().unwrap_or_default(),
        slowest: Vec::new(),
    }
}

fn timed<T>(samples: &mut Vec<f64>, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let started = Instant::now();
    let value = f()?;
    samples.push(started.elapsed().as_secs_f64() * 1000.0);
    Ok(value)
}

/// How long `f` took, in milliseconds.
fn time_ms<T>(f: impl FnOnce() -> Result<T>) -> Result<f64> {
    let mut samples = Vec::with_capacity(1);
    timed(&mut samples, f)?;
    Ok(samples[0])
}

/// What officers type into the search box: names, addresses, shops, phrases, Chinese
/// words and names, request numbers, the start of a word.
const TERMS: &[&str] = &[
    "Chan",
    "Wong Ka Yan",
    "gmail",
    "netvigator",
    "Harbour",
    "Jade Tea",
    "delete my account",
    "copy of my personal data",
    "withdr",
    "authoriz",
    "delivery address",
    "right to be forgotten",
    "Müller",
    "刪除",
    "個人資料",
    "查閱資料要求",
    "陳大文",
    "更正",
    "撤回授權",
    "#4521",
    "order 1234",
    "myshopify",
    "Shopify customers redact",
    "proton",
];

fn page_query(rng: &mut Rng) -> RequestQuery {
    let mut q = RequestQuery::default();
    match rng.below(6) {
        0 => {}
        1 | 2 => q.status = Some(rng.one(STATUSES).to_string()),
        3 => q.kind = Some(rng.one(TYPES).to_string()),
        4 => q.overdue = true,
        _ => q.due_within = Some(rng.one(&[7, 14, 30])),
    }
    q.sort = Some(rng.one(SORTS).to_string());
    q.descending = rng.chance(0.3);
    q.offset = rng.one(&[0, 0, 0, 50, 100, 500, 1000]);
    q
}

/// Measures the register at `path` (opened with `passphrase` when encrypted).
pub fn run(path: &Path, passphrase: Option<&str>, p: &BenchParams) -> Result<BenchReport> {
    let mut opens = Vec::new();
    for _ in 0..p.opens.max(1) {
        timed(&mut opens, || {
            Register::open_existing_with(path, passphrase)
        })?;
    }
    let reg = Register::open_existing_with(path, passphrase)?;
    let conn = reg.conn();
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let mut results = vec![stat(
        "open",
        "Register::open_existing: lock, keys, schema check, pragmas",
        opens,
    )];

    let mut rng = Rng::new(p.seed);
    let (mut pages, mut searches, mut merchant_pages) = (Vec::new(), Vec::new(), Vec::new());
    let mut retention_pages = Vec::new();
    // The first page counts every record by the day of its event, once per change.
    let mut retention_first = Vec::new();
    let retention_total = timed(&mut retention_first, || {
        retention::items_page(conn, p.today, 50, 0)
    })?
    .total;
    let retention_offsets = [
        0,
        50,
        1000,
        retention_total / 2,
        retention_total.saturating_sub(50),
    ];
    for _ in 0..p.runs {
        let q = page_query(&mut rng);
        let ms = time_ms(|| requests::page(conn, &q, p.today))?;
        pages.push((ms, q));
        let mut q = page_query(&mut rng);
        if rng.chance(0.6) {
            q = RequestQuery::default();
        }
        q.search = Some(rng.one(TERMS).to_string());
        let ms = time_ms(|| requests::page(conn, &q, p.today))?;
        searches.push((ms, q));
        let q = MerchantQuery {
            search: rng.chance(0.5).then(|| {
                rng.one(&["tea", "harbour", "co", "lab", "jade", "@"])
                    .to_string()
            }),
            offset: rng.one(&[0, 0, 50, 1000]),
            ..MerchantQuery::default()
        };
        let ms = time_ms(|| merchants::page(conn, &q))?;
        merchant_pages.push((ms, q));
        let offset = rng.one(&retention_offsets);
        let ms = time_ms(|| retention::items_page(conn, p.today, 50, offset))?;
        retention_pages.push((ms, serde_json::json!({ "offset": offset })));
    }
    results.push(stat_with_queries(
        "requests_page",
        "a page of 50 requests: filtered by status, type, overdue or due soon; sorted by any column",
        pages,
    ));
    results.push(stat_with_queries(
        "requests_search",
        "a page of 50 requests matching words (English, Chinese, names, addresses, ids), some filtered too",
        searches,
    ));
    results.push(stat_with_queries(
        "merchants_page",
        "a page of 50 merchants, half of them searched by name, domain or email",
        merchant_pages,
    ));
    results.push(stat(
        "retention_first_page",
        "the retention list's first page on a register just opened or changed: every record counted by day",
        retention_first,
    ));
    results.push(stat_with_queries(
        "retention_page",
        "a page of 50 retention items, soonest due first: the first, the second, one deep in and the last",
        retention_pages,
    ));

    let mut dashboard = Vec::new();
    let mut checks = Vec::new();
    let mut report = Vec::new();
    let out = std::env::temp_dir().join(format!("workbench-bench-{}.html", std::process::id()));
    let period = Period::from_args(None, None, p.today)?;
    for _ in 0..p.slow_runs.max(1) {
        timed(&mut dashboard, || {
            crate::status::status(&reg)?;
            requests::summary(conn, p.today)
        })?;
        timed(&mut checks, || crate::checks::run(conn, p.today))?;
        timed(&mut report, || {
            reports::generate(
                conn,
                Kind::Rights,
                period,
                Format::Html,
                &out,
                &mut |_, _| {},
            )
        })?;
    }
    let _ = std::fs::remove_file(&out);
    results.push(stat(
        "dashboard",
        "the dashboard's figures: the register's counts and the open requests by urgency",
        dashboard,
    ));
    results.push(stat(
        "check",
        "every compliance check (`workbench check`)",
        checks,
    ));
    results.push(stat(
        "rights_report_html",
        "the rights report for the last 12 months as HTML, written to a file",
        report,
    ));
    Ok(BenchReport {
        register: path.display().to_string(),
        register_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or_default(),
        requests: count("SELECT count(*) FROM rights_requests")?,
        messages: count("SELECT count(*) FROM request_messages")?,
        events: count("SELECT count(*) FROM request_events")?,
        merchants: count("SELECT count(*) FROM merchants")?,
        authorizations: count("SELECT count(*) FROM authorizations")?,
        today: p.today,
        results,
    })
}
