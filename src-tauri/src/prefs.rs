//! The officer's preferences on this machine (the UI language), kept apart from the
//! register: a register may be shared, a desk's language is personal. They live in
//! `preferences.json` in the platform config directory (`WORKBENCH_CONFIG_DIR`
//! overrides it, for tests), written atomically.
//!
//! Also the start-up probe the benchmarks use: with `WORKBENCH_STARTUP_PROBE=1` the
//! app prints one line when the UI reports its first screen drawn.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use serde::{Deserialize, Serialize};

/// What is remembered between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// "en" or "zh-HK"; `None` until the officer chooses.
    pub language: Option<String>,
}

const LANGUAGES: &[&str] = &["en", "zh-HK"];

fn config_dir() -> Option<PathBuf> {
    std::env::var_os("WORKBENCH_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("com", "wesmond", "compliance-workbench")
                .map(|d| d.config_dir().to_path_buf())
        })
}

fn file() -> Result<PathBuf, String> {
    config_dir()
        .map(|d| d.join("preferences.json"))
        .ok_or_else(|| "no home directory for preferences; set WORKBENCH_CONFIG_DIR".into())
}

/// Reads the preferences; a missing file is the defaults, and so is a damaged one
/// (preferences are a convenience: a bad file must not stop the app).
pub fn load() -> Preferences {
    let Ok(path) = file() else {
        return Preferences::default();
    };
    let mut prefs: Preferences = std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    if prefs
        .language
        .as_deref()
        .is_some_and(|l| !LANGUAGES.contains(&l))
    {
        prefs.language = None;
    }
    prefs
}

/// Checks and saves the preferences; an unknown language is refused and nothing is written.
pub fn save(prefs: &Preferences) -> Result<(), String> {
    if let Some(language) = &prefs.language {
        if !LANGUAGES.contains(&language.as_str()) {
            return Err(format!(
                "'{language}' is not a language of this app; choose one of {}",
                LANGUAGES.join(", ")
            ));
        }
    }
    let path = file()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let json = serde_json::to_vec_pretty(prefs).map_err(|e| e.to_string())?;
    workbench::files::write_atomic(&path, &json).map_err(|e| e.to_string())
}

#[tauri::command]
pub async fn get_preferences() -> Result<Preferences, String> {
    // The UI's first call: its page has loaded and its script is running.
    probe("first_call");
    Ok(load())
}

#[tauri::command]
pub async fn set_preferences(preferences: Preferences) -> Result<Preferences, String> {
    save(&preferences)?;
    Ok(load())
}

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Marks the process start; call first thing in `main`.
pub fn mark_start() {
    let _ = STARTED.set(Instant::now());
}

/// Under `WORKBENCH_STARTUP_PROBE=1`, prints `startup-probe <label>_ms=<n>`: the time
/// since the process started. The benchmark reads `drawn_ms`; the others show where a
/// start's time goes.
pub fn probe(label: &str) {
    if std::env::var_os("WORKBENCH_STARTUP_PROBE").is_some_and(|v| v == "1") {
        let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
        println!("startup-probe {label}_ms={ms}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
    }
}

/// The UI calls this once its first screen is drawn; [`probe`] prints `drawn_ms`. Either
/// way, the memory the start freed is given back once the screen settles.
#[tauri::command]
pub async fn startup_drawn() -> Result<(), String> {
    crate::memory::release_after_startup();
    probe("drawn");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_language_is_refused_and_nothing_written() {
        let dir = std::env::temp_dir().join(format!("wb-prefs-{}", std::process::id()));
        std::env::set_var("WORKBENCH_CONFIG_DIR", &dir);
        let bad = Preferences {
            language: Some("fr".into()),
        };
        assert!(save(&bad).unwrap_err().contains("not a language"));
        assert!(!dir.join("preferences.json").exists());
        let good = Preferences {
            language: Some("zh-HK".into()),
        };
        save(&good).unwrap();
        assert_eq!(load(), good);
        std::fs::write(dir.join("preferences.json"), b"{not json").unwrap();
        assert_eq!(load(), Preferences::default());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
