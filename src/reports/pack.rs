//! The compliance pack: in one document, the check results as of the period's
//! end, the rights, processors, authorizations and policy history reports, and
//! the policy in force, stamped with the register's fingerprint.

use rusqlite::Connection;

use super::lang::{self, Lang, Msg};
use super::{figure, Block, Cell, Fingerprint, Options, Period, Section, Table};
use crate::checks;
use crate::error::Result;
use crate::register::policy;

const CHAPTER_MSGS: [Msg; 7] = [
    lang::CHAPTER_ABOUT,
    lang::CHAPTER_CHECKS,
    lang::CHAPTER_RIGHTS,
    lang::CHAPTER_PROCESSORS,
    lang::CHAPTER_AUTHORIZATIONS,
    lang::CHAPTER_POLICY_HISTORY,
    lang::CHAPTER_POLICY,
];

/// The chapters of the pack, in order (in English).
pub const CHAPTERS: [&str; 7] = [
    CHAPTER_MSGS[0].en,
    CHAPTER_MSGS[1].en,
    CHAPTER_MSGS[2].en,
    CHAPTER_MSGS[3].en,
    CHAPTER_MSGS[4].en,
    CHAPTER_MSGS[5].en,
    CHAPTER_MSGS[6].en,
];

/// The chapters of the pack, in order, in `lang`.
pub fn chapters(lang: Lang) -> [&'static str; 7] {
    CHAPTER_MSGS.map(|m| m.get(lang))
}

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

/// The pack's sections. The check results' titles, findings and remedies are
/// the checks' own words (English); the pack's words are in `opts.lang`.
pub(super) fn sections(conn: &Connection, period: Period, opts: &Options) -> Result<Vec<Section>> {
    let lang = opts.lang;
    let t = |m: Msg| m.get(lang);
    let chapters = chapters(lang);
    let fingerprint = Fingerprint::of(conn)?;
    let report = checks::run(conn, period.to)?;
    let passed = report.results.iter().filter(|r| r.status == "pass").count();

    let mut sections = vec![chapter(
        chapters[0],
        vec![
            Block::Figures(vec![
                figure(t(lang::PERIOD), period.text(lang)),
                figure(t(lang::REGISTER_FINGERPRINT), &fingerprint.hash),
                figure(t(lang::AUDIT_ENTRIES), fingerprint.entries),
            ]),
            Block::Paragraph {
                text: lang::pack_note(lang, &fingerprint.hash, fingerprint.entries),
            },
        ],
    )];

    let mut table = Table::new(
        t(lang::CHECKS_SHEET),
        lang::checks_caption(lang, period.to),
        &[
            t(lang::COL_CHECK),
            t(lang::COL_RESULT),
            t(lang::COL_PROVES),
            t(lang::COL_FINDINGS),
            t(lang::COL_TO_DO),
        ],
        t(lang::CHECKS_EMPTY),
    );
    for r in &report.results {
        let findings: Vec<String> = r.findings.iter().map(|f| f.message.clone()).collect();
        table.rows.push(vec![
            Cell::Text(r.id.to_string()),
            Cell::Text(lang::check_status(lang, r.status)),
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
        chapters[1],
        vec![
            Block::Figures(vec![
                figure(
                    t(lang::CHECKS_PASSED),
                    lang::passed_of(lang, passed, report.results.len()),
                ),
                figure(t(lang::ERRORS), report.errors),
                figure(t(lang::WARNINGS), report.warnings),
                figure(t(lang::NOTES), report.infos),
            ]),
            Block::Table(table),
        ],
    ));

    sections.extend(parts(
        chapters[2],
        super::rights::sections(conn, period, opts)?,
    ));
    sections.extend(parts(
        chapters[3],
        super::processors::sections(conn, period, opts)?,
    ));
    sections.extend(parts(
        chapters[4],
        super::authorizations::sections(conn, period, opts)?,
    ));
    sections.extend(parts(
        chapters[5],
        super::policy_history::sections(conn, period, opts)?,
    ));

    let policy_block = match policy::published(conn)? {
        Some(p) => {
            let markdown = policy::markdown(conn, p.id)?.unwrap_or_default();
            Block::Policy {
                label: lang::policy_label(
                    lang,
                    &p.label,
                    p.effective_date.as_deref().unwrap_or("-"),
                ),
                markdown,
            }
        }
        None => Block::Paragraph {
            text: t(lang::NO_POLICY_PUBLISHED).into(),
        },
    };
    sections.push(chapter(chapters[6], vec![policy_block]));
    Ok(sections)
}
