//! Crash safety: the CLI killed with SIGKILL at random moments during a large
//! import and during an export, many times over. After each kill the register
//! passes SQLite's integrity check and the audit chain verifies; the import is
//! whole or absent; the export's path holds nothing or the complete PDF. A re-run
//! completes the import without duplicates.
//!
//! The delays are random; the seed is printed, and `TRUST_SEED` replays a run.

mod trust_common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use trust_common::*;

const MESSAGES: usize = 3000;
const KILLS: usize = 20;

/// The two tests run one after the other: each spreads its kills over the time a
/// whole run takes, measured once at its start, and the other test's CPU load
/// (typesetting PDFs on a 2-core machine) would make every later run slower than
/// that measure, so every kill would land before the end.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A small xorshift generator: enough randomness for delays, no dependency.
struct Delays(u64);

impl Delays {
    fn new() -> Self {
        let seed = std::env::var("TRUST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("trust_crash: TRUST_SEED={seed}");
        Delays(seed)
    }

    /// Half the kills anywhere in the run, half in its last part, where it writes.
    fn during(&mut self, i: usize, whole_ms: u64) -> Duration {
        if i.is_multiple_of(2) {
            self.below(whole_ms + whole_ms / 5)
        } else {
            Duration::from_millis(whole_ms * 3 / 5) + self.below(whole_ms / 2)
        }
    }

    fn below(&mut self, max_ms: u64) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_millis(self.0 % max_ms.max(1))
    }
}

fn big_mbox(path: &Path) {
    let mut text = String::new();
    for i in 0..MESSAGES {
        text.push_str(&format!(
            "From sender{i}@example.org Mon Jun  1 10:00:00 2026\n\
             From: Sender {i} <sender{i}@example.org>\n\
             To: contact@wesmond.com\n\
             Subject: Data access request {i}\n\
             Date: Mon, 01 Jun 2026 10:00:00 +0800\n\
             Message-ID: <crash-{i}@example.org>\n\
             \n\
             Please give me a copy of the personal data TrackTrack holds about me.\n\
             \n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// Starts the CLI and kills it with SIGKILL after `delay` (unless it ended first).
/// True when it was killed rather than finished.
fn run_and_kill(db: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_workbench"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("WORKBENCH_DB")
        .env_remove("WORKBENCH_PASSPHRASE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < delay && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(1));
    }
    // On Unix, `kill` is SIGKILL: no destructor, no handler, nothing runs.
    let killed = child.try_wait().unwrap().is_none() && child.kill().is_ok();
    let status = child.wait().unwrap();
    if !killed {
        assert!(status.success(), "{args:?} failed on its own");
    }
    killed
}

fn integrity_ok(db: &Path) {
    let conn = Connection::open(db).unwrap();
    let answer: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(answer, "ok");
}

fn audit_ok(db: &Path) {
    let run = workbench(db, &["audit", "verify"], &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

fn requests(db: &Path) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM rights_requests", [], |r| r.get(0))
        .unwrap()
}

/// Copies a closed register (no log beside it) over `to`, dropping `to`'s log.
fn fresh_copy(from: &Path, to: &Path) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(to, suffix));
    }
    std::fs::copy(from, to).unwrap();
}

#[test]
fn an_import_killed_at_random_moments_is_whole_or_absent_and_a_rerun_completes_it() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let (dir, base) = folder();
    drop(initialised(&base, None));
    let mbox = dir.path().join("big.mbox");
    big_mbox(&mbox);
    let mbox = mbox.to_str().unwrap().to_string();
    let db = dir.path().join("work.db");

    // How long a whole import takes here, to spread the kills over it.
    fresh_copy(&base, &db);
    let t = Instant::now();
    assert!(!run_and_kill(
        &db,
        &["requests", "import", &mbox],
        Duration::from_secs(120)
    ));
    let whole = t.elapsed().as_millis() as u64;
    assert_eq!(requests(&db), MESSAGES as i64);

    let mut delays = Delays::new();
    let (mut absent, mut complete, mut killed_runs) = (0, 0, 0);
    for i in 0..KILLS {
        fresh_copy(&base, &db);
        let delay = delays.during(i, whole);
        killed_runs += run_and_kill(&db, &["requests", "import", &mbox], delay) as usize;
        integrity_ok(&db);
        audit_ok(&db);
        match requests(&db) {
            0 => absent += 1,
            n if n == MESSAGES as i64 => complete += 1,
            n => panic!("a killed import left {n} of {MESSAGES} requests (delay {delay:?})"),
        }
    }
    // The last register, killed or not, is completed by a re-run, and a second
    // re-run adds nothing.
    let run = workbench(&db, &["requests", "import", &mbox], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(requests(&db), MESSAGES as i64);
    let again = workbench(&db, &["requests", "import", &mbox, "--json"], &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(requests(&db), MESSAGES as i64, "a re-run made duplicates");
    let distinct: i64 = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(DISTINCT message_id) FROM rights_requests",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(distinct, MESSAGES as i64);
    integrity_ok(&db);
    audit_ok(&db);
    eprintln!(
        "trust_crash import: {KILLS} runs ({killed_runs} killed, whole import {whole} ms): \
         {absent} absent, {complete} whole, 0 partial; {:?}",
        started.elapsed()
    );
}

#[test]
fn an_export_killed_at_random_moments_leaves_nothing_or_the_complete_pdf() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let (dir, db) = folder();
    drop(initialised(&db, None));
    let reference = dir.path().join("reference.pdf");
    let t = Instant::now();
    let run = workbench(
        &db,
        &[
            "policy",
            "export",
            "--format",
            "pdf",
            "--out",
            reference.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let whole = t.elapsed().as_millis() as u64;
    let expected = digest(&reference);

    let out = dir.path().join("policy.pdf");
    let mut delays = Delays::new();
    let (mut nothing, mut complete, mut killed_runs) = (0, 0, 0);
    for i in 0..KILLS {
        let _ = std::fs::remove_file(&out);
        let delay = delays.during(i, whole);
        killed_runs += run_and_kill(
            &db,
            &[
                "policy",
                "export",
                "--format",
                "pdf",
                "--out",
                out.to_str().unwrap(),
            ],
            delay,
        ) as usize;
        if out.exists() {
            let bytes = std::fs::read(&out).unwrap();
            assert!(
                bytes.starts_with(b"%PDF-"),
                "not a PDF after a kill at {delay:?}"
            );
            assert_eq!(
                digest(&out),
                expected,
                "a partial PDF after a kill at {delay:?}"
            );
            complete += 1;
        } else {
            nothing += 1;
        }
        integrity_ok(&db);
        audit_ok(&db);
    }
    // Temporary files a kill left behind are beside the output, never at it.
    let partials = files_named(dir.path(), ".partial").len();
    eprintln!(
        "trust_crash export: {KILLS} runs ({killed_runs} killed, whole export {whole} ms): \
         {nothing} left nothing, {complete} the complete PDF, 0 partial; {partials} temporary \
         file(s) left beside it; {:?}",
        started.elapsed()
    );
}
