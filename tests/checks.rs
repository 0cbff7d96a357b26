//! Each check trips on a register built to break it, and passes on one that keeps it.

use chrono::NaiveDate;
use serde_json::json;
use workbench::checks::{self, Report, Severity};
use workbench::register::policy::{self, Publication};
use workbench::{defaults, Register};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn register() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    reg
}

/// Changes the register through the write path with plain SQL, as a fixture.
fn sql(reg: &mut Register, statements: &str) {
    reg.write("fixture", |c| {
        c.tx().execute_batch(statements)?;
        c.record("fixture", "test", None, &json!({ "sql": statements }))
    })
    .unwrap();
}

fn run(reg: &Register) -> Report {
    checks::run(reg.conn(), today()).unwrap()
}

/// The findings of one check, as (severity, message).
fn findings(reg: &Register, id: &str) -> Vec<(Severity, String)> {
    let report = run(reg);
    let result = report
        .results
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no check {id}"));
    result
        .findings
        .iter()
        .map(|f| (f.severity, f.message.clone()))
        .collect()
}

const MERCHANT: &str = "INSERT INTO merchants (id, name, shop_domain, created_at)
    VALUES (1, 'Lotus Tea HK', 'lotus-tea.myshopify.com', '2026-01-01T00:00:00Z');";

fn grant(platform: &str, purpose: &str, scopes: &[&str]) -> String {
    let mut s = format!(
        "INSERT INTO authorizations (merchant_id, platform, purpose, granted_at, granted_by)
         VALUES (1, '{platform}', '{purpose}', '2026-02-01', 'officer');"
    );
    for scope in scopes {
        s.push_str(&format!(
            "INSERT INTO authorization_scopes (authorization_id, scope, scope_id)
             VALUES (last_insert_rowid(), '{scope}',
                     (SELECT id FROM scopes WHERE platform = '{platform}' AND scope = '{scope}'));"
        ));
    }
    s
}

#[test]
fn the_default_register_passes_every_check() {
    let report = run(&register());
    assert_eq!(report.errors, 0, "{report:#?}");
    assert_eq!(report.warnings, 0, "{report:#?}");
    assert!(report.results.len() >= 15);
    let mut ids: Vec<_> = report.results.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), report.results.len(), "check ids are unique");
}

#[test]
fn policy_last_updated_must_match_the_effective_date() {
    let mut reg = register();
    assert!(findings(&reg, "policy.last-updated-matches").is_empty());
    // A register edited behind the library's back (the trigger dropped) is caught.
    sql(
        &mut reg,
        "DROP TRIGGER published_policy_is_immutable;
         UPDATE policy_versions SET effective_date = '2026-06-01' WHERE status = 'published';",
    );
    let f = findings(&reg, "policy.last-updated-matches");
    assert_eq!(f.len(), 1);
    assert!(
        f[0].1.contains("31 May 2026") && f[0].1.contains("1 June 2026"),
        "{f:?}"
    );
    assert!(run(&reg).failed());
}

#[test]
fn policy_content_changed_under_the_same_date_is_caught() {
    let mut reg = register();
    let md = defaults::POLICY_MD.replace("We do not sell data.", "We may sell data.");
    sql(
        &mut reg,
        &format!(
            "INSERT INTO policy_versions (label, markdown, effective_date, status, created_at, created_by)
             VALUES ('sneaky', '{}', '2026-05-31', 'retired', '2026-06-01T00:00:00Z', 'x');",
            md.replace('\'', "''")
        ),
    );
    let f = findings(&reg, "policy.new-content-new-date");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].1.contains("sneaky"));
}

#[test]
fn a_connected_platform_must_be_named_in_the_policy() {
    let mut reg = register();
    sql(&mut reg, MERCHANT);
    sql(&mut reg, &grant("shopify", "reporting", &["read_orders"]));
    assert!(findings(&reg, "policy.names-connected-platforms").is_empty());
    sql(
        &mut reg,
        "INSERT INTO platforms (code, name, category, policy_terms)
         VALUES ('lazada', 'Lazada', 'commerce', '[\"Lazada\"]');",
    );
    sql(&mut reg, &grant("lazada", "reporting", &["orders.read"]));
    let f = findings(&reg, "policy.names-connected-platforms");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].1.starts_with("Lazada has 1 active authorization"));
}

#[test]
fn google_authorizations_need_the_limited_use_disclosure() {
    let mut reg = register();
    sql(&mut reg, MERCHANT);
    sql(
        &mut reg,
        &grant(
            "google",
            "analytics",
            &["https://www.googleapis.com/auth/analytics.readonly"],
        ),
    );
    assert!(findings(&reg, "policy.google-limited-use").is_empty());
    // Publish a version that drops the Limited Use paragraph.
    let md = defaults::POLICY_MD
        .replace("Last updated: 31 May 2026", "Last updated: 1 July 2026")
        .replace(
            "Our use and transfer of information received from Google APIs will adhere to the Google API Services User Data Policy, including the Limited Use requirements.",
            "We handle Google data carefully.",
        );
    reg.write("t", |c| {
        policy::create_draft(c, Some("no-limited-use"), &md, None)?;
        policy::publish(
            c,
            "no-limited-use",
            &Publication {
                effective_date: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
                material_change: true,
                summary: Some("dropped Limited Use"),
            },
        )
    })
    .unwrap();
    let f = findings(&reg, "policy.google-limited-use");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Severity::Error);
}

#[test]
fn google_purposes_stay_within_the_four_uses() {
    let mut reg = register();
    sql(&mut reg, MERCHANT);
    sql(
        &mut reg,
        &grant(
            "google",
            "analytics",
            &["https://www.googleapis.com/auth/analytics.readonly"],
        ),
    );
    assert!(findings(&reg, "google.purpose-within-policy").is_empty());
    sql(
        &mut reg,
        &grant(
            "google",
            "model_training",
            &["https://www.googleapis.com/auth/analytics.readonly"],
        ),
    );
    sql(
        &mut reg,
        &grant(
            "google",
            "merchant_operation_support",
            &["https://www.googleapis.com/auth/analytics.readonly"],
        ),
    );
    let f = findings(&reg, "google.purpose-within-policy");
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(f[0].1.contains("model_training"));
    assert!(f[1].1.contains("does not permit"));
}

#[test]
fn restricted_google_scopes_need_a_recent_security_assessment() {
    let mut reg = register();
    sql(&mut reg, MERCHANT);
    sql(
        &mut reg,
        &grant(
            "google",
            "reporting",
            &["https://www.googleapis.com/auth/drive.readonly"],
        ),
    );
    let f = findings(&reg, "google.restricted-scope-assessment");
    assert!(f[0].1.contains("no security assessment"), "{f:?}");
    sql(
        &mut reg,
        "INSERT INTO security_assessments (platform, assessed_on, assessor, created_at)
         VALUES ('google', '2025-11-28', 'Assessor Ltd', '2025-11-28T00:00:00Z');",
    );
    assert!(findings(&reg, "google.restricted-scope-assessment")[0]
        .1
        .contains("more than 12 months"));
    sql(
        &mut reg,
        "INSERT INTO security_assessments (platform, assessed_on, assessor, created_at)
         VALUES ('google', '2025-11-29', 'Assessor Ltd', '2025-11-29T00:00:00Z');",
    );
    assert!(findings(&reg, "google.restricted-scope-assessment").is_empty());
}

#[test]
fn scopes_outside_the_catalog_are_flagged() {
    let mut reg = register();
    sql(&mut reg, MERCHANT);
    sql(&mut reg, &grant("meta", "reporting", &["ads_read"]));
    assert!(findings(&reg, "scopes.catalogued").is_empty());
    sql(
        &mut reg,
        &grant("meta", "reporting", &["user_messenger_contact"]),
    );
    let f = findings(&reg, "scopes.catalogued");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].0, Severity::Warning);
}

const PROCESSOR: &str = "INSERT INTO processors (id, name, service, purpose, country, confidentiality, next_review, created_at, updated_at)
    VALUES (1, 'CloudHost Ltd', 'hosting', 'hosting the service', 'SG', '{conf}', {review}, 'x', 'x');";

fn processor(conf: &str, review: &str) -> String {
    PROCESSOR
        .replace("{conf}", conf)
        .replace("{review}", review)
}

#[test]
fn processors_need_confidentiality() {
    let mut reg = register();
    sql(&mut reg, &processor("dpa", "'2027-06-01'"));
    assert!(findings(&reg, "processors.confidentiality").is_empty());
    sql(
        &mut reg,
        "UPDATE processors SET confidentiality = 'pending' WHERE id = 1;",
    );
    assert_eq!(findings(&reg, "processors.confidentiality").len(), 1);
    sql(
        &mut reg,
        "UPDATE processors SET status = 'retired' WHERE id = 1;",
    );
    assert!(
        findings(&reg, "processors.confidentiality").is_empty(),
        "retired ones are not checked"
    );
}

#[test]
fn processor_reviews_must_not_be_past() {
    let mut reg = register();
    sql(&mut reg, &processor("dpa", "'2027-06-01'"));
    assert!(findings(&reg, "processors.review-date").is_empty());
    sql(
        &mut reg,
        "UPDATE processors SET next_review = '2026-12-10' WHERE id = 1;",
    );
    assert_eq!(
        findings(&reg, "processors.review-date")[0].0,
        Severity::Info
    );
    sql(
        &mut reg,
        "UPDATE processors SET next_review = '2026-11-28' WHERE id = 1;",
    );
    assert_eq!(
        findings(&reg, "processors.review-date")[0].0,
        Severity::Error
    );
    sql(
        &mut reg,
        "UPDATE processors SET next_review = NULL WHERE id = 1;",
    );
    assert_eq!(
        findings(&reg, "processors.review-date")[0].0,
        Severity::Warning
    );
}

fn request(id: i64, kind: &str, status: &str, due: &str) -> String {
    format!(
        "INSERT INTO rights_requests (id, received_at, channel, requester_email, merchant_id, type, jurisdiction, due_date, status, created_at)
         VALUES ({id}, '2026-10-01T02:00:00Z', 'email', 'chan@example.hk', NULL, '{kind}', 'HK', '{due}', '{status}', 'x');"
    )
}

#[test]
fn open_requests_past_due_fail_and_near_due_warn() {
    let mut reg = register();
    sql(&mut reg, &request(1, "access", "in_progress", "2026-12-20"));
    assert!(findings(&reg, "requests.on-time").is_empty());
    sql(&mut reg, &request(2, "access", "received", "2026-12-06"));
    sql(
        &mut reg,
        &request(3, "correction", "identity_check", "2026-11-28"),
    );
    sql(&mut reg, &request(4, "deletion", "completed", "2026-11-01"));
    let f = findings(&reg, "requests.on-time");
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].0, Severity::Error);
    assert!(f[0].1.contains("1 day(s) ago"), "{f:?}");
    assert_eq!(f[1].0, Severity::Warning);
    assert!(f[1].1.contains("in 7 day(s)"), "{f:?}");
}

#[test]
fn untyped_open_requests_warn() {
    let mut reg = register();
    sql(&mut reg, &request(1, "access", "received", "2026-12-20"));
    assert!(findings(&reg, "requests.triaged").is_empty());
    sql(
        &mut reg,
        &request(2, "needs_triage", "received", "2026-12-20"),
    );
    assert_eq!(findings(&reg, "requests.triaged").len(), 1);
}

#[test]
fn a_completed_withdrawal_needs_the_authorizations_revoked() {
    let mut reg = register();
    sql(&mut reg, MERCHANT);
    sql(&mut reg, &grant("shopify", "reporting", &["read_orders"]));
    sql(
        &mut reg,
        &request(1, "withdraw_authorization", "completed", "2026-11-10"),
    );
    sql(
        &mut reg,
        "UPDATE rights_requests SET merchant_id = 1 WHERE id = 1;",
    );
    let f = findings(&reg, "requests.withdrawal-revokes");
    assert_eq!(f.len(), 1);
    assert!(f[0].1.contains("Lotus Tea HK still has 1 active"), "{f:?}");
    sql(
        &mut reg,
        "UPDATE authorizations SET revoked_at = '2026-11-09', revoked_by = 'officer',
                revoke_channel = 'email_request', revoke_request_id = 1;",
    );
    assert!(findings(&reg, "requests.withdrawal-revokes").is_empty());
}

#[test]
fn a_completed_deletion_needs_evidence() {
    let mut reg = register();
    sql(&mut reg, &request(1, "deletion", "completed", "2026-11-10"));
    assert_eq!(findings(&reg, "requests.deletion-evidence").len(), 1);
    sql(
        &mut reg,
        "INSERT INTO request_evidence (request_id, description, recorded_at, recorded_by)
         VALUES (1, 'Deleted from CRM and analytics warehouse; tickets WS-12, WS-13', 'x', 'officer');",
    );
    assert!(findings(&reg, "requests.deletion-evidence").is_empty());
}

#[test]
fn a_broken_audit_chain_fails_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut reg = Register::open_or_create(&path).unwrap();
    defaults::init(&mut reg, "t").unwrap();
    assert!(findings(&reg, "audit.chain-intact").is_empty());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'x' WHERE seq = 2;",
        )
        .unwrap();
    let f = findings(&reg, "audit.chain-intact");
    assert!(f[0].1.contains("entry 2"), "{f:?}");
}
