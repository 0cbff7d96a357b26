//! A spreadsheet, any bytes, read as CSV and as XLSX for every register's layout.
//! `spreadsheet::read` takes a path, so the input goes through a file.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use workbench::register::{authorizations, merchants, processors};

fn target(ext: &str) -> PathBuf {
    std::env::temp_dir().join(format!("workbench-fuzz-{}.{ext}", std::process::id()))
}

fuzz_target!(|data: &[u8]| {
    for ext in ["csv", "xlsx"] {
        let path = target(ext);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        for layout in [
            &processors::LAYOUT,
            &merchants::LAYOUT,
            &authorizations::LAYOUT,
        ] {
            let _ = workbench::spreadsheet::read(&path, layout);
        }
    }
});
