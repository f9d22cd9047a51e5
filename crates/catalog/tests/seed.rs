//! The seed entry is our first entry: its copy is byte-for-byte the shared
//! seed, it parses complete on its own, and the catalog entry keeps every line.

use smtp_triage_catalog::parse_entry;
use smtp_triage_model::{Status, Verification};
use std::path::Path;

const FIXTURE: &str = include_str!("fixtures/seed-000_0cd90b894ce68095.txt");
const CATALOG_ENTRY: &str = include_str!("../../../catalog/communication/smtp-421-service-not-available.md");

#[test]
fn fixture_is_byte_for_byte_the_shared_seed() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds/000_0cd90b894ce68095.txt");
    match std::fs::read(&shared) {
        Ok(bytes) => assert!(bytes == FIXTURE.as_bytes(), "the fixture differs from {}", shared.display()),
        Err(_) => eprintln!("skipped: {} is absent", shared.display()),
    }
}

#[test]
fn seed_parses_as_a_complete_entry_with_every_field() {
    let e = parse_entry("seed.md", FIXTURE).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(e.title, "421 4.7.0 Service not available, closing transmission channel");
    assert_eq!(e.id, "communication/smtp-421-service-not-available");
    assert_eq!((&*e.domain, &*e.category), ("communication", "network_error"));
    assert_eq!(e.error_code.get(), 421);
    assert_eq!(e.error_enhanced, None);
    assert_eq!(e.verification, Verification::AiGenerated);
    assert_eq!(e.fix_rate.get(), 80);
    assert!(e.root_cause.starts_with("SMTP server rejects connection due to temporary resource exhaustion"));
    assert!(e.root_cause.ends_with("as defined in RFC 5321 section 4.2.5."));

    let rows: Vec<(&str, &str, Option<&str>)> =
        e.compatibility.iter().map(|r| (&*r.label, &*r.mta, r.version.as_ref().map(|v| v.as_str()))).collect();
    assert_eq!(
        rows,
        [
            ("Postfix 3.8.0", "postfix", Some("3.8.0")),
            ("Sendmail 8.17.1", "sendmail", Some("8.17.1")),
            ("Exim 4.96", "exim", Some("4.96")),
            ("Microsoft Exchange 2019", "exchange", Some("2019")),
            ("Amazon SES SMTP endpoint", "ses", None),
        ]
    );
    assert!(e
        .compatibility
        .iter()
        .all(|r| r.status == Status::Active && r.introduced.is_none() && r.deprecated.is_none()));

    let w: Vec<(&str, u8)> = e.workarounds.iter().map(|w| (&*w.id, w.success.get())).collect();
    assert_eq!(w, [("workaround-1", 85), ("workaround-2", 80), ("workaround-3", 75)]);
    assert_eq!(e.workarounds[0].title, "Implement exponential backoff retry in the SMTP client: after receiving 421, wait 30 seconds, then 60, then 120, etc., up to a max of 5 retries.");
    assert_eq!(e.workarounds[0].block, e.workarounds[0].title);
    assert_eq!(e.workarounds[2].block, "Check the SMTP server logs for 'too many connections' and adjust the 'smtpd_client_connection_count_limit' in Postfix (default 50) to a higher value like 100.");

    let d: Vec<(&str, u8)> = e.dead_ends.iter().map(|d| (&*d.title, d.failure.get())).collect();
    assert_eq!(
        d,
        [
            ("Disable rate limiting on the SMTP server entirely", 95),
            ("Increase the SMTP server's max message size", 85),
            ("Use a different SMTP port (e.g., 587 instead of 25)", 70),
        ]
    );
    assert_eq!(e.dead_ends[2].why, "Port 587 is for message submission and may have different rate limits, but the underlying resource exhaustion on the server remains unchanged.");
    // The extensions are optional: the bare seed has none.
    assert!(e.symptoms.is_empty() && e.sources.is_empty() && e.reviewed.is_none() && e.aliases.is_empty());
}

#[test]
fn catalog_entry_keeps_every_seed_line_in_order() {
    let mut entry_lines = CATALOG_ENTRY.lines();
    for (n, seed_line) in FIXTURE.lines().enumerate() {
        assert!(
            entry_lines.any(|l| l == seed_line),
            "seed line {} is missing or out of order in the catalog entry: {seed_line:?}",
            n + 1
        );
    }
}

#[test]
fn catalog_entry_parses_to_the_seed_plus_extensions() {
    let seed = parse_entry("seed.md", FIXTURE).unwrap();
    let e = parse_entry("entry.md", CATALOG_ENTRY).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(
        (&e.id, &e.title, &e.root_cause, &e.compatibility),
        (&seed.id, &seed.title, &seed.root_cause, &seed.compatibility)
    );
    for (a, b) in e.workarounds.iter().zip(seed.workarounds.iter()) {
        assert_eq!((&a.title, a.success, &a.block), (&b.title, b.success, &b.block));
    }
    for (a, b) in e.dead_ends.iter().zip(seed.dead_ends.iter()) {
        assert_eq!((&a.title, a.failure, &a.why), (&b.title, b.failure, &b.why));
    }
    assert_eq!(
        e.symptoms.iter().map(|s| &*s.id).collect::<Vec<_>>(),
        ["too-many-connections", "bulk-sending", "dns-failures", "large-messages"]
    );
    assert_eq!(e.workarounds[2].who.iter().map(|r| r.id()).collect::<Vec<_>>(), ["receiving-admin"]);
    assert_eq!(e.dead_ends[0].triggers.len(), 2);
    assert!(e.reviewed.is_some() && !e.sources.is_empty());
}
