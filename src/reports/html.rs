//! A report as one self-contained HTML page: the export stylesheet and letterhead
//! of [`crate::render::html::document`] (no script, a CSP that forbids scripts
//! and fetches), a few report styles of our own, charts inline as SVG we drew,
//! and every piece of register data escaped. A policy text inside the pack goes
//! through the same sanitiser as a policy export.

use std::fmt::Write as _;

use super::lang::{self, Lang};
use super::{Block, Report, Table};
use crate::render::html::{document, escape, markdown_to_safe_html, DocumentMeta};

/// What reports add to the export stylesheet: wider pages for wide tables, key
/// figures as tiles, charts that scale down on narrow screens.
pub const REPORT_CSS: &str = r#"
body { max-width: 64rem; }
p.period { color: #4a5561; margin-top: -.5rem; }
p.period code { font-size: .8rem; word-break: break-all; }
nav.contents ol { padding-left: 1.4rem; }
nav.contents li { margin: .15rem 0; }
h2 { border-bottom: 1px solid #c5ccd3; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .6rem; margin: 1rem 0; }
dl.figures div { border: 1px solid #c5ccd3; border-radius: 4px; padding: .5rem .7rem; }
dl.figures dt { font-size: .8rem; color: #4a5561; }
dl.figures dd { margin: .2rem 0 0; font-size: 1.05rem; font-weight: 700; word-break: break-word; }
.table-wrap { overflow-x: auto; }
table { font-size: .85rem; }
table caption { text-align: left; font-weight: 700; padding: .3rem 0; }
th { background: #eef1f4; }
td.num, th.num { text-align: right; }
td.empty { color: #4a5561; font-style: italic; }
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
div.policy { border-left: 3px solid #c5ccd3; padding-left: 1rem; }
p.policy-label { color: #4a5561; }
div.policy h1 { font-size: 1.3rem; }
div.policy h2 { font-size: 1.1rem; border-bottom: none; }
@media print {
  h2 { break-before: auto; }
  figure.chart, dl.figures div { break-inside: avoid; }
  .table-wrap { overflow: visible; }
}
"#;

/// The report as an HTML document.
pub fn render(report: &Report) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<style>{REPORT_CSS}</style>\n<h1>{}</h1>\n<p class=\"period\">{} · {} <code>{}</code></p>\n",
        escape(&report.title),
        escape(&report.period_text()),
        escape(lang::REGISTER_FINGERPRINT_LOWER.get(report.lang)),
        escape(&report.fingerprint.hash),
    );
    if report.contents {
        contents(&mut body, report);
    }
    for (i, section) in report.sections.iter().enumerate() {
        let tag = if section.level <= 1 { "h2" } else { "h3" };
        let _ = writeln!(
            body,
            "<{tag} id=\"s{i}\">{}</{tag}>",
            escape(&section.heading)
        );
        for block in &section.blocks {
            self::block(&mut body, block);
        }
    }
    let footer = report.fingerprint.sentence_in(report.lang);
    let page = document(
        &DocumentMeta {
            title: &format!("{} · {}", report.title, report.period_text()),
            organisation: &report.organisation,
            subtitle: &report.subtitle(),
            footer: Some(&footer),
        },
        &body,
    );
    match report.lang {
        Lang::En => page,
        // The export document is written for English; say the report's language.
        other => page.replacen(
            "<html lang=\"en\">",
            &format!("<html lang=\"{}\">", other.code()),
            1,
        ),
    }
}

fn contents(out: &mut String, report: &Report) {
    let _ = write!(
        out,
        "<nav class=\"contents\"><h2>{}</h2>\n<ol>\n",
        escape(lang::CONTENTS.get(report.lang))
    );
    let mut open_sub = false;
    for (i, s) in report.sections.iter().enumerate() {
        let link = format!("<a href=\"#s{i}\">{}</a>", escape(&s.heading));
        if s.level <= 1 {
            if open_sub {
                out.push_str("</ol>");
                open_sub = false;
            }
            if i > 0 {
                out.push_str("</li>\n");
            }
            let _ = write!(out, "<li>{link}");
        } else {
            if !open_sub {
                out.push_str("<ol>");
                open_sub = true;
            }
            let _ = write!(out, "<li>{link}</li>");
        }
    }
    if open_sub {
        out.push_str("</ol>");
    }
    if !report.sections.is_empty() {
        out.push_str("</li>\n");
    }
    out.push_str("</ol></nav>\n");
}

fn block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph { text } => {
            let _ = writeln!(out, "<p>{}</p>", escape(text));
        }
        Block::Figures(items) => {
            out.push_str("<dl class=\"figures\">");
            for f in items {
                let _ = write!(
                    out,
                    "<div><dt>{}</dt><dd>{}</dd></div>",
                    escape(&f.label),
                    escape(&f.value)
                );
            }
            out.push_str("</dl>\n");
        }
        Block::Table(t) => table(out, t),
        // Drawn by us with every text escaped (see charts.rs).
        Block::Chart(c) => {
            let _ = writeln!(out, "<figure class=\"chart\">{}</figure>", c.svg);
        }
        Block::Policy { label, markdown } => {
            let _ = writeln!(
                out,
                "<div class=\"policy\"><p class=\"policy-label\">{}</p>\n{}</div>",
                escape(label),
                markdown_to_safe_html(markdown)
            );
        }
    }
}

fn table(out: &mut String, t: &Table) {
    // A column is numeric when every value in it is a number.
    let numeric = t.numeric_columns();
    let _ = write!(
        out,
        "<div class=\"table-wrap\"><table>\n<caption>{}</caption>\n<thead><tr>",
        escape(&t.caption)
    );
    for (j, c) in t.columns.iter().enumerate() {
        let class = if numeric[j] { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(c));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    if t.rows.is_empty() {
        let _ = writeln!(
            out,
            "<tr><td class=\"empty\" colspan=\"{}\">{}</td></tr>",
            t.columns.len().max(1),
            escape(&t.empty)
        );
    }
    for row in &t.rows {
        out.push_str("<tr>");
        for (j, cell) in row.iter().enumerate() {
            let class = if numeric.get(j).copied().unwrap_or(false) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(&cell.to_string()));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if t.omitted > 0 {
        let _ = writeln!(out, "<p class=\"more\">{}</p>", escape(&t.omitted_note));
    }
}
