//! A mailbox, any bytes: split it, then parse every message it holds.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0).unwrap();
    if let Ok(pieces) = workbench::intake::mbox::split(data, "fuzz.mbox") {
        for piece in pieces {
            let _ = workbench::intake::eml::parse(&piece.bytes, "fuzz.mbox", now);
        }
    }
});
