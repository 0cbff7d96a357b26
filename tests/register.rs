//! The register library: migrations, the single write path, the audit chain and
//! the default register.

use rusqlite::Connection;
use serde_json::json;
use workbench::db::migrations::{self, MIGRATIONS};
use workbench::defaults::{self, InitOutcome};
use workbench::register::{platforms, policy, retention, settings};
use workbench::{audit, status, Error, Register};

fn initialised() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    assert_eq!(
        defaults::init(&mut reg, "test").unwrap(),
        InitOutcome::Loaded
    );
    reg
}

#[test]
fn an_empty_database_migrates_to_the_latest_schema() {
    let mut conn = Connection::open_in_memory().unwrap();
    assert_eq!(migrations::current_version(&conn).unwrap(), 0);
    migrations::migrate(&mut conn).unwrap();
    assert_eq!(
        migrations::current_version(&conn).unwrap(),
        migrations::latest_version()
    );
    // Migrating again changes nothing.
    migrations::migrate(&mut conn).unwrap();
    assert_eq!(
        migrations::current_version(&conn).unwrap(),
        MIGRATIONS.len() as i64
    );
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in [
        "audit_log",
        "authorization_scopes",
        "authorizations",
        "merchants",
        "platforms",
        "policy_snapshots",
        "policy_versions",
        "processors",
        "request_events",
        "request_evidence",
        "retention_rules",
        "rights_requests",
        "scopes",
        "security_assessments",
        "settings",
    ] {
        assert!(tables.contains(&table.to_string()), "missing table {table}");
    }
}

#[test]
fn every_migration_applies_in_order_on_top_of_the_one_before() {
    let conn = Connection::open_in_memory().unwrap();
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        assert!(!sql.trim().is_empty(), "migration {} is empty", i + 1);
        conn.execute_batch(sql)
            .unwrap_or_else(|e| panic!("migration {} fails: {e}", i + 1));
        assert!(
            !sql.to_lowercase().contains("user_version"),
            "migration {} sets the version itself; the runner does",
            i + 1
        );
    }
    conn.execute_batch("PRAGMA foreign_key_check; PRAGMA integrity_check;")
        .unwrap();
}

#[test]
fn a_register_from_a_newer_release_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let digest = |p: &std::path::Path| workbench::hash::sha256_hex(&std::fs::read(p).unwrap());
    let before = digest(&path);
    match Register::open_existing(&path) {
        Err(Error::SchemaTooNew { found: 99, .. }) => {}
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("a newer register was opened"),
    }
    assert_eq!(digest(&path), before, "the newer register was modified");
}

#[test]
fn the_register_is_opened_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let reg = Register::open_or_create(&dir.path().join("r.db")).unwrap();
    let mode: String = reg
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let fk: i64 = reg
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    let timeout: i64 = reg
        .conn()
        .pragma_query_value(None, "busy_timeout", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert!(timeout >= 5000);
}

#[test]
fn writes_outside_the_write_path_are_refused() {
    let reg = initialised();
    let err = reg
        .conn()
        .execute("DELETE FROM settings", [])
        .expect_err("a write through the read connection succeeded");
    assert!(err.to_string().contains("readonly"), "{err}");
    assert_eq!(settings::list(reg.conn()).unwrap().len(), 4);
}

#[test]
fn a_write_that_records_no_audit_entry_is_rolled_back() {
    let mut reg = initialised();
    let before = audit::count(reg.conn()).unwrap();
    let result = reg.write("test", |change| {
        change.tx().execute(
            "UPDATE settings SET value = 'x' WHERE key = 'organisation'",
            [],
        )?;
        Ok(())
    });
    assert!(matches!(result, Err(Error::Unaudited)));
    assert_eq!(
        settings::get(reg.conn(), settings::ORGANISATION)
            .unwrap()
            .as_deref(),
        Some("Wesmond International Limited")
    );
    assert_eq!(audit::count(reg.conn()).unwrap(), before);
}

#[test]
fn a_failed_write_leaves_nothing_behind_not_even_its_audit_entries() {
    let mut reg = initialised();
    let before = audit::count(reg.conn()).unwrap();
    let result: workbench::Result<()> = reg.write("test", |change| {
        settings::set(change, "x", "1")?;
        Err(Error::Invalid("the second half was bad".into()))
    });
    assert!(result.is_err());
    assert_eq!(settings::get(reg.conn(), "x").unwrap(), None);
    assert_eq!(audit::count(reg.conn()).unwrap(), before);
    // And the register is still writable afterwards.
    reg.write("test", |change| settings::set(change, "x", "2"))
        .unwrap();
    assert_eq!(
        settings::get(reg.conn(), "x").unwrap().as_deref(),
        Some("2")
    );
}

#[test]
fn every_write_appends_a_chained_audit_entry() {
    let mut reg = initialised();
    let head = audit::head(reg.conn()).unwrap().unwrap();
    reg.write("alice", |change| {
        settings::set(change, settings::DEFAULT_JURISDICTION, "EU")
    })
    .unwrap();
    let newest = &audit::list(reg.conn(), 1, 0).unwrap()[0];
    assert_eq!(newest.seq, head.seq + 1);
    assert_eq!(newest.prev_hash, head.hash);
    assert_eq!(newest.actor, "alice");
    assert_eq!(newest.action, "set");
    assert_eq!(newest.entity, "setting");
    assert_eq!(newest.entity_id.as_deref(), Some("default_jurisdiction"));
    let change: serde_json::Value = serde_json::from_str(&newest.change).unwrap();
    assert_eq!(change, json!({"old": "HK", "new": "EU"}));
    assert!(audit::verify(reg.conn()).unwrap().ok);
}

/// Opens a raw connection beside the register, as an attacker with file access would.
fn tamper(path: &std::path::Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn the_audit_log_refuses_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut reg = Register::open_or_create(&path).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    let conn = Connection::open(&path).unwrap();
    let update = conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit_log WHERE seq = 3", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn verify_names_the_first_altered_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut reg = Register::open_or_create(&path).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    let total = audit::count(reg.conn()).unwrap();
    assert!(audit::verify(reg.conn()).unwrap().ok);

    tamper(
        &path,
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET change = '{\"old\":null,\"new\":\"Someone Else\"}' WHERE seq = 7;
         UPDATE audit_log SET actor = 'mallory' WHERE seq = 9;",
    );
    let v = audit::verify(reg.conn()).unwrap();
    assert!(!v.ok);
    assert_eq!(v.first_broken, Some(7));
    assert_eq!(v.entries, 6, "six entries before it check out");
    assert!(v.reason.unwrap().contains("altered"));
    assert!(total > 9);
}

#[test]
fn verify_names_a_removed_entry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut reg = Register::open_or_create(&path).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    tamper(
        &path,
        "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 5;",
    );
    let v = audit::verify(reg.conn()).unwrap();
    assert_eq!(v.first_broken, Some(6));
    assert!(v.reason.unwrap().contains("missing"));
}

#[test]
fn verify_catches_a_rehashed_entry_that_no_longer_chains() {
    // An attacker who recomputes the altered entry's own hash still breaks the next link.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut reg = Register::open_or_create(&path).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    let e = audit::list(reg.conn(), 1, audit::count(reg.conn()).unwrap() as u32 - 4)
        .unwrap()
        .remove(0);
    let forged = audit::entry_hash(
        &e.prev_hash,
        e.seq,
        &audit::NewEntry {
            at: e.at.clone(),
            actor: "mallory",
            action: &e.action,
            entity: &e.entity,
            entity_id: e.entity_id.as_deref(),
            change: &e.change,
        },
    );
    tamper(
        &path,
        &format!(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET actor = 'mallory', hash = '{forged}' WHERE seq = {};",
            e.seq
        ),
    );
    let v = audit::verify(reg.conn()).unwrap();
    assert_eq!(v.first_broken, Some(e.seq + 1));
    assert!(v.reason.unwrap().contains("does not chain"));
}

#[test]
fn init_loads_the_default_register() {
    let reg = initialised();
    let s = status::status(&reg).unwrap();
    assert_eq!(s.organisation, "Wesmond International Limited");
    assert_eq!(s.contact_email, "contact@wesmond.com");
    assert_eq!(s.default_jurisdiction, "HK");
    let p = s.published_policy.expect("a published policy");
    assert_eq!(p.effective_date.as_deref(), Some("2026-05-31"));
    assert_eq!(p.status, "published");
    assert_eq!(s.counts.policy_versions, 1);
    let codes: Vec<String> = platforms::list(reg.conn())
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .collect();
    for required in ["google", "meta", "shopify"] {
        assert!(codes.contains(&required.to_string()), "no {required}");
    }
    assert!(codes.len() >= 5, "analytics and advertising platforms too");
    let google = platforms::scopes(reg.conn(), Some("google")).unwrap();
    for class in ["non_sensitive", "sensitive", "restricted"] {
        assert!(
            google.iter().any(|s| s.sensitivity == class),
            "no {class} Google scope in the catalog"
        );
    }
    assert!(!retention::list(reg.conn()).unwrap().is_empty());
    assert_eq!(
        s.counts.audit_entries,
        audit::verify(reg.conn()).unwrap().entries
    );
}

#[test]
fn init_on_an_existing_register_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut reg = Register::open_or_create(&path).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    let before = status::status(&reg).unwrap();
    drop(reg);
    let mut reg = Register::open_existing(&path).unwrap();
    assert_eq!(
        defaults::init(&mut reg, "test").unwrap(),
        InitOutcome::AlreadyInitialised
    );
    assert_eq!(status::status(&reg).unwrap(), before);
}

#[test]
fn a_published_policy_version_never_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut reg = Register::open_or_create(&path).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    let id = policy::published(reg.conn()).unwrap().unwrap().id;
    let result = reg.write("test", |change| {
        change.tx().execute(
            "UPDATE policy_versions SET markdown = 'changed' WHERE id = ?1",
            [id],
        )?;
        change.record("edit", "policy_version", None, &json!({}))
    });
    let message = result.unwrap_err().to_string();
    assert!(message.contains("never changes"), "{message}");
    let deleted = reg.write("test", |change| {
        change
            .tx()
            .execute("DELETE FROM policy_versions WHERE id = ?1", [id])?;
        change.record("delete", "policy_version", None, &json!({}))
    });
    assert!(deleted.unwrap_err().to_string().contains("never deleted"));
}

/// The seed's lines, as the officers received them.
fn seed_lines() -> Vec<String> {
    include_str!("fixtures/seed/privacy-policy-2026-05-31.txt")
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_policy_markdown_keeps_every_line_of_the_seed_in_order() {
    let md = defaults::POLICY_MD;
    let blocks: Vec<&str> = md.lines().filter(|l| !l.trim().is_empty()).collect();
    let seed = seed_lines();
    assert_eq!(blocks.len(), seed.len(), "one markdown block per seed line");
    for (block, line) in blocks.iter().zip(&seed) {
        let text = block
            .strip_prefix("## ")
            .or_else(|| block.strip_prefix("# "))
            .unwrap_or(block);
        assert_eq!(text, line);
    }
    assert!(md.starts_with("# Privacy Policy\n"));
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), 10);
    for (i, h) in headings.iter().enumerate() {
        assert!(h.starts_with(&format!("## {}. ", i + 1)), "{h}");
    }
    assert_eq!(md.lines().filter(|l| l.starts_with("- ")).count(), 3);
    assert_eq!(md.matches("contact@wesmond.com").count(), 3);
}

#[test]
fn last_updated_reads_the_policy_date() {
    let date = |md: &str| policy::last_updated(md).map(|d| d.to_string());
    assert_eq!(
        date("x\nLast updated: 31 May 2026\n").as_deref(),
        Some("2026-05-31")
    );
    assert_eq!(
        date("**Last updated: 1 February 2027**").as_deref(),
        Some("2027-02-01")
    );
    assert_eq!(date("Last updated: 2026-13-01"), None);
    assert_eq!(date("no date here"), None);
}

#[test]
fn the_bundled_data_files_load_and_check_out() {
    let d = defaults::load().unwrap();
    assert_eq!(d.policy_effective_date, "2026-05-31");
    for s in &d.scopes {
        assert!(!s.source.trim().is_empty(), "{} has no source", s.scope);
        assert!(!s.purposes.is_empty(), "{} serves no purpose", s.scope);
    }
    let mut pairs: Vec<(&str, &str)> = d
        .scopes
        .iter()
        .map(|s| (s.platform.as_str(), s.scope.as_str()))
        .collect();
    pairs.sort();
    let before = pairs.len();
    pairs.dedup();
    assert_eq!(pairs.len(), before, "a scope is listed twice");
    assert!(d
        .retention
        .iter()
        .any(|r| r.trigger == "request_closed" && r.period_days >= 1461));
}
