//! Checks of the register against the policy's promises (DESIGN.md §5): each
//! with a stable id, a severity, the records concerned and what to do.
//!
//! A check reads the register and returns findings; it never writes.

mod policy;
mod processors;
mod registers;
mod requests;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// A record a finding is about, e.g. `rights_request` 12.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordRef {
    pub entity: &'static str,
    pub id: String,
    pub label: String,
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    pub records: Vec<RecordRef>,
}

/// A check: what it proves and how.
pub struct Check {
    pub id: &'static str,
    pub title: &'static str,
    /// What to do when it fails.
    pub remedy: &'static str,
    run: fn(&Connection, NaiveDate) -> Result<Vec<Finding>>,
}

/// A check's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub id: &'static str,
    pub title: &'static str,
    pub remedy: &'static str,
    /// "pass", or the worst severity among the findings.
    pub status: &'static str,
    pub findings: Vec<Finding>,
}

/// Every check's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub today: String,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub results: Vec<CheckResult>,
}

impl Report {
    /// True while an error-level finding stands.
    pub fn failed(&self) -> bool {
        self.errors > 0
    }
}

/// Every check, in the order they are reported.
pub fn all() -> Vec<Check> {
    let mut checks = Vec::new();
    checks.extend(policy::checks());
    checks.extend(registers::checks());
    checks.extend(processors::checks());
    checks.extend(requests::checks());
    checks
}

/// Runs every check as of `today`.
pub fn run(conn: &Connection, today: NaiveDate) -> Result<Report> {
    let mut results = Vec::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for check in all() {
        let findings = (check.run)(conn, today)?;
        for f in &findings {
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
        }
        let status = match findings.iter().map(|f| f.severity).max() {
            None => "pass",
            Some(Severity::Info) => "info",
            Some(Severity::Warning) => "warning",
            Some(Severity::Error) => "error",
        };
        results.push(CheckResult {
            id: check.id,
            title: check.title,
            remedy: check.remedy,
            status,
            findings,
        });
    }
    Ok(Report {
        today: today.to_string(),
        errors,
        warnings,
        infos,
        results,
    })
}

fn finding(severity: Severity, message: String, records: Vec<RecordRef>) -> Finding {
    Finding {
        severity,
        message,
        records,
    }
}

fn record(entity: &'static str, id: impl ToString, label: impl Into<String>) -> RecordRef {
    RecordRef {
        entity,
        id: id.to_string(),
        label: label.into(),
    }
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}
