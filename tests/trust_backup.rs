//! Backup and restore: consistent backups while another program writes, the same
//! encryption as the register, and a restore that checks the backup first and
//! never harms the current register when the backup is bad.

mod trust_common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rusqlite::Connection;
use trust_common::*;
use workbench::db::backup::{self, check_backup};
use workbench::db::crypto::{self, FileKind};
use workbench::db::migrations;
use workbench::{audit, Error, Register};

/// Backs `db` up while another connection (another program, as far as SQLite
/// can tell) keeps writing; every backup must check out on its own.
fn backups_while_writing(passphrase: Option<&str>) {
    let (dir, db) = folder();
    let reg = initialised(&db, passphrase);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        let key = passphrase.map(str::to_string);
        std::thread::spawn(move || {
            let mut other = Register::open_existing_with(&db, key.as_deref()).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                add_request(&mut other, &format!("writer{n}@example.org"), "Writer");
                n += 1;
            }
            n
        })
    };
    let mut seen = vec![];
    for i in 0..5 {
        std::thread::sleep(std::time::Duration::from_millis(40));
        let out = dir.path().join(format!("backup-{i}.db"));
        let report = reg.backup(&out).unwrap();
        assert_eq!(report.encrypted, passphrase.is_some());
        assert_eq!(report.sha256, digest(&out));
        let check = check_backup(&out, passphrase).unwrap();
        // Every request has its audit entry: the copy is one moment of the register.
        let copy = Register::open_existing_with(&out, passphrase).unwrap();
        let requests = count(&copy, "rights_requests");
        assert_eq!(check.audit_entries, report.audit_entries);
        seen.push((requests, check.audit_entries));
        assert!(audit::verify(copy.conn()).unwrap().ok);
        let entries_for_requests: i64 = copy
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'rights_request'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(requests, entries_for_requests);
        assert!(
            !with_suffix(&out, "-wal").exists()
                || std::fs::metadata(with_suffix(&out, "-wal")).unwrap().len() == 0
        );
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    assert!(written > 0, "the writer wrote while backups ran");
    eprintln!(
        "backup ({}): {} backups while another connection wrote {written} requests; each verified (integrity, audit chain, one entry per request); (requests, audit entries) seen: {seen:?}",
        if passphrase.is_some() { "encrypted" } else { "plain" },
        seen.len()
    );
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    if passphrase.is_some() {
        let out = dir.path().join("backup-0.db");
        assert_eq!(crypto::file_kind(&out).unwrap(), FileKind::Encrypted);
        assert!(!file_contains(&out, "writer0@example.org"));
        assert!(matches!(
            Register::open_existing(&out),
            Err(Error::Encrypted)
        ));
    }
}

#[test]
fn a_plain_register_backs_up_consistently_while_another_program_writes() {
    backups_while_writing(None);
}

#[test]
fn an_encrypted_register_backs_up_consistently_and_encrypted_while_another_program_writes() {
    backups_while_writing(Some(PASSPHRASE));
}

#[test]
fn restore_replaces_the_register_and_keeps_the_previous_one_beside_it() {
    for passphrase in [None, Some(PASSPHRASE)] {
        let (dir, db) = folder();
        let mut reg = initialised(&db, passphrase);
        add_request(&mut reg, EMAIL, NAME);
        let out = dir.path().join("saved.db");
        reg.backup(&out).unwrap();
        let entries = audit::count(reg.conn()).unwrap();
        add_request(&mut reg, "later@example.org", "Later");
        drop(reg);
        let current = {
            let reg = Register::open_existing_with(&db, passphrase).unwrap();
            audit::verify(reg.conn()).unwrap().head
        };

        let r = backup::restore(&db, &out, passphrase, "officer").unwrap();
        assert_eq!(r.audit_entries, entries + 1);
        assert_eq!(r.encrypted, passphrase.is_some());
        let previous = r.previous.clone().unwrap();
        assert!(previous
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("register.db.before-restore-"));
        // Kept as it was (SQLite's header notes the journal mode it was closed in).
        let kept = Register::open_existing_with(&previous, passphrase).unwrap();
        assert_eq!(audit::verify(kept.conn()).unwrap().head, current);
        drop(kept);

        let reg = Register::open_existing_with(&db, passphrase).unwrap();
        assert_eq!(
            count(&reg, "rights_requests"),
            1,
            "the backup's content is back"
        );
        let v = audit::verify(reg.conn()).unwrap();
        assert!(v.ok && v.entries == entries + 1);
        assert_eq!(
            audit::list(reg.conn(), 1, 0).unwrap()[0].action,
            "register.restored"
        );
        assert_eq!(files_named(dir.path(), ".tmp"), Vec::<PathBuf>::new());
        let old = Register::open_existing_with(&previous, passphrase).unwrap();
        assert_eq!(count(&old, "rights_requests"), 2);
    }
}

/// A valid backup of a register with one request, in `dir`.
fn good_backup(dir: &Path, passphrase: Option<&str>) -> PathBuf {
    let src = dir.join("source.db");
    let mut reg = initialised(&src, passphrase);
    add_request(&mut reg, EMAIL, NAME);
    let out = dir.join("good-backup.db");
    reg.backup(&out).unwrap();
    out
}

/// Restoring `bad` must fail with a clear reason and leave `db` byte for byte.
/// How many bad backups `refused` saw refused.
static REFUSED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn refused(db: &Path, bad: &Path, passphrase: Option<&str>, reason: &str) {
    REFUSED.fetch_add(1, Ordering::Relaxed);
    let before = digest(db);
    match backup::restore(db, bad, passphrase, "officer") {
        Err(e @ Error::BadBackup { .. }) => {
            let text = e.to_string();
            assert!(text.contains(reason), "{text:?} does not say {reason:?}");
            assert!(text.ends_with("the current register was not changed"));
            assert!(!text.contains(PASSPHRASE));
        }
        Err(e) => panic!("{}: unexpected error: {e}", bad.display()),
        Ok(_) => panic!("{} was restored", bad.display()),
    }
    assert_eq!(digest(db), before, "{} changed the register", bad.display());
    let dir = db.parent().unwrap();
    assert!(files_named(dir, "before-restore").is_empty());
    assert!(files_named(dir, ".tmp").is_empty());
}

#[test]
fn bad_backups_are_refused_with_the_current_register_untouched() {
    let (dir, db) = folder();
    drop(initialised(&db, None));
    let good = good_backup(dir.path(), None);
    let bytes = std::fs::read(&good).unwrap();
    let write = |name: &str, content: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    };

    let truncated = write("truncated.db", &bytes[..bytes.len() / 2]);
    refused(&db, &truncated, None, "damaged");
    let cut_odd = write("cut-odd.db", &bytes[..1000]);
    refused(&db, &cut_odd, None, "damaged");
    let garbage = write("garbage.db", b"this is not a database at all\n");
    refused(&db, &garbage, None, "not a register backup");
    let random: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let random = write("random.db", &random);
    refused(&db, &random, None, "it is encrypted");
    refused(
        &db,
        &random,
        Some(PASSPHRASE),
        "the passphrase does not open it",
    );
    let empty = write("empty.db", b"");
    refused(&db, &empty, None, "holds no register");

    // A page of the backup scribbled over.
    let mut scribbled = bytes.clone();
    for b in &mut scribbled[4096 * 3..4096 * 3 + 600] {
        *b = 0xA5;
    }
    let scribbled = write("scribbled.db", &scribbled);
    refused(&db, &scribbled, None, "damaged");

    // A backup from a newer release.
    let newer = write("newer.db", &bytes);
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", migrations::latest_version() + 1)
        .unwrap();
    refused(&db, &newer, None, "made by a newer release");

    // A backup whose audit log was edited.
    let tampered = write("tampered.db", &bytes);
    Connection::open(&tampered)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET change = '{\"edited\":true}' WHERE seq = 3;",
        )
        .unwrap();
    refused(&db, &tampered, None, "audit chain is broken at entry 3");

    // A SQLite database that is no register.
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    refused(&db, &other, None, "holds no register");

    // An encrypted backup without, or with the wrong, passphrase.
    let enc_dir = tempfile::tempdir().unwrap();
    let encrypted = good_backup(enc_dir.path(), Some(PASSPHRASE));
    refused(
        &db,
        &encrypted,
        None,
        "it is encrypted; set WORKBENCH_PASSPHRASE",
    );
    refused(
        &db,
        &encrypted,
        Some("wrong"),
        "the passphrase does not open it",
    );

    // And the register still opens and verifies.
    let reg = Register::open_existing(&db).unwrap();
    assert!(audit::verify(reg.conn()).unwrap().ok);
    eprintln!(
        "bad backups: {} restores refused, the register's SHA-256 unchanged after each, nothing kept aside, no temporary left",
        REFUSED.load(Ordering::Relaxed)
    );
}

#[test]
fn restore_is_refused_while_another_program_has_the_register_open() {
    let (dir, db) = folder();
    drop(initialised(&db, None));
    let good = good_backup(dir.path(), None);
    let other = Register::open_existing(&db).unwrap();
    let before = digest(&db);
    assert!(matches!(
        backup::restore(&db, &good, None, "officer"),
        Err(Error::InUse(_))
    ));
    assert_eq!(count(&other, "rights_requests"), 0);
    drop(other);
    assert_eq!(digest(&db), before);
    assert!(files_named(dir.path(), "before-restore").is_empty());
}

/// The lock file: while this test (another process, for the CLI) holds the
/// register open, `workbench restore` and `workbench passphrase set` are refused
/// in one sentence and change nothing; once it lets go, restore goes through.
#[test]
fn the_cli_refuses_to_replace_a_register_another_workbench_has_open() {
    let (dir, db) = folder();
    drop(initialised(&db, None));
    let good = good_backup(dir.path(), None);
    let mut other = Register::open_existing(&db).unwrap();
    let lock = other.lock_file().unwrap().to_path_buf();
    assert_eq!(lock, with_suffix(&db, ".lock"));
    add_request(&mut other, "holder@example.org", "Holder");
    // Fold the log into the file first: any connection closing checkpoints it,
    // which rewrites the file's bytes without changing the register.
    other
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let before = digest(&db);
    let good_s = good.to_str().unwrap();
    let refusals = [
        workbench(&db, &["restore", good_s], &[]),
        workbench(
            &db,
            &["passphrase", "set"],
            &[("WORKBENCH_NEW_PASSPHRASE", "a long passphrase")],
        ),
    ];
    for r in &refusals {
        assert_eq!(r.code, 2, "refused as bad input: {}", r.stderr);
        assert!(
            r.stderr.contains(
                "is open in another Compliance Workbench window or command (or another program); close it and try again"
            ),
            "{}",
            r.stderr
        );
        assert_eq!(
            r.stderr.trim().lines().count(),
            1,
            "one sentence: {}",
            r.stderr
        );
    }
    // Nothing changed: the same bytes, no file kept aside, no temporary left,
    // and the holder still reads and writes its register.
    assert_eq!(digest(&db), before);
    assert!(files_named(dir.path(), "before-restore").is_empty());
    assert!(files_named(dir.path(), ".tmp").is_empty());
    assert_eq!(count(&other, "rights_requests"), 1);
    add_request(&mut other, "holder2@example.org", "Holder Two");
    // An ordinary command shares the register (a shared lock): it still works.
    let list = workbench(&db, &["requests", "list", "--json"], &[]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    drop(other);

    let r = workbench(&db, &["restore", good_s], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(files_named(dir.path(), "before-restore").len(), 1);
    let reg = Register::open_existing(&db).unwrap();
    assert_eq!(
        count(&reg, "rights_requests"),
        1,
        "the backup's one request"
    );
    let holder: i64 = reg
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE change LIKE '%holder%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        holder, 0,
        "the holder's requests went with the replaced register"
    );
    eprintln!(
        "lock file: {} refusals while another process held the register, register unchanged; restore went through once released",
        refusals.len()
    );
}

#[test]
fn a_backup_of_an_older_schema_restores_and_is_upgraded() {
    let (dir, db) = folder();
    drop(initialised(&db, None));
    let old = dir.path().join("schema-1.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-1/register.sqlite"),
        &old,
    )
    .unwrap();
    let r = backup::restore(&db, &old, None, "officer").unwrap();
    assert_eq!(r.backup_schema_version, 1);
    assert_eq!(r.schema_version, migrations::latest_version());
    let reg = Register::open_existing(&db).unwrap();
    assert_eq!(count(&reg, "rights_requests"), 2);
}

#[test]
fn the_cli_backs_up_and_restores_encrypted_registers() {
    let (dir, db) = folder();
    let key = [("WORKBENCH_PASSPHRASE", PASSPHRASE)];
    assert_eq!(workbench(&db, &["init"], &key).code, 0);
    let out = dir.path().join("backup.db");
    let b = workbench(
        &db,
        &["backup", "--out", out.to_str().unwrap(), "--json"],
        &key,
    );
    assert_eq!(b.code, 0, "{}", b.stderr);
    let report: serde_json::Value = serde_json::from_str(&b.stdout).unwrap();
    assert_eq!(report["encrypted"], true);
    assert_eq!(report["sha256"], digest(&out));

    let no_key = workbench(&db, &["restore", out.to_str().unwrap()], &[]);
    assert_eq!(no_key.code, 2);
    assert!(
        no_key.stderr.contains("it is encrypted"),
        "{}",
        no_key.stderr
    );

    let r = workbench(&db, &["restore", out.to_str().unwrap()], &key);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("before-restore-"), "{}", r.stdout);
    let verify = workbench(&db, &["audit", "verify"], &key);
    assert_eq!(verify.code, 0, "{}", verify.stdout);

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, "not a backup").unwrap();
    let before = digest(&db);
    let bad = workbench(&db, &["restore", garbage.to_str().unwrap()], &key);
    assert_eq!(bad.code, 2);
    assert_eq!(bad.stderr.lines().count(), 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("is not a usable backup"));
    assert_eq!(digest(&db), before);
}
