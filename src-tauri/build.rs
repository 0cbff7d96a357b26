//! Declares the app's commands so each gets an `allow-*` permission, and the
//! capability in `capabilities/default.json` grants them one by one.

/// Every command the desktop exposes; keep in step with `src/main.rs`'s handler list.
const COMMANDS: &[&str] = &[
    "get_preferences",
    "set_preferences",
    "startup_drawn",
    "list_requests_page",
    "list_merchants_page",
    "list_authorizations_page",
    "retention_items_page",
    "unlock_register",
    "dashboard",
    "run_checks",
    "dashboard_charts",
    "report_kinds",
    "generate_report",
    "open_last_report",
    "list_policy_versions",
    "get_policy_version",
    "preview_policy",
    "new_policy_draft",
    "save_policy_draft",
    "set_policy_review",
    "publish_policy",
    "compare_policies",
    "export_policy",
    "export_policy_diff",
    "list_processors",
    "list_merchants",
    "list_authorizations",
    "list_platforms",
    "get_processor",
    "check_processor",
    "save_processor",
    "retire_processor",
    "get_merchant",
    "check_merchant",
    "save_merchant",
    "get_authorization",
    "check_authorization",
    "grant_authorization",
    "revoke_authorization",
    "list_scopes",
    "retention_items",
    "record_retention",
    "import_register",
    "export_register",
    "list_requests",
    "request_summary",
    "list_jurisdictions",
    "get_request",
    "add_request",
    "act_on_request",
    "import_requests",
    "draft_letter",
    "export_requests",
    "list_audit",
    "verify_audit",
    "settings",
];

fn main() {
    // Relative relocations packed (DT_RELR, glibc 2.36+, binutils 2.38+; Debian 12 has
    // both): the loader reads a few kilobytes at start instead of 3 MB of relocation
    // records, which then stayed in the app's resident memory.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: check tauri.conf.json and capabilities/");
}
