//! The compliance pack: in one document, the check results as of the period's
//! end, the rights, processors, authorizations and policy history reports, and
//! the policy in force, stamped with the register's fingerprint.

use rusqlite::Connection;

use super::{figure, Block, Cell, Fingerprint, Period, Section, Table};
use crate::checks;
use crate::error::Result;
use crate::register::policy;

/// The chapters of the pack, in order.
pub const CHAPTERS: [&str; 7] = [
    "About this pack",
    "Check results",
    "Rights requests",
    "Processors",
    "Authorizations",
    "Policy history",
    "The policy in force",
];

fn chapter(heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        heading: heading.to_string(),
        level: 1,
        blocks,
    }
}

/// A report's sections as the parts of a chapter.
fn parts(heading: &str, sections: Vec<Section>) -> Vec<Section> {
    let mut out = vec![chapter(heading, Vec::new())];
    out.extend(sections.into_iter().map(|mut s| {
        s.level = 2;
        s
    }));
    out
}

/// The pack's sections.
pub(super) fn sections(conn: &Connection, period: Period) -> Result<Vec<Section>> {
    let fingerprint = Fingerprint::of(conn)?;
    let report = checks::run(conn, period.to)?;
    let passed = report.results.iter().filter(|r| r.status == "pass").count();

    let mut sections = vec![chapter(
        CHAPTERS[0],
        vec![
            Block::Figures(vec![
                figure("Period", period),
                figure("Register fingerprint", &fingerprint.hash),
                figure("Audit entries", fingerprint.entries),
            ]),
            Block::Paragraph {
                text: format!(
                    "This pack was made from the register whose audit chain head is {} (after {} entries): the fingerprint of the register it was made from. `workbench audit verify` on the register shows the same head while nothing has changed since.",
                    fingerprint.hash, fingerprint.entries
                ),
            },
        ],
    )];

    let mut table = Table::new(
        "Checks",
        format!("Checks as of {}", period.to),
        &[
            "Check",
            "Result",
            "What it proves",
            "Findings",
            "What to do",
        ],
        "No check ran.",
    );
    for r in &report.results {
        let findings: Vec<String> = r.findings.iter().map(|f| f.message.clone()).collect();
        table.rows.push(vec![
            Cell::Text(r.id.to_string()),
            Cell::Text(r.status.to_string()),
            Cell::Text(r.title.to_string()),
            Cell::Text(findings.join(" ")),
            Cell::Text(if r.status == "pass" {
                String::new()
            } else {
                r.remedy.to_string()
            }),
        ]);
    }
    sections.push(chapter(
        CHAPTERS[1],
        vec![
            Block::Figures(vec![
                figure(
                    "Checks passed",
                    format!("{passed} of {}", report.results.len()),
                ),
                figure("Errors", report.errors),
                figure("Warnings", report.warnings),
                figure("Notes", report.infos),
            ]),
            Block::Table(table),
        ],
    ));

    sections.extend(parts(CHAPTERS[2], super::rights::sections(conn, period)?));
    sections.extend(parts(
        CHAPTERS[3],
        super::processors::sections(conn, period)?,
    ));
    sections.extend(parts(
        CHAPTERS[4],
        super::authorizations::sections(conn, period)?,
    ));
    sections.extend(parts(
        CHAPTERS[5],
        super::policy_history::sections(conn, period)?,
    ));

    let policy_block = match policy::published(conn)? {
        Some(p) => {
            let markdown = policy::markdown(conn, p.id)?.unwrap_or_default();
            Block::Policy {
                label: format!(
                    "Version {} · Last updated {}",
                    p.label,
                    p.effective_date.as_deref().unwrap_or("-")
                ),
                markdown,
            }
        }
        None => Block::Paragraph {
            text: "No policy version is published.".into(),
        },
    };
    sections.push(chapter(CHAPTERS[6], vec![policy_block]));
    Ok(sections)
}
