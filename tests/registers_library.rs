//! Processors, merchants, authorizations, the scope catalog and retention, through
//! the library: validation, audit entries, flags, revocation, the due list.

use chrono::{Months, NaiveDate};
use rusqlite::params;
use serde_json::{json, Value};
use workbench::defaults;
use workbench::register::authorizations::{self, AuthorizationInput, ListFilter, Revocation};
use workbench::register::merchants::{self, MerchantInput};
use workbench::register::platforms::{self, NewAssessment, ScopeEdit};
use workbench::register::processors::{self, ProcessorInput};
use workbench::register::retention::{self, NewAction, RuleEdit};
use workbench::{audit, Error, Register};

const ANALYTICS: &str = "https://www.googleapis.com/auth/analytics.readonly";
const DRIVE_FILE: &str = "https://www.googleapis.com/auth/drive.file";
const DRIVE_READONLY: &str = "https://www.googleapis.com/auth/drive.readonly"; // restricted

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

fn register() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    reg
}

fn audit_count(reg: &Register) -> i64 {
    audit::count(reg.conn()).unwrap()
}

fn last_audit(reg: &Register) -> (String, String, Value) {
    let e = &audit::list(reg.conn(), 1, 0).unwrap()[0];
    (
        e.action.clone(),
        e.entity.clone(),
        serde_json::from_str(&e.change).unwrap(),
    )
}

fn aws() -> ProcessorInput {
    ProcessorInput {
        name: Some("Amazon Web Services".into()),
        service: Some("Cloud hosting".into()),
        purpose: Some("Hosts TrackTrack".into()),
        data_categories: Some("merchant account data; platform data".into()),
        country: Some("us".into()),
        confidentiality: Some("dpa".into()),
        confidentiality_date: Some("2025-01-10".into()),
        next_review: Some("2026-12-01".into()),
        ..Default::default()
    }
}

fn add_merchant(reg: &mut Register, name: &str, domain: &str) -> i64 {
    let input = MerchantInput {
        name: Some(name.into()),
        shop_domain: Some(domain.into()),
        contact_email: Some(format!("ops@{domain}")),
        ..Default::default()
    };
    reg.write("test", |c| merchants::create(c, &input)).unwrap()
}

fn grant(reg: &mut Register, merchant: &str, scopes: &[&str], purpose: &str) -> i64 {
    let input = AuthorizationInput {
        merchant: Some(merchant.into()),
        platform: Some("google".into()),
        scopes: Some(scopes.join(",")),
        purpose: Some(purpose.into()),
        granted_at: Some("2026-01-05".into()),
        ..Default::default()
    };
    reg.write("test", |c| authorizations::grant(c, &input, today()))
        .unwrap()
        .id
}

fn add_request(reg: &mut Register, merchant: Option<i64>, closed: Option<&str>) -> i64 {
    reg.write("test", |c| {
        c.tx().execute(
            "INSERT INTO rights_requests (received_at, channel, type, jurisdiction, created_at,
                 merchant_id, status, closed_at)
             VALUES ('2026-02-01T02:00:00Z', 'email', 'withdraw_authorization', 'HK',
                 '2026-02-01T02:00:00Z', ?1, ?2, ?3)",
            params![
                merchant,
                if closed.is_some() {
                    "completed"
                } else {
                    "received"
                },
                closed
            ],
        )?;
        let id = c.tx().last_insert_rowid();
        c.record(
            "create",
            "rights_request",
            Some(&id.to_string()),
            &json!({}),
        )?;
        Ok(id)
    })
    .unwrap()
}

fn invalid(e: Error) -> String {
    assert!(e.is_bad_input(), "{e:?}");
    e.to_string()
}

// ---------------------------------------------------------------- processors

#[test]
fn a_processor_is_added_with_normalised_fields_and_audited() {
    let mut reg = register();
    let id = reg.write("ann", |c| processors::create(c, &aws())).unwrap();
    let p = processors::get(reg.conn(), id).unwrap();
    assert_eq!(p.fields.country, "US");
    assert_eq!(
        p.fields.data_categories,
        ["merchant account data", "platform data"]
    );
    assert_eq!(p.fields.status, "active");
    let (action, entity, change) = last_audit(&reg);
    assert_eq!((action.as_str(), entity.as_str()), ("create", "processor"));
    assert_eq!(change["name"], "Amazon Web Services");
}

#[test]
fn every_bad_processor_field_is_named_in_one_error_and_nothing_lands() {
    let mut reg = register();
    let before = audit_count(&reg);
    let bad = ProcessorInput {
        name: Some("X".into()),
        service: Some("".into()),
        purpose: Some("p".into()),
        country: Some("Narnia".into()),
        confidentiality: Some("handshake".into()),
        contract_start: Some("2026-05-01".into()),
        contract_end: Some("2026-04-01".into()),
        next_review: Some("2026-02-30".into()),
        ..Default::default()
    };
    let msg = invalid(reg.write("t", |c| processors::create(c, &bad)).unwrap_err());
    for needle in [
        "service: is required",
        "country: 'Narnia' is not an ISO 3166-1 alpha-2",
        "confidentiality: 'handshake' is not one of none, pending, confidentiality_agreement, dpa",
        "contract_end: 2026-04-01 is before contract_start 2026-05-01",
        "next_review: '2026-02-30' is not a date; write it as YYYY-MM-DD",
    ] {
        assert!(msg.contains(needle), "{needle} missing from: {msg}");
    }
    assert_eq!(audit_count(&reg), before);
    assert!(processors::list(reg.conn()).unwrap().is_empty());
}

#[test]
fn a_dpa_needs_its_signing_date() {
    let mut reg = register();
    let mut input = aws();
    input.confidentiality_date = None;
    let msg = invalid(
        reg.write("t", |c| processors::create(c, &input))
            .unwrap_err(),
    );
    assert!(msg.contains("confidentiality_date: is required"), "{msg}");
}

#[test]
fn processor_names_are_unique_whatever_their_case() {
    let mut reg = register();
    reg.write("t", |c| processors::create(c, &aws())).unwrap();
    let mut again = aws();
    again.name = Some("AMAZON web services".into());
    let msg = invalid(
        reg.write("t", |c| processors::create(c, &again))
            .unwrap_err(),
    );
    assert!(msg.contains("already exists"), "{msg}");
}

#[test]
fn an_edit_records_old_and_new_values_of_what_changed_only() {
    let mut reg = register();
    let id = reg.write("t", |c| processors::create(c, &aws())).unwrap();
    let edit = ProcessorInput {
        next_review: Some("2027-01-15".into()),
        notes: Some("Reviewed SOC 2 report".into()),
        ..Default::default()
    };
    assert!(reg.write("t", |c| processors::edit(c, id, &edit)).unwrap());
    let (action, _, change) = last_audit(&reg);
    assert_eq!(action, "update");
    assert_eq!(
        change["changes"],
        json!({
            "next_review": { "old": "2026-12-01", "new": "2027-01-15" },
            "notes": { "old": null, "new": "Reviewed SOC 2 report" }
        })
    );
    // Clearing an optional field with an empty value.
    let clear = ProcessorInput {
        notes: Some(String::new()),
        ..Default::default()
    };
    reg.write("t", |c| processors::edit(c, id, &clear)).unwrap();
    assert_eq!(processors::get(reg.conn(), id).unwrap().fields.notes, None);
}

#[test]
fn retiring_a_processor_is_one_audited_change_and_only_once() {
    let mut reg = register();
    let id = reg.write("t", |c| processors::create(c, &aws())).unwrap();
    reg.write("t", |c| processors::retire(c, id, Some("contract ended")))
        .unwrap();
    assert_eq!(
        processors::get(reg.conn(), id).unwrap().fields.status,
        "retired"
    );
    let (action, _, change) = last_audit(&reg);
    assert_eq!(action, "retire");
    assert_eq!(change["reason"], "contract ended");
    let msg = invalid(
        reg.write("t", |c| processors::retire(c, id, None))
            .unwrap_err(),
    );
    assert!(msg.contains("already retired"), "{msg}");
}

// ---------------------------------------------------------------- merchants

#[test]
fn merchants_check_email_domain_and_an_ended_contract() {
    let mut reg = register();
    let bad = MerchantInput {
        name: Some("Acme".into()),
        shop_domain: Some("https://acme.myshopify.com/".into()),
        contact_email: Some("ops at acme".into()),
        status: Some("ended".into()),
        ..Default::default()
    };
    let msg = invalid(reg.write("t", |c| merchants::create(c, &bad)).unwrap_err());
    assert!(
        msg.contains("shop_domain: 'https://acme.myshopify.com/' is not a bare domain"),
        "{msg}"
    );
    assert!(
        msg.contains("contact_email: 'ops at acme' is not an e-mail address"),
        "{msg}"
    );
    assert!(
        msg.contains("contract_end: is required when status is ended"),
        "{msg}"
    );
}

#[test]
fn merchant_names_and_domains_are_unique_and_find_takes_either() {
    let mut reg = register();
    let id = add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    assert_eq!(
        merchants::find(reg.conn(), "ACME.myshopify.com")
            .unwrap()
            .id,
        id
    );
    assert_eq!(merchants::find(reg.conn(), "acme ltd").unwrap().id, id);
    assert_eq!(merchants::find(reg.conn(), &id.to_string()).unwrap().id, id);
    let dup = MerchantInput {
        name: Some("acme LTD".into()),
        ..Default::default()
    };
    let msg = invalid(reg.write("t", |c| merchants::create(c, &dup)).unwrap_err());
    assert!(msg.contains("unique"), "{msg}");
}

// ---------------------------------------------------------------- authorizations

#[test]
fn a_grant_keeps_an_uncatalogued_scope_and_flags_it() {
    let mut reg = register();
    add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    let input = AuthorizationInput {
        merchant: Some("Acme Ltd".into()),
        platform: Some("Google".into()),
        scopes: Some(format!("{ANALYTICS}, made.up.scope")),
        purpose: Some("analytics".into()),
        ..Default::default()
    };
    let g = reg
        .write("ann", |c| authorizations::grant(c, &input, today()))
        .unwrap();
    assert_eq!(g.uncatalogued, ["made.up.scope"]);
    let null_ids: i64 = reg
        .conn()
        .query_row(
            "SELECT count(*) FROM authorization_scopes WHERE authorization_id = ?1 AND scope_id IS NULL",
            [g.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(null_ids, 1);
    let a = authorizations::show(reg.conn(), g.id, today()).unwrap();
    assert_eq!(a.fields.granted_at, "2026-06-15", "defaults to today");
    assert_eq!(a.fields.granted_by, "ann");
    let kinds: Vec<&str> = a.flags.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["uncatalogued"]);
    let s = a
        .granted_scopes
        .iter()
        .find(|s| s.scope == ANALYTICS)
        .unwrap();
    assert_eq!(s.sensitivity.as_deref(), Some("sensitive"));
    let (action, _, change) = last_audit(&reg);
    assert_eq!(action, "grant");
    assert_eq!(change["uncatalogued"], json!(["made.up.scope"]));
}

#[test]
fn a_google_scope_outside_the_purpose_is_flagged() {
    let mut reg = register();
    add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    // drive.file serves reporting only in the catalog.
    let id = grant(&mut reg, "Acme Ltd", &[ANALYTICS, DRIVE_FILE], "analytics");
    let a = authorizations::show(reg.conn(), id, today()).unwrap();
    assert_eq!(a.flags.len(), 1, "{:?}", a.flags);
    assert_eq!(a.flags[0].kind, "purpose_not_permitted");
    assert_eq!(a.flags[0].scope.as_deref(), Some(DRIVE_FILE));
    let ok = grant(&mut reg, "Acme Ltd", &[ANALYTICS, DRIVE_FILE], "reporting");
    assert!(authorizations::show(reg.conn(), ok, today())
        .unwrap()
        .flags
        .is_empty());
}

#[test]
fn a_restricted_google_scope_needs_an_assessment_within_twelve_months() {
    let mut reg = register();
    add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    let id = grant(&mut reg, "Acme Ltd", &[DRIVE_READONLY], "reporting");
    let kinds = |reg: &Register| -> Vec<String> {
        authorizations::show(reg.conn(), id, today())
            .unwrap()
            .flags
            .into_iter()
            .map(|f| f.kind)
            .collect()
    };
    assert_eq!(kinds(&reg), ["no_security_assessment"]);

    let assess = |reg: &mut Register, date: NaiveDate| {
        let a = NewAssessment {
            platform: "google".into(),
            assessed_on: date.to_string(),
            assessor: "Leviathan Security".into(),
            notes: None,
        };
        reg.write("t", |c| platforms::record_assessment(c, &a, today()))
            .unwrap();
    };
    let thirteen_months_ago = today().checked_sub_months(Months::new(13)).unwrap();
    assess(&mut reg, thirteen_months_ago);
    assert_eq!(kinds(&reg), ["no_security_assessment"], "too old");
    let twelve_months_ago = today().checked_sub_months(Months::new(12)).unwrap();
    assess(&mut reg, twelve_months_ago);
    assert!(kinds(&reg).is_empty(), "dated within twelve months");
    assert_eq!(
        platforms::assessments(reg.conn(), Some("google"))
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_future_or_undated_assessment_is_refused() {
    let mut reg = register();
    let a = NewAssessment {
        platform: "google".into(),
        assessed_on: "2027-01-01".into(),
        assessor: "".into(),
        notes: None,
    };
    let msg = invalid(
        reg.write("t", |c| platforms::record_assessment(c, &a, today()))
            .unwrap_err(),
    );
    assert!(msg.contains("date: 2027-01-01 is in the future"), "{msg}");
    assert!(msg.contains("assessor: is required"), "{msg}");
}

#[test]
fn revoking_records_when_why_how_and_the_request_in_one_audited_action() {
    let mut reg = register();
    let m = add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    let id = grant(&mut reg, "Acme Ltd", &[ANALYTICS], "analytics");
    let req = add_request(&mut reg, Some(m), None);
    let before = audit_count(&reg);
    let r = Revocation {
        reason: "Merchant asked by e-mail".into(),
        request: Some(req),
        revoked_on: Some("2026-06-10".into()),
        ..Default::default()
    };
    reg.write("bob", |c| authorizations::revoke(c, id, &r, today()))
        .unwrap();
    assert_eq!(audit_count(&reg), before + 1, "one action, one entry");
    let a = authorizations::show(reg.conn(), id, today()).unwrap();
    assert_eq!(a.status, "revoked");
    assert_eq!(a.fields.revoked_at.as_deref(), Some("2026-06-10"));
    assert_eq!(a.fields.revoked_by.as_deref(), Some("bob"));
    assert_eq!(a.fields.revoke_channel.as_deref(), Some("email_request"));
    assert_eq!(a.fields.revoke_request_id, Some(req));
    let (action, _, change) = last_audit(&reg);
    assert_eq!(action, "revoke");
    assert_eq!(change["changes"]["revoked_at"]["old"], Value::Null);
    assert_eq!(change["changes"]["revoked_at"]["new"], "2026-06-10");

    let again = invalid(
        reg.write("bob", |c| authorizations::revoke(c, id, &r, today()))
            .unwrap_err(),
    );
    assert!(again.contains("already revoked on 2026-06-10"), "{again}");
    let active = authorizations::list_filtered(
        reg.conn(),
        &ListFilter {
            active: true,
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert!(active.is_empty());
}

#[test]
fn a_revocation_must_name_a_real_request_of_the_same_merchant_and_a_sane_date() {
    let mut reg = register();
    add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    let other = add_merchant(&mut reg, "Bolt Co", "bolt.myshopify.com");
    let id = grant(&mut reg, "Acme Ltd", &[ANALYTICS], "analytics");
    let foreign = add_request(&mut reg, Some(other), None);
    let before = audit_count(&reg);
    for (r, needle) in [
        (
            Revocation {
                reason: "x".into(),
                request: Some(999),
                ..Default::default()
            },
            "rights request 999 does not exist",
        ),
        (
            Revocation {
                reason: "x".into(),
                request: Some(foreign),
                ..Default::default()
            },
            "concerns merchant",
        ),
        (
            Revocation {
                reason: "x".into(),
                revoked_on: Some("2025-12-31".into()),
                ..Default::default()
            },
            "revoked_at: 2025-12-31 is before granted_at 2026-01-05",
        ),
        (
            Revocation {
                reason: "x".into(),
                channel: Some("carrier pigeon".into()),
                ..Default::default()
            },
            "revoke_channel: 'carrier pigeon' is not one of platform, email_request, contract_end, other",
        ),
        (
            Revocation {
                reason: " ".into(),
                ..Default::default()
            },
            "reason: say why the authorization is revoked",
        ),
    ] {
        let msg = invalid(
            reg.write("t", |c| authorizations::revoke(c, id, &r, today()))
                .unwrap_err(),
        );
        assert!(msg.contains(needle), "{needle} not in {msg}");
    }
    assert_eq!(audit_count(&reg), before, "nothing half-written");
}

#[test]
fn a_grant_refuses_unknown_merchants_platforms_purposes_and_future_dates() {
    let mut reg = register();
    let input = AuthorizationInput {
        merchant: Some("Nobody".into()),
        platform: Some("myspace".into()),
        scopes: Some("".into()),
        purpose: Some("selling".into()),
        granted_at: Some("2030-01-01".into()),
        ..Default::default()
    };
    let msg = invalid(
        reg.write("t", |c| authorizations::grant(c, &input, today()))
            .unwrap_err(),
    );
    for needle in [
        "merchant: 'Nobody' is not a merchant",
        "platform: 'myspace' is not a platform",
        "scopes: is required",
        "purpose: 'selling' is not one of analytics, reporting, advertising_performance_review, merchant_operation_support",
        "granted_at: 2030-01-01 is in the future",
    ] {
        assert!(msg.contains(needle), "{needle} not in {msg}");
    }
}

#[test]
fn list_filters_by_merchant_platform_and_activity() {
    let mut reg = register();
    add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    add_merchant(&mut reg, "Bolt Co", "bolt.myshopify.com");
    let a = grant(&mut reg, "Acme Ltd", &[ANALYTICS], "analytics");
    grant(&mut reg, "Bolt Co", &[ANALYTICS], "analytics");
    let only = |filter: ListFilter| -> Vec<i64> {
        authorizations::list_filtered(reg.conn(), &filter, today())
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(
        only(ListFilter {
            merchant: Some("acme.myshopify.com".into()),
            ..Default::default()
        }),
        [a]
    );
    assert_eq!(
        only(ListFilter {
            platform: Some("meta".into()),
            ..Default::default()
        }),
        Vec::<i64>::new()
    );
    assert_eq!(only(ListFilter::default()).len(), 2);
}

// ---------------------------------------------------------------- scope catalog

fn catalog_with(extra: &str, change_analytics: bool) -> String {
    let mut text = defaults::SCOPE_CATALOG_TOML.to_string();
    if change_analytics {
        text = text.replacen(
            "purposes = [\"analytics\", \"reporting\"]",
            "purposes = [\"analytics\", \"reporting\", \"merchant_operation_support\"]",
            1,
        );
    }
    text.push_str(extra);
    text
}

const NEW_SCOPE: &str = r#"
[[scope]]
platform = "google"
scope = "made.up.scope"
description = "A scope Google added later"
sensitivity = "sensitive"
purposes = ["reporting"]
source = "Google Cloud Console, checked 2026-06"
confirmed = true
"#;

#[test]
fn loading_a_newer_catalog_upserts_in_one_change_and_links_old_grants() {
    let mut reg = register();
    add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    let id = grant(&mut reg, "Acme Ltd", &["made.up.scope"], "reporting");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.toml");
    std::fs::write(&file, catalog_with(NEW_SCOPE, true)).unwrap();
    let before = audit_count(&reg);
    let r = platforms::load_catalog(&mut reg, "t", &file).unwrap();
    assert_eq!(
        (r.added, r.changed, r.not_in_file, r.relinked),
        (1, 1, 0, 1)
    );
    assert!(r.unchanged > 10);
    assert_eq!(audit_count(&reg), before + 3, "added + changed + summary");
    let a = authorizations::show(reg.conn(), id, today()).unwrap();
    assert!(a.flags.is_empty(), "{:?}", a.flags);
    assert!(a.granted_scopes[0].catalogued);

    // The same file again changes nothing and writes nothing.
    let before = audit_count(&reg);
    let again = platforms::load_catalog(&mut reg, "t", &file).unwrap();
    assert_eq!((again.added, again.changed), (0, 0));
    assert_eq!(audit_count(&reg), before);
}

#[test]
fn a_bad_catalog_file_is_refused_whole() {
    let mut reg = register();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.toml");
    let bad = NEW_SCOPE.replace("\"sensitive\"", "\"spicy\"");
    std::fs::write(&file, catalog_with(&bad, true)).unwrap();
    let before = audit_count(&reg);
    let msg = invalid(platforms::load_catalog(&mut reg, "t", &file).unwrap_err());
    assert!(msg.contains("catalog.toml"), "{msg}");
    assert!(
        msg.contains("'spicy' is not a google sensitivity class"),
        "{msg}"
    );
    assert_eq!(audit_count(&reg), before);

    std::fs::write(
        &file,
        catalog_with(&format!("{NEW_SCOPE}{NEW_SCOPE}"), false),
    )
    .unwrap();
    let msg = invalid(platforms::load_catalog(&mut reg, "t", &file).unwrap_err());
    assert!(msg.contains("listed twice"), "{msg}");
}

#[test]
fn editing_a_catalog_scope_is_checked_and_audited() {
    let mut reg = register();
    let e = ScopeEdit {
        sensitivity: Some("restricted".into()),
        ..Default::default()
    };
    assert!(reg
        .write("t", |c| platforms::edit_scope(c, "google", ANALYTICS, &e))
        .unwrap());
    let (_, entity, change) = last_audit(&reg);
    assert_eq!(entity, "scope");
    assert_eq!(
        change["changes"]["sensitivity"],
        json!({"old": "sensitive", "new": "restricted"})
    );
    let bad = ScopeEdit {
        purposes: Some(vec!["profiling".into()]),
        ..Default::default()
    };
    let msg = invalid(
        reg.write("t", |c| platforms::edit_scope(c, "google", ANALYTICS, &bad))
            .unwrap_err(),
    );
    assert!(msg.contains("'profiling' is not one of"), "{msg}");
}

// ---------------------------------------------------------------- retention

#[test]
fn revoked_authorizations_ended_contracts_and_closed_requests_come_due() {
    let mut reg = register();
    let m = add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    let id = grant(&mut reg, "Acme Ltd", &[ANALYTICS], "analytics");
    let r = Revocation {
        reason: "asked".into(),
        revoked_on: Some("2026-05-01".into()),
        ..Default::default()
    };
    reg.write("t", |c| authorizations::revoke(c, id, &r, today()))
        .unwrap();
    let end = MerchantInput {
        status: Some("ended".into()),
        contract_end: Some("2020-01-31".into()),
        ..Default::default()
    };
    reg.write("t", |c| merchants::edit(c, m, &end)).unwrap();
    let req = add_request(&mut reg, Some(m), Some("2022-01-10T03:00:00Z"));

    let due = retention::due(reg.conn(), today()).unwrap();
    let keys: Vec<&str> = due.iter().map(|i| i.key.as_str()).collect();
    let tokens = format!("authorization:{id}:platform_access_tokens");
    let data = format!("authorization:{id}:authorized_platform_data");
    let account = format!("merchant:{m}:merchant_account_data");
    let request = format!("request:{req}:rights_request_records");
    for k in [&tokens, &data, &account, &request] {
        assert!(keys.contains(&k.as_str()), "{k} not due: {keys:?}");
    }
    let billing = format!("merchant:{m}:merchant_billing_records");
    assert!(!keys.contains(&billing.as_str()), "7 years have not passed");
    let item = due.iter().find(|i| i.key == data).unwrap();
    assert_eq!(
        (item.event_date.as_str(), item.due_on.as_str()),
        ("2026-05-01", "2026-05-31")
    );
    assert_eq!(item.days_overdue, 15);
    assert_eq!(item.trigger, "authorization_revoked");
}

#[test]
fn recording_a_deletion_with_evidence_closes_the_item_once() {
    let mut reg = register();
    add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    let id = grant(&mut reg, "Acme Ltd", &[ANALYTICS], "analytics");
    let r = Revocation {
        reason: "asked".into(),
        revoked_on: Some("2026-05-01".into()),
        ..Default::default()
    };
    reg.write("t", |c| authorizations::revoke(c, id, &r, today()))
        .unwrap();
    let key = format!("authorization:{id}:authorized_platform_data");
    let no_evidence = NewAction {
        key: key.clone(),
        action: "delete".into(),
        evidence: "  ".into(),
        done_on: None,
    };
    let msg = invalid(
        reg.write("t", |c| retention::record(c, &no_evidence, today()))
            .unwrap_err(),
    );
    assert!(msg.contains("evidence: say what shows"), "{msg}");

    let done = NewAction {
        evidence: "Deleted from the warehouse; ticket OPS-42".into(),
        ..no_evidence
    };
    let item = reg
        .write("t", |c| retention::record(c, &done, today()))
        .unwrap();
    assert_eq!(item.status, "done");
    let (action, entity, change) = last_audit(&reg);
    assert_eq!(
        (action.as_str(), entity.as_str()),
        ("record", "retention_item")
    );
    assert_eq!(
        change["evidence"],
        "Deleted from the warehouse; ticket OPS-42"
    );
    assert!(!retention::due(reg.conn(), today())
        .unwrap()
        .iter()
        .any(|i| i.key == key));
    let twice = invalid(
        reg.write("t", |c| retention::record(c, &done, today()))
            .unwrap_err(),
    );
    assert!(twice.contains("already recorded"), "{twice}");

    let unknown = NewAction {
        key: "authorization:999:nothing".into(),
        ..done
    };
    let msg = invalid(
        reg.write("t", |c| retention::record(c, &unknown, today()))
            .unwrap_err(),
    );
    assert!(msg.contains("is not a retention item"), "{msg}");
}

#[test]
fn recorded_retention_actions_never_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut reg = Register::open_or_create(&path).unwrap();
    defaults::init(&mut reg, "t").unwrap();
    add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com");
    let id = grant(&mut reg, "Acme Ltd", &[ANALYTICS], "analytics");
    let r = Revocation {
        reason: "asked".into(),
        revoked_on: Some("2026-05-01".into()),
        ..Default::default()
    };
    reg.write("t", |c| authorizations::revoke(c, id, &r, today()))
        .unwrap();
    let a = NewAction {
        key: format!("authorization:{id}:platform_access_tokens"),
        action: "delete".into(),
        evidence: "revoked at Google; tokens purged".into(),
        done_on: Some("2026-05-02".into()),
    };
    reg.write("t", |c| retention::record(c, &a, today()))
        .unwrap();
    drop(reg);
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(conn
        .execute("UPDATE retention_actions SET evidence = 'forged'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM retention_actions", []).is_err());
}

#[test]
fn a_retention_rule_edit_is_checked_and_audited() {
    let mut reg = register();
    let e = RuleEdit {
        period_days: Some(14),
        ..Default::default()
    };
    assert!(reg
        .write("t", |c| retention::edit_rule(
            c,
            "authorized_platform_data",
            &e
        ))
        .unwrap());
    let (_, _, change) = last_audit(&reg);
    assert_eq!(
        change["changes"]["period_days"],
        json!({"old": 30, "new": 14})
    );
    let bad = RuleEdit {
        trigger: Some("full_moon".into()),
        ..Default::default()
    };
    let msg = invalid(
        reg.write("t", |c| {
            retention::edit_rule(c, "authorized_platform_data", &bad)
        })
        .unwrap_err(),
    );
    assert!(msg.contains("trigger: 'full_moon' is not one of"), "{msg}");
}
