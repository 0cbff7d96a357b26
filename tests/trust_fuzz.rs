//! The fuzz targets' parsers fed a deterministic corpus of mutated inputs on
//! every `cargo test`: no panic, whatever the bytes. (The coverage-guided fuzzing
//! itself is `scripts/fuzz.sh`, which runs the same parsers under libFuzzer.)
//! Seeds are the test fixtures and the hostile corpus; `TRUST_FUZZ_ROUNDS` sets
//! how many mutants each seed gets.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use workbench::intake::{eml, mbox, webhook};
use workbench::register::{authorizations, merchants, processors};
use workbench::{policy_text, spreadsheet};

struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One to four edits of the kinds that break parsers: flipped bits, inserted
    /// tokens, cut, doubled or spliced chunks.
    fn mutate(&mut self, seed: &[u8], other: &[u8]) -> Vec<u8> {
        const TOKENS: &[&[u8]] = &[
            b"\r\n",
            b"\n\n",
            b"--",
            b"=?utf-8?B?",
            b"=?big5?Q?=A1",
            b"From ",
            b"boundary=\"",
            b"Content-Type: multipart/mixed; boundary=x\n",
            b"Content-Transfer-Encoding: base64\n",
            b"\0",
            b"{",
            b"[",
            b"\"",
            b",",
            b"\xff\xfe",
            b"\xe4\xb8",
            b"1e999",
            b"-1",
            b"=cmd|",
            b"\t",
            b"Last updated: ",
            b"<script>",
            b"PK\x03\x04",
        ];
        let mut out = seed.to_vec();
        for _ in 0..1 + self.below(4) {
            let at = self.below(out.len() + 1);
            match self.below(7) {
                0 if !out.is_empty() => {
                    let i = self.below(out.len());
                    out[i] ^= 1 << self.below(8);
                }
                1 => {
                    let t = TOKENS[self.below(TOKENS.len())];
                    out.splice(at..at, t.iter().copied());
                }
                2 => out.truncate(at),
                3 if !out.is_empty() => {
                    let end = (at + 1 + self.below(64)).min(out.len());
                    let start = at.min(end);
                    out.drain(start..end);
                }
                4 => {
                    let end = (at + self.below(256)).min(out.len());
                    let chunk = out[at.min(end)..end].to_vec();
                    out.splice(at..at, chunk);
                }
                5 if !other.is_empty() => {
                    let from = self.below(other.len());
                    let end = (from + self.below(512)).min(other.len());
                    out.splice(at..at, other[from..end].iter().copied());
                }
                _ => {
                    let b = self.next() as u8;
                    out.insert(at, b);
                }
            }
        }
        out
    }
}

fn seeds(dirs: &[&str], exts: &[&str]) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).into_iter().flatten())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
        })
        .collect();
    files.sort();
    let seeds: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(!seeds.is_empty(), "no seeds in {dirs:?}");
    seeds
}

fn rounds() -> usize {
    std::env::var("TRUST_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200)
}

/// Feeds mutants of every seed to `parse`; a panic fails the test with the input saved.
fn fuzz(name: &str, seeds: &[Vec<u8>], mut parse: impl FnMut(&[u8])) -> usize {
    let mut m = Mutator(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
    let mut fed = 0;
    for (i, seed) in seeds.iter().enumerate() {
        let other = &seeds[(i + 1) % seeds.len()];
        for round in 0..rounds() {
            let input = if round == 0 {
                seed.clone()
            } else {
                m.mutate(seed, other)
            };
            if catch_unwind(AssertUnwindSafe(|| parse(&input))).is_err() {
                let saved = std::env::temp_dir().join(format!("{name}-crash-{i}-{round}"));
                std::fs::write(&saved, &input).unwrap();
                panic!(
                    "{name} panicked on a mutant of seed {i}; input saved at {}",
                    saved.display()
                );
            }
            fed += 1;
        }
    }
    eprintln!("{name}: {fed} inputs, no panic");
    fed
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0).unwrap()
}

#[test]
fn the_email_parsers_never_panic() {
    let mail = seeds(
        &[
            "tests/fixtures/mail",
            "tests/hostile/eml",
            "tests/hostile/mbox",
        ],
        &["eml", "mbox"],
    );
    fuzz("eml::parse", &mail, |b| {
        let _ = eml::parse(b, "fuzz.eml", now());
    });
    fuzz("mbox::split", &mail, |b| {
        if let Ok(pieces) = mbox::split(b, "fuzz.mbox") {
            for p in pieces {
                let _ = eml::parse(&p.bytes, "fuzz.mbox", now());
            }
        }
    });
}

#[test]
fn the_webhook_parser_never_panics() {
    let hooks = seeds(
        &["tests/fixtures/webhooks", "tests/hostile/webhook"],
        &["json"],
    );
    fuzz("webhook::parse", &hooks, |b| {
        let _ = webhook::parse(b, "fuzz.json", Some(now()));
    });
}

#[test]
fn the_policy_text_importer_never_panics() {
    let texts = seeds(
        &["tests/fixtures/seed", "tests/hostile/policy", "data/policy"],
        &["txt", "md"],
    );
    fuzz("policy_text", &texts, |b| {
        let text = String::from_utf8_lossy(b);
        let _ = policy_text::from_plain_text("fuzz.txt", &text);
        let _ = policy_text::check_markdown("fuzz.md", &text);
    });
}

#[test]
fn the_spreadsheet_reader_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, dirs) in [
        (
            "csv",
            &["tests/fixtures/spreadsheets", "tests/hostile/csv"][..],
        ),
        (
            "xlsx",
            &["tests/fixtures/spreadsheets", "tests/hostile/xlsx"][..],
        ),
    ] {
        let mut files = seeds(dirs, &[ext]);
        if ext == "xlsx" {
            // A real workbook as a seed too: the exporter's own output.
            let path = dir.path().join("export.xlsx");
            let row: Vec<String> = processors::LAYOUT
                .columns
                .iter()
                .map(|c| format!("{c} value"))
                .collect();
            spreadsheet::write(
                &path,
                spreadsheet::Format::Xlsx,
                &processors::LAYOUT,
                &[row],
            )
            .unwrap();
            files.push(std::fs::read(&path).unwrap());
        }
        let target = dir.path().join(format!("fuzz.{ext}"));
        fuzz(&format!("spreadsheet::read ({ext})"), &files, |b| {
            std::fs::write(&target, b).unwrap();
            for layout in [
                &processors::LAYOUT,
                &merchants::LAYOUT,
                &authorizations::LAYOUT,
            ] {
                let _ = spreadsheet::read(&target, layout);
            }
        });
    }
}
