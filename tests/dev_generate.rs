//! `workbench dev generate` and `dev mbox`: the synthetic register and mailbox the
//! benchmarks run on are the size asked for, the same for a seed, consistent with the
//! register's own rules and checks, and refused whole on bad arguments.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use rusqlite::Connection;
use workbench::defaults;
use workbench::dev::generate::{self, Params};
use workbench::dev::mbox::{self, MboxParams};
use workbench::register::requests;
use workbench::{audit, intake, rules, status, Register};

const UNTIL: &str = "2026-11-29";

fn until() -> NaiveDate {
    NaiveDate::parse_from_str(UNTIL, "%Y-%m-%d").unwrap()
}

fn small(seed: u64) -> Params {
    Params {
        requests: 2_000,
        merchants: 100,
        authorizations: 300,
        processors: 10,
        policy_versions: 5,
        seed,
        until: until(),
        force: false,
    }
}

fn generated(seed: u64) -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    generate::generate(&mut reg, "test", &small(seed), |_| {}).unwrap();
    reg
}

/// SHA-256 of every generated table, row by row in id order.
fn fingerprint(conn: &Connection) -> String {
    let mut text = String::new();
    for table in [
        "rights_requests",
        "request_messages",
        "request_events",
        "request_evidence",
        "request_pauses",
        "merchants",
        "authorizations",
        "authorization_scopes",
        "processors",
        "retention_actions",
        "pdpo_refusal_log",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                let value: rusqlite::types::Value = row.get(i).unwrap();
                text.push_str(&format!("{value:?}\u{1f}"));
            }
            text.push('\n');
        }
    }
    let mut stmt = conn
        .prepare("SELECT label, markdown, effective_date FROM policy_versions WHERE status = 'retired' ORDER BY id")
        .unwrap();
    let versions: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{}{}{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    text.push_str(&versions.join("\n"));
    workbench::hash::sha256_hex(text.as_bytes())
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_small_register_has_exactly_the_counts_asked_for() {
    let reg = generated(7);
    let c = status::status(&reg).unwrap().counts;
    assert_eq!(c.requests, 2_000);
    assert_eq!(c.merchants, 100);
    assert_eq!(c.authorizations, 300);
    assert_eq!(c.processors, 10);
    assert_eq!(c.policy_versions, 5);
    let conn = reg.conn();
    // The one in force is still the published policy from data/; the rest are older.
    assert_eq!(count(conn, "SELECT count(*) FROM policy_versions WHERE status = 'published' AND label = '2026-05-31'"), 1);
    assert_eq!(count(conn, "SELECT count(*) FROM policy_versions WHERE status = 'retired' AND effective_date < '2026-05-31'"), 4);
    // Every request has a timeline; email and webhook requests keep their message.
    assert_eq!(count(conn, "SELECT count(*) FROM rights_requests r WHERE NOT EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.kind = 'received')"), 0);
    assert_eq!(count(conn, "SELECT count(*) FROM rights_requests r WHERE channel <> 'manual' AND NOT EXISTS (SELECT 1 FROM request_messages m WHERE m.request_id = r.id AND m.role = 'original')"), 0);
    assert!(
        count(
            conn,
            "SELECT count(*) FROM request_messages WHERE role = 'reply'"
        ) > 300
    );
}

#[test]
fn the_same_seed_gives_the_same_register_and_another_seed_another() {
    let a = fingerprint(generated(7).conn());
    let b = fingerprint(generated(7).conn());
    let c = fingerprint(generated(8).conn());
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn requests_span_the_decade_and_their_due_dates_follow_the_rules() {
    let reg = generated(3);
    let conn = reg.conn();
    let first: String = conn
        .query_row("SELECT min(received_on) FROM rights_requests", [], |r| {
            r.get(0)
        })
        .unwrap();
    let last: String = conn
        .query_row("SELECT max(received_on) FROM rights_requests", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(first.starts_with("2016-"), "{first}");
    assert!(last.as_str() < UNTIL && last.starts_with("2026-"), "{last}");
    for year in 2016..=2026 {
        assert!(
            count(
                conn,
                &format!("SELECT count(*) FROM rights_requests WHERE received_on LIKE '{year}-%'")
            ) > 20,
            "{year}"
        );
    }
    // Old requests are closed (a handful left open past due); recent ones are at every stage.
    assert!(count(conn, "SELECT count(*) FROM rights_requests WHERE status IN ('completed', 'refused', 'withdrawn') AND closed_at IS NOT NULL") > 1_900);
    assert_eq!(count(conn, "SELECT count(*) FROM rights_requests WHERE status IN ('completed', 'refused', 'withdrawn') AND closed_at IS NULL"), 0);
    for jurisdiction in ["HK", "EU", "UK", "US-CA", "SG", "BR"] {
        assert!(
            count(
                conn,
                &format!(
                    "SELECT count(*) FROM rights_requests WHERE jurisdiction = '{jurisdiction}'"
                )
            ) > 10,
            "{jurisdiction}"
        );
    }
    // What the rules compute for a request is what the generator stored.
    let rules = rules::bundled().unwrap();
    let mut stmt = conn
        .prepare("SELECT id, due_date, rule_id FROM rights_requests WHERE id % 7 = 0")
        .unwrap();
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows.len() > 250);
    for (id, due, rule_id) in rows {
        let d = requests::compute_deadline(conn, rules, id).unwrap();
        assert_eq!(
            (d.due_date.to_string(), d.rule_id),
            (due, rule_id),
            "request {id}"
        );
    }
}

#[test]
fn the_generated_register_keeps_its_invariants() {
    let reg = generated(5);
    let conn = reg.conn();
    assert!(audit::verify(conn).unwrap().ok);
    // One audit entry per kind of record, each naming how many.
    let entries = audit::list(conn, 10, 0).unwrap();
    let summaries: Vec<String> = entries
        .iter()
        .filter(|e| e.action == "generate")
        .map(|e| e.change.clone())
        .collect();
    assert_eq!(summaries.len(), 5, "{summaries:?}");
    assert!(
        summaries
            .iter()
            .any(|s| s.contains("generated 2,000 rights requests")),
        "{summaries:?}"
    );
    let fk: i64 = count(conn, "SELECT count(*) FROM pragma_foreign_key_check");
    assert_eq!(fk, 0);
    assert_eq!(
        conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .unwrap(),
        "ok"
    );
    // A compliant team's register: completed deletions have evidence, completed
    // withdrawals left no active authorization, HK refusals are in the log book.
    let report = workbench::checks::run(conn, until()).unwrap();
    for id in [
        "requests.withdrawal-revokes",
        "requests.deletion-evidence",
        "policy.last-updated-matches",
    ] {
        let r = report.results.iter().find(|r| r.id == id).unwrap();
        assert_eq!(r.status, "pass", "{id}: {:?}", r.findings);
    }
    assert_eq!(
        count(conn, "SELECT count(*) FROM rights_requests WHERE status = 'refused' AND jurisdiction = 'HK' AND type IN ('access', 'correction')"),
        count(conn, "SELECT count(*) FROM pdpo_refusal_log")
    );
    // Replies are found by the full-text search like imported ones.
    let q = requests::RequestQuery {
        search: Some("masked".into()),
        ..requests::RequestQuery::default()
    };
    assert!(requests::page(conn, &q, until()).unwrap().total > 0);
}

#[test]
fn the_mbox_reads_back_through_the_import_and_a_second_import_finds_only_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("contact.mbox");
    let written = mbox::write(
        &MboxParams {
            messages: 1_500,
            seed: 9,
            until: until(),
        },
        &out,
    )
    .unwrap();
    assert_eq!(written.messages, 1_500);
    assert!(
        written.big5 > 0
            && written.base64 > 0
            && written.quoted_printable > 0
            && written.multipart > 0
    );
    assert!(
        written.replies > 100
            && written.noise > 100
            && written.duplicates > 10
            && written.forwarded > 0
    );
    let twin = dir.path().join("twin.mbox");
    mbox::write(
        &MboxParams {
            messages: 1_500,
            seed: 9,
            until: until(),
        },
        &twin,
    )
    .unwrap();
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&twin).unwrap(),
        "the same seed gives the same bytes"
    );

    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    let rules = rules::bundled().unwrap();
    let report =
        intake::import_files(&mut reg, rules, "test", std::slice::from_ref(&out), |_| {}).unwrap();
    assert_eq!(report.messages as u64, written.messages);
    assert_eq!(
        report.created as u64,
        written.requests + written.forwarded + written.noise
    );
    assert_eq!(report.replies as u64, written.replies);
    assert_eq!(report.duplicates as u64, written.duplicates);
    let second = intake::import_files(&mut reg, rules, "test", &[out], |_| {}).unwrap();
    assert_eq!(second.duplicates as u64, written.messages);
    assert_eq!(second.created + second.replies, 0);
    // Forwarded requests are the customer's, not the merchant's who forwarded them.
    let forwarded = count(reg.conn(), "SELECT count(*) FROM rights_requests WHERE classification_note LIKE '%forwarded by%' AND requester_email NOT LIKE 'owner@%'");
    assert_eq!(forwarded as u64, written.forwarded);
}

// ---------------------------------------------------------------------------------------
// The CLI: bad arguments are refused in one sentence, exit 2, with nothing written.

fn workbench(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workbench"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("WORKBENCH_PASSPHRASE")
        .output()
        .unwrap()
}

fn tiny(extra: &[&'static str]) -> Vec<&'static str> {
    let mut args = vec![
        "dev",
        "generate",
        "--requests",
        "60",
        "--merchants",
        "10",
        "--authorizations",
        "20",
        "--processors",
        "3",
        "--policy-versions",
        "3",
        "--until",
        UNTIL,
    ];
    args.extend_from_slice(extra);
    args
}

fn with(args: &[&'static str], flag: &str, value: &'static str) -> Vec<&'static str> {
    let mut out = args.to_vec();
    let at = out.iter().position(|a| *a == flag).unwrap();
    out[at + 1] = value;
    out
}

#[test]
fn bad_sizes_are_refused_with_exit_2_and_no_register_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("register.db");
    let base = tiny(&[]);
    for (flag, value) in [
        ("--requests", "0"),
        ("--requests", "-5"),
        ("--requests", "10000001"),
        ("--requests", "ten"),
        ("--merchants", "0"),
        ("--authorizations", "99999999999"),
        ("--processors", "0"),
        ("--policy-versions", "0"),
        ("--policy-versions", "5000"),
        ("--until", "2010-01-01"),
        ("--until", "2999-01-01"),
        ("--until", "yesterday"),
    ] {
        let out = workbench(&db, &with(&base, flag, value));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!db.exists(), "{flag} {value} made a register");
    }
    let out = workbench(
        &db,
        &[
            "dev",
            "mbox",
            "--messages",
            "0",
            "--out",
            dir.path().join("m.mbox").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("m.mbox").exists());
}

#[test]
fn a_register_with_records_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let out = workbench(&db, &tiny(&[]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(workbench(&db, &["audit", "verify"]).status.code(), Some(0));
    drop(out);
    let before = std::fs::read(&db).unwrap();
    let out = workbench(&db, &tiny(&[]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--force") && stderr.contains("60 requests"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a refused run changed the register"
    );
    let out = workbench(&db, &tiny(&["--force", "--json"]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["written"]["requests"], 60);
    let status = workbench(&db, &["status", "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["counts"]["requests"], 120);
    assert_eq!(status["counts"]["merchants"], 20);
    assert_eq!(
        status["counts"]["policy_versions"], 3,
        "already as many versions as asked"
    );
    assert_eq!(workbench(&db, &["audit", "verify"]).status.code(), Some(0));
}

#[test]
fn the_dev_verbs_have_help_and_bench_reports_every_case() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let help = workbench(&db, &["dev", "generate", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("--requests") && text.contains("--seed"),
        "{text}"
    );
    let top = workbench(&db, &["--help"]);
    assert!(
        !String::from_utf8_lossy(&top.stdout).contains("dev "),
        "dev stays out of the top-level help"
    );
    assert_eq!(workbench(&db, &tiny(&[])).status.code(), Some(0));
    let out = workbench(
        &db,
        &[
            "dev",
            "bench",
            "--runs",
            "5",
            "--opens",
            "2",
            "--slow-runs",
            "1",
            "--today",
            UNTIL,
            "--json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "open",
            "requests_page",
            "requests_search",
            "merchants_page",
            "retention_first_page",
            "retention_page",
            "dashboard",
            "check",
            "rights_report_html"
        ]
    );
    assert_eq!(json["requests"], 60);
}
