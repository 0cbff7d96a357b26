//! How the web engine is set up: for a small local UI, with as little memory as it needs.
//!
//! WebKitGTK runs the UI in two helper processes (web content and network) next to the
//! app's own, and most of the desktop's memory is theirs. Measured with the million-request
//! register open (docs/benchmarks.md), these settings take about 10 MB off it without
//! slowing the first drawn dashboard:
//!
//! - JavaScriptCore's JIT compilers are off (`JSC_useJIT=false`, read by the web process
//!   when it starts). The UI is a few hundred kilobytes of script that mostly waits for
//!   the register; the interpreter draws it as fast, and the JIT's code and its memory
//!   go, and with them the part of the engine that turns the page's script into machine
//!   code: one less way for hostile text in a request's email to reach the machine.
//! - The engine caches for one document, not a browser's history (`DocumentViewer`): there
//!   is no back/forward list to keep pages for, and every resource is in the app.
//!
//! An option already set in the environment wins, so an engineer can still turn the JIT on.

/// Sets the environment the web process reads at start; call first thing in `main`,
/// before any thread or window exists.
pub fn prepare_environment() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("JSC_useJIT").is_none() {
        std::env::set_var("JSC_useJIT", "false");
    }
}

/// Applies the document-viewer settings to the window's web view.
pub fn configure(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let applied = window.with_webview(|platform| {
            use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
            let view = platform.inner();
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_enable_page_cache(false);
            }
        });
        if let Err(e) = applied {
            eprintln!("Compliance Workbench: the web view's settings were not applied: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::prepare_environment;

    // The only test that touches JSC_useJIT, so it runs alone on that variable.
    #[test]
    fn the_jit_is_off_unless_the_environment_says_otherwise() {
        std::env::remove_var("JSC_useJIT");
        prepare_environment();
        assert_eq!(std::env::var("JSC_useJIT").as_deref(), Ok("false"));

        std::env::set_var("JSC_useJIT", "true");
        prepare_environment();
        assert_eq!(std::env::var("JSC_useJIT").as_deref(), Ok("true"));
        std::env::remove_var("JSC_useJIT");
    }
}
