//! Shopify's mandatory compliance webhooks saved as JSON: `customers/data_request`,
//! `customers/redact`, `shop/redact`.
//!
//! A file holds either a wrapper naming the topic —
//! `{"topic": "customers/redact", "payload": {…}, "received_at": "2025-01-02T03:04:05Z",
//! "webhook_id": "…", "jurisdiction": "EU"}` (all but `topic` and `payload` optional) — or
//! the bare payload Shopify posts, whose topic is read from its fields:
//! `data_request` → customers/data_request, `orders_to_redact` or `customer` →
//! customers/redact, only `shop_id`/`shop_domain` → shop/redact.
//! Without `received_at` the file's modification time is the time of receipt, and the
//! timeline says so.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::MAX_WEBHOOK_BYTES;
use crate::error::{Error, Result};

/// The three compliance topics and the request type each asks for.
pub const TOPICS: &[(&str, &str)] = &[
    ("customers/data_request", "access"),
    ("customers/redact", "deletion"),
    ("shop/redact", "deletion"),
];

/// A compliance webhook, parsed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Webhook {
    pub source: String,
    pub sha256: String,
    pub topic: String,
    /// How the topic was known: "the wrapper's topic" or the fields it was detected from.
    pub topic_from: String,
    pub kind: String,
    pub shop_domain: String,
    pub shop_id: Option<String>,
    pub customer_email: Option<String>,
    pub customer_id: Option<String>,
    pub webhook_id: Option<String>,
    pub jurisdiction: Option<String>,
    pub received_at: DateTime<Utc>,
    /// Where `received_at` came from.
    pub received_from: String,
    /// The payload, pretty-printed: kept as the request's body.
    pub payload: String,
}

fn invalid(file: &str, what: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("{file}: {what}"))
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn detect(payload: &Map<String, Value>) -> Option<(&'static str, String)> {
    if payload.contains_key("data_request") {
        Some((
            "customers/data_request",
            "detected from the field data_request".into(),
        ))
    } else if payload.contains_key("orders_to_redact") {
        Some((
            "customers/redact",
            "detected from the field orders_to_redact".into(),
        ))
    } else if payload.contains_key("customer") {
        Some((
            "customers/redact",
            "detected from the field customer".into(),
        ))
    } else if payload.contains_key("shop_domain") || payload.contains_key("shop_id") {
        Some((
            "shop/redact",
            "detected from the fields shop_id/shop_domain alone".into(),
        ))
    } else {
        None
    }
}

/// Parses a webhook file. `modified` is the file's modification time, used when the
/// file does not say when the webhook arrived.
pub fn parse(bytes: &[u8], file: &str, modified: Option<DateTime<Utc>>) -> Result<Webhook> {
    if bytes.len() > MAX_WEBHOOK_BYTES {
        return Err(invalid(
            file,
            format!(
                "the webhook file is {} bytes, over the {} KB a compliance webhook can be",
                bytes.len(),
                MAX_WEBHOOK_BYTES / 1024
            ),
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        invalid(
            file,
            format!(
                "not valid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let Value::Object(top) = value else {
        return Err(invalid(
            file,
            "a Shopify webhook must be a JSON object, not an array, string or number",
        ));
    };
    let (payload, topic, topic_from) = match top.get("topic") {
        Some(topic) => {
            let topic = topic
                .as_str()
                .ok_or_else(|| invalid(file, "the field topic must be a string"))?;
            let payload = match top.get("payload") {
                Some(Value::Object(p)) => p.clone(),
                Some(_) => return Err(invalid(file, "the field payload must be a JSON object")),
                None => {
                    return Err(invalid(
                        file,
                        "a wrapper with a topic needs a payload object",
                    ))
                }
            };
            (
                payload,
                topic.trim().to_string(),
                "the wrapper's topic".to_string(),
            )
        }
        None => {
            let (topic, from) = detect(&top).ok_or_else(|| {
                invalid(
                    file,
                    "this JSON is not a Shopify compliance webhook: it has no topic and none of the fields data_request, orders_to_redact, customer, shop_domain",
                )
            })?;
            (top.clone(), topic.to_string(), from)
        }
    };
    let kind = TOPICS
        .iter()
        .find(|(t, _)| *t == topic)
        .map(|(_, k)| k.to_string())
        .ok_or_else(|| {
            invalid(
                file,
                format!("topic '{topic}' is not a Shopify compliance webhook (customers/data_request, customers/redact, shop/redact)"),
            )
        })?;
    let shop_domain = text_of(payload.get("shop_domain"))
        .ok_or_else(|| invalid(file, "the payload has no shop_domain"))?;
    let customer = payload.get("customer").and_then(Value::as_object);
    let customer_email = customer.and_then(|c| text_of(c.get("email")));
    let customer_id = customer.and_then(|c| text_of(c.get("id")));
    if topic.starts_with("customers/") && customer_email.is_none() && customer_id.is_none() {
        return Err(invalid(
            file,
            format!("a {topic} payload needs a customer with an email or id"),
        ));
    }
    let (received_at, received_from) = match top.get("received_at") {
        Some(v) => {
            let text = v
                .as_str()
                .ok_or_else(|| invalid(file, "received_at must be an RFC 3339 string"))?;
            let at = DateTime::parse_from_rfc3339(text)
                .map_err(|_| {
                    invalid(
                        file,
                        format!("received_at '{text}' is not an RFC 3339 time such as 2025-01-02T03:04:05Z"),
                    )
                })?
                .with_timezone(&Utc);
            (at, "the file's received_at".to_string())
        }
        None => (
            modified.ok_or_else(|| {
                invalid(file, "the file has no received_at and no modification time")
            })?,
            "the file's modification time (the file has no received_at; check Shopify's delivery log)"
                .to_string(),
        ),
    };
    if received_at > Utc::now() + chrono::Duration::days(1) {
        return Err(invalid(
            file,
            format!("received_at {received_at} is in the future"),
        ));
    }
    let payload_text = serde_json::to_string_pretty(&Value::Object(payload.clone()))
        .map_err(|e| invalid(file, e))?;
    Ok(Webhook {
        source: file.to_string(),
        sha256: crate::hash::sha256_hex(bytes),
        topic,
        topic_from,
        kind,
        shop_domain,
        shop_id: text_of(payload.get("shop_id")),
        customer_email,
        customer_id,
        webhook_id: text_of(top.get("webhook_id")),
        jurisdiction: text_of(top.get("jurisdiction")),
        received_at,
        received_from,
        payload: payload_text,
    })
}
