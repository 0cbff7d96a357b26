//! Intake: every fixture of tests/fixtures/mail and tests/fixtures/webhooks imports
//! correctly or is refused with a clear reason, and nothing is ever half-written.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use workbench::defaults::{self, InitOutcome};
use workbench::intake::{self, classify::classify, eml, Progress};
use workbench::register::requests;
use workbench::{audit, rules, status, Register};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn mail(name: &str) -> eml::Mail {
    let path = fixture(&format!("mail/{name}"));
    eml::parse(&std::fs::read(&path).unwrap(), name, Utc::now()).unwrap()
}

fn register() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    assert_eq!(
        defaults::init(&mut reg, "test").unwrap(),
        InitOutcome::Loaded
    );
    reg
}

fn import(reg: &mut Register, names: &[&str]) -> workbench::Result<intake::ImportReport> {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    intake::import_files(reg, rules::bundled().unwrap(), "test", &paths, |_| {})
}

/// What must not change when an import is refused or brings nothing new.
fn snapshot(reg: &Register) -> (String, i64, Option<String>) {
    let s = status::status(reg).unwrap();
    (
        serde_json::to_string(&s.counts).unwrap(),
        audit::count(reg.conn()).unwrap(),
        s.audit_head,
    )
}

fn detail(reg: &Register, id: i64) -> requests::RequestDetail {
    requests::show(
        reg.conn(),
        rules::bundled().unwrap(),
        id,
        workbench::time::today(),
    )
    .unwrap()
}

#[test]
fn a_plain_message_keeps_its_hash_id_sender_date_subject_and_body() {
    let m = mail("plain.eml");
    let raw = std::fs::read(fixture("mail/plain.eml")).unwrap();
    assert_eq!(m.sha256, workbench::hash::sha256_hex(&raw));
    assert_eq!(m.message_id.as_deref(), Some("plain-1@mail.example.com"));
    assert_eq!(m.sender, "Chan Tai Man <tai.man@example.com>");
    assert_eq!(m.sent_at.as_deref(), Some("2026-11-02T02:00:00Z"));
    assert_eq!(
        m.subject.as_deref(),
        Some("Request to delete my personal data")
    );
    assert!(m.body.contains("Please delete my personal data"));
    let c = classify(m.subject.as_deref(), &m.body);
    assert_eq!(c.kind, "deletion");
    assert_eq!(c.reason, "matched: 'delete my personal data'");
}

#[test]
fn an_html_only_message_becomes_text_without_tags_or_scripts() {
    let m = mail("html-only.eml");
    assert!(m.body.contains("copy of my personal data"), "{}", m.body);
    for never in ["<p>", "<b>", "alert", "pwned", "color: red", "<img"] {
        assert!(!m.body.contains(never), "{never} in {}", m.body);
    }
    assert_eq!(classify(m.subject.as_deref(), &m.body).kind, "access");
}

#[test]
fn a_multipart_alternative_message_takes_the_text_part() {
    let m = mail("multipart-alternative.eml");
    assert!(
        m.body.starts_with("Please correct my personal data"),
        "{}",
        m.body
    );
    assert!(!m.body.contains("<i>"));
    assert_eq!(classify(m.subject.as_deref(), &m.body).kind, "correction");
}

#[test]
fn a_quoted_printable_chinese_message_is_decoded_and_classified() {
    let m = mail("quoted-printable.eml");
    assert!(m.body.contains("請刪除我的個人資料"), "{}", m.body);
    assert_eq!(m.from_name.as_deref(), Some("陳小姐"));
    assert_eq!(m.subject.as_deref(), Some("資料刪除"));
    let c = classify(m.subject.as_deref(), &m.body);
    assert_eq!(c.kind, "deletion");
    assert_eq!(c.reason, "matched: '刪除我的個人資料'");
}

#[test]
fn a_base64_message_is_decoded_and_a_withdrawal_recognised() {
    let m = mail("base64.eml");
    assert!(m.body.contains("withdraw authorization"), "{}", m.body);
    assert_eq!(
        classify(m.subject.as_deref(), &m.body).kind,
        "withdraw_authorization"
    );
}

#[test]
fn a_big5_message_is_decoded_headers_and_body() {
    let m = mail("big5.eml");
    assert_eq!(m.subject.as_deref(), Some("查閱資料要求"));
    assert_eq!(m.from_name.as_deref(), Some("李大文"));
    assert!(m.body.contains("請提供我的個人資料副本"), "{}", m.body);
    let c = classify(m.subject.as_deref(), &m.body);
    assert_eq!(c.kind, "access");
    assert_eq!(c.reason, "matched: '查閱資料要求'");
}

#[test]
fn a_latin1_message_is_decoded() {
    let m = mail("latin1.eml");
    assert!(m.body.contains("Créteil"), "{}", m.body);
    assert_eq!(classify(m.subject.as_deref(), &m.body).kind, "deletion");
}

#[test]
fn a_forwarded_request_names_the_original_sender_as_requester() {
    let m = mail("forwarded.eml");
    assert_eq!(
        m.forwarded_from,
        Some((Some("Mary Lee".into()), "mary.lee@example.org".into()))
    );
}

#[test]
fn attachments_are_listed_with_name_type_and_size_never_opened() {
    let m = mail("with-attachment.eml");
    let names: Vec<(&str, &str)> = m
        .attachments
        .iter()
        .map(|a| (a.name.as_str(), a.content_type.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("hkid-copy.pdf", "application/pdf"),
            ("run-me.exe", "application/octet-stream")
        ]
    );
    assert!(m.attachments.iter().all(|a| a.size > 0));
    assert!(!m.body.contains("PDF-1.4"));
    assert_eq!(classify(m.subject.as_deref(), &m.body).kind, "access");
}

#[test]
fn malformed_headers_still_import_with_the_received_time() {
    let m = mail("malformed-headers.eml");
    assert_eq!(m.received_at.to_rfc3339(), "2026-11-09T01:15:00+00:00");
    assert_eq!(m.sent_at, None, "the Date header was not a date");
    assert!(m.body.contains("correct my personal data"));
}

#[test]
fn an_empty_body_needs_triage() {
    let m = mail("empty-body.eml");
    assert_eq!(m.body, "");
    let c = classify(m.subject.as_deref(), &m.body);
    assert_eq!(c.kind, "needs_triage");
    assert!(c.reason.contains("no request phrase matched"));
}

#[test]
fn classification_of_several_types_needs_triage_and_says_which() {
    let c = classify(
        Some("Requests"),
        "Please send a copy of my data and then 撤回授權.",
    );
    assert_eq!(c.kind, "needs_triage");
    assert!(
        c.reason.contains("'copy of my data' (access)"),
        "{}",
        c.reason
    );
    assert!(
        c.reason.contains("'撤回授權' (withdraw_authorization)"),
        "{}",
        c.reason
    );
    assert_eq!(classify(None, "我想更正我的地址").kind, "correction");
    assert_eq!(
        classify(None, "> delete my data\nThanks for the reply").kind,
        "needs_triage"
    );
}

#[test]
fn files_that_are_not_mail_are_refused_with_a_reason() {
    let mut reg = register();
    let before = snapshot(&reg);
    for (name, expect) in [
        ("mail/no-date.eml", "neither a Received nor a Date header"),
        ("mail/not-mail.eml", "not an email message"),
        ("mail/not-an-mbox.mbox", "not an mbox mailbox"),
        ("webhooks/array.json", "must be a JSON object"),
        (
            "webhooks/unknown-topic.json",
            "'orders/create' is not a Shopify compliance webhook",
        ),
        ("webhooks/truncated.json", "not valid JSON at line 1"),
    ] {
        let err = import(&mut reg, &["mail/plain.eml", name]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(expect), "{name}: {text}");
        assert!(
            text.contains(name.rsplit('/').next().unwrap()),
            "names the file: {text}"
        );
        assert!(err.is_bad_input());
        assert_eq!(snapshot(&reg), before, "{name} half-landed");
    }
}

#[test]
fn the_corpus_imports_each_message_as_one_request_with_its_deadline() {
    let mut reg = register();
    let report = import(
        &mut reg,
        &[
            "mail/plain.eml",
            "mail/html-only.eml",
            "mail/multipart-alternative.eml",
            "mail/quoted-printable.eml",
            "mail/base64.eml",
            "mail/big5.eml",
            "mail/latin1.eml",
            "mail/forwarded.eml",
            "mail/with-attachment.eml",
            "mail/malformed-headers.eml",
            "mail/empty-body.eml",
        ],
    )
    .unwrap();
    assert_eq!(
        (report.created, report.replies, report.duplicates),
        (11, 0, 0)
    );
    let rows = requests::list(reg.conn()).unwrap();
    assert_eq!(rows.len(), 11);
    let by_email = |e: &str| {
        rows.iter()
            .find(|r| r.requester_email.as_deref() == Some(e))
            .unwrap()
    };

    // Received Sun 1 Nov 2026 20:00 UTC = Mon 2 Nov in Hong Kong; HK PDPO access: 40 days
    // → Sat 12 Dec 2026 (Saturdays do not move).
    let big5 = by_email("tai.man.lee@example.hk");
    assert_eq!(big5.kind, "access");
    assert_eq!(big5.received_on.as_deref(), Some("2026-11-02"));
    assert_eq!(big5.due_date.as_deref(), Some("2026-12-12"));
    assert_eq!(big5.rule.as_deref(), Some("HK PDPO s.19: 40 days"));
    assert_eq!(big5.jurisdiction, "HK");

    let fwd = by_email("mary.lee@example.org");
    assert_eq!(fwd.kind, "deletion");
    let d = detail(&reg, fwd.id);
    assert!(
        d.classification_note
            .as_deref()
            .unwrap()
            .contains("forwarded by Officer Kwok <kwok@wesmond.com>"),
        "{:?}",
        d.classification_note
    );

    let triage = by_email("grace@example.com");
    assert_eq!(triage.kind, "needs_triage");

    let attached = detail(&reg, by_email("emily.tse@example.com").id);
    assert_eq!(attached.attachments.as_array().unwrap().len(), 2);
    assert_eq!(attached.attachments[0]["name"], "hkid-copy.pdf");
    assert_eq!(attached.message_id.as_deref(), Some("attach-1@example.com"));
    assert_eq!(attached.message_sha256.as_ref().unwrap().len(), 64);
    assert_eq!(attached.timeline[0].kind, "received");
}

#[test]
fn the_same_message_imported_twice_is_one_request_and_the_second_import_writes_nothing() {
    let mut reg = register();
    import(&mut reg, &["mail/plain.eml", "mail/big5.eml"]).unwrap();
    let before = snapshot(&reg);
    let again = import(
        &mut reg,
        &["mail/plain.eml", "mail/big5.eml", "mail/plain.eml"],
    )
    .unwrap();
    assert_eq!((again.created, again.duplicates), (0, 3));
    assert_eq!(snapshot(&reg), before, "a re-import changed the register");
}

#[test]
fn a_reply_joins_the_existing_requests_timeline() {
    let mut reg = register();
    import(&mut reg, &["mail/plain.eml"]).unwrap();
    let id = requests::list(reg.conn()).unwrap()[0].id;
    let report = import(&mut reg, &["mail/reply.eml"]).unwrap();
    assert_eq!((report.created, report.replies), (0, 1));
    assert_eq!(report.items[0].request_id, Some(id));
    assert_eq!(requests::list(reg.conn()).unwrap().len(), 1);
    let d = detail(&reg, id);
    assert_eq!(d.messages.len(), 2);
    assert_eq!(d.messages[1].role, "reply");
    assert_eq!(d.timeline.last().unwrap().kind, "reply");
}

#[test]
fn an_mbox_imports_its_messages_threads_replies_and_reimports_as_nothing() {
    let mut reg = register();
    let report = import(&mut reg, &["mail/several.mbox"]).unwrap();
    assert_eq!((report.messages, report.created, report.replies), (3, 2, 1));
    let rows = requests::list(reg.conn()).unwrap();
    let alice = rows
        .iter()
        .find(|r| r.requester_email.as_deref() == Some("alice.w@example.net"))
        .unwrap();
    assert_eq!(alice.kind, "access");
    let d = detail(&reg, alice.id);
    assert!(
        d.body
            .as_deref()
            .unwrap()
            .contains("\nFrom the look of your policy"),
        "mboxrd quoting undone"
    );
    assert_eq!(
        d.messages.len(),
        2,
        "the reply in the same mailbox joined the thread"
    );
    let zh = rows
        .iter()
        .find(|r| r.requester_email.as_deref() == Some("siu.ming@example.hk"))
        .unwrap();
    assert_eq!(zh.kind, "withdraw_authorization");
    assert_eq!(
        zh.rule.as_deref(),
        Some("Internal target: 14 days (setting withdraw_authorization_target_days)")
    );

    let before = snapshot(&reg);
    let again = import(&mut reg, &["mail/several.mbox"]).unwrap();
    assert_eq!((again.created, again.replies, again.duplicates), (0, 0, 3));
    assert_eq!(snapshot(&reg), before);
}

#[test]
fn shopify_webhooks_become_requests_with_the_earliest_deadline() {
    let mut reg = register();
    let report = import(
        &mut reg,
        &[
            "webhooks/customers-data-request.json",
            "webhooks/customers-redact-eu.json",
            "webhooks/customers-redact-bare.json",
            "webhooks/shop-redact.json",
        ],
    )
    .unwrap();
    assert_eq!(report.created, 4);
    let rows = requests::list(reg.conn()).unwrap();
    let john = rows
        .iter()
        .find(|r| r.requester_email.as_deref() == Some("john@example.com"))
        .unwrap();
    assert_eq!(
        (john.kind.as_str(), john.channel.as_str()),
        ("access", "shopify_webhook")
    );
    assert_eq!(john.due_date.as_deref(), Some("2026-12-02"));
    assert_eq!(
        john.rule.as_deref(),
        Some("Shopify compliance webhook: 30 days")
    );

    // EU customer: GDPR one month from 1 Jan 2026 is Sun 1 Feb → Mon 2 Feb; Shopify's 30
    // days end 31 Jan, earlier, so Shopify governs.
    let anna = rows
        .iter()
        .find(|r| r.requester_email.as_deref() == Some("anna@example.de"))
        .unwrap();
    assert_eq!(anna.jurisdiction, "EU");
    assert_eq!(anna.due_date.as_deref(), Some("2026-01-31"));
    let d = detail(&reg, anna.id);
    let candidates = &d.deadline.as_ref().unwrap().candidates;
    assert_eq!(candidates.len(), 2);
    assert_eq!(candidates[1].due_date.to_string(), "2026-02-02");

    let kim = rows
        .iter()
        .find(|r| r.requester_email.as_deref() == Some("kim@example.com"))
        .unwrap();
    assert_eq!(kim.kind, "deletion");
    assert!(detail(&reg, kim.id)
        .classification_note
        .unwrap()
        .contains("detected from the field orders_to_redact"));
    let shop = rows
        .iter()
        .find(|r| r.requester_name.as_deref() == Some("tea-house.myshopify.com"))
        .unwrap();
    assert_eq!(shop.kind, "deletion");

    let before = snapshot(&reg);
    let again = import(&mut reg, &["webhooks/customers-data-request.json"]).unwrap();
    assert_eq!(again.duplicates, 1);
    assert_eq!(snapshot(&reg), before);
}

#[test]
fn a_60_mb_eml_is_refused_before_it_is_read_and_nothing_changes() {
    let mut reg = register();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.eml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(60 * 1024 * 1024)
        .unwrap();
    let before = snapshot(&reg);
    let err = intake::import_files(
        &mut reg,
        rules::bundled().unwrap(),
        "test",
        &[fixture("mail/plain.eml"), big],
        |_| {},
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("huge.eml is 60.0 MB, over the 40.0 MB a single message may be"),
        "{text}"
    );
    assert_eq!(snapshot(&reg), before);
}

#[test]
fn an_mbox_over_the_limit_is_refused_and_nothing_changes() {
    let mut reg = register();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("archive.mbox");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(intake::MAX_MBOX_BYTES + 1)
        .unwrap();
    let before = snapshot(&reg);
    let err = intake::import_files(&mut reg, rules::bundled().unwrap(), "test", &[big], |_| {})
        .unwrap_err();
    assert!(
        err.to_string().contains("over the 256.0 MB an mbox may be"),
        "{err}"
    );
    assert_eq!(snapshot(&reg), before);
}

/// Writes an mbox of `count` messages, each with a ~`attachment_kb` KB base64 attachment.
fn write_large_mbox(path: &Path, count: usize, attachment_kb: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\n";
    let lines = attachment_kb * 1024 / line.len();
    for i in 0..count {
        write!(
            f,
            "From sender{i}@example.com Mon Nov 16 09:00:00 2026\n\
             From: Sender {i} <sender{i}@example.com>\n\
             To: contact@wesmond.com\n\
             Subject: Request {i}\n\
             Date: Mon, 16 Nov 2026 09:00:00 +0800\n\
             Message-ID: <bulk-{i}@example.com>\n\
             MIME-Version: 1.0\n\
             Content-Type: multipart/mixed; boundary=\"B\"\n\n\
             --B\n\
             Content-Type: text/plain; charset=utf-8\n\n\
             Please delete my data (message {i}).\n\n\
             --B\n\
             Content-Type: application/pdf; name=\"scan{i}.pdf\"\n\
             Content-Disposition: attachment; filename=\"scan{i}.pdf\"\n\
             Content-Transfer-Encoding: base64\n\n"
        )
        .unwrap();
        for _ in 0..lines {
            f.write_all(line.as_bytes()).unwrap();
        }
        f.write_all(b"\n--B--\n\n").unwrap();
    }
    f.flush().unwrap();
}

#[test]
fn a_50_mb_mbox_imports_whole_with_progress_and_reimports_as_nothing() {
    let mut reg = register();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.mbox");
    write_large_mbox(&path, 100, 512);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 50 * 1_000_000, "the mbox is {size} bytes");

    let mut seen: Vec<Progress> = Vec::new();
    let report = intake::import_files(
        &mut reg,
        rules::bundled().unwrap(),
        "test",
        std::slice::from_ref(&path),
        |p| seen.push(p),
    )
    .unwrap();
    assert_eq!(report.created, 100);
    assert_eq!(requests::list(reg.conn()).unwrap().len(), 100);
    let last_parse = seen.iter().rev().find(|p| p.phase == "parsing").unwrap();
    assert_eq!((last_parse.done, last_parse.total), (size, size));
    let last_write = seen.last().unwrap();
    assert_eq!(
        (last_write.phase, last_write.done, last_write.total),
        ("writing", 100, 100)
    );

    let before = snapshot(&reg);
    let again =
        intake::import_files(&mut reg, rules::bundled().unwrap(), "test", &[path], |_| {}).unwrap();
    assert_eq!(again.duplicates, 100);
    assert_eq!(snapshot(&reg), before);
}

#[test]
fn a_large_mbox_with_one_bad_message_changes_nothing() {
    let mut reg = register();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.mbox");
    write_large_mbox(&path, 20, 64);
    // Append a message without any date: the whole mailbox must be refused.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    f.write_all(b"From x@example.com Mon Nov 16 09:00:00 2026\nFrom: X <x@example.com>\nSubject: delete my data\n\nplease\n").unwrap();
    drop(f);
    let before = snapshot(&reg);
    let err = intake::import_files(&mut reg, rules::bundled().unwrap(), "test", &[path], |_| {})
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("broken.mbox message 21 (line"), "{text}");
    assert_eq!(snapshot(&reg), before);
}

#[test]
fn raw_big5_headers_from_older_mail_clients_are_decoded_in_the_declared_charset() {
    let m = mail("big5-raw-headers.eml");
    assert_eq!(m.subject.as_deref(), Some("更正資料要求"));
    assert_eq!(m.from_name.as_deref(), Some("李大文"));
    assert_eq!(m.sender, "李大文 <lee.raw@example.hk>");
    assert!(m.body.contains("請更正我的個人資料"), "{}", m.body);
    let c = classify(m.subject.as_deref(), &m.body);
    assert_eq!(c.kind, "correction");
    assert_eq!(c.reason, "matched: '更正我的個人資料'");
}
