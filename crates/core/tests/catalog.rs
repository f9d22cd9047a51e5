//! The catalog as a whole: what is compiled in is exactly what the Markdown
//! says, and every entry meets the minimums of a curated entry.

use smtp_triage_core::entries;
use smtp_triage_core::model::Verification;
use std::path::PathBuf;

/// The folder the build compiled (the one `SMTP_TRIAGE_CATALOG` named, if any).
fn catalog_dir() -> PathBuf {
    match option_env!("SMTP_TRIAGE_CATALOG") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog"),
    }
}

#[test]
fn the_compiled_catalog_is_the_markdown() {
    let parsed = smtp_triage_catalog::load(&catalog_dir()).expect("the catalog loads");
    assert_eq!(entries(), parsed.entries.as_slice());
}

#[test]
fn every_entry_meets_the_curated_minimums() {
    let parsed = smtp_triage_catalog::load(&catalog_dir()).expect("the catalog loads");
    let short: Vec<String> = parsed
        .entries
        .iter()
        .flat_map(|e| smtp_triage_catalog::curated_shortfalls(e).into_iter().map(move |s| format!("{}: {s}", e.id)))
        .collect();
    assert!(short.is_empty(), "{}", short.join("\n"));
    // Everything written so far is written from general knowledge, and says so.
    assert!(entries().iter().all(|e| e.verification == Verification::AiGenerated));
}

#[test]
fn the_catalog_covers_the_errors_people_meet() {
    if option_env!("SMTP_TRIAGE_CATALOG").is_some() {
        eprintln!("skipped: built with another catalog");
        return;
    }
    assert!(entries().len() >= 100, "{} entries", entries().len());
    // Every error reply code of RFC 5321, RFC 4954 and RFC 7504 has an entry.
    for code in [
        421, 432, 450, 451, 452, 454, 455, 500, 501, 502, 503, 504, 521, 530, 534, 535, 538, 550, 551, 552, 553, 554,
        555, 556,
    ] {
        assert!(entries().iter().any(|e| e.error_code.get() == code), "no entry for {code}");
    }
    // The providers' own errors.
    for provider in ["gmail", "microsoft365", "outlook", "yahoo", "ses"] {
        let n = entries().iter().filter(|e| e.recognition.providers.iter().any(|p| p == provider)).count();
        assert!(n >= 3, "{provider}: {n} entries");
    }
}
