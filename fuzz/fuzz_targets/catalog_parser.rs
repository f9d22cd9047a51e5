//! The catalog parser takes any text without panicking, and a text it accepts
//! is a complete entry. Starting from the seed (see `fuzz/README.md`), the
//! fuzzer explores malformed entries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match smtp_triage_catalog::parse_entry("fuzz.md", &text) {
        Ok(e) => assert!(!e.id.is_empty() && !e.workarounds.is_empty() && !e.dead_ends.is_empty()),
        Err(diags) => assert!(!diags.is_empty()),
    }
});
