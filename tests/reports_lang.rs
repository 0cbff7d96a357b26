//! Reports in Traditional Chinese (zh-HK): every word the report itself says
//! comes from the catalog in that language, the register's data stays as
//! recorded, and English reports are what they were.

mod cli_common;
mod reports_fixture;

use std::path::Path;

use cli_common::Run;
use reports_fixture::read::{csv_rows, html_figure, html_table, xlsx_rows, xlsx_sheets};
use reports_fixture::{pdf_info, pdf_text, period, register, register_file};
use workbench::reports::{
    build, build_with, generate, generate_in, render, Block, Format, Kind, Lang, Options, Report,
};
use workbench::Register;

fn made(reg: &Register, kind: Kind, lang: Lang, format: Format) -> Report {
    build_with(
        reg.conn(),
        kind,
        period(),
        &Options::for_format(lang, format),
    )
    .unwrap()
}

fn html(reg: &Register, kind: Kind, lang: Lang) -> String {
    let report = made(reg, kind, lang, Format::Html);
    String::from_utf8(render(&report, Format::Html).unwrap()).unwrap()
}

fn escaped(text: &str) -> String {
    workbench::render::html::escape(text)
}

fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || c == '\u{ff08}')
}

/// Every text the report itself writes, paired with its place: headings,
/// figure labels, captions, column names, empty-table sentences, chart titles
/// and paragraphs.
fn own_words(report: &Report) -> Vec<(&'static str, String)> {
    let mut out = vec![("title", report.title.clone())];
    for s in &report.sections {
        out.push(("heading", s.heading.clone()));
        for b in &s.blocks {
            match b {
                Block::Figures(items) => {
                    out.extend(items.iter().map(|f| ("figure", f.label.clone())));
                }
                Block::Table(t) => {
                    out.push(("caption", t.caption.clone()));
                    out.push(("empty", t.empty.clone()));
                    out.extend(t.columns.iter().map(|c| ("column", c.clone())));
                }
                Block::Chart(c) => {
                    out.push(("chart", c.title.clone()));
                    out.extend(c.series.iter().map(|s| ("series", s.name.clone())));
                }
                Block::Paragraph { text } => out.push(("paragraph", text.clone())),
                Block::Policy { .. } => {}
            }
        }
    }
    out
}

#[test]
fn every_report_in_zh_hk_has_chinese_headings_and_no_english_ones_left() {
    let reg = register();
    for kind in Kind::ALL {
        let en = made(&reg, kind, Lang::En, Format::Html);
        let zh = made(&reg, kind, Lang::ZhHk, Format::Html);
        let page = String::from_utf8(render(&zh, Format::Html).unwrap()).unwrap();
        let (en_words, zh_words) = (own_words(&en), own_words(&zh));
        // The same report, word for word in the other language.
        assert_eq!(en_words.len(), zh_words.len(), "{kind:?}");
        for ((place, en_text), (_, zh_text)) in en_words.iter().zip(&zh_words) {
            assert!(
                has_cjk(zh_text),
                "{kind:?}: the {place} {zh_text:?} (English {en_text:?}) is not in Chinese"
            );
        }
        // Each Chinese heading is there, and no English heading, caption,
        // column name or figure label is left in the page.
        for (place, text) in &zh_words {
            if *place == "heading" {
                let tag = format!(">{}</h", escaped(text));
                assert!(page.contains(&tag), "{kind:?}: no heading {text:?}");
            }
        }
        for (place, text) in &en_words {
            let marker = match *place {
                "heading" => format!(">{}</h", escaped(text)),
                "caption" => format!("<caption>{}</caption>", escaped(text)),
                "column" => format!(">{}</th>", escaped(text)),
                "figure" => format!("<dt>{}</dt>", escaped(text)),
                "chart" | "series" => format!(">{}</text>", escaped(text)),
                "title" => format!("<h1>{}</h1>", escaped(text)),
                _ => escaped(text),
            };
            assert!(
                !page.contains(&marker),
                "{kind:?}: the English {place} {text:?} is left in the Chinese page"
            );
        }
        assert!(page.contains("<html lang=\"zh-HK\">"), "{kind:?}");
        assert!(page.contains("2026年1月1日至2026年6月30日"), "{kind:?}");
        assert!(page.contains("登記冊指紋"), "{kind:?}");
        for english in [
            "Register fingerprint",
            "register fingerprint",
            "Contents",
            "No data in the period",
            " to 30 June 2026",
        ] {
            assert!(
                !page.contains(english),
                "{kind:?}: {english:?} is left in the Chinese page"
            );
        }
    }
}

#[test]
fn the_rights_report_in_chinese_says_the_same_figures_and_keeps_the_data_as_recorded() {
    let reg = register();
    let page = html(&reg, Kind::Rights, Lang::ZhHk);
    assert!(page.contains("<h1>資料當事人權利要求報告</h1>"));
    assert_eq!(html_figure(&page, "收到的要求"), "10");
    assert_eq!(html_figure(&page, "已結案的要求"), "8");
    assert_eq!(html_figure(&page, "準時回覆率"), "62.5%（8 宗中 5 宗）");
    assert_eq!(html_figure(&page, "結案日數中位數"), "34.5 日");
    assert_eq!(html_figure(&page, "於2026年6月30日仍未結案"), "3");
    assert_eq!(html_figure(&page, "於2026年6月30日已逾期"), "1");
    // Type and status words in Chinese; ISO dates in tables; data as recorded.
    let open = html_table(&page, "於2026年6月30日仍未結案的要求");
    assert_eq!(
        open[0],
        [
            "7",
            "刪除資料",
            "HK",
            "2026-05-10",
            "2026-06-09",
            "處理中",
            "21"
        ]
    );
    let log = html_table(&page, "《私隱條例》第27條紀錄簿：期內的拒絕個案");
    assert_eq!(log[0][2], "查閱資料");
    assert_eq!(log[0][4], "The requester's identity could not be verified");
    let ext = html_table(&page, "期內的延長限期");
    assert_eq!(ext[0][7], "Complex request across three platforms");
    assert!(page.contains("《個人資料（私隱）條例》"));
    assert!(page.contains(">每月要求數目</text>"));
}

#[test]
fn the_other_reports_in_chinese_translate_their_words_not_their_data() {
    let reg = register();
    let processors = html(&reg, Kind::Processors, Lang::ZhHk);
    let table = html_table(&processors, "截至2026年6月30日的資料處理者");
    assert_eq!(table[0][0], "Acme Cloud Ltd");
    assert_eq!(table[0][6], "資料處理協議");
    assert_eq!(table[0][11], "已逾期");
    assert_eq!(table[0][12], "生效中");
    assert_eq!(table[1][11], "即將到期");

    let auth = html(&reg, Kind::Authorizations, Lang::ZhHk);
    let changes = html_table(&auth, "期內的授予及撤銷");
    let revocation = changes.iter().find(|r| r[1] == "撤銷").unwrap();
    assert_eq!(revocation[6], "廣告成效檢討");
    assert_eq!(revocation[8], "電郵要求");
    assert_eq!(revocation[10], "Merchant withdrew authorization");
    let classes = html_table(
        &auth,
        "於2026年6月30日在有效授權下授予的授權範圍（按敏感程度劃分）",
    );
    assert!(
        classes.iter().any(|r| r[1] == "不在授權範圍目錄內"),
        "{classes:?}"
    );
    assert!(classes.iter().any(|r| r[1] == "受限制"), "{classes:?}");

    let policy = html(&reg, Kind::Policy, Lang::ZhHk);
    let versions = html_table(&policy, "私隱政策版本");
    assert_eq!(versions[0][1], "已發布");
    assert_eq!(versions[0][4], "否"); // the seed version is not a material change

    let pack = html(&reg, Kind::Pack, Lang::ZhHk);
    for chapter in workbench::reports::pack::chapters(Lang::ZhHk) {
        assert!(pack.contains(&format!(">{chapter}</h2>")), "{chapter}");
        assert!(pack.contains(&format!(">{chapter}</a>")), "{chapter}");
    }
    assert!(pack.contains("<nav class=\"contents\"><h2>目錄</h2>"));
    // The check ids stay; their results are in Chinese.
    let checks = html_table(&pack, "截至2026年6月30日的合規檢查");
    let on_time = checks.iter().find(|r| r[0] == "requests.on-time").unwrap();
    assert_eq!(on_time[1], "錯誤");
}

#[test]
fn chinese_pdfs_show_their_chinese_headings_to_pdftotext() {
    let reg = register();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    for kind in Kind::ALL {
        let report = made(&reg, kind, Lang::ZhHk, Format::Pdf);
        let pdf = render(&report, Format::Pdf).unwrap();
        let text = squeeze(&pdf_text(&pdf));
        assert!(text.contains(&squeeze(&report.title)), "{kind:?}: {text}");
        for s in &report.sections {
            assert!(
                text.contains(&squeeze(&s.heading)),
                "{kind:?}: the PDF lacks the heading {:?}:\n{text}",
                s.heading
            );
        }
        for needle in [
            "期間：2026年1月1日至2026年6月30日",
            "第1頁，共",
            "登記冊指紋",
        ] {
            assert!(text.contains(needle), "{kind:?}: no {needle:?}:\n{text}");
        }
        assert!(!text.contains("Page1of"), "{kind:?}");
        assert_eq!(
            pdf_info(&pdf, "Title"),
            format!("{}：2026年1月1日至2026年6月30日", report.title)
        );
    }
}

#[test]
fn chinese_csv_and_xlsx_have_chinese_headers_and_the_same_rows() {
    let reg = register();
    let en = render(
        &made(&reg, Kind::Rights, Lang::En, Format::Csv),
        Format::Csv,
    )
    .unwrap();
    let zh = render(
        &made(&reg, Kind::Rights, Lang::ZhHk, Format::Csv),
        Format::Csv,
    )
    .unwrap();
    let (en, zh) = (csv_rows(&en), csv_rows(&zh));
    assert_eq!(en[0], ["Month", "Type", "Received", "Closed"]);
    assert_eq!(zh[0], ["月份", "類別", "收到", "結案"]);
    assert_eq!(zh.len(), en.len());
    assert_eq!(zh[1], ["2026-01", "查閱資料", "1", "1"]);
    for (e, z) in en.iter().zip(&zh).skip(1) {
        assert_eq!((&e[0], &e[2], &e[3]), (&z[0], &z[2], &z[3]));
    }

    let auth = csv_rows(
        &render(
            &made(&reg, Kind::Authorizations, Lang::ZhHk, Format::Csv),
            Format::Csv,
        )
        .unwrap(),
    );
    assert_eq!(auth[0][..3], ["日期", "事件", "授權編號"]);

    let xlsx = render(
        &made(&reg, Kind::Rights, Lang::ZhHk, Format::Xlsx),
        Format::Xlsx,
    )
    .unwrap();
    assert_eq!(
        xlsx_sheets(&xlsx),
        [
            "關於本報告",
            "每月",
            "每月準時情況",
            "結案日數",
            "未結案",
            "延長限期",
            "第27條紀錄簿"
        ]
    );
    let about = xlsx_rows(&xlsx, "關於本報告");
    assert_eq!(about[0], ["報告", "資料當事人權利要求報告"]);
    assert_eq!(about[2], ["期間開始", "2026-01-01"]);
    assert!(about.iter().any(|r| r[0] == "準時回覆率"));
}

#[test]
fn english_stays_the_default_and_reads_as_before() {
    let reg = register();
    for kind in Kind::ALL {
        let default = build(reg.conn(), kind, period()).unwrap();
        let en = made(&reg, kind, Lang::En, Format::Html);
        assert_eq!(default.lang, Lang::En);
        for format in kind.formats() {
            assert_eq!(
                render(&default, *format).unwrap(),
                render(&en, *format).unwrap(),
                "{kind:?} {format:?}"
            );
        }
        // Nothing the report itself says is in Chinese.
        for (place, text) in own_words(&en) {
            assert!(!has_cjk(&text), "{kind:?}: the {place} {text:?}");
        }
        let page = String::from_utf8(render(&en, Format::Html).unwrap()).unwrap();
        assert!(page.contains("<html lang=\"en\">"));
    }
    // `generate` is `generate_in` English: the same bytes.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    let one = generate(
        reg.conn(),
        Kind::Rights,
        period(),
        Format::Csv,
        &a,
        &mut |_, _| {},
    )
    .unwrap();
    let two = generate_in(
        reg.conn(),
        Kind::Rights,
        period(),
        Format::Csv,
        Lang::En,
        &b,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(one.sha256, two.sha256);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn generate_in_chinese_reports_progress_in_chinese() {
    let reg = register();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let mut stages = Vec::new();
    let outcome = generate_in(
        reg.conn(),
        Kind::Rights,
        period(),
        Format::Html,
        Lang::ZhHk,
        &out,
        &mut |stage, _| stages.push(stage.to_string()),
    )
    .unwrap();
    assert_eq!(outcome.lang, Lang::ZhHk);
    assert_eq!(stages.first().unwrap(), "正在讀取登記冊");
    assert_eq!(stages.last().unwrap(), "完成");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("資料當事人權利要求報告"));
}

fn workbench(db: &Path, args: &[&str]) -> Run {
    cli_common::run("officer", db, args, &[])
}

#[test]
fn the_cli_takes_lang_and_refuses_an_unknown_one_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    register_file(&db);
    let out = dir.path().join("rights.html");
    let o = out.to_str().unwrap();
    let period = ["--from", "2026-01-01", "--to", "2026-06-30"];

    let mut args = vec!["report", "rights", "--out", o, "--lang", "xx"];
    args.extend(period);
    let run = workbench(&db, &args);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let message = run.stderr.trim();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with("workbench: --lang: 'xx' is not a report language; use en"),
        "{message}"
    );
    assert!(message.contains("zh-HK"), "{message}");
    assert!(run.stdout.is_empty());
    assert!(!out.exists());

    let mut args = vec!["report", "rights", "--out", o, "--lang", "zh-HK", "--json"];
    args.extend(period);
    let run = workbench(&db, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["lang"], "zh-HK");
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("<h1>資料當事人權利要求報告</h1>"));

    // No flag: English, as before.
    let csv = dir.path().join("rights.csv");
    let mut args = vec!["report", "rights", "--out", csv.to_str().unwrap()];
    args.extend(period);
    let run = workbench(&db, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Wrote the rights requests report"),
        "{}",
        run.stdout
    );
    assert_eq!(
        csv_rows(&std::fs::read(&csv).unwrap())[0],
        ["Month", "Type", "Received", "Closed"]
    );

    let help = workbench(&db, &["report", "--help"]);
    assert!(help.stdout.contains("--lang"), "{}", help.stdout);
    assert!(help.stdout.contains("zh-HK"), "{}", help.stdout);
}
