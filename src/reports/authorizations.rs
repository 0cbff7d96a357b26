//! The authorizations report: which merchants' platform authorizations stood
//! active at the period's end, per platform; the scopes they grant, by the
//! platform's own sensitivity classes (Google non-sensitive / sensitive /
//! restricted, Meta standard / advanced access, Shopify protected customer
//! data…); and every grant and revocation in the period, with the revocation's
//! channel and the rights request that asked for it.
//!
//! The register records no channel for a grant (merchants grant through the
//! platform's OAuth consent), so only revocations show one.
//!
//! A register may hold 200,000 authorizations: the figures are tallied from
//! one pass over the active authorizations (and one over their scopes), never
//! holding the rows; the grants and revocations are counted by SQL and listed
//! up to [`Options::max_rows`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{named_params, Connection};

use super::charts::{Chart, Series, Style};
use super::lang::{self, Lang};
use super::{figure, stored_date, Block, Cell, Kind, Options, Period, Section, Table};
use crate::error::Result;

/// Active on `:day`: granted by then and not revoked by then (a revocation
/// date that cannot be read revokes nothing, as before).
const ACTIVE: &str = "date(substr(a.granted_at, 1, 10)) <= :day
     AND (a.revoked_at IS NULL OR date(substr(a.revoked_at, 1, 10)) IS NULL
          OR date(substr(a.revoked_at, 1, 10)) > :day)";

/// Scope grants under active authorizations per (platform name, sensitivity
/// label): (grants, distinct scopes).
type ByClass = BTreeMap<(String, String), (usize, BTreeSet<String>)>;

/// What stood active on a day.
#[derive(Default)]
struct Active {
    count: usize,
    merchants: usize,
    /// Per platform name: (authorizations, merchants, scope grants).
    by_platform: BTreeMap<String, (usize, usize, i64)>,
    classes: ByClass,
    /// Scope grants not in the catalog.
    uncatalogued: usize,
}

/// Platform names by code.
type PlatformNames = HashMap<String, String>;
/// The catalog's sensitivity by scope id.
type Sensitivities = HashMap<i64, Option<String>>;

/// The platforms' names and the catalog's sensitivities: small tables, read whole.
fn names(conn: &Connection) -> Result<(PlatformNames, Sensitivities)> {
    let mut stmt = conn.prepare("SELECT code, name FROM platforms")?;
    let platforms = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare("SELECT id, sensitivity FROM scopes")?;
    let scopes = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((platforms, scopes))
}

/// Tallies the authorizations active on `day` and their scopes. SQL finds
/// them; the counting is done here as the rows pass (SQLite's `GROUP BY`
/// sorts every row first, several times slower on 200,000 authorizations),
/// holding one counter per platform, merchant and scope, never the rows.
fn active(conn: &Connection, day: NaiveDate, lang: Lang, scopes_only: bool) -> Result<Active> {
    let (platforms, sensitivities) = names(conn)?;
    let name = |code: &str| {
        platforms
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    };
    let mut out = Active::default();
    let day = day.to_string();

    if !scopes_only {
        let mut stmt = conn.prepare(&format!(
            "SELECT a.platform, a.merchant_id,
                    (SELECT count(*) FROM authorization_scopes s WHERE s.authorization_id = a.id)
             FROM authorizations a WHERE {ACTIVE}"
        ))?;
        let mut rows = stmt.query(named_params! { ":day": day })?;
        let mut merchants: HashMap<String, HashSet<i64>> = HashMap::new();
        let mut all_merchants = HashSet::new();
        let mut tally: HashMap<String, (usize, i64)> = HashMap::new();
        while let Some(r) = rows.next()? {
            let platform: String = r.get(0)?;
            let merchant: i64 = r.get(1)?;
            let scopes: i64 = r.get(2)?;
            let t = tally.entry(platform.clone()).or_default();
            t.0 += 1;
            t.1 += scopes;
            merchants.entry(platform).or_default().insert(merchant);
            all_merchants.insert(merchant);
            out.count += 1;
        }
        out.merchants = all_merchants.len();
        for (code, (count, scopes)) in tally {
            let e = out.by_platform.entry(name(&code)).or_default();
            e.0 += count;
            e.1 += merchants.get(&code).map_or(0, HashSet::len);
            e.2 += scopes;
        }
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT a.platform, s.scope_id, s.scope
         FROM authorizations a JOIN authorization_scopes s ON s.authorization_id = a.id
         WHERE {ACTIVE}"
    ))?;
    let mut rows = stmt.query(named_params! { ":day": day })?;
    let mut grants: HashMap<(String, Option<i64>, String), usize> = HashMap::new();
    while let Some(r) = rows.next()? {
        let key = (r.get(0)?, r.get(1)?, r.get(2)?);
        *grants.entry(key).or_default() += 1;
    }
    for ((code, scope_id, scope), n) in grants {
        let sensitivity = scope_id.and_then(|id| sensitivities.get(&id).cloned().flatten());
        if sensitivity.is_none() {
            out.uncatalogued += n;
        }
        let e = out
            .classes
            .entry((name(&code), lang::sensitivity(lang, sensitivity.as_deref())))
            .or_default();
        e.0 += n;
        e.1.insert(scope);
    }
    Ok(out)
}

fn draw_chart(classes: &ByClass, lang: Lang) -> Chart {
    let mut categories = Vec::new();
    let mut values = Vec::new();
    for ((platform, class), (grants, _)) in classes {
        categories.push(format!("{platform} · {class}"));
        values.push(Some(*grants as f64));
    }
    Chart::new(
        lang,
        lang::CHART_SENSITIVITY.get(lang),
        Style::Bars,
        categories,
        vec![Series {
            name: lang::SERIES_SCOPE_GRANTS.get(lang).into(),
            values,
        }],
        lang::SERIES_SCOPE_GRANTS.get(lang),
        None,
    )
}

/// The report's chart alone, for the dashboard.
pub(super) fn chart(conn: &Connection, period: Period, lang: Lang) -> Result<Chart> {
    let active = active(conn, period.to, lang, true)?;
    Ok(draw_chart(&active.classes, lang))
}

/// Grants (event 0) and revocations (event 1) dated in the period: a range on
/// the stored date (which the indexes on `granted_at` and `revoked_at` answer
/// alone), then the date itself.
const EVENTS: &str = "SELECT date(substr(granted_at, 1, 10)) AS day, 0 AS event, id
       FROM authorizations WHERE granted_at >= :from AND granted_at < :next
     UNION ALL
     SELECT date(substr(revoked_at, 1, 10)), 1, id
       FROM authorizations WHERE revoked_at >= :from AND revoked_at < :next";

/// Grants and revocations in the period: how many of each, and the first
/// `opts.max_rows` by date, event and authorization.
fn events(
    conn: &Connection,
    period: Period,
    opts: &Options,
) -> Result<(usize, usize, Vec<Vec<Cell>>)> {
    let lang = opts.lang;
    let next = period.to.succ_opt().unwrap_or(period.to);
    let (from, to, next) = (
        period.from.to_string(),
        period.to.to_string(),
        next.to_string(),
    );
    let mut counts = conn.prepare(&format!(
        "SELECT event, count(*) FROM ({EVENTS}) WHERE day BETWEEN :from AND :to GROUP BY event"
    ))?;
    let (mut grants, mut revocations) = (0, 0);
    let mut rows = counts.query(named_params! { ":from": from, ":to": to, ":next": next })?;
    while let Some(row) = rows.next()? {
        let n = usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0);
        match row.get::<_, i64>(0)? {
            0 => grants = n,
            _ => revocations = n,
        }
    }

    // The listing: the first rows by date, event and id, then their details.
    let mut list = conn.prepare(&format!(
        "SELECT e.day, e.event, a.id, m.name, COALESCE(p.name, a.platform), a.purpose,
                a.granted_by, a.revoked_by, a.revoke_channel, a.revoke_request_id, a.revoke_reason,
                (SELECT group_concat(s.scope, '; ' ORDER BY s.scope) FROM authorization_scopes s
                 WHERE s.authorization_id = a.id)
         FROM (SELECT day, event, id FROM ({EVENTS}) WHERE day BETWEEN :from AND :to
               ORDER BY day, event, id LIMIT :limit) e
         JOIN authorizations a ON a.id = e.id
         JOIN merchants m ON m.id = a.merchant_id
         LEFT JOIN platforms p ON p.code = a.platform
         ORDER BY e.day, e.event, a.id"
    ))?;
    let mut rows = list.query(named_params! {
        ":from": from, ":to": to, ":next": next, ":limit": opts.sql_limit()
    })?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let day: Option<String> = r.get(0)?;
        let revocation = r.get::<_, i64>(1)? == 1;
        let purpose: String = r.get(5)?;
        let scopes: Option<String> = r.get(11)?;
        let mut cells: Vec<Cell> = vec![
            day.as_deref().and_then(stored_date).into(),
            if revocation {
                lang::EVENT_REVOCATION
            } else {
                lang::EVENT_GRANT
            }
            .get(lang)
            .into(),
            r.get::<_, i64>(2)?.into(),
            r.get::<_, String>(3)?.into(),
            r.get::<_, String>(4)?.into(),
            scopes.into(),
            lang::purpose(lang, &purpose).into(),
        ];
        if revocation {
            let channel: Option<String> = r.get(8)?;
            cells.extend([
                r.get::<_, Option<String>>(7)?.into(),
                channel.map(|c| lang::revoke_channel(lang, &c)).into(),
                r.get::<_, Option<i64>>(9)?
                    .map(Cell::Int)
                    .unwrap_or_else(|| "".into()),
                r.get::<_, Option<String>>(10)?.into(),
            ]);
        } else {
            cells.extend([
                r.get::<_, String>(6)?.into(),
                "".into(),
                "".into(),
                "".into(),
            ]);
        }
        out.push(cells);
    }
    Ok((grants, revocations, out))
}

/// The report's sections.
pub(super) fn sections(conn: &Connection, period: Period, opts: &Options) -> Result<Vec<Section>> {
    let lang = opts.lang;
    let t = |m: lang::Msg| m.get(lang);
    let day = period.to;

    // Active by platform.
    let active = active(conn, day, lang, false)?;
    let mut platforms = Table::new(
        t(lang::BY_PLATFORM_SHEET),
        lang::by_platform_caption(lang, day),
        &[
            t(lang::COL_PLATFORM),
            t(lang::COL_ACTIVE_AUTHORIZATIONS),
            t(lang::COL_MERCHANTS),
            t(lang::COL_SCOPES_GRANTED),
        ],
        t(lang::BY_PLATFORM_EMPTY),
    );
    for (platform, (count, merchants, scopes)) in &active.by_platform {
        platforms.rows.push(vec![
            platform.clone().into(),
            (*count).into(),
            (*merchants).into(),
            (*scopes).into(),
        ]);
    }

    // Scopes by sensitivity, in each platform's own classes.
    let mut classes = Table::new(
        t(lang::SENSITIVITY_SHEET),
        lang::sensitivity_caption(lang, day),
        &[
            t(lang::COL_PLATFORM),
            t(lang::COL_SENSITIVITY),
            t(lang::COL_GRANTS),
            t(lang::COL_DISTINCT_SCOPES),
        ],
        t(lang::SENSITIVITY_EMPTY),
    );
    for ((platform, class), (grants, distinct)) in &active.classes {
        classes.rows.push(vec![
            platform.clone().into(),
            class.clone().into(),
            (*grants).into(),
            distinct.len().into(),
        ]);
    }
    let chart = draw_chart(&active.classes, lang);

    // Grants and revocations in the period, by date.
    let (grants, revocations, rows) = events(conn, period, opts)?;
    let mut changes = Table::new(
        t(lang::CHANGES_SHEET),
        t(lang::CHANGES_HEADING),
        &[
            t(lang::COL_DATE),
            t(lang::COL_EVENT),
            t(lang::COL_AUTHORIZATION),
            t(lang::COL_MERCHANT),
            t(lang::COL_PLATFORM),
            t(lang::COL_SCOPES),
            t(lang::COL_PURPOSE),
            t(lang::COL_BY),
            t(lang::COL_CHANNEL),
            t(lang::COL_REQUEST),
            t(lang::COL_REASON),
        ],
        t(lang::CHANGES_EMPTY),
    )
    .primary();
    changes.rows = rows;
    changes.listed_of(grants + revocations, Kind::Authorizations, lang);

    Ok(vec![
        Section::new(
            t(lang::SUMMARY),
            vec![Block::Figures(vec![
                figure(&lang::active_on(lang, day), active.count),
                figure(t(lang::MERCHANTS_ACTIVE), active.merchants),
                figure(t(lang::PLATFORMS_CONNECTED), active.by_platform.len()),
                figure(t(lang::GRANTED_IN_PERIOD), grants),
                figure(t(lang::REVOKED_IN_PERIOD), revocations),
                figure(t(lang::UNCATALOGUED_GRANTS), active.uncatalogued),
            ])],
        ),
        Section::new(t(lang::BY_PLATFORM_HEADING), vec![Block::Table(platforms)]),
        Section::new(
            t(lang::SENSITIVITY_HEADING),
            vec![
                Block::Paragraph {
                    text: t(lang::SENSITIVITY_NOTE).into(),
                },
                Block::Chart(chart),
                Block::Table(classes),
            ],
        ),
        Section::new(
            t(lang::CHANGES_HEADING),
            vec![
                Block::Paragraph {
                    text: t(lang::CHANGES_NOTE).into(),
                },
                Block::Table(changes),
            ],
        ),
    ])
}
