//! The compliance pack: every report, the policy in force and the check
//! results, with contents, stamped with the register's fingerprint.

mod reports_fixture;

use reports_fixture::read::html_figure;
use reports_fixture::{pdf_info, pdf_text, period, register};
use workbench::reports::pack::CHAPTERS;
use workbench::reports::{build, generate, render, Format, Kind};
use workbench::{audit, Error};

fn head(reg: &workbench::Register) -> String {
    audit::head(reg.conn()).unwrap().unwrap().hash
}

#[test]
fn html_has_contents_every_chapter_the_checks_the_policy_and_the_fingerprint() {
    let reg = register();
    let report = build(reg.conn(), Kind::Pack, period()).unwrap();
    let html = String::from_utf8(render(&report, Format::Html).unwrap()).unwrap();
    let hash = head(&reg);
    assert_eq!(report.fingerprint.hash, hash);
    assert!(html.contains("<nav class=\"contents\"><h2>Contents</h2>"));
    for chapter in CHAPTERS {
        let heading = chapter.replace('\'', "&#39;");
        assert!(
            html.contains(&format!(">{heading}</h2>")),
            "no chapter {chapter}"
        );
        assert!(
            html.contains(&format!(">{heading}</a>")),
            "{chapter} not in the contents"
        );
    }
    // The fingerprint: under the title, in the first chapter, and at the foot.
    assert!(html.contains(&format!("register fingerprint <code>{hash}</code>")));
    assert_eq!(html_figure(&html, "Register fingerprint"), hash);
    assert!(
        html.contains("<footer class=\"fingerprint\">Register fingerprint (audit chain head after")
    );
    assert!(html.contains(&format!(
        "{hash} — the fingerprint of the register this report was made from.</footer>"
    )));
    // The check results as of the period's end: request 7 is overdue.
    assert!(html.contains("requests.on-time"));
    assert!(html.contains("was due on 2026-06-09"));
    // The policy in force, sanitised.
    assert!(html.contains("contact@wesmond.com"));
    assert!(html.contains("<div class=\"policy\">"));
    // Charts from the rights and authorizations chapters, inline; nothing runs.
    assert_eq!(html.matches("<svg xmlns").count(), 3);
    assert!(!html.contains("<script"));
    assert!(!html.contains("javascript:"));
}

#[test]
fn pdf_carries_the_fingerprint_and_every_section_heading() {
    let reg = register();
    let report = build(reg.conn(), Kind::Pack, period()).unwrap();
    let pdf = render(&report, Format::Pdf).unwrap();
    let text = pdf_text(&pdf);
    let hash = head(&reg);
    assert!(
        text.contains(&hash),
        "the pack's PDF lacks the fingerprint {hash}"
    );
    assert!(text.contains("Contents"));
    for section in &report.sections {
        assert!(
            text.contains(&section.heading),
            "the PDF lacks the heading {:?}",
            section.heading
        );
    }
    for needle in [
        "62.5% (5 of 8)",
        "requests.on-time",
        "Privacy Policy",
        "contact@wesmond.com",
    ] {
        assert!(text.contains(needle), "the PDF lacks {needle:?}");
    }
    assert_eq!(
        pdf_info(&pdf, "Title"),
        "Compliance pack: 1 January 2026 to 30 June 2026"
    );
    assert!(pdf_info(&pdf, "Keywords").contains(&hash));
    assert!(pdf_info(&pdf, "Pages").parse::<usize>().unwrap() >= 6);
}

#[test]
fn the_same_register_and_period_give_byte_identical_html_and_pdf() {
    let reg = register();
    for format in [Format::Html, Format::Pdf] {
        let a = render(&build(reg.conn(), Kind::Pack, period()).unwrap(), format).unwrap();
        let b = render(&build(reg.conn(), Kind::Pack, period()).unwrap(), format).unwrap();
        assert!(a == b, "the pack as {format:?} differs between two runs");
    }
}

#[test]
fn the_pack_is_not_made_as_a_spreadsheet() {
    let reg = register();
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Csv, Format::Xlsx] {
        let out = dir.path().join(format!("pack.{}", format.name()));
        let err = generate(
            reg.conn(),
            Kind::Pack,
            period(),
            format,
            &out,
            &mut |_, _| {},
        )
        .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)));
        assert!(err.to_string().contains("html or pdf only"), "{err}");
        assert!(!out.exists());
    }
}

#[test]
fn generate_reports_progress_up_to_done_and_writes_the_file() {
    let reg = register();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack.html");
    let mut steps = Vec::new();
    let outcome = generate(
        reg.conn(),
        Kind::Pack,
        period(),
        Format::Html,
        &out,
        &mut |what, percent| steps.push((what.to_string(), percent)),
    )
    .unwrap();
    let written = std::fs::read(&out).unwrap();
    assert_eq!(outcome.bytes, written.len());
    assert_eq!(outcome.sha256, workbench::hash::sha256_hex(&written));
    assert_eq!(outcome.fingerprint.hash, head(&reg));
    assert_eq!(steps.last().unwrap(), &("Done".to_string(), 100));
    assert!(steps.windows(2).all(|w| w[0].1 <= w[1].1), "{steps:?}");
}
