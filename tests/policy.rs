//! Policy versions: conversion, drafts, the "Last updated" rule, publishing,
//! immutability, diffs, sanitised HTML and snapshots.

use std::path::Path;

use chrono::NaiveDate;
use workbench::defaults;
use workbench::register::policy::{self, Publication};
use workbench::render::html::markdown_to_safe_html;
use workbench::render::policy::{self as render, Format};
use workbench::{audit, policy_text, Error, Register};

const SEED: &str = include_str!("fixtures/seed/privacy-policy-2026-05-31.txt");

fn register() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    reg
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn publication(effective: &str) -> Publication<'static> {
    Publication {
        effective_date: date(effective),
        material_change: false,
        summary: None,
    }
}

/// A draft of the published text with a change and a new date line.
fn changed_draft(reg: &mut Register, new_date_line: &str) -> String {
    let id = reg
        .write("test", |c| policy::new_draft_from(c, None, None))
        .unwrap();
    let v = policy::get(reg.conn(), &id.to_string()).unwrap();
    let text = v
        .markdown
        .replace("Last updated: 31 May 2026", new_date_line)
        .replace("We do not sell data.", "We do not sell or rent data.");
    reg.write("test", |c| policy::edit(c, &v.summary.label, &text))
        .unwrap();
    v.summary.label
}

#[test]
fn the_seed_text_converts_to_the_bundled_markdown_exactly() {
    let md = policy_text::from_plain_text("seed.txt", SEED).unwrap();
    assert_eq!(md, defaults::POLICY_MD);
}

#[test]
fn plain_text_conversion_keeps_every_section_and_bullet_in_order() {
    let md = policy_text::from_plain_text("seed.txt", SEED).unwrap();
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings[0], "## 1. Who we are");
    assert_eq!(headings[9], "## 10. Contact");
    let bullets: Vec<&str> = md.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(bullets.len(), 3);
    assert!(bullets[0].starts_with("- Information you provide:"));
    assert!(bullets[2].starts_with("- Technical data:"));
}

#[test]
fn plain_text_that_looks_like_markdown_stays_text() {
    let text = "Policy\nLast updated: 1 June 2026\n1. Scope\n# not a heading\n> not a quote\n2024. A year, not a heading.\n";
    let md = policy_text::from_plain_text("p.txt", text).unwrap();
    assert!(md.contains("\\# not a heading"));
    assert!(md.contains("\\> not a quote"));
    let html = markdown_to_safe_html(&md);
    assert!(!html.contains("<blockquote>"));
    assert_eq!(html.matches("<h1>").count(), 1);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn bad_policy_files_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (
            write(dir.path(), "big5.txt", &[0xA7, 0x41, 0xA6, 0x6E]),
            "not UTF-8",
        ),
        (write(dir.path(), "nul.md", b"# P\n\0\n"), "NUL"),
        (write(dir.path(), "empty.md", b"  \n\n"), "empty"),
        (write(dir.path(), "policy.docx", b"PK\x03\x04"), "not .docx"),
        (
            write(dir.path(), "notes.txt", b"Shopping list\nmilk\neggs\n"),
            "no numbered section headings",
        ),
        (
            write(
                dir.path(),
                "huge.md",
                &vec![b'a'; policy_text::MAX_POLICY_BYTES as usize + 1],
            ),
            "at most",
        ),
    ];
    for (path, expected) in cases {
        let err = policy_text::read_policy_file(&path).unwrap_err();
        assert!(
            err.to_string().contains(expected),
            "{}: {err}",
            path.display()
        );
        assert!(err.is_bad_input());
    }
    let missing = policy_text::read_policy_file(&dir.path().join("absent.md")).unwrap_err();
    assert!(missing.to_string().contains("absent.md"));
}

#[test]
fn a_draft_moves_through_review_to_published_and_retires_the_old_version() {
    let mut reg = register();
    let label = changed_draft(&mut reg, "Last updated: 1 July 2026");
    reg.write("t", |c| policy::set_review(c, &label, true))
        .unwrap();
    let err = reg
        .write("t", |c| policy::edit(c, &label, "# x\n"))
        .unwrap_err();
    assert!(err.to_string().contains("in review"), "{err}");
    reg.write("t", |c| {
        policy::publish(
            c,
            &label,
            &Publication {
                effective_date: date("2026-07-01"),
                material_change: true,
                summary: Some("We do not rent data either."),
            },
        )
    })
    .unwrap();
    let versions = policy::list(reg.conn()).unwrap();
    assert_eq!(versions[0].label, label);
    assert_eq!(versions[0].status, "published");
    assert!(versions[0].material_change);
    assert_eq!(versions[1].status, "retired");
    let p = policy::published(reg.conn()).unwrap().unwrap();
    assert_eq!(p.effective_date.as_deref(), Some("2026-07-01"));
    assert!(audit::verify(reg.conn()).unwrap().ok);
}

#[test]
fn publishing_refuses_a_date_line_that_disagrees_with_the_effective_date() {
    let mut reg = register();
    let label = changed_draft(&mut reg, "Last updated: 1 July 2026");
    let err = reg
        .write("t", |c| {
            policy::publish(c, &label, &publication("2026-07-02"))
        })
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("1 July 2026") && msg.contains("2 July 2026"),
        "{msg}"
    );
    assert_eq!(
        policy::published(reg.conn()).unwrap().unwrap().label,
        "2026-05-31"
    );
}

#[test]
fn changed_content_is_never_published_under_an_unchanged_date() {
    let mut reg = register();
    let label = changed_draft(&mut reg, "Last updated: 31 May 2026");
    let err = reg
        .write("t", |c| {
            policy::publish(c, &label, &publication("2026-05-31"))
        })
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("content changed"), "{msg}");
    assert!(msg.contains("31 May 2026"), "{msg}");
}

#[test]
fn a_text_without_a_date_line_is_not_published() {
    let mut reg = register();
    let label = changed_draft(&mut reg, "Effective soon");
    let err = reg
        .write("t", |c| {
            policy::publish(c, &label, &publication("2026-07-01"))
        })
        .unwrap_err();
    assert!(err.to_string().contains("no \"Last updated"), "{err}");
}

#[test]
fn a_material_change_needs_a_summary() {
    let mut reg = register();
    let label = changed_draft(&mut reg, "Last updated: 1 July 2026");
    let err = reg
        .write("t", |c| {
            policy::publish(
                c,
                &label,
                &Publication {
                    effective_date: date("2026-07-01"),
                    material_change: true,
                    summary: Some("   "),
                },
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("summary"));
}

#[test]
fn the_library_refuses_to_change_a_published_version() {
    let mut reg = register();
    let before = audit::head(reg.conn()).unwrap();
    let edit = reg
        .write("t", |c| policy::edit(c, "2026-05-31", "# Privacy Policy\n"))
        .unwrap_err();
    assert!(edit.to_string().contains("never changes"), "{edit}");
    let republish = reg
        .write("t", |c| {
            policy::publish(c, "2026-05-31", &publication("2026-06-01"))
        })
        .unwrap_err();
    assert!(republish.to_string().contains("already published"));
    let review = reg
        .write("t", |c| policy::set_review(c, "2026-05-31", true))
        .unwrap_err();
    assert!(matches!(review, Error::Invalid(_)));
    assert_eq!(
        audit::head(reg.conn()).unwrap(),
        before,
        "nothing was written"
    );
}

#[test]
fn labels_are_unique_and_unambiguous() {
    let mut reg = register();
    let dup = reg
        .write("t", |c| policy::new_draft_from(c, None, Some("2026-05-31")))
        .unwrap_err();
    assert!(dup.to_string().contains("already labelled"));
    let numeric = reg
        .write("t", |c| policy::new_draft_from(c, None, Some("7")))
        .unwrap_err();
    assert!(numeric.to_string().contains("confused"));
    assert!(matches!(
        policy::get(reg.conn(), "nope"),
        Err(Error::NotFound { .. })
    ));
}

/// Raw HTML and dangerous links an attacker might put in a policy.
const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1></circle></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<div onclick=\"alert(1)\">x</div>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<form action=\"https://evil.example\"><input name=q></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<style>body{background:url(https://evil.example/t.png)}</style>",
    "<base href=\"https://evil.example/\">",
    "[relative](/etc/passwd)",
    "<a href=\"&#106;avascript:alert(1)\">entity</a>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
];

/// Fails if `html` holds anything live: a dangerous tag, an event handler, a style
/// attribute, a `src`, or a link to anything but http(s)/mailto. Attack text shown
/// as text (escaped, or markdown left unparsed) is inert and allowed.
fn assert_inert(html: &str, context: &str) {
    let lower = html.to_ascii_lowercase();
    for needle in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<img",
        "<svg",
        "<math",
        "<link",
        "<base",
        "<meta",
        "<style",
        " style=",
        " src=",
        " xlink:href",
    ] {
        assert!(
            !lower.contains(needle),
            "{context}: '{needle}' survived in:\n{html}"
        );
    }
    for (i, _) in lower.match_indices(" on") {
        let attr: String = lower[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let inside_tag = lower[..i].rfind('<') > lower[..i].rfind('>');
        assert!(
            !(inside_tag && lower[i + 1 + attr.len()..].starts_with('=')),
            "{context}: event handler {attr} survived in:\n{html}"
        );
    }
    for (i, _) in lower.match_indices("href=\"") {
        let value = &lower[i + 6..];
        assert!(
            ["http://", "https://", "mailto:"]
                .iter()
                .any(|scheme| value.starts_with(scheme)),
            "{context}: a link to {} survived",
            &value[..value.find('"').unwrap_or(value.len()).min(60)]
        );
    }
}

#[test]
fn no_xss_survives_into_the_preview_html() {
    for (i, attack) in XSS.iter().enumerate() {
        let md =
            format!("# Policy\n\nLast updated: 1 July 2026\n\n{attack}\n\nText {attack} inline.\n");
        assert_inert(&markdown_to_safe_html(&md), &format!("case {i}"));
    }
}

#[test]
fn no_xss_survives_into_exported_documents_or_diffs() {
    let mut reg = register();
    let attack = XSS.join("\n\n");
    let md = format!("# Privacy Policy\n\nLast updated: 1 July 2026\n\n{attack}\n");
    let id = reg
        .write("t", |c| policy::create_draft(c, Some("hostile"), &md, None))
        .unwrap();
    let v = policy::get(reg.conn(), &id.to_string()).unwrap();
    let doc = String::from_utf8(render::render(&reg, &v, Format::Html).unwrap()).unwrap();
    // The document's own head carries a CSP forbidding scripts; the body carries nothing live.
    assert!(doc.contains("default-src 'none'"));
    let body = &doc[doc.find("<main>").unwrap()..];
    assert_inert(body, "export");
    assert!(!doc.to_ascii_lowercase().contains("<script"));
    let c = render::compare(&reg, "2026-05-31", "hostile").unwrap();
    let diff_doc = render::diff_document(&reg, &c).unwrap();
    let diff_body = &diff_doc[diff_doc.find("<main>").unwrap()..];
    // In a diff the attack is shown as text, escaped: no live tag survives.
    assert!(!diff_body.contains("<script"));
    assert!(!diff_body.contains("<img"));
    assert!(diff_body.contains("&lt;script&gt;"));
}

#[test]
fn the_exported_html_is_self_contained_with_a_print_stylesheet() {
    let reg = register();
    let v = policy::get(reg.conn(), "2026-05-31").unwrap();
    let doc = String::from_utf8(render::render(&reg, &v, Format::Html).unwrap()).unwrap();
    assert!(doc.starts_with("<!DOCTYPE html>"));
    assert!(doc.contains("@media print"));
    assert!(doc.contains("<h2>10. Contact</h2>"));
    assert!(doc.contains("Last updated 31 May 2026"));
    assert!(doc.contains("Wesmond International Limited"));
    for external in ["src=", "href=\"http", "@import", "url("] {
        assert!(!doc.contains(external), "external reference {external}");
    }
}

#[test]
fn the_word_diff_shows_insertions_and_deletions_inline() {
    let mut reg = register();
    let label = changed_draft(&mut reg, "Last updated: 1 July 2026");
    let c = render::compare(&reg, "2026-05-31", &label).unwrap();
    assert!(c
        .runs
        .iter()
        .any(|r| r.kind == "insert" && r.text.contains("rent")));
    assert!(c
        .runs
        .iter()
        .any(|r| r.kind == "delete" && r.text.contains("31")));
    assert_eq!(c.words_inserted, 4, "{:?}", c.runs);
    let html = render::diff_document(&reg, &c).unwrap();
    assert!(html.contains("<ins>"));
    assert!(html.contains("<del>"));
    let unified = render::unified_diff(&reg, "2026-05-31", &label).unwrap();
    assert!(unified.contains("-Last updated: 31 May 2026"));
    assert!(unified.contains("+Last updated: 1 July 2026"));
}

#[test]
fn exporting_a_published_version_twice_is_byte_identical_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = register();
    let a = dir.path().join("a.html");
    let b = dir.path().join("b.html");
    let first = render::export(&mut reg, "t", None, Format::Html, &a).unwrap();
    let second = render::export(&mut reg, "t", Some("2026-05-31"), Format::Html, &b).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(first.sha256, second.sha256);
    let v = policy::get(reg.conn(), "2026-05-31").unwrap();
    let snaps = policy::snapshots(reg.conn(), v.summary.id).unwrap();
    assert_eq!(snaps.len(), 2);
    assert_eq!(snaps[0].format, "html");
    assert_eq!(snaps[0].file_sha256, first.sha256);
    assert_eq!(snaps[0].markdown_sha256, v.markdown_sha256);
    assert_eq!(
        snaps[0].file_sha256,
        workbench::hash::sha256_hex(&std::fs::read(&a).unwrap())
    );
}

#[test]
fn exporting_a_draft_records_no_snapshot_and_a_bad_path_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut reg = register();
    reg.write("t", |c| policy::new_draft_from(c, None, Some("work")))
        .unwrap();
    let out = dir.path().join("draft.html");
    let e = render::export(&mut reg, "t", Some("work"), Format::Html, &out).unwrap();
    assert!(e.snapshot.is_none());
    let before = audit::head(reg.conn()).unwrap();
    let nowhere = dir.path().join("no/such/folder/x.html");
    let err = render::export(&mut reg, "t", None, Format::Html, &nowhere).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert_eq!(audit::head(reg.conn()).unwrap(), before);
}

#[test]
fn the_inertness_check_catches_live_html() {
    for live in [
        "<p><a href=\"javascript:alert(1)\">x</a></p>",
        "<p onclick=\"x()\">x</p>",
        "<script>x()</script>",
        "<a href=\"data:text/html,x\">x</a>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_inert(live, "probe")).is_err();
        assert!(caught, "the check missed {live}");
    }
    assert_inert("<p>on the record, onward=fine &lt;script&gt;</p>", "benign");
}
