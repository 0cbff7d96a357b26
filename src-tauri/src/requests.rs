//! Requests screen commands: the inbox, a request's detail and actions, import
//! (native dialog or files dropped on the window), letters and calendar export.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, State};
use workbench::intake::{self, ImportReport};
use workbench::register::requests::{
    self, Event, ListFilter, ManualEntry, Message, Pause, RequestDetail, RequestRow, Summary,
};
use workbench::rules::jurisdictions::Jurisdiction;
use workbench::rules::{self, Rules};
use workbench::{calendar, letters};

use crate::{actor, dialogs, with_register, App};

fn rules() -> Result<&'static Rules, String> {
    rules::bundled().map_err(|e| e.to_string())
}

/// Today at the office: the calendar the deadlines count in.
fn today(rules: &Rules) -> NaiveDate {
    rules.office_date(chrono::Utc::now())
}

#[tauri::command]
pub async fn list_requests_page(
    app: State<'_, App>,
    query: requests::RequestQuery,
) -> Result<workbench::register::Page<RequestRow>, String> {
    let rules = rules()?;
    with_register(&app, |r| requests::page(r.conn(), &query, today(rules)))
}

#[tauri::command]
pub async fn list_requests(
    app: State<'_, App>,
    filter: Option<ListFilter>,
) -> Result<Vec<RequestRow>, String> {
    let rules = rules()?;
    with_register(&app, |r| {
        requests::list_filtered(r.conn(), &filter.unwrap_or_default(), today(rules))
    })
}

#[tauri::command]
pub async fn request_summary(app: State<'_, App>) -> Result<Summary, String> {
    let rules = rules()?;
    with_register(&app, |r| requests::summary(r.conn(), today(rules)))
}

#[tauri::command]
pub async fn list_jurisdictions() -> Result<Vec<Jurisdiction>, String> {
    Ok(rules()?.jurisdictions.clone())
}

/// A request with everything the detail view shows.
#[derive(Serialize)]
pub struct RequestView {
    detail: RequestDetail,
    timeline: Vec<Event>,
    messages: Vec<Message>,
    pauses: Vec<Pause>,
    allowed_next: &'static [&'static str],
}

#[tauri::command]
pub async fn get_request(app: State<'_, App>, id: i64) -> Result<RequestView, String> {
    let rules = rules()?;
    with_register(&app, |r| {
        let detail = requests::show(r.conn(), rules, id, today(rules))?;
        Ok(RequestView {
            allowed_next: requests::allowed_next(&detail.row.status),
            timeline: requests::timeline(r.conn(), id)?,
            messages: requests::messages(r.conn(), id)?,
            pauses: requests::pauses(r.conn(), id)?,
            detail,
        })
    })
}

/// The manual-entry form.
#[derive(Deserialize)]
pub struct NewRequestForm {
    #[serde(rename = "type")]
    kind: String,
    email: String,
    name: Option<String>,
    merchant: Option<String>,
    /// YYYY-MM-DD
    received_on: String,
    jurisdiction: Option<String>,
    note: Option<String>,
}

#[tauri::command]
pub async fn add_request(app: State<'_, App>, form: NewRequestForm) -> Result<RequestRow, String> {
    let rules = rules()?;
    with_register(&app, |r| {
        let today = today(rules);
        let received_on = workbench::time::parse_date("the date received", &form.received_on)?;
        let new = requests::manual_entry(
            r.conn(),
            &ManualEntry {
                kind: &form.kind,
                email: &form.email,
                name: form.name.as_deref(),
                merchant: form.merchant.as_deref(),
                received_on,
                jurisdiction: form.jurisdiction.as_deref(),
                note: form.note.as_deref(),
            },
            today,
        )?;
        let id = r.write(&actor(), |c| requests::insert(c, rules, &new))?;
        Ok(requests::show(r.conn(), rules, id, today)?.row)
    })
}

/// One action on a request, from the detail view.
#[derive(Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum RequestAction {
    Transition {
        status: String,
        note: Option<String>,
    },
    Extend {
        reason: String,
    },
    Pause {
        reason: String,
    },
    Resume {
        note: Option<String>,
    },
    Classify {
        #[serde(rename = "type")]
        kind: String,
        note: Option<String>,
    },
    SetJurisdiction {
        code: String,
        note: Option<String>,
    },
    VerifyIdentity {
        method: String,
        /// YYYY-MM-DD
        on: String,
    },
}

/// Applies one action and returns the request as it now stands.
#[tauri::command]
pub async fn act_on_request(
    app: State<'_, App>,
    id: i64,
    action: RequestAction,
) -> Result<RequestView, String> {
    let rules = rules()?;
    with_register(&app, |r| {
        let today = today(rules);
        let who = actor();
        match &action {
            RequestAction::Transition { status, note } => r.write(&who, |c| {
                requests::transition(c, id, status, note.as_deref(), today)
            })?,
            RequestAction::Extend { reason } => r
                .write(&who, |c| requests::extend(c, rules, id, reason, today))
                .map(|_| ())?,
            RequestAction::Pause { reason } => {
                r.write(&who, |c| requests::pause(c, id, reason, today))?
            }
            RequestAction::Resume { note } => r.write(&who, |c| {
                requests::resume(c, rules, id, note.as_deref(), today)
            })?,
            RequestAction::Classify { kind, note } => r.write(&who, |c| {
                requests::classify(c, rules, id, kind, note.as_deref())
            })?,
            RequestAction::SetJurisdiction { code, note } => r.write(&who, |c| {
                requests::set_jurisdiction(c, rules, id, code, note.as_deref())
            })?,
            RequestAction::VerifyIdentity { method, on } => {
                let on = workbench::time::parse_date("the verification date", on)?;
                r.write(&who, |c| {
                    requests::verify_identity(c, id, method, on, today)
                })?
            }
        }
        Ok(())
    })?;
    get_request(app, id).await
}

#[derive(Clone, Serialize)]
struct ImportProgress {
    phase: &'static str,
    done: u64,
    total: u64,
    unit: &'static str,
}

/// Imports files (from the dialog or a drop), reporting progress as `import-progress` events.
pub fn import_paths(
    app: &AppHandle,
    state: &State<'_, App>,
    paths: &[PathBuf],
) -> Result<ImportReport, String> {
    let rules = rules()?;
    let who = actor();
    let mut last_percent = u64::MAX;
    with_register(state, |r| {
        intake::import_files(r, rules, &who, paths, |p| {
            let percent = (p.done * 100).checked_div(p.total).unwrap_or(0);
            if percent != last_percent || p.done == p.total {
                last_percent = percent;
                let _ = app.emit(
                    "import-progress",
                    ImportProgress {
                        phase: p.phase,
                        done: p.done,
                        total: p.total,
                        unit: p.unit,
                    },
                );
            }
        })
    })
}

/// Asks for .eml / .mbox / webhook .json files and imports them; `None` when cancelled.
#[tauri::command]
pub async fn import_requests(
    app: AppHandle,
    state: State<'_, App>,
) -> Result<Option<ImportReport>, String> {
    let Some(paths) =
        dialogs::open_paths(&app, "Mail and webhooks", &["eml", "mbox", "json"]).await?
    else {
        return Ok(None);
    };
    import_paths(&app, &state, &paths).map(Some)
}

/// Where a saved file went.
#[derive(Serialize)]
pub struct SavedFile {
    path: String,
}

/// Fills a letter template into a draft .eml the officer sends from their own mail client.
#[tauri::command]
pub async fn draft_letter(
    app: AppHandle,
    state: State<'_, App>,
    id: i64,
    template: String,
    lang: String,
) -> Result<Option<SavedFile>, String> {
    let rules = rules()?;
    let draft = with_register(&state, |r| {
        letters::draft(r.conn(), rules, id, &template, &lang, today(rules))
    })?;
    let suggested = format!("request-{id}-{template}-{lang}.eml");
    let Some(path) = dialogs::save_path(&app, &suggested, "Draft email", "eml").await? else {
        return Ok(None);
    };
    with_register(&state, |r| letters::write_draft(r, &actor(), &draft, &path))?;
    Ok(Some(SavedFile {
        path: path.display().to_string(),
    }))
}

/// Exports the requests as CSV, or open deadlines as an iCalendar file.
#[tauri::command]
pub async fn export_requests(
    app: AppHandle,
    state: State<'_, App>,
    format: String,
) -> Result<Option<SavedFile>, String> {
    let rules = rules()?;
    let format_parsed = calendar::Format::parse(&format).map_err(|e| e.to_string())?;
    let (suggested, filter, ext) = if format.eq_ignore_ascii_case("ics") {
        ("request-deadlines.ics", "iCalendar", "ics")
    } else {
        ("rights-requests.csv", "CSV", "csv")
    };
    let Some(path) = dialogs::save_path(&app, suggested, filter, ext).await? else {
        return Ok(None);
    };
    with_register(&state, |r| {
        calendar::export(r.conn(), format_parsed, &path, today(rules))
    })?;
    Ok(Some(SavedFile {
        path: path.display().to_string(),
    }))
}
