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
    /// How many problems the finding stands for: 1 (left out of the JSON), or, for the
    /// finding that sums up those past the first [`LISTED`] ("… and 9,950 more"), how many
    /// it sums up. The report's `errors`, `warnings` and `infos` add these up.
    #[serde(skip_serializing_if = "is_one")]
    pub count: u64,
}

fn is_one(n: &u64) -> bool {
    *n == 1
}

/// How many findings a check lists one by one; the rest are summed up in one finding per
/// severity, so a register with a hundred thousand late requests still checks in moments
/// and reads in one screen.
pub const LISTED: usize = 50;

/// A check: what it proves and how.
pub struct Check {
    pub id: &'static str,
    pub title: &'static str,
    /// What to do when it fails.
    pub remedy: &'static str,
    run: fn(&Connection, NaiveDate) -> Result<Vec<Finding>>,
}

impl Check {
    /// Runs this check alone as of `today`.
    pub fn findings(&self, conn: &Connection, today: NaiveDate) -> Result<Vec<Finding>> {
        (self.run)(conn, today)
    }
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
            let n = usize::try_from(f.count).unwrap_or(usize::MAX);
            match f.severity {
                Severity::Error => errors += n,
                Severity::Warning => warnings += n,
                Severity::Info => infos += n,
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
        count: 1,
    }
}

/// Findings listed one by one as they come, up to [`LISTED`]; those past it are only
/// counted, per severity, and summed up by [`Bounded::finish`].
#[derive(Default)]
struct Bounded {
    listed: Vec<Finding>,
    more: std::collections::BTreeMap<Severity, u64>,
}

impl Bounded {
    /// Adds a finding; `make` runs only while fewer than [`LISTED`] are listed.
    fn push(&mut self, severity: Severity, make: impl FnOnce() -> Finding) {
        if self.listed.len() < LISTED {
            self.listed.push(make());
        } else {
            *self.more.entry(severity).or_default() += 1;
        }
    }

    /// The listed findings, then one finding per severity summing up the rest, worst
    /// first, with `summary(severity, n)` as its message.
    fn finish(mut self, summary: impl Fn(Severity, u64) -> String) -> Vec<Finding> {
        for (severity, n) in self.more.into_iter().rev() {
            self.listed.push(Finding {
                severity,
                message: summary(severity, n),
                records: vec![],
                count: n,
            });
        }
        self.listed
    }
}

use crate::format::thousands;

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
