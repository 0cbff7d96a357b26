//! A report as a paginated PDF, typeset by typst from
//! `data/templates/report.typ` — the policy's letterhead, "Page X of Y",
//! bookmarks from the headings, title/author/date metadata — with the charts
//! as SVG images. The report travels to the template as data (`sys.inputs`),
//! never as markup. The PDF is dated the period's last day, so the same
//! register and period give byte-identical files.

use serde_json::{json, Value};

use super::lang::{self, Lang};
use super::{Block, Report};
use crate::error::Result;
use crate::render::pdf::{markdown_blocks, Block as TextBlock};
use crate::render::typst::{compile_pdf, PdfMeta};

/// The report template compiled in.
pub const DEFAULT_REPORT_TEMPLATE: &str = include_str!("../../data/templates/report.typ");

/// Renders `report` with the bundled template.
pub fn render(report: &Report) -> Result<Vec<u8>> {
    render_with_template(report, DEFAULT_REPORT_TEMPLATE)
}

/// Renders `report` with `template` (typst markup reading `sys.inputs`, see
/// `data/templates/report.typ`).
pub fn render_with_template(report: &Report, template: &str) -> Result<Vec<u8>> {
    let title = match report.lang {
        Lang::En => format!("{}: {}", report.title, report.period_text()),
        Lang::ZhHk => format!("{}：{}", report.title, report.period_text()),
    };
    compile_pdf(
        template,
        &inputs(report),
        &PdfMeta {
            title: &title,
            author: &report.organisation,
            date: report.period.to,
        },
    )
}

/// What the template receives as `json(bytes(sys.inputs.data))`.
pub fn inputs(report: &Report) -> Value {
    let sections: Vec<Value> = report
        .sections
        .iter()
        .map(|s| {
            json!({
                "heading": s.heading,
                "level": s.level.clamp(1, 2),
                "blocks": s.blocks.iter().map(|b| block(b, s.level)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let l = report.lang;
    let page: Vec<&str> = lang::PAGE.get(l).split(['{', '}']).collect();
    json!({
        "organisation": report.organisation,
        "title": report.title,
        "period": report.period_text(),
        "fingerprint": report.fingerprint.hash,
        "entries": report.fingerprint.entries,
        "contents": report.contents,
        "sections": sections,
        "lang": match l { Lang::En => "en", Lang::ZhHk => "zh" },
        "region": match l { Lang::En => None, Lang::ZhHk => Some("HK") },
        "labels": {
            "period": match l {
                Lang::En => format!("{}: ", lang::PERIOD.get(l)),
                Lang::ZhHk => format!("{}：", lang::PERIOD.get(l)),
            },
            "fingerprint": lang::REGISTER_FINGERPRINT.get(l),
            "fingerprint-heading": lang::fingerprint_heading(l, report.fingerprint.entries),
            "keywords": format!("{} {}", lang::REGISTER_FINGERPRINT_LOWER.get(l), report.fingerprint.hash),
            "contents": lang::CONTENTS.get(l),
            // "Page {n} of {total}" in three pieces around the two numbers.
            "page": [page.first(), page.get(2), page.get(4)],
        },
    })
}

fn block(b: &Block, level: u8) -> Value {
    match b {
        Block::Paragraph { text } => json!({ "kind": "paragraph", "text": text }),
        Block::Figures(items) => json!({ "kind": "figures", "items": items }),
        Block::Table(t) => {
            let numeric = t.numeric_columns();
            let rows: Vec<Vec<String>> = t
                .rows
                .iter()
                .map(|r| {
                    // Every row as wide as the header, so the grid never shifts.
                    (0..t.columns.len())
                        .map(|j| r.get(j).map(ToString::to_string).unwrap_or_default())
                        .collect()
                })
                .collect();
            json!({
                "kind": "table",
                "caption": t.caption,
                "columns": t.columns,
                "rows": rows,
                "numeric": numeric,
                "empty": t.empty,
                "more": t.omitted_note,
            })
        }
        Block::Chart(c) => json!({ "kind": "chart", "title": c.title, "svg": c.svg }),
        Block::Policy { label, markdown } => {
            // The policy's own headings sit below the section that holds it.
            let blocks: Vec<TextBlock> = markdown_blocks(markdown)
                .into_iter()
                .map(|b| match b {
                    TextBlock::Heading { level: l, text } => TextBlock::Heading {
                        level: (l + level).min(6),
                        text,
                    },
                    other => other,
                })
                .collect();
            json!({ "kind": "policy", "label": label, "blocks": blocks })
        }
    }
}
