//! Dashboard checks and charts, and the reports screen: generate a report for a
//! period in a format, save it through a native dialog, watch the progress, open it.

use std::path::PathBuf;
use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use workbench::checks;
use workbench::reports::{self, Format, Kind, Period, ReportOutcome};

use crate::{dialogs, with_register, App};

/// The last report saved, the only file "Open" may open.
#[derive(Default)]
pub struct LastReport(pub Mutex<Option<PathBuf>>);

/// Every check as of today, for the dashboard.
#[tauri::command]
pub async fn run_checks(app: State<'_, App>) -> Result<checks::Report, String> {
    with_register(&app, |r| checks::run(r.conn(), workbench::time::today()))
}

/// A chart for the dashboard: its title and the SVG the reports draw.
#[derive(Serialize)]
pub struct DashboardChart {
    title: String,
    svg: String,
}

/// The charts of the last twelve months, drawn exactly as in the reports.
#[tauri::command]
pub async fn dashboard_charts(
    app: State<'_, App>,
    language: Option<String>,
) -> Result<Vec<DashboardChart>, String> {
    let lang = report_lang(language.as_deref())?;
    with_register(&app, |r| {
        let period = Period::from_args(None, None, workbench::time::today())?;
        Ok(reports::dashboard_charts(r.conn(), period, lang)?
            .into_iter()
            .map(|c| DashboardChart {
                title: c.title,
                svg: c.svg,
            })
            .collect())
    })
}

/// The report language the UI asked for; English when it did not say.
fn report_lang(language: Option<&str>) -> Result<reports::Lang, String> {
    language.map_or(Ok(reports::Lang::En), |l| {
        reports::Lang::parse(l).map_err(|e| e.to_string())
    })
}

/// A report kind and the formats it comes in, for the reports screen.
#[derive(Serialize)]
pub struct ReportKind {
    kind: &'static str,
    title: &'static str,
    formats: Vec<&'static str>,
}

#[tauri::command]
pub async fn report_kinds() -> Vec<ReportKind> {
    Kind::ALL
        .iter()
        .map(|k| ReportKind {
            kind: k.name(),
            title: k.title(),
            formats: k.formats().iter().map(|f| f.name()).collect(),
        })
        .collect()
}

#[derive(Clone, Serialize)]
struct Progress {
    stage: String,
    percent: u8,
}

/// Generates a report and saves it where the officer chooses; `None` when cancelled.
/// Progress arrives as `report-progress` events.
// Each argument is one named field of the UI's request; Tauri maps them by name.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn generate_report(
    app: AppHandle,
    state: State<'_, App>,
    last: State<'_, LastReport>,
    kind: String,
    format: String,
    from: Option<String>,
    to: Option<String>,
    language: Option<String>,
) -> Result<Option<ReportOutcome>, String> {
    let kind = Kind::parse(&kind).map_err(|e| e.to_string())?;
    let lang = report_lang(language.as_deref())?;
    let format = Format::parse(&format).map_err(|e| e.to_string())?;
    let period = Period::from_args(from.as_deref(), to.as_deref(), workbench::time::today())
        .map_err(|e| e.to_string())?;
    if !kind.formats().contains(&format) {
        return Err(format!(
            "the {} report comes as {}, not {}",
            kind.title(),
            kind.formats()
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(" or "),
            format.name()
        ));
    }
    let ext = format.name();
    let suggested = format!("{}-report-{}-{}.{ext}", kind.name(), period.from, period.to);
    let Some(path) = dialogs::save_path(&app, &suggested, &ext.to_uppercase(), ext).await? else {
        return Ok(None);
    };
    let outcome = with_register(&state, |r| {
        reports::generate_in(
            r.conn(),
            kind,
            period,
            format,
            lang,
            &path,
            &mut |stage, percent| {
                let _ = app.emit(
                    "report-progress",
                    Progress {
                        stage: stage.to_string(),
                        percent,
                    },
                );
            },
        )
    })?;
    if let Ok(mut slot) = last.0.lock() {
        *slot = Some(outcome.path.clone());
    }
    Ok(Some(outcome))
}

/// Opens the last report saved in the desktop's default application for its type.
#[tauri::command]
pub async fn open_last_report(last: State<'_, LastReport>) -> Result<(), String> {
    let path = last
        .0
        .lock()
        .ok()
        .and_then(|p| p.clone())
        .ok_or_else(|| "no report has been saved in this session".to_string())?;
    std::process::Command::new("xdg-open")
        .arg(&path)
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("cannot open {}: {e}", path.display()))
}
