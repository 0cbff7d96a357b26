//! `workbench report`, run as an officer would: every report in every format it
//! is made in, and bad input refused with exit 2, one sentence and no file.

mod cli_common;
mod reports_fixture;

use std::path::{Path, PathBuf};

use serde_json::Value;

use cli_common::Run;

fn workbench(db: &Path, args: &[&str]) -> Run {
    cli_common::run("officer", db, args, &[])
}

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    reports_fixture::register_file(&db);
    (dir, db)
}

const PERIOD: [&str; 4] = ["--from", "2026-01-01", "--to", "2026-06-30"];

#[test]
fn every_report_is_written_in_every_format_it_is_made_in() {
    let (dir, db) = fixture();
    for report in ["rights", "processors", "authorizations", "policy", "pack"] {
        let formats: &[&str] = if report == "pack" {
            &["html", "pdf"]
        } else {
            &["html", "pdf", "csv", "xlsx"]
        };
        for format in formats {
            let out = dir.path().join(format!("{report}.{format}"));
            let out_arg = out.to_str().unwrap();
            let mut args = vec!["report", report, "--format", format, "--out", out_arg];
            args.extend(PERIOD);
            let run = workbench(&db, &args);
            assert_eq!(run.code, 0, "{report} {format}: {}", run.stderr);
            assert!(
                run.stdout.starts_with("Wrote the ") && run.stdout.contains(out_arg),
                "{}",
                run.stdout
            );
            let bytes = std::fs::read(&out).unwrap();
            assert!(!bytes.is_empty());
            match *format {
                "pdf" => assert!(bytes.starts_with(b"%PDF-")),
                "html" => assert!(bytes.starts_with(b"<!DOCTYPE html>")),
                "xlsx" => assert!(bytes.starts_with(b"PK")),
                _ => assert!(bytes.starts_with(b"\xEF\xBB\xBF")),
            }
        }
    }
}

#[test]
fn json_says_what_was_written_and_the_format_can_come_from_the_file_name() {
    let (dir, db) = fixture();
    let out = dir.path().join("rights.csv");
    let mut args = vec!["report", "rights", "--out", out.to_str().unwrap(), "--json"];
    args.extend(PERIOD);
    let run = workbench(&db, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["kind"], "rights");
    assert_eq!(v["format"], "csv");
    assert_eq!(v["period"]["from"], "2026-01-01");
    assert_eq!(v["period"]["to"], "2026-06-30");
    assert_eq!(v["fingerprint"]["hash"].as_str().unwrap().len(), 64);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(v["bytes"], bytes.len());
    assert_eq!(v["sha256"], workbench::hash::sha256_hex(&bytes));
}

#[test]
fn the_period_defaults_to_the_twelve_months_up_to_today() {
    let (dir, db) = fixture();
    let out = dir.path().join("p.html");
    let run = workbench(
        &db,
        &[
            "report",
            "processors",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let today = workbench::time::today();
    let from = today.checked_sub_months(chrono::Months::new(12)).unwrap();
    assert_eq!(v["period"]["to"], today.to_string());
    assert_eq!(v["period"]["from"], from.to_string());
}

/// Exit 2, one sentence on stderr naming `words`, nothing on stdout, no file.
fn refused(db: &Path, out: &Path, args: &[&str], words: &str) {
    let run = workbench(db, args);
    assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
    let message = run.stderr.trim();
    assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
    assert!(message.starts_with("workbench: "), "{message}");
    assert!(message.contains(words), "{args:?}: {message}");
    assert!(!message.contains("panicked"), "{message}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(!out.is_file(), "{args:?} wrote {}", out.display());
}

#[test]
fn bad_input_is_refused_with_one_sentence_and_nothing_written() {
    let (dir, db) = fixture();
    let out = dir.path().join("out.html");
    let o = out.to_str().unwrap();
    refused(
        &db,
        &out,
        &[
            "report",
            "rights",
            "--format",
            "html",
            "--out",
            o,
            "--from",
            "2026-07-01",
            "--to",
            "2026-06-30",
        ],
        "--from 2026-07-01 is after --to 2026-06-30",
    );
    refused(
        &db,
        &out,
        &[
            "report",
            "rights",
            "--format",
            "html",
            "--out",
            o,
            "--from",
            "2026-02-30",
        ],
        "--from: '2026-02-30' is not a date",
    );
    refused(
        &db,
        &out,
        &[
            "report",
            "rights",
            "--format",
            "html",
            "--out",
            o,
            "--to",
            "30/06/2026",
        ],
        "--to: '30/06/2026' is not a date",
    );
    refused(
        &db,
        &out,
        &["report", "rights", "--format", "docx", "--out", o],
        "'docx' is not one of html, pdf, csv, xlsx",
    );
    refused(
        &db,
        &out,
        &["report", "summary", "--format", "html", "--out", o],
        "'summary' is not a report",
    );
    let no_ext = dir.path().join("report");
    refused(
        &db,
        &no_ext,
        &["report", "rights", "--out", no_ext.to_str().unwrap()],
        "say html, pdf, csv or xlsx",
    );
    let pack_csv = dir.path().join("pack.csv");
    refused(
        &db,
        &pack_csv,
        &[
            "report",
            "pack",
            "--format",
            "csv",
            "--out",
            pack_csv.to_str().unwrap(),
        ],
        "html or pdf only",
    );
    let missing = dir.path().join("no-such-folder").join("r.pdf");
    refused(
        &db,
        &missing,
        &[
            "report",
            "rights",
            "--format",
            "pdf",
            "--out",
            missing.to_str().unwrap(),
        ],
        "does not exist",
    );
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let run = workbench(
        &db,
        &[
            "report",
            "rights",
            "--format",
            "pdf",
            "--out",
            folder.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("it is a folder"), "{}", run.stderr);
    // Nothing half-written is left behind in the folder.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn report_help_names_the_reports_and_formats() {
    let (_dir, db) = fixture();
    let run = workbench(&db, &["report", "--help"]);
    assert_eq!(run.code, 0);
    for word in [
        "rights",
        "processors",
        "authorizations",
        "policy",
        "pack",
        "--from",
        "--to",
        "xlsx",
    ] {
        assert!(
            run.stdout.contains(word),
            "--help lacks {word}:\n{}",
            run.stdout
        );
    }
}
