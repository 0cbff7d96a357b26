//! Policy screen commands: versions, drafts, preview, publish, compare, export.

use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use workbench::register::policy::{self, PolicySummary, PolicyVersion, Publication, Snapshot};
use workbench::render::html::markdown_to_safe_html;
use workbench::render::policy::{self as render, Comparison, Export, Format};

use crate::{actor, dialogs, with_register, App};

/// A version with its snapshots.
#[derive(Serialize)]
pub struct VersionDetail {
    version: PolicyVersion,
    snapshots: Vec<Snapshot>,
}

#[tauri::command]
pub async fn list_policy_versions(app: State<'_, App>) -> Result<Vec<PolicySummary>, String> {
    with_register(&app, |r| policy::list(r.conn()))
}

#[tauri::command]
pub async fn get_policy_version(
    app: State<'_, App>,
    version: String,
) -> Result<VersionDetail, String> {
    with_register(&app, |r| {
        let v = policy::get(r.conn(), &version)?;
        let snapshots = policy::snapshots(r.conn(), v.summary.id)?;
        Ok(VersionDetail {
            version: v,
            snapshots,
        })
    })
}

/// The sanitised preview of a text being edited; nothing is stored. Async, so a
/// large policy renders off the main thread and the window stays responsive.
#[tauri::command]
pub async fn preview_policy(markdown: String) -> String {
    markdown_to_safe_html(&markdown)
}

#[tauri::command]
pub async fn new_policy_draft(
    app: State<'_, App>,
    from: Option<String>,
    label: Option<String>,
) -> Result<PolicyVersion, String> {
    with_register(&app, |r| {
        let id = r.write(&actor(), |c| {
            policy::new_draft_from(c, from.as_deref(), label.as_deref())
        })?;
        policy::get(r.conn(), &id.to_string())
    })
}

#[tauri::command]
pub async fn save_policy_draft(
    app: State<'_, App>,
    version: String,
    markdown: String,
) -> Result<PolicyVersion, String> {
    with_register(&app, |r| {
        r.write(&actor(), |c| policy::edit(c, &version, &markdown))?;
        policy::get(r.conn(), &version)
    })
}

#[tauri::command]
pub async fn set_policy_review(
    app: State<'_, App>,
    version: String,
    in_review: bool,
) -> Result<PolicyVersion, String> {
    with_register(&app, |r| {
        r.write(&actor(), |c| policy::set_review(c, &version, in_review))?;
        policy::get(r.conn(), &version)
    })
}

#[tauri::command]
pub async fn publish_policy(
    app: State<'_, App>,
    version: String,
    effective: String,
    material: bool,
    summary: Option<String>,
) -> Result<PolicyVersion, String> {
    with_register(&app, |r| {
        let effective_date = workbench::time::parse_date("the effective date", &effective)?;
        r.write(&actor(), |c| {
            policy::publish(
                c,
                &version,
                &Publication {
                    effective_date,
                    material_change: material,
                    summary: summary.as_deref(),
                },
            )
        })?;
        policy::get(r.conn(), &version)
    })
}

#[tauri::command]
pub async fn compare_policies(
    app: State<'_, App>,
    a: String,
    b: String,
) -> Result<Comparison, String> {
    with_register(&app, |r| render::compare(r, &a, &b))
}

#[derive(Clone, Serialize)]
struct Progress {
    stage: &'static str,
    percent: u8,
}

fn progress(app: &AppHandle, stage: &'static str, percent: u8) {
    // Progress is a courtesy: a failed emit must not fail the export.
    let _ = app.emit("export-progress", Progress { stage, percent });
}

/// Renders a version and saves it where the officer chooses; records a snapshot
/// for published versions. `None` when the officer cancelled.
#[tauri::command]
pub async fn export_policy(
    app: AppHandle,
    state: State<'_, App>,
    version: Option<String>,
    format: String,
) -> Result<Option<Export>, String> {
    let format = Format::parse(&format).map_err(|e| e.to_string())?;
    let (label, ext, filter) = {
        let label = with_register(&state, |r| match &version {
            Some(v) => Ok(policy::get(r.conn(), v)?.summary.label),
            None => Ok(policy::published(r.conn())?
                .map(|p| p.label)
                .unwrap_or_else(|| "policy".into())),
        })?;
        match format {
            Format::Html => (label, "html", "HTML document"),
            Format::Pdf => (label, "pdf", "PDF document"),
        }
    };
    let suggested = format!("privacy-policy-{}.{ext}", safe_file_stem(&label));
    let Some(path) = dialogs::save_path(&app, &suggested, filter, ext).await? else {
        return Ok(None);
    };
    progress(
        &app,
        match format {
            Format::Html => "Rendering the HTML…",
            Format::Pdf => "Typesetting the PDF…",
        },
        10,
    );
    let export = with_register(&state, |r| {
        render::export(r, &actor(), version.as_deref(), format, &path)
    })?;
    progress(&app, "Saved", 100);
    Ok(Some(export))
}

/// Where a saved comparison went.
#[derive(Serialize)]
pub struct Saved {
    path: String,
}

#[tauri::command]
pub async fn export_policy_diff(
    app: AppHandle,
    state: State<'_, App>,
    a: String,
    b: String,
) -> Result<Option<Saved>, String> {
    let (document, old, new) = with_register(&state, |r| {
        let c = render::compare(r, &a, &b)?;
        Ok((render::diff_document(r, &c)?, c.old, c.new))
    })?;
    let suggested = format!(
        "policy-changes-{}-to-{}.html",
        safe_file_stem(&old),
        safe_file_stem(&new)
    );
    let Some(path) = dialogs::save_path(&app, &suggested, "HTML document", "html").await? else {
        return Ok(None);
    };
    workbench::files::write_atomic(&path, document.as_bytes()).map_err(|e| e.to_string())?;
    Ok(Some(Saved {
        path: path.display().to_string(),
    }))
}

/// A label made safe for a file name.
fn safe_file_stem(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
