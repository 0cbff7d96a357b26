//! Scratch: writes every report in every format to $BASELINE_DIR (not committed).
mod reports_fixture;
use reports_fixture::{period, register_file};
use workbench::reports::{build, render, Kind};
use workbench::Register;

#[test]
fn write_baseline() {
    let Ok(out) = std::env::var("BASELINE_DIR") else { return };
    let db = std::path::PathBuf::from(format!("{out}/register.db"));
    if !db.exists() {
        register_file(&db);
    }
    let reg = Register::open_existing(&db).unwrap();
    for kind in Kind::ALL {
        let report = build(reg.conn(), kind, period()).unwrap();
        for format in kind.formats() {
            let bytes = render(&report, *format).unwrap();
            std::fs::write(format!("{out}/{}.{}", kind.name(), format.name()), bytes).unwrap();
        }
    }
}
