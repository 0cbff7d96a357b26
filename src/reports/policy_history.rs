//! The policy history report: every version of the privacy policy with its
//! status, "Last updated" date and material-change summary, the SHA-256 of its
//! text, and the snapshots (rendered copies handed out) with their hashes.

use rusqlite::Connection;

use super::lang;
use super::{figure, stored_date, Block, Kind, Options, Period, Section, Table};
use crate::error::Result;

/// The report's sections. Versions and snapshots are few, so they are read whole.
pub(super) fn sections(conn: &Connection, period: Period, opts: &Options) -> Result<Vec<Section>> {
    let lang = opts.lang;
    let t = |m: lang::Msg| m.get(lang);
    let mut stmt = conn.prepare(
        "SELECT v.label, v.status, v.effective_date, v.published_at, v.material_change,
                v.change_summary, v.markdown,
                (SELECT count(*) FROM policy_snapshots s WHERE s.version_id = v.id)
         FROM policy_versions v
         ORDER BY v.effective_date IS NULL, v.effective_date, v.id",
    )?;
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        bool,
        Option<String>,
        String,
        i64,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;

    let mut versions = Table::new(
        t(lang::VERSIONS_SHEET),
        t(lang::VERSIONS_CAPTION),
        &[
            t(lang::COL_VERSION),
            t(lang::COL_STATUS),
            t(lang::COL_LAST_UPDATED),
            t(lang::COL_PUBLISHED_AT),
            t(lang::COL_MATERIAL),
            t(lang::COL_CHANGE_SUMMARY),
            t(lang::COL_TEXT_SHA),
            t(lang::COL_SNAPSHOTS),
        ],
        t(lang::VERSIONS_EMPTY),
    )
    .primary();
    let (mut in_force, mut effective_in_period, mut material_in_period) = (None, 0, 0);
    for (label, status, effective, published_at, material, summary, markdown, snapshots) in &rows {
        let in_period = effective
            .as_deref()
            .and_then(stored_date)
            .is_some_and(|d| period.contains(d))
            && matches!(status.as_str(), "published" | "retired");
        if in_period {
            effective_in_period += 1;
            if *material {
                material_in_period += 1;
            }
        }
        if status == "published" {
            in_force = Some((label.clone(), effective.clone()));
        }
        versions.rows.push(vec![
            label.clone().into(),
            lang::policy_status(lang, status).into(),
            effective.clone().into(),
            published_at.clone().into(),
            (if *material { lang::YES } else { lang::NO })
                .get(lang)
                .into(),
            summary.clone().into(),
            crate::hash::sha256_hex(markdown.as_bytes()).into(),
            (*snapshots).into(),
        ]);
    }

    let mut snaps = conn.prepare(
        "SELECT v.label, s.format, s.file_sha256, s.markdown_sha256, s.byte_len, s.created_at,
                s.created_by
         FROM policy_snapshots s JOIN policy_versions v ON v.id = s.version_id
         ORDER BY s.created_at, s.id",
    )?;
    let mut snapshots = Table::new(
        t(lang::SNAPSHOTS_SHEET),
        t(lang::SNAPSHOTS_CAPTION),
        &[
            t(lang::COL_VERSION),
            t(lang::COL_FORMAT),
            t(lang::COL_FILE_SHA),
            t(lang::COL_TEXT_SHA),
            t(lang::COL_BYTES),
            t(lang::COL_RECORDED_AT),
            t(lang::COL_BY),
        ],
        t(lang::SNAPSHOTS_EMPTY),
    );
    snapshots.rows = snaps
        .query_map([], |r| {
            Ok(vec![
                r.get::<_, String>(0)?.into(),
                r.get::<_, String>(1)?.into(),
                r.get::<_, String>(2)?.into(),
                r.get::<_, String>(3)?.into(),
                r.get::<_, i64>(4)?.into(),
                r.get::<_, String>(5)?.into(),
                r.get::<_, String>(6)?.into(),
            ])
        })?
        .collect::<rusqlite::Result<_>>()?;

    let in_force = match in_force {
        Some((label, Some(date))) => lang::version_in_force(lang, &label, &date),
        Some((label, None)) => label,
        None => t(lang::NONE_PUBLISHED).into(),
    };
    let snapshot_count = snapshots.rows.len();
    versions.limit(opts, Kind::Policy);
    snapshots.limit(opts, Kind::Policy);
    Ok(vec![
        Section::new(
            t(lang::SUMMARY),
            vec![Block::Figures(vec![
                figure(t(lang::VERSION_IN_FORCE), in_force),
                figure(t(lang::VERSIONS_RECORDED), rows.len()),
                figure(t(lang::VERSIONS_IN_PERIOD), effective_in_period),
                figure(t(lang::MATERIAL_IN_PERIOD), material_in_period),
                figure(t(lang::SNAPSHOTS_RECORDED), snapshot_count),
            ])],
        ),
        Section::new(
            t(lang::VERSIONS_HEADING),
            vec![
                Block::Paragraph {
                    text: t(lang::VERSIONS_NOTE).into(),
                },
                Block::Table(versions),
            ],
        ),
        Section::new(t(lang::SNAPSHOTS_HEADING), vec![Block::Table(snapshots)]),
    ])
}
