//! The policy as the company hands it out: self-contained HTML or PDF of a
//! version, with a snapshot recorded for every export of a published version,
//! and the comparison of two versions.

use std::path::Path;

use serde::Serialize;

use super::diff;
use super::html::{self, DocumentMeta};
use crate::db::Register;
use crate::error::{Error, Result};
use crate::register::policy::{self, PolicyVersion, Snapshot};
use crate::register::settings;

/// The formats a policy exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Pdf,
}

impl Format {
    /// Parses "html" or "pdf".
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "html" => Ok(Format::Html),
            "pdf" => Ok(Format::Pdf),
            other => Err(Error::Invalid(format!(
                "'{other}' is not an export format; use html or pdf"
            ))),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

fn organisation(reg: &Register) -> Result<String> {
    Ok(settings::get(reg.conn(), settings::ORGANISATION)?.unwrap_or_default())
}

/// The policy's title: its first heading, or "Privacy Policy".
pub fn title(markdown: &str) -> String {
    markdown
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "Privacy Policy".into())
}

fn subtitle(v: &PolicyVersion) -> String {
    let date = v
        .summary
        .effective_date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or_else(|| policy::last_updated(&v.markdown));
    match date {
        Some(d) => format!(
            "Version {} · Last updated {} · {}",
            v.summary.label,
            policy::long_date(d),
            v.summary.status.replace('_', " ")
        ),
        None => format!(
            "Version {} · {}",
            v.summary.label,
            v.summary.status.replace('_', " ")
        ),
    }
}

/// A version as a self-contained, sanitised HTML document.
pub fn html_document(v: &PolicyVersion, organisation: &str) -> String {
    let footer = format!(
        "{} policy version {} · text SHA-256 {}",
        organisation, v.summary.label, v.markdown_sha256
    );
    html::document(
        &DocumentMeta {
            title: &title(&v.markdown),
            organisation,
            subtitle: &subtitle(v),
            footer: Some(&footer),
        },
        &html::markdown_to_safe_html(&v.markdown),
    )
}

/// A version rendered in `format`.
pub fn render(reg: &Register, v: &PolicyVersion, format: Format) -> Result<Vec<u8>> {
    let org = organisation(reg)?;
    match format {
        Format::Html => Ok(html_document(v, &org).into_bytes()),
        Format::Pdf => render_pdf(reg, v, &org),
    }
}

/// The officer's own letterhead, if they keep one beside the register as
/// `templates/policy.typ`; otherwise the bundled `data/templates/policy.typ`.
fn template_override(reg: &Register) -> Result<Option<String>> {
    let Some(dir) = reg.path().and_then(|p| p.parent()) else {
        return Ok(None);
    };
    let path = dir.join("templates").join("policy.typ");
    if !path.is_file() {
        return Ok(None);
    }
    crate::files::read_text(&path, 1024 * 1024, "template").map(Some)
}

fn render_pdf(reg: &Register, v: &PolicyVersion, org: &str) -> Result<Vec<u8>> {
    // The date printed and stamped into the PDF is the version's own, so the
    // same version always gives the same bytes.
    let last_updated = v
        .summary
        .effective_date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or_else(|| policy::last_updated(&v.markdown))
        .or_else(|| {
            chrono::DateTime::parse_from_rfc3339(&v.summary.created_at)
                .ok()
                .map(|t| t.date_naive())
        })
        .unwrap_or_default();
    let template = template_override(reg)?;
    super::pdf::policy_pdf(&super::pdf::PolicyPdf {
        organisation: org,
        version_label: &v.summary.label,
        title: &title(&v.markdown),
        last_updated,
        markdown: &v.markdown,
        author: org,
        template: template.as_deref(),
    })
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub version: String,
    pub format: Format,
    pub path: String,
    pub bytes: usize,
    pub sha256: String,
    /// Recorded for published and retired versions; drafts leave no snapshot.
    pub snapshot: Option<Snapshot>,
}

/// Exports a version (the published one when `selector` is None) to `out`,
/// recording a snapshot when the version is published or retired.
pub fn export(
    reg: &mut Register,
    actor: &str,
    selector: Option<&str>,
    format: Format,
    out: &Path,
) -> Result<Export> {
    let v = match selector {
        Some(sel) => policy::get(reg.conn(), sel)?,
        None => {
            let p = policy::published(reg.conn())?
                .ok_or_else(|| Error::Invalid("no policy version is published yet".into()))?;
            policy::get(reg.conn(), &p.id.to_string())?
        }
    };
    let bytes = render(reg, &v, format)?;
    crate::files::write_atomic(out, &bytes)?;
    let snapshot = if matches!(v.summary.status.as_str(), "published" | "retired") {
        Some(reg.write(actor, |change| {
            policy::record_snapshot(
                change,
                v.summary.id,
                format.name(),
                &bytes,
                &v.markdown_sha256,
            )
        })?)
    } else {
        None
    };
    Ok(Export {
        version: v.summary.label.clone(),
        format,
        path: out.display().to_string(),
        bytes: bytes.len(),
        sha256: crate::hash::sha256_hex(&bytes),
        snapshot,
    })
}

/// The comparison of two versions.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub old: String,
    pub new: String,
    pub words_inserted: usize,
    pub words_deleted: usize,
    pub runs: Vec<diff::Run>,
}

/// Compares two versions word by word.
pub fn compare(reg: &Register, old: &str, new: &str) -> Result<Comparison> {
    let a = policy::get(reg.conn(), old)?;
    let b = policy::get(reg.conn(), new)?;
    let runs = diff::words(&a.markdown, &b.markdown);
    let (words_inserted, words_deleted) = diff::counts(&runs);
    Ok(Comparison {
        old: a.summary.label,
        new: b.summary.label,
        words_inserted,
        words_deleted,
        runs,
    })
}

/// A unified diff of two versions' markdown.
pub fn unified_diff(reg: &Register, old: &str, new: &str) -> Result<String> {
    let a = policy::get(reg.conn(), old)?;
    let b = policy::get(reg.conn(), new)?;
    Ok(diff::unified(
        &format!("policy {}", a.summary.label),
        &a.markdown,
        &format!("policy {}", b.summary.label),
        &b.markdown,
    ))
}

/// The word-level comparison as a self-contained HTML document.
pub fn diff_document(reg: &Register, c: &Comparison) -> Result<String> {
    let org = organisation(reg)?;
    let subtitle = format!(
        "Changes from version {} to version {}: {} words inserted, {} deleted",
        c.old, c.new, c.words_inserted, c.words_deleted
    );
    Ok(html::document(
        &DocumentMeta {
            title: &format!("Privacy policy: {} → {}", c.old, c.new),
            organisation: &org,
            subtitle: &subtitle,
            footer: None,
        },
        &diff::words_html(&c.runs),
    ))
}
