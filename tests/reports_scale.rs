//! Reports on a big register: tens of thousands of requests and authorizations
//! inserted in bulk through the write path. The figures must equal plain COUNT
//! queries, a listing in HTML stops at `DOCUMENT_ROWS` and says how many more
//! there are, and the spreadsheets hold every row. Timings at a million
//! requests are measured by `scripts/bench.sh`, not here.

mod reports_fixture;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use reports_fixture::read::{csv_rows, html_figure, html_table, xlsx_rows};
use reports_fixture::{period, sql};
use rusqlite::Connection;
use workbench::reports::rights::RightsFigures;
use workbench::reports::{
    build_with, dashboard_charts, render, rights, Format, Kind, Lang, Options, Period,
    DOCUMENT_ROWS,
};
use workbench::{defaults, Register};

/// Adds `n` rights requests after the ones there are, received from 1 October
/// 2025 over 300 days: a seventh still in progress, an eleventh refused (those
/// of access and correction in the log book), the rest completed 0–59 days
/// after receipt, a third of them at 17:30 UTC (the next day in Hong Kong); a
/// thirteenth without a due date; one in forty extended.
fn bulk_requests(reg: &mut Register, n: u32) {
    sql(
        reg,
        &format!(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n}),
             b AS (SELECT i, date('2025-10-01', '+' || (i % 300) || ' days') AS day FROM k)
             INSERT INTO rights_requests (received_at, received_on, channel, requester_email, type,
                 jurisdiction, due_date, status, created_at, closed_at, extended_at, extension_reason,
                 extension_notice_due)
             SELECT day || 'T03:00:00Z', day, 'email', 'bulk' || i || '@example.com',
                 CASE i % 5 WHEN 0 THEN 'access' WHEN 1 THEN 'correction' WHEN 2 THEN 'deletion'
                            WHEN 3 THEN 'withdraw_authorization' ELSE 'other' END,
                 'HK',
                 CASE WHEN i % 13 = 0 THEN NULL ELSE date(day, '+40 days') END,
                 CASE WHEN i % 7 = 0 THEN 'in_progress' WHEN i % 11 = 0 THEN 'refused'
                      ELSE 'completed' END,
                 day || 'T03:00:00Z',
                 CASE WHEN i % 7 = 0 THEN NULL
                      ELSE date(day, '+' || ((i * 7) % 60) || ' days')
                           || CASE i % 3 WHEN 0 THEN 'T17:30:00Z' ELSE 'T04:00:00Z' END END,
                 CASE WHEN i % 40 = 0 THEN date(day, '+5 days') || 'T02:00:00Z' END,
                 CASE WHEN i % 40 = 0 THEN 'Bulk extension ' || i END,
                 CASE WHEN i % 40 = 0 THEN date(day, '+40 days') END
             FROM b;
             INSERT INTO pdpo_refusal_log (request_id, request_type, refused_on, reasons, logged_at, logged_by)
             SELECT id, type, date(closed_at, '+8 hours'), 'Bulk refusal', closed_at, 'officer'
             FROM rights_requests
             WHERE status = 'refused' AND type IN ('access', 'correction')
               AND requester_email LIKE 'bulk%';"
        ),
    );
}

/// Adds `merchants` merchants and `n` authorizations (Google, Meta, Shopify in
/// turn, granted over 600 days from 1 January 2025, one in four revoked 45 days
/// later), each granting a third of its platform's catalogued scopes.
fn bulk_authorizations(reg: &mut Register, merchants: u32, n: u32) {
    sql(
        reg,
        &format!(
            "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {merchants})
             INSERT INTO merchants (id, name, shop_domain, created_at)
             SELECT 1000 + i, 'Bulk merchant ' || i, 'bulk' || i || '.myshopify.com',
                    '2025-01-01T00:00:00Z' FROM k;
             WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n}),
             b AS (SELECT i, date('2025-01-01', '+' || ((i * 13) % 600) || ' days') AS day FROM k)
             INSERT INTO authorizations (id, merchant_id, platform, purpose, granted_at, granted_by,
                 revoked_at, revoked_by, revoke_channel, revoke_reason)
             SELECT 1000 + i, 1001 + (i % {merchants}),
                 CASE i % 3 WHEN 0 THEN 'google' WHEN 1 THEN 'meta' ELSE 'shopify' END,
                 'analytics', day, 'officer',
                 CASE WHEN i % 4 = 0 THEN date(day, '+45 days') END,
                 CASE WHEN i % 4 = 0 THEN 'officer' END,
                 CASE WHEN i % 4 = 0 THEN 'platform' END,
                 CASE WHEN i % 4 = 0 THEN 'Merchant left' END
             FROM b;
             INSERT INTO authorization_scopes (authorization_id, scope, scope_id)
             SELECT a.id, s.scope, s.id FROM authorizations a
             JOIN scopes s ON s.platform = a.platform AND (s.id + a.id) % 3 = 0
             WHERE a.id > 1000;"
        ),
    );
}

fn count(conn: &Connection, query: &str) -> usize {
    let n: i64 = conn
        .query_row(query, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{e}: {query}"));
    usize::try_from(n).unwrap()
}

/// The rights figures worked out with plain SQL, independently of the report:
/// office dates by SQLite's `date(…, '+8 hours')`, percentiles by ordered queries.
fn figures_by_sql(conn: &Connection, p: Period) -> RightsFigures {
    let (from, to) = (p.from, p.to);
    let closed_in = format!(
        "status IN ('completed', 'refused', 'withdrawn')
         AND date(closed_at, '+8 hours') BETWEEN '{from}' AND '{to}'"
    );
    let closed = count(
        conn,
        &format!("SELECT count(*) FROM rights_requests WHERE {closed_in}"),
    );
    let with_due = count(
        conn,
        &format!("SELECT count(*) FROM rights_requests WHERE {closed_in} AND due_date IS NOT NULL"),
    );
    let on_time = count(
        conn,
        &format!(
            "SELECT count(*) FROM rights_requests WHERE {closed_in}
             AND date(closed_at, '+8 hours') <= due_date"
        ),
    );
    let nth = |k: usize| -> i64 {
        conn.query_row(
            &format!(
                "SELECT CAST(julianday(date(closed_at, '+8 hours')) - julianday(received_on) AS INTEGER) AS d
                 FROM rights_requests WHERE {closed_in} ORDER BY d LIMIT 1 OFFSET {k}"
            ),
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let median = if closed % 2 == 1 {
        nth(closed / 2) as f64
    } else {
        (nth(closed / 2 - 1) + nth(closed / 2)) as f64 / 2.0
    };
    let open_at_end = format!(
        "received_on <= '{to}' AND (status NOT IN ('completed', 'refused', 'withdrawn')
         OR closed_at IS NULL OR date(closed_at, '+8 hours') > '{to}')"
    );
    RightsFigures {
        received: count(
            conn,
            &format!(
                "SELECT count(*) FROM rights_requests WHERE received_on BETWEEN '{from}' AND '{to}'"
            ),
        ),
        closed,
        closed_with_due_date: with_due,
        closed_on_time: on_time,
        on_time_rate: Some(on_time as f64 * 100.0 / with_due as f64),
        median_days_to_close: Some(median),
        p90_days_to_close: Some(nth((90 * closed).div_ceil(100) - 1)),
        open_at_end: count(
            conn,
            &format!("SELECT count(*) FROM rights_requests WHERE {open_at_end}"),
        ),
        overdue_at_end: count(
            conn,
            &format!(
                "SELECT count(*) FROM rights_requests WHERE {open_at_end} AND due_date < '{to}'"
            ),
        ),
        extensions: count(
            conn,
            &format!(
                "SELECT count(*) FROM rights_requests
                 WHERE date(extended_at, '+8 hours') BETWEEN '{from}' AND '{to}'"
            ),
        ),
        pdpo_refusals: count(
            conn,
            &format!(
                "SELECT count(*) FROM pdpo_refusal_log WHERE refused_on BETWEEN '{from}' AND '{to}'"
            ),
        ),
    }
}

/// 50,000 requests and 20,000 authorizations over the default register: made
/// once per test run (in cargo's temporary folder for tests), opened by each test.
fn big_register() -> Register {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    let path = PATH.get_or_init(|| {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reports_scale.db");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let mut reg = Register::open_or_create(&path).unwrap();
        defaults::init(&mut reg, "test").unwrap();
        bulk_requests(&mut reg, 50_000);
        bulk_authorizations(&mut reg, 2_000, 20_000);
        path
    });
    Register::open_existing(path).unwrap()
}

fn thousands(n: usize) -> String {
    Lang::En.count(n)
}

#[test]
fn fifty_thousand_requests_give_the_figures_count_queries_give() {
    let reg = big_register();
    let expected = figures_by_sql(reg.conn(), period());
    assert!(expected.received > 20_000, "{expected:?}");
    assert!(expected.open_at_end > DOCUMENT_ROWS, "{expected:?}");
    assert!(expected.extensions > DOCUMENT_ROWS, "{expected:?}");
    assert!(expected.pdpo_refusals > 100, "{expected:?}");
    assert_eq!(rights::figures(reg.conn(), period()).unwrap(), expected);
}

#[test]
fn a_big_rights_report_lists_at_most_the_document_rows_and_says_how_many_more() {
    let reg = big_register();
    let f = figures_by_sql(reg.conn(), period());
    let report = build_with(
        reg.conn(),
        Kind::Rights,
        period(),
        &Options::for_format(Lang::En, Format::Html),
    )
    .unwrap();
    let html = String::from_utf8(render(&report, Format::Html).unwrap()).unwrap();
    assert_eq!(
        html_figure(&html, "Requests received"),
        f.received.to_string()
    );
    assert_eq!(
        html_figure(&html, "Open on 2026-06-30"),
        f.open_at_end.to_string()
    );

    // The per-month table adds up to the totals.
    let per_month = html_table(&html, "Requests received and closed, per month and type");
    let sum = |j: usize| -> usize {
        per_month
            .iter()
            .map(|r| r[j].parse::<usize>().unwrap())
            .sum()
    };
    assert_eq!((sum(2), sum(3)), (f.received, f.closed));

    // Listings stop at DOCUMENT_ROWS, soonest due first, and say how many more.
    let open = html_table(&html, "Requests open on 2026-06-30");
    assert_eq!(open.len(), DOCUMENT_ROWS);
    assert!(
        open.windows(2).all(|w| w[0][4] <= w[1][4]),
        "sorted by due date"
    );
    assert!(html.contains(&format!(
        "<p class=\"more\">… and {} more — see the XLSX export of the rights requests report for every row.</p>",
        thousands(f.open_at_end - DOCUMENT_ROWS)
    )));
    let ext = html_table(&html, "Extensions taken in the period");
    assert_eq!(ext.len(), DOCUMENT_ROWS);
    assert!(html.contains(&format!(
        "… and {} more",
        thousands(f.extensions - DOCUMENT_ROWS)
    )));
    let log = html_table(&html, "PDPO s.27 log book: refusals in the period");
    assert_eq!(log.len(), f.pdpo_refusals.min(DOCUMENT_ROWS));

    // The same in Chinese.
    let zh = build_with(
        reg.conn(),
        Kind::Rights,
        period(),
        &Options::for_format(Lang::ZhHk, Format::Html),
    )
    .unwrap();
    let zh = String::from_utf8(render(&zh, Format::Html).unwrap()).unwrap();
    assert!(zh.contains(&format!(
        "……另有 {} 項未列出——完整清單見資料當事人權利要求報告的 XLSX 匯出檔。",
        thousands(f.open_at_end - DOCUMENT_ROWS)
    )));

    // A spreadsheet is never made from a report cut for reading…
    let err = render(&report, Format::Xlsx).unwrap_err().to_string();
    assert!(err.contains("at most 500 rows per list"), "{err}");
    // …and made for a spreadsheet, every row is there.
    let full = build_with(
        reg.conn(),
        Kind::Rights,
        period(),
        &Options::for_format(Lang::En, Format::Xlsx),
    )
    .unwrap();
    let xlsx = render(&full, Format::Xlsx).unwrap();
    assert_eq!(xlsx_rows(&xlsx, "Open").len(), f.open_at_end + 1);
    assert_eq!(xlsx_rows(&xlsx, "Extensions").len(), f.extensions + 1);
    assert_eq!(xlsx_rows(&xlsx, "PDPO log book").len(), f.pdpo_refusals + 1);
}

#[test]
fn the_dashboard_charts_come_from_aggregates_and_add_up() {
    let reg = big_register();
    let f = figures_by_sql(reg.conn(), period());
    let charts = dashboard_charts(reg.conn(), period(), Lang::En).unwrap();
    let titles: Vec<&str> = charts.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Requests per month",
            "On-time rate by month of closing",
            "Scopes granted by sensitivity"
        ]
    );
    let total = |series: usize| -> usize {
        charts[0].series[series]
            .values
            .iter()
            .map(|v| v.unwrap_or(0.0) as usize)
            .sum()
    };
    assert_eq!((total(0), total(1)), (f.received, f.closed));
    // Drawn exactly as the report draws them.
    let report = build_with(reg.conn(), Kind::Rights, period(), &Options::default()).unwrap();
    let drawn: Vec<&str> = report
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            workbench::reports::Block::Chart(c) => Some(c.svg.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(drawn, [charts[0].svg.as_str(), charts[1].svg.as_str()]);
    let zh = dashboard_charts(reg.conn(), period(), Lang::ZhHk).unwrap();
    assert_eq!(zh[0].title, "每月要求數目");
}

#[test]
fn a_big_authorizations_report_matches_count_queries_and_cuts_its_listing() {
    let reg = big_register();
    let conn = reg.conn();
    let (from, to) = (period().from, period().to);
    let active = format!("granted_at <= '{to}' AND (revoked_at IS NULL OR revoked_at > '{to}')");
    let active_n = count(
        conn,
        &format!("SELECT count(*) FROM authorizations WHERE {active}"),
    );
    let merchants = count(
        conn,
        &format!("SELECT count(DISTINCT merchant_id) FROM authorizations WHERE {active}"),
    );
    let grants = count(
        conn,
        &format!(
            "SELECT count(*) FROM authorizations WHERE granted_at BETWEEN '{from}' AND '{to}'"
        ),
    );
    let revocations = count(
        conn,
        &format!(
            "SELECT count(*) FROM authorizations WHERE revoked_at BETWEEN '{from}' AND '{to}'"
        ),
    );
    assert!(grants + revocations > DOCUMENT_ROWS);

    let report = build_with(conn, Kind::Authorizations, period(), &Options::default()).unwrap();
    let html = String::from_utf8(render(&report, Format::Html).unwrap()).unwrap();
    assert_eq!(
        html_figure(&html, "Active on 2026-06-30"),
        active_n.to_string()
    );
    assert_eq!(
        html_figure(&html, "Merchants with an active authorization"),
        merchants.to_string()
    );
    assert_eq!(
        html_figure(&html, "Granted in the period"),
        grants.to_string()
    );
    assert_eq!(
        html_figure(&html, "Revoked in the period"),
        revocations.to_string()
    );
    let by_platform = html_table(&html, "Active authorizations on 2026-06-30, by platform");
    let listed: usize = by_platform
        .iter()
        .map(|r| r[1].parse::<usize>().unwrap())
        .sum();
    assert_eq!(listed, active_n);
    let changes = html_table(&html, "Grants and revocations in the period");
    assert_eq!(changes.len(), DOCUMENT_ROWS);
    assert!(changes.windows(2).all(|w| w[0][0] <= w[1][0]), "by date");
    assert!(html.contains(&format!(
        "… and {} more — see the CSV export of the authorizations report for every row.",
        thousands(grants + revocations - DOCUMENT_ROWS)
    )));

    let csv = build_with(
        conn,
        Kind::Authorizations,
        period(),
        &Options::for_format(Lang::En, Format::Csv),
    )
    .unwrap();
    let rows = csv_rows(&render(&csv, Format::Csv).unwrap());
    assert_eq!(rows.len(), grants + revocations + 1);
}
