//! The policy as PDF, read back with poppler (`pdfinfo`, `pdftotext`,
//! `pdftohtml -xml` for the outline): page size, metadata, letterhead, footer,
//! headings, Chinese text, determinism, and what unsafe markdown turns into.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use workbench::defaults::POLICY_MD;
use workbench::render::pdf::{policy_pdf, PolicyPdf, DEFAULT_POLICY_TEMPLATE};
use workbench::Error;

const ORGANISATION: &str = "Wesmond International Limited";

fn may_31() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 31).unwrap()
}

fn seed(markdown: &str) -> PolicyPdf<'_> {
    PolicyPdf {
        organisation: ORGANISATION,
        version_label: "2026-05-31",
        title: "Privacy Policy",
        last_updated: may_31(),
        markdown,
        author: "Wesmond International Limited (compliance)",
        template: None,
    }
}

fn render(markdown: &str) -> Vec<u8> {
    policy_pdf(&seed(markdown)).unwrap()
}

/// Runs a poppler tool on the PDF and returns its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.pdf");
    std::fs::write(&path, pdf).unwrap();
    run(tool, args, &path)
}

fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-"); // to standard output
    }
    let output = command.output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}); install poppler-utils (apt-get install poppler-utils)")
    });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf).replace('\n', " ")
}

fn info_field(info: &str, field: &str) -> String {
    info.lines()
        .find_map(|line| line.strip_prefix(&format!("{field}:")))
        .unwrap_or_else(|| panic!("pdfinfo shows no {field}:\n{info}"))
        .trim()
        .to_owned()
}

fn pages(pdf: &[u8]) -> usize {
    info_field(&poppler("pdfinfo", &[], pdf), "Pages")
        .parse()
        .unwrap()
}

/// Every markdown heading of the seed, in order.
fn seed_headings() -> Vec<String> {
    POLICY_MD
        .lines()
        .filter_map(|line| line.strip_prefix('#'))
        .map(|line| line.trim_start_matches('#').trim().to_owned())
        .collect()
}

fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn seed_policy_is_a4_with_title_author_and_date_metadata() {
    let pdf = render(POLICY_MD);
    let info = poppler("pdfinfo", &["-isodates"], &pdf);
    let size = info_field(&info, "Page size");
    let dims: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        dims.len() == 2 && (dims[0] - 595.28).abs() < 0.05 && (dims[1] - 841.89).abs() < 0.05,
        "not A4: {size}"
    );
    assert_eq!(info_field(&info, "Title"), "Privacy Policy");
    assert_eq!(
        info_field(&info, "Author"),
        "Wesmond International Limited (compliance)"
    );
    assert!(
        info_field(&info, "CreationDate").starts_with("2026-05-31"),
        "{info}"
    );
    assert!(
        pages(&pdf) >= 2,
        "the seed policy should take more than one page"
    );
}

#[test]
fn first_page_carries_the_letterhead_and_every_page_its_number() {
    let pdf = render(POLICY_MD);
    let n = pages(&pdf);
    let first = poppler("pdftotext", &["-enc", "UTF-8", "-f", "1", "-l", "1"], &pdf);
    assert!(first.contains(ORGANISATION), "{first}");
    assert!(first.contains("Version 2026-05-31"), "{first}");
    assert!(first.contains("Last updated: 31 May 2026"), "{first}");
    let all = text(&pdf);
    for page in 1..=n {
        assert!(
            all.contains(&format!("Page {page} of {n}")),
            "no \"Page {page} of {n}\" in {all}"
        );
    }
}

#[test]
fn every_seed_heading_is_in_the_text_in_order() {
    let all = text(&render(POLICY_MD));
    let headings = seed_headings();
    assert!(headings.len() >= 11, "{headings:?}");
    let mut from = 0;
    for heading in &headings {
        let at = all[from..]
            .find(heading.as_str())
            .unwrap_or_else(|| panic!("heading {heading:?} missing or out of order"));
        from += at + heading.len();
    }
    // Body text survives too, links included.
    assert!(all.contains("contact@wesmond.com"));
    assert!(all.contains("Limited Use requirements"));
}

#[test]
fn headings_become_the_pdf_outline() {
    let xml = poppler(
        "pdftohtml",
        &["-xml", "-i", "-stdout", "-q"],
        &render(POLICY_MD),
    );
    let outline = &xml[xml
        .find("<outline>")
        .unwrap_or_else(|| panic!("no outline in {xml}"))..];
    let mut from = 0;
    for heading in seed_headings() {
        let item = format!(">{heading}</item>");
        let at = outline[from..]
            .find(&item)
            .unwrap_or_else(|| panic!("no bookmark {heading:?} in order in {outline}"));
        from += at + item.len();
    }
    assert!(contains_bytes(&render(POLICY_MD), b"/Outlines"));
}

#[test]
fn traditional_chinese_is_typeset_with_real_glyphs() {
    let markdown = "## 私隱政策\n\n我們重視您的私隱。我們只會在商戶授權後存取資料。\n\nMixed: Wesmond 與 TrackTrack。\n";
    let pdf = render(markdown);
    let all = text(&pdf);
    assert!(all.contains("我們重視您的私隱。"), "{all}");
    assert!(all.contains("我們只會在商戶授權後存取資料。"), "{all}");
    assert!(all.contains("私隱政策"), "{all}");
    assert!(all.contains("Wesmond 與 TrackTrack"), "{all}");
    let fonts = poppler("pdffonts", &[], &pdf);
    assert!(fonts.contains("CJK"), "no CJK font embedded:\n{fonts}");
}

#[test]
fn the_same_version_renders_to_identical_bytes() {
    let a = render(POLICY_MD);
    let b = render(POLICY_MD);
    assert!(a == b, "two renders of the same version differ");
    let later = policy_pdf(&PolicyPdf {
        last_updated: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        ..seed(POLICY_MD)
    })
    .unwrap();
    assert!(a != later, "a different date must change the file");
}

#[test]
fn raw_html_and_script_links_do_not_survive() {
    let markdown = "## Notice\n\n<script>alert(1)</script>\n\nClick [x](javascript:alert(1)) or \
                    <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">here</a> \
                    or [mail](mailto:contact@wesmond.com).\n\n<iframe src=\"https://evil.example\"></iframe>\n";
    let pdf = render(markdown);
    let all = text(&pdf);
    assert!(!all.contains("<script>"), "{all}");
    assert!(!all.contains("alert"), "{all}");
    assert!(!all.contains("iframe"), "{all}");
    assert!(all.contains("Click x or here or mail."), "{all}");
    for needle in [&b"/JavaScript"[..], b"/JS", b"javascript", b"evil.example"] {
        assert!(
            !contains_bytes(&pdf, needle),
            "{} found in the PDF",
            String::from_utf8_lossy(needle)
        );
    }
    // The mailto link stays live.
    assert!(contains_bytes(&pdf, b"mailto:contact@wesmond.com"));
}

#[test]
fn lists_quotes_code_and_tables_render() {
    let markdown = "Intro with **bold**, *emphasis*, ~~struck~~ and `code`.\n\n\
                    1. first\n2. second\n   - nested\n\n> quoted words\n\n\
                    ```\nlet x = 1;\n```\n\n| Platform | Scope |\n|---|---|\n| Google | analytics.readonly |\n\n---\n\nEnd.\n";
    let all = text(&render(markdown));
    for expected in [
        "Intro with bold, emphasis, struck and code.",
        "1. first",
        "2. second",
        "nested",
        "quoted words",
        "let x = 1;",
        "Platform",
        "analytics.readonly",
        "End.",
    ] {
        assert!(all.contains(expected), "{expected:?} missing from {all}");
    }
}

#[test]
fn an_edited_template_is_used() {
    let template = DEFAULT_POLICY_TEMPLATE.replace(
        "Last updated: #data.last_updated_display",
        "Effective from #data.last_updated",
    );
    let pdf = policy_pdf(&PolicyPdf {
        template: Some(&template),
        ..seed(POLICY_MD)
    })
    .unwrap();
    assert!(text(&pdf).contains("Effective from 2026-05-31"));
}

#[test]
fn a_broken_template_is_a_clear_error_with_its_line() {
    let template = "#set page(paper: \"a4\")\n\nHello #undefined-thing\n";
    let err = policy_pdf(&PolicyPdf {
        template: Some(template),
        ..seed(POLICY_MD)
    })
    .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    assert!(
        message.starts_with("the PDF template failed: unknown variable: undefined-thing"),
        "{message}"
    );
    assert!(message.contains("at line 3"), "{message}");
}

#[test]
fn a_template_cannot_read_files() {
    let template = "#read(\"/etc/passwd\")\n";
    let err = policy_pdf(&PolicyPdf {
        template: Some(template),
        ..seed(POLICY_MD)
    })
    .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("is not available"), "{message}");
    assert!(message.contains("at line 1"), "{message}");
}

#[test]
fn a_template_sees_the_documents_date_as_today() {
    let template = "#set document(title: sys.inputs.title)\n#datetime.today().display()\n";
    let pdf = policy_pdf(&PolicyPdf {
        template: Some(template),
        ..seed(POLICY_MD)
    })
    .unwrap();
    assert!(text(&pdf).contains("2026-05-31"));
}

#[test]
fn a_template_without_metadata_still_gives_title_author_and_date() {
    let pdf = policy_pdf(&PolicyPdf {
        template: Some("Hello.\n"),
        ..seed(POLICY_MD)
    })
    .unwrap();
    let info = poppler("pdfinfo", &["-isodates"], &pdf);
    assert_eq!(info_field(&info, "Title"), "Privacy Policy");
    assert_eq!(
        info_field(&info, "Author"),
        "Wesmond International Limited (compliance)"
    );
    assert!(info_field(&info, "CreationDate").starts_with("2026-05-31"));
}
