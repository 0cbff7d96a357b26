//! The `workbench` binary, run as an officer would, on a temporary register.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod cli_common;
use cli_common::Run;

fn workbench(db: &Path, args: &[&str]) -> Run {
    cli_common::run("officer", db, args, &[])
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let init = workbench(&db, &["init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    (dir, db)
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn init_then_status_shows_the_loaded_register() {
    let (_dir, db) = fresh();
    let s = json(&workbench(&db, &["status", "--json"]));
    assert_eq!(s["organisation"], "Wesmond International Limited");
    assert_eq!(s["contact_email"], "contact@wesmond.com");
    assert_eq!(s["default_jurisdiction"], "HK");
    assert_eq!(
        s["schema_version"],
        workbench::db::migrations::latest_version()
    );
    assert_eq!(s["published_policy"]["effective_date"], "2026-05-31");
    assert_eq!(s["counts"]["policy_versions"], 1);
    assert!(s["counts"]["platforms"].as_i64().unwrap() >= 5);
    assert!(s["counts"]["scopes"].as_i64().unwrap() >= 10);
    assert!(s["counts"]["retention_rules"].as_i64().unwrap() >= 3);
    assert_eq!(s["audit_head"].as_str().unwrap().len(), 64);

    let text = workbench(&db, &["status"]);
    assert!(text.stdout.contains("Wesmond International Limited"));
    assert!(text.stdout.contains("Last updated 2026-05-31"));
}

#[test]
fn init_twice_changes_nothing_and_says_so() {
    let (_dir, db) = fresh();
    let before = workbench(&db, &["status", "--json"]).stdout;
    let again = workbench(&db, &["init"]);
    assert_eq!(again.code, 0);
    assert!(
        again.stdout.contains("nothing was changed"),
        "{}",
        again.stdout
    );
    assert_eq!(workbench(&db, &["status", "--json"]).stdout, before);
}

#[test]
fn the_register_path_comes_from_workbench_db_when_no_flag_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_workbench"))
        .arg("init")
        .env("WORKBENCH_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(db.exists());
}

#[test]
fn audit_verify_passes_then_fails_after_tampering_naming_the_entry() {
    let (_dir, db) = fresh();
    let ok = workbench(&db, &["audit", "verify"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(ok.stdout.contains("intact"), "{}", ok.stdout);

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET entity_id = 'forged' WHERE seq = 4;",
    )
    .unwrap();
    drop(conn);

    let broken = workbench(&db, &["audit", "verify"]);
    assert_eq!(broken.code, 1, "a broken chain is a check failure");
    assert!(broken.stdout.contains("entry 4"), "{}", broken.stdout);
    let v = workbench(&db, &["audit", "verify", "--json"]);
    assert_eq!(v.code, 1);
    let v: Value = serde_json::from_str(&v.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["first_broken"], 4);
}

#[test]
fn every_list_verb_prints_json_arrays() {
    let (_dir, db) = fresh();
    for area in [
        "policy",
        "processors",
        "merchants",
        "authorizations",
        "requests",
        "platforms",
        "scopes",
        "retention",
        "settings",
        "audit",
    ] {
        let v = json(&workbench(&db, &[area, "list", "--json"]));
        assert!(v.is_array(), "{area} list --json is not an array");
    }
    let policies = json(&workbench(&db, &["policy", "list", "--json"]));
    assert_eq!(policies[0]["status"], "published");
    let google = json(&workbench(
        &db,
        &["scopes", "list", "--platform", "google", "--json"],
    ));
    assert!(google
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["platform"] == "google"));
    let audit = json(&workbench(
        &db,
        &["audit", "list", "--limit", "3", "--json"],
    ));
    assert_eq!(audit.as_array().unwrap().len(), 3);
}

#[test]
fn empty_lists_say_so_in_words() {
    let (_dir, db) = fresh();
    let r = workbench(&db, &["requests", "list"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout.trim(), "No rights requests yet.");
}

#[test]
fn a_missing_register_is_one_clear_sentence_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("absent.db");
    let r = workbench(&db, &["status"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("run `workbench init` first"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));
    assert!(!db.exists(), "status must not create a register");
}

#[test]
fn a_file_that_is_not_a_register_is_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    std::fs::write(
        &db,
        "these are not the droids you are looking for\n".repeat(200),
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    let r = workbench(&db, &["status"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("workbench: "), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file was changed"
    );
}

#[test]
fn bad_usage_exits_2() {
    let (_dir, db) = fresh();
    assert_eq!(workbench(&db, &["frobnicate"]).code, 2);
    assert_eq!(
        workbench(&db, &["audit", "list", "--limit", "lots"]).code,
        2
    );
    assert_eq!(workbench(&db, &["status", "--yaml"]).code, 2);
}

#[test]
fn every_verb_has_help() {
    let (_dir, db) = fresh();
    let verbs: &[&[&str]] = &[
        &[],
        &["init"],
        &["status"],
        &["audit"],
        &["audit", "verify"],
        &["audit", "list"],
        &["policy", "list"],
        &["processors", "list"],
        &["merchants", "list"],
        &["authorizations", "list"],
        &["requests", "list"],
        &["platforms", "list"],
        &["scopes", "list"],
        &["retention", "list"],
        &["settings", "list"],
    ];
    for verb in verbs {
        let mut args = verb.to_vec();
        args.push("--help");
        let r = workbench(&db, &args);
        assert_eq!(r.code, 0, "{verb:?} --help");
        assert!(r.stdout.contains("Usage: workbench"), "{verb:?}");
    }
}
