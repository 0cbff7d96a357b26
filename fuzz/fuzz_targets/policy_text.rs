//! A policy as plain text or markdown, any UTF-8: converted or refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = workbench::policy_text::from_plain_text("fuzz.txt", text);
    let _ = workbench::policy_text::check_markdown("fuzz.md", text);
});
