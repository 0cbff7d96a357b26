//! One email message (`.eml`, or one message of an mbox) read into what the register
//! keeps: its SHA-256, Message-ID, thread references, sender, dates, subject, text body
//! and the list of its attachments — which are never opened, decoded to disk or run.

use chrono::{DateTime, Utc};
use mail_parser::{
    Address, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};
use serde::Serialize;

use super::{MAX_BODY_CHARS, MAX_MESSAGE_BYTES};
use crate::error::{Error, Result};

/// An attachment, as listed (never opened).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: usize,
}

/// A message, parsed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Mail {
    /// Where it came from: the file, and for an mbox the message's number and line.
    pub source: String,
    pub sha256: String,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// The From header as written (display name and address).
    pub sender: String,
    pub from_email: String,
    pub from_name: Option<String>,
    /// The Date header, RFC 3339 UTC.
    pub sent_at: Option<String>,
    /// When it arrived: the newest Received header, else the Date header.
    pub received_at: DateTime<Utc>,
    pub subject: Option<String>,
    /// The plain-text body (HTML-only mail converted to text, never rendered).
    pub body: String,
    pub attachments: Vec<Attachment>,
    /// For a forwarded request: the original sender found in the forwarded part.
    pub forwarded_from: Option<(Option<String>, String)>,
}

fn invalid(source: &str, what: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{source}: {what}"))
}

/// Whether the text starts like a header section (`Name: value`).
fn starts_with_header(bytes: &[u8]) -> bool {
    let first = bytes
        .split(|b| *b == b'\n')
        .find(|l| !l.iter().all(|b| b.is_ascii_whitespace()));
    let Some(line) = first else { return false };
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        return false;
    };
    colon > 0
        && line[..colon]
            .iter()
            .all(|b| (33..=126).contains(b) && *b != b':')
}

fn first_addr(addr: Option<&Address<'_>>) -> Option<(Option<String>, String)> {
    let a = addr?.first()?;
    let email = a.address()?.trim().to_string();
    if !email.contains('@') {
        return None;
    }
    let name = a
        .name()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    Some((name, email))
}

fn message_ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(list) => list.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .map(|id| normalise_id(&id))
    .filter(|id| !id.is_empty())
    .collect()
}

/// Message-IDs are kept without angle brackets or surrounding space.
fn normalise_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_string()
}

fn to_utc(dt: &mail_parser::DateTime) -> Option<DateTime<Utc>> {
    if !dt.is_valid() {
        return None;
    }
    DateTime::<Utc>::from_timestamp(dt.to_timestamp(), 0)
}

fn attachment_of(part: &MessagePart<'_>) -> Attachment {
    let content_type = part
        .content_type()
        .map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_string(),
        })
        .unwrap_or_else(|| "application/octet-stream".into())
        .to_ascii_lowercase();
    let name = part
        .attachment_name()
        .map(str::to_string)
        .or_else(|| match &part.body {
            PartType::Message(m) => m.subject().map(|s| format!("{s}.eml")),
            _ => None,
        })
        .unwrap_or_else(|| "(unnamed)".into());
    Attachment {
        name,
        content_type,
        size: part.len(),
    }
}

/// Finds the original sender in a forwarded message's text ("From: Name <addr>" or
/// "寄件者: …" after a forwarding marker).
fn forwarded_sender(body: &str) -> Option<(Option<String>, String)> {
    let markers = [
        "forwarded message",
        "original message",
        "begin forwarded message",
        "轉寄的郵件",
        "原始郵件",
    ];
    let lower = body.to_lowercase();
    let start = markers.iter().filter_map(|m| lower.find(m)).min()?;
    // `start` indexes the lowercased text; lowercasing can change byte lengths, so fall
    // back to the whole body when it is not a boundary of the original.
    for line in body.get(start..).unwrap_or(body).lines() {
        let l = line.trim().trim_start_matches('>').trim();
        let rest = [
            "From:",
            "from:",
            "寄件者:",
            "寄件者：",
            "發件人:",
            "發件人：",
        ]
        .iter()
        .find_map(|p| l.strip_prefix(p));
        let Some(rest) = rest else { continue };
        let rest = rest.trim();
        let (name, email) = match (rest.find('<'), rest.rfind('>')) {
            (Some(a), Some(b)) if a < b => (
                Some(rest[..a].trim().trim_matches('"').to_string()).filter(|n| !n.is_empty()),
                rest[a + 1..b].trim().to_string(),
            ),
            _ => (
                None,
                rest.trim_matches(|c| c == '[' || c == ']').to_string(),
            ),
        };
        if email.contains('@') && !email.contains(char::is_whitespace) {
            return Some((name, email));
        }
    }
    None
}

fn is_forward(subject: Option<&str>) -> bool {
    let s = subject.unwrap_or_default().trim_start().to_lowercase();
    ["fwd:", "fw:", "轉寄:", "轉寄：", "转发:", "转发："]
        .iter()
        .any(|p| s.starts_with(p))
}

/// A header written as raw 8-bit text in a legacy charset (Big5 from older Hong Kong
/// mail clients) instead of RFC 2047 words: decoded in the charset the message declares
/// for its text. `None` when the header is absent or already valid UTF-8.
fn legacy_header(message: &Message<'_>, bytes: &[u8], name: &str) -> Option<String> {
    let header = message
        .headers()
        .iter()
        .find(|h| h.name().eq_ignore_ascii_case(name))?;
    let raw = bytes.get(header.offset_start() as usize..header.offset_end() as usize)?;
    if std::str::from_utf8(raw).is_ok() {
        return None;
    }
    let charset = message
        .text_part(0)
        .or_else(|| message.html_part(0))
        .and_then(|p| p.content_type())
        .or_else(|| message.root_part().content_type())
        .and_then(|ct| ct.attribute("charset"))?;
    let encoding = encoding_rs::Encoding::for_label(charset.trim().as_bytes())?;
    let (text, _, _) = encoding.decode(raw);
    let unfolded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(unfolded)
}

fn display_name(from_header: &str) -> Option<String> {
    let name = from_header
        .split('<')
        .next()?
        .trim()
        .trim_matches('"')
        .trim();
    (!name.is_empty() && !name.contains('@')).then(|| name.to_string())
}

/// Parses one message. `source` names it in errors ("mail.eml", "inbox.mbox message 3
/// (line 120)"); `now` bounds its dates.
pub fn parse(bytes: &[u8], source: &str, now: DateTime<Utc>) -> Result<Mail> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(invalid(
            source,
            format!(
                "the message is {:.1} MB, over the {} MB a single message may be; save it without its attachments or enter the request with `requests add`",
                bytes.len() as f64 / 1_048_576.0,
                MAX_MESSAGE_BYTES / 1_048_576
            ),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(invalid(source, "the file is empty"));
    }
    if !starts_with_header(bytes) {
        return Err(invalid(
            source,
            "this is not an email message: it does not start with a header line such as 'From: …'",
        ));
    }
    let header_end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .or_else(|| bytes.windows(2).position(|w| w == b"\n\n"))
        .unwrap_or(bytes.len());
    if bytes[..header_end].contains(&0) {
        return Err(invalid(
            source,
            "the message's headers contain binary data (NUL bytes)",
        ));
    }
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| invalid(source, "this is not an email message mail-parser can read"))?;

    let (mut from_name, from_email) = first_addr(message.from())
        .or_else(|| first_addr(message.sender()))
        .or_else(|| first_addr(message.reply_to()))
        .ok_or_else(|| {
            invalid(
                source,
                "the message has no From address, so the requester is unknown; enter it with `requests add`",
            )
        })?;
    if let Some(name) = legacy_header(&message, bytes, "From").and_then(|f| display_name(&f)) {
        from_name = Some(name);
    }
    let sender = match &from_name {
        Some(n) => format!("{n} <{from_email}>"),
        None => from_email.clone(),
    };
    let sent_at = message.date().and_then(to_utc);
    let received = message
        .received()
        .and_then(|r| r.date.as_ref())
        .and_then(to_utc);
    let received_at = received.or(sent_at).ok_or_else(|| {
        invalid(
            source,
            "neither a Received nor a Date header says when the message arrived; enter it with `requests add --received`",
        )
    })?;
    if received_at > now + chrono::Duration::days(1) {
        return Err(invalid(
            source,
            format!("the message is dated {received_at}, in the future; check its Date header"),
        ));
    }
    let subject = legacy_header(&message, bytes, "Subject")
        .or_else(|| message.subject().map(str::to_string))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    // body_text converts an HTML-only body to plain text (tags stripped, scripts and
    // styles dropped); nothing is ever rendered.
    let mut body: String = message
        .body_text(0)
        .map(|b| b.replace("\r\n", "\n").trim().to_string())
        .unwrap_or_default();
    if body.chars().count() > MAX_BODY_CHARS {
        body = body.chars().take(MAX_BODY_CHARS).collect();
        body.push_str("\n[… body truncated by the workbench; the original's SHA-256 is kept]");
    }
    let attachments: Vec<Attachment> = message.attachments().map(attachment_of).collect();
    let forwarded_from = if is_forward(subject.as_deref()) {
        message
            .attachments()
            .find_map(|p| match &p.body {
                PartType::Message(m) => first_addr(m.from()),
                _ => None,
            })
            .or_else(|| forwarded_sender(&body))
    } else {
        None
    };
    let message_id = message
        .message_id()
        .map(normalise_id)
        .filter(|id| !id.is_empty());
    Ok(Mail {
        source: source.to_string(),
        sha256: crate::hash::sha256_hex(bytes),
        message_id,
        in_reply_to: message_ids(message.in_reply_to()).into_iter().next(),
        references: message_ids(message.references()),
        sender,
        from_email,
        from_name,
        sent_at: sent_at.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        received_at,
        subject,
        body,
        attachments,
        forwarded_from,
    })
}
