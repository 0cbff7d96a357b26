//! Two writers on one register — as when the desktop app and the CLI run at once:
//! thousands of interleaved writes from two processes (and the CLI besides), no
//! "database is locked" reaching anyone, no write lost, the audit chain intact.

mod trust_common;

use std::process::{Command, Stdio};

use rusqlite::params;
use serde_json::json;
use trust_common::*;
use workbench::{audit, Register};

const WRITES_PER_PROCESS: usize = 2500;
const CLI_WRITES: usize = 40;

fn write_settings(reg: &mut Register, tag: &str, n: usize) {
    for i in 0..n {
        let key = format!("{tag}-{i:05}");
        reg.write(tag, |c| {
            c.tx().execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                params![key, i.to_string()],
            )?;
            c.record("set", "setting", Some(&key), &json!({ "value": i }))
        })
        .unwrap_or_else(|e| panic!("{tag}: write {i} failed: {e}"));
        // An officer's app writes now and then, not in one burst: leave the other a gap.
        if i % 10 == 9 {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
}

/// The second process: this test binary run again with `TRUST_WRITER_DB` set.
#[test]
#[ignore = "run by two_processes_and_the_cli_write_at_once as its second process"]
fn writer_process() {
    let Ok(db) = std::env::var("TRUST_WRITER_DB") else {
        return;
    };
    let mut reg = Register::open_existing(std::path::Path::new(&db)).unwrap();
    write_settings(&mut reg, "child", WRITES_PER_PROCESS);
}

#[test]
fn two_processes_and_the_cli_write_at_once_without_losing_a_write() {
    let (_dir, db) = folder();
    let reg = initialised(&db, None);
    let base = audit::count(reg.conn()).unwrap();
    drop(reg);
    let started = std::time::Instant::now();

    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "writer_process", "--ignored", "--test-threads=1"])
        .env("TRUST_WRITER_DB", &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let parent = {
        let db = db.clone();
        std::thread::spawn(move || {
            let mut reg = Register::open_existing(&db).unwrap();
            write_settings(&mut reg, "parent", WRITES_PER_PROCESS);
        })
    };
    for i in 0..CLI_WRITES {
        let email = format!("cli{i}@example.org");
        let run = workbench(
            &db,
            &[
                "requests",
                "add",
                "--type",
                "access",
                "--email",
                &email,
                "--received",
                "2026-06-01",
            ],
            &[],
        );
        assert_eq!(run.code, 0, "CLI write {i}: {}", run.stderr);
        assert!(!run.stderr.to_lowercase().contains("locked"));
    }
    parent.join().expect("the parent's writes never fail");
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the second process failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 passed"),
        "the second process did not run its writes"
    );

    let reg = Register::open_existing(&db).unwrap();
    let tagged = |tag: &str| -> i64 {
        reg.conn()
            .query_row(
                "SELECT count(*) FROM settings WHERE key LIKE ?1",
                [format!("{tag}-%")],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(tagged("parent"), WRITES_PER_PROCESS as i64);
    assert_eq!(tagged("child"), WRITES_PER_PROCESS as i64);
    assert_eq!(count(&reg, "rights_requests"), CLI_WRITES as i64);
    let v = audit::verify(reg.conn()).unwrap();
    assert!(v.ok, "{v:?}");
    assert!(
        v.entries >= base + 2 * WRITES_PER_PROCESS as i64 + CLI_WRITES as i64,
        "{} entries",
        v.entries
    );
    // Each write's own entry is there: one per setting, at least one per request.
    let settings_entries: i64 = reg
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE entity = 'setting' AND actor IN ('parent', 'child')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(settings_entries, 2 * WRITES_PER_PROCESS as i64);
    // And they really were interleaved, not one process after the other.
    let actors: Vec<String> = reg
        .conn()
        .prepare("SELECT actor FROM audit_log WHERE actor IN ('parent', 'child') ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let switches = actors.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(
        switches >= 100,
        "only {switches} switches between the writers"
    );
    eprintln!(
        "{switches} switches between writers; {} writes from two processes and {CLI_WRITES} CLI runs in {:?}",
        2 * WRITES_PER_PROCESS,
        started.elapsed()
    );
}
