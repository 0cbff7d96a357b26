//! `workbench policy …` as an officer runs it.

use std::path::Path;

use serde_json::Value;

mod cli_common;

fn workbench(db: &Path, args: &[&str]) -> (i32, String, String) {
    let run = cli_common::run("officer", db, args, &[]);
    (run.code, run.stdout, run.stderr)
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = workbench(db, args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

#[test]
fn draft_edit_publish_diff_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    ok(&db, &["init"]);
    assert!(ok(&db, &["policy", "new", "--label", "july"]).contains("Created draft july"));

    let text = ok(&db, &["policy", "show", "july"])
        .replace("Last updated: 31 May 2026", "Last updated: 1 July 2026")
        .replace("We do not sell data.", "We do not sell or rent data.");
    let file = dir.path().join("july.md");
    std::fs::write(&file, text).unwrap();
    ok(
        &db,
        &["policy", "edit", "july", "--file", file.to_str().unwrap()],
    );
    ok(&db, &["policy", "review", "july"]);

    // The "Last updated" rule names both dates.
    let (code, _, err) = workbench(
        &db,
        &["policy", "publish", "july", "--effective", "2026-07-02"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("1 July 2026") && err.contains("2 July 2026"),
        "{err}"
    );
    let (code, _, err) = workbench(&db, &["policy", "publish", "july", "--effective", "July 1"]);
    assert_eq!(code, 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");

    ok(
        &db,
        &[
            "policy",
            "publish",
            "july",
            "--effective",
            "2026-07-01",
            "--material",
            "--summary",
            "No renting either.",
        ],
    );
    let list: Value = serde_json::from_str(&ok(&db, &["policy", "list", "--json"])).unwrap();
    assert_eq!(list[0]["label"], "july");
    assert_eq!(list[0]["status"], "published");
    assert_eq!(list[0]["material_change"], true);
    assert_eq!(list[1]["status"], "retired");

    let diff = ok(&db, &["policy", "diff", "2026-05-31", "july"]);
    assert!(diff.contains("--- policy 2026-05-31"));
    assert!(diff.contains("+We do not sell or rent data."), "{diff}");
    let html = dir.path().join("diff.html");
    ok(
        &db,
        &[
            "policy",
            "diff",
            "2026-05-31",
            "july",
            "--format",
            "html",
            "--out",
            html.to_str().unwrap(),
        ],
    );
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("<ins>or rent </ins>"), "{html}");

    let out = dir.path().join("policy.html");
    let export: Value = serde_json::from_str(&ok(
        &db,
        &[
            "policy",
            "export",
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(export["version"], "july");
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(export["sha256"], workbench::hash::sha256_hex(&bytes));
    let shown: Value =
        serde_json::from_str(&ok(&db, &["policy", "show", "july", "--json"])).unwrap();
    assert_eq!(shown["snapshots"][0]["file_sha256"], export["sha256"]);
    assert_eq!(shown["snapshots"][0]["format"], "html");

    let verify = ok(&db, &["audit", "verify"]);
    assert!(verify.contains("intact"));
}

#[test]
fn importing_the_seed_text_gives_the_bundled_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    ok(&db, &["init"]);
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seed/privacy-policy-2026-05-31.txt");
    ok(
        &db,
        &[
            "policy",
            "import",
            seed.to_str().unwrap(),
            "--label",
            "from-text",
        ],
    );
    assert_eq!(
        ok(&db, &["policy", "show", "from-text"]).trim_end(),
        workbench::defaults::POLICY_MD.trim_end()
    );
}

#[test]
fn bad_policy_input_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    ok(&db, &["init"]);
    let before = ok(&db, &["status", "--json"]);
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    for args in [
        vec!["policy", "import", bad.to_str().unwrap()],
        vec!["policy", "import", "/no/such/file.md"],
        vec![
            "policy",
            "edit",
            "2026-05-31",
            "--file",
            bad.to_str().unwrap(),
        ],
        vec![
            "policy",
            "publish",
            "2026-05-31",
            "--effective",
            "2026-06-01",
        ],
        vec!["policy", "show", "no-such-version"],
        vec!["policy", "diff", "2026-05-31", "nope"],
        vec![
            "policy",
            "export",
            "--format",
            "html",
            "--out",
            "/no/such/dir/x.html",
        ],
    ] {
        let (code, _, err) = workbench(&db, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
    assert_eq!(ok(&db, &["status", "--json"]), before);
}
