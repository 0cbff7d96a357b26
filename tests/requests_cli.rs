//! `workbench requests …`, run as an officer would, on a temporary register.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod cli_common;
use cli_common::Run;

fn workbench(db: &Path, args: &[&str]) -> Run {
    cli_common::run("officer-kwok", db, args, &[])
}

fn ok(db: &Path, args: &[&str]) -> String {
    cli_common::succeeded(&workbench(db, args), args)
}

fn json(db: &Path, args: &[&str]) -> Value {
    cli_common::parsed(&ok(db, args))
}

/// Exit 2 with one sentence on stderr.
fn refused(db: &Path, args: &[&str]) -> String {
    let run = workbench(db, args);
    assert_eq!(run.code, 2, "{args:?} should be refused: {}", run.stdout);
    assert_eq!(
        run.stderr.trim().lines().count(),
        1,
        "one line: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    ok(&db, &["init"]);
    (dir, db)
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn register_state(db: &Path) -> (Value, Value) {
    let s = json(db, &["status", "--json"]);
    (s["counts"].clone(), s["audit_head"].clone())
}

#[test]
fn requests_help_lists_every_verb_of_the_issue() {
    let (_dir, db) = fresh();
    let help = ok(&db, &["requests", "--help"]);
    for verb in [
        "import",
        "add",
        "list",
        "show",
        "transition",
        "extend",
        "pause",
        "resume",
        "draft",
        "export",
        "classify",
        "set-jurisdiction",
        "verify-identity",
        "warning-day",
        "refusal-log",
    ] {
        assert!(help.contains(verb), "{verb} missing from:\n{help}");
    }
    for verb in [
        "import",
        "add",
        "list",
        "show",
        "transition",
        "extend",
        "pause",
        "resume",
        "draft",
        "export",
    ] {
        ok(&db, &["requests", verb, "--help"]);
    }
}

#[test]
fn import_then_list_json_gives_the_stable_fields() {
    let (_dir, db) = fresh();
    let out = ok(
        &db,
        &[
            "requests",
            "import",
            &fixture("mail/plain.eml"),
            &fixture("mail/big5.eml"),
            &fixture("mail/several.mbox"),
        ],
    );
    assert!(
        out.contains("4 new request(s), 1 repl(ies) joined a thread, 0 already in the register"),
        "{out}"
    );
    let list = json(&db, &["requests", "list", "--json"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for r in rows {
        for field in [
            "id",
            "type",
            "status",
            "jurisdiction",
            "received_at",
            "due_date",
            "requester_email",
            "rule",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
        let due = r["due_date"].as_str().unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_ok(),
            "{due}"
        );
    }
    let big5 = rows
        .iter()
        .find(|r| r["requester_email"] == "tai.man.lee@example.hk")
        .unwrap();
    assert_eq!(big5["type"], "access");
    assert_eq!(big5["due_date"], "2026-12-12");
    assert_eq!(big5["rule"], "HK PDPO s.19: 40 days");

    // Re-importing changes nothing at all.
    let before = register_state(&db);
    let again = ok(
        &db,
        &[
            "requests",
            "import",
            &fixture("mail/several.mbox"),
            &fixture("mail/plain.eml"),
        ],
    );
    assert!(
        again.contains("0 new request(s), 0 repl(ies) joined a thread, 4 already in the register"),
        "{again}"
    );
    assert_eq!(register_state(&db), before);
}

#[test]
fn a_bad_file_refuses_the_whole_import_with_exit_2_and_changes_nothing() {
    let (_dir, db) = fresh();
    let before = register_state(&db);
    let err = refused(
        &db,
        &[
            "requests",
            "import",
            &fixture("mail/plain.eml"),
            &fixture("webhooks/array.json"),
        ],
    );
    assert!(
        err.contains("array.json: a Shopify webhook must be a JSON object"),
        "{err}"
    );
    let err = refused(
        &db,
        &["requests", "import", &fixture("mail/not-an-mbox.mbox")],
    );
    assert!(err.contains("not an mbox mailbox"), "{err}");
    let err = refused(&db, &["requests", "import", "/no/such/file.eml"]);
    assert!(err.contains("/no/such/file.eml"), "{err}");
    assert_eq!(register_state(&db), before);
}

#[test]
fn add_show_and_the_whole_workflow_from_the_command_line() {
    let (dir, db) = fresh();
    let added = json(
        &db,
        &[
            "requests",
            "add",
            "--type",
            "access",
            "--email",
            "mei@example.hk",
            "--name",
            "Mei",
            "--received",
            "2026-11-02",
            "--json",
        ],
    );
    let id = added["id"].as_i64().unwrap().to_string();
    assert_eq!(added["due_date"], "2026-12-12");
    assert_eq!(added["jurisdiction"], "HK");
    assert_eq!(added["channel"], "manual");

    let err = refused(&db, &["requests", "extend", &id, "--reason", "busy"]);
    assert!(err.contains("allows no extension"), "{err}");
    ok(
        &db,
        &[
            "requests",
            "set-jurisdiction",
            &id,
            "UK",
            "--note",
            "lives in Leeds",
        ],
    );
    let shown = json(&db, &["requests", "show", &id, "--json"]);
    assert_eq!(shown["jurisdiction"], "UK");
    assert_eq!(shown["due_date"], "2026-12-02");

    ok(
        &db,
        &[
            "requests",
            "transition",
            &id,
            "identity_check",
            "--note",
            "asked for order number",
        ],
    );
    ok(
        &db,
        &[
            "requests",
            "verify-identity",
            &id,
            "--method",
            "order number matched",
        ],
    );
    ok(&db, &["requests", "transition", &id, "in_progress"]);
    let out = ok(
        &db,
        &[
            "requests",
            "extend",
            &id,
            "--reason",
            "several shops' records",
        ],
    );
    assert!(out.contains("due 2027-02-02"), "{out}");
    ok(
        &db,
        &[
            "requests",
            "pause",
            &id,
            "--reason",
            "waiting for the requester",
        ],
    );
    let paused = json(&db, &["requests", "list", "--json"]);
    assert!(paused[0]["paused_since"].is_string());
    ok(&db, &["requests", "resume", &id]);

    let letter = dir.path().join("extension.eml");
    let out = ok(
        &db,
        &[
            "requests",
            "draft",
            &id,
            "--template",
            "extension_notice",
            "--lang",
            "zh-HK",
            "--out",
            letter.to_str().unwrap(),
        ],
    );
    assert!(out.contains("nothing was sent"), "{out}");
    assert!(std::fs::read(&letter).unwrap().starts_with(b"From: "));

    let err = refused(&db, &["requests", "transition", &id, "completed"]);
    assert!(err.contains("needs a note"), "{err}");
    ok(
        &db,
        &[
            "requests",
            "transition",
            &id,
            "completed",
            "--note",
            "copy sent by encrypted email",
        ],
    );
    let shown = json(&db, &["requests", "show", &id, "--json"]);
    assert_eq!(shown["status"], "completed");
    assert_eq!(shown["identity_method"], "order number matched");
    let kinds: Vec<&str> = shown["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "received",
            "jurisdiction",
            "status",
            "identity_verified",
            "status",
            "extension",
            "pause",
            "resume",
            "letter_drafted",
            "status"
        ]
    );
    assert!(shown["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"] == "officer-kwok"));
    let audit = json(&db, &["audit", "list", "--json", "--limit", "200"]);
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in [
        "add",
        "set_jurisdiction",
        "transition",
        "verify_identity",
        "extend",
        "pause",
        "resume",
        "draft_letter",
    ] {
        assert!(
            actions.contains(&action),
            "{action} not audited: {actions:?}"
        );
    }
    ok(&db, &["audit", "verify"]);
    ok(&db, &["requests", "show", &id]);
}

#[test]
fn bad_arguments_are_refused_in_one_sentence() {
    let (_dir, db) = fresh();
    for (args, expect) in [
        (
            vec![
                "requests",
                "add",
                "--type",
                "gossip",
                "--email",
                "a@b.c",
                "--received",
                "2026-11-02",
            ],
            "request type 'gossip'",
        ),
        (
            vec![
                "requests",
                "add",
                "--type",
                "access",
                "--email",
                "nobody",
                "--received",
                "2026-11-02",
            ],
            "not an email address",
        ),
        (
            vec![
                "requests",
                "add",
                "--type",
                "access",
                "--email",
                "a@b.c",
                "--received",
                "02/11/2026",
            ],
            "write it as YYYY-MM-DD",
        ),
        (
            vec![
                "requests",
                "add",
                "--type",
                "access",
                "--email",
                "a@b.c",
                "--received",
                "2099-01-01",
            ],
            "in the future",
        ),
        (
            vec![
                "requests",
                "add",
                "--type",
                "access",
                "--email",
                "a@b.c",
                "--received",
                "2026-11-02",
                "--jurisdiction",
                "XX",
            ],
            "'XX' is not one the register knows",
        ),
        (
            vec![
                "requests",
                "add",
                "--type",
                "access",
                "--email",
                "a@b.c",
                "--received",
                "2026-11-02",
                "--merchant",
                "nobody",
            ],
            "merchant nobody does not exist",
        ),
        (
            vec!["requests", "show", "999"],
            "request 999 does not exist",
        ),
        (
            vec!["requests", "list", "--status", "open"],
            "status 'open' is not one of",
        ),
        (
            vec![
                "requests",
                "export",
                "--format",
                "pdf",
                "--out",
                "/tmp/x.pdf",
            ],
            "'pdf' is not csv or ics",
        ),
        (
            vec!["requests", "refusal-log", "purge", "--before", "2026-01-01"],
            "at least 4 years",
        ),
    ] {
        let err = refused(&db, &args);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}

#[test]
fn list_filters_overdue_and_due_within_and_status() {
    let (_dir, db) = fresh();
    // Far in the past: overdue whatever today is.
    ok(
        &db,
        &[
            "requests",
            "add",
            "--type",
            "access",
            "--email",
            "old@example.com",
            "--received",
            "2025-01-02",
        ],
    );
    ok(
        &db,
        &[
            "requests",
            "add",
            "--type",
            "withdraw",
            "--email",
            "new@example.com",
            "--received",
            &today(),
        ],
    );
    let overdue = json(&db, &["requests", "list", "--overdue", "--json"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["requester_email"], "old@example.com");
    assert_eq!(overdue[0]["overdue"], true);
    let soon = json(&db, &["requests", "list", "--due-within", "14", "--json"]);
    assert_eq!(soon.as_array().unwrap().len(), 1);
    assert_eq!(soon[0]["requester_email"], "new@example.com");
    assert_eq!(soon[0]["type"], "withdraw_authorization");
    let none = json(
        &db,
        &["requests", "list", "--status", "completed", "--json"],
    );
    assert_eq!(none.as_array().unwrap().len(), 0);
    let text = ok(&db, &["requests", "list"]);
    assert!(text.contains("overdue"), "{text}");
}

fn today() -> String {
    // The office's date (Hong Kong, UTC+8), as the CLI counts.
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .date_naive()
        .to_string()
}

#[test]
fn classify_warning_days_and_exports_from_the_command_line() {
    let (dir, db) = fresh();
    ok(
        &db,
        &[
            "requests",
            "import",
            &fixture("mail/empty-body.eml"),
            &fixture("mail/plain.eml"),
        ],
    );
    let list = json(&db, &["requests", "list", "--json"]);
    let triage = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["type"] == "needs_triage")
        .unwrap();
    let id = triage["id"].as_i64().unwrap().to_string();
    let out = ok(
        &db,
        &[
            "requests",
            "classify",
            &id,
            "--type",
            "access",
            "--note",
            "phoned to confirm",
        ],
    );
    assert!(out.contains("is now access"), "{out}");

    // 2026-11-10 + 40 days = Sun 20 Dec 2026 → Mon 21; a black rainstorm that Monday
    // moves it to Tue 22.
    let access = json(&db, &["requests", "show", &id, "--json"]);
    assert_eq!(access["due_date"], "2026-12-21");
    let out = ok(
        &db,
        &[
            "requests",
            "warning-day",
            "add",
            "2026-12-21",
            "--reason",
            "Black rainstorm warning",
        ],
    );
    assert!(out.contains("1 open request(s) moved"), "{out}");
    assert_eq!(
        json(&db, &["requests", "show", &id, "--json"])["due_date"],
        "2026-12-22"
    );
    let days = json(&db, &["requests", "warning-day", "list", "--json"]);
    assert_eq!(days[0]["day"], "2026-12-21");

    let ics = dir.path().join("deadlines.ics");
    ok(
        &db,
        &[
            "requests",
            "export",
            "--format",
            "ics",
            "--out",
            ics.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
    assert!(text.contains("DTSTART;VALUE=DATE:20261222"));
    let csv = dir.path().join("requests.csv");
    ok(
        &db,
        &[
            "requests",
            "export",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 3);
}
