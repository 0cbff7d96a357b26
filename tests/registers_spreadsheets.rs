//! Spreadsheet import and export for processors, merchants and authorizations:
//! round trips, and hostile files that must change nothing and say why.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use workbench::defaults;
use workbench::register::authorizations::{self, AuthorizationInput, Revocation};
use workbench::register::merchants::{self, MerchantInput};
use workbench::register::processors::{self, ProcessorInput};
use workbench::spreadsheet::{Format, MAX_ROWS};
use workbench::{audit, Register};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spreadsheets")
        .join(name)
}

fn register() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    reg
}

fn audit_count(reg: &Register) -> i64 {
    audit::count(reg.conn()).unwrap()
}

/// A register with two processors (one with a formula-like note), two merchants
/// and three authorizations, one of them revoked.
fn populated() -> Register {
    let mut reg = register();
    reg.write("t", |c| {
        processors::create(
            c,
            &ProcessorInput {
                name: Some("Amazon Web Services".into()),
                service: Some("Cloud hosting".into()),
                purpose: Some("Hosts TrackTrack".into()),
                data_categories: Some("merchant account data; platform data".into()),
                country: Some("US".into()),
                confidentiality: Some("dpa".into()),
                confidentiality_date: Some("2025-01-10".into()),
                contract_start: Some("2024-01-01".into()),
                next_review: Some("2026-12-01".into()),
                notes: Some("=HYPERLINK(\"http://evil.example\",\"x\")\nsecond line".into()),
                ..Default::default()
            },
        )?;
        processors::create(
            c,
            &ProcessorInput {
                name: Some("Zendesk".into()),
                service: Some("Support desk".into()),
                purpose: Some("Merchant support".into()),
                country: Some("IE".into()),
                transfer_mechanism: Some("Standard contractual clauses".into()),
                ..Default::default()
            },
        )?;
        for (name, domain) in [
            ("Acme Ltd", "acme.myshopify.com"),
            ("大和商店", "daiwa.myshopify.com"),
        ] {
            merchants::create(
                c,
                &MerchantInput {
                    name: Some(name.into()),
                    shop_domain: Some(domain.into()),
                    contact_email: Some(format!("ops@{domain}")),
                    ..Default::default()
                },
            )?;
        }
        for (merchant, scopes, purpose) in [
            (
                "Acme Ltd",
                "https://www.googleapis.com/auth/analytics.readonly,made.up.scope",
                "analytics",
            ),
            (
                "大和商店",
                "https://www.googleapis.com/auth/adwords",
                "advertising_performance_review",
            ),
            (
                "Acme Ltd",
                "https://www.googleapis.com/auth/drive.file",
                "reporting",
            ),
        ] {
            authorizations::grant(
                c,
                &AuthorizationInput {
                    merchant: Some(merchant.into()),
                    platform: Some("google".into()),
                    scopes: Some(scopes.into()),
                    purpose: Some(purpose.into()),
                    granted_at: Some("2026-01-05".into()),
                    ..Default::default()
                },
                today(),
            )?;
        }
        authorizations::revoke(
            c,
            3,
            &Revocation {
                reason: "Merchant disconnected Drive".into(),
                channel: Some("platform".into()),
                revoked_on: Some("2026-03-01".into()),
                ..Default::default()
            },
            today(),
        )
    })
    .unwrap();
    reg
}

fn error_text(e: workbench::Error) -> String {
    assert!(e.is_bad_input(), "{e:?}");
    e.to_string()
}

// ---------------------------------------------------------------- round trips

#[test]
fn export_then_import_changes_nothing_in_csv_and_xlsx() {
    let mut reg = populated();
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Csv, Format::Xlsx] {
        let p = dir.path().join(format!("processors.{}", format.name()));
        let m = dir.path().join(format!("merchants.{}", format.name()));
        let a = dir.path().join(format!("authorizations.{}", format.name()));
        assert_eq!(processors::export(reg.conn(), format, &p).unwrap().rows, 2);
        assert_eq!(merchants::export(reg.conn(), format, &m).unwrap().rows, 2);
        assert_eq!(
            authorizations::export(reg.conn(), format, &a).unwrap().rows,
            3
        );
        let before = audit_count(&reg);
        let r = processors::import(&mut reg, "t", &p).unwrap();
        assert!(r.no_changes(), "{format:?} processors: {r:?}");
        assert_eq!(r.unchanged, 2);
        let r = merchants::import(&mut reg, "t", &m).unwrap();
        assert!(r.no_changes(), "{format:?} merchants: {r:?}");
        let r = authorizations::import(&mut reg, "t", &a, today()).unwrap();
        assert!(r.no_changes(), "{format:?} authorizations: {r:?}");
        assert_eq!(r.unchanged, 3);
        assert_eq!(audit_count(&reg), before, "{format:?}: nothing written");
    }
}

#[test]
fn an_export_imported_into_an_empty_register_gives_back_the_same_register() {
    let source = populated();
    let dir = tempfile::tempdir().unwrap();
    let (p, m, a) = (
        dir.path().join("p.xlsx"),
        dir.path().join("m.csv"),
        dir.path().join("a.csv"),
    );
    processors::export(source.conn(), Format::Xlsx, &p).unwrap();
    merchants::export(source.conn(), Format::Csv, &m).unwrap();
    authorizations::export(source.conn(), Format::Csv, &a).unwrap();
    // Authorization ids are keys: a new register gets them as new rows.
    let text = std::fs::read_to_string(&a).unwrap();
    let without_ids: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                format!("{}\n", &l[l.find(',').unwrap()..])
            }
        })
        .collect();
    std::fs::write(&a, without_ids).unwrap();

    let mut copy = register();
    assert_eq!(processors::import(&mut copy, "t", &p).unwrap().added, 2);
    assert_eq!(merchants::import(&mut copy, "t", &m).unwrap().added, 2);
    assert_eq!(
        authorizations::import(&mut copy, "t", &a, today())
            .unwrap()
            .added,
        3
    );
    let strip = |reg: &Register| {
        let p: Vec<_> = processors::all(reg.conn())
            .unwrap()
            .into_iter()
            .map(|p| p.fields)
            .collect();
        let m: Vec<_> = merchants::all(reg.conn())
            .unwrap()
            .into_iter()
            .map(|m| m.fields)
            .collect();
        let a: Vec<_> = (1..=3)
            .map(|id| authorizations::show(reg.conn(), id, today()).unwrap())
            .map(|d| {
                (
                    d.merchant,
                    d.fields.scopes,
                    d.fields.revoked_at,
                    d.fields.revoke_reason,
                    d.flags,
                )
            })
            .collect();
        (p, m, a)
    };
    assert_eq!(strip(&copy), strip(&source));
}

#[test]
fn an_edited_row_updates_one_record_with_old_and_new_values() {
    let mut reg = populated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    processors::export(reg.conn(), Format::Csv, &path).unwrap();
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("2026-12-01", "2027-03-01");
    let text = format!("{text}Stripe,Payments,Billing,,US,,none,,,,,active,\n");
    std::fs::write(&path, text).unwrap();
    let before = audit_count(&reg);
    let r = processors::import(&mut reg, "t", &path).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (1, 1, 1));
    assert_eq!(
        audit_count(&reg),
        before + 3,
        "one entry per change and a summary"
    );
    let aws = processors::by_name(reg.conn(), "amazon web services")
        .unwrap()
        .unwrap();
    assert_eq!(aws.fields.next_review.as_deref(), Some("2027-03-01"));
}

#[test]
fn a_missing_optional_column_leaves_that_field_as_it_is() {
    let mut reg = populated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviews.csv");
    std::fs::write(&path, "name,next_review\nZendesk,2026-09-30\n").unwrap();
    let r = processors::import(&mut reg, "t", &path).unwrap();
    assert_eq!(r.updated, 1);
    let z = processors::by_name(reg.conn(), "Zendesk").unwrap().unwrap();
    assert_eq!(z.fields.next_review.as_deref(), Some("2026-09-30"));
    assert_eq!(
        z.fields.transfer_mechanism.as_deref(),
        Some("Standard contractual clauses")
    );
}

#[test]
fn a_good_merchants_file_with_bom_quotes_and_chinese_imports() {
    let mut reg = register();
    let r = merchants::import(&mut reg, "t", &fixture("merchants-good.csv")).unwrap();
    assert_eq!((r.added, r.rows), (2, 2));
    let d = merchants::find(reg.conn(), "大和商店").unwrap();
    assert_eq!(d.fields.status, "ended");
    assert_eq!(
        d.fields.notes.as_deref(),
        Some("Contract ended; data to delete, see \"policy §7\"")
    );
}

#[test]
fn an_import_can_revoke_and_an_export_shows_the_revocation() {
    let mut reg = populated();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    std::fs::write(
        &path,
        "id,merchant,platform,scopes,revoked_at,revoke_channel,revoke_reason\n\
         2,大和商店,google,https://www.googleapis.com/auth/adwords,2026-06-01,contract_end,Contract ended\n",
    )
    .unwrap();
    let r = authorizations::import(&mut reg, "t", &path, today()).unwrap();
    assert_eq!(r.updated, 1);
    let e = &audit::list(reg.conn(), 2, 0).unwrap()[1];
    assert_eq!(e.action, "revoke");
    let a = authorizations::show(reg.conn(), 2, today()).unwrap();
    assert_eq!(a.fields.revoke_channel.as_deref(), Some("contract_end"));
}

// ---------------------------------------------------------------- formula injection

#[test]
fn formula_cells_are_exported_with_a_leading_apostrophe() {
    let reg = populated();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("p.csv");
    processors::export(reg.conn(), Format::Csv, &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(
        !text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"),
        "{text}"
    );

    let xlsx = dir.path().join("p.xlsx");
    processors::export(reg.conn(), Format::Xlsx, &xlsx).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let formulas = book.worksheet_formula("processors").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no live formula"
    );
    let range = book.worksheet_range("processors").unwrap();
    let notes = range
        .used_cells()
        .find_map(|(_, _, c)| match c {
            Data::String(s) if s.contains("HYPERLINK") => Some(s.clone()),
            _ => None,
        })
        .unwrap();
    assert!(notes.starts_with("'="), "{notes}");
}

#[test]
fn formula_cells_in_an_import_are_refused_unless_quoted() {
    let mut reg = register();
    let before = audit_count(&reg);
    let msg = error_text(
        processors::import(&mut reg, "t", &fixture("processors-formula.csv")).unwrap_err(),
    );
    assert!(
        msg.contains("row 2, column service: starts with '='"),
        "{msg}"
    );
    assert!(
        msg.contains("row 3, column purpose: starts with '+'"),
        "{msg}"
    );
    assert!(
        msg.contains("row 3, column notes: starts with '@'"),
        "{msg}"
    );
    assert!(!msg.contains("row 4"), "an apostrophe makes it text: {msg}");
    assert!(msg.contains("nothing was imported"), "{msg}");
    assert_eq!(audit_count(&reg), before);
}

#[test]
fn an_xlsx_formula_cell_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formula.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (j, h) in ["name", "service", "purpose", "country"].iter().enumerate() {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Evil Corp").unwrap();
    sheet
        .write_formula(1, 1, "=HYPERLINK(\"http://evil.example\",\"click\")")
        .unwrap();
    sheet.write_string(1, 2, "x").unwrap();
    sheet.write_string(1, 3, "US").unwrap();
    book.save(&path).unwrap();
    let mut reg = register();
    let msg = error_text(processors::import(&mut reg, "t", &path).unwrap_err());
    assert!(
        msg.contains("row 2, column service: holds a formula"),
        "{msg}"
    );
}

#[test]
fn excel_dates_and_numbers_are_read_as_the_register_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dates.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let sheet = book.add_worksheet();
    for (j, h) in [
        "name",
        "service",
        "purpose",
        "country",
        "next_review",
        "notes",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, j as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Stripe").unwrap();
    sheet.write_string(1, 1, "Payments").unwrap();
    sheet.write_string(1, 2, "Billing").unwrap();
    sheet.write_string(1, 3, "US").unwrap();
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 12, 1).unwrap();
    sheet.write_datetime_with_format(1, 4, &d, &date).unwrap();
    sheet.write_number(1, 5, 42).unwrap();
    book.save(&path).unwrap();
    let mut reg = register();
    processors::import(&mut reg, "t", &path).unwrap();
    let s = processors::by_name(reg.conn(), "Stripe").unwrap().unwrap();
    assert_eq!(s.fields.next_review.as_deref(), Some("2026-12-01"));
    assert_eq!(s.fields.notes.as_deref(), Some("42"));
}

// ---------------------------------------------------------------- hostile files

fn refused(reg: &mut Register, file: &Path) -> String {
    let before = audit_count(reg);
    let msg = if file.to_string_lossy().contains("merchants") {
        error_text(merchants::import(reg, "t", file).unwrap_err())
    } else {
        error_text(processors::import(reg, "t", file).unwrap_err())
    };
    assert_eq!(
        audit_count(reg),
        before,
        "{} changed the register",
        file.display()
    );
    assert!(processors::list(reg.conn()).unwrap().is_empty());
    assert!(msg.lines().next().unwrap().len() < 600, "{msg}");
    msg
}

#[test]
fn wrong_headers_are_refused_naming_the_column_and_the_expected_ones() {
    let mut reg = register();
    let msg = refused(&mut reg, &fixture("processors-wrong-headers.csv"));
    assert!(
        msg.contains("row 1, column 1: 'Vendor' is not one of the processors columns"),
        "{msg}"
    );
    assert!(
        msg.contains("the first row must name the columns: name, service"),
        "{msg}"
    );
}

#[test]
fn a_missing_required_column_is_refused() {
    let mut reg = register();
    let msg = refused(&mut reg, &fixture("processors-missing-name.csv"));
    assert!(msg.contains("the required column name is missing"), "{msg}");
}

#[test]
fn semicolon_separated_csv_gets_a_hint() {
    let mut reg = register();
    let msg = refused(&mut reg, &fixture("processors-semicolons.csv"));
    assert!(msg.contains("separate columns with ';'"), "{msg}");
}

#[test]
fn every_bad_row_is_reported_and_the_good_ones_are_not_written() {
    let mut reg = register();
    let msg = refused(&mut reg, &fixture("processors-bad-rows.csv"));
    for needle in [
        "6 problems in 4 rows; nothing was imported",
        "row 3, column country: 'Narnia' is not an ISO 3166-1 alpha-2 country code",
        "row 4, column confidentiality_date: is required when confidentiality is confidentiality_agreement or dpa",
        "row 4, column contract_end: 2026-04-01 is before contract_start 2026-05-01",
        "row 4, column next_review: '2026-02-30' is not a date; write it as YYYY-MM-DD",
        "row 5, column name: is required",
        "row 6, column confidentiality: 'handshake' is not one of none, pending, confidentiality_agreement, dpa",
    ] {
        assert!(msg.contains(needle), "{needle}\nnot in:\n{msg}");
    }
    assert!(!msg.contains("row 2,"), "row 2 is good: {msg}");
}

#[test]
fn a_long_list_of_problems_is_capped_with_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    let mut text = String::from("name,service,purpose,country\n");
    for i in 0..80 {
        text.push_str(&format!("P{i},s,p,ZZ\n"));
    }
    std::fs::write(&path, text).unwrap();
    let mut reg = register();
    let msg = refused(&mut reg, &path);
    assert_eq!(msg.lines().count(), 1 + 50 + 1, "{msg}");
    assert!(msg.ends_with("and 30 more"), "{msg}");
}

#[test]
fn duplicate_rows_and_keys_are_refused() {
    let mut reg = register();
    let msg = refused(&mut reg, &fixture("merchants-duplicates.csv"));
    assert!(msg.contains("row 4, column name: repeats row 2"), "{msg}");
    assert!(
        msg.contains("row 5, column shop_domain: repeats row 3"),
        "{msg}"
    );
    assert!(merchants::list(reg.conn()).unwrap().is_empty());
}

#[test]
fn a_csv_that_is_not_utf8_is_refused_with_what_to_do() {
    let mut reg = register();
    let msg = refused(&mut reg, &fixture("merchants-latin1.csv"));
    assert!(msg.contains("is not UTF-8 text"), "{msg}");
    assert!(msg.contains("save it as UTF-8"), "{msg}");
}

#[test]
fn binary_garbage_named_xlsx_is_refused_without_a_panic() {
    let mut reg = register();
    let msg = refused(&mut reg, &fixture("garbage.xlsx"));
    assert!(
        msg.contains("is not a readable Excel .xlsx workbook"),
        "{msg}"
    );
}

#[test]
fn an_xlsx_workbook_named_csv_is_refused() {
    let reg = populated();
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("p.xlsx");
    processors::export(reg.conn(), Format::Xlsx, &x).unwrap();
    let c = dir.path().join("p.csv");
    std::fs::copy(&x, &c).unwrap();
    let mut empty = register();
    let msg = refused(&mut empty, &c);
    assert!(
        msg.contains("is an Excel workbook, not CSV text; name it .xlsx"),
        "{msg}"
    );
}

#[test]
fn empty_and_header_only_files_are_refused() {
    let mut reg = register();
    let msg = refused(&mut reg, &fixture("empty.csv"));
    assert!(
        msg.contains("is empty; the first row must name the columns"),
        "{msg}"
    );
    let msg = refused(&mut reg, &fixture("processors-header-only.csv"));
    assert!(msg.contains("has a header row but no data rows"), "{msg}");
}

#[test]
fn an_unknown_extension_is_refused() {
    let mut reg = register();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ods");
    std::fs::write(&path, "x").unwrap();
    let msg = refused(&mut reg, &path);
    assert!(msg.contains("must be a .csv or .xlsx file"), "{msg}");
}

#[test]
fn a_20_mb_csv_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let row = "Some Processor,Hosting,A purpose long enough to fill the file quickly,US\n";
    let mut text = String::from("name,service,purpose,country\n");
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(row);
    }
    std::fs::write(&path, text).unwrap();
    let mut reg = register();
    let msg = refused(&mut reg, &path);
    assert!(
        msg.contains("is 20.0 MB; a spreadsheet import may be at most 10 MB"),
        "{msg}"
    );
}

#[test]
fn a_file_with_too_many_rows_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.csv");
    let mut text = String::from("name,service,purpose,country\n");
    for i in 0..=MAX_ROWS {
        text.push_str(&format!("P{i},s,p,US\n"));
    }
    std::fs::write(&path, text).unwrap();
    let mut reg = register();
    let msg = refused(&mut reg, &path);
    assert!(msg.contains(&format!("more than {MAX_ROWS} rows")), "{msg}");
}

#[test]
fn a_hundred_thousand_rows_import_in_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merchants.csv");
    let mut text = String::from("name,shop_domain,contact_email\n");
    for i in 0..MAX_ROWS {
        text.push_str(&format!(
            "Shop {i},shop-{i}.myshopify.com,ops@shop-{i}.hk\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let mut reg = register();
    let r = merchants::import(&mut reg, "t", &path).unwrap();
    assert_eq!(r.added, MAX_ROWS);
    assert_eq!(merchants::list(reg.conn()).unwrap().len(), MAX_ROWS);
    // The same file again changes nothing.
    let before = audit_count(&reg);
    assert!(merchants::import(&mut reg, "t", &path)
        .unwrap()
        .no_changes());
    assert_eq!(audit_count(&reg), before);
}

#[test]
fn an_authorization_file_without_ids_cannot_be_imported_twice() {
    let mut reg = register();
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.csv");
    std::fs::write(&m, "name,shop_domain\nAcme Ltd,acme.myshopify.com\n").unwrap();
    merchants::import(&mut reg, "t", &m).unwrap();
    let a = dir.path().join("a.csv");
    std::fs::write(
        &a,
        "merchant,platform,scopes,purpose,granted_at\n\
         acme.myshopify.com,google,openid,merchant_operation_support,2026-01-02\n",
    )
    .unwrap();
    assert_eq!(
        authorizations::import(&mut reg, "t", &a, today())
            .unwrap()
            .added,
        1
    );
    let msg = error_text(authorizations::import(&mut reg, "t", &a, today()).unwrap_err());
    assert!(
        msg.contains("row 2, column id: is empty but the register already holds this grant"),
        "{msg}"
    );
}

#[test]
fn an_authorization_row_cannot_unrevoke_or_move_to_another_merchant() {
    let mut reg = populated();
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    std::fs::write(
        &a,
        "id,merchant,platform,scopes,revoked_at\n\
         3,Acme Ltd,google,https://www.googleapis.com/auth/drive.file,\n\
         1,大和商店,google,openid,\n\
         77,Acme Ltd,google,openid,\n",
    )
    .unwrap();
    let msg = error_text(authorizations::import(&mut reg, "t", &a, today()).unwrap_err());
    assert!(
        msg.contains("row 2, column revoked_at: authorization was revoked on 2026-03-01"),
        "{msg}"
    );
    assert!(
        msg.contains("row 3, column merchant: differs from the authorization's merchant"),
        "{msg}"
    );
    assert!(
        msg.contains("row 4, column id: authorization 77 is not in the register"),
        "{msg}"
    );
}
