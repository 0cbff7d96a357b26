//! Native file dialogs, opened from Rust so the UI never handles paths it chose itself.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};

/// Set by the end-to-end tests: save into this folder under the suggested name
/// instead of asking, since WebDriver cannot drive a native dialog.
const E2E_SAVE_DIR: &str = "WORKBENCH_E2E_SAVE_DIR";

/// Asks where to save a file; `None` when the officer cancels.
pub async fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &str,
    filter_name: &str,
    extension: &str,
) -> Result<Option<PathBuf>, String> {
    if let Some(dir) = std::env::var_os(E2E_SAVE_DIR) {
        return Ok(Some(PathBuf::from(dir).join(suggested)));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let suggested = suggested.to_string();
    let filter_name = filter_name.to_string();
    let extension = extension.to_string();
    // GTK dialogs are created on the main thread; the wait happens elsewhere.
    app.run_on_main_thread(move || {
        let dialog = rfd::AsyncFileDialog::new()
            .set_file_name(suggested)
            .add_filter(filter_name, &[extension.as_str()])
            .save_file();
        std::thread::spawn(move || {
            let chosen = tauri::async_runtime::block_on(dialog);
            let _ = tx.send(chosen.map(|handle| handle.path().to_path_buf()));
        });
    })
    .map_err(|e| format!("cannot open the save dialog: {e}"))?;
    tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten())
        .await
        .map_err(|e| format!("the save dialog failed: {e}"))
}

/// Set by the end-to-end tests: the files the open dialog "chooses", separated by
/// the platform's path-list separator.
const E2E_OPEN_FILES: &str = "WORKBENCH_E2E_OPEN_FILES";

/// Asks for one or more files to open; `None` when the officer cancels.
pub async fn open_paths<R: Runtime>(
    app: &AppHandle<R>,
    filter_name: &str,
    extensions: &[&str],
) -> Result<Option<Vec<PathBuf>>, String> {
    if let Some(list) = std::env::var_os(E2E_OPEN_FILES) {
        return Ok(Some(std::env::split_paths(&list).collect()));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let filter_name = filter_name.to_string();
    let extensions: Vec<String> = extensions.iter().map(|e| e.to_string()).collect();
    app.run_on_main_thread(move || {
        let dialog = rfd::AsyncFileDialog::new()
            .add_filter(filter_name, &extensions)
            .pick_files();
        std::thread::spawn(move || {
            let chosen = tauri::async_runtime::block_on(dialog);
            let _ = tx.send(chosen.map(|files| {
                files
                    .into_iter()
                    .map(|f| f.path().to_path_buf())
                    .collect::<Vec<_>>()
            }));
        });
    })
    .map_err(|e| format!("cannot open the file dialog: {e}"))?;
    tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten())
        .await
        .map_err(|e| format!("the file dialog failed: {e}"))
}
