//! The policy as a paginated PDF: its markdown turned into a block structure
//! (JSON) and typeset by the letterhead template `data/templates/policy.typ`.
//!
//! The markdown never becomes typst markup: headings, paragraphs, lists and the
//! rest travel as data, so nothing an officer writes can run as template code.
//! Raw HTML is dropped, as it is never rendered; only `http`, `https` and
//! `mailto` links become live links.

use chrono::NaiveDate;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};
use serde::Serialize;
use serde_json::json;

use crate::error::Result;
use crate::render::typst::{compile_pdf, PdfMeta};

/// The letterhead template compiled in; an officer's edited copy can be passed
/// as [`PolicyPdf::template`] instead.
pub const DEFAULT_POLICY_TEMPLATE: &str = include_str!("../../data/templates/policy.typ");

/// One policy version to print.
#[derive(Debug, Clone, Copy)]
pub struct PolicyPdf<'a> {
    /// Shown on the letterhead, e.g. "Wesmond International Limited".
    pub organisation: &'a str,
    /// The version's label, shown on the first page.
    pub version_label: &'a str,
    /// The document's title: the PDF's Title and the letterhead's heading.
    pub title: &'a str,
    /// The version's effective ("Last updated") date; also the PDF's creation date.
    pub last_updated: NaiveDate,
    /// The policy text.
    pub markdown: &'a str,
    /// The PDF's Author.
    pub author: &'a str,
    /// The typst template; `None` uses [`DEFAULT_POLICY_TEMPLATE`].
    pub template: Option<&'a str>,
}

/// Renders a policy version as a PDF. The same input gives byte-identical files.
pub fn policy_pdf(p: &PolicyPdf<'_>) -> Result<Vec<u8>> {
    let last_updated = p.last_updated.format("%-d %B %Y").to_string();
    let blocks = without_letterhead_lines(markdown_blocks(p.markdown), p.title, &last_updated);
    let inputs = json!({
        "organisation": p.organisation,
        "version_label": p.version_label,
        "title": p.title,
        "author": p.author,
        "last_updated": p.last_updated.format("%Y-%m-%d").to_string(),
        "last_updated_display": last_updated,
        "blocks": blocks,
    });
    let meta = PdfMeta {
        title: p.title,
        author: p.author,
        date: p.last_updated,
    };
    compile_pdf(
        p.template.unwrap_or(DEFAULT_POLICY_TEMPLATE),
        &inputs,
        &meta,
    )
}

/// A block of the policy, as the template receives it (`kind` names the variant).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        text: String,
    },
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
}

/// A run of text inside a paragraph, list item, table cell or link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Strong {
        inlines: Vec<Inline>,
    },
    Emph {
        inlines: Vec<Inline>,
    },
    Strike {
        inlines: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// `live` only for http, https and mailto; other links print as text.
    Link {
        url: String,
        live: bool,
        inlines: Vec<Inline>,
    },
    Break,
}

/// Converts markdown into blocks, dropping raw HTML.
pub fn markdown_blocks(markdown: &str) -> Vec<Block> {
    let mut events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    );
    blocks(&mut events)
}

/// The letterhead shows the title and the "Last updated" date, so a leading
/// heading equal to the title and a "Last updated: <same date>" line right
/// after it are not repeated. A line naming another date stays, so a mismatch
/// shows.
fn without_letterhead_lines(mut blocks: Vec<Block>, title: &str, last_updated: &str) -> Vec<Block> {
    if matches!(blocks.first(), Some(Block::Heading { level: 1, text }) if text.trim().eq_ignore_ascii_case(title.trim()))
    {
        blocks.remove(0);
    }
    if let Some(Block::Paragraph { inlines }) = blocks.first() {
        let line = plain_text(inlines);
        let line = line.trim();
        if let Some(date) = line.strip_prefix("Last updated:") {
            if date.trim() == last_updated {
                blocks.remove(0);
            }
        }
    }
    blocks
}

type Events<'a> = Parser<'a>;

/// Blocks up to the end of the enclosing container (or of the document).
fn blocks(events: &mut Events<'_>) -> Vec<Block> {
    let mut out = Vec::new();
    // Inline events straight inside a container (a tight list item) form a paragraph.
    let mut loose: Vec<Inline> = Vec::new();
    let flush = |loose: &mut Vec<Inline>, out: &mut Vec<Block>| {
        if !loose.is_empty() {
            out.push(Block::Paragraph {
                inlines: std::mem::take(loose),
            });
        }
    };
    while let Some(event) = events.next() {
        let block = match event {
            Event::End(_) => break,
            Event::Start(Tag::Paragraph) => Block::Paragraph {
                inlines: inlines(events),
            },
            Event::Start(Tag::Heading { level, .. }) => Block::Heading {
                level: heading_level(level),
                text: plain_text(&inlines(events)),
            },
            Event::Start(Tag::List(start)) => Block::List {
                ordered: start.is_some(),
                start: start.unwrap_or(1),
                items: list_items(events),
            },
            Event::Start(Tag::BlockQuote(_)) => Block::Quote {
                blocks: blocks(events),
            },
            Event::Start(Tag::CodeBlock(_)) => {
                let mut text = String::new();
                for event in events.by_ref() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                Block::Code {
                    text: text.trim_end_matches('\n').to_owned(),
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                skip_container(events);
                continue;
            }
            Event::Start(Tag::Table(_)) => table(events),
            Event::Rule => Block::Rule,
            Event::Html(_) => continue,
            Event::Start(tag) if is_block_container(&tag) => {
                // Footnotes, definition lists and the like: keep their text.
                flush(&mut loose, &mut out);
                out.extend(blocks(events));
                continue;
            }
            other => {
                inline_event(other, events, &mut loose);
                continue;
            }
        };
        flush(&mut loose, &mut out);
        out.push(block);
    }
    flush(&mut loose, &mut out);
    out
}

fn is_block_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_)
            | Tag::Item
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
    )
}

fn list_items(events: &mut Events<'_>) -> Vec<Vec<Block>> {
    let mut items = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Item) => items.push(blocks(events)),
            Event::End(_) => break,
            _ => {}
        }
    }
    items
}

fn table(events: &mut Events<'_>) -> Block {
    let mut header = Vec::new();
    let mut rows = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::TableHead) => header = table_cells(events),
            Event::Start(Tag::TableRow) => rows.push(table_cells(events)),
            Event::End(_) => break,
            _ => {}
        }
    }
    Block::Table { header, rows }
}

fn table_cells(events: &mut Events<'_>) -> Vec<Vec<Inline>> {
    let mut cells = Vec::new();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::TableCell) => cells.push(inlines(events)),
            Event::End(_) => break,
            _ => {}
        }
    }
    cells
}

/// Skips everything up to the end of the container just opened.
fn skip_container(events: &mut Events<'_>) {
    let mut depth = 0usize;
    for event in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
}

/// Inline runs up to the end of the enclosing container.
fn inlines(events: &mut Events<'_>) -> Vec<Inline> {
    let mut out = Vec::new();
    while let Some(event) = events.next() {
        if matches!(event, Event::End(_)) {
            break;
        }
        inline_event(event, events, &mut out);
    }
    out
}

/// Appends one inline event (and, for a container, everything inside it).
fn inline_event(event: Event<'_>, events: &mut Events<'_>, out: &mut Vec<Inline>) {
    match event {
        Event::Text(text) => push_text(out, &text),
        Event::Code(text) => out.push(Inline::Code {
            text: text.into_string(),
        }),
        Event::InlineMath(text) | Event::DisplayMath(text) => push_text(out, &text),
        Event::SoftBreak => push_text(out, " "),
        Event::HardBreak => out.push(Inline::Break),
        Event::TaskListMarker(done) => push_text(out, if done { "[x] " } else { "[ ] " }),
        Event::FootnoteReference(name) => push_text(out, &format!("[{name}]")),
        // Raw HTML is never rendered.
        Event::Html(_) | Event::InlineHtml(_) | Event::Rule => {}
        Event::Start(Tag::Emphasis) => out.push(Inline::Emph {
            inlines: inlines(events),
        }),
        Event::Start(Tag::Strong) => out.push(Inline::Strong {
            inlines: inlines(events),
        }),
        Event::Start(Tag::Strikethrough) => out.push(Inline::Strike {
            inlines: inlines(events),
        }),
        Event::Start(Tag::Link { dest_url, .. }) => {
            let url = dest_url.trim().to_owned();
            out.push(Inline::Link {
                live: is_safe_url(&url),
                url,
                inlines: inlines(events),
            })
        }
        Event::Start(Tag::HtmlBlock) => skip_container(events),
        // Anything else (an image, a superscript…) keeps its text: an image
        // prints as its description, as the template reads no files from markdown.
        Event::Start(_) => {
            for inline in inlines(events) {
                match inline {
                    Inline::Text { text } => push_text(out, &text),
                    other => out.push(other),
                }
            }
        }
        Event::End(_) => {}
    }
}

/// Adjacent text joins into one run (the parser splits text at every special character).
fn push_text(out: &mut Vec<Inline>, text: &str) {
    if let Some(Inline::Text { text: last }) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text {
            text: text.to_owned(),
        });
    }
}

fn is_safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn plain_text(inlines: &[Inline]) -> String {
    let mut text = String::new();
    for inline in inlines {
        match inline {
            Inline::Text { text: t } | Inline::Code { text: t } => text.push_str(t),
            Inline::Strong { inlines }
            | Inline::Emph { inlines }
            | Inline::Strike { inlines }
            | Inline::Link { inlines, .. } => text.push_str(&plain_text(inlines)),
            Inline::Break => text.push(' '),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    #[test]
    fn tight_list_items_become_paragraphs() {
        let blocks = markdown_blocks("- one *two*\n- three\n");
        assert_eq!(
            blocks,
            vec![Block::List {
                ordered: false,
                start: 1,
                items: vec![
                    vec![Block::Paragraph {
                        inlines: vec![
                            text("one "),
                            Inline::Emph {
                                inlines: vec![text("two")]
                            }
                        ]
                    }],
                    vec![Block::Paragraph {
                        inlines: vec![text("three")]
                    }],
                ]
            }]
        );
    }

    #[test]
    fn raw_html_is_dropped_and_script_links_are_not_live() {
        let blocks = markdown_blocks(
            "<script>alert(1)</script>\n\nSee <b>this</b> [x](javascript:alert(1)) and [site](https://wesmond.com).\n",
        );
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                inlines: vec![
                    text("See this "),
                    Inline::Link {
                        url: "javascript:alert(1)".into(),
                        live: false,
                        inlines: vec![text("x")]
                    },
                    text(" and "),
                    Inline::Link {
                        url: "https://wesmond.com".into(),
                        live: true,
                        inlines: vec![text("site")]
                    },
                    text("."),
                ]
            }]
        );
    }

    #[test]
    fn headings_are_plain_text_and_tables_keep_cells() {
        let blocks = markdown_blocks("## 1. Who *we* are\n\n| a | b |\n|---|---|\n| 1 | `2` |\n");
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: 2,
                text: "1. Who we are".into()
            }
        );
        assert_eq!(
            blocks[1],
            Block::Table {
                header: vec![vec![text("a")], vec![text("b")]],
                rows: vec![vec![
                    vec![text("1")],
                    vec![Inline::Code { text: "2".into() }]
                ]],
            }
        );
    }

    #[test]
    fn letterhead_lines_are_not_repeated_unless_the_date_differs() {
        let same = without_letterhead_lines(
            markdown_blocks("# Privacy Policy\n\nLast updated: 31 May 2026\n\nText.\n"),
            "Privacy Policy",
            "31 May 2026",
        );
        assert_eq!(
            same,
            vec![Block::Paragraph {
                inlines: vec![text("Text.")]
            }]
        );
        let other = without_letterhead_lines(
            markdown_blocks("# Privacy Policy\n\nLast updated: 1 May 2026\n"),
            "Privacy Policy",
            "31 May 2026",
        );
        assert_eq!(
            other,
            vec![Block::Paragraph {
                inlines: vec![text("Last updated: 1 May 2026")]
            }]
        );
    }
}
