//! Migrations: a register made by the first released schema (kept as a fixture,
//! `tests/fixtures/schema-1/register.sqlite`, built from migration 0001 alone by
//! `make_the_schema_1_fixture`) upgrades to the latest with nothing lost; a
//! register from a newer release is refused, untouched. (Named `.sqlite`, not
//! `.db`, because the repository ignores `*.db`.)

mod trust_common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};
use trust_common::*;
use workbench::audit::{self, NewEntry, GENESIS};
use workbench::db::migrations::{self, MIGRATIONS};
use workbench::{Error, Register};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-1/register.sqlite")
}

/// The tables migration 0001 makes, in name order.
const SCHEMA_1_TABLES: &[&str] = &[
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
];

/// The committed fixture is what its generator makes; with
/// `REGENERATE_SCHEMA_1_FIXTURE=1` the test rewrites the fixture instead.
#[test]
fn the_fixture_is_what_its_generator_makes() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("register.sqlite");
    build_schema_1_fixture(&fresh);
    if std::env::var_os("REGENERATE_SCHEMA_1_FIXTURE").is_some() {
        std::fs::create_dir_all(fixture().parent().unwrap()).unwrap();
        std::fs::copy(&fresh, fixture()).unwrap();
    }
    assert_eq!(snapshot(&fresh), snapshot(&fixture()));
}

/// Builds the fixture from the committed migration 0001 only: every table gets
/// representative rows, and every row its audit entry, chained as release 1 did.
fn build_schema_1_fixture(path: &Path) {
    let _ = std::fs::remove_file(path);
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    let at = "2026-01-15T02:00:00Z";
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON;
         INSERT INTO settings VALUES
           ('organisation', 'Wesmond International Limited'),
           ('contact_email', 'contact@wesmond.com'),
           ('default_jurisdiction', 'HK'),
           ('withdraw_authorization_target_days', '14');
         INSERT INTO policy_versions (id, label, markdown, effective_date, status, material_change,
             change_summary, created_at, created_by, published_at, published_by) VALUES
           (1, '2026-01-15', '# Privacy Policy\n\nLast updated: 15 January 2026\n\nWe never sell data.\n',
            '2026-01-15', 'published', 1, 'First policy', '{at}', 'officer', '{at}', 'officer'),
           (2, '2026-03-draft', '# Privacy Policy\n\nLast updated: 1 March 2026\n\nDraft text.\n',
            NULL, 'draft', 0, NULL, '{at}', 'officer', NULL, NULL);
         INSERT INTO policy_snapshots VALUES
           (1, 1, 'pdf', '{h}', '{h}', 48213, '{at}', 'officer');
         INSERT INTO processors (id, name, service, purpose, data_categories, country,
             transfer_mechanism, confidentiality, confidentiality_date, next_review, status,
             created_at, updated_at) VALUES
           (1, 'Amazon Web Services', 'Hosting', 'Run TrackTrack', '[\"merchant data\"]', 'SG',
            'SCCs', 'dpa', '2025-11-01', '2026-11-01', 'active', '{at}', '{at}');
         INSERT INTO merchants (id, name, shop_domain, contact_email, status, created_at) VALUES
           (1, 'Harbour Teas', 'harbour-teas.myshopify.com', 'owner@harbourteas.example', 'active', '{at}'),
           (2, 'Kowloon Kites', 'kowloon-kites.myshopify.com', NULL, 'ended', '{at}');
         INSERT INTO platforms VALUES
           ('google', 'Google', 'analytics_advertising', '[\"Google\"]', NULL),
           ('shopify', 'Shopify', 'commerce', '[\"Shopify\"]', 'shop data');
         INSERT INTO scopes (id, platform, scope, description, sensitivity, purposes, source, confirmed) VALUES
           (1, 'google', 'https://www.googleapis.com/auth/analytics.readonly', 'Read Analytics',
            'sensitive', '[\"analytics\"]', 'Google OAuth scopes list', 1),
           (2, 'google', 'https://www.googleapis.com/auth/adwords', 'Manage Ads',
            'sensitive', '[\"advertising\"]', 'Google OAuth scopes list', 1),
           (3, 'shopify', 'read_orders', 'Orders', 'level_1', '[\"merchant_operations\"]', 'Shopify docs', 0);
         INSERT INTO security_assessments VALUES (1, 'google', '2025-12-01', 'Assessor Ltd', 'CASA tier 2', '{at}');
         INSERT INTO rights_requests (id, received_at, channel, requester_name, requester_email,
             merchant_id, type, jurisdiction, due_date, rule, status, message_id, message_sha256,
             subject, body, created_at) VALUES
           (1, '2026-01-20T17:30:00Z', 'email', '{name}', '{email}', 1, 'access', 'HK', '2026-03-01',
            'HK PDPO s.19: 40 days', 'in_progress', '<first@example.org>', '{h}',
            'Data access request', 'Please send me my data.', '{at}'),
           (2, '2026-02-02T01:00:00Z', 'manual', 'Chan Tai Man', 'chan@example.hk', NULL, 'deletion',
            'HK', '2026-03-14', 'HK PDPO: 40 days', 'completed', NULL, NULL, NULL, NULL, '{at}');
         UPDATE rights_requests SET outcome = 'deleted', closed_at = '{at}' WHERE id = 2;
         INSERT INTO request_events VALUES
           (1, 1, '{at}', 'officer', 'received', '{{}}'),
           (2, 1, '{at}', 'officer', 'status', '{{\"to\":\"in_progress\"}}'),
           (3, 2, '{at}', 'officer', 'status', '{{\"to\":\"completed\"}}');
         INSERT INTO request_evidence VALUES (1, 2, 'Deletion confirmation from TrackTrack', '{h}', '{at}', 'officer');
         INSERT INTO authorizations (id, merchant_id, platform, purpose, granted_at, granted_by,
             revoked_at, revoked_by, revoke_channel, revoke_reason) VALUES
           (1, 1, 'google', 'analytics', '2025-10-01', 'owner@harbourteas.example', NULL, NULL, NULL, NULL),
           (2, 2, 'shopify', 'merchant_operations', '2025-09-01', 'owner', '2026-01-10', 'officer',
            'contract_end', 'Contract ended');
         INSERT INTO authorization_scopes VALUES
           (1, 'https://www.googleapis.com/auth/analytics.readonly', 1),
           (2, 'read_customers', NULL);
         INSERT INTO retention_rules (id, data_category, description, period_days, trigger, action, basis) VALUES
           (1, 'merchant_platform_data', 'Data pulled from platforms', 90, 'authorization_revoked', 'delete', 'Policy s.7'),
           (2, 'rights_request_records', 'Requests and their evidence', 1461, 'request_closed', 'delete', 'PDPO s.27');",
        h = "ab".repeat(32),
        name = NAME,
        email = EMAIL,
    ))
    .unwrap();
    // One audit entry per table, chained from the genesis hash.
    let mut prev = GENESIS.to_string();
    for (i, table) in SCHEMA_1_TABLES
        .iter()
        .filter(|t| **t != "audit_log")
        .enumerate()
    {
        let seq = i as i64 + 1;
        let rows: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        let change = format!("{{\"rows\":{rows}}}");
        let entry = NewEntry {
            at: at.to_string(),
            actor: "officer",
            action: "create",
            entity: table,
            entity_id: None,
            change: &change,
        };
        let hash = audit::entry_hash(&prev, seq, &entry);
        conn.execute(
            "INSERT INTO audit_log VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8)",
            params![seq, at, "officer", "create", table, change, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute_batch("PRAGMA foreign_key_check; VACUUM;")
        .unwrap();
}

/// Row counts per table and a few values, read with a plain connection.
fn snapshot(path: &Path) -> (BTreeMap<String, i64>, Vec<String>) {
    let conn = Connection::open(path).unwrap();
    let counts = SCHEMA_1_TABLES
        .iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .unwrap();
            (t.to_string(), n)
        })
        .collect();
    let values = [
        "SELECT requester_email || '|' || requester_name || '|' || status FROM rights_requests WHERE id = 1",
        "SELECT markdown || '|' || effective_date || '|' || status FROM policy_versions WHERE id = 1",
        "SELECT name || '|' || confidentiality || '|' || next_review FROM processors WHERE id = 1",
        "SELECT revoked_at || '|' || revoke_channel FROM authorizations WHERE id = 2",
        "SELECT scope || '|' || ifnull(scope_id, 'NULL') FROM authorization_scopes WHERE authorization_id = 2",
        "SELECT group_concat(key || '=' || value, ';') FROM (SELECT * FROM settings ORDER BY key)",
        "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1",
    ]
    .iter()
    .map(|q| conn.query_row(q, [], |r| r.get::<_, String>(0)).unwrap())
    .collect();
    (counts, values)
}

#[test]
fn the_fixture_is_a_schema_1_register_made_by_migration_0001_alone() {
    let conn = Connection::open(fixture()).unwrap();
    assert_eq!(migrations::current_version(&conn).unwrap(), 1);
    let reference = Connection::open_in_memory().unwrap();
    reference.execute_batch(MIGRATIONS[0]).unwrap();
    let schema = |c: &Connection| -> Vec<(String, String)> {
        c.prepare("SELECT name, ifnull(sql, '') FROM sqlite_master ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(schema(&conn), schema(&reference));
    for table in SCHEMA_1_TABLES {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert!(n > 0, "the fixture has no {table}");
    }
    assert!(audit::verify(&conn).unwrap().ok);
}

#[test]
fn a_schema_1_register_upgrades_to_the_latest_with_nothing_lost() {
    let (_dir, db) = folder();
    std::fs::copy(fixture(), &db).unwrap();
    let (counts, values) = snapshot(&db);

    let reg = Register::open_existing(&db).unwrap();
    assert_eq!(
        migrations::current_version(reg.conn()).unwrap(),
        migrations::latest_version()
    );
    let v = audit::verify(reg.conn()).unwrap();
    assert!(v.ok, "{v:?}");
    assert_eq!(v.entries, counts["audit_log"]);
    // Later migrations fill what they add from what was there.
    let received_on: String = reg
        .conn()
        .query_row(
            "SELECT received_on FROM rights_requests WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        received_on, "2026-01-21",
        "17:30 UTC is the next day in Hong Kong"
    );
    drop(reg);

    let (after_counts, after_values) = snapshot(&db);
    assert_eq!(after_counts, counts, "rows were lost or made up");
    assert_eq!(after_values, values, "values changed");
    eprintln!(
        "migrations: schema 1 -> {}: {} rows in {} tables counted and {} sampled records (with the audit head) compared, none lost or changed",
        migrations::latest_version(),
        counts.values().sum::<i64>(),
        counts.len(),
        values.len()
    );

    // The CLI reads the upgraded register like any other.
    let status = workbench(&db, &["status", "--json"], &[]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let s: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(s["counts"]["requests"], 2);
    assert_eq!(workbench(&db, &["audit", "verify"], &[]).code, 0);
}

#[test]
fn a_register_from_a_newer_release_is_refused_with_a_clear_message_untouched() {
    for passphrase in [None, Some(PASSPHRASE)] {
        let (_dir, db) = folder();
        drop(initialised(&db, passphrase));
        {
            let conn = Connection::open(&db).unwrap();
            if let Some(p) = passphrase {
                conn.pragma_update(None, "key", p).unwrap();
            }
            conn.pragma_update(None, "user_version", migrations::latest_version() + 1)
                .unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }
        let before = digest(&db);
        match Register::open_existing_with(&db, passphrase) {
            Err(Error::SchemaTooNew { found, supported }) => {
                assert_eq!(found, migrations::latest_version() + 1);
                assert_eq!(supported, migrations::latest_version());
            }
            Err(e) => panic!("unexpected error: {e}"),
            Ok(_) => panic!("a newer register was opened"),
        }
        let mut env = vec![];
        if let Some(p) = passphrase {
            env.push(("WORKBENCH_PASSPHRASE", p));
        }
        for args in [
            &["status"][..],
            &["requests", "list"],
            &["backup", "--out", "/nonexistent/x.db"],
        ] {
            let run = workbench(&db, args, &env);
            assert_eq!(run.code, 2, "{args:?}");
            assert!(
                run.stderr.contains("newer than this release understands"),
                "{}",
                run.stderr
            );
            assert_eq!(run.stderr.lines().count(), 1);
        }
        assert_eq!(digest(&db), before, "the newer register was changed");
        eprintln!(
            "migrations: a newer register ({}) refused by the library and 3 CLI commands, its SHA-256 unchanged",
            if passphrase.is_some() { "encrypted" } else { "plain" }
        );
        assert!(
            !with_suffix(&db, "-wal").exists(),
            "a log was started beside it"
        );
    }
}

#[test]
fn the_cli_says_once_that_it_upgrades_an_older_register() {
    let (_dir, db) = folder();
    std::fs::copy(fixture(), &db).unwrap();
    let first = workbench(&db, &["status", "--json"], &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let latest = migrations::latest_version();
    assert_eq!(
        first.stderr.trim(),
        format!(
            "workbench: bringing the register from schema 1 to {latest} \
             (once; a large register may take a few minutes)"
        )
    );
    // Upgraded: no word of it again; a new register never hears of it.
    let second = workbench(&db, &["status", "--json"], &[]);
    assert_eq!((second.code, second.stderr.as_str()), (0, ""));
    let new = db.with_file_name("new.db");
    let made = workbench(&new, &["init"], &[]);
    assert_eq!((made.code, made.stderr.as_str()), (0, ""));
}

#[test]
fn needs_upgrade_says_so_for_an_older_register_only_and_changes_nothing() {
    let (dir, db) = folder();
    assert!(!Register::needs_upgrade(&db), "a missing file");
    std::fs::copy(fixture(), &db).unwrap();
    let before = digest(&db);
    assert!(Register::needs_upgrade(&db));
    assert_eq!(digest(&db), before, "asking changed the file");
    drop(Register::open_existing(&db).unwrap());
    assert!(!Register::needs_upgrade(&db), "upgraded");
    let new = dir.path().join("new.db");
    drop(Register::open_or_create(&new).unwrap());
    assert!(!Register::needs_upgrade(&new), "a new register");
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"not a database at all, just text").unwrap();
    assert!(!Register::needs_upgrade(&garbage), "not a register");
}
