//! The paged, searched and counted reads that keep the register fast with a decade of
//! records (schema 4): pages agree with the whole list in every order and filter, the
//! search index follows every change, hostile search text is only text, Chinese is found,
//! bad paging is refused in one sentence, and a schema-3 register with data upgrades.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde_json::{json, Value};
use workbench::checks::{self, Severity};
use workbench::db::migrations::{self, MIGRATIONS};
use workbench::register::authorizations::{self, AuthorizationInput, AuthorizationQuery};
use workbench::register::merchants::{self, MerchantInput, MerchantQuery};
use workbench::register::requests::{self, NewMessage, NewRequest, RequestQuery, RequestRow};
use workbench::register::{retention, search_sets, Page};
use workbench::rules::{self, Rules};

mod cli_common;
use cli_common::Run;
use workbench::{audit, defaults, intake, Error, Register};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    d("2026-11-29")
}

fn rules() -> &'static Rules {
    rules::bundled().unwrap()
}

fn register() -> Register {
    let mut reg = Register::open_in_memory().unwrap();
    defaults::init(&mut reg, "test").unwrap();
    reg
}

/// Changes the register through the write path with plain SQL, as a fixture.
fn sql(reg: &mut Register, statements: &str) {
    reg.write("fixture", |c| {
        c.tx().execute_batch(statements)?;
        c.record("fixture", "test", None, &json!({}))
    })
    .unwrap();
}

fn invalid<T: std::fmt::Debug>(result: workbench::Result<T>) -> String {
    match result {
        Err(Error::Invalid(text)) => text,
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

const STATUSES: &[&str] = &[
    "received",
    "identity_check",
    "in_progress",
    "completed",
    "refused",
    "withdrawn",
];
const TYPES: &[&str] = &[
    "access",
    "correction",
    "deletion",
    "withdraw_authorization",
    "other",
    "needs_triage",
];

/// One fixture request, as the test expects to read it back.
#[derive(Debug, Clone)]
struct Fx {
    id: i64,
    received_at: String,
    due: Option<String>,
    status: &'static str,
    kind: &'static str,
    paused: bool,
}

impl Fx {
    fn open(&self) -> bool {
        !["completed", "refused", "withdrawn"].contains(&self.status)
    }
}

/// 150 requests with every status and type, due dates around today (some equal, some
/// missing), ties in the date of receipt, some paused: written with plain SQL in one go.
fn fixture(reg: &mut Register) -> Vec<Fx> {
    let mut out = Vec::new();
    let mut state = 0x2545F4914F6CDD1Du64;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    reg.write("fixture", |c| {
        for id in 1..=150i64 {
            let due = (next(10) != 0).then(|| {
                (today() + chrono::Days::new(next(60)) - chrono::Days::new(30)).to_string()
            });
            let fx = Fx {
                id,
                received_at: format!("2026-{:02}-{:02}T0{}:00:00Z", 1 + next(10), 1 + next(27), next(3)),
                due,
                status: STATUSES[next(STATUSES.len() as u64) as usize],
                kind: TYPES[next(TYPES.len() as u64) as usize],
                paused: next(8) == 0,
            };
            let (name, subject) = match id % 5 {
                0 => ("陳大文".to_string(), format!("查閱個人資料要求 {id}")),
                1 => ("Alice Wong".to_string(), format!("Please delete my data {id}")),
                2 => ("Zoë Müller".to_string(), format!("Correction of my address {id}")),
                3 => ("Bob Smith".to_string(), format!("Question about privacy {id}")),
                _ => ("Carol Ng".to_string(), format!("Withdraw the Google access {id}")),
            };
            c.tx().execute(
                "INSERT INTO rights_requests (id, received_at, channel, requester_name, requester_email,
                     type, jurisdiction, due_date, status, paused_since, subject, body, created_at)
                 VALUES (?1, ?2, 'email', ?3, ?4, ?5, 'HK', ?6, ?7, ?8, ?9, ?10, ?2)",
                params![
                    id,
                    fx.received_at,
                    name,
                    format!("person{id}@example{}.com", id % 3),
                    fx.kind,
                    fx.due,
                    fx.status,
                    fx.paused.then_some("2026-11-20"),
                    subject,
                    format!("Message number {id} of the fixture."),
                ],
            )?;
            out.push(fx);
        }
        c.record("fixture", "test", None, &json!({}))
    })
    .unwrap();
    out
}

fn ids(rows: &[RequestRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

fn page(reg: &Register, q: &RequestQuery) -> Page<RequestRow> {
    requests::page(reg.conn(), q, today()).unwrap()
}

/// Every page of `q` from offset 0 in steps of `q.limit`, each checked to say the total.
fn all_pages(reg: &Register, q: &RequestQuery) -> (u64, Vec<i64>) {
    let mut q = q.clone();
    q.offset = 0;
    let first = page(reg, &q);
    let total = first.total;
    let mut out = ids(&first.rows);
    loop {
        q.offset += u64::from(q.limit);
        let p = page(reg, &q);
        assert_eq!(p.total, total, "the total does not depend on the offset");
        assert_eq!((p.offset, p.limit), (q.offset, q.limit));
        if p.rows.is_empty() {
            break;
        }
        assert!(p.rows.len() <= q.limit as usize);
        out.extend(ids(&p.rows));
    }
    (total, out)
}

/// The order SQL must give: undated due dates last, ties by id; descending is the reverse.
fn expected_order(fx: &[Fx], sort: &str, descending: bool) -> Vec<i64> {
    let mut v: Vec<&Fx> = fx.iter().collect();
    let due = |f: &Fx| (f.due.is_none(), f.due.clone());
    match sort {
        "received_at" => v.sort_by_key(|f| (f.received_at.clone(), f.id)),
        "id" => v.sort_by_key(|f| f.id),
        "status" => v.sort_by_key(|f| (f.status, due(f), f.id)),
        "type" => v.sort_by_key(|f| (f.kind, due(f), f.id)),
        _ => v.sort_by_key(|f| (due(f), f.id)),
    }
    if descending {
        v.reverse();
    }
    v.iter().map(|f| f.id).collect()
}

#[test]
fn pages_in_every_order_add_up_to_the_whole_list() {
    let mut reg = register();
    let fx = fixture(&mut reg);
    for sort in requests::SORTS {
        for descending in [false, true] {
            let q = RequestQuery {
                sort: Some(sort.to_string()),
                descending,
                limit: 7,
                ..Default::default()
            };
            let (total, got) = all_pages(&reg, &q);
            assert_eq!(total, 150);
            assert_eq!(
                got,
                expected_order(&fx, sort, descending),
                "sort {sort} descending {descending}"
            );
        }
    }
    // The sort's name in any case; the default is the due date.
    let upper = page(
        &reg,
        &RequestQuery {
            sort: Some("Received_At".into()),
            limit: 1000,
            ..Default::default()
        },
    );
    assert_eq!(ids(&upper.rows), expected_order(&fx, "received_at", false));
    let default = page(
        &reg,
        &RequestQuery {
            limit: 1000,
            ..Default::default()
        },
    );
    assert_eq!(ids(&default.rows), expected_order(&fx, "due_date", false));
    // The plain list is the default order, in full.
    assert_eq!(
        ids(&requests::list(reg.conn()).unwrap()),
        ids(&default.rows)
    );
    // Past the end: the total, and no rows.
    let past = page(
        &reg,
        &RequestQuery {
            offset: 10_000,
            ..Default::default()
        },
    );
    assert_eq!((past.total, past.rows.len()), (150, 0));
}

#[test]
fn each_filter_and_their_combinations_select_what_the_rows_say() {
    let mut reg = register();
    let fx = fixture(&mut reg);
    let t = today().to_string();
    let week = (today() + chrono::Days::new(7)).to_string();
    let running = |f: &&Fx| f.open() && !f.paused;
    let cases: Vec<(RequestQuery, Vec<i64>)> = vec![
        (
            RequestQuery {
                status: Some("in_progress".into()),
                ..Default::default()
            },
            fx.iter()
                .filter(|f| f.status == "in_progress")
                .map(|f| f.id)
                .collect(),
        ),
        (
            RequestQuery {
                status: Some("Identity-Check".into()),
                ..Default::default()
            },
            fx.iter()
                .filter(|f| f.status == "identity_check")
                .map(|f| f.id)
                .collect(),
        ),
        (
            RequestQuery {
                kind: Some("withdraw".into()),
                ..Default::default()
            },
            fx.iter()
                .filter(|f| f.kind == "withdraw_authorization")
                .map(|f| f.id)
                .collect(),
        ),
        (
            RequestQuery {
                overdue: true,
                ..Default::default()
            },
            fx.iter()
                .filter(running)
                .filter(|f| f.due.as_ref().is_some_and(|d| *d < t))
                .map(|f| f.id)
                .collect(),
        ),
        (
            RequestQuery {
                due_within: Some(7),
                ..Default::default()
            },
            fx.iter()
                .filter(running)
                .filter(|f| f.due.as_ref().is_some_and(|d| *d >= t && *d <= week))
                .map(|f| f.id)
                .collect(),
        ),
        (
            RequestQuery {
                status: Some("received".into()),
                kind: Some("access".into()),
                overdue: true,
                ..Default::default()
            },
            fx.iter()
                .filter(running)
                .filter(|f| f.status == "received" && f.kind == "access")
                .filter(|f| f.due.as_ref().is_some_and(|d| *d < t))
                .map(|f| f.id)
                .collect(),
        ),
        (
            // A search with filters: "delete" is in every fifth subject (id % 5 == 1).
            RequestQuery {
                search: Some("DELETE".into()),
                status: Some("completed".into()),
                ..Default::default()
            },
            fx.iter()
                .filter(|f| f.id % 5 == 1 && f.status == "completed")
                .map(|f| f.id)
                .collect(),
        ),
        (
            RequestQuery {
                search: Some("zoe müller address".into()),
                kind: Some("deletion".into()),
                ..Default::default()
            },
            fx.iter()
                .filter(|f| f.id % 5 == 2 && f.kind == "deletion")
                .map(|f| f.id)
                .collect(),
        ),
    ];
    for (mut q, expected) in cases {
        assert!(!expected.is_empty(), "the fixture exercises {q:?}");
        q.limit = 4;
        let (total, got) = all_pages(&reg, &q);
        let mut sorted = got.clone();
        sorted.sort();
        let mut want = expected.clone();
        want.sort();
        assert_eq!(sorted, want, "{q:?}");
        assert_eq!(total, expected.len() as u64, "{q:?}");
        // In the default order, and the same as the whole list gives.
        let whole = requests::list_matching(reg.conn(), &q, today()).unwrap();
        assert_eq!(got, ids(&whole), "{q:?}");
    }
    // The old filter gives what it gave, now computed in SQL.
    let overdue = requests::list_filtered(
        reg.conn(),
        &requests::ListFilter {
            overdue: true,
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert!(overdue.iter().all(|r| r.overdue));
    assert_eq!(
        overdue.len(),
        fx.iter()
            .filter(running)
            .filter(|f| f.due.as_ref().is_some_and(|d| *d < t))
            .count()
    );
}

#[test]
fn the_summary_counts_in_sql_what_the_rows_say() {
    let mut reg = register();
    fixture(&mut reg);
    let rows = requests::list_filtered(reg.conn(), &Default::default(), today()).unwrap();
    // The summary as it was computed before schema 4: from every row, in Rust.
    let mut want = requests::Summary::default();
    for r in rows
        .iter()
        .filter(|r| !requests::CLOSED.contains(&r.status.as_str()))
    {
        want.open += 1;
        want.overdue += usize::from(r.overdue);
        want.due_this_week += usize::from(
            r.paused_since.is_none() && r.days_left.is_some_and(|d| (0..=7).contains(&d)),
        );
        want.needs_triage += usize::from(r.kind == "needs_triage");
        want.paused += usize::from(r.paused_since.is_some());
    }
    let got = requests::summary(reg.conn(), today()).unwrap();
    assert_eq!(got, want);
    assert!(got.overdue > 0 && got.due_this_week > 0 && got.paused > 0 && got.needs_triage > 0);
}

#[test]
fn a_number_finds_the_request_with_that_id_too() {
    let mut reg = register();
    fixture(&mut reg);
    for text in ["77", "#77", " #77 "] {
        let p = page(
            &reg,
            &RequestQuery {
                search: Some(text.into()),
                ..Default::default()
            },
        );
        // Request 77, and the subjects and bodies that hold the number 77.
        assert!(ids(&p.rows).contains(&77), "{text}: {:?}", ids(&p.rows));
        assert_eq!(p.total, p.rows.len() as u64);
    }
    // The number ends subject 77 ("... 77"), so only 77 has it.
    let p = page(
        &reg,
        &RequestQuery {
            search: Some("#149".into()),
            ..Default::default()
        },
    );
    assert_eq!(ids(&p.rows), [149]);
}

fn search_ids(reg: &Register, text: &str) -> Vec<i64> {
    let mut got = ids(&page(
        reg,
        &RequestQuery {
            search: Some(text.into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .rows);
    got.sort();
    got
}

fn new_request(email: &str, subject: &str, body: &str, name: &str) -> NewRequest {
    NewRequest {
        received_at: "2026-11-02T01:00:00Z".into(),
        received_on: d("2026-11-02"),
        channel: "email".into(),
        requester_name: Some(name.into()),
        requester_email: Some(email.into()),
        merchant_id: None,
        kind: "access".into(),
        classification_note: None,
        jurisdiction: "HK".into(),
        subject: Some(subject.into()),
        body: Some(body.into()),
        note: None,
        message: Some(NewMessage {
            message_id: Some(format!("<{email}>")),
            sha256: "ab".repeat(32),
            sender: Some(format!("{name} <{email}>")),
            received_at: "2026-11-02T01:00:00Z".into(),
            subject: Some(subject.into()),
            body: Some(body.into()),
            attachments: json!([]),
            ..Default::default()
        }),
    }
}

#[test]
fn the_search_index_follows_inserts_replies_changes_and_deletes() {
    let mut reg = register();
    let new = new_request(
        "kwok.siu.ming@example.hk",
        "Subject access request",
        "Please send me a copy of everything about my Harbourfront account.",
        "Kwok Siu Ming",
    );
    let id = reg
        .write("officer", |c| requests::insert(c, rules(), &new))
        .unwrap();
    // Subject, name, email (whole or in part) and body, any case, the last word a prefix.
    for text in [
        "subject access",
        "kwok",
        "KWOK siu",
        "kwok.siu.ming@example.hk",
        "example.hk",
        "harbourfront",
        "harbour",
        "copy everything",
    ] {
        assert_eq!(search_ids(&reg, text), [id], "{text}");
    }
    assert!(search_ids(&reg, "harbour account-less").is_empty());
    assert!(
        search_ids(&reg, "arbourfront").is_empty(),
        "words, not substrings"
    );

    // A reply joins the thread and the index.
    let reply = NewMessage {
        message_id: Some("<reply-1@example.hk>".into()),
        sha256: "cd".repeat(32),
        sender: Some("kwok.siu.ming@example.hk".into()),
        received_at: "2026-11-03T01:00:00Z".into(),
        subject: Some("Re: Subject access request".into()),
        body: Some("My order number is ZX-99812.".into()),
        attachments: json!([]),
        ..Default::default()
    };
    reg.write("officer", |c| requests::add_reply(c, id, &reply))
        .unwrap();
    assert_eq!(search_ids(&reg, "ZX-99812"), [id]);
    assert_eq!(
        search_ids(&reg, "harbourfront"),
        [id],
        "the original still counts"
    );

    // A status change keeps the entry; the status filter sees the new status.
    let in_progress = |reg: &Register| {
        ids(&page(
            reg,
            &RequestQuery {
                search: Some("kwok".into()),
                status: Some("in_progress".into()),
                ..Default::default()
            },
        )
        .rows)
    };
    assert!(in_progress(&reg).is_empty());
    reg.write("officer", |c| {
        requests::transition(c, id, "in_progress", None, today())
    })
    .unwrap();
    assert_eq!(in_progress(&reg), [id]);
    assert_eq!(search_ids(&reg, "kwok"), [id]);

    // Changed text is found by its new words, not its old ones.
    sql(
        &mut reg,
        &format!(
            "UPDATE rights_requests SET subject = 'Erasure under GDPR', body = 'Remove it all.'
             WHERE id = {id}"
        ),
    );
    assert_eq!(search_ids(&reg, "erasure gdpr"), [id]);
    assert_eq!(search_ids(&reg, "remove"), [id]);
    assert!(search_ids(&reg, "harbourfront").is_empty());
    assert_eq!(search_ids(&reg, "ZX-99812"), [id], "replies stay");

    // A deleted reply and a deleted request leave the index.
    sql(
        &mut reg,
        "DELETE FROM request_messages WHERE message_id = '<reply-1@example.hk>'",
    );
    assert!(search_ids(&reg, "ZX-99812").is_empty());
    sql(
        &mut reg,
        &format!(
            "DELETE FROM request_messages WHERE request_id = {id};
             DELETE FROM request_events WHERE request_id = {id};
             DELETE FROM rights_requests WHERE id = {id};"
        ),
    );
    assert!(search_ids(&reg, "erasure").is_empty());
    let entries: i64 = reg
        .conn()
        .query_row(
            "SELECT count(*) FROM request_search WHERE request_search MATCH 'erasure'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(entries, 0);
}

#[test]
fn chinese_is_found_by_any_run_of_characters_and_big5_mail_too() {
    let mut reg = register();
    let paths: Vec<PathBuf> = ["mail/big5.eml", "mail/plain.eml"]
        .iter()
        .map(|n| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(n)
        })
        .collect();
    intake::import_files(&mut reg, rules(), "test", &paths, |_| {}).unwrap();
    let big5 = requests::list(reg.conn())
        .unwrap()
        .into_iter()
        .find(|r| r.subject.as_deref() == Some("查閱資料要求"))
        .expect("the Big5 message was imported")
        .id;
    // The subject 查閱資料要求, the sender 李大文, the body 請提供我的個人資料副本.
    for text in [
        "查閱資料要求",
        "查閱",
        "資料",
        "要求",
        "查",
        "李大文",
        "大文",
        "個人資料副本",
        "資料 副本",
        "tai.man.lee",
    ] {
        assert_eq!(search_ids(&reg, text), [big5], "{text}");
    }
    for text in ["資料查閱", "李小文", "副本資料要求"] {
        assert!(search_ids(&reg, text).is_empty(), "{text}");
    }

    // Mixed with Latin text and in a reply; Hangul and kana too.
    let new = new_request(
        "wong@example.hk",
        "刪除帳戶 Delete my account",
        "請刪除我在ABC公司的資料。 개인정보 삭제 요청. 個人情報の削除をお願いします。",
        "黃小明",
    );
    let id = reg
        .write("officer", |c| requests::insert(c, rules(), &new))
        .unwrap();
    for text in [
        "刪除",
        "刪除帳戶 delete",
        "ABC公司",
        "abc",
        "公司的資料",
        "黃小明",
        "개인정보",
        "삭제",
        "個人情報",
        "削除",
    ] {
        assert_eq!(search_ids(&reg, text), [id], "{text}");
    }
    assert_eq!(search_ids(&reg, "資料"), [big5, id]);
}

#[test]
fn hostile_search_text_is_only_text() {
    let mut reg = register();
    fixture(&mut reg);
    let long = "AND ( \"NEAR\" *".repeat(800);
    let emoji = "😀🔥 data 🙏";
    let hostile: Vec<String> = vec![
        "\"".into(),
        "\"\"".into(),
        "AND (".into(),
        "OR".into(),
        "NOT delete".into(),
        "NEAR(alice wong)".into(),
        "alice*".into(),
        "*".into(),
        "^alice".into(),
        "subject:alice".into(),
        "{subject requester}: alice".into(),
        "alice + wong".into(),
        "a\0lice".into(),
        "\0".into(),
        "' OR 1=1 --".into(),
        "%_\\".into(),
        ")))(((".into(),
        "-".into(),
        long.clone(),
        "x".repeat(10_240),
        emoji.into(),
        "\u{202e}evil\u{200b}".into(),
        "\t\r\n".into(),
    ];
    for text in &hostile {
        let started = std::time::Instant::now();
        let p = requests::page(
            reg.conn(),
            &RequestQuery {
                search: Some(text.clone()),
                ..Default::default()
            },
            today(),
        )
        .unwrap_or_else(|e| {
            panic!(
                "{:?} failed: {e}",
                text.chars().take(40).collect::<String>()
            )
        });
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?} took {:?}",
            text.chars().take(40).collect::<String>(),
            started.elapsed()
        );
        assert!(p.total <= 150);
        merchants::page(
            reg.conn(),
            &MerchantQuery {
                search: Some(text.clone()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    // Operators are words like any other: NOT does not negate, * does not widen.
    assert!(
        search_ids(&reg, "NOT delete").is_empty(),
        "no request says 'not'"
    );
    assert_eq!(search_ids(&reg, "alice*"), search_ids(&reg, "alice"));
    assert_eq!(
        search_ids(&reg, "subject:alice"),
        search_ids(&reg, "subject alice")
    );
    assert_eq!(search_ids(&reg, "a\0lice"), search_ids(&reg, "a lice"));
    // Punctuation alone, or nothing, searches for nothing: every request.
    for text in ["\"", "( )", "*", "-", "😀", "", "   "] {
        assert_eq!(search_ids(&reg, text).len(), 150, "{text:?}");
    }
    // Only the first 256 characters and 16 words count.
    let fts = requests::fts_query(&"word ".repeat(10_000)).unwrap();
    assert_eq!(fts.matches("\"word\"").count(), 16);
    assert!(requests::fts_query(&"y".repeat(10_240)).unwrap().len() < 300);
    assert_eq!(
        requests::fts_query("say \"hiya\"").unwrap(),
        "\"say\" \"\"\"hiya\"\"\"*"
    );
    // The last word may be a word's start from three letters on; CJK characters are
    // whole tokens already.
    assert_eq!(requests::fts_query("al").unwrap(), "\"al\"");
    assert_eq!(requests::fts_query("ali").unwrap(), "\"ali\"*");
    assert_eq!(requests::fts_query("陳大文").unwrap(), "\" 陳  大  文 \"");
    assert_eq!(requests::fts_query("ABC公司").unwrap(), "\"ABC 公  司 \"");
    assert_eq!(requests::fts_query("( ) \" * -"), None);
    assert_eq!(requests::fts_query("AND ("), Some("\"AND\"*".into()));
}

#[test]
fn bad_paging_is_refused_in_one_sentence() {
    let mut reg = register();
    fixture(&mut reg);
    let try_page = |f: &dyn Fn(&mut RequestQuery)| {
        let mut q = RequestQuery::default();
        f(&mut q);
        requests::page(reg.conn(), &q, today())
    };
    let e = invalid(try_page(&|q| {
        q.sort = Some("requester_email; DROP TABLE x".into())
    }));
    assert!(
        e.contains("cannot be sorted by 'requester_email; DROP TABLE x'")
            && e.contains("due_date, received_at, id, status, type"),
        "{e}"
    );
    for limit in [0, 1001, u32::MAX] {
        let e = invalid(try_page(&|q| q.limit = limit));
        assert!(e.contains("limit must be between 1 and 1000"), "{e}");
    }
    assert!(invalid(try_page(&|q| q.status = Some("open".into())))
        .contains("status 'open' is not one of"));
    assert!(
        invalid(try_page(&|q| q.kind = Some("refund".into()))).contains("request type 'refund'")
    );
    // A huge offset or window is not an error.
    assert!(try_page(&|q| q.offset = u64::MAX).unwrap().rows.is_empty());
    assert!(try_page(&|q| q.due_within = Some(u32::MAX)).is_ok());
    assert!(try_page(&|q| q.limit = 1000).is_ok());
    let e = invalid(merchants::page(
        reg.conn(),
        &MerchantQuery {
            limit: 0,
            ..Default::default()
        },
    ));
    assert!(e.contains("limit must be between 1 and 1000"), "{e}");
    let e = invalid(authorizations::page(
        reg.conn(),
        &AuthorizationQuery {
            limit: 5000,
            ..Default::default()
        },
        today(),
    ));
    assert!(e.contains("limit must be between 1 and 1000"), "{e}");
    assert!(retention::items_page(reg.conn(), today(), 0, 0).is_err());
}

#[test]
fn the_query_reads_from_json_as_the_desktop_sends_it() {
    let q: RequestQuery = serde_json::from_value(json!({
        "status": null, "type": "deletion", "overdue": false, "due_within": 7,
        "search": "alice", "sort": "received_at", "descending": true,
        "limit": 25, "offset": 50
    }))
    .unwrap();
    assert_eq!(q.kind.as_deref(), Some("deletion"));
    assert_eq!((q.limit, q.offset, q.descending), (25, 50, true));
    let q: RequestQuery = serde_json::from_value(json!({})).unwrap();
    assert_eq!(q, RequestQuery::default());
    assert_eq!(q.limit, 50);
    let m: MerchantQuery = serde_json::from_value(json!({ "search": "tea" })).unwrap();
    assert_eq!((m.limit, m.offset), (50, 0));
    let a: AuthorizationQuery = serde_json::from_value(json!({ "active": true })).unwrap();
    assert_eq!((a.limit, a.active), (50, true));
    let p = Page {
        total: 3,
        offset: 0,
        limit: 2,
        rows: vec![1, 2],
    };
    assert_eq!(
        serde_json::to_value(&p).unwrap(),
        json!({ "total": 3, "offset": 0, "limit": 2, "rows": [1, 2] })
    );
}

fn add_merchant(reg: &mut Register, name: &str, domain: &str, email: &str) -> i64 {
    let input = MerchantInput {
        name: Some(name.into()),
        shop_domain: Some(domain.into()),
        contact_email: Some(email.into()),
        ..Default::default()
    };
    reg.write("test", |c| merchants::create(c, &input)).unwrap()
}

#[test]
fn merchants_page_by_name_and_search_name_domain_and_email() {
    let mut reg = register();
    for i in 0..30 {
        add_merchant(
            &mut reg,
            &format!("Merchant {i:02}"),
            &format!("shop-{i:02}.myshopify.com"),
            &format!("owner{i}@trade{}.example", i % 4),
        );
    }
    add_merchant(
        &mut reg,
        "100% Tea_House",
        "tea.myshopify.com",
        "tea@leaf.example",
    );
    add_merchant(
        &mut reg,
        "九龍茶莊",
        "kowloon-tea.myshopify.com",
        "hello@kowloon.example",
    );
    let all = merchants::list(reg.conn()).unwrap();
    let mut paged = Vec::new();
    let mut q = MerchantQuery {
        limit: 7,
        ..Default::default()
    };
    loop {
        let p = merchants::page(reg.conn(), &q).unwrap();
        assert_eq!(p.total, 32);
        if p.rows.is_empty() {
            break;
        }
        paged.extend(p.rows);
        q.offset += 7;
    }
    assert_eq!(paged, all);
    let find = |text: &str| -> Vec<String> {
        merchants::page(
            reg.conn(),
            &MerchantQuery {
                search: Some(text.into()),
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|m| m.name)
        .collect()
    };
    assert_eq!(find("merchant 1").len(), 10);
    assert_eq!(find("SHOP-07"), ["Merchant 07"]);
    assert_eq!(find("@trade3.example").len(), 7);
    assert_eq!(find("100%"), ["100% Tea_House"]);
    assert_eq!(find("%"), ["100% Tea_House"], "% is a plain character");
    assert_eq!(find("_"), ["100% Tea_House"], "_ is a plain character");
    assert_eq!(find("茶莊"), ["九龍茶莊"]);
    assert!(find("nobody").is_empty());
}

#[test]
fn authorizations_page_newest_first_like_the_whole_list() {
    let mut reg = register();
    let acme = add_merchant(&mut reg, "Acme Ltd", "acme.myshopify.com", "a@acme.example");
    add_merchant(&mut reg, "Beta Ltd", "beta.myshopify.com", "b@beta.example");
    let mut granted = Vec::new();
    for i in 0..12 {
        let input = AuthorizationInput {
            merchant: Some(if i % 3 == 0 { "Acme Ltd" } else { "Beta Ltd" }.into()),
            platform: Some(if i % 2 == 0 { "google" } else { "meta" }.into()),
            scopes: Some(
                if i % 2 == 0 {
                    "https://www.googleapis.com/auth/analytics.readonly"
                } else {
                    "ads_read"
                }
                .into(),
            ),
            purpose: Some("analytics".into()),
            granted_at: Some(format!("2026-0{}-1{}", 1 + i % 9, i % 10)),
            ..Default::default()
        };
        granted.push(
            reg.write("t", |c| authorizations::grant(c, &input, today()))
                .unwrap()
                .id,
        );
    }
    let revoke = authorizations::Revocation {
        reason: "merchant asked".into(),
        revoked_on: Some("2026-10-01".into()),
        ..Default::default()
    };
    reg.write("t", |c| {
        authorizations::revoke(c, granted[0], &revoke, today())
    })
    .unwrap();
    for (merchant, platform, active) in [
        (None, None, false),
        (Some("Acme Ltd"), None, false),
        (Some(acme.to_string().as_str()), Some("google"), false),
        (None, Some("Meta"), true),
        (None, None, true),
    ] {
        let filter = authorizations::ListFilter {
            merchant: merchant.map(str::to_string),
            platform: platform.map(str::to_string),
            active,
        };
        let whole = authorizations::list_filtered(reg.conn(), &filter, today()).unwrap();
        let mut q = AuthorizationQuery {
            merchant: filter.merchant.clone(),
            platform: filter.platform.clone(),
            active,
            limit: 5,
            offset: 0,
        };
        let mut paged = Vec::new();
        loop {
            let p = authorizations::page(reg.conn(), &q, today()).unwrap();
            assert_eq!(p.total, whole.len() as u64, "{filter:?}");
            if p.rows.is_empty() {
                break;
            }
            paged.extend(p.rows);
            q.offset += 5;
        }
        assert_eq!(paged, whole, "{filter:?}");
        assert!(whole
            .windows(2)
            .all(|w| (&w[0].granted_at, w[0].id) > (&w[1].granted_at, w[1].id)));
    }
    assert!(matches!(
        authorizations::page(
            reg.conn(),
            &AuthorizationQuery {
                merchant: Some("Nobody Ltd".into()),
                ..Default::default()
            },
            today()
        ),
        Err(Error::NotFound { .. })
    ));
}

/// Closed requests, revoked authorizations and an ended merchant, with ties in dates.
fn retention_fixture(reg: &mut Register) {
    add_merchant(reg, "Acme Ltd", "acme.myshopify.com", "a@acme.example");
    for i in 0..6 {
        let input = AuthorizationInput {
            merchant: Some("Acme Ltd".into()),
            platform: Some("google".into()),
            scopes: Some("https://www.googleapis.com/auth/analytics.readonly".into()),
            purpose: Some("analytics".into()),
            granted_at: Some("2020-01-01".into()),
            ..Default::default()
        };
        let id = reg
            .write("t", |c| authorizations::grant(c, &input, today()))
            .unwrap()
            .id;
        let revoke = authorizations::Revocation {
            reason: "asked".into(),
            revoked_on: Some(format!("202{}-03-0{}", i % 3, 1 + i % 2)),
            ..Default::default()
        };
        reg.write("t", |c| authorizations::revoke(c, id, &revoke, today()))
            .unwrap();
    }
    let mut statements = String::new();
    for i in 1..=25 {
        statements.push_str(&format!(
            "INSERT INTO rights_requests (received_at, channel, type, jurisdiction, status, closed_at, created_at)
             VALUES ('2020-01-01T00:00:00Z', 'manual', 'access', 'HK', 'completed', '202{}-0{}-1{}T0{}:00:00Z', 'x');",
            i % 4,
            1 + i % 3,
            i % 2,
            i % 7
        ));
    }
    statements.push_str(
        "UPDATE merchants SET status = 'ended', contract_end = '2021-03-01' WHERE name = 'Acme Ltd';",
    );
    sql(reg, &statements);
}

/// Every page, at every offset and several sizes, is the slice of the whole list there.
fn retention_pages_agree_with_the_list(reg: &Register, total: u64) {
    let all = retention::items(reg.conn(), today()).unwrap();
    for limit in [1, 4, 9] {
        for offset in 0..=all.len() as u64 + 1 {
            let p = retention::items_page(reg.conn(), today(), limit, offset).unwrap();
            assert_eq!(p.total, total, "limit {limit}, offset {offset}");
            let from = (offset as usize).min(all.len());
            let to = (from + limit as usize).min(all.len());
            assert_eq!(p.rows, all[from..to], "limit {limit}, offset {offset}");
        }
    }
}

#[test]
fn retention_pages_are_slices_of_the_whole_list_in_its_order() {
    let mut reg = register();
    retention_fixture(&mut reg);
    let all = retention::items(reg.conn(), today()).unwrap();
    assert!(all.len() > 30, "{}", all.len());
    retention_pages_agree_with_the_list(&reg, all.len() as u64);
    assert!(all
        .windows(2)
        .all(|w| (&w[0].due_on, &w[0].key) < (&w[1].due_on, &w[1].key)));
    let due: Vec<_> = all.iter().filter(|i| i.status == "due").cloned().collect();
    assert_eq!(retention::due(reg.conn(), today()).unwrap(), due);
    // One item by its key; an unknown key is none.
    let some = &all[all.len() / 2];
    assert_eq!(
        retention::item(reg.conn(), &some.key, today())
            .unwrap()
            .as_ref(),
        Some(some)
    );
    assert_eq!(
        retention::item(reg.conn(), "request:99999:rights_request_records", today()).unwrap(),
        None
    );
    assert_eq!(
        retention::item(reg.conn(), "nonsense", today()).unwrap(),
        None
    );
}

#[test]
fn retention_pages_on_a_file_follow_every_change_and_skip_undated_records() {
    // A register with a file keeps the records counted by day between calls.
    let dir = tempfile::tempdir().unwrap();
    let mut reg = Register::open_or_create(&dir.path().join("register.db")).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    retention_fixture(&mut reg);
    let count = |reg: &Register| retention::items(reg.conn(), today()).unwrap().len() as u64;
    let before = count(&reg);
    retention_pages_agree_with_the_list(&reg, before);

    // Another request closes: its items join the list, in their place.
    sql(
        &mut reg,
        "INSERT INTO rights_requests (received_at, channel, type, jurisdiction, status, closed_at, created_at)
         VALUES ('2020-01-01T00:00:00Z', 'manual', 'deletion', 'HK', 'refused', '2021-02-10T09:00:00Z', 'x');",
    );
    let after = count(&reg);
    assert!(after > before, "{before} → {after}");
    retention_pages_agree_with_the_list(&reg, after);

    // A record whose event is not a date gives no item but is counted in the total (the
    // workbench never writes one).
    sql(
        &mut reg,
        "INSERT INTO rights_requests (received_at, channel, type, jurisdiction, status, closed_at, created_at)
         VALUES ('2020-01-01T00:00:00Z', 'manual', 'access', 'HK', 'completed', 'not a date', 'x');",
    );
    assert_eq!(count(&reg), after);
    let total = retention::items_page(reg.conn(), today(), 1, 0)
        .unwrap()
        .total;
    assert!(total > after, "{total} vs {after}");
    retention_pages_agree_with_the_list(&reg, total);

    // Reopened, the same pages.
    drop(reg);
    let reg = Register::open_existing(&dir.path().join("register.db")).unwrap();
    retention_pages_agree_with_the_list(&reg, total);
}

#[test]
fn a_check_lists_fifty_findings_and_sums_up_the_rest() {
    let mut reg = register();
    let mut statements = String::new();
    for i in 0..130 {
        // 80 overdue, 50 due within the week (today 2026-11-29).
        let due = if i < 80 { "2026-11-01" } else { "2026-12-02" };
        statements.push_str(&format!(
            "INSERT INTO rights_requests (received_at, channel, requester_email, type, jurisdiction,
                 due_date, status, created_at)
             VALUES ('2026-10-01T00:00:00Z', 'manual', 'p{i}@example.com', 'access', 'HK', '{due}',
                 'received', 'x');"
        ));
    }
    sql(&mut reg, &statements);
    let report = checks::run(reg.conn(), today()).unwrap();
    let on_time = report
        .results
        .iter()
        .find(|r| r.id == "requests.on-time")
        .unwrap();
    assert_eq!(on_time.findings.len(), checks::LISTED + 2);
    let listed = &on_time.findings[..checks::LISTED];
    assert!(listed
        .iter()
        .all(|f| f.severity == Severity::Error && f.count == 1));
    assert!(listed[0]
        .message
        .contains("was due on 2026-11-01, 28 day(s) ago"));
    let errors = &on_time.findings[checks::LISTED];
    assert_eq!((errors.severity, errors.count), (Severity::Error, 30));
    assert!(errors
        .message
        .contains("and 30 more open request(s) past their due date"));
    assert!(errors.records.is_empty());
    let warnings = &on_time.findings[checks::LISTED + 1];
    assert_eq!((warnings.severity, warnings.count), (Severity::Warning, 50));
    // The report counts every problem, listed or summed up.
    assert_eq!(report.errors, 80);
    assert_eq!(report.warnings, 50);
    // The JSON of a listed finding is as before; the summing-up one says its count.
    let v = serde_json::to_value(on_time).unwrap();
    assert!(v["findings"][0].get("count").is_none());
    assert_eq!(v["findings"][checks::LISTED]["count"], 30);
    assert_eq!(
        checks::all()
            .iter()
            .find(|c| c.id == "requests.triaged")
            .unwrap()
            .findings(reg.conn(), today())
            .unwrap(),
        vec![]
    );
}

/// A register at schema 3 with data: every migration up to 0003, rows in the tables
/// schema 4 indexes, and an audit chain.
fn schema_3_register(path: &Path) {
    let conn = Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..3] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    conn.execute_batch(
        "INSERT INTO platforms VALUES ('google', 'Google', 'analytics_advertising', '[\"Google\"]', NULL);
         INSERT INTO merchants (id, name, shop_domain, status, created_at)
           VALUES (1, 'Harbour Teas', 'harbour-teas.myshopify.com', 'active', '2026-01-01T00:00:00Z');
         INSERT INTO authorizations (id, merchant_id, platform, purpose, granted_at, granted_by)
           VALUES (1, 1, 'google', 'analytics', '2026-01-02', 'owner');
         INSERT INTO rights_requests (id, received_at, received_on, channel, requester_name,
             requester_email, type, jurisdiction, due_date, status, subject, body, created_at)
         VALUES
           (1, '2026-10-01T01:00:00Z', '2026-10-01', 'email', '陳大文', 'chan@example.hk', 'access',
            'HK', '2026-11-10', 'received', '查閱個人資料', '本人要求查閱個人資料。', '2026-10-01T01:00:00Z'),
           (2, '2026-10-02T01:00:00Z', '2026-10-02', 'email', 'Alice Wong', 'alice@example.com',
            'deletion', 'HK', '2026-12-20', 'in_progress', 'Please delete my data', 'Everything.',
            '2026-10-02T01:00:00Z'),
           (3, '2026-10-03T01:00:00Z', '2026-10-03', 'manual', NULL, 'bob@example.com', 'other',
            'HK', NULL, 'completed', NULL, NULL, '2026-10-03T01:00:00Z');
         INSERT INTO request_messages (request_id, role, message_id, sha256, received_at, subject,
             body, imported_at)
         VALUES (2, 'reply', '<r@example.com>', 'ab', '2026-10-05T00:00:00Z', 'Re: delete',
             'Order KX-4417 too.', '2026-10-05T00:00:00Z');",
    )
    .unwrap();
    let mut prev = audit::GENESIS.to_string();
    for seq in 1..=3i64 {
        let change = json!({ "seq": seq }).to_string();
        let entry = audit::NewEntry {
            at: "2026-10-05T00:00:00Z".into(),
            actor: "officer",
            action: "create",
            entity: "rights_request",
            entity_id: None,
            change: &change,
        };
        let hash = audit::entry_hash(&prev, seq, &entry);
        conn.execute(
            "INSERT INTO audit_log VALUES (?1, ?2, 'officer', 'create', 'rights_request', NULL, ?3, ?4, ?5)",
            params![seq, entry.at, change, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn a_schema_3_register_with_data_upgrades_to_the_latest_schema_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    schema_3_register(&db);
    let reg = Register::open_existing(&db).unwrap();
    assert_eq!(
        migrations::current_version(reg.conn()).unwrap(),
        migrations::latest_version()
    );
    assert!(migrations::latest_version() >= 4);
    assert!(audit::verify(reg.conn()).unwrap().ok);
    // The rows that were there are in the index.
    assert_eq!(search_ids(&reg, "個人資料"), [1]);
    assert_eq!(search_ids(&reg, "陳"), [1]);
    assert_eq!(search_ids(&reg, "alice delete"), [2]);
    assert_eq!(search_ids(&reg, "KX-4417"), [2], "replies too");
    assert_eq!(search_ids(&reg, "bob@example.com"), [3]);
    // The new indexes exist and the pages read them.
    let p = page(
        &reg,
        &RequestQuery {
            sort: Some("due_date".into()),
            ..Default::default()
        },
    );
    assert_eq!(ids(&p.rows), [1, 2, 3]);
    let index_names: Vec<String> = reg
        .conn()
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'rights_requests_%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for name in [
        "rights_requests_by_due_order",
        "rights_requests_by_status_order",
        "rights_requests_open",
    ] {
        assert!(
            index_names.iter().any(|n| n == name),
            "{name}: {index_names:?}"
        );
    }
    let integrity: String = reg
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(reg);
    // And the CLI searches it.
    let out = workbench(&db, &["requests", "list", "--search", "陳大文", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["rows"][0]["id"], 1);
}

/// A schema-5 register (the search index kept by SQL triggers, CJK split for the first
/// 4,000 characters only) upgrades to the index written once per write: the part of a
/// long Chinese message past 4,000 characters becomes findable.
#[test]
fn a_schema_5_register_upgrades_and_indexes_long_chinese_text_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    schema_3_register(&db);
    {
        let conn = Connection::open(&db).unwrap();
        for sql in &MIGRATIONS[3..5] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 5).unwrap();
        let body = format!("{}本人要求刪除帳戶", "x ".repeat(2500));
        conn.execute(
            "INSERT INTO rights_requests (id, received_at, received_on, channel, requester_email,
                 type, jurisdiction, due_date, status, subject, body, created_at)
             VALUES (4, '2026-10-04T01:00:00Z', '2026-10-04', 'email', 'lee@example.hk',
                 'deletion', 'HK', '2026-11-13', 'received', 'Request', ?1, '2026-10-04T01:00:00Z')",
            [body],
        )
        .unwrap();
    }
    let reg = Register::open_existing(&db).unwrap();
    assert_eq!(
        migrations::current_version(reg.conn()).unwrap(),
        migrations::latest_version()
    );
    assert_eq!(
        search_ids(&reg, "刪除帳戶"),
        [4],
        "the tail past 4,000 characters"
    );
    assert_eq!(search_ids(&reg, "個人資料"), [1], "the rest as it was");
    assert_eq!(search_ids(&reg, "KX-4417"), [2]);
    let queued: i64 = reg
        .conn()
        .query_row("SELECT count(*) FROM request_search_queue", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(queued, 0, "opening indexed what the upgrade queued");
}

/// A program without the library's SQL functions (here a bare connection) may still
/// change a request: the change waits in the queue, and the next open indexes it.
#[test]
fn a_change_made_outside_the_library_is_indexed_when_the_register_next_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    schema_3_register(&db);
    drop(Register::open_existing(&db).unwrap());
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE rights_requests SET subject = 'Erasure of my loyalty points' WHERE id = 2",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO rights_requests (id, received_at, received_on, channel, requester_email,
                 type, jurisdiction, status, subject, created_at)
             VALUES (5, '2026-10-06T01:00:00Z', '2026-10-06', 'manual', 'mak@example.hk',
                 'access', 'HK', 'received', '查閱紀錄', '2026-10-06T01:00:00Z')",
            [],
        )
        .unwrap();
        // Not in the index yet: the bare connection only queued them.
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM request_search WHERE request_search MATCH 'loyalty'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 0);
    }
    let reg = Register::open_existing(&db).unwrap();
    assert_eq!(search_ids(&reg, "loyalty points"), [2]);
    assert!(
        search_ids(&reg, "Please delete").is_empty(),
        "the old subject left"
    );
    assert_eq!(search_ids(&reg, "KX-4417"), [2], "its reply stays");
    assert_eq!(search_ids(&reg, "紀錄"), [5]);
}

#[test]
fn the_search_plans_read_indexes_not_every_row() {
    let mut reg = register();
    fixture(&mut reg);
    let plan = |sql: &str| -> String {
        reg.conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
            .join(" | ")
    };
    for (sql, index) in [
        (
            "SELECT id FROM rights_requests ORDER BY (due_date IS NULL), due_date, id LIMIT 50",
            "rights_requests_by_due_order",
        ),
        (
            "SELECT id FROM rights_requests WHERE status = 'received'
             ORDER BY (due_date IS NULL) DESC, due_date DESC, id DESC LIMIT 50",
            "rights_requests_by_status_order",
        ),
        (
            "SELECT count(*) FROM rights_requests
             WHERE status NOT IN ('completed', 'refused', 'withdrawn') AND paused_since IS NULL
               AND due_date < '2026-11-29'",
            "rights_requests_open",
        ),
        (
            "SELECT id FROM rights_requests ORDER BY received_at DESC, id DESC LIMIT 50",
            "rights_requests_by_received",
        ),
    ] {
        let p = plan(sql);
        assert!(p.contains(index), "{sql}: {p}");
        assert!(!p.contains("TEMP B-TREE"), "{sql} sorts: {p}");
    }
}

fn workbench(db: &Path, args: &[&str]) -> Run {
    cli_common::run("officer", db, args, &[])
}

#[test]
fn the_cli_lists_a_page_when_asked_and_the_whole_list_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    assert_eq!(workbench(&db, &["init"]).code, 0);
    for (email, kind, received) in [
        ("alice@example.com", "access", "2026-11-02"),
        ("bob@example.com", "deletion", "2026-11-03"),
        ("carol@example.com", "deletion", "2026-11-04"),
    ] {
        let run = workbench(
            &db,
            &[
                "requests",
                "add",
                "--type",
                kind,
                "--email",
                email,
                "--received",
                received,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // No paging flag: the array, as before.
    let plain: Value =
        serde_json::from_str(&workbench(&db, &["requests", "list", "--json"]).stdout).unwrap();
    assert_eq!(plain.as_array().unwrap().len(), 3);
    let typed: Value = serde_json::from_str(
        &workbench(&db, &["requests", "list", "--type", "deletion", "--json"]).stdout,
    )
    .unwrap();
    assert_eq!(typed.as_array().unwrap().len(), 2);
    // Any paging flag: the page object with the same row fields.
    let run = workbench(
        &db,
        &[
            "requests",
            "list",
            "--search",
            "example.com",
            "--limit",
            "2",
            "--offset",
            "1",
            "--sort",
            "received_at",
            "--desc",
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (p["total"].clone(), p["offset"].clone(), p["limit"].clone()),
        (json!(3), json!(1), json!(2))
    );
    let rows = p["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["requester_email"], "bob@example.com");
    for field in [
        "id",
        "status",
        "type",
        "received_at",
        "due_date",
        "days_left",
        "overdue",
    ] {
        assert!(rows[0].get(field).is_some(), "{field}");
    }
    assert_eq!(
        rows[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        plain[0].as_object().unwrap().keys().collect::<Vec<_>>()
    );
    let text = workbench(&db, &["requests", "list", "--search", "bob"]);
    assert!(text.stdout.contains("bob@example.com"), "{}", text.stdout);
    assert!(text.stdout.contains("Rows 1–1 of 1."), "{}", text.stdout);
    let text = workbench(&db, &["requests", "list", "--limit", "1"]);
    assert!(
        text.stdout
            .contains("Rows 1–1 of 3; --offset 1 shows the next page."),
        "{}",
        text.stdout
    );
    // Bad paging: exit 2 and one sentence.
    for (args, says) in [
        (vec!["--sort", "email"], "cannot be sorted by 'email'"),
        (vec!["--limit", "0"], "limit must be between 1 and 1000"),
        (vec!["--limit", "5000"], "limit must be between 1 and 1000"),
        (vec!["--type", "refund"], "request type 'refund'"),
    ] {
        let mut all = vec!["requests", "list"];
        all.extend(args.iter());
        let run = workbench(&db, &all);
        assert_eq!(run.code, 2, "{all:?}: {}", run.stdout);
        assert!(run.stderr.contains(says), "{}", run.stderr);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    }
    let help = workbench(&db, &["requests", "list", "--help"]).stdout;
    for flag in [
        "--search",
        "--limit",
        "--offset",
        "--sort",
        "--desc",
        "--type",
        "\"total\"",
    ] {
        assert!(help.contains(flag), "{flag} in {help}");
    }
    // Merchants likewise.
    for name in ["Harbour Teas", "Kowloon Kites"] {
        assert_eq!(
            workbench(&db, &["merchants", "add", "--name", name]).code,
            0
        );
    }
    let all: Value =
        serde_json::from_str(&workbench(&db, &["merchants", "list", "--json"]).stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let p: Value = serde_json::from_str(
        &workbench(&db, &["merchants", "list", "--search", "kites", "--json"]).stdout,
    )
    .unwrap();
    assert_eq!(p["total"], 1);
    assert_eq!(p["rows"][0]["name"], "Kowloon Kites");
    let run = workbench(&db, &["merchants", "list", "--limit", "0"]);
    assert_eq!(run.code, 2);
}

/// 6,000 requests that all hold "common", "is" and "so" and mostly "privately".
const SIX_THOUSAND: &str =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
     INSERT INTO rights_requests (received_at, channel, requester_email, type, jurisdiction,
         due_date, status, paused_since, subject, body, created_at)
     SELECT printf('2026-%02d-%02dT00:00:00Z', 1 + i % 10, 1 + i % 28), 'email',
            printf('p%d@example.com', i),
            CASE i % 3 WHEN 0 THEN 'access' WHEN 1 THEN 'deletion' ELSE 'other' END, 'HK',
            CASE WHEN i % 50 = 0 THEN NULL ELSE date('2026-11-29', printf('%+d days', i % 61 - 30)) END,
            CASE i % 4 WHEN 0 THEN 'completed' WHEN 1 THEN 'received' WHEN 2 THEN 'in_progress' ELSE 'refused' END,
            CASE WHEN i % 17 = 0 THEN '2026-11-20' END,
            CASE WHEN i % 7 = 0 THEN 'Privacy question' ELSE 'Delete my privately held data' END,
            'Common words for everyone: it is so.', '2026-01-01T00:00:00Z'
     FROM n;";

/// Pages of `base` (limit 20, at each of `offsets`) agree with the whole list, in every sort
/// and both directions; returns how many requests the list holds.
fn pages_agree_with_the_list(reg: &Register, base: &RequestQuery, offsets: &[u64]) -> u64 {
    let mut total = 0;
    for sort in requests::SORTS {
        for descending in [false, true] {
            let mut q = RequestQuery {
                sort: Some(sort.to_string()),
                descending,
                limit: 20,
                ..base.clone()
            };
            let whole = requests::list_matching(reg.conn(), &q, today()).unwrap();
            for &offset in offsets {
                q.offset = offset;
                let p = requests::page(reg.conn(), &q, today()).unwrap();
                assert_eq!(p.total, whole.len() as u64, "{q:?}");
                let want: Vec<i64> = whole
                    .iter()
                    .skip(offset as usize)
                    .take(20)
                    .map(|r| r.id)
                    .collect();
                assert_eq!(ids(&p.rows), want, "{q:?}");
            }
            total = whole.len() as u64;
        }
    }
    total
}

/// A broad search for "common", with a status filter or none, paged at three offsets.
fn common_pages(reg: &Register, status: Option<&str>) -> u64 {
    let base = RequestQuery {
        status: status.map(str::to_string),
        search: Some("common".into()),
        ..Default::default()
    };
    pages_agree_with_the_list(reg, &base, &[0, 40, 2990])
}

/// A register opened from a file keeps a broad search's matches and the requests' statuses
/// in memory between pages; every change through the library is seen at once.
#[test]
fn a_broad_search_kept_in_memory_follows_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let mut reg = Register::open_or_create(&db).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    sql(&mut reg, SIX_THOUSAND);
    assert_eq!(common_pages(&reg, None), 6000);
    assert_eq!(common_pages(&reg, Some("refused")), 1500);
    // Again, from memory.
    assert_eq!(common_pages(&reg, Some("refused")), 1500);
    // A new request that matches, and one that changes status.
    sql(
        &mut reg,
        "INSERT INTO rights_requests (received_at, channel, requester_email, type, jurisdiction,
             status, subject, body, created_at)
         VALUES ('2026-11-01T00:00:00Z', 'email', 'new@example.com', 'access', 'HK', 'refused',
             'Common question', 'Nothing else.', '2026-11-01T00:00:00Z');
         UPDATE rights_requests SET status = 'refused' WHERE id = 1;",
    );
    assert_eq!(common_pages(&reg, None), 6001);
    assert_eq!(common_pages(&reg, Some("refused")), 1502);
    // A request whose text no longer matches leaves the search.
    sql(
        &mut reg,
        "UPDATE rights_requests SET body = 'Rewritten.', subject = 'Rewritten' WHERE id = 2",
    );
    assert_eq!(common_pages(&reg, None), 6000);
    // Another register file is another set.
    let other_db = dir.path().join("other.db");
    let mut other = Register::open_or_create(&other_db).unwrap();
    defaults::init(&mut other, "test").unwrap();
    assert_eq!(search_ids(&other, "common"), Vec::<i64>::new());
}

#[test]
fn a_search_finding_thousands_pages_like_the_whole_list() {
    // More matches than a page sorts itself (5,000): the page reads the sort's index.
    let mut reg = register();
    sql(&mut reg, SIX_THOUSAND);
    let today = today();
    // A prefix ("privat", "common"), a whole short word ("is"), few ("common 77"), an id.
    for search in ["common", "privat", "is", "so it", "common 77", "77"] {
        for (status, kind, overdue) in [
            (None, None, false),
            (Some("received"), None, false),
            (None, Some("deletion"), false),
            (Some("completed"), Some("access"), false),
            (None, None, true),
        ] {
            let base = RequestQuery {
                status: status.map(str::to_string),
                kind: kind.map(str::to_string),
                overdue,
                search: Some(search.into()),
                ..Default::default()
            };
            pages_agree_with_the_list(&reg, &base, &[0, 20, 3000]);
        }
    }
    // Sanity: the searches do find thousands, and the id search finds request 77.
    let all = requests::page(
        reg.conn(),
        &RequestQuery {
            search: Some("common".into()),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert_eq!(all.total, 6000);
    let privat = requests::page(
        reg.conn(),
        &RequestQuery {
            search: Some("privat".into()),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert!(privat.total > 5000, "{}", privat.total);
    let seventy_seven = requests::page(
        reg.conn(),
        &RequestQuery {
            search: Some("#77".into()),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    assert_eq!(ids(&seventy_seven.rows), [77]);
}

#[test]
fn a_word_being_typed_finds_what_the_index_prefix_finds() {
    let mut reg = register();
    fixture(&mut reg);
    sql(
        &mut reg,
        "UPDATE rights_requests SET body = 'Deleted already; deletion pending; Deleting soon.'
         WHERE id IN (3, 8, 13);
         UPDATE rights_requests SET body = 'privately, privatisation' WHERE id = 4;",
    );
    // Spelled out as words (("delete" OR "deleted" …)), or left a prefix when too many
    // words start with it: either way what FTS5's own prefix query finds.
    for typed in [
        "delet",
        "dele",
        "DELETED",
        "priv",
        "privat",
        "mess",
        "examp",
        "person1",
        "Zoë Mül",
        "#14",
    ] {
        let fts = requests::fts_query(typed).unwrap();
        let mut direct: Vec<i64> = reg
            .conn()
            .prepare("SELECT rowid FROM request_search WHERE request_search MATCH ?1")
            .unwrap()
            .query_map([&fts], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        if typed == "#14" {
            direct.push(14);
        }
        direct.sort();
        direct.dedup();
        assert!(!direct.is_empty(), "{typed}");
        let got = search_ids(&reg, typed);
        assert_eq!(got, direct, "{typed} ({fts})");
    }
}

fn workbench_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    cli_common::run("officer", db, args, env)
}

#[test]
fn the_search_index_survives_encryption_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    assert_eq!(workbench(&db, &["init"]).code, 0);
    let run = workbench(
        &db,
        &[
            "requests",
            "add",
            "--type",
            "access",
            "--email",
            "chan.tai.man@example.hk",
            "--name",
            "陳大文",
            "--received",
            "2026-11-02",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = |env: &[(&str, &str)]| -> u64 {
        let run = workbench_env(
            &db,
            &["requests", "list", "--search", "chan", "--json"],
            env,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str::<Value>(&run.stdout).unwrap()["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(found(&[]), 1);
    // Encrypted (the register rewritten by sqlcipher_export, index and all).
    let key = [("WORKBENCH_NEW_PASSPHRASE", "correct horse battery")];
    let run = workbench_env(&db, &["passphrase", "set"], &key);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let open = [("WORKBENCH_PASSPHRASE", "correct horse battery")];
    assert_eq!(found(&open), 1);
    // Backed up, a request added, restored: the index is the backup's again.
    let backup = dir.path().join("backup.db");
    let run = workbench_env(&db, &["backup", "--out", backup.to_str().unwrap()], &open);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = workbench_env(
        &db,
        &[
            "requests",
            "add",
            "--type",
            "deletion",
            "--email",
            "chan@example.org",
            "--received",
            "2026-11-03",
        ],
        &open,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(found(&open), 2);
    let run = workbench_env(&db, &["restore", backup.to_str().unwrap()], &open);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(found(&open), 1);
    // And it checks out: integrity (FTS5's own check too) and the audit chain.
    let run = workbench_env(&db, &["audit", "verify"], &open);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reg = Register::open_existing_with(&db, Some("correct horse battery")).unwrap();
    let check: String = reg
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    reg.conn()
        .execute_batch("SELECT * FROM request_search WHERE request_search MATCH 'chan' LIMIT 1")
        .unwrap();
}

#[test]
fn matches_are_kept_under_the_version_read_before_the_search_ran() {
    use search_sets::Lookup;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let mut reg = Register::open_or_create(&db).unwrap();
    defaults::init(&mut reg, "test").unwrap();
    let probe = "\"probe\"";
    let missing = |reg: &Register| match search_sets::kept(reg.conn(), probe, None).unwrap() {
        Lookup::Missing(at) => at,
        Lookup::Found(set) => panic!("kept already: {:?}", set.ids()),
    };

    // Nothing changed between the lookup and keeping: the next lookup finds the matches.
    let at = missing(&reg);
    search_sets::keep(reg.conn(), probe, None, vec![1, 2], at).unwrap();
    assert!(matches!(
        search_sets::kept(reg.conn(), probe, None).unwrap(),
        Lookup::Found(set) if set.ids() == [1, 2]
    ));

    // Another program adds a request while the search runs (after a change of ours, which
    // drops what was kept): what the search found is not kept as the register's new state.
    sql(&mut reg, "UPDATE rights_requests SET status = status");
    let at = missing(&reg);
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute(
            "INSERT INTO rights_requests (received_at, channel, type, jurisdiction, status, created_at)
             VALUES ('2026-11-01T00:00:00Z', 'manual', 'access', 'HK', 'received', 'x')",
            [],
        )
        .unwrap();
    search_sets::keep(reg.conn(), probe, None, vec![1, 2], at).unwrap();
    missing(&reg);
}
