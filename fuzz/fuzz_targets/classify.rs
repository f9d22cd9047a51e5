//! The classifier takes any bytes without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let c = smtp_triage_core::classify(&text);
    for f in &c.findings {
        assert!(f.count >= 1);
        assert!(f.entries.iter().all(|m| (0.0..=1.0).contains(&m.score)));
    }
});
