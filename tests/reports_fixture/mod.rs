//! The register the report tests read: known requests, processors and
//! authorizations, and the figures they must give, worked out by hand.
//!
//! The period is 1 January – 30 June 2026. Requests (office dates):
//!
//! | id | type       | received   | due        | closed     | days | on time |
//! |----|------------|------------|------------|------------|------|---------|
//! |  1 | access     | 2026-01-05 | 2026-02-14 | 2026-01-20 |  15  | yes     |
//! |  2 | correction | 2026-01-10 | 2026-02-19 | 2026-02-25 |  46  | no      |
//! |  3 | deletion   | 2026-02-03 | 2026-03-05 | 2026-03-01 |  26  | yes     |
//! |  4 | access     | 2026-02-15 | 2026-03-27 | 2026-03-20 |  33  | yes (refused, PDPO log) |
//! |  5 | withdraw   | 2026-03-02 | 2026-03-16 | 2026-03-30 |  28  | no      |
//! |  6 | access EU  | 2026-04-01 | 2026-07-01 | 2026-06-10 |  70  | yes (extended 2026-04-20) |
//! |  7 | deletion   | 2026-05-10 | 2026-06-09 | open       |      | overdue 21 days on 30 June |
//! |  8 | access     | 2026-06-20 | 2026-07-30 | open       |      |         |
//! |  9 | correction | 2025-12-20 | 2026-01-29 | 2026-01-25 |  36  | yes (received before the period) |
//! | 10 | access     | 2026-06-25 | 2026-08-04 | 2026-07-05 |      | open on 30 June |
//! | 11 | access     | 2026-04-10 | 2026-05-20 | 2026-05-21 |  41  | no: closed 17:00 UTC on the 20th, the 21st in Hong Kong |
//!
//! Closed in the period: 1, 2, 3, 4, 5, 6, 9, 11 — 5 of 8 on time (62.5%); days
//! sorted 15 26 28 33 36 41 46 70: median (33 + 36) / 2 = 34.5, 90th percentile
//! by nearest rank ⌈0.9 × 8⌉ = 8th = 70. Received in the period: 10. Open on 30
//! June: 7, 8, 10; overdue: 7.

#![allow(dead_code)]

pub mod read;

use std::path::Path;

use chrono::NaiveDate;
use serde_json::json;
use workbench::render::policy::{export, Format as PolicyFormat};
use workbench::reports::Period;
use workbench::{defaults, Register};

pub const ORGANISATION: &str = "Wesmond International Limited";
pub const HOSTILE_MERCHANT: &str = "<script>alert(1)</script> & Sons";
pub const FORMULA_SERVICE: &str = "=HYPERLINK(\"http://evil\")";

pub fn period() -> Period {
    Period::new(date("2026-01-01"), date("2026-06-30")).unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Changes the register through the write path with plain SQL.
pub fn sql(reg: &mut Register, statements: &str) {
    reg.write("fixture", |c| {
        c.tx().execute_batch(statements)?;
        c.record("fixture", "test", None, &json!({ "sql": statements }))
    })
    .unwrap();
}

fn request(
    id: i64,
    kind: &str,
    jurisdiction: &str,
    received: &str,
    due: &str,
    status: &str,
    closed_at: Option<&str>,
) -> String {
    let closed = closed_at
        .map(|c| format!("'{c}'"))
        .unwrap_or_else(|| "NULL".into());
    format!(
        "INSERT INTO rights_requests (id, received_at, received_on, channel, type, jurisdiction,
             due_date, status, created_at, closed_at, requester_email)
         VALUES ({id}, '{received}T02:00:00Z', '{received}', 'email', '{kind}', '{jurisdiction}',
             '{due}', '{status}', '{received}T02:00:00Z', {closed}, 'person{id}@example.com');\n"
    )
}

/// Builds the register in `reg`: the default register plus the fixture.
pub fn fill(reg: &mut Register) {
    defaults::init(reg, "test").unwrap();
    let mut s = String::new();
    s.push_str(&request(
        1,
        "access",
        "HK",
        "2026-01-05",
        "2026-02-14",
        "completed",
        Some("2026-01-20T04:00:00Z"),
    ));
    s.push_str(&request(
        2,
        "correction",
        "HK",
        "2026-01-10",
        "2026-02-19",
        "completed",
        Some("2026-02-25T04:00:00Z"),
    ));
    s.push_str(&request(
        3,
        "deletion",
        "HK",
        "2026-02-03",
        "2026-03-05",
        "completed",
        Some("2026-03-01T04:00:00Z"),
    ));
    s.push_str(&request(
        4,
        "access",
        "HK",
        "2026-02-15",
        "2026-03-27",
        "refused",
        Some("2026-03-20T04:00:00Z"),
    ));
    s.push_str(&request(
        5,
        "withdraw_authorization",
        "HK",
        "2026-03-02",
        "2026-03-16",
        "completed",
        Some("2026-03-30T04:00:00Z"),
    ));
    s.push_str(&request(
        6,
        "access",
        "EU",
        "2026-04-01",
        "2026-07-01",
        "completed",
        Some("2026-06-10T04:00:00Z"),
    ));
    s.push_str(&request(
        7,
        "deletion",
        "HK",
        "2026-05-10",
        "2026-06-09",
        "in_progress",
        None,
    ));
    s.push_str(&request(
        8,
        "access",
        "HK",
        "2026-06-20",
        "2026-07-30",
        "received",
        None,
    ));
    s.push_str(&request(
        9,
        "correction",
        "HK",
        "2025-12-20",
        "2026-01-29",
        "completed",
        Some("2026-01-25T04:00:00Z"),
    ));
    s.push_str(&request(
        10,
        "access",
        "HK",
        "2026-06-25",
        "2026-08-04",
        "completed",
        Some("2026-07-05T04:00:00Z"),
    ));
    s.push_str(&request(
        11,
        "access",
        "HK",
        "2026-04-10",
        "2026-05-20",
        "completed",
        Some("2026-05-20T17:00:00Z"),
    ));
    s.push_str(
        "UPDATE rights_requests SET extended_at = '2026-04-20T02:00:00Z',
             extension_reason = 'Complex request across three platforms',
             extension_notice_due = '2026-05-01' WHERE id = 6;
         INSERT INTO pdpo_refusal_log (request_id, request_type, refused_on, reasons, logged_at, logged_by)
         VALUES (4, 'access', '2026-03-20', 'The requester''s identity could not be verified',
                 '2026-03-20T04:00:00Z', 'officer');\n",
    );
    sql(reg, &s);

    sql(
        reg,
        &format!(
            "INSERT INTO processors (name, service, purpose, data_categories, country, transfer_mechanism,
                 confidentiality, confidentiality_date, contract_start, contract_end, next_review, status,
                 created_at, updated_at) VALUES
             ('Acme Cloud Ltd', 'Hosting', 'Runs TrackTrack', '[\"merchant contact details\",\"order data\"]',
              'US', 'Standard contractual clauses', 'dpa', '2025-01-10', '2025-01-01', NULL, '2026-06-01',
              'active', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
             ('Beta Mail', 'E-mail delivery', 'Sends notices', '[\"email addresses\"]', 'IE', NULL,
              'confidentiality_agreement', '2025-03-01', '2025-03-01', '2027-02-28', '2026-07-15',
              'active', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
             ('Zeta Analytics', '{}', 'Product analytics', '[]', 'SG', NULL, 'none', NULL, NULL, NULL,
              '2027-01-01', 'active', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
             ('Old Host', 'Hosting', 'Former host', '[]', 'HK', NULL, 'dpa', '2020-01-01', '2020-01-01',
              '2024-12-31', NULL, 'retired', '2020-01-01T00:00:00Z', '2025-01-01T00:00:00Z');",
            FORMULA_SERVICE.replace('\'', "''")
        ),
    );

    let scope = |platform: &str, scope: &str| {
        format!(
            "INSERT INTO authorization_scopes (authorization_id, scope, scope_id)
             VALUES (last_insert_rowid(), '{scope}',
                     (SELECT id FROM scopes WHERE platform = '{platform}' AND scope = '{scope}'));"
        )
    };
    let mut a = format!(
        "INSERT INTO merchants (id, name, shop_domain, created_at) VALUES
             (1, 'Lotus Tea HK', 'lotus-tea.myshopify.com', '2025-01-01T00:00:00Z'),
             (2, '{}', 'sons.myshopify.com', '2025-01-01T00:00:00Z');",
        HOSTILE_MERCHANT
    );
    // A1: Google, granted before the period, active.
    a.push_str(
        "INSERT INTO authorizations (id, merchant_id, platform, purpose, granted_at, granted_by)
                VALUES (1, 1, 'google', 'analytics', '2025-11-01', 'officer');",
    );
    for s in [
        "https://www.googleapis.com/auth/analytics.readonly",
        "https://www.googleapis.com/auth/drive.readonly",
        "openid",
    ] {
        a.push_str(&scope("google", s).replace("last_insert_rowid()", "1"));
    }
    // A2: Shopify, granted in the period, active.
    a.push_str(
        "INSERT INTO authorizations (id, merchant_id, platform, purpose, granted_at, granted_by)
                VALUES (2, 1, 'shopify', 'reporting', '2026-02-01', 'officer');",
    );
    for s in ["read_orders", "read_products"] {
        a.push_str(&scope("shopify", s).replace("last_insert_rowid()", "2"));
    }
    // A3: Meta, granted and revoked in the period on request 5.
    a.push_str("INSERT INTO authorizations (id, merchant_id, platform, purpose, granted_at, granted_by,
                    revoked_at, revoked_by, revoke_channel, revoke_reason, revoke_request_id)
                VALUES (3, 2, 'meta', 'advertising_performance_review', '2026-01-15', 'officer',
                    '2026-05-02', 'officer', 'email_request', 'Merchant withdrew authorization', 5);");
    a.push_str(&scope("meta", "ads_read").replace("last_insert_rowid()", "3"));
    // A4: Google, granted in the period, one scope missing from the catalog.
    a.push_str(
        "INSERT INTO authorizations (id, merchant_id, platform, purpose, granted_at, granted_by)
                VALUES (4, 2, 'google', 'analytics', '2026-03-01', 'officer');",
    );
    for s in [
        "https://www.googleapis.com/auth/analytics.readonly",
        "https://example.com/auth/unknown",
    ] {
        a.push_str(&scope("google", s).replace("last_insert_rowid()", "4"));
    }
    sql(reg, &a);
}

/// The fixture in memory.
pub fn register() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    fill(&mut reg);
    reg
}

/// The fixture in a file (for the CLI), with one policy snapshot recorded by
/// exporting the published policy as HTML. Returns the snapshot's file hash.
pub fn register_file(path: &Path) -> String {
    let mut reg = Register::open_or_create(path).unwrap();
    fill(&mut reg);
    let out = path.with_file_name("policy-export.html");
    let e = export(&mut reg, "test", None, PolicyFormat::Html, &out).unwrap();
    e.sha256
}

/// Runs a poppler tool on `pdf` bytes; fails the test with a message when
/// poppler-utils is missing.
pub fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut command = std::process::Command::new(tool);
    command.args(args).arg(&path);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command.output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}); install poppler-utils (apt-get install poppler-utils)")
    });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The PDF's text on one line (line breaks as spaces, zero-width spaces removed).
pub fn pdf_text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf)
        .replace('\u{200B}', "")
        .replace('\n', " ")
}

/// A field of `pdfinfo`.
pub fn pdf_info(pdf: &[u8], field: &str) -> String {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .unwrap_or_else(|| panic!("pdfinfo shows no {field}:\n{info}"))
        .trim()
        .to_owned()
}
