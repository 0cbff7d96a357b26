//! One email message, any bytes: `intake::eml::parse` returns an error or a mail, never panics.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0).unwrap();
    let _ = workbench::intake::eml::parse(data, "fuzz.eml", now);
});
