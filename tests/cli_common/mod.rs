//! The `workbench` binary run as an officer runs it, for the tests of the command line.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// What one run of the command line gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `workbench --db DB ARGS…` as `user` (the audit's actor), with `env` set besides.
/// The register and passphrases of the test's own environment never reach it.
pub fn run(user: &str, db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_workbench"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("WORKBENCH_DB")
        .env_remove("WORKBENCH_PASSPHRASE")
        .env_remove("WORKBENCH_NEW_PASSPHRASE")
        .env("USER", user);
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("the workbench binary runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("standard output is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("standard error is UTF-8"),
    }
}

/// The standard output of a run that had to succeed.
pub fn succeeded(run: &Run, args: &[&str]) -> String {
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.stdout.clone()
}

/// Standard output read as JSON.
pub fn parsed(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}
