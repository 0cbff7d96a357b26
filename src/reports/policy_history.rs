//! The policy history report: every version of the privacy policy with its
//! status, "Last updated" date and material-change summary, the SHA-256 of its
//! text, and the snapshots (rendered copies handed out) with their hashes.

use rusqlite::Connection;

use super::{figure, stored_date, Block, Period, Section, Table};
use crate::error::Result;

/// The report's sections.
pub(super) fn sections(conn: &Connection, period: Period) -> Result<Vec<Section>> {
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
        "Versions",
        "Policy versions",
        &[
            "Version",
            "Status",
            "Last updated",
            "Published at",
            "Material change",
            "Summary of changes",
            "Text SHA-256",
            "Snapshots",
        ],
        "No policy version is recorded.",
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
            status.replace('_', " ").into(),
            effective.clone().into(),
            published_at.clone().into(),
            (if *material { "yes" } else { "no" }).into(),
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
        "Snapshots",
        "Snapshots: rendered copies of published versions",
        &[
            "Version",
            "Format",
            "File SHA-256",
            "Text SHA-256",
            "Bytes",
            "Recorded at",
            "By",
        ],
        "No snapshot is recorded: no published version has been exported yet.",
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
        Some((label, Some(date))) => format!("{label} (Last updated {date})"),
        Some((label, None)) => label,
        None => "none published".into(),
    };
    Ok(vec![
        Section::new(
            "Summary",
            vec![Block::Figures(vec![
                figure("Version in force", in_force),
                figure("Versions recorded", rows.len()),
                figure("Versions taking effect in the period", effective_in_period),
                figure("Material changes in the period", material_in_period),
                figure("Snapshots recorded", snapshots.rows.len()),
            ])],
        ),
        Section::new(
            "Versions",
            vec![
                Block::Paragraph {
                    text: "Every version, oldest first. A published version never changes; the SHA-256 of its text lets anyone check a copy, and each snapshot records the hash of a rendered copy handed out.".into(),
                },
                Block::Table(versions),
            ],
        ),
        Section::new("Snapshots", vec![Block::Table(snapshots)]),
    ])
}
