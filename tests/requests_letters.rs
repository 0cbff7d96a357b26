//! Letters drafted from requests, and the calendar / CSV exports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use workbench::register::requests;
use workbench::{calendar, defaults, intake, letters, rules, Register};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn register_with(files: &[&str]) -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    let paths: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
    if paths.is_empty() {
        return reg;
    }
    intake::import_files(&mut reg, rules::bundled().unwrap(), "test", &paths, |_| {}).unwrap();
    reg
}

fn id_of(reg: &Register, email: &str) -> i64 {
    requests::list(reg.conn())
        .unwrap()
        .into_iter()
        .find(|r| r.requester_email.as_deref() == Some(email))
        .unwrap()
        .id
}

#[test]
fn every_template_exists_in_both_languages_and_names_only_known_fields() {
    let values: BTreeMap<&str, String> = letters::FIELDS
        .iter()
        .map(|f| (*f, format!("<{f}>")))
        .collect();
    for template in letters::TEMPLATES {
        for lang in letters::LANGUAGES {
            let (_, _, text) = letters::LETTER_FILES
                .iter()
                .find(|(n, l, _)| n == template && l == lang)
                .unwrap_or_else(|| panic!("no {template}.{lang}"));
            assert!(text.starts_with("Subject: "), "{template}.{lang}");
            let filled =
                letters::fill(text, &values).unwrap_or_else(|e| panic!("{template}.{lang}: {e}"));
            assert!(!filled.contains("{{"), "{template}.{lang}");
        }
    }
}

#[test]
fn values_are_substituted_as_plain_text_never_read_as_placeholders() {
    let mut values = BTreeMap::new();
    values.insert(
        "requester_name",
        "{{organisation}} <script>alert(1)</script>".to_string(),
    );
    values.insert("organisation", "Wesmond".to_string());
    let out = letters::fill("Dear {{requester_name}}, from {{organisation}}", &values).unwrap();
    assert_eq!(
        out,
        "Dear {{organisation}} <script>alert(1)</script>, from Wesmond"
    );
    let err = letters::fill("{{nope}}", &values).unwrap_err();
    assert!(err.to_string().contains("unknown field 'nope'"));
}

#[test]
fn an_acknowledgement_draft_is_an_unsent_reply_with_the_due_date() {
    let reg = register_with(&["mail/plain.eml"]);
    let id = id_of(&reg, "tai.man@example.com");
    let draft = letters::draft(
        reg.conn(),
        rules::bundled().unwrap(),
        id,
        "acknowledgement",
        "en",
        d("2026-11-03"),
    )
    .unwrap();
    assert_eq!(draft.to, "\"Chan Tai Man\" <tai.man@example.com>");
    assert_eq!(
        draft.from,
        "\"Wesmond International Limited\" <contact@wesmond.com>"
    );
    assert!(
        draft.subject.contains("data deletion request"),
        "{}",
        draft.subject
    );
    assert!(draft.body.contains("2026-12-02"), "{}", draft.body);
    let eml = letters::to_eml(&draft, Utc::now());
    let text = String::from_utf8(eml.clone()).unwrap();
    assert!(text.contains("\r\nIn-Reply-To: <plain-1@mail.example.com>\r\n"));
    assert!(text.contains("\r\nX-Unsent: 1\r\n"));
    // Reads back as the same letter.
    let back = intake::eml::parse(&eml, "draft.eml", Utc::now()).unwrap();
    assert_eq!(back.subject.as_deref(), Some(draft.subject.as_str()));
    assert_eq!(back.body, draft.body.trim());
}

#[test]
fn a_chinese_draft_round_trips_through_utf8_headers_and_body() {
    let reg = register_with(&["mail/big5.eml"]);
    let id = id_of(&reg, "tai.man.lee@example.hk");
    let draft = letters::draft(
        reg.conn(),
        rules::bundled().unwrap(),
        id,
        "acknowledgement",
        "zh-HK",
        d("2026-11-03"),
    )
    .unwrap();
    assert!(draft.subject.contains("查閱資料要求"), "{}", draft.subject);
    assert!(draft.body.starts_with("李大文："), "{}", draft.body);
    let eml = letters::to_eml(&draft, Utc::now());
    assert!(eml.is_ascii(), "the draft is 7-bit clean");
    let back = intake::eml::parse(&eml, "draft.eml", Utc::now()).unwrap();
    assert_eq!(back.subject.as_deref(), Some(draft.subject.as_str()));
    assert_eq!(
        back.from_name.as_deref(),
        Some("Wesmond International Limited")
    );
    assert!(back.body.contains("2026-12-12"));
}

#[test]
fn a_hostile_name_cannot_add_headers_to_the_draft() {
    let mut reg = register_with(&[]);
    let new = requests::NewRequest {
        received_at: "2026-11-02T00:00:00Z".into(),
        received_on: d("2026-11-02"),
        channel: "manual".into(),
        requester_name: Some("Eve\r\nBcc: everyone@example.com".into()),
        requester_email: Some("eve@example.com".into()),
        merchant_id: None,
        kind: "access".into(),
        classification_note: None,
        jurisdiction: "HK".into(),
        subject: None,
        body: None,
        note: None,
        message: None,
    };
    let rules = rules::bundled().unwrap();
    let id = reg
        .write("test", |c| requests::insert(c, rules, &new))
        .unwrap();
    let draft = letters::draft(
        reg.conn(),
        rules,
        id,
        "identity_check",
        "en",
        d("2026-11-03"),
    )
    .unwrap();
    let text = String::from_utf8(letters::to_eml(&draft, Utc::now())).unwrap();
    assert!(!text.contains("\r\nBcc:"), "{text}");
}

#[test]
fn an_extension_notice_or_refusal_needs_the_extension_or_refusal_first() {
    let reg = register_with(&["mail/plain.eml"]);
    let id = id_of(&reg, "tai.man@example.com");
    let rules = rules::bundled().unwrap();
    let e = letters::draft(
        reg.conn(),
        rules,
        id,
        "extension_notice",
        "en",
        d("2026-11-03"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("has not been extended"), "{e}");
    let r = letters::draft(reg.conn(), rules, id, "refusal", "en", d("2026-11-03")).unwrap_err();
    assert!(r.to_string().contains("record the refusal"), "{r}");
    let t = letters::draft(reg.conn(), rules, id, "thanks", "en", d("2026-11-03")).unwrap_err();
    assert!(
        t.to_string().contains("template 'thanks' is not one of"),
        "{t}"
    );
    let l = letters::draft(reg.conn(), rules, id, "completion", "fr", d("2026-11-03")).unwrap_err();
    assert!(l.to_string().contains("language 'fr'"), "{l}");
}

#[test]
fn writing_a_draft_records_it_in_the_timeline() {
    let mut reg = register_with(&["mail/plain.eml"]);
    let id = id_of(&reg, "tai.man@example.com");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ack.eml");
    let draft = letters::draft(
        reg.conn(),
        rules::bundled().unwrap(),
        id,
        "acknowledgement",
        "en",
        d("2026-11-03"),
    )
    .unwrap();
    letters::write_draft(&mut reg, "test", &draft, &out).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    let t = requests::timeline(reg.conn(), id).unwrap();
    let last = t.last().unwrap();
    assert_eq!(last.kind, "letter_drafted");
    assert_eq!(last.detail["sha256"], workbench::hash::sha256_hex(&bytes));
}

#[test]
fn the_calendar_has_one_event_with_a_reminder_per_open_due_date() {
    let mut reg = register_with(&["mail/plain.eml", "mail/big5.eml", "mail/html-only.eml"]);
    let closed = id_of(&reg, "alice@example.net");
    reg.write("test", |c| {
        requests::transition(
            c,
            closed,
            "withdrawn",
            Some("requester withdrew"),
            d("2026-11-03"),
        )
    })
    .unwrap();
    let ics = calendar::ics(reg.conn(), d("2026-11-03")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2);
    assert_eq!(ics.matches("BEGIN:VALARM").count(), 2);
    assert_eq!(ics.matches("TRIGGER:-P7D").count(), 2);
    assert!(ics.contains("DTSTART;VALUE=DATE:20261212\r\nDTEND;VALUE=DATE:20261213\r\n"));
    assert!(!ics.contains("alice@example.net"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "unfolded line: {line}");
    }
}

#[test]
fn the_csv_lists_every_request_and_defuses_formulas() {
    let mut reg = register_with(&[]);
    let new = requests::NewRequest {
        received_at: "2026-11-02T00:00:00Z".into(),
        received_on: d("2026-11-02"),
        channel: "manual".into(),
        requester_name: Some("=HYPERLINK(\"http://evil\")".into()),
        requester_email: Some("x@example.com".into()),
        merchant_id: None,
        kind: "access".into(),
        classification_note: None,
        jurisdiction: "HK".into(),
        subject: None,
        body: None,
        note: None,
        message: None,
    };
    let rules = rules::bundled().unwrap();
    reg.write("test", |c| requests::insert(c, rules, &new))
        .unwrap();
    let csv = calendar::csv(reg.conn(), d("2026-11-03")).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("\"id\",\"type\",\"status\""));
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("\"2026-12-12\""));
}

#[test]
fn an_export_into_a_missing_folder_fails_and_writes_nothing() {
    let reg = register_with(&["mail/plain.eml"]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-folder").join("deadlines.ics");
    let err =
        calendar::export(reg.conn(), calendar::Format::Ics, &out, d("2026-11-03")).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
