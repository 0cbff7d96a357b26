//! Intake: rights requests from files saved out of the mailbox (`.eml`, `.mbox`) and
//! Shopify compliance webhooks (`.json`).
//!
//! An import reads and parses every file first, then decides for each message whether
//! it is new (a request), a reply in a known thread (In-Reply-To / References), or
//! already in the register (same Message-ID, or same SHA-256 when it has none) — and
//! only then writes, in one transaction. Bad input anywhere refuses the whole import
//! with one sentence naming the file and what is wrong; nothing is half-written. An
//! import that brings nothing new writes nothing at all (not even an audit entry).

pub mod classify;
pub mod eml;
pub mod mbox;
pub mod webhook;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::json;

use crate::db::Register;
use crate::error::{Error, Result};
use crate::register::requests::{self, NewMessage, NewRequest};
use crate::register::settings;
use crate::rules::Rules;

/// The largest single message (an `.eml`, or one message of an mbox): 40 MiB, above the
/// 25–35 MB that common mail services accept, so any real message fits.
pub const MAX_MESSAGE_BYTES: usize = 40 * 1024 * 1024;
/// The largest mbox file: 256 MiB. Larger mailboxes: export the relevant folder or
/// date range instead.
pub const MAX_MBOX_BYTES: u64 = 256 * 1024 * 1024;
/// The largest webhook file: 1 MiB (Shopify's payloads are a few KB).
pub const MAX_WEBHOOK_BYTES: usize = 1024 * 1024;
/// Text bodies longer than this many characters are kept truncated (with a note).
pub const MAX_BODY_CHARS: usize = 1_000_000;

/// How far an import has got, for a progress bar.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Progress {
    /// "reading", "parsing" or "writing".
    pub phase: &'static str,
    pub done: u64,
    pub total: u64,
    /// "bytes" or "messages".
    pub unit: &'static str,
}

/// One parsed input.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    Mail(eml::Mail),
    Webhook(webhook::Webhook),
}

/// What an import did with one message.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportItem {
    pub source: String,
    /// "created", "reply" or "duplicate".
    pub outcome: String,
    pub request_id: Option<i64>,
    pub message_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The classification's reason, or what the message was a duplicate of.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct ImportReport {
    pub files: usize,
    pub messages: usize,
    pub created: usize,
    pub replies: usize,
    pub duplicates: usize,
    pub items: Vec<ImportItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Eml,
    Mbox,
    Webhook,
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

fn kind_of(path: &Path) -> Result<FileKind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("eml") => return Ok(FileKind::Eml),
        Some("mbox") | Some("mbx") => return Ok(FileKind::Mbox),
        Some("json") => return Ok(FileKind::Webhook),
        _ => {}
    }
    // No telling extension: look at the first bytes.
    let mut head = [0u8; 512];
    let mut file = std::fs::File::open(path).map_err(|e| io_error("open", path, e))?;
    let n = file
        .read(&mut head)
        .map_err(|e| io_error("read", path, e))?;
    let head = &head[..n];
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if mbox::looks_like_mbox(head) {
        Ok(FileKind::Mbox)
    } else if first == Some(&b'{') || first == Some(&b'[') {
        Ok(FileKind::Webhook)
    } else if head.contains(&b':') && !head.contains(&0) {
        Ok(FileKind::Eml)
    } else {
        Err(Error::Invalid(format!(
            "{}: not an email (.eml), mailbox (.mbox) or Shopify webhook (.json) file",
            path.display()
        )))
    }
}

fn limit(kind: FileKind) -> u64 {
    match kind {
        FileKind::Eml => MAX_MESSAGE_BYTES as u64,
        FileKind::Mbox => MAX_MBOX_BYTES,
        FileKind::Webhook => MAX_WEBHOOK_BYTES as u64,
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// Reads and parses the files, without touching the register.
pub fn parse_files(paths: &[PathBuf], mut progress: impl FnMut(Progress)) -> Result<Vec<Item>> {
    if paths.is_empty() {
        return Err(Error::Invalid("name at least one file to import".into()));
    }
    let now = Utc::now();
    let mut planned = Vec::new();
    let mut total = 0u64;
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| io_error("read", path, e))?;
        if !meta.is_file() {
            return Err(Error::Invalid(format!("{} is not a file", path.display())));
        }
        let kind = kind_of(path)?;
        if meta.len() > limit(kind) {
            let what = match kind {
                FileKind::Eml => "a single message",
                FileKind::Mbox => "an mbox",
                FileKind::Webhook => "a webhook file",
            };
            return Err(Error::Invalid(format!(
                "{} is {}, over the {} {what} may be; nothing was imported",
                path.display(),
                mb(meta.len()),
                mb(limit(kind))
            )));
        }
        let modified = meta.modified().ok().map(DateTime::<Utc>::from);
        total += meta.len();
        planned.push((path, kind, modified));
    }
    let mut items = Vec::new();
    let mut done = 0u64;
    for (path, kind, modified) in planned {
        let name = path.display().to_string();
        progress(Progress {
            phase: "reading",
            done,
            total,
            unit: "bytes",
        });
        let bytes = std::fs::read(path).map_err(|e| io_error("read", path, e))?;
        match kind {
            FileKind::Eml => items.push(Item::Mail(eml::parse(&bytes, &name, now)?)),
            FileKind::Webhook => {
                items.push(Item::Webhook(webhook::parse(&bytes, &name, modified)?))
            }
            FileKind::Mbox => {
                let pieces = mbox::split(&bytes, &name)?;
                let mut at = done;
                for piece in pieces {
                    let source = format!("{name} message {} (line {})", piece.number, piece.line);
                    items.push(Item::Mail(eml::parse(&piece.bytes, &source, now)?));
                    at += piece.bytes.len() as u64;
                    progress(Progress {
                        phase: "parsing",
                        done: at.min(done + bytes.len() as u64),
                        total,
                        unit: "bytes",
                    });
                }
            }
        }
        done += bytes.len() as u64;
        progress(Progress {
            phase: "parsing",
            done,
            total,
            unit: "bytes",
        });
    }
    Ok(items)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Existing(i64),
    /// The n-th request this import creates.
    Batch(usize),
}

enum Action {
    Create(Box<NewRequest>),
    Reply(Target, Box<NewMessage>),
    Duplicate,
}

fn attachments_json(mail: &eml::Mail) -> serde_json::Value {
    json!(mail.attachments)
}

fn merchant_by(conn: &Connection, column: &str, value: &str) -> Result<Option<i64>> {
    // `column` is one of ours, never user input.
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id FROM merchants WHERE {column} = ?1 COLLATE NOCASE ORDER BY id LIMIT 1"
        ))?
        .query_row([value], |r| r.get(0))
        .optional()?)
}

fn mail_message(mail: &eml::Mail) -> NewMessage {
    NewMessage {
        message_id: mail.message_id.clone(),
        sha256: mail.sha256.clone(),
        sender: Some(mail.sender.clone()),
        sent_at: mail.sent_at.clone(),
        received_at: mail
            .received_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        subject: mail.subject.clone(),
        body: Some(mail.body.clone()),
        in_reply_to: mail.in_reply_to.clone(),
        references: mail.references.clone(),
        attachments: attachments_json(mail),
        source_file: Some(mail.source.clone()),
    }
}

fn mail_request(
    conn: &Connection,
    rules: &Rules,
    mail: &eml::Mail,
    jurisdiction: &str,
) -> Result<(NewRequest, String)> {
    let c = classify::classify(mail.subject.as_deref(), &mail.body);
    let (name, email, note) = match &mail.forwarded_from {
        Some((name, email)) => (
            name.clone(),
            email.clone(),
            format!("{}; forwarded by {}", c.reason, mail.sender),
        ),
        None => (
            mail.from_name.clone(),
            mail.from_email.clone(),
            c.reason.clone(),
        ),
    };
    let merchant_id = merchant_by(conn, "contact_email", &email)?;
    let request = NewRequest {
        received_at: mail
            .received_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        received_on: rules.office_date(mail.received_at),
        channel: "email".into(),
        requester_name: name,
        requester_email: Some(email),
        merchant_id,
        kind: c.kind.clone(),
        classification_note: Some(note.clone()),
        jurisdiction: jurisdiction.to_string(),
        subject: mail.subject.clone(),
        body: Some(mail.body.clone()),
        note: None,
        message: Some(mail_message(mail)),
    };
    Ok((request, note))
}

fn webhook_request(
    conn: &Connection,
    rules: &Rules,
    hook: &webhook::Webhook,
    jurisdiction: &str,
) -> Result<(NewRequest, String)> {
    let jurisdiction = match &hook.jurisdiction {
        Some(j) => rules
            .jurisdiction(j)
            .map_err(|e| Error::Invalid(format!("{}: {e}", hook.source)))?
            .code
            .clone(),
        None => jurisdiction.to_string(),
    };
    let note = format!("Shopify topic {} ({})", hook.topic, hook.topic_from);
    let merchant_id = merchant_by(conn, "shop_domain", &hook.shop_domain)?;
    let received_at = hook
        .received_at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let subject = format!("Shopify {} for {}", hook.topic, hook.shop_domain);
    let request = NewRequest {
        received_at: received_at.clone(),
        received_on: rules.office_date(hook.received_at),
        channel: "shopify_webhook".into(),
        requester_name: if hook.topic == "shop/redact" {
            Some(hook.shop_domain.clone())
        } else {
            hook.customer_id
                .as_ref()
                .map(|id| format!("Shopify customer {id}"))
        },
        requester_email: hook.customer_email.clone(),
        merchant_id,
        kind: hook.kind.clone(),
        classification_note: Some(note.clone()),
        jurisdiction,
        subject: Some(subject.clone()),
        body: Some(hook.payload.clone()),
        note: Some(format!("time of receipt from {}", hook.received_from)),
        message: Some(NewMessage {
            message_id: hook
                .webhook_id
                .as_ref()
                .map(|id| format!("shopify-webhook:{id}")),
            sha256: hook.sha256.clone(),
            sender: Some(format!("Shopify ({})", hook.shop_domain)),
            sent_at: None,
            received_at,
            subject: Some(subject),
            body: Some(hook.payload.clone()),
            in_reply_to: None,
            references: Vec::new(),
            attachments: json!([]),
            source_file: Some(hook.source.clone()),
        }),
    };
    Ok((request, note))
}

/// Imports parsed items into the register: new requests, replies joining their thread,
/// duplicates skipped. One write for the lot, or none when nothing is new.
pub fn import_items(
    reg: &mut Register,
    rules: &Rules,
    actor: &str,
    items: Vec<Item>,
    files: usize,
    mut progress: impl FnMut(Progress),
) -> Result<ImportReport> {
    // One read snapshot for the whole plan: consistent, and far cheaper than a
    // transaction per lookup.
    let (mut report, actions) = reg.read(|conn| {
        let jurisdiction =
            settings::get(conn, settings::DEFAULT_JURISDICTION)?.unwrap_or_else(|| "HK".into());
        let mut report = ImportReport {
            files,
            messages: items.len(),
            ..ImportReport::default()
        };
        let mut actions = Vec::new();
        let mut seen_keys: HashSet<String> = HashSet::new();
        let mut batch_ids: HashMap<String, Target> = HashMap::new();
        let mut created = 0usize;
        for item in &items {
            let (message_id, sha256, source) = match item {
                Item::Mail(m) => (m.message_id.clone(), m.sha256.clone(), m.source.clone()),
                Item::Webhook(w) => (
                    w.webhook_id
                        .as_ref()
                        .map(|id| format!("shopify-webhook:{id}")),
                    w.sha256.clone(),
                    w.source.clone(),
                ),
            };
            let key = message_id
                .clone()
                .unwrap_or_else(|| format!("sha256:{sha256}"));
            if seen_keys.contains(&key)
                || requests::message_known(conn, message_id.as_deref(), &sha256)?
            {
                report.duplicates += 1;
                report.items.push(ImportItem {
                    source,
                    outcome: "duplicate".into(),
                    request_id: None,
                    message_id,
                    kind: None,
                    reason: match &item {
                        Item::Mail(m) if m.message_id.is_some() => {
                            "this Message-ID is already in the register".into()
                        }
                        _ => "a message with the same SHA-256 is already in the register".into(),
                    },
                });
                actions.push(Action::Duplicate);
                continue;
            }
            seen_keys.insert(key);
            if let Item::Mail(mail) = item {
                let mut thread: Vec<String> = mail.in_reply_to.iter().cloned().collect();
                thread.extend(mail.references.iter().rev().cloned());
                let target = match thread.iter().find_map(|id| batch_ids.get(id).copied()) {
                    Some(t) => Some(t),
                    None => requests::find_by_message_ids(conn, &thread)?.map(Target::Existing),
                };
                if let Some(target) = target {
                    if let Some(id) = &mail.message_id {
                        batch_ids.insert(id.clone(), target);
                    }
                    report.replies += 1;
                    report.items.push(ImportItem {
                        source,
                        outcome: "reply".into(),
                        request_id: match target {
                            Target::Existing(id) => Some(id),
                            Target::Batch(_) => None,
                        },
                        message_id,
                        kind: None,
                        reason: "a reply in the thread of an existing request".into(),
                    });
                    actions.push(Action::Reply(target, Box::new(mail_message(mail))));
                    continue;
                }
            }
            let (request, reason) = match item {
                Item::Mail(m) => mail_request(conn, rules, m, &jurisdiction)?,
                Item::Webhook(w) => webhook_request(conn, rules, w, &jurisdiction)?,
            };
            if let Some(id) = &message_id {
                batch_ids.insert(id.clone(), Target::Batch(created));
            }
            created += 1;
            report.created += 1;
            report.items.push(ImportItem {
                source,
                outcome: "created".into(),
                request_id: None,
                message_id,
                kind: Some(request.kind.clone()),
                reason,
            });
            actions.push(Action::Create(Box::new(request)));
        }
        Ok((report, actions))
    })?;
    if report.created == 0 && report.replies == 0 {
        return Ok(report);
    }
    let total = (report.created + report.replies) as u64;
    // 256 MiB: a 100,000-message mailbox's rows and index pages stay in memory.
    let ids = reg.write_bulk(actor, 256, |change| {
        let mut ids: Vec<i64> = Vec::new();
        let mut done = 0u64;
        for action in &actions {
            match action {
                Action::Create(new) => ids.push(requests::insert(change, rules, new)?),
                Action::Reply(target, message) => {
                    let id = match target {
                        Target::Existing(id) => *id,
                        Target::Batch(n) => *ids.get(*n).ok_or_else(|| {
                            Error::Invalid("a reply came before the request it answers".into())
                        })?,
                    };
                    requests::add_reply(change, id, message)?;
                }
                Action::Duplicate => continue,
            }
            done += 1;
            progress(Progress {
                phase: "writing",
                done,
                total,
                unit: "messages",
            });
        }
        Ok(ids)
    })?;
    for (item, action) in report.items.iter_mut().zip(&actions) {
        match action {
            Action::Create(_) => {}
            Action::Reply(Target::Batch(n), _) => item.request_id = ids.get(*n).copied(),
            _ => {}
        }
    }
    let mut created_ids = ids.iter();
    for item in report.items.iter_mut().filter(|i| i.outcome == "created") {
        item.request_id = created_ids.next().copied();
    }
    Ok(report)
}

/// Reads, parses and imports files (`.eml`, `.mbox`, Shopify webhook `.json`).
pub fn import_files(
    reg: &mut Register,
    rules: &Rules,
    actor: &str,
    paths: &[PathBuf],
    mut progress: impl FnMut(Progress),
) -> Result<ImportReport> {
    let items = parse_files(paths, &mut progress)?;
    import_items(reg, rules, actor, items, paths.len(), progress)
}
