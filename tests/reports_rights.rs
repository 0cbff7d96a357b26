//! The rights requests report, in every format, read back and compared with the
//! figures worked out by hand in `reports_fixture`.

mod reports_fixture;

use reports_fixture::read::{csv_rows, html_figure, html_table, rows, xlsx_rows, xlsx_sheets};
use reports_fixture::{pdf_info, pdf_text, period, register};
use workbench::reports::rights::{self, RightsFigures};
use workbench::reports::{build, render, Format, Kind};

fn make(format: Format) -> Vec<u8> {
    let reg = register();
    let report = build(reg.conn(), Kind::Rights, period()).unwrap();
    render(&report, format).unwrap()
}

#[test]
fn figures_match_the_hand_computed_ones() {
    let reg = register();
    let f = rights::figures(reg.conn(), period()).unwrap();
    assert_eq!(
        f,
        RightsFigures {
            received: 10,
            closed: 8,
            closed_with_due_date: 8,
            closed_on_time: 5,
            on_time_rate: Some(62.5),
            median_days_to_close: Some(34.5),
            p90_days_to_close: Some(70),
            open_at_end: 3,
            overdue_at_end: 1,
            extensions: 1,
            pdpo_refusals: 1,
        }
    );
}

#[test]
fn a_request_closed_late_in_the_evening_utc_is_closed_the_next_day_in_hong_kong() {
    // Request 11 was due on 20 May and closed at 17:00 UTC that day: 1 a.m. on
    // the 21st at the office, so it was late, and it is counted in May.
    let html = String::from_utf8(make(Format::Html)).unwrap();
    let by_month = html_table(&html, "Requests closed on time, by month of closing");
    assert!(
        by_month.contains(&vec![
            "2026-05".to_string(),
            "1".into(),
            "1".into(),
            "0".into(),
            "0.0".into()
        ]),
        "{by_month:?}"
    );
}

const PER_MONTH: &[&[&str]] = &[
    &["2026-01", "access", "1", "1"],
    &["2026-01", "correction", "1", "1"],
    &["2026-02", "access", "1", "0"],
    &["2026-02", "correction", "0", "1"],
    &["2026-02", "deletion", "1", "0"],
    &["2026-03", "access", "0", "1"],
    &["2026-03", "deletion", "0", "1"],
    &["2026-03", "withdraw authorization", "1", "1"],
    &["2026-04", "access", "2", "0"],
    &["2026-05", "access", "0", "1"],
    &["2026-05", "deletion", "1", "0"],
    &["2026-06", "access", "2", "1"],
];

#[test]
fn html_shows_the_figures_tables_and_charts() {
    let html = String::from_utf8(make(Format::Html)).unwrap();
    assert_eq!(html_figure(&html, "Requests received"), "10");
    assert_eq!(html_figure(&html, "Requests closed"), "8");
    assert_eq!(html_figure(&html, "On-time rate"), "62.5% (5 of 8)");
    assert_eq!(html_figure(&html, "Median days to close"), "34.5 days");
    assert_eq!(
        html_figure(&html, "90th percentile days to close"),
        "70 days"
    );
    assert_eq!(html_figure(&html, "Open on 2026-06-30"), "3");
    assert_eq!(html_figure(&html, "Overdue on 2026-06-30"), "1");
    assert_eq!(html_figure(&html, "Extensions taken"), "1");
    assert_eq!(html_figure(&html, "PDPO log book refusals"), "1");

    assert_eq!(
        html_table(&html, "Requests received and closed, per month and type"),
        rows(PER_MONTH)
    );
    let open = html_table(&html, "Requests open on 2026-06-30");
    assert_eq!(
        open,
        rows(&[
            &[
                "7",
                "deletion",
                "HK",
                "2026-05-10",
                "2026-06-09",
                "in progress",
                "21"
            ],
            &[
                "8",
                "access",
                "HK",
                "2026-06-20",
                "2026-07-30",
                "received",
                ""
            ],
            &[
                "10",
                "access",
                "HK",
                "2026-06-25",
                "2026-08-04",
                "completed",
                ""
            ],
        ])
    );
    let ext = html_table(&html, "Extensions taken in the period");
    assert_eq!(ext.len(), 1);
    assert_eq!(ext[0][0], "6");
    assert_eq!(ext[0][4], "2026-04-20");
    assert_eq!(ext[0][7], "Complex request across three platforms");
    let log = html_table(&html, "PDPO s.27 log book: refusals in the period");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0][1..4], ["4", "access", "2026-03-20"]);
    assert_eq!(log[0][4], "The requester's identity could not be verified");

    // Two charts, inline, drawn by us; nothing runs or loads.
    assert_eq!(
        html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\"")
            .count(),
        2
    );
    assert!(html.contains("Requests per month"));
    assert!(html.contains("On-time rate by month of closing"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\"http"));
    assert!(html.contains("default-src 'none'"));
}

#[test]
fn timeliness_per_type_has_its_own_median_and_p90() {
    let html = String::from_utf8(make(Format::Html)).unwrap();
    let by_type = html_table(&html, "Timeliness per type of request");
    // Access closed in the period: 1 (15 days, on time), 4 (33, on time),
    // 11 (41, late), 6 (70, on time): median (33 + 41) / 2 = 37, p90 the 4th = 70.
    assert_eq!(by_type[0], ["access", "4", "3", "75.0", "37.0", "70"]);
}

#[test]
fn csv_is_the_per_month_table() {
    let csv = csv_rows(&make(Format::Csv));
    assert_eq!(csv[0], ["Month", "Type", "Received", "Closed"]);
    assert_eq!(csv[1..].to_vec(), rows(PER_MONTH));
}

#[test]
fn xlsx_has_an_about_sheet_and_one_sheet_per_table() {
    let xlsx = make(Format::Xlsx);
    assert_eq!(
        xlsx_sheets(&xlsx),
        [
            "About",
            "Per month",
            "On time by month",
            "Days to close",
            "Open",
            "Extensions",
            "PDPO log book"
        ]
    );
    let about = xlsx_rows(&xlsx, "About");
    let value = |label: &str| {
        about
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("no {label} in {about:?}"))[1]
            .clone()
    };
    assert_eq!(value("Report"), "Rights requests report");
    assert_eq!(value("Period from"), "2026-01-01");
    assert_eq!(value("Period to"), "2026-06-30");
    assert_eq!(value("Register fingerprint").len(), 64);
    assert_eq!(value("On-time rate"), "62.5% (5 of 8)");
    assert_eq!(value("Median days to close"), "34.5 days");
    assert_eq!(value("90th percentile days to close"), "70 days");

    let per_month = xlsx_rows(&xlsx, "Per month");
    assert_eq!(per_month[0], ["Month", "Type", "Received", "Closed"]);
    assert_eq!(per_month[1..].to_vec(), rows(PER_MONTH));
    let days = xlsx_rows(&xlsx, "Days to close");
    assert_eq!(days[1], ["access", "4", "3", "75", "37", "70"]);
    let open = xlsx_rows(&xlsx, "Open");
    assert_eq!(open[1][0], "7");
    assert_eq!(open[1][6], "21");
}

#[test]
fn pdf_carries_the_figures_headings_and_metadata() {
    let pdf = make(Format::Pdf);
    let text = pdf_text(&pdf);
    for needle in [
        "Wesmond International Limited",
        "Rights requests report",
        "Period: 1 January 2026 to 30 June 2026",
        "62.5% (5 of 8)",
        "34.5 days",
        "70 days",
        "Received and closed per month",
        "Answered on time",
        "Open and overdue at the period's end",
        "Extensions",
        "PDPO log book extract",
        "The requester's identity could not be verified",
        "Complex request across three platforms",
        "Page 1 of",
    ] {
        assert!(text.contains(needle), "the PDF lacks {needle:?}:\n{text}");
    }
    assert_eq!(
        pdf_info(&pdf, "Title"),
        "Rights requests report: 1 January 2026 to 30 June 2026"
    );
    assert_eq!(pdf_info(&pdf, "Author"), "Wesmond International Limited");
    assert!(pdf_info(&pdf, "Pages").parse::<usize>().unwrap() >= 2);
    let created = reports_fixture::poppler("pdfinfo", &["-isodates"], &pdf);
    assert!(created.contains("2026-06-30"), "{created}");
}

#[test]
fn the_same_register_and_period_give_the_same_bytes() {
    let reg = register();
    let report = build(reg.conn(), Kind::Rights, period()).unwrap();
    let again = build(reg.conn(), Kind::Rights, period()).unwrap();
    for format in [Format::Html, Format::Pdf, Format::Csv, Format::Xlsx] {
        assert_eq!(
            render(&report, format).unwrap(),
            render(&again, format).unwrap(),
            "{format:?} differs"
        );
    }
}
