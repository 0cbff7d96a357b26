//! Answers to rights requests: the letter templates of `data/letters/` (English and
//! Traditional Chinese) filled from a request into a draft `.eml` that the officer
//! sends from their own mail client. The workbench sends nothing.
//!
//! Values are substituted as plain text in one pass: a value containing `{{…}}` or
//! markup stays exactly that text.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::db::Register;
use crate::error::{Error, Result};
use crate::register::{requests, settings};
use crate::rules::Rules;

/// The templates.
pub const TEMPLATES: &[&str] = &[
    "acknowledgement",
    "identity_check",
    "extension_notice",
    "completion",
    "refusal",
];
/// The languages.
pub const LANGUAGES: &[&str] = &["en", "zh-HK"];

/// The fields a template may name.
pub const FIELDS: &[&str] = &[
    "request_id",
    "requester_name",
    "requester_email",
    "received_on",
    "due_date",
    "request_type",
    "rule",
    "organisation",
    "contact_email",
    "today",
    "original_subject",
    "extension_reason",
    "extension_notice_due",
    "outcome",
];

macro_rules! letter {
    ($name:literal, $lang:literal) => {
        (
            $name,
            $lang,
            include_str!(concat!("../data/letters/", $name, ".", $lang, ".txt")),
        )
    };
}

/// `data/letters/NAME.LANG.txt`, compiled in.
pub const LETTER_FILES: &[(&str, &str, &str)] = &[
    letter!("acknowledgement", "en"),
    letter!("acknowledgement", "zh-HK"),
    letter!("identity_check", "en"),
    letter!("identity_check", "zh-HK"),
    letter!("extension_notice", "en"),
    letter!("extension_notice", "zh-HK"),
    letter!("completion", "en"),
    letter!("completion", "zh-HK"),
    letter!("refusal", "en"),
    letter!("refusal", "zh-HK"),
];

/// A letter, filled and ready to be written as a draft.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Draft {
    pub request_id: i64,
    pub template: String,
    pub lang: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The Message-ID the letter answers, if the request came by email.
    pub in_reply_to: Option<String>,
}

/// Fills `{{field}}` placeholders from `values` in one pass; a placeholder naming no
/// known field is an error.
pub fn fill(template: &str, values: &BTreeMap<&str, String>) -> Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| {
            Error::Invalid("a letter template has an unclosed '{{' placeholder".into())
        })?;
        let key = after[..end].trim();
        let value = values.get(key).ok_or_else(|| {
            Error::Invalid(format!("a letter template names an unknown field '{key}'"))
        })?;
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn type_words(kind: &str, lang: &str) -> &'static str {
    match (kind, lang == "zh-HK") {
        ("access", false) => "data access",
        ("correction", false) => "data correction",
        ("deletion", false) => "data deletion",
        ("withdraw_authorization", false) => "withdrawal of authorization",
        (_, false) => "personal data",
        ("access", true) => "查閱資料",
        ("correction", true) => "改正資料",
        ("deletion", true) => "刪除個人資料",
        ("withdraw_authorization", true) => "撤回授權",
        (_, true) => "個人資料",
    }
}

/// Header text with no line breaks or control characters (no header injection).
fn header_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// RFC 2047 encoded word when the text is not plain ASCII.
fn encode_header(text: &str) -> String {
    let text = header_text(text);
    if text.is_ascii() {
        text
    } else {
        format!(
            "=?UTF-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
        )
    }
}

fn mailbox(name: Option<&str>, email: &str) -> String {
    match name.map(header_text).filter(|n| !n.is_empty()) {
        Some(n) if n.is_ascii() => format!("\"{}\" <{email}>", n.replace(['"', '\\'], "")),
        Some(n) => format!("{} <{email}>", encode_header(&n)),
        None => email.to_string(),
    }
}

fn valid_email(email: &str) -> bool {
    let e = email.trim();
    e.contains('@')
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\",;".contains(c))
}

/// Fills a template from a request (read-only).
pub fn draft(
    conn: &Connection,
    rules: &Rules,
    id: i64,
    template: &str,
    lang: &str,
    today: NaiveDate,
) -> Result<Draft> {
    if !TEMPLATES.contains(&template) {
        return Err(Error::Invalid(format!(
            "template '{template}' is not one of {}",
            TEMPLATES.join(", ")
        )));
    }
    let text = LETTER_FILES
        .iter()
        .find(|(n, l, _)| *n == template && *l == lang)
        .map(|(_, _, t)| *t)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "language '{lang}' is not one of {}",
                LANGUAGES.join(", ")
            ))
        })?;
    let r = requests::show(conn, rules, id, today)?;
    let email = r.row.requester_email.clone().unwrap_or_default();
    if !valid_email(&email) {
        return Err(Error::Invalid(format!(
            "request {id} has no usable requester email ('{email}'), so the letter has nowhere to go"
        )));
    }
    if template == "extension_notice" && r.extension_reason.is_none() {
        return Err(Error::Invalid(format!(
            "request {id} has not been extended; run `workbench requests extend {id} --reason …` first"
        )));
    }
    if template == "refusal" && r.row.status != "refused" {
        return Err(Error::Invalid(format!(
            "request {id} is {}; record the refusal and its reasons with `workbench requests transition {id} refused --note …` first",
            r.row.status
        )));
    }
    let organisation = settings::get(conn, settings::ORGANISATION)?.unwrap_or_default();
    let contact = settings::get(conn, settings::CONTACT_EMAIL)?.unwrap_or_default();
    let zh = lang == "zh-HK";
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    values.insert("request_id", id.to_string());
    values.insert(
        "requester_name",
        r.row.requester_name.clone().unwrap_or_else(|| {
            if zh {
                "先生／女士"
            } else {
                "Sir or Madam"
            }
            .to_string()
        }),
    );
    values.insert("requester_email", email.clone());
    values.insert("received_on", r.row.received_on.clone().unwrap_or_default());
    values.insert("due_date", r.row.due_date.clone().unwrap_or_default());
    values.insert("request_type", type_words(&r.row.kind, lang).to_string());
    values.insert("rule", r.row.rule.clone().unwrap_or_default());
    values.insert("organisation", organisation.clone());
    values.insert("contact_email", contact.clone());
    values.insert("today", today.to_string());
    values.insert(
        "original_subject",
        r.row.subject.clone().unwrap_or_default(),
    );
    values.insert(
        "extension_reason",
        r.extension_reason.clone().unwrap_or_default(),
    );
    values.insert(
        "extension_notice_due",
        r.extension_notice_due.clone().unwrap_or_default(),
    );
    values.insert("outcome", r.outcome.clone().unwrap_or_default());
    let filled = fill(text, &values)?;
    let (first, body) = filled.split_once('\n').unwrap_or((&filled, ""));
    let subject = first
        .strip_prefix("Subject:")
        .ok_or_else(|| Error::DataFile {
            file: format!("data/letters/{template}.{lang}.txt"),
            message: "the first line must be 'Subject: …'".into(),
        })?
        .trim()
        .to_string();
    Ok(Draft {
        request_id: id,
        template: template.to_string(),
        lang: lang.to_string(),
        from: mailbox(Some(&organisation), &contact),
        to: mailbox(r.row.requester_name.as_deref(), &email),
        subject: header_text(&subject),
        body: body.trim_start_matches(['\r', '\n']).to_string(),
        in_reply_to: r.message_id.clone(),
    })
}

/// The draft as an RFC 5322 message (UTF-8 text, base64), marked unsent.
pub fn to_eml(d: &Draft, now: chrono::DateTime<chrono::Utc>) -> Vec<u8> {
    let mut headers = vec![
        format!("From: {}", d.from),
        format!("To: {}", d.to),
        format!("Subject: {}", encode_header(&d.subject)),
        format!("Date: {}", now.to_rfc2822()),
        format!(
            "Message-ID: <draft-{}-{}-{}@complianceworkbench.invalid>",
            d.request_id,
            d.template,
            now.timestamp()
        ),
    ];
    if let Some(mid) = &d.in_reply_to {
        let mid = header_text(mid);
        headers.push(format!("In-Reply-To: <{mid}>"));
        headers.push(format!("References: <{mid}>"));
    }
    headers.extend([
        "X-Unsent: 1".to_string(),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=utf-8".to_string(),
        "Content-Transfer-Encoding: base64".to_string(),
    ]);
    let body = d.body.replace("\r\n", "\n").replace('\n', "\r\n");
    let encoded = base64::engine::general_purpose::STANDARD.encode(body.as_bytes());
    let mut out = headers.join("\r\n");
    out.push_str("\r\n\r\n");
    for chunk in encoded.as_bytes().chunks(76) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Writes a draft (from [`draft`]) into `out`, atomically, and records it in the
/// request's timeline with the file's SHA-256.
pub fn write_draft(reg: &mut Register, actor: &str, d: &Draft, out: &Path) -> Result<()> {
    let bytes = to_eml(d, chrono::Utc::now());
    crate::files::write_atomic(out, &bytes)?;
    let sha = crate::hash::sha256_hex(&bytes);
    let file = out.display().to_string();
    reg.write(actor, |change| {
        requests::record_letter(change, d.request_id, &d.template, &d.lang, &file, &sha)
    })
}
