//! A realistic synthetic register, for measuring the workbench at the size a decade of
//! records gives: policy versions, processors, merchants, their authorizations and
//! scopes, and rights requests with their thread, timeline, evidence, pauses, PDPO log
//! book entries and the retention actions a compliant team would have recorded.
//!
//! Requests arrive from 1 January 2016 to the day before `until`, more each year; those
//! old enough are closed (mostly on time, a few late), recent ones are open at every
//! stage, and a handful were left open past their due date. Due dates come from the
//! register's own rules ([`crate::rules`]), computed once per distinct case.
//!
//! Everything is one write through [`Register::write`] (one audit entry per kind of
//! record), so a generation lands whole or not at all. The same seed and `until` give
//! the same records: each record draws from its own [`Rng::derive`] stream, which also
//! lets a second thread make the requests while the first writes them.

use std::collections::HashMap;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};

use super::rng::Rng;
use super::text::{self, About, Lang, Person, OFFICERS};
use crate::db::Register;
use crate::error::{Error, Result};
use crate::intake::classify::classify;
use crate::rules::{self, Clock, Context, Rules};

/// More records than this of any one kind is a mistake, not a benchmark.
pub const MAX_RECORDS: u64 = 10_000_000;
/// Policy versions are dated days apart within a decade.
pub const MAX_POLICY_VERSIONS: u64 = 1_000;
/// The first day requests arrive.
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default()
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Params {
    pub requests: u64,
    pub merchants: u64,
    pub authorizations: u64,
    pub processors: u64,
    /// How many policy versions the register holds in the end: the one in force and
    /// older, retired ones.
    pub policy_versions: u64,
    pub seed: u64,
    /// The generated decade ends the day before this date; open requests are open as of it.
    pub until: NaiveDate,
    /// Add to a register that already holds records.
    pub force: bool,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            requests: 1_000_000,
            merchants: 50_000,
            authorizations: 200_000,
            processors: 500,
            policy_versions: 50,
            seed: 1,
            until: crate::time::today(),
            force: false,
        }
    }
}

impl Params {
    /// Refuses counts of zero or over the limits, and an `until` outside the decade.
    pub fn check(&self, today: NaiveDate) -> Result<()> {
        for (flag, n, max) in [
            ("--requests", self.requests, MAX_RECORDS),
            ("--merchants", self.merchants, MAX_RECORDS),
            ("--authorizations", self.authorizations, MAX_RECORDS),
            ("--processors", self.processors, MAX_RECORDS),
            (
                "--policy-versions",
                self.policy_versions,
                MAX_POLICY_VERSIONS,
            ),
        ] {
            if n == 0 || n > max {
                return Err(Error::Invalid(format!(
                    "{flag} {n} is out of range: give a number from 1 to {}",
                    group(max)
                )));
            }
        }
        let earliest = first_day() + chrono::Days::new(90);
        if self.until < earliest || self.until > today + chrono::Days::new(1) {
            return Err(Error::Invalid(format!(
                "--until {} is out of range: give a date from {earliest} to today",
                self.until
            )));
        }
        Ok(())
    }
}

pub use crate::format::thousands as group;

/// How far a generation has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: &'static str,
    pub done: u64,
    pub total: u64,
}

/// What a generation wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub policy_versions: u64,
    pub processors: u64,
    pub merchants: u64,
    pub authorizations: u64,
    pub authorization_scopes: u64,
    pub security_assessments: u64,
    pub requests: u64,
    pub messages: u64,
    pub events: u64,
    pub evidence: u64,
    pub pauses: u64,
    pub refusal_log: u64,
    pub retention_actions: u64,
}

// ---------------------------------------------------------------------------------------
// Dates and instants, formatted without chrono's (slower) format machinery.

fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn at(d: NaiveDate, secs: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        d.year(),
        d.month(),
        d.day(),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn day_no(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn from_day_no(n: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(n as i32).unwrap_or_default()
}

/// A UTC instant during Hong Kong office hours (09:00–18:59, UTC+8) on `day`.
fn office_at(rng: &mut Rng, day: i64) -> String {
    at(from_day_no(day), 3600 + rng.below(10 * 3600) as u32)
}

// ---------------------------------------------------------------------------------------
// What the generator reads from the register first.

struct ScopeRow {
    id: i64,
    scope: String,
}

struct PlatformScopes {
    code: String,
    weight: u32,
    /// Each purpose its scopes serve, with the scopes serving it.
    purposes: Vec<(String, Vec<usize>)>,
    scopes: Vec<ScopeRow>,
}

struct RetentionRule {
    category: String,
    period_days: i64,
    action: String,
}

struct Existing {
    requests: i64,
    merchants: i64,
    processors: i64,
    authorizations: i64,
    policy_versions: i64,
    oldest_policy: Option<NaiveDate>,
    max_request: i64,
    max_merchant: i64,
    max_processor: i64,
    max_authorization: i64,
}

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

fn existing(conn: &Connection) -> Result<Existing> {
    Ok(Existing {
        requests: count(conn, "SELECT count(*) FROM rights_requests")?,
        merchants: count(conn, "SELECT count(*) FROM merchants")?,
        processors: count(conn, "SELECT count(*) FROM processors")?,
        authorizations: count(conn, "SELECT count(*) FROM authorizations")?,
        policy_versions: count(conn, "SELECT count(*) FROM policy_versions")?,
        oldest_policy: conn
            .query_row("SELECT min(effective_date) FROM policy_versions", [], |r| {
                r.get::<_, Option<String>>(0)
            })?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        max_request: count(conn, "SELECT coalesce(max(id), 0) FROM rights_requests")?,
        max_merchant: count(conn, "SELECT coalesce(max(id), 0) FROM merchants")?,
        max_processor: count(conn, "SELECT coalesce(max(id), 0) FROM processors")?,
        max_authorization: count(conn, "SELECT coalesce(max(id), 0) FROM authorizations")?,
    })
}

const PLATFORM_WEIGHTS: &[(&str, u32)] = &[
    ("google", 30),
    ("meta", 25),
    ("shopify", 20),
    ("tiktok", 8),
    ("klaviyo", 5),
    ("microsoft_ads", 4),
    ("pinterest", 4),
    ("amazon_ads", 4),
];

fn platform_scopes(conn: &Connection) -> Result<Vec<PlatformScopes>> {
    let mut stmt = conn.prepare("SELECT id, platform, scope, purposes FROM scopes ORDER BY id")?;
    let rows: Vec<(i64, String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<PlatformScopes> = Vec::new();
    for (id, platform, scope, purposes) in rows {
        let purposes: Vec<String> = serde_json::from_str(&purposes).unwrap_or_default();
        let at = match out.iter().position(|p| p.code == platform) {
            Some(i) => i,
            None => {
                let weight = PLATFORM_WEIGHTS
                    .iter()
                    .find(|(c, _)| *c == platform)
                    .map_or(2, |(_, w)| *w);
                out.push(PlatformScopes {
                    code: platform,
                    weight,
                    purposes: Vec::new(),
                    scopes: Vec::new(),
                });
                out.len() - 1
            }
        };
        let p = &mut out[at];
        let index = p.scopes.len();
        for purpose in &purposes {
            match p.purposes.iter_mut().find(|(name, _)| name == purpose) {
                Some((_, scopes)) => scopes.push(index),
                None => p.purposes.push((purpose.clone(), vec![index])),
            }
        }
        p.scopes.push(ScopeRow { id, scope });
    }
    out.retain(|p| !p.purposes.is_empty());
    Ok(out)
}

fn retention_rules(conn: &Connection, trigger: &str) -> Result<Vec<RetentionRule>> {
    let mut stmt = conn.prepare(
        "SELECT data_category, period_days, action FROM retention_rules WHERE trigger = ?1
         ORDER BY id",
    )?;
    let rows = stmt.query_map([trigger], |r| {
        Ok(RetentionRule {
            category: r.get(0)?,
            period_days: r.get(1)?,
            action: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------
// The generation.

/// Generates the records `p` asks for into an initialised register, in one write.
/// Refuses a register that already holds requests, merchants, processors or
/// authorizations unless `p.force`.
pub fn generate(
    reg: &mut Register,
    actor: &str,
    p: &Params,
    mut progress: impl FnMut(Progress) + Send,
) -> Result<Summary> {
    p.check(crate::time::today())?;
    let conn = reg.conn();
    if crate::register::settings::get(conn, crate::register::settings::ORGANISATION)?.is_none() {
        return Err(Error::Invalid(
            "the register is not initialised; run `workbench init` first".into(),
        ));
    }
    let ex = existing(conn)?;
    if !p.force && (ex.requests + ex.merchants + ex.processors + ex.authorizations) > 0 {
        return Err(Error::Invalid(format!(
            "the register already holds {} requests, {} merchants, {} processors and {} authorizations; \
             generate into a new register, or pass --force to add to this one",
            ex.requests, ex.merchants, ex.processors, ex.authorizations
        )));
    }
    let platforms = platform_scopes(conn)?;
    let plan = Plan {
        p: p.clone(),
        rules: rules::bundled()?,
        ctx: rules::context(conn)?,
        revoked_rules: retention_rules(conn, "authorization_revoked")?,
        ended_rules: retention_rules(conn, "contract_ended")?,
        closed_rules: retention_rules(conn, "request_closed")?,
        has_google: platforms.iter().any(|x| x.code == "google"),
        platforms,
        ex,
    };
    // A large page cache keeps the indexes of a million rows from spilling mid-write.
    reg.write_bulk(actor, 1024, |change| {
        let mut s = Summary::default();
        {
            let tx: &Connection = change.tx();
            s.policy_versions = plan.policy_versions(tx)?;
            progress(Progress {
                phase: "policy versions",
                done: s.policy_versions,
                total: s.policy_versions,
            });
            s.processors = plan.processors(tx)?;
            progress(Progress {
                phase: "processors",
                done: s.processors,
                total: s.processors,
            });
            let merchants = plan.merchants(tx, &mut s)?;
            progress(Progress {
                phase: "merchants",
                done: s.merchants,
                total: s.merchants,
            });
            let active = plan.active_authorizations(&merchants);
            // Merchants whose every authorization is revoked: the ones a completed
            // withdraw-authorization request can name.
            let withdrawn: Vec<u32> = (0..merchants.len() as u32)
                .filter(|m| active[*m as usize] == 0)
                .collect();
            plan.requests(tx, &merchants, &withdrawn, &mut s, &mut progress)?;
            plan.authorizations(tx, &merchants, &mut s, &mut progress)?;
        }
        let seed = p.seed;
        let entries: [(&str, u64, Value); 5] = [
            (
                "policy_version",
                s.policy_versions,
                json!({ "retired_versions": s.policy_versions }),
            ),
            ("processor", s.processors, json!({})),
            ("merchant", s.merchants, json!({})),
            (
                "authorization",
                s.authorizations,
                json!({ "scopes": s.authorization_scopes, "security_assessments": s.security_assessments }),
            ),
            (
                "rights_request",
                s.requests,
                json!({ "messages": s.messages, "events": s.events, "evidence": s.evidence,
                        "pauses": s.pauses, "refusal_log": s.refusal_log,
                        "retention_actions": s.retention_actions, "until": iso(p.until) }),
            ),
        ];
        for (entity, n, mut detail) in entries {
            if n == 0 {
                continue;
            }
            detail["count"] = json!(n);
            detail["seed"] = json!(seed);
            detail["summary"] = json!(format!(
                "generated {} {}",
                group(n),
                entity.replace('_', " ") + if n == 1 { "" } else { "s" }
            ));
            change.record("generate", entity, None, &detail)?;
        }
        Ok(s)
    })
}

struct Plan {
    p: Params,
    rules: &'static Rules,
    ctx: Context,
    platforms: Vec<PlatformScopes>,
    revoked_rules: Vec<RetentionRule>,
    ended_rules: Vec<RetentionRule>,
    closed_rules: Vec<RetentionRule>,
    has_google: bool,
    ex: Existing,
}

/// A generated authorization.
struct Grant<'a> {
    id: i64,
    /// Its merchant's index among the generated merchants.
    merchant: usize,
    platform: &'a str,
    purpose: &'a str,
    granted: i64,
    revoked: Option<(i64, &'static str, &'static str)>,
    officer: &'static str,
    scopes: Vec<(String, Option<i64>)>,
    retention: Vec<RetentionRow>,
}

/// A generated merchant, as later records need it.
struct MerchantInfo {
    id: i64,
    /// Its number among every generated merchant (names derive from it).
    n: u64,
    start: i64,
    end: Option<i64>,
}

fn merchant_email(n: u64) -> String {
    let name = text::shop_name(n);
    let slug: String = name
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let local = ["hello", "info", "admin", "owner", "support", "shop"][(n % 6) as usize];
    format!("{local}@{slug}.com")
}

const SUMMARIES: &[&str] = &[
    "Named the advertising platforms merchants connect.",
    "Clarified the Google API Services User Data Policy (Limited Use) disclosure.",
    "Added the retention periods for rights request records.",
    "Updated the list of service providers and where they process data.",
    "Explained how merchants revoke an authorization.",
    "Corrected the contact address for privacy requests.",
    "Reworded the section on cookies and technical data.",
];

impl Plan {
    fn until_day(&self) -> i64 {
        day_no(self.p.until)
    }

    /// Retired versions dated before the oldest in the register, oldest first.
    fn policy_versions(&self, tx: &Connection) -> Result<u64> {
        let wanted = self
            .p
            .policy_versions
            .saturating_sub(self.ex.policy_versions.max(0) as u64);
        if wanted == 0 {
            return Ok(0);
        }
        let hi = day_no(self.ex.oldest_policy.unwrap_or(self.p.until)) - 1;
        let lo = day_no(first_day()).min(hi - 3650);
        let slot = (hi - lo) / wanted as i64;
        let mut rng = Rng::derive(self.p.seed, 1, 0);
        let paragraphs: Vec<&str> = crate::defaults::POLICY_MD.split("\n\n").collect();
        let mut stmt = tx.prepare(
            "INSERT INTO policy_versions (label, markdown, effective_date, status, material_change,
                 change_summary, based_on, created_at, created_by, published_at, published_by)
             VALUES (?1, ?2, ?3, 'retired', ?4, ?5, ?6, ?7, ?8, ?9, ?8)",
        )?;
        let mut previous: Option<i64> = None;
        for k in 0..wanted as i64 {
            let day = lo + k * slot + rng.range(0, (slot - 1).max(0));
            let date = from_day_no(day);
            let mut label = iso(date);
            let taken: Option<i64> = tx
                .query_row(
                    "SELECT id FROM policy_versions WHERE label = ?1",
                    [&label],
                    |r| r.get(0),
                )
                .optional()?;
            if taken.is_some() {
                label.push_str("-earlier");
            }
            // An older text: one paragraph the later versions added is missing.
            let dropped = 2 + rng.index(paragraphs.len().saturating_sub(2).max(1));
            let markdown: String = paragraphs
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != dropped)
                .map(|(_, para)| {
                    if para.starts_with("Last updated:") {
                        format!("Last updated: {}", crate::register::policy::long_date(date))
                    } else {
                        para.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            let officer = rng.one(OFFICERS);
            let drafted = day - rng.range(3, 20);
            stmt.execute(params![
                label,
                markdown,
                iso(date),
                rng.chance(0.3),
                rng.one(SUMMARIES),
                previous,
                office_at(&mut rng, drafted),
                officer,
                office_at(&mut rng, day),
            ])?;
            previous = Some(tx.last_insert_rowid());
        }
        Ok(wanted)
    }

    fn processors(&self, tx: &Connection) -> Result<u64> {
        let mut stmt = tx.prepare(
            "INSERT INTO processors (id, name, service, purpose, data_categories, country,
                 transfer_mechanism, confidentiality, confidentiality_date, contract_start,
                 contract_end, next_review, status, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
        )?;
        let until = self.until_day();
        let base = self.ex.max_processor;
        for i in 0..self.p.processors {
            let id = base + i as i64 + 1;
            let mut rng = Rng::derive(self.p.seed, 2, id as u64);
            let n = (id - 1) as u64;
            let (name, service, purpose, country) = text::processor(n);
            let mut categories: Vec<&str> = (0..rng.range(1, 3))
                .map(|_| rng.one(text::DATA_CATEGORIES))
                .collect();
            categories.sort_unstable();
            categories.dedup();
            let start = rng.range(day_no(first_day()) - 700, until - 30);
            let retired = rng.chance(0.1);
            let end = retired.then(|| rng.range(start + 180, until - 1).min(until - 1));
            let confidentiality = if retired {
                "confidentiality_agreement"
            } else {
                rng.weighted(&[
                    ("dpa", 80),
                    ("confidentiality_agreement", 16),
                    ("pending", 3),
                    ("none", 1),
                ])
            };
            let conf_date = (confidentiality != "none" && confidentiality != "pending")
                .then(|| iso(from_day_no(start + rng.range(0, 30))));
            // Reviewed yearly; a few reviews are late.
            let next_review = if rng.chance(0.02) {
                until - rng.range(1, 60)
            } else {
                until + rng.range(1, 365)
            };
            let transfer = (country != "HK").then_some(if ["DE", "NL"].contains(&country) {
                "EU standard contractual clauses"
            } else {
                "Contractual safeguards (PDPO recommended model clauses)"
            });
            stmt.execute(params![
                id,
                name,
                service,
                purpose,
                json!(categories).to_string(),
                country,
                transfer,
                confidentiality,
                conf_date,
                iso(from_day_no(start)),
                end.map(|d| iso(from_day_no(d))),
                (!retired).then(|| iso(from_day_no(next_review))),
                if retired { "retired" } else { "active" },
                rng.chance(0.05)
                    .then_some("Reviewed with the DPA checklist."),
                office_at(&mut rng, start),
            ])?;
        }
        Ok(self.p.processors)
    }

    fn merchants(&self, tx: &Connection, s: &mut Summary) -> Result<Vec<MerchantInfo>> {
        let mut stmt = tx.prepare(
            "INSERT INTO merchants (id, name, shop_domain, contact_email, contract_start,
                 contract_end, status, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut retention = RetentionWriter::new(tx)?;
        let until = self.until_day();
        let base = self.ex.max_merchant;
        let mut out = Vec::with_capacity(self.p.merchants as usize);
        for i in 0..self.p.merchants {
            let id = base + i as i64 + 1;
            let n = (id - 1) as u64;
            let mut rng = Rng::derive(self.p.seed, 3, id as u64);
            let name = text::shop_name(n);
            let start = rng.range(day_no(first_day()) - 200, until - 14);
            let end = rng
                .chance(0.2)
                .then(|| start + rng.range(120, 2400))
                .filter(|e| *e < until);
            stmt.execute(params![
                id,
                name,
                text::shop_domain(&name),
                merchant_email(n),
                iso(from_day_no(start)),
                end.map(|e| iso(from_day_no(e))),
                if end.is_some() { "ended" } else { "active" },
                rng.chance(0.03)
                    .then_some("Moved from the 2019 merchant spreadsheet."),
                office_at(&mut rng, start),
            ])?;
            if let Some(e) = end {
                for rule in &self.ended_rules {
                    retention.maybe(&mut rng, self, "merchant", id, rule, e)?;
                }
            }
            out.push(MerchantInfo { id, n, start, end });
        }
        s.merchants = self.p.merchants;
        s.retention_actions += retention.written;
        Ok(out)
    }

    /// Authorization `i`: its merchant, platform, purpose, scopes, grant and revocation,
    /// and the retention actions its revocation led to. The same whenever it is asked for.
    fn grant(&self, merchants: &[MerchantInfo], i: u64, weights: &[(usize, u32)]) -> Grant<'_> {
        let until = self.until_day();
        let id = self.ex.max_authorization + i as i64 + 1;
        let mut rng = Rng::derive(self.p.seed, 4, id as u64);
        let merchant = rng.index(merchants.len());
        let m = &merchants[merchant];
        let platform = &self.platforms[rng.weighted(weights)];
        let (purpose, serving) = rng.pick(&platform.purposes);
        let granted = rng.range(m.start, m.end.unwrap_or(until - 1).max(m.start));
        let revoked: Option<(i64, &'static str, &'static str)> = match m.end {
            Some(end) => Some((
                end.max(granted),
                "contract_end",
                "The merchant's contract ended.",
            )),
            None if rng.chance(0.28) && granted < until - 1 => {
                let channel =
                    rng.weighted(&[("platform", 55), ("email_request", 25), ("other", 20)]);
                let reason = match channel {
                    "platform" => "Revoked by the merchant in the platform's settings.",
                    "email_request" => "The merchant asked by email to disconnect the account.",
                    _ => "Reconnected under a new account; the old grant was revoked.",
                };
                Some((rng.range(granted + 1, until - 1), channel, reason))
            }
            None => None,
        };
        let officer = rng.one(OFFICERS);
        let mut scopes: Vec<(String, Option<i64>)> = Vec::new();
        for _ in 0..rng.range(1, 4) {
            let row = &platform.scopes[rng.one(serving)];
            if !scopes.iter().any(|(s, _)| *s == row.scope) {
                scopes.push((row.scope.clone(), Some(row.id)));
            }
        }
        // Now and then a scope the catalog does not list yet (kept, and flagged).
        if rng.chance(0.003) {
            scopes.push((format!("{}.legacy_read", platform.code), None));
        }
        let retention = match revoked {
            Some((day, _, _)) => self
                .revoked_rules
                .iter()
                .filter_map(|rule| retention_row(&mut rng, self, "authorization", id, rule, day))
                .collect(),
            None => Vec::new(),
        };
        Grant {
            id,
            merchant,
            platform: &platform.code,
            purpose,
            granted,
            revoked,
            officer,
            scopes,
            retention,
        }
    }

    fn platform_weights(&self) -> Vec<(usize, u32)> {
        self.platforms
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.weight))
            .collect()
    }

    /// How many active authorizations each merchant will have.
    fn active_authorizations(&self, merchants: &[MerchantInfo]) -> Vec<u32> {
        let mut active = vec![0u32; merchants.len()];
        if self.platforms.is_empty() {
            return active;
        }
        let weights = self.platform_weights();
        for i in 0..self.p.authorizations {
            let g = self.grant(merchants, i, &weights);
            if g.revoked.is_none() {
                active[g.merchant] += 1;
            }
        }
        active
    }

    /// The authorizations and their scopes, and Google's yearly security assessments.
    /// Written after the requests: while a request's replies wait for it (see
    /// `write_requests`), SQLite looks for children in every table that refers to
    /// requests, and `authorizations.revoke_request_id` has no index.
    fn authorizations(
        &self,
        tx: &Connection,
        merchants: &[MerchantInfo],
        s: &mut Summary,
        progress: &mut impl FnMut(Progress),
    ) -> Result<()> {
        if self.platforms.is_empty() {
            return Ok(());
        }
        let mut stmt = tx.prepare(
            "INSERT INTO authorizations (id, merchant_id, platform, purpose, granted_at, granted_by,
                 revoked_at, revoked_by, revoke_channel, revoke_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut scope_stmt = tx.prepare(
            "INSERT INTO authorization_scopes (authorization_id, scope, scope_id) VALUES (?1, ?2, ?3)",
        )?;
        let mut retention = RetentionWriter::new(tx)?;
        let weights = self.platform_weights();
        for i in 0..self.p.authorizations {
            let g = self.grant(merchants, i, &weights);
            stmt.execute(params![
                g.id,
                merchants[g.merchant].id,
                g.platform,
                g.purpose,
                iso(from_day_no(g.granted)),
                "merchant (OAuth consent)",
                g.revoked.map(|r| iso(from_day_no(r.0))),
                g.revoked.map(|_| g.officer),
                g.revoked.map(|r| r.1),
                g.revoked.map(|r| r.2),
            ])?;
            for (scope, scope_id) in &g.scopes {
                scope_stmt.execute(params![g.id, scope, scope_id])?;
            }
            s.authorization_scopes += g.scopes.len() as u64;
            for row in &g.retention {
                retention.write(row)?;
            }
            if i % 50_000 == 0 {
                progress(Progress {
                    phase: "authorizations",
                    done: i,
                    total: self.p.authorizations,
                });
            }
        }
        s.authorizations = self.p.authorizations;
        s.retention_actions += retention.written;
        // Google's restricted scopes need a yearly security assessment.
        if self.has_google {
            let mut stmt = tx.prepare(
                "INSERT INTO security_assessments (platform, assessed_on, assessor, notes, created_at)
                 SELECT 'google', ?1, ?2, ?3, ?4
                 WHERE NOT EXISTS (SELECT 1 FROM security_assessments
                                   WHERE platform = 'google' AND assessed_on = ?1)",
            )?;
            for year in first_day().year()..=self.p.until.year() {
                let Some(day) = NaiveDate::from_ymd_opt(year, 4, 15).filter(|d| *d < self.p.until)
                else {
                    continue;
                };
                s.security_assessments += stmt.execute(params![
                    iso(day),
                    "Independent assessor (CASA tier 2)",
                    "Annual security assessment for restricted Google scopes.",
                    at(day, 4 * 3600),
                ])? as u64;
            }
        }
        progress(Progress {
            phase: "authorizations",
            done: self.p.authorizations,
            total: self.p.authorizations,
        });
        Ok(())
    }

    /// The requests, made on a second thread while this one writes them.
    fn requests(
        &self,
        tx: &Connection,
        merchants: &[MerchantInfo],
        withdrawn: &[u32],
        s: &mut Summary,
        progress: &mut (impl FnMut(Progress) + Send),
    ) -> Result<()> {
        const CHUNK: u64 = 2_000;
        let total = self.p.requests;
        std::thread::scope(|scope| {
            let (send, receive) = sync_channel::<Result<Vec<RequestRows>>>(8);
            scope.spawn(move || self.make_requests(merchants, withdrawn, CHUNK, send));
            write_requests(tx, receive, total, s, progress)
        })?;
        s.requests = total;
        Ok(())
    }

    fn make_requests(
        &self,
        merchants: &[MerchantInfo],
        withdrawn: &[u32],
        chunk: u64,
        send: SyncSender<Result<Vec<RequestRows>>>,
    ) {
        let mut maker = RequestMaker {
            plan: self,
            merchants,
            withdrawn,
            dues: HashMap::new(),
            notes: HashMap::new(),
        };
        let mut start = 0;
        while start < self.p.requests {
            let end = (start + chunk).min(self.p.requests);
            let rows: Result<Vec<RequestRows>> = (start..end).map(|i| maker.make(i)).collect();
            let failed = rows.is_err();
            if send.send(rows).is_err() || failed {
                return;
            }
            start = end;
        }
    }
}

/// Writes the retention actions a team that keeps its retention rules would have
/// recorded: every item due more than two weeks before `until`.
struct RetentionWriter<'c> {
    stmt: rusqlite::Statement<'c>,
    written: u64,
}

impl<'c> RetentionWriter<'c> {
    fn new(tx: &'c Connection) -> Result<RetentionWriter<'c>> {
        Ok(RetentionWriter {
            stmt: tx.prepare(
                "INSERT INTO retention_actions (item_key, data_category, subject, subject_id,
                     action, evidence, done_on, recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            written: 0,
        })
    }

    fn maybe(
        &mut self,
        rng: &mut Rng,
        plan: &Plan,
        subject: &str,
        id: i64,
        rule: &RetentionRule,
        event_day: i64,
    ) -> Result<()> {
        match retention_row(rng, plan, subject, id, rule, event_day) {
            Some(row) => self.write(&row),
            None => Ok(()),
        }
    }

    fn write(&mut self, row: &RetentionRow) -> Result<()> {
        self.stmt.execute(params![
            row.key,
            row.category,
            row.subject,
            row.subject_id,
            row.action,
            row.evidence,
            row.done_on,
            row.recorded_at,
            row.recorded_by,
        ])?;
        self.written += 1;
        Ok(())
    }
}

struct RetentionRow {
    key: String,
    category: String,
    subject: &'static str,
    subject_id: i64,
    action: String,
    evidence: String,
    done_on: String,
    recorded_at: String,
    recorded_by: &'static str,
}

fn retention_row(
    rng: &mut Rng,
    plan: &Plan,
    subject: &str,
    id: i64,
    rule: &RetentionRule,
    event_day: i64,
) -> Option<RetentionRow> {
    let due = event_day + rule.period_days;
    let until = plan.until_day();
    if due > until - 14 {
        return None;
    }
    let done = (due + rng.range(0, 10)).min(until - 1).max(event_day);
    let subject: &'static str = match subject {
        "merchant" => "merchant",
        "authorization" => "authorization",
        _ => "request",
    };
    let verb = if rule.action == "anonymise" {
        "anonymised"
    } else {
        "deleted"
    };
    Some(RetentionRow {
        key: format!("{subject}:{id}:{}", rule.category),
        category: rule.category.clone(),
        subject,
        subject_id: id,
        action: rule.action.clone(),
        evidence: format!(
            "Retention job #{} on {}: {} {verb}; log kept in the ops archive.",
            rng.hex(8),
            iso(from_day_no(done)),
            rule.category.replace('_', " ")
        ),
        done_on: iso(from_day_no(done)),
        recorded_at: office_at(rng, done),
        recorded_by: rng.one(OFFICERS),
    })
}

// ---------------------------------------------------------------------------------------
// Requests.

/// A deadline, computed once per distinct (type, jurisdiction, channel, day, extension).
struct Due {
    due: i64,
    date: String,
    rule: String,
    rule_id: String,
    acknowledge_by: Option<String>,
    notice_due: Option<String>,
    notice_day: Option<i64>,
    extendable: bool,
}

struct MessageRow {
    role: &'static str,
    message_id: Option<String>,
    sha256: String,
    sender: Option<String>,
    sent_at: Option<String>,
    received_at: String,
    subject: Option<String>,
    body: Option<String>,
    in_reply_to: Option<String>,
    refs: String,
    attachments: String,
    source_file: Option<String>,
    imported_at: String,
}

struct EventRow {
    at: String,
    actor: &'static str,
    kind: &'static str,
    detail: String,
}

struct RequestRows {
    id: i64,
    received_at: String,
    received_on: String,
    channel: &'static str,
    requester_name: Option<String>,
    requester_email: Option<String>,
    merchant_id: Option<i64>,
    kind: &'static str,
    classification_note: Option<String>,
    jurisdiction: &'static str,
    due: Arc<Due>,
    status: &'static str,
    identity_method: Option<&'static str>,
    identity_verified_on: Option<String>,
    outcome: Option<&'static str>,
    subject: Option<String>,
    body: Option<String>,
    attachments: String,
    extended_at: Option<String>,
    extension_reason: Option<&'static str>,
    paused_since: Option<String>,
    created_at: String,
    closed_at: Option<String>,
    messages: Vec<MessageRow>,
    events: Vec<EventRow>,
    evidence: Option<(String, String, String, &'static str)>,
    pause: Option<(String, &'static str, &'static str)>,
    refusal: Option<(String, &'static str, String, &'static str)>,
    retention: Vec<RetentionRow>,
    message_id: Option<String>,
    message_sha256: Option<String>,
    sender: Option<String>,
    source_file: Option<String>,
}

const JURISDICTIONS: &[(&str, u32)] = &[
    ("HK", 55),
    ("EU", 14),
    ("UK", 8),
    ("US-CA", 11),
    ("SG", 7),
    ("BR", 5),
];
const KINDS: &[(&str, u32)] = &[
    ("access", 32),
    ("deletion", 32),
    ("correction", 12),
    ("withdraw_authorization", 4),
    ("other", 8),
];
const MAIL_HOSTS: &[&str] = &[
    "mail.gmail.com",
    "outlook.com",
    "yahoo.com.hk",
    "netvigator.com",
    "icloud.com",
    "mail.qq.com",
];
const IDENTITY_METHODS: &[&str] = &[
    "order number and account email matched",
    "reply from the email address on the account",
    "copy of HKID with the number masked, checked and not kept",
    "confirmed by the merchant from their customer records",
];

/// When a request arrived.
struct Arrival {
    id: i64,
    /// The date of receipt at the office, as a day number.
    day: i64,
    /// RFC 3339 UTC.
    at: String,
    created_at: String,
}

/// What a request is and where it stands.
struct Case {
    channel: &'static str,
    jurisdiction: &'static str,
    topic: Option<&'static str>,
    kind: &'static str,
    /// Its text named no one type (it needed, or needs, an officer to classify it).
    unclear: bool,
    officer: &'static str,
    due: Arc<Due>,
    extended: bool,
    close_day: i64,
    closed: bool,
    status: &'static str,
    /// Access, correction and deletion: the requester's identity is checked first.
    identity_type: bool,
    /// Index among the generated merchants.
    merchant: Option<usize>,
    who: Person,
    order: u64,
}

struct RequestMaker<'a> {
    plan: &'a Plan,
    merchants: &'a [MerchantInfo],
    withdrawn: &'a [u32],
    dues: HashMap<(&'static str, &'static str, &'static str, i64, bool), Arc<Due>>,
    notes: HashMap<(&'static str, Lang, (u8, u8)), String>,
}

fn status_event(
    rng: &mut Rng,
    officer: &'static str,
    from: &str,
    to: &str,
    on: i64,
    note: Option<&str>,
    logged: bool,
) -> EventRow {
    EventRow {
        at: office_at(rng, on),
        actor: officer,
        kind: "status",
        detail: json!({ "old": from, "new": to, "note": note, "pdpo_log_book": logged })
            .to_string(),
    }
}

/// `2019-03-14T09:12:33Z` as `20190314091233`.
fn compact(instant: &str) -> String {
    instant.chars().filter(char::is_ascii_digit).collect()
}

fn sha256(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

impl RequestMaker<'_> {
    fn due(
        &mut self,
        kind: &'static str,
        jurisdiction: &'static str,
        channel: &'static str,
        day: i64,
        extended: bool,
    ) -> Result<Arc<Due>> {
        let key = (kind, jurisdiction, channel, day, extended);
        if let Some(d) = self.dues.get(&key) {
            return Ok(d.clone());
        }
        let clock = |extended| Clock {
            received_on: from_day_no(day),
            paused_days: 0,
            extended,
        };
        let plain =
            self.plan
                .rules
                .deadline(kind, jurisdiction, channel, clock(false), &self.plan.ctx)?;
        // An extended request keeps the notice date of its unextended period.
        let d = if extended {
            self.plan
                .rules
                .deadline(kind, jurisdiction, channel, clock(true), &self.plan.ctx)?
        } else {
            plain.clone()
        };
        let due = Arc::new(Due {
            due: day_no(d.due_date),
            date: iso(d.due_date),
            rule: d.rule,
            rule_id: d.rule_id,
            acknowledge_by: d.acknowledge_by.map(iso),
            notice_due: plain.extension_notice_due.map(iso),
            notice_day: plain.extension_notice_due.map(day_no),
            extendable: plain.extension.is_some(),
        });
        self.dues.insert(key, due.clone());
        Ok(due)
    }

    fn note(&mut self, kind: &'static str, lang: Lang, wording: (u8, u8)) -> String {
        self.notes
            .entry((kind, lang, wording))
            .or_insert_with(|| {
                let (s, c) = text::wording_text(kind, lang, wording);
                classify(Some(s), c).reason
            })
            .clone()
    }

    fn make(&mut self, i: u64) -> Result<RequestRows> {
        let p = &self.plan.p;
        let id = self.plan.ex.max_request + i as i64 + 1;
        let mut rng = Rng::derive(p.seed, 5, id as u64);
        let arrival = self.arrival(i, id, &mut rng);
        let case = self.case(&mut rng, &arrival)?;
        let mut rows = self.original(&mut rng, &arrival, &case);
        self.workflow(&mut rng, &arrival, &case, &mut rows);
        Ok(rows)
    }

    /// When request `i` arrived: arrivals grow over the decade (density 1 + 2t), in the
    /// order of their ids.
    fn arrival(&self, i: u64, id: i64, rng: &mut Rng) -> Arrival {
        let until = self.plan.until_day();
        let first = day_no(first_day());
        let u = (i as f64 + rng.unit()) / self.plan.p.requests as f64;
        let t = ((1.0 + 8.0 * u).sqrt() - 1.0) / 2.0;
        let span_secs = (until - first) * 86_400;
        // Seconds in Hong Kong time, where the date of receipt is counted.
        let hk_secs = first * 86_400 + ((t * span_secs as f64) as i64).clamp(0, span_secs - 1);
        let utc_secs = hk_secs - 8 * 3600;
        let utc_day = from_day_no(utc_secs.div_euclid(86_400));
        let secs = utc_secs.rem_euclid(86_400) as u32;
        Arrival {
            id,
            day: hk_secs.div_euclid(86_400),
            at: at(utc_day, secs),
            // Imported (or entered) ten minutes later.
            created_at: at(utc_day, (secs + 600).min(86_399)),
        }
    }

    /// What the request is, who sent it, and where it stands as of `until`.
    fn case(&mut self, rng: &mut Rng, arrival: &Arrival) -> Result<Case> {
        let until = self.plan.until_day();
        let channel = rng.weighted(&[("email", 86), ("shopify_webhook", 9), ("manual", 5)]);
        let jurisdiction = rng.weighted(JURISDICTIONS);
        let topic = (channel == "shopify_webhook").then(|| {
            rng.weighted(&[
                ("customers/data_request", 45),
                ("customers/redact", 45),
                ("shop/redact", 10),
            ])
        });
        let mut kind: &'static str = match topic {
            Some("customers/data_request") => "access",
            Some(_) => "deletion",
            None => rng.weighted(KINDS),
        };
        let officer = rng.one(OFFICERS);
        let wants_extension = ["EU", "UK", "US-CA"].contains(&jurisdiction) && rng.chance(0.03);
        let mut due = self.due(kind, jurisdiction, channel, arrival.day, false)?;
        let extended = wants_extension && due.extendable;
        if extended {
            due = self.due(kind, jurisdiction, channel, arrival.day, true)?;
        }
        // How long it took (or will take) to close: mostly well within the period, a few
        // on its last days, about 3% late.
        let due_days = (due.due - arrival.day).max(1);
        let r = rng.unit();
        let took = if r < 0.90 {
            1 + (rng.unit().min(rng.unit()) * (due_days - 1).max(1) as f64) as i64
        } else if r < 0.97 {
            (due_days - rng.range(0, 2)).max(1)
        } else {
            due_days + rng.range(1, 25)
        };
        let close_day = arrival.day + took;
        // A very few were left open, long past their due date.
        let stuck = rng.chance(0.0002);
        let closed = !stuck && close_day < until;
        let identity_type = ["access", "correction", "deletion"].contains(&kind);
        let status: &'static str = if closed {
            match rng.weighted(&[("completed", 88), ("refused", 4), ("withdrawn", 8)]) {
                "refused" if kind == "withdraw_authorization" => "completed",
                s => s,
            }
        } else {
            let progress = (until - arrival.day) as f64 / took as f64;
            if stuck || progress >= 0.45 || (!identity_type && progress >= 0.15) {
                "in_progress"
            } else if progress >= 0.15 {
                "identity_check"
            } else {
                "received"
            }
        };
        // Some fresh email requests still wait for triage: their text decides nothing. A
        // few older ones were as unclear until an officer read them.
        let mut unclear = false;
        if channel == "email" && status == "received" && rng.chance(0.3) {
            kind = "needs_triage";
            unclear = true;
            due = self.due(kind, jurisdiction, channel, arrival.day, false)?;
        } else if channel == "email" && kind != "other" && rng.chance(0.02) {
            unclear = true;
        }
        // A completed withdrawal names a merchant with no authorization left.
        let merchant = if kind == "withdraw_authorization" {
            if status == "completed" && !self.withdrawn.is_empty() {
                Some(rng.one(self.withdrawn) as usize)
            } else {
                Some(rng.index(self.merchants.len()))
            }
        } else if channel == "shopify_webhook" || rng.chance(0.55) {
            Some(rng.index(self.merchants.len()))
        } else {
            None
        };
        let mut who = text::person(rng, jurisdiction);
        if let (Some(m), "withdraw_authorization") = (merchant, kind) {
            let n = self.merchants[m].n;
            who.email = merchant_email(n);
            who.name = format!("{} (owner of {})", who.name, text::shop_name(n));
        }
        Ok(Case {
            channel,
            jurisdiction,
            topic,
            kind,
            unclear,
            officer,
            due,
            extended,
            close_day,
            closed,
            status,
            identity_type,
            merchant,
            who,
            order: 1000 + rng.below(900_000),
        })
    }

    /// The request as it arrived: its requester and text, the original message (an email
    /// or a webhook; none for a request entered by hand) and the `received` event.
    fn original(&mut self, rng: &mut Rng, arrival: &Arrival, case: &Case) -> RequestRows {
        let (id, seed) = (arrival.id, self.plan.p.seed);
        let who = &case.who;
        let merchant = case.merchant.map(|m| &self.merchants[m]);
        let shop = merchant.map(|m| text::shop_name(m.n));
        let domain = shop.as_deref().map(text::shop_domain).unwrap_or_default();
        let purchase = iso(from_day_no(arrival.day - rng.range(3, 300)));
        let mut r = RequestRows {
            id,
            received_at: arrival.at.clone(),
            received_on: iso(from_day_no(arrival.day)),
            channel: case.channel,
            requester_name: Some(who.name.clone()),
            requester_email: Some(who.email.clone()),
            merchant_id: merchant.map(|m| m.id),
            kind: case.kind,
            classification_note: Some("entered by hand".into()),
            jurisdiction: case.jurisdiction,
            due: case.due.clone(),
            status: case.status,
            identity_method: None,
            identity_verified_on: None,
            outcome: None,
            subject: None,
            body: None,
            attachments: "[]".into(),
            extended_at: None,
            extension_reason: None,
            paused_since: None,
            created_at: arrival.created_at.clone(),
            closed_at: None,
            messages: Vec::with_capacity(2),
            events: Vec::with_capacity(6),
            evidence: None,
            pause: None,
            refusal: None,
            retention: Vec::new(),
            message_id: None,
            message_sha256: None,
            sender: None,
            source_file: None,
        };
        let month = &arrival.at[..7];
        match case.channel {
            "email" => {
                let letter_kind = if case.unclear {
                    "needs_triage"
                } else {
                    case.kind
                };
                let about = About {
                    shop: shop.as_deref(),
                    order: case.order,
                    date: &purchase,
                };
                let letter = text::request_letter(rng, letter_kind, who, &about);
                r.classification_note = Some(
                    if case.kind == "other" || (case.unclear && case.kind != "needs_triage") {
                        format!("corrected by {}: read the message", case.officer)
                    } else {
                        self.note(letter_kind, who.lang, letter.wording)
                    },
                );
                // Many mailers start the Message-ID with the time it was sent.
                let mid = format!(
                    "{}.{}.{id:x}.{seed:x}@{}",
                    compact(&arrival.at),
                    rng.hex(8),
                    rng.one(MAIL_HOSTS)
                );
                r.message_sha256 = Some(sha256(&[&mid, &letter.subject, &letter.body]));
                r.message_id = Some(mid);
                r.subject = Some(letter.subject);
                r.body = Some(letter.body);
                r.sender = Some(format!("{} <{}>", who.name, who.email));
                r.source_file = Some(format!(
                    "mail/contact-{month}.mbox message {} (line {})",
                    rng.range(1, 400),
                    rng.range(1, 90_000)
                ));
                if rng.chance(0.03) {
                    r.attachments = format!(
                        r#"[{{"name":"order-{}.pdf","content_type":"application/pdf","size":{}}}]"#,
                        case.order,
                        rng.range(20_000, 400_000)
                    );
                }
            }
            "shopify_webhook" => {
                let topic = case.topic.unwrap_or("customers/redact");
                let shop_id = 10_000_000 + merchant.map_or(0, |m| m.n);
                let customer_id = 6_000_000_000u64 + rng.below(1_000_000_000);
                let customer =
                    json!({ "id": customer_id, "email": who.email, "phone": text::phone(rng) });
                let payload = match topic {
                    "customers/data_request" => json!({
                        "shop_id": shop_id, "shop_domain": domain, "orders_requested": [case.order],
                        "customer": customer, "data_request": { "id": rng.below(1_000_000) },
                    }),
                    "customers/redact" => json!({
                        "shop_id": shop_id, "shop_domain": domain, "customer": customer,
                        "orders_to_redact": [case.order, case.order + 17],
                    }),
                    _ => json!({ "shop_id": shop_id, "shop_domain": domain }),
                };
                let payload = serde_json::to_string_pretty(&payload).unwrap_or_default();
                if topic == "shop/redact" {
                    r.requester_name = Some(domain.clone());
                    r.requester_email = None;
                } else {
                    r.requester_name = Some(format!("Shopify customer {customer_id}"));
                }
                r.classification_note =
                    Some(format!("Shopify topic {topic} (the wrapper's topic)"));
                r.message_id = Some(format!("shopify-webhook:{}-{id:x}-{seed:x}", rng.hex(12)));
                r.message_sha256 = Some(sha256(&[&payload]));
                r.subject = Some(format!("Shopify {topic} for {domain}"));
                r.body = Some(payload);
                r.sender = Some(format!("Shopify ({domain})"));
                r.source_file = Some(format!("webhooks/{month}/{}.json", rng.hex(8)));
            }
            _ => {}
        }
        r.events.push(EventRow {
            at: arrival.created_at.clone(),
            actor: case.officer,
            kind: "received",
            detail: json!({
                "channel": case.channel,
                "type": if case.unclear { "needs_triage" } else { case.kind },
                "classification": r.classification_note, "jurisdiction": case.jurisdiction,
                "due_date": case.due.date, "rule": case.due.rule,
                "note": (case.channel == "manual").then_some("Taken by phone; confirmed by email."),
                "message_id": r.message_id, "sha256": r.message_sha256, "source_file": r.source_file,
            })
            .to_string(),
        });
        if let (Some(mid), Some(sha)) = (&r.message_id, &r.message_sha256) {
            r.messages.push(MessageRow {
                role: "original",
                message_id: Some(mid.clone()),
                sha256: sha.clone(),
                sender: r.sender.clone(),
                sent_at: (case.channel == "email").then(|| arrival.at.clone()),
                received_at: arrival.at.clone(),
                subject: r.subject.clone(),
                body: r.body.clone(),
                in_reply_to: None,
                refs: "[]".into(),
                attachments: r.attachments.clone(),
                source_file: r.source_file.clone(),
                imported_at: arrival.created_at.clone(),
            });
        }
        r
    }

    /// What happened since: classification, identity check, the requester's reply, the
    /// extension, a pause, and the closing with its evidence, log book entry and the
    /// retention actions that followed.
    fn workflow(&mut self, rng: &mut Rng, arrival: &Arrival, case: &Case, r: &mut RequestRows) {
        let plan = self.plan;
        let until = plan.until_day();
        let officer = case.officer;
        let (kind, status) = (case.kind, case.status);
        let last_day = if case.closed {
            case.close_day
        } else {
            until - 1
        };
        let mut day = (arrival.day + 1).min(last_day);
        // The officer who read an unclear message (or an "other" one) set its type.
        if (case.unclear && kind != "needs_triage") || kind == "other" {
            r.events.push(EventRow {
                at: office_at(rng, (arrival.day + 1).min(until - 1)),
                actor: officer,
                kind: "classified",
                detail: json!({ "old": "needs_triage", "new": kind, "note": "read the message",
                                "due_date": case.due.date })
                .to_string(),
            });
        }
        let mut status_now = "received";
        if case.identity_type
            && matches!(
                status,
                "identity_check" | "in_progress" | "completed" | "refused"
            )
        {
            r.events.push(status_event(
                rng,
                officer,
                status_now,
                "identity_check",
                day,
                None,
                false,
            ));
            status_now = "identity_check";
        }
        if case.identity_type && matches!(status, "in_progress" | "completed") {
            day = (day + rng.range(0, 3)).min(last_day);
            let method = rng.one(IDENTITY_METHODS);
            r.events.push(EventRow {
                at: office_at(rng, day),
                actor: officer,
                kind: "identity_verified",
                detail: json!({ "method": method, "on": iso(from_day_no(day)) }).to_string(),
            });
            r.identity_method = Some(method);
            r.identity_verified_on = Some(iso(from_day_no(day)));
        }
        if case.channel == "email" && rng.chance(0.35) {
            let reply_day = (arrival.day + rng.range(1, 4)).min(last_day);
            if reply_day < until {
                self.reply(rng, arrival, case, reply_day, r);
            }
        }
        if matches!(status, "in_progress" | "completed")
            || (matches!(status, "refused" | "withdrawn") && !case.identity_type)
        {
            day = (day + rng.range(0, 2)).min(last_day);
            if status_now != "in_progress" {
                r.events.push(status_event(
                    rng,
                    officer,
                    status_now,
                    "in_progress",
                    day,
                    None,
                    false,
                ));
                status_now = "in_progress";
            }
        }
        if case.extended {
            let notice = case.due.notice_day.unwrap_or(arrival.day + 20);
            let on = rng
                .range(arrival.day + 3, notice.min(last_day).max(arrival.day + 3))
                .min(until - 1);
            let reason =
                "The request covers several years of orders across the merchant's platforms.";
            let when = office_at(rng, on);
            r.events.push(EventRow {
                at: when.clone(),
                actor: officer,
                kind: "extension",
                detail: json!({ "reason": reason, "due_date": case.due.date, "notice_due": case.due.notice_due,
                                "rule": case.due.rule, "changed": true })
                .to_string(),
            });
            r.extended_at = Some(when);
            r.extension_reason = Some(reason);
        }
        if status == "identity_check" && rng.chance(0.15) {
            let on = (arrival.day + rng.range(1, 3)).min(until - 1);
            let reason = "Waiting for proof of identity.";
            r.events.push(EventRow {
                at: office_at(rng, on),
                actor: officer,
                kind: "pause",
                detail: json!({ "reason": reason, "on": iso(from_day_no(on)) }).to_string(),
            });
            r.paused_since = Some(iso(from_day_no(on)));
            r.pause = Some((iso(from_day_no(on)), reason, officer));
        }
        if !case.closed {
            return;
        }
        let note = text::outcome(rng, kind, status);
        let when = office_at(rng, case.close_day);
        let logged = status == "refused"
            && case.jurisdiction == "HK"
            && ["access", "correction"].contains(&kind);
        r.events.push(EventRow {
            at: when.clone(),
            ..status_event(
                rng,
                officer,
                status_now,
                status,
                case.close_day,
                Some(note),
                logged,
            )
        });
        if logged {
            r.refusal = Some((
                iso(from_day_no(case.close_day)),
                kind,
                when.clone(),
                officer,
            ));
        }
        if status == "completed" && kind == "deletion" {
            r.evidence = Some((
                format!(
                    "Deletion job #{} log: {} removed from TrackTrack, its warehouse and report exports.",
                    rng.hex(8),
                    r.requester_email.as_deref().unwrap_or("the customer")
                ),
                rng.hex(64),
                when.clone(),
                officer,
            ));
        }
        for rule in &plan.closed_rules {
            if let Some(row) = retention_row(rng, plan, "request", arrival.id, rule, case.close_day)
            {
                r.retention.push(row);
            }
        }
        r.outcome = Some(note);
        r.closed_at = Some(when);
    }

    /// The requester's answer to the acknowledgement, threaded under it.
    fn reply(&self, rng: &mut Rng, arrival: &Arrival, case: &Case, day: i64, r: &mut RequestRows) {
        let (id, seed) = (arrival.id, self.plan.p.seed);
        let subject = format!("Re: {}", r.subject.as_deref().unwrap_or_default());
        let body = text::reply_body(rng, &case.who, case.order);
        let when = office_at(rng, day);
        let mid = format!(
            "{}.{}.r{id:x}.{seed:x}@{}",
            compact(&when),
            rng.hex(8),
            rng.one(MAIL_HOSTS)
        );
        let ack = format!("ack-{id:x}.{seed:x}@wesmond.com");
        let sha = sha256(&[&mid, &subject, &body]);
        r.events.push(EventRow {
            at: when.clone(),
            actor: case.officer,
            kind: "reply",
            detail: json!({ "message_id": mid, "sender": r.sender, "subject": subject,
                            "sha256": sha, "source_file": r.source_file })
            .to_string(),
        });
        let attachments = if rng.chance(0.4) {
            format!(
                r#"[{{"name":"id-masked.jpg","content_type":"image/jpeg","size":{}}}]"#,
                rng.range(80_000, 900_000)
            )
        } else {
            "[]".into()
        };
        r.messages.push(MessageRow {
            role: "reply",
            message_id: Some(mid),
            sha256: sha,
            sender: r.sender.clone(),
            sent_at: Some(when.clone()),
            received_at: when.clone(),
            subject: Some(subject),
            body: Some(body),
            in_reply_to: Some(ack.clone()),
            refs: json!([r.message_id, ack]).to_string(),
            attachments,
            source_file: r.source_file.clone(),
            imported_at: when,
        });
    }
}

fn insert_message(
    stmt: &mut rusqlite::Statement<'_>,
    request_id: i64,
    m: &MessageRow,
) -> Result<()> {
    stmt.execute(params![
        request_id,
        m.role,
        m.message_id,
        m.sha256,
        m.sender,
        m.sent_at,
        m.received_at,
        m.subject,
        m.body,
        m.in_reply_to,
        m.refs,
        m.attachments,
        m.source_file,
        m.imported_at,
    ])?;
    Ok(())
}

fn write_requests(
    tx: &Connection,
    receive: Receiver<Result<Vec<RequestRows>>>,
    total: u64,
    s: &mut Summary,
    progress: &mut impl FnMut(Progress),
) -> Result<()> {
    let mut request = tx.prepare(
        "INSERT INTO rights_requests (id, received_at, received_on, channel, requester_name,
             requester_email, merchant_id, type, classification_note, jurisdiction, due_date, rule,
             rule_id, acknowledge_by, extension_notice_due, status, identity_method,
             identity_verified_on, outcome, message_id, message_sha256, subject, body, sender,
             source_file, attachments, extended_at, extension_reason, paused_since, created_at,
             closed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
    )?;
    let mut message = tx.prepare(
        "INSERT INTO request_messages (request_id, role, message_id, sha256, sender, sent_at,
             received_at, subject, body, in_reply_to, refs, attachments, source_file, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let mut event = tx.prepare(
        "INSERT INTO request_events (request_id, at, actor, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut evidence = tx.prepare(
        "INSERT INTO request_evidence (request_id, description, sha256, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut pause = tx.prepare(
        "INSERT INTO request_pauses (request_id, paused_on, reason, paused_by) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut refusal = tx.prepare(
        "INSERT INTO pdpo_refusal_log (request_id, request_type, refused_on, reasons, logged_at, logged_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut retention = RetentionWriter::new(tx)?;
    tx.pragma_update(None, "defer_foreign_keys", "ON")?;
    let (mut pauses, mut refusals) = (Vec::new(), Vec::new());
    let mut done = 0u64;
    let mut next_report = 0u64;
    for chunk in receive {
        for r in chunk? {
            // Replies first: the search index's trigger on a reply re-indexes its request,
            // which does not exist yet, so the request's own insert indexes the replies
            // with it in one go. Foreign keys are checked at commit; meanwhile each request
            // insert looks for waiting children in every table that refers to requests,
            // which is why pauses, log book entries and authorizations (some of them
            // without an index on the request) are written after the requests.
            for m in r.messages.iter().filter(|m| m.role == "reply") {
                insert_message(&mut message, r.id, m)?;
            }
            let extension_notice_due = r.due.notice_due.as_deref();
            request.execute(params![
                r.id,
                r.received_at,
                r.received_on,
                r.channel,
                r.requester_name,
                r.requester_email,
                r.merchant_id,
                r.kind,
                r.classification_note,
                r.jurisdiction,
                r.due.date,
                r.due.rule,
                r.due.rule_id,
                r.due.acknowledge_by,
                extension_notice_due,
                r.status,
                r.identity_method,
                r.identity_verified_on,
                r.outcome,
                r.message_id,
                r.message_sha256,
                r.subject,
                r.body,
                r.sender,
                r.source_file,
                r.attachments,
                r.extended_at,
                r.extension_reason,
                r.paused_since,
                r.created_at,
                r.closed_at,
            ])?;
            for m in r.messages.iter().filter(|m| m.role != "reply") {
                insert_message(&mut message, r.id, m)?;
            }
            for e in &r.events {
                event.execute(params![r.id, e.at, e.actor, e.kind, e.detail])?;
            }
            if let Some((description, sha, at, by)) = &r.evidence {
                evidence.execute(params![r.id, description, sha, at, by])?;
                s.evidence += 1;
            }
            if let Some((on, reason, by)) = r.pause {
                pauses.push((r.id, on, reason, by));
            }
            if let Some((on, kind, at, by)) = r.refusal {
                refusals.push((r.id, kind, on, r.outcome, at, by));
            }
            for row in &r.retention {
                retention.write(row)?;
            }
            s.messages += r.messages.len() as u64;
            s.events += r.events.len() as u64;
            done += 1;
        }
        if done >= next_report {
            progress(Progress {
                phase: "requests",
                done,
                total,
            });
            next_report = done + (total / 100).max(10_000);
        }
    }
    for (id, on, reason, by) in &pauses {
        pause.execute(params![id, on, reason, by])?;
    }
    for (id, kind, on, reasons, at, by) in &refusals {
        refusal.execute(params![id, kind, on, reasons, at, by])?;
    }
    s.pauses += pauses.len() as u64;
    s.refusal_log += refusals.len() as u64;
    if done != total {
        return Err(Error::Invalid(format!(
            "the request generator stopped after {done} of {total} requests"
        )));
    }
    progress(Progress {
        phase: "requests",
        done,
        total,
    });
    s.retention_actions += retention.written;
    Ok(())
}
