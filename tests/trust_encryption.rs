//! Encryption at rest: with a passphrase set, nothing a requester told us is
//! readable in the register's bytes — main file or write-ahead log — and the
//! passphrase is never echoed back.

mod trust_common;

use trust_common::*;
use workbench::db::crypto::{self, FileKind};
use workbench::{audit, Error, Register};

#[test]
fn an_encrypted_register_never_shows_a_requester_in_its_bytes_wal_included() {
    let (_dir, db) = folder();
    let wal = with_suffix(&db, "-wal");
    {
        let mut reg = initialised(&db, Some(PASSPHRASE));
        add_request(&mut reg, EMAIL, NAME);
        // Before any checkpoint: the request lives in the write-ahead log.
        assert!(
            std::fs::metadata(&wal).unwrap().len() > 0,
            "the WAL is in use"
        );
        for file in [&db, &wal] {
            assert!(
                !file_contains(file, EMAIL),
                "{} shows the email",
                file.display()
            );
            assert!(
                !file_contains(file, NAME),
                "{} shows the name",
                file.display()
            );
            assert!(
                !file_contains(file, "Wesmond"),
                "{} shows plain text",
                file.display()
            );
        }
        // After an explicit checkpoint the pages are in the main file.
        reg.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        for file in [&db, &wal] {
            assert!(
                !file_contains(file, EMAIL),
                "{} shows the email",
                file.display()
            );
            assert!(
                !file_contains(file, NAME),
                "{} shows the name",
                file.display()
            );
        }
    }
    // Closed: the log is folded in and removed.
    assert!(!file_contains(&db, EMAIL) && !file_contains(&db, NAME));
    assert!(!file_contains(&db, PASSPHRASE));
    assert_eq!(crypto::file_kind(&db).unwrap(), FileKind::Encrypted);
    eprintln!(
        "encryption: main file and WAL scanned before and after a checkpoint, and the closed file ({} bytes): the requester's email and name found 0 times",
        std::fs::metadata(&db).unwrap().len()
    );

    let reg = Register::open_existing_with(&db, Some(PASSPHRASE)).unwrap();
    let found: String = reg
        .conn()
        .query_row("SELECT requester_email FROM rights_requests", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(found, EMAIL);
}

#[test]
fn the_byte_scan_does_find_a_requester_in_a_plain_register() {
    // The control for the test above: the scan works.
    let (_dir, db) = folder();
    let mut reg = initialised(&db, None);
    add_request(&mut reg, EMAIL, NAME);
    assert!(file_contains(&db, EMAIL) || file_contains(&with_suffix(&db, "-wal"), EMAIL));
    drop(reg);
    assert!(file_contains(&db, EMAIL) && file_contains(&db, NAME));
    assert_eq!(crypto::file_kind(&db).unwrap(), FileKind::Plain);
}

#[test]
fn a_wrong_or_missing_passphrase_is_one_clear_sentence_and_changes_nothing() {
    let (_dir, db) = folder();
    drop(initialised(&db, Some(PASSPHRASE)));
    let before = digest(&db);
    match Register::open_existing_with(&db, Some("not it")) {
        Err(e @ Error::WrongPassphrase) => {
            assert_eq!(e.to_string(), "the passphrase does not open this register")
        }
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("a wrong passphrase opened the register"),
    }
    match Register::open_existing(&db) {
        Err(e @ Error::Encrypted) => assert_eq!(
            e.to_string(),
            "this register is encrypted; set WORKBENCH_PASSPHRASE or enter it when asked"
        ),
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("an encrypted register opened without its passphrase"),
    }
    assert!(crypto::is_encrypted(&db).unwrap());
    assert_eq!(digest(&db), before, "a failed open changed the register");
}

#[test]
fn set_change_and_remove_rewrite_the_register_and_are_audited() {
    let (dir, db) = folder();
    let mut reg = initialised(&db, None);
    add_request(&mut reg, EMAIL, NAME);
    let entries = audit::count(reg.conn()).unwrap();

    reg.set_passphrase(PASSPHRASE, "officer").unwrap();
    assert!(reg.is_encrypted());
    assert_eq!(
        count(&reg, "rights_requests"),
        1,
        "the register is still usable"
    );
    drop(reg);
    assert!(!file_contains(&db, EMAIL) && !file_contains(&db, NAME));
    assert!(matches!(
        Register::open_existing(&db),
        Err(Error::Encrypted)
    ));

    let mut reg = Register::open_existing_with(&db, Some(PASSPHRASE)).unwrap();
    reg.change_passphrase("a new one", "officer").unwrap();
    drop(reg);
    assert!(matches!(
        Register::open_existing_with(&db, Some(PASSPHRASE)),
        Err(Error::WrongPassphrase)
    ));
    let mut reg = Register::open_existing_with(&db, Some("a new one")).unwrap();
    reg.remove_passphrase("officer").unwrap();
    assert!(!reg.is_encrypted());
    drop(reg);

    let reg = Register::open_existing(&db).unwrap();
    let v = audit::verify(reg.conn()).unwrap();
    assert!(v.ok, "{v:?}");
    assert_eq!(v.entries, entries + 3);
    let latest = audit::list(reg.conn(), 3, 0).unwrap();
    let actions: Vec<&str> = latest.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "register.passphrase_removed",
            "register.passphrase_changed",
            "register.passphrase_set"
        ]
    );
    for e in &latest {
        assert_eq!(e.actor, "officer");
        assert!(!e.change.contains(PASSPHRASE) && !e.change.contains("a new one"));
    }
    let found: String = reg
        .conn()
        .query_row("SELECT requester_name FROM rights_requests", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(found, NAME);
    // Nothing is left beside the register but the register.
    assert_eq!(
        files_named(dir.path(), ".tmp"),
        Vec::<std::path::PathBuf>::new()
    );
}

#[test]
fn setting_a_passphrase_while_another_program_has_the_register_open_is_refused() {
    let (_dir, db) = folder();
    let mut reg = initialised(&db, None);
    add_request(&mut reg, EMAIL, NAME);
    let other = Register::open_existing(&db).unwrap();
    match reg.set_passphrase(PASSPHRASE, "officer") {
        Err(e @ Error::InUse(_)) => assert!(e
            .to_string()
            .contains("open in another Compliance Workbench window or command")),
        Err(e) => panic!("unexpected error: {e}"),
        Ok(()) => panic!("the register was rewritten under another program"),
    }
    // Both still work, unencrypted, with everything in them.
    assert!(!reg.is_encrypted());
    assert_eq!(count(&reg, "rights_requests"), 1);
    assert_eq!(count(&other, "rights_requests"), 1);
    add_request(&mut reg, "second@example.org", "Second");
    drop(other);
    drop(reg);
    assert_eq!(crypto::file_kind(&db).unwrap(), FileKind::Plain);
}

#[test]
fn set_refuses_an_empty_passphrase_and_change_refuses_a_plain_register() {
    let (_dir, db) = folder();
    let mut reg = initialised(&db, None);
    assert!(matches!(
        reg.set_passphrase("", "o"),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        reg.change_passphrase("x", "o"),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(reg.remove_passphrase("o"), Err(Error::Invalid(_))));
    assert_eq!(crypto::file_kind(&db).unwrap(), FileKind::Plain);
}

#[test]
fn the_cli_opens_encrypted_registers_with_workbench_passphrase_and_never_echoes_it() {
    let (_dir, db) = folder();
    let init = workbench(&db, &["init"], &[("WORKBENCH_PASSPHRASE", PASSPHRASE)]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(crypto::is_encrypted(&db).unwrap());
    let key = [("WORKBENCH_PASSPHRASE", PASSPHRASE)];
    let add = workbench(
        &db,
        &[
            "requests",
            "add",
            "--type",
            "access",
            "--email",
            EMAIL,
            "--name",
            NAME,
            "--received",
            "2026-06-01",
        ],
        &key,
    );
    assert_eq!(add.code, 0, "{}", add.stderr);
    let mut runs = vec![];
    for args in [
        &["status", "--json"][..],
        &["requests", "list", "--json"],
        &["audit", "verify"],
        &["check", "--json"],
    ] {
        let run = workbench(&db, args, &key);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
        runs.push(run);
    }
    assert!(runs[1].stdout.contains(EMAIL));

    let none = workbench(&db, &["status"], &[]);
    assert_eq!(none.code, 2);
    assert_eq!(
        none.stderr.trim(),
        "workbench: this register is encrypted; set WORKBENCH_PASSPHRASE or enter it when asked"
    );
    let wrong = workbench(&db, &["status"], &[("WORKBENCH_PASSPHRASE", "guess")]);
    assert_eq!(wrong.code, 2);
    assert_eq!(
        wrong.stderr.trim(),
        "workbench: the passphrase does not open this register"
    );
    runs.push(none);
    runs.push(wrong);
    for run in &runs {
        assert!(!run.stdout.contains(PASSPHRASE) && !run.stderr.contains(PASSPHRASE));
        assert!(!run.stderr.contains("panicked"));
    }
    // There is no argument to pass a passphrase on the command line.
    let arg = workbench(&db, &["--passphrase", PASSPHRASE, "status"], &key);
    assert_eq!(arg.code, 2);
    drop(runs);
    assert!(!file_contains(&db, EMAIL));
}

#[test]
fn the_cli_sets_changes_and_removes_the_passphrase_from_the_environment() {
    let (_dir, db) = folder();
    assert_eq!(workbench(&db, &["init"], &[]).code, 0);
    let missing = workbench(&db, &["passphrase", "set"], &[]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("WORKBENCH_NEW_PASSPHRASE"),
        "{}",
        missing.stderr
    );
    assert!(!crypto::is_encrypted(&db).unwrap());

    let set = workbench(
        &db,
        &["passphrase", "set"],
        &[("WORKBENCH_NEW_PASSPHRASE", PASSPHRASE)],
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert!(crypto::is_encrypted(&db).unwrap());
    let change = workbench(
        &db,
        &["passphrase", "change"],
        &[
            ("WORKBENCH_PASSPHRASE", PASSPHRASE),
            ("WORKBENCH_NEW_PASSPHRASE", "second"),
        ],
    );
    assert_eq!(change.code, 0, "{}", change.stderr);
    let remove = workbench(
        &db,
        &["passphrase", "remove"],
        &[("WORKBENCH_PASSPHRASE", "second")],
    );
    assert_eq!(remove.code, 0, "{}", remove.stderr);
    assert!(!crypto::is_encrypted(&db).unwrap());
    let verify = workbench(&db, &["audit", "verify"], &[]);
    assert_eq!(verify.code, 0, "{}", verify.stdout);
    for run in [&set, &change, &remove] {
        assert!(!run.stdout.contains(PASSPHRASE) && !run.stdout.contains("second"));
    }
}
