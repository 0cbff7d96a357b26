//! The authorizations report: which merchants' platform authorizations stood
//! active at the period's end, per platform; the scopes they grant, by the
//! platform's own sensitivity classes (Google non-sensitive / sensitive /
//! restricted, Meta standard / advanced access, Shopify protected customer
//! data…); and every grant and revocation in the period, with the revocation's
//! channel and the rights request that asked for it.
//!
//! The register records no channel for a grant (merchants grant through the
//! platform's OAuth consent), so only revocations show one.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::charts::{Chart, Series, Style};
use super::{figure, stored_date, Block, Cell, Period, Section, Table};
use crate::error::Result;

struct Authorization {
    id: i64,
    merchant: String,
    platform_name: String,
    purpose: String,
    granted: Option<NaiveDate>,
    granted_by: String,
    revoked: Option<NaiveDate>,
    revoked_by: Option<String>,
    channel: Option<String>,
    reason: Option<String>,
    request: Option<i64>,
    /// (scope, sensitivity; `None` when the scope is not in the catalog)
    scopes: Vec<(String, Option<String>)>,
}

impl Authorization {
    fn active_at(&self, day: NaiveDate) -> bool {
        self.granted.is_some_and(|g| g <= day) && self.revoked.is_none_or(|r| r > day)
    }
}

fn authorizations(conn: &Connection) -> Result<Vec<Authorization>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, m.name, COALESCE(p.name, a.platform), a.purpose, a.granted_at,
                a.granted_by, a.revoked_at, a.revoked_by, a.revoke_channel, a.revoke_reason,
                a.revoke_request_id
         FROM authorizations a
         JOIN merchants m ON m.id = a.merchant_id
         LEFT JOIN platforms p ON p.code = a.platform
         ORDER BY a.id",
    )?;
    let mut list: Vec<Authorization> = stmt
        .query_map([], |r| {
            let granted: String = r.get(4)?;
            let revoked: Option<String> = r.get(6)?;
            Ok(Authorization {
                id: r.get(0)?,
                merchant: r.get(1)?,
                platform_name: r.get(2)?,
                purpose: r.get(3)?,
                granted: stored_date(&granted),
                granted_by: r.get(5)?,
                revoked: revoked.as_deref().and_then(stored_date),
                revoked_by: r.get(7)?,
                channel: r.get(8)?,
                reason: r.get(9)?,
                request: r.get(10)?,
                scopes: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut scopes = conn.prepare(
        "SELECT s.scope, c.sensitivity FROM authorization_scopes s
         LEFT JOIN scopes c ON c.id = s.scope_id
         WHERE s.authorization_id = ?1 ORDER BY s.scope",
    )?;
    for a in &mut list {
        a.scopes = scopes
            .query_map([a.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(list)
}

fn sensitivity_label(s: &Option<String>) -> String {
    match s {
        Some(s) => s.replace('_', " "),
        None => "not in the catalog".into(),
    }
}

/// The report's sections.
pub(super) fn sections(conn: &Connection, period: Period) -> Result<Vec<Section>> {
    let all = authorizations(conn)?;
    let day = period.to;
    let active: Vec<&Authorization> = all.iter().filter(|a| a.active_at(day)).collect();

    // Active by platform.
    let mut by_platform: BTreeMap<&str, (usize, BTreeSet<&str>, usize)> = BTreeMap::new();
    for a in &active {
        let e = by_platform.entry(&a.platform_name).or_default();
        e.0 += 1;
        e.1.insert(&a.merchant);
        e.2 += a.scopes.len();
    }
    let mut platforms = Table::new(
        "Active by platform",
        format!("Active authorizations on {day}, by platform"),
        &[
            "Platform",
            "Active authorizations",
            "Merchants",
            "Scopes granted",
        ],
        "No authorization was active at the period's end.",
    );
    for (platform, (count, merchants, scopes)) in &by_platform {
        platforms.rows.push(vec![
            platform.to_string().into(),
            (*count).into(),
            merchants.len().into(),
            (*scopes).into(),
        ]);
    }

    // Scopes by sensitivity, in each platform's own classes.
    let mut by_class: BTreeMap<(String, String), (usize, BTreeSet<&str>)> = BTreeMap::new();
    for a in &active {
        for (scope, sensitivity) in &a.scopes {
            let e = by_class
                .entry((a.platform_name.clone(), sensitivity_label(sensitivity)))
                .or_default();
            e.0 += 1;
            e.1.insert(scope);
        }
    }
    let mut classes = Table::new(
        "Scopes by sensitivity",
        format!("Scopes granted under active authorizations on {day}, by sensitivity"),
        &["Platform", "Sensitivity", "Grants", "Distinct scopes"],
        "No scope was granted under an active authorization at the period's end.",
    );
    let mut categories = Vec::new();
    let mut values = Vec::new();
    for ((platform, class), (grants, distinct)) in &by_class {
        classes.rows.push(vec![
            platform.clone().into(),
            class.clone().into(),
            (*grants).into(),
            distinct.len().into(),
        ]);
        categories.push(format!("{platform} · {class}"));
        values.push(Some(*grants as f64));
    }
    let chart = Chart::new(
        "Scopes granted by sensitivity",
        Style::Bars,
        categories,
        vec![Series {
            name: "scope grants".into(),
            values,
        }],
        "scope grants",
        None,
    );

    // Grants and revocations in the period, by date.
    let mut events: Vec<(NaiveDate, u8, Vec<Cell>)> = Vec::new();
    for a in &all {
        let scopes: Vec<&str> = a.scopes.iter().map(|(s, _)| s.as_str()).collect();
        if let Some(g) = a.granted.filter(|g| period.contains(*g)) {
            events.push((
                g,
                0,
                vec![
                    g.into(),
                    "grant".into(),
                    a.id.into(),
                    a.merchant.clone().into(),
                    a.platform_name.clone().into(),
                    scopes.join("; ").into(),
                    a.purpose.replace('_', " ").into(),
                    a.granted_by.clone().into(),
                    "".into(),
                    "".into(),
                    "".into(),
                ],
            ));
        }
        if let Some(r) = a.revoked.filter(|r| period.contains(*r)) {
            events.push((
                r,
                1,
                vec![
                    r.into(),
                    "revocation".into(),
                    a.id.into(),
                    a.merchant.clone().into(),
                    a.platform_name.clone().into(),
                    scopes.join("; ").into(),
                    a.purpose.replace('_', " ").into(),
                    a.revoked_by.clone().into(),
                    a.channel.as_deref().map(|c| c.replace('_', " ")).into(),
                    a.request.map(Cell::Int).unwrap_or_else(|| "".into()),
                    a.reason.clone().into(),
                ],
            ));
        }
    }
    events.sort_by_key(|e| (e.0, e.1, cell_id(&e.2)));
    let grants = events.iter().filter(|e| e.1 == 0).count();
    let revocations = events.len() - grants;
    let mut changes = Table::new(
        "Grants and revocations",
        "Grants and revocations in the period",
        &[
            "Date",
            "Event",
            "Authorization",
            "Merchant",
            "Platform",
            "Scopes",
            "Purpose",
            "By",
            "Channel",
            "Request",
            "Reason",
        ],
        "No authorization was granted or revoked in the period.",
    )
    .primary();
    changes.rows = events.into_iter().map(|e| e.2).collect();

    let merchants: BTreeSet<&str> = active.iter().map(|a| a.merchant.as_str()).collect();
    let uncatalogued: usize = active
        .iter()
        .map(|a| a.scopes.iter().filter(|(_, s)| s.is_none()).count())
        .sum();
    Ok(vec![
        Section::new(
            "Summary",
            vec![Block::Figures(vec![
                figure(&format!("Active on {day}"), active.len()),
                figure("Merchants with an active authorization", merchants.len()),
                figure("Platforms connected", by_platform.len()),
                figure("Granted in the period", grants),
                figure("Revoked in the period", revocations),
                figure("Active scope grants not in the catalog", uncatalogued),
            ])],
        ),
        Section::new("Active by platform", vec![Block::Table(platforms)]),
        Section::new(
            "Scopes by sensitivity",
            vec![
                Block::Paragraph {
                    text: "Each platform's scopes are classed in its own terms, as the scope catalog records them; a scope missing from the catalog is kept and shown as such.".into(),
                },
                Block::Chart(chart),
                Block::Table(classes),
            ],
        ),
        Section::new(
            "Grants and revocations in the period",
            vec![
                Block::Paragraph {
                    text: "Merchants grant access through each platform's OAuth consent, so a grant has no channel; a revocation shows how it came (in the platform, by e-mail request, at the contract's end) and the rights request that asked for it.".into(),
                },
                Block::Table(changes),
            ],
        ),
    ])
}

fn cell_id(cells: &[Cell]) -> i64 {
    match cells.get(2) {
        Some(Cell::Int(n)) => *n,
        _ => 0,
    }
}
