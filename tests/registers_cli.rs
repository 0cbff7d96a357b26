//! `workbench processors|merchants|authorizations|scopes|retention …`, run as an
//! officer would, on a temporary register.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod cli_common;
use cli_common::Run;

fn workbench(db: &Path, args: &[&str]) -> Run {
    cli_common::run("ann", db, args, &[])
}

fn ok(db: &Path, args: &[&str]) -> String {
    let run = workbench(db, args);
    let stdout = cli_common::succeeded(&run, args);
    assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    stdout
}

fn json(db: &Path, args: &[&str]) -> Value {
    cli_common::parsed(&ok(db, args))
}

/// Bad input: exit 2, one "workbench: …" message on stderr, no panic.
fn bad(db: &Path, args: &[&str]) -> String {
    let r = workbench(db, args);
    assert_eq!(r.code, 2, "{args:?} should fail: {}{}", r.stdout, r.stderr);
    assert!(r.stderr.starts_with("workbench: "), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r.stderr
}

fn audit_entries(db: &Path) -> i64 {
    json(db, &["status", "--json"])["counts"]["audit_entries"]
        .as_i64()
        .unwrap()
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    ok(&db, &["init"]);
    (dir, db)
}

fn with_merchant() -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = fresh();
    ok(
        &db,
        &[
            "merchants",
            "add",
            "--name",
            "Acme Ltd",
            "--shop-domain",
            "acme.myshopify.com",
            "--contact-email",
            "ops@acme.hk",
        ],
    );
    (dir, db)
}

#[test]
fn every_new_verb_has_help() {
    let (_dir, db) = fresh();
    let verbs: &[&[&str]] = &[
        &["processors"],
        &["processors", "list"],
        &["processors", "show"],
        &["processors", "add"],
        &["processors", "edit"],
        &["processors", "retire"],
        &["processors", "import"],
        &["processors", "export"],
        &["merchants", "list"],
        &["merchants", "show"],
        &["merchants", "add"],
        &["merchants", "edit"],
        &["merchants", "import"],
        &["merchants", "export"],
        &["authorizations", "list"],
        &["authorizations", "show"],
        &["authorizations", "grant"],
        &["authorizations", "revoke"],
        &["authorizations", "import"],
        &["authorizations", "export"],
        &["scopes", "list"],
        &["scopes", "edit"],
        &["scopes", "load"],
        &["scopes", "assess"],
        &["scopes", "assessments"],
        &["retention", "list"],
        &["retention", "due"],
        &["retention", "record"],
        &["retention", "edit"],
    ];
    for verb in verbs {
        let mut args = verb.to_vec();
        args.push("--help");
        let r = workbench(&db, &args);
        assert_eq!(r.code, 0, "{verb:?} --help");
        assert!(r.stdout.contains("Usage: workbench"), "{verb:?}");
    }
}

#[test]
fn list_verbs_print_json_arrays() {
    let (_dir, db) = with_merchant();
    for args in [
        &["processors", "list", "--json"][..],
        &["merchants", "list", "--json"],
        &["authorizations", "list", "--json"],
        &[
            "authorizations",
            "list",
            "--active",
            "--platform",
            "google",
            "--json",
        ],
        &["scopes", "list", "--platform", "meta", "--json"],
        &["scopes", "assessments", "--json"],
        &["retention", "list", "--json"],
        &["retention", "due", "--json"],
        &["retention", "due", "--all", "--json"],
    ] {
        assert!(json(&db, args).is_array(), "{args:?}");
    }
}

#[test]
fn a_processor_is_added_shown_edited_and_retired() {
    let (_dir, db) = fresh();
    let out = ok(
        &db,
        &[
            "processors",
            "add",
            "--name",
            "Zendesk",
            "--service",
            "Support desk",
            "--purpose",
            "Merchant support",
            "--country",
            "ie",
            "--confidentiality",
            "dpa",
            "--confidentiality-date",
            "2025-02-01",
            "--next-review",
            "2026-12-01",
        ],
    );
    assert!(out.contains("Added processor Zendesk (1)"), "{out}");
    let p = json(&db, &["processors", "show", "zendesk", "--json"]);
    assert_eq!(p["country"], "IE");
    assert_eq!(p["confidentiality"], "dpa");

    let out = ok(
        &db,
        &["processors", "edit", "1", "--next-review", "2027-01-31"],
    );
    assert!(out.contains("Saved processor Zendesk"), "{out}");
    let before = audit_entries(&db);
    let out = ok(
        &db,
        &["processors", "edit", "1", "--next-review", "2027-01-31"],
    );
    assert!(out.contains("Nothing changed"), "{out}");
    assert_eq!(
        audit_entries(&db),
        before,
        "an edit that changes nothing writes nothing"
    );

    let e = bad(
        &db,
        &[
            "processors",
            "edit",
            "1",
            "--contract-start",
            "2026-05-01",
            "--contract-end",
            "2026-01-01",
        ],
    );
    assert!(
        e.contains("contract_end: 2026-01-01 is before contract_start 2026-05-01"),
        "{e}"
    );

    ok(
        &db,
        &["processors", "retire", "Zendesk", "--reason", "replaced"],
    );
    let list = json(&db, &["processors", "list", "--json"]);
    assert_eq!(list[0]["status"], "retired");
    let audit = json(&db, &["audit", "list", "--limit", "1", "--json"]);
    assert_eq!(audit[0]["action"], "retire");
    assert_eq!(audit[0]["actor"], "ann");
}

#[test]
fn bad_input_is_one_sentence_per_field_and_exit_2() {
    let (_dir, db) = fresh();
    let before = audit_entries(&db);
    let e = bad(
        &db,
        &["processors", "add", "--name", "X", "--country", "Hong Kong"],
    );
    assert!(e.contains("service: is required"), "{e}");
    assert!(
        e.contains("country: 'Hong Kong' is not an ISO 3166-1 alpha-2 country code"),
        "{e}"
    );
    let e = bad(
        &db,
        &[
            "merchants",
            "add",
            "--name",
            "M",
            "--contact-email",
            "nobody",
        ],
    );
    assert!(
        e.contains("contact_email: 'nobody' is not an e-mail address"),
        "{e}"
    );
    bad(&db, &["processors", "show", "nobody"]);
    bad(&db, &["authorizations", "revoke", "99", "--reason", "x"]);
    // clap's own usage errors exit 2 as well.
    assert_eq!(
        workbench(
            &db,
            &[
                "authorizations",
                "revoke",
                "1",
                "--reason",
                "x",
                "--channel",
                "fax"
            ]
        )
        .code,
        2
    );
    assert_eq!(audit_entries(&db), before);
}

#[test]
fn grant_list_show_and_revoke_an_authorization() {
    let (_dir, db) = with_merchant();
    let out = ok(
        &db,
        &[
            "authorizations",
            "grant",
            "--merchant",
            "acme.myshopify.com",
            "--platform",
            "google",
            "--scopes",
            "https://www.googleapis.com/auth/analytics.readonly,https://www.googleapis.com/auth/drive.readonly,made.up.scope",
            "--granted",
            "2026-01-05",
            "--purpose",
            "analytics",
        ],
    );
    assert!(out.contains("Granted authorization 1"), "{out}");
    assert!(out.contains("FLAG uncatalogued: made.up.scope"), "{out}");
    assert!(out.contains("FLAG no_security_assessment"), "{out}");
    assert!(
        out.contains("FLAG purpose_not_permitted"),
        "drive.readonly serves reporting: {out}"
    );

    let list = json(
        &db,
        &["authorizations", "list", "--merchant", "Acme Ltd", "--json"],
    );
    assert_eq!(list[0]["status"], "active");
    let kinds: Vec<&str> = list[0]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"uncatalogued"), "{kinds:?}");
    let text = ok(&db, &["authorizations", "show", "1"]);
    assert!(text.contains("made.up.scope · uncatalogued"), "{text}");
    assert!(text.contains("drive.readonly · restricted"), "{text}");

    ok(
        &db,
        &[
            "scopes",
            "assess",
            "--platform",
            "google",
            "--date",
            "2026-01-10",
            "--assessor",
            "Leviathan",
            "--notes",
            "CASA tier 2",
        ],
    );
    let show = json(&db, &["authorizations", "show", "1", "--json"]);
    assert!(
        !show["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "no_security_assessment"),
        "{show}"
    );

    let e = bad(
        &db,
        &[
            "authorizations",
            "revoke",
            "1",
            "--reason",
            "asked",
            "--request",
            "42",
        ],
    );
    assert!(e.contains("rights request 42 does not exist"), "{e}");
    let out = ok(
        &db,
        &[
            "authorizations",
            "revoke",
            "1",
            "--reason",
            "Merchant disconnected",
            "--channel",
            "platform",
        ],
    );
    assert!(out.contains("Revoked authorization 1"), "{out}");
    assert!(json(&db, &["authorizations", "list", "--active", "--json"])
        .as_array()
        .unwrap()
        .is_empty());
    let e = bad(&db, &["authorizations", "revoke", "1", "--reason", "again"]);
    assert!(e.contains("already revoked"), "{e}");
    let merchant = ok(&db, &["merchants", "show", "Acme Ltd"]);
    assert!(merchant.contains("revoked"), "{merchant}");
}

#[test]
fn spreadsheets_round_trip_through_the_cli_and_bad_files_list_every_row() {
    let (dir, db) = with_merchant();
    ok(
        &db,
        &[
            "processors",
            "add",
            "--name",
            "Stripe",
            "--service",
            "Payments",
            "--purpose",
            "Billing",
            "--country",
            "US",
            "--notes",
            "=1+1",
        ],
    );
    ok(
        &db,
        &[
            "authorizations",
            "grant",
            "--merchant",
            "Acme Ltd",
            "--platform",
            "shopify",
            "--scopes",
            "read_orders",
        ],
    );
    for area in ["processors", "merchants", "authorizations"] {
        for ext in ["csv", "xlsx"] {
            let file = dir.path().join(format!("{area}.{ext}"));
            let file = file.to_str().unwrap();
            let out = ok(&db, &[area, "export", "--out", file]);
            assert!(out.contains(&format!("({ext}, ")), "{out}");
            let before = audit_entries(&db);
            let out = ok(&db, &[area, "import", file]);
            assert!(
                out.contains("no changes; nothing was written"),
                "{area} {ext}: {out}"
            );
            assert_eq!(audit_entries(&db), before);
        }
    }
    let csv = std::fs::read_to_string(dir.path().join("processors.csv")).unwrap();
    assert!(csv.contains(",'=1+1"), "{csv}");
    let out = ok(
        &db,
        &[
            "processors",
            "export",
            "--format",
            "csv",
            "--out",
            dir.path().join("p.txt").to_str().unwrap(),
        ],
    );
    assert!(out.contains("(csv, "), "{out}");

    let bad_file = dir.path().join("bad.csv");
    std::fs::write(
        &bad_file,
        "name,service,purpose,country\nA,s,p,XX\nB,s,p,US\nC,,p,US\n",
    )
    .unwrap();
    let e = bad(&db, &["processors", "import", bad_file.to_str().unwrap()]);
    assert!(
        e.contains("2 problems in 2 rows; nothing was imported"),
        "{e}"
    );
    assert!(e.contains("\nrow 2, column country: 'XX'"), "{e}");
    assert!(e.contains("\nrow 4, column service: is required"), "{e}");
    assert_eq!(
        json(&db, &["processors", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let good = dir.path().join("more.csv");
    std::fs::write(&good, "name,service,purpose,country\nStripe,Payments and billing,Billing,US\nWise,Payouts,Paying merchants,GB\n").unwrap();
    let r = json(
        &db,
        &["processors", "import", good.to_str().unwrap(), "--json"],
    );
    assert_eq!(
        (r["added"].as_i64(), r["updated"].as_i64()),
        (Some(1), Some(1)),
        "{r}"
    );
}

#[test]
fn a_newer_catalog_loads_and_reports_counts() {
    let (dir, db) = fresh();
    let file = dir.path().join("catalog.toml");
    let mut text = workbench::defaults::SCOPE_CATALOG_TOML.to_string();
    text.push_str(
        "\n[[scope]]\nplatform = \"meta\"\nscope = \"pages_read_user_content\"\n\
         description = \"Read user content on the merchant's Page\"\nsensitivity = \"advanced_access\"\n\
         purposes = [\"merchant_operation_support\"]\nsource = \"Meta permissions reference\"\nconfirmed = false\n",
    );
    std::fs::write(&file, text).unwrap();
    let r = json(&db, &["scopes", "load", file.to_str().unwrap(), "--json"]);
    assert_eq!(r["added"], 1);
    assert_eq!(r["changed"], 0);
    let out = ok(&db, &["scopes", "load", file.to_str().unwrap()]);
    assert!(out.contains("all unchanged; nothing was written"), "{out}");
    let out = ok(
        &db,
        &[
            "scopes",
            "edit",
            "meta",
            "pages_read_user_content",
            "--confirmed",
            "yes",
            "--purposes",
            "reporting,analytics",
        ],
    );
    assert!(
        out.contains("Saved meta scope pages_read_user_content"),
        "{out}"
    );
    let e = bad(
        &db,
        &[
            "scopes",
            "edit",
            "meta",
            "pages_read_user_content",
            "--sensitivity",
            "restricted",
        ],
    );
    assert!(e.contains("is not a meta sensitivity class"), "{e}");
    std::fs::write(&file, "[[scope]]\nplatform = 1\n").unwrap();
    bad(&db, &["scopes", "load", file.to_str().unwrap()]);
}

#[test]
fn retention_due_lists_revoked_authorizations_and_record_closes_them() {
    let (_dir, db) = with_merchant();
    ok(
        &db,
        &[
            "authorizations",
            "grant",
            "--merchant",
            "Acme Ltd",
            "--platform",
            "google",
            "--scopes",
            "openid",
            "--granted",
            "2024-01-01",
        ],
    );
    ok(
        &db,
        &[
            "authorizations",
            "revoke",
            "1",
            "--reason",
            "left",
            "--revoked",
            "2024-02-01",
        ],
    );
    let due = json(&db, &["retention", "due", "--json"]);
    let keys: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "authorization:1:platform_access_tokens",
            "authorization:1:authorized_platform_data"
        ]
    );
    assert_eq!(due[0]["due_on"], "2024-02-02");

    let e = bad(
        &db,
        &[
            "retention",
            "record",
            "authorization:1",
            "--action",
            "delete",
            "--evidence",
            "x",
        ],
    );
    assert!(e.contains("names more than one item"), "{e}");
    let e = bad(
        &db,
        &[
            "retention",
            "record",
            "authorization:1:platform_access_tokens",
            "--action",
            "delete",
            "--evidence",
            "",
        ],
    );
    assert!(e.contains("evidence"), "{e}");
    let out = ok(
        &db,
        &[
            "retention",
            "record",
            "authorization:1:platform_access_tokens",
            "--action",
            "delete",
            "--evidence",
            "Tokens purged, log #7",
        ],
    );
    assert!(out.contains("off the due list"), "{out}");
    let due = json(&db, &["retention", "due", "--json"]);
    assert_eq!(due.as_array().unwrap().len(), 1);
    let audit = json(&db, &["audit", "list", "--limit", "1", "--json"]);
    assert_eq!(audit[0]["action"], "record");
    assert_eq!(
        audit[0]["entity_id"],
        "authorization:1:platform_access_tokens"
    );

    let out = ok(
        &db,
        &[
            "retention",
            "edit",
            "authorized_platform_data",
            "--period-days",
            "14",
        ],
    );
    assert!(out.contains("Saved retention rule"), "{out}");
    let rules = json(&db, &["retention", "list", "--json"]);
    assert!(rules
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["data_category"] == "authorized_platform_data" && r["period_days"] == 14));
}
