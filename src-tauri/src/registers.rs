//! Processors, merchants, authorizations, the scope catalog and retention:
//! the registers screens' commands.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use workbench::register::authorizations::{
    self, AuthorizationDetail, AuthorizationInput, AuthorizationRow, Granted, Revocation,
};
use workbench::register::merchants::{self, MerchantDetail, MerchantInput, MerchantRow};
use workbench::register::platforms::{self, PlatformRow, Scope};
use workbench::register::processors::{self, Processor, ProcessorInput, ProcessorRow};
use workbench::register::retention::{self, NewAction, RetentionItem};
use workbench::spreadsheet::fields::FieldError;
use workbench::spreadsheet::{ExportReport, Format, ImportReport};

use workbench::register::Page;

use crate::{actor, dialogs, with_register, App};

fn today() -> chrono::NaiveDate {
    workbench::time::today()
}

#[tauri::command]
pub async fn list_processors(app: State<'_, App>) -> Result<Vec<ProcessorRow>, String> {
    with_register(&app, |r| processors::list(r.conn()))
}

#[tauri::command]
pub async fn get_processor(app: State<'_, App>, id: i64) -> Result<Processor, String> {
    with_register(&app, |r| processors::get(r.conn(), id))
}

/// Checks a processor form without saving: every field's problem, for inline messages.
#[tauri::command]
pub async fn check_processor(
    app: State<'_, App>,
    id: Option<i64>,
    input: ProcessorInput,
) -> Result<Vec<FieldError>, String> {
    with_register(&app, |r| {
        let base = match id {
            Some(id) => processors::get(r.conn(), id)?.fields,
            None => Default::default(),
        };
        Ok(input.apply(&base).err().unwrap_or_default())
    })
}

/// Adds a processor (no id) or edits one.
#[tauri::command]
pub async fn save_processor(
    app: State<'_, App>,
    id: Option<i64>,
    input: ProcessorInput,
) -> Result<Processor, String> {
    with_register(&app, |r| {
        let id = match id {
            Some(id) => {
                r.write(&actor(), |c| processors::edit(c, id, &input))?;
                id
            }
            None => r.write(&actor(), |c| processors::create(c, &input))?,
        };
        processors::get(r.conn(), id)
    })
}

#[tauri::command]
pub async fn retire_processor(
    app: State<'_, App>,
    id: i64,
    reason: Option<String>,
) -> Result<Processor, String> {
    with_register(&app, |r| {
        r.write(&actor(), |c| processors::retire(c, id, reason.as_deref()))?;
        processors::get(r.conn(), id)
    })
}

#[tauri::command]
pub async fn list_merchants(app: State<'_, App>) -> Result<Vec<MerchantRow>, String> {
    with_register(&app, |r| merchants::list(r.conn()))
}

#[tauri::command]
pub async fn list_merchants_page(
    app: State<'_, App>,
    query: merchants::MerchantQuery,
) -> Result<Page<MerchantRow>, String> {
    with_register(&app, |r| merchants::page(r.conn(), &query))
}

#[tauri::command]
pub async fn list_authorizations_page(
    app: State<'_, App>,
    query: authorizations::AuthorizationQuery,
) -> Result<Page<AuthorizationRow>, String> {
    with_register(&app, |r| authorizations::page(r.conn(), &query, today()))
}

#[tauri::command]
pub async fn retention_items_page(
    app: State<'_, App>,
    limit: u32,
    offset: u64,
) -> Result<Page<RetentionItem>, String> {
    with_register(&app, |r| {
        retention::items_page(r.conn(), today(), limit, offset)
    })
}

/// A merchant with its authorizations and their scopes' sensitivity.
#[tauri::command]
pub async fn get_merchant(app: State<'_, App>, id: i64) -> Result<MerchantDetail, String> {
    with_register(&app, |r| merchants::show(r.conn(), id, today()))
}

#[tauri::command]
pub async fn check_merchant(
    app: State<'_, App>,
    id: Option<i64>,
    input: MerchantInput,
) -> Result<Vec<FieldError>, String> {
    with_register(&app, |r| {
        let base = match id {
            Some(id) => merchants::get(r.conn(), id)?.fields,
            None => Default::default(),
        };
        Ok(input.apply(&base).err().unwrap_or_default())
    })
}

#[tauri::command]
pub async fn save_merchant(
    app: State<'_, App>,
    id: Option<i64>,
    input: MerchantInput,
) -> Result<MerchantDetail, String> {
    with_register(&app, |r| {
        let id = match id {
            Some(id) => {
                r.write(&actor(), |c| merchants::edit(c, id, &input))?;
                id
            }
            None => r.write(&actor(), |c| merchants::create(c, &input))?,
        };
        merchants::show(r.conn(), id, today())
    })
}

#[tauri::command]
pub async fn list_authorizations(
    app: State<'_, App>,
    filter: Option<authorizations::ListFilter>,
) -> Result<Vec<AuthorizationRow>, String> {
    with_register(&app, |r| {
        authorizations::list_filtered(r.conn(), &filter.unwrap_or_default(), today())
    })
}

#[tauri::command]
pub async fn get_authorization(
    app: State<'_, App>,
    id: i64,
) -> Result<AuthorizationDetail, String> {
    with_register(&app, |r| authorizations::show(r.conn(), id, today()))
}

#[tauri::command]
pub async fn check_authorization(
    app: State<'_, App>,
    input: AuthorizationInput,
) -> Result<Vec<FieldError>, String> {
    with_register(&app, |r| {
        Ok(input
            .apply(r.conn(), None, &actor(), today())
            .err()
            .unwrap_or_default())
    })
}

#[tauri::command]
pub async fn grant_authorization(
    app: State<'_, App>,
    input: AuthorizationInput,
) -> Result<Granted, String> {
    with_register(&app, |r| {
        r.write(&actor(), |c| authorizations::grant(c, &input, today()))
    })
}

/// Revokes an authorization in one action: why, how, and the request that asked.
#[tauri::command]
pub async fn revoke_authorization(
    app: State<'_, App>,
    id: i64,
    revocation: Revocation,
) -> Result<AuthorizationDetail, String> {
    with_register(&app, |r| {
        r.write(&actor(), |c| {
            authorizations::revoke(c, id, &revocation, today())
        })?;
        authorizations::show(r.conn(), id, today())
    })
}

#[tauri::command]
pub async fn list_platforms(app: State<'_, App>) -> Result<Vec<PlatformRow>, String> {
    with_register(&app, |r| platforms::list(r.conn()))
}

#[tauri::command]
pub async fn list_scopes(
    app: State<'_, App>,
    platform: Option<String>,
) -> Result<Vec<Scope>, String> {
    with_register(&app, |r| platforms::scopes(r.conn(), platform.as_deref()))
}

/// Data due (or coming due) for deletion or anonymisation.
#[tauri::command]
pub async fn retention_items(app: State<'_, App>) -> Result<Vec<RetentionItem>, String> {
    with_register(&app, |r| retention::items(r.conn(), today()))
}

#[tauri::command]
pub async fn record_retention(
    app: State<'_, App>,
    action: NewAction,
) -> Result<RetentionItem, String> {
    with_register(&app, |r| {
        r.write(&actor(), |c| retention::record(c, &action, today()))
    })
}

/// Which register a spreadsheet holds.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sheet {
    Processors,
    Merchants,
    Authorizations,
}

impl Sheet {
    fn name(self) -> &'static str {
        match self {
            Sheet::Processors => "processors",
            Sheet::Merchants => "merchants",
            Sheet::Authorizations => "authorizations",
        }
    }
}

/// Imports a CSV or XLSX file chosen in a native dialog; `None` when cancelled.
/// Every row is checked first; a bad file changes nothing and says which rows.
#[tauri::command]
pub async fn import_register(
    app: AppHandle,
    state: State<'_, App>,
    what: Sheet,
) -> Result<Option<ImportReport>, String> {
    let Some(paths) = dialogs::open_paths(&app, "Spreadsheets", &["csv", "xlsx"]).await? else {
        return Ok(None);
    };
    let Some(path) = paths.first() else {
        return Ok(None);
    };
    with_register(&state, |r| match what {
        Sheet::Processors => processors::import(r, &actor(), path),
        Sheet::Merchants => merchants::import(r, &actor(), path),
        Sheet::Authorizations => authorizations::import(r, &actor(), path, today()),
    })
    .map(Some)
}

/// Exports a register to CSV or XLSX where the officer chooses; `None` when cancelled.
#[tauri::command]
pub async fn export_register(
    app: AppHandle,
    state: State<'_, App>,
    what: Sheet,
    format: String,
) -> Result<Option<ExportReport>, String> {
    let format = Format::parse(&format).map_err(|e| e.to_string())?;
    let ext = format.name();
    let suggested = format!("{}.{ext}", what.name());
    let filter = if ext == "csv" {
        "CSV"
    } else {
        "Excel workbook"
    };
    let Some(path) = dialogs::save_path(&app, &suggested, filter, ext).await? else {
        return Ok(None);
    };
    with_register(&state, |r| match what {
        Sheet::Processors => processors::export(r.conn(), format, &path),
        Sheet::Merchants => merchants::export(r.conn(), format, &path),
        Sheet::Authorizations => authorizations::export(r.conn(), format, &path),
    })
    .map(Some)
}
