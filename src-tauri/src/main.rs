//! The desktop shell: opens the register and exposes the library to the web UI
//! as Tauri commands, each a few lines calling the library.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::Mutex;

mod dialogs;
mod engine;
mod memory;
mod policy;
mod prefs;
mod registers;
mod reports;
mod requests;

use tauri::{DragDropEvent, Emitter, Manager, State, WindowEvent};
use workbench::register::settings;
use workbench::{audit, defaults, status, Register};

// Every command is `async`: Tauri runs plain commands on the main thread, where a
// command waiting for the register (say, behind a large import) would freeze the window.

/// The register, shared by every command, and the path it is opened from.
pub struct App {
    register: Mutex<Held>,
    path: PathBuf,
}

/// Where the register stands: open, or why not.
enum Held {
    Open(Register),
    /// An encrypted register waits for its passphrase (see [`unlock_register`]).
    Locked,
    /// A register from an older release is brought to the current schema behind the window.
    Upgrading,
    /// The upgrade failed: every command answers this sentence.
    Failed(String),
}

impl Held {
    fn from_opened(opened: Result<Option<Register>, String>) -> Held {
        match opened {
            Ok(Some(reg)) => Held::Open(reg),
            Ok(None) => Held::Locked,
            Err(message) => Held::Failed(message),
        }
    }

    /// What a command answers while no register is open; `None` when one is.
    fn refusal(&self) -> Option<String> {
        match self {
            Held::Open(_) => None,
            Held::Locked => Some(LOCKED.to_string()),
            Held::Upgrading => Some(UPGRADING.to_string()),
            Held::Failed(message) => Some(message.clone()),
        }
    }
}

/// What every command answers while an encrypted register waits for its
/// passphrase; the UI shows the unlock screen when it sees this sentence.
pub const LOCKED: &str = "the register is locked; enter its passphrase";

/// What every command answers while an older register is brought to the current schema;
/// the UI says so and asks again until the register is open.
pub const UPGRADING: &str = "the register is being brought up to date for this release";

fn poisoned<T>(_: T) -> String {
    "the register is unavailable after an earlier failure; restart the app".to_string()
}

/// Runs `f` on the register and turns a library error into one sentence for the UI.
///
/// Register work blocks: SQLite, and the register's mutex, which a check or an import holds
/// for half a second or more. Commands run on the async runtime's few worker threads (one
/// per core), so the work tells the runtime it blocks (`block_in_place`), and the UI's
/// other calls move to another thread meanwhile instead of waiting behind it.
pub fn with_register<T>(
    app: &State<'_, App>,
    f: impl FnOnce(&mut Register) -> workbench::Result<T>,
) -> Result<T, String> {
    tokio::task::block_in_place(|| {
        let mut guard = app.register.lock().map_err(poisoned)?;
        match &mut *guard {
            Held::Open(reg) => memory::after_heavy(|| f(reg)).map_err(|e| e.to_string()),
            other => Err(other.refusal().unwrap_or_default()),
        }
    })
}

/// Opens the encrypted register with the passphrase the officer typed; a wrong one
/// is the library's sentence, and the register stays locked. The passphrase lives
/// only in the open register (as SQLCipher's key); it is never logged or stored.
#[tauri::command]
async fn unlock_register(app: State<'_, App>, passphrase: String) -> Result<(), String> {
    let mut guard = app.register.lock().map_err(poisoned)?;
    match &*guard {
        Held::Open(_) => return Ok(()),
        Held::Locked => {}
        other => return Err(other.refusal().unwrap_or_default()),
    }
    let mut reg =
        Register::open_existing_with(&app.path, Some(&passphrase)).map_err(|e| e.to_string())?;
    defaults::init(&mut reg, &actor()).map_err(|e| e.to_string())?;
    *guard = Held::Open(reg);
    Ok(())
}

#[tauri::command]
async fn dashboard(app: State<'_, App>) -> Result<status::Status, String> {
    with_register(&app, |r| status::status(r))
}

#[tauri::command]
async fn list_audit(
    app: State<'_, App>,
    limit: u32,
    offset: u32,
) -> Result<Vec<audit::Entry>, String> {
    with_register(&app, |r| audit::list(r.conn(), limit.min(500), offset))
}

#[tauri::command]
async fn verify_audit(app: State<'_, App>) -> Result<audit::Verification, String> {
    with_register(&app, |r| audit::verify(r.conn()))
}

#[tauri::command]
async fn settings(app: State<'_, App>) -> Result<Vec<settings::Setting>, String> {
    with_register(&app, |r| settings::list(r.conn()))
}

/// Who is making changes at this desk.
pub fn actor() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "officer".into())
}

/// The register to open: `WORKBENCH_DB` if set, else the platform data directory's.
fn register_path() -> Result<PathBuf, String> {
    std::env::var_os("WORKBENCH_DB")
        .map(PathBuf::from)
        .or_else(workbench::default_register_path)
        .ok_or_else(|| "no home directory for the register; set WORKBENCH_DB".to_string())
}

/// Opens the register, creating and loading the default one on first start.
/// An encrypted register opens with `WORKBENCH_PASSPHRASE` when it is set;
/// otherwise it stays locked (`None`) until the window asks for its passphrase.
fn open_register(path: &std::path::Path) -> Result<Option<Register>, String> {
    let passphrase = std::env::var("WORKBENCH_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty());
    let encrypted = workbench::db::crypto::is_encrypted(path).map_err(|e| e.to_string())?;
    if encrypted && passphrase.is_none() {
        return Ok(None);
    }
    let mut reg =
        Register::open_or_create_with(path, passphrase.as_deref()).map_err(|e| e.to_string())?;
    defaults::init(&mut reg, &actor()).map_err(|e| e.to_string())?;
    Ok(Some(reg))
}

/// Opens a register from an older release behind the window: the upgrade may take minutes
/// on a large one, and the window says so meanwhile instead of not appearing.
fn upgrade_in_background(handle: tauri::AppHandle) {
    std::thread::spawn(move || {
        let app = handle.state::<App>();
        // Opened without the lock held: commands answer UPGRADING meanwhile.
        let held = Held::from_opened(open_register(&app.path));
        *app.register
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = held;
        memory::release_freed();
    });
}

fn main() {
    engine::prepare_environment();
    prefs::mark_start();
    let opened = register_path().and_then(|path| {
        if Register::needs_upgrade(&path) {
            return Ok((path, Held::Upgrading));
        }
        open_register(&path).map(|reg| (path, Held::from_opened(Ok(reg))))
    });
    prefs::probe("register_open");
    let (path, held) = match opened {
        Ok(opened) => opened,
        Err(message) => {
            eprintln!("Compliance Workbench cannot start: {message}");
            std::process::exit(2);
        }
    };
    let upgrading = matches!(held, Held::Upgrading);
    let result = tauri::Builder::default()
        .setup(move |app| {
            if let Some(window) = app.get_webview_window("main") {
                engine::configure(&window);
            }
            if upgrading {
                upgrade_in_background(app.handle().clone());
            }
            Ok(())
        })
        .manage(reports::LastReport::default())
        .manage(App {
            register: Mutex::new(held),
            path,
        })
        .on_window_event(|window, event| {
            // Files dropped on the window are imported as requests; the paths come
            // from the operating system, never from the web UI.
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                let app = window.app_handle().clone();
                let paths = paths.clone();
                std::thread::spawn(move || {
                    let _ = app.emit("import-started", paths.len());
                    let outcome = requests::import_paths(&app, &app.state::<App>(), &paths);
                    let _ = match outcome {
                        Ok(report) => app.emit("import-finished", report),
                        Err(message) => app.emit("import-failed", message),
                    };
                });
            }
        })
        .on_page_load(|_, payload| {
            prefs::probe(match payload.event() {
                tauri::webview::PageLoadEvent::Started => "page_load_started",
                tauri::webview::PageLoadEvent::Finished => "page_load_finished",
            })
        })
        .invoke_handler(tauri::generate_handler![
            unlock_register,
            dashboard,
            policy::list_policy_versions,
            policy::get_policy_version,
            policy::preview_policy,
            policy::new_policy_draft,
            policy::save_policy_draft,
            policy::set_policy_review,
            policy::publish_policy,
            policy::compare_policies,
            policy::export_policy,
            policy::export_policy_diff,
            reports::run_checks,
            reports::dashboard_charts,
            reports::report_kinds,
            reports::generate_report,
            reports::open_last_report,
            registers::list_processors,
            registers::get_processor,
            registers::check_processor,
            registers::save_processor,
            registers::retire_processor,
            registers::list_merchants,
            registers::get_merchant,
            registers::check_merchant,
            registers::save_merchant,
            registers::list_authorizations,
            registers::get_authorization,
            registers::check_authorization,
            registers::grant_authorization,
            registers::revoke_authorization,
            registers::list_platforms,
            registers::list_scopes,
            registers::retention_items,
            registers::record_retention,
            registers::import_register,
            registers::export_register,
            requests::list_requests,
            requests::list_requests_page,
            registers::list_merchants_page,
            registers::list_authorizations_page,
            registers::retention_items_page,
            requests::request_summary,
            requests::list_jurisdictions,
            requests::get_request,
            requests::add_request,
            requests::act_on_request,
            requests::import_requests,
            requests::draft_letter,
            requests::export_requests,
            list_audit,
            verify_audit,
            settings,
            prefs::get_preferences,
            prefs::set_preferences,
            prefs::startup_drawn,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Compliance Workbench stopped: {e}");
        std::process::exit(1);
    }
}
