//! Markdown to sanitised, self-contained HTML.
//!
//! Markdown may hold raw HTML; whatever we render passes through ammonia with a
//! short allow-list (no script, no event handlers, no style, links only to
//! http/https/mailto), and every document we write carries a CSP that forbids
//! scripts even if something slipped through.

use std::sync::OnceLock;

use pulldown_cmark::{html, Options, Parser};

/// The tags a rendered policy may contain.
const TAGS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.add_tags(TAGS)
            .add_tag_attributes("a", &["href", "title"])
            .add_tag_attributes("ol", &["start"])
            .add_tag_attributes("th", &["align"])
            .add_tag_attributes("td", &["align"])
            .add_url_schemes(&["http", "https", "mailto"])
            .url_relative(ammonia::UrlRelative::Deny)
            .link_rel(Some("noopener noreferrer"))
            .clean_content_tags(["script", "style"].into_iter().collect());
        b
    })
}

/// Markdown to an HTML fragment that is safe to show anywhere.
pub fn markdown_to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    sanitizer().clean(&raw).to_string()
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The stylesheet of every document we export: screen and print.
pub const STYLESHEET: &str = r#"
:root { color-scheme: light; }
body { font-family: "Noto Serif", "Libertinus Serif", Georgia, "Noto Serif CJK TC", serif;
       max-width: 46rem; margin: 2.5rem auto; padding: 0 1.25rem; line-height: 1.55; color: #1a1f24; }
header.letterhead { border-bottom: 2px solid #14532d; margin-bottom: 1.5rem; padding-bottom: .5rem; }
header.letterhead .org { font-weight: 700; font-size: 1.1rem; color: #14532d; }
header.letterhead .meta { color: #4a5561; font-size: .9rem; }
h1 { font-size: 1.9rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.25rem; margin-top: 1.8rem; }
a { color: #1d4ed8; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #c5ccd3; padding: .3rem .6rem; text-align: left; vertical-align: top; }
ins { background: #dcfce7; text-decoration: none; }
del { background: #fee2e2; }
.diff { white-space: pre-wrap; font-family: inherit; }
footer.fingerprint { margin-top: 2.5rem; border-top: 1px solid #c5ccd3; padding-top: .5rem;
                     color: #4a5561; font-size: .8rem; }
@media print {
  @page { size: A4; margin: 20mm 18mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  li, tr { break-inside: avoid; }
}
"#;

/// What a standalone document says about itself.
pub struct DocumentMeta<'a> {
    pub title: &'a str,
    pub organisation: &'a str,
    /// e.g. "Version 2026-05-31 · Last updated 31 May 2026"
    pub subtitle: &'a str,
    /// Optional fingerprint line at the foot (already plain text).
    pub footer: Option<&'a str>,
}

/// Wraps a sanitised body in a self-contained HTML document: embedded CSS, no
/// external reference, no script, and a CSP that forbids scripts and fetches.
pub fn document(meta: &DocumentMeta<'_>, safe_body: &str) -> String {
    let footer = meta
        .footer
        .map(|f| format!("<footer class=\"fingerprint\">{}</footer>\n", escape(f)))
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"author\" content=\"{org}\">\n<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n\
         <header class=\"letterhead\"><div class=\"org\">{org}</div><div class=\"meta\">{subtitle}</div></header>\n\
         <main>\n{body}</main>\n{footer}</body>\n</html>\n",
        org = escape(meta.organisation),
        title = escape(meta.title),
        css = STYLESHEET,
        subtitle = escape(meta.subtitle),
        body = safe_body,
    )
}
