//! The processors, authorizations and policy history reports, in every format,
//! read back and compared with the register built in `reports_fixture`.

mod reports_fixture;

use reports_fixture::read::{csv_rows, html_figure, html_table, rows, xlsx_rows, xlsx_sheets};
use reports_fixture::{
    pdf_info, pdf_text, period, register, register_file, FORMULA_SERVICE, HOSTILE_MERCHANT,
};
use workbench::reports::{build, render, Format, Kind};
use workbench::Register;

fn make(reg: &Register, kind: Kind, format: Format) -> Vec<u8> {
    let report = build(reg.conn(), kind, period()).unwrap();
    render(&report, format).unwrap()
}

fn html(reg: &Register, kind: Kind) -> String {
    String::from_utf8(make(reg, kind, Format::Html)).unwrap()
}

#[test]
fn processors_are_listed_active_first_with_review_dates_flagged() {
    let reg = register();
    let page = html(&reg, Kind::Processors);
    let table = html_table(&page, "Processors as of 2026-06-30");
    let names_and_flags: Vec<(&str, &str, &str)> = table
        .iter()
        .map(|r| (r[0].as_str(), r[11].as_str(), r[12].as_str()))
        .collect();
    assert_eq!(
        names_and_flags,
        [
            ("Acme Cloud Ltd", "past", "active"),
            ("Beta Mail", "due soon", "active"),
            ("Zeta Analytics", "", "active"),
            ("Old Host", "", "retired"),
        ]
    );
    assert_eq!(table[0][3], "merchant contact details; order data");
    assert_eq!(table[0][5], "Standard contractual clauses");
    assert_eq!(table[0][6], "data processing agreement");
    assert_eq!(table[0][7], "2025-01-10");
    assert_eq!(html_figure(&page, "Active processors"), "3");
    assert_eq!(html_figure(&page, "Retired processors"), "1");
    assert_eq!(
        html_figure(&page, "Active without confidentiality agreement or DPA"),
        "1"
    );
    assert_eq!(
        html_figure(&page, "Reviews past or unset on 2026-06-30"),
        "1"
    );
    assert_eq!(html_figure(&page, "Reviews due within 30 days"), "1");
}

#[test]
fn processors_csv_and_xlsx_neutralise_formulas() {
    let reg = register();
    let csv = csv_rows(&make(&reg, Kind::Processors, Format::Csv));
    assert_eq!(csv[0][0], "Name");
    assert_eq!(csv.len(), 5);
    let zeta = csv.iter().find(|r| r[0] == "Zeta Analytics").unwrap();
    assert_eq!(zeta[1], format!("'{FORMULA_SERVICE}"));

    let xlsx = make(&reg, Kind::Processors, Format::Xlsx);
    assert_eq!(xlsx_sheets(&xlsx), ["About", "Processors"]);
    let sheet = xlsx_rows(&xlsx, "Processors");
    let zeta = sheet.iter().find(|r| r[0] == "Zeta Analytics").unwrap();
    assert_eq!(zeta[1], format!("'{FORMULA_SERVICE}"));
    assert_eq!(sheet[1][11], "past");
}

#[test]
fn processors_pdf_shows_the_register() {
    let reg = register();
    let pdf = make(&reg, Kind::Processors, Format::Pdf);
    let text = pdf_text(&pdf);
    for needle in [
        "Processors register",
        "Acme Cloud Ltd",
        "Beta Mail",
        "due soon",
        "Register of processors",
    ] {
        assert!(text.contains(needle), "the PDF lacks {needle:?}:\n{text}");
    }
    assert_eq!(
        pdf_info(&pdf, "Title"),
        "Processors register: 1 January 2026 to 30 June 2026"
    );
}

#[test]
fn authorizations_show_active_by_platform_scopes_by_sensitivity_and_changes() {
    let reg = register();
    let page = html(&reg, Kind::Authorizations);
    assert_eq!(html_figure(&page, "Active on 2026-06-30"), "3");
    assert_eq!(html_figure(&page, "Granted in the period"), "3");
    assert_eq!(html_figure(&page, "Revoked in the period"), "1");
    assert_eq!(
        html_figure(&page, "Active scope grants not in the catalog"),
        "1"
    );
    assert_eq!(
        html_table(&page, "Active authorizations on 2026-06-30, by platform"),
        rows(&[&["Google", "2", "2", "5"], &["Shopify", "1", "1", "2"]])
    );
    assert_eq!(
        html_table(
            &page,
            "Scopes granted under active authorizations on 2026-06-30, by sensitivity"
        ),
        rows(&[
            &["Google", "non sensitive", "1", "1"],
            &["Google", "not in the catalog", "1", "1"],
            &["Google", "restricted", "1", "1"],
            &["Google", "sensitive", "2", "1"],
            &["Shopify", "protected customer data", "1", "1"],
            &["Shopify", "standard", "1", "1"],
        ])
    );
    let changes = html_table(&page, "Grants and revocations in the period");
    let summary: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("2026-01-15", "grant", "3"),
            ("2026-02-01", "grant", "2"),
            ("2026-03-01", "grant", "4"),
            ("2026-05-02", "revocation", "3"),
        ]
    );
    assert_eq!(changes[3][3], HOSTILE_MERCHANT);
    assert_eq!(changes[3][8], "email request");
    assert_eq!(changes[3][9], "5");
    // The merchant's name is text, never markup; the chart is ours.
    assert!(!page.contains("<script"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons"));
    assert_eq!(page.matches("<svg xmlns").count(), 1);
    assert!(page.contains("Scopes granted by sensitivity"));
}

#[test]
fn authorizations_csv_is_the_grants_and_revocations() {
    let reg = register();
    let csv = csv_rows(&make(&reg, Kind::Authorizations, Format::Csv));
    assert_eq!(
        csv[0],
        [
            "Date",
            "Event",
            "Authorization",
            "Merchant",
            "Platform",
            "Scopes",
            "Purpose",
            "By",
            "Channel",
            "Request",
            "Reason"
        ]
    );
    assert_eq!(csv.len(), 5);
    assert_eq!(csv[4][1], "revocation");
    assert_eq!(csv[4][9], "5");
    let xlsx = make(&reg, Kind::Authorizations, Format::Xlsx);
    assert_eq!(
        xlsx_sheets(&xlsx),
        [
            "About",
            "Active by platform",
            "Scopes by sensitivity",
            "Grants and revocations"
        ]
    );
    assert_eq!(
        xlsx_rows(&xlsx, "Active by platform")[1],
        ["Google", "2", "2", "5"]
    );
}

#[test]
fn authorizations_pdf_embeds_the_chart_and_escapes_nothing_into_markup() {
    let reg = register();
    let pdf = make(&reg, Kind::Authorizations, Format::Pdf);
    let text = pdf_text(&pdf);
    for needle in [
        "Scopes by sensitivity",
        "Scopes granted by sensitivity",
        "Grants and revocations in the period",
        HOSTILE_MERCHANT,
    ] {
        assert!(text.contains(needle), "the PDF lacks {needle:?}:\n{text}");
    }
}

#[test]
fn policy_history_lists_versions_and_snapshot_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let snapshot = register_file(&db);
    let reg = Register::open_existing(&db).unwrap();
    let text_sha = workbench::hash::sha256_hex(workbench::defaults::POLICY_MD.as_bytes());

    let csv = csv_rows(&make(&reg, Kind::Policy, Format::Csv));
    assert_eq!(
        csv[0],
        [
            "Version",
            "Status",
            "Last updated",
            "Published at",
            "Material change",
            "Summary of changes",
            "Text SHA-256",
            "Snapshots"
        ]
    );
    assert_eq!(csv.len(), 2);
    assert_eq!(csv[1][0], "2026-05-31");
    assert_eq!(csv[1][1], "published");
    assert_eq!(csv[1][2], "2026-05-31");
    assert_eq!(csv[1][6], text_sha);
    assert_eq!(csv[1][7], "1");

    let xlsx = make(&reg, Kind::Policy, Format::Xlsx);
    assert_eq!(xlsx_sheets(&xlsx), ["About", "Versions", "Snapshots"]);
    let snaps = xlsx_rows(&xlsx, "Snapshots");
    assert_eq!(snaps[1][0], "2026-05-31");
    assert_eq!(snaps[1][1], "html");
    assert_eq!(snaps[1][2], snapshot);

    let page = html(&reg, Kind::Policy);
    assert!(page.contains(&snapshot));
    assert_eq!(html_figure(&page, "Snapshots recorded"), "1");
    assert_eq!(
        html_figure(&page, "Version in force"),
        "2026-05-31 (Last updated 2026-05-31)"
    );

    let pdf = make(&reg, Kind::Policy, Format::Pdf);
    // Hashes wrap inside narrow table cells: compare without the line breaks.
    let text: String = pdf_text(&pdf).split_whitespace().collect();
    assert!(text.contains(&snapshot), "{text}");
    assert!(text.contains(&text_sha), "{text}");
}

#[test]
fn every_report_is_byte_identical_when_made_again() {
    let reg = register();
    for kind in [Kind::Processors, Kind::Authorizations, Kind::Policy] {
        for format in kind.formats() {
            assert_eq!(
                make(&reg, kind, *format),
                make(&reg, kind, *format),
                "{kind:?} as {format:?} differs"
            );
        }
    }
}
