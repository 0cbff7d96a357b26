//! In-process rendering of the policy: markdown → sanitised HTML document, and → PDF.
//!
//! Run with `cargo bench --bench render`; `scripts/bench-render.sh` runs this and
//! the whole-process comparison with pandoc and writes docs/benchmarks.md.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use workbench::defaults::POLICY_MD;
use workbench::render::html::{document, markdown_to_safe_html, DocumentMeta};
use workbench::render::pdf::{policy_pdf, PolicyPdf};

/// The same ~1 MB policy `scripts/bench-render.sh` feeds to pandoc: the seed's
/// body repeated with renumbered sections, a Traditional Chinese paragraph in each.
pub fn large_policy(target_bytes: usize) -> String {
    let body: Vec<&str> = POLICY_MD.lines().skip(1).collect();
    let mut out = String::from("# Privacy Policy\n");
    let mut round = 0;
    while out.len() < target_bytes {
        round += 1;
        for line in &body {
            if let Some(rest) = line.strip_prefix("## ") {
                let title = rest.split_once(". ").map(|(_, t)| t).unwrap_or(rest);
                out.push_str(&format!("## {round}.{title}\n"));
            } else if !line.starts_with("Last updated") || round == 1 {
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str(
            "\n我們重視您的私隱。如需查閱或更正個人資料，請電郵 contact@wesmond.com。\n\n",
        );
    }
    out
}

fn html(md: &str) -> String {
    document(
        &DocumentMeta {
            title: "Privacy Policy",
            organisation: "Wesmond International Limited",
            subtitle: "Version bench",
            footer: None,
        },
        &markdown_to_safe_html(md),
    )
}

fn pdf(md: &str) -> Vec<u8> {
    policy_pdf(&PolicyPdf {
        organisation: "Wesmond International Limited",
        version_label: "bench",
        title: "Privacy Policy",
        last_updated: NaiveDate::from_ymd_opt(2026, 5, 31).unwrap_or_default(),
        markdown: md,
        author: "Wesmond International Limited",
        template: None,
    })
    .expect("the bench policy renders")
}

fn benches(c: &mut Criterion) {
    let large = large_policy(1_000_000);
    if let Ok(dir) = std::env::var("BENCH_DATA_DIR") {
        let _ = std::fs::write(format!("{dir}/policy-1mb.md"), &large);
        let _ = std::fs::write(format!("{dir}/policy-seed.md"), POLICY_MD);
    }
    let mut g = c.benchmark_group("policy_html");
    g.bench_function("seed", |b| b.iter(|| html(black_box(POLICY_MD))));
    g.sample_size(20);
    g.bench_function("1mb", |b| b.iter(|| html(black_box(&large))));
    g.finish();

    let mut g = c.benchmark_group("policy_pdf");
    g.sample_size(10);
    g.bench_function("seed", |b| b.iter(|| pdf(black_box(POLICY_MD))));
    g.finish();
}

criterion_group!(render, benches);
criterion_main!(render);
