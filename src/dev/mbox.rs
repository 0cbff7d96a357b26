//! A realistic mailbox of what arrives at contact@wesmond.com, for measuring intake:
//! rights requests in English and Traditional Chinese (UTF-8 or Big5; plain 8-bit,
//! quoted-printable or base64; some multipart with an HTML alternative or an
//! attachment), requesters' replies threaded by In-Reply-To and References, requests
//! merchants forwarded, newsletters, auto-replies and spam, and the odd message exported
//! twice. The same seed and `until` give the same bytes.

use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::generate::first_day;
use super::rng::Rng;
use super::text::{self, About, Lang, Person};
use crate::error::{Error, Result};

/// More messages than this would pass the importer's mbox size limit.
pub const MAX_MESSAGES: u64 = 150_000;

/// What to write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MboxParams {
    pub messages: u64,
    pub seed: u64,
    /// Messages arrive from 2016 to the day before this date.
    pub until: NaiveDate,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MboxSummary {
    pub messages: u64,
    /// New rights requests written by the requester.
    pub requests: u64,
    /// Requests a merchant forwarded.
    pub forwarded: u64,
    /// Replies in the thread of an earlier request in the file.
    pub replies: u64,
    /// Newsletters, auto-replies, spam.
    pub noise: u64,
    /// Messages exported twice (the same bytes again).
    pub duplicates: u64,
    pub big5: u64,
    pub base64: u64,
    pub quoted_printable: u64,
    pub multipart: u64,
    pub bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Request,
    Forwarded,
    Reply,
    Noise,
    Duplicate,
}

fn category(seed: u64, n: u64) -> Category {
    let mut rng = Rng::derive(seed, 10, n);
    let c = rng.weighted(&[
        (Category::Request, 53),
        (Category::Forwarded, 2),
        (Category::Reply, 20),
        (Category::Noise, 22),
        (Category::Duplicate, 3),
    ]);
    // The first messages have nothing earlier to answer or repeat.
    match c {
        Category::Reply | Category::Duplicate if n < 10 => Category::Request,
        c => c,
    }
}

fn message_id(seed: u64, n: u64) -> String {
    let mut rng = Rng::derive(seed, 11, n);
    format!(
        "{}.{n:x}.{seed:x}@{}",
        rng.hex(20),
        rng.one(&[
            "mail.gmail.com",
            "outlook.com",
            "yahoo.com.hk",
            "netvigator.com",
            "icloud.com"
        ])
    )
}

/// The day message `n` arrived: the arrivals grow over the decade, in file order.
fn day_of(p: &MboxParams, n: u64) -> NaiveDate {
    let first = i64::from(first_day().num_days_from_ce());
    let span = i64::from(p.until.num_days_from_ce()) - first;
    let u = (n as f64 + 0.5) / p.messages as f64;
    let t = ((1.0 + 8.0 * u).sqrt() - 1.0) / 2.0;
    let day = first + ((t * span as f64) as i64).clamp(0, span - 1);
    NaiveDate::from_num_days_from_ce_opt(day as i32).unwrap_or_default()
}

fn rfc2822(day: NaiveDate, secs: u32, offset_hours: i32) -> String {
    // The clock time in the sender's zone for the same instant.
    let local = i64::from(secs) + i64::from(offset_hours) * 3600;
    let day = day + chrono::Days::new(0);
    let day = if local < 0 {
        day.pred_opt().unwrap_or(day)
    } else if local >= 86_400 {
        day.succ_opt().unwrap_or(day)
    } else {
        day
    };
    let local = local.rem_euclid(86_400);
    format!(
        "{}, {} {} {} {:02}:{:02}:{:02} {}{:02}00",
        day.format("%a"),
        day.day(),
        day.format("%b"),
        day.year(),
        local / 3600,
        local / 60 % 60,
        local % 60,
        if offset_hours < 0 { '-' } else { '+' },
        offset_hours.abs()
    )
}

fn mbox_date(day: NaiveDate, secs: u32) -> String {
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {}",
        day.format("%a"),
        day.format("%b"),
        day.day(),
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        day.year()
    )
}

/// RFC 2047 encoded word for a header with non-ASCII text.
fn encoded_word(text: &str, big5: bool) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let b64 = base64::engine::general_purpose::STANDARD;
    if big5 {
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        format!("=?big5?B?{}?=", b64.encode(bytes))
    } else {
        format!("=?UTF-8?B?{}?=", b64.encode(text.as_bytes()))
    }
}

fn quoted_printable(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut column = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push('\n');
            column = 0;
            continue;
        }
        let trailing_space =
            (b == b' ' || b == b'\t') && bytes.get(i + 1).is_none_or(|n| *n == b'\n');
        let piece = if (33..=126).contains(&b) && b != b'=' || (b == b' ' && !trailing_space) {
            (b as char).to_string()
        } else {
            format!("={b:02X}")
        };
        if column + piece.len() > 75 {
            out.push_str("=\n");
            column = 0;
        }
        column += piece.len();
        out.push_str(&piece);
    }
    out
}

fn base64_lines(bytes: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 76 + 1);
    for chunk in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// How a text part is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    EightBit,
    QuotedPrintable,
    Base64,
}

/// A text part's headers and body, in `charset` ("utf-8" or "big5").
fn text_part(subtype: &str, text: &str, big5: bool, wire: Wire) -> Vec<u8> {
    let bytes: Vec<u8> = if big5 {
        encoding_rs::BIG5.encode(text).0.into_owned()
    } else {
        text.as_bytes().to_vec()
    };
    let charset = if big5 {
        "big5"
    } else if text.is_ascii() {
        "us-ascii"
    } else {
        "utf-8"
    };
    let mut out = format!("Content-Type: text/{subtype}; charset={charset}\n").into_bytes();
    match wire {
        Wire::EightBit => {
            out.extend_from_slice(
                format!(
                    "Content-Transfer-Encoding: {}\n\n",
                    if bytes.is_ascii() { "7bit" } else { "8bit" }
                )
                .as_bytes(),
            );
            out.extend_from_slice(&bytes);
            out.push(b'\n');
        }
        Wire::QuotedPrintable => {
            out.extend_from_slice(b"Content-Transfer-Encoding: quoted-printable\n\n");
            out.extend_from_slice(quoted_printable(&bytes).as_bytes());
            out.push(b'\n');
        }
        Wire::Base64 => {
            out.extend_from_slice(b"Content-Transfer-Encoding: base64\n\n");
            out.extend_from_slice(base64_lines(&bytes).as_bytes());
        }
    }
    out
}

fn html_of(text: &str) -> String {
    let mut html = String::from("<html><body>");
    for para in text.split("\n\n") {
        html.push_str("<p>");
        for c in para.chars() {
            match c {
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '&' => html.push_str("&amp;"),
                '\n' => html.push_str("<br>"),
                c => html.push(c),
            }
        }
        html.push_str("</p>");
    }
    html.push_str("</body></html>");
    html
}

/// One message's parts: headers above, then the MIME body.
struct Draft {
    from_name: String,
    from_email: String,
    subject: String,
    body: String,
    lang: Lang,
    in_reply_to: Option<String>,
    references: Vec<String>,
    /// Automatic mail (newsletters, auto-replies): `Precedence: bulk` and a list header.
    bulk: bool,
}

fn from_header(name: &str, email: &str, big5: bool) -> String {
    if name.is_ascii() {
        format!("\"{name}\" <{email}>")
    } else {
        format!("{} <{email}>", encoded_word(name, big5))
    }
}

const NOISE: &[(&str, &str, &str)] = &[
    (
        "TrackTrack Weekly <news@tracktrack.example>",
        "Your weekly store performance digest",
        "Hi there,\n\nHere is what changed in your store this week: sessions up 4%, conversion steady.\n\nManage your notification settings in the dashboard.\n\nThe TrackTrack team",
    ),
    (
        "Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
        "Delivery Status Notification (Failure)",
        "Address not found\n\nYour message wasn't delivered because the address couldn't be found, or is unable to receive mail.",
    ),
    (
        "Kelvin Ho <kelvin.ho@harbourlogistics.example>",
        "Automatic reply: Invoice 2231",
        "Thank you for your email. I am out of the office until Monday and will reply on my return.",
    ),
    (
        "Promotions <deals@bestprice.example>",
        "Limited offer: 70% off smart watches",
        "Don't miss out! Click now for the deal of the year. Offer ends tonight.",
    ),
    (
        "Accounts <billing@cloudhost.example>",
        "Your invoice is ready",
        "Your invoice for this month is now available in the billing portal. Amount due: USD 1,240.00.",
    ),
    (
        "香港網購優惠 <offers@hkdeals.example>",
        "限時優惠：全場八折",
        "親愛的顧客：\n\n本週末全場八折，快來選購！\n\n如不想再收到此類電郵，請按此處。",
    ),
    (
        "LinkedIn <messages-noreply@linkedin.example>",
        "You appeared in 9 searches this week",
        "See who's looking at your profile and grow your network.",
    ),
];

/// Writes the mailbox to `out` (whole, or not at all) and says what it holds.
pub fn write(p: &MboxParams, out: &Path) -> Result<MboxSummary> {
    if p.messages == 0 || p.messages > MAX_MESSAGES {
        return Err(Error::Invalid(format!(
            "--messages {} is out of range: give a number from 1 to {}",
            p.messages,
            super::generate::group(MAX_MESSAGES)
        )));
    }
    let earliest = first_day() + chrono::Days::new(90);
    if p.until < earliest || p.until > crate::time::today() + chrono::Days::new(1) {
        return Err(Error::Invalid(format!(
            "--until {} is out of range: give a date from {earliest} to today",
            p.until
        )));
    }
    let mut s = MboxSummary::default();
    let mut mbox: Vec<u8> = Vec::with_capacity(p.messages as usize * 1400);
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(p.messages as usize);
    for n in 0..p.messages {
        let mut rng = Rng::derive(p.seed, 12, n);
        let (day, secs) = (day_of(p, n), rng.below(86_400) as u32);
        let c = category(p.seed, n);
        if c == Category::Duplicate {
            // The same message exported again: an earlier original, byte for byte.
            let back = rng.range(1, 50.min(n as i64)) as u64;
            let earlier = n - back;
            if matches!(
                category(p.seed, earlier),
                Category::Request | Category::Noise
            ) {
                let (a, b) = starts[earlier as usize];
                let copy = mbox[a..b].to_vec();
                mbox.extend_from_slice(&copy);
                starts.push((a, b));
                s.duplicates += 1;
                s.messages += 1;
                continue;
            }
        }
        let start = mbox.len();
        let c = if c == Category::Duplicate {
            Category::Request
        } else {
            c
        };
        let message = match c {
            Category::Noise => {
                s.noise += 1;
                let (from, subject, body) = rng.one(NOISE);
                let (name, email) = from.split_once(" <").unwrap_or((from, from));
                Draft {
                    from_name: name.to_string(),
                    from_email: email.trim_end_matches('>').to_string(),
                    subject: subject.to_string(),
                    body: body.to_string(),
                    lang: if body.is_ascii() { Lang::En } else { Lang::Zh },
                    in_reply_to: None,
                    references: Vec::new(),
                    bulk: true,
                }
            }
            Category::Reply => {
                let back = rng.range(1, 300.min(n as i64)) as u64;
                let earlier = n - back;
                if category(p.seed, earlier) == Category::Request {
                    s.replies += 1;
                    let original = request_draft(p, earlier);
                    let who = original.0;
                    let subject = format!("Re: {}", original.1.subject);
                    let ack = format!("ack-{earlier:x}.{:x}@wesmond.com", p.seed);
                    let body = text::reply_body(&mut rng, &who, 1000 + earlier);
                    Draft {
                        from_name: who.name.clone(),
                        from_email: who.email.clone(),
                        subject,
                        body,
                        lang: who.lang,
                        in_reply_to: Some(ack.clone()),
                        references: vec![message_id(p.seed, earlier), ack],
                        bulk: false,
                    }
                } else {
                    s.requests += 1;
                    request_draft(p, n).1
                }
            }
            Category::Forwarded => {
                s.forwarded += 1;
                let (who, original) = request_draft(p, n);
                let shop = text::shop_name(rng.below(40_000));
                let owner = format!(
                    "owner@{}.com",
                    shop.split_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect::<String>()
                );
                let mut body = String::from(
                    "Hi, a customer of ours sent this; please handle it under your policy.\n\n---------- Forwarded message ---------\n",
                );
                let _ = write!(
                    body,
                    "From: {} <{}>\nDate: {}\nSubject: {}\nTo: {owner}\n\n{}",
                    who.name,
                    who.email,
                    rfc2822(day, secs, 8),
                    original.subject,
                    original.body
                );
                Draft {
                    from_name: shop,
                    from_email: owner,
                    subject: format!("Fwd: {}", original.subject),
                    body,
                    lang: who.lang,
                    in_reply_to: None,
                    references: Vec::new(),
                    bulk: false,
                }
            }
            _ => {
                s.requests += 1;
                request_draft(p, n).1
            }
        };
        let bytes = render(&mut rng, p.seed, n, day, secs, &message, &mut s);
        write_mbox_message(&mut mbox, &message.from_email, day, secs, &bytes);
        starts.push((start, mbox.len()));
        s.messages += 1;
    }
    s.bytes = mbox.len() as u64;
    crate::files::write_atomic(out, &mbox)?;
    Ok(s)
}

/// The requester and text of request message `n` (the same whenever it is asked for).
fn request_draft(p: &MboxParams, n: u64) -> (Person, Draft) {
    let mut rng = Rng::derive(p.seed, 13, n);
    let jurisdiction = rng.weighted(&[
        ("HK", 70),
        ("EU", 10),
        ("UK", 6),
        ("US-CA", 6),
        ("SG", 5),
        ("BR", 3),
    ]);
    let kind = rng.weighted(&[
        ("access", 30),
        ("deletion", 30),
        ("correction", 12),
        ("withdraw_authorization", 6),
        ("other", 10),
        ("needs_triage", 12),
    ]);
    let who = text::person(&mut rng, jurisdiction);
    let shop = text::shop_name(rng.below(40_000));
    let with_shop = rng.chance(0.6);
    let purchase = day_of(p, n) - chrono::Days::new(rng.range(3, 300) as u64);
    let purchase = purchase.format("%Y-%m-%d").to_string();
    let letter = text::request_letter(
        &mut rng,
        kind,
        &who,
        &About {
            shop: with_shop.then_some(shop.as_str()),
            order: 1000 + n,
            date: &purchase,
        },
    );
    let draft = Draft {
        from_name: who.name.clone(),
        from_email: who.email.clone(),
        subject: letter.subject,
        body: letter.body,
        lang: who.lang,
        in_reply_to: None,
        references: Vec::new(),
        bulk: false,
    };
    (who, draft)
}

/// The message's bytes: headers, then a body in one of the encodings mail clients use.
fn render(
    rng: &mut Rng,
    seed: u64,
    n: u64,
    day: NaiveDate,
    secs: u32,
    m: &Draft,
    s: &mut MboxSummary,
) -> Vec<u8> {
    let zh = m.lang == Lang::Zh;
    let big5 = zh && rng.chance(0.3);
    let wire = if zh {
        rng.weighted(&[
            (Wire::Base64, 45),
            (Wire::QuotedPrintable, 25),
            (Wire::EightBit, 30),
        ])
    } else {
        rng.weighted(&[
            (Wire::EightBit, 60),
            (Wire::QuotedPrintable, 30),
            (Wire::Base64, 10),
        ])
    };
    let shape = rng.weighted(&[
        ("plain", 80),
        ("alternative", 13),
        ("attachment", 5),
        ("html", 2),
    ]);
    s.big5 += u64::from(big5);
    s.base64 += u64::from(wire == Wire::Base64);
    s.quoted_printable += u64::from(wire == Wire::QuotedPrintable);
    s.multipart += u64::from(matches!(shape, "alternative" | "attachment"));
    let offset = if zh || rng.chance(0.6) {
        8
    } else {
        rng.one(&[0, 1, -5, -8, 10])
    };
    let mut h = String::with_capacity(600);
    let _ = write!(
        h,
        "Return-Path: <{}>\nReceived: from mail-{}.example.net ([10.{}.{}.{}]) by mx.wesmond.com with ESMTPS id {}; {}\n",
        m.from_email,
        rng.hex(6),
        rng.below(256),
        rng.below(256),
        rng.below(256),
        rng.hex(12),
        rfc2822(day, secs, 0).replace(" +0000", " +0000 (UTC)")
    );
    let from = from_header(&m.from_name, &m.from_email, big5);
    let _ = write!(
        h,
        "From: {from}\nTo: Wesmond <contact@wesmond.com>\nSubject: {}\nDate: {}\nMessage-ID: <{}>\n",
        encoded_word(&m.subject, big5),
        rfc2822(day, secs.saturating_sub(rng.below(120) as u32), offset),
        message_id(seed, n)
    );
    if let Some(irt) = &m.in_reply_to {
        let _ = writeln!(h, "In-Reply-To: <{irt}>");
        let refs: Vec<String> = m.references.iter().map(|r| format!("<{r}>")).collect();
        let _ = writeln!(h, "References: {}", refs.join("\n "));
    }
    if m.bulk {
        h.push_str("Precedence: bulk\nList-Unsubscribe: <mailto:unsubscribe@lists.example>\n");
    }
    h.push_str("MIME-Version: 1.0\n");
    let mut out = h.into_bytes();
    let boundary = format!("=_{}", rng.hex(16));
    match shape {
        "alternative" => {
            out.extend_from_slice(
                format!("Content-Type: multipart/alternative; boundary=\"{boundary}\"\n\nThis is a multi-part message in MIME format.\n\n--{boundary}\n").as_bytes(),
            );
            out.extend_from_slice(&text_part("plain", &m.body, big5, wire));
            out.extend_from_slice(format!("\n--{boundary}\n").as_bytes());
            out.extend_from_slice(&text_part("html", &html_of(&m.body), big5, wire));
            out.extend_from_slice(format!("\n--{boundary}--\n").as_bytes());
        }
        "attachment" => {
            out.extend_from_slice(
                format!("Content-Type: multipart/mixed; boundary=\"{boundary}\"\n\n--{boundary}\n")
                    .as_bytes(),
            );
            out.extend_from_slice(&text_part("plain", &m.body, big5, wire));
            let (name, ctype) = rng.one(&[
                ("id-masked.jpg", "image/jpeg"),
                ("order-receipt.pdf", "application/pdf"),
                ("screenshot.png", "image/png"),
            ]);
            let size = rng.range(600, 1800) as usize;
            let blob: Vec<u8> = (0..size).map(|_| rng.below(256) as u8).collect();
            out.extend_from_slice(
                format!(
                    "\n--{boundary}\nContent-Type: {ctype}; name=\"{name}\"\nContent-Disposition: attachment; filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n{}\n--{boundary}--\n",
                    base64_lines(&blob)
                )
                .as_bytes(),
            );
        }
        "html" => out.extend_from_slice(&text_part("html", &html_of(&m.body), big5, wire)),
        _ => out.extend_from_slice(&text_part("plain", &m.body, big5, wire)),
    }
    out
}

/// Appends one message to the mailbox: its `From ` line, the message with `From `
/// lines quoted (mboxrd), and the blank line that ends it.
fn write_mbox_message(mbox: &mut Vec<u8>, sender: &str, day: NaiveDate, secs: u32, message: &[u8]) {
    mbox.extend_from_slice(format!("From {sender} {}\n", mbox_date(day, secs)).as_bytes());
    for line in message.split_inclusive(|b| *b == b'\n') {
        let quotes = line.iter().take_while(|b| **b == b'>').count();
        if line[quotes..].starts_with(b"From ") {
            mbox.push(b'>');
        }
        mbox.extend_from_slice(line);
    }
    if !message.ends_with(b"\n") {
        mbox.push(b'\n');
    }
    mbox.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_keeps_lines_short_and_escapes_equals() {
        let qp = quoted_printable("a=b é ".repeat(40).as_bytes());
        assert!(qp.lines().all(|l| l.len() <= 76), "{qp}");
        assert!(qp.contains("=3D") && qp.contains("=C3=A9"));
    }
}
