//! The register at a glance: what `workbench status` prints and the dashboard shows.

use serde::Serialize;

use crate::audit;
use crate::db::{migrations, Register};
use crate::error::Result;
use crate::register::{count, policy, settings};

/// How many records each register holds.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub policy_versions: i64,
    pub processors: i64,
    pub merchants: i64,
    pub platforms: i64,
    pub scopes: i64,
    pub authorizations: i64,
    pub active_authorizations: i64,
    pub requests: i64,
    pub open_requests: i64,
    pub retention_rules: i64,
    pub audit_entries: i64,
}

/// The register at a glance.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Status {
    pub organisation: String,
    pub contact_email: String,
    pub default_jurisdiction: String,
    pub register_path: String,
    pub schema_version: i64,
    pub counts: Counts,
    pub published_policy: Option<policy::PolicySummary>,
    pub audit_head: Option<String>,
}

/// Reads the register's status.
pub fn status(reg: &Register) -> Result<Status> {
    let conn = reg.conn();
    let setting = |key| -> Result<String> { Ok(settings::get(conn, key)?.unwrap_or_default()) };
    let counts = Counts {
        policy_versions: count(conn, "SELECT count(*) FROM policy_versions")?,
        processors: count(conn, "SELECT count(*) FROM processors")?,
        merchants: count(conn, "SELECT count(*) FROM merchants")?,
        platforms: count(conn, "SELECT count(*) FROM platforms")?,
        scopes: count(conn, "SELECT count(*) FROM scopes")?,
        authorizations: count(conn, "SELECT count(*) FROM authorizations")?,
        active_authorizations: count(
            conn,
            "SELECT count(*) FROM authorizations WHERE revoked_at IS NULL",
        )?,
        requests: count(conn, "SELECT count(*) FROM rights_requests")?,
        // The open requests' own index (schema 4) holds just them.
        open_requests: count(
            conn,
            "SELECT count(*) FROM rights_requests INDEXED BY rights_requests_open
             WHERE status NOT IN ('completed', 'refused', 'withdrawn')",
        )?,
        retention_rules: count(conn, "SELECT count(*) FROM retention_rules")?,
        // Entries are numbered from 1 without gaps (append-only; `audit verify` names any
        // gap), so the last number is the count, read without walking a million entries.
        audit_entries: count(conn, "SELECT coalesce(max(seq), 0) FROM audit_log")?,
    };
    Ok(Status {
        organisation: setting(settings::ORGANISATION)?,
        contact_email: setting(settings::CONTACT_EMAIL)?,
        default_jurisdiction: setting(settings::DEFAULT_JURISDICTION)?,
        register_path: reg
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".into()),
        schema_version: migrations::current_version(conn)?,
        counts,
        published_policy: policy::published(conn)?,
        audit_head: audit::head(conn)?.map(|h| h.hash),
    })
}
