//! Helpers shared by the `trust_*` tests: files' fingerprints, the CLI as an
//! officer runs it, registers with a distinctive requester in them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::params;
use serde_json::json;
use workbench::defaults;
use workbench::Register;

/// A requester no default register or fixture contains, to look for in raw bytes.
pub const EMAIL: &str = "zanzibar.quokka.8841@example.org";
pub const NAME: &str = "Quokka Zanzibar-Ndlovu";
pub const PASSPHRASE: &str = "correct horse 'battery' staple";

/// SHA-256 of a file's bytes.
pub fn digest(path: &Path) -> String {
    workbench::hash::sha256_hex(&std::fs::read(path).unwrap())
}

/// A temporary folder with `register.db` (not created yet) inside.
pub fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    (dir, db)
}

/// A default register at `path`, encrypted when `passphrase` is given.
pub fn initialised(path: &Path, passphrase: Option<&str>) -> Register {
    let mut reg = Register::open_or_create_with(path, passphrase).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    reg
}

/// Adds a rights request through the write path; returns its id.
pub fn add_request(reg: &mut Register, email: &str, name: &str) -> i64 {
    reg.write("test", |c| {
        c.tx().execute(
            "INSERT INTO rights_requests (received_at, channel, requester_name, requester_email,
                 type, jurisdiction, created_at)
             VALUES ('2026-06-01T02:00:00Z', 'manual', ?1, ?2, 'access', 'HK', '2026-06-01T02:00:00Z')",
            params![name, email],
        )?;
        let id = c.tx().last_insert_rowid();
        c.record("add", "rights_request", Some(&id.to_string()), &json!({ "email": email }))?;
        Ok(id)
    })
    .unwrap()
}

/// Rows in a table.
pub fn count(reg: &Register, table: &str) -> i64 {
    reg.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Does `needle` occur anywhere in the file's bytes (a missing file holds nothing)?
pub fn file_contains(path: &Path, needle: &str) -> bool {
    match std::fs::read(path) {
        Ok(bytes) => bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
        Err(_) => false,
    }
}

/// `path` with a suffix (`-wal`, `-shm`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// What a run of the CLI printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `workbench --db DB ARGS` with exactly the passphrase variables given.
pub fn workbench(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_workbench"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("WORKBENCH_DB")
        .env_remove("WORKBENCH_PASSPHRASE")
        .env_remove("WORKBENCH_NEW_PASSPHRASE")
        .env("RUST_BACKTRACE", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out: Output = cmd.output().expect("the workbench binary runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Files in a folder whose names contain `part`.
pub fn files_named(dir: &Path, part: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(part))
        .collect()
}
