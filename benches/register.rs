//! The register's hot paths, in-process, on a small generated register (20,000
//! requests, made in the setup by `workbench::dev::generate`): a page of the requests
//! inbox, full-text search, a page of the retention list, opening the register,
//! classifying one message, parsing one .eml, computing one deadline.
//!
//! Run with `cargo bench --bench register`; the million-request figures come from
//! `scripts/bench.sh` (`workbench dev bench`), written to docs/benchmarks.md.

use std::hint::black_box;

use chrono::{NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use workbench::dev::generate::{self, Params};
use workbench::intake::{classify::classify, eml};
use workbench::register::requests::{self, RequestQuery};
use workbench::register::retention;
use workbench::rules::{self, Clock};
use workbench::{defaults, Register};

const UNTIL: (i32, u32, u32) = (2026, 11, 29);

fn until() -> NaiveDate {
    NaiveDate::from_ymd_opt(UNTIL.0, UNTIL.1, UNTIL.2).unwrap_or_default()
}

fn make_register(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("register.db");
    let mut reg = Register::open_or_create(&path).expect("a register in the temporary folder");
    defaults::init(&mut reg, "bench").expect("init");
    let params = Params {
        requests: 20_000,
        merchants: 1_000,
        authorizations: 4_000,
        processors: 50,
        policy_versions: 10,
        seed: 1,
        until: until(),
        force: false,
    };
    generate::generate(&mut reg, "bench", &params, |_| {}).expect("the bench register");
    path
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = make_register(dir.path());
    let reg = Register::open_existing(&path).expect("the bench register opens");
    let conn = reg.conn();
    let today = until();

    let mut g = c.benchmark_group("requests_page");
    g.bench_function("due_date", |b| {
        b.iter(|| requests::page(conn, black_box(&RequestQuery::default()), today))
    });
    let filtered = RequestQuery {
        status: Some("completed".into()),
        sort: Some("received_at".into()),
        descending: true,
        offset: 500,
        ..RequestQuery::default()
    };
    g.bench_function("completed_by_received_desc_offset_500", |b| {
        b.iter(|| requests::page(conn, black_box(&filtered), today))
    });
    let overdue = RequestQuery {
        overdue: true,
        ..RequestQuery::default()
    };
    g.bench_function("overdue", |b| {
        b.iter(|| requests::page(conn, black_box(&overdue), today))
    });
    g.finish();

    let mut g = c.benchmark_group("requests_search");
    for (name, words) in [
        ("english", "delete my account"),
        ("chinese", "刪除"),
        ("email_prefix", "gmail"),
    ] {
        let q = RequestQuery {
            search: Some(words.into()),
            ..RequestQuery::default()
        };
        g.bench_function(name, |b| {
            b.iter(|| requests::page(conn, black_box(&q), today))
        });
    }
    g.finish();

    // The records counted by day are kept once read: these are the pages after the first.
    let mut g = c.benchmark_group("retention_page");
    let total = retention::items_page(conn, today, 50, 0)
        .expect("the retention list")
        .total;
    for (name, offset) in [("first", 0), ("last", total.saturating_sub(50))] {
        g.bench_function(name, |b| {
            b.iter(|| retention::items_page(conn, today, 50, black_box(offset)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("register");
    g.sample_size(30);
    g.bench_function("open", |b| {
        b.iter(|| Register::open_existing(black_box(&path)).map(drop))
    });
    g.finish();

    let mut g = c.benchmark_group("intake");
    let en = "Dear Sir or Madam,\n\nI bought from Harbour Tea Co on 2024-03-01 (order #4521). \
              Please delete my personal data from your systems and confirm when it is done.\n\nRegards,\nChan Tai Man";
    let zh = "您好，\n\n本人曾於2024-03-01在Harbour Tea Co網店購物（訂單編號 #4521）。請刪除我的個人資料，並於完成後以電郵確認。\n\n陳大文";
    g.bench_function("classify_english", |b| {
        b.iter(|| classify(Some(black_box("Deletion request")), black_box(en)))
    });
    g.bench_function("classify_chinese", |b| {
        b.iter(|| classify(Some(black_box("要求刪除個人資料")), black_box(zh)))
    });
    let now = Utc::now();
    for (name, bytes) in [
        (
            "parse_eml_plain",
            &include_bytes!("../tests/fixtures/mail/plain.eml")[..],
        ),
        (
            "parse_eml_big5",
            &include_bytes!("../tests/fixtures/mail/big5.eml")[..],
        ),
        (
            "parse_eml_multipart",
            &include_bytes!("../tests/fixtures/mail/with-attachment.eml")[..],
        ),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| eml::parse(black_box(bytes), "bench.eml", now))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("deadline");
    let rules = rules::bundled().expect("the bundled rules");
    let ctx = rules::context(conn).expect("the register's context");
    let clock = Clock {
        received_on: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default(),
        paused_days: 0,
        extended: false,
    };
    for (name, kind, jurisdiction) in [
        ("hk_access", "access", "HK"),
        ("eu_deletion_month", "deletion", "EU"),
        ("us_ca_business_days", "access", "US-CA"),
        ("needs_triage_hk", "needs_triage", "HK"),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                rules.deadline(
                    black_box(kind),
                    black_box(jurisdiction),
                    "email",
                    clock,
                    &ctx,
                )
            })
        });
    }
    g.finish();
}

criterion_group!(hot_paths, benches);
criterion_main!(hot_paths);
