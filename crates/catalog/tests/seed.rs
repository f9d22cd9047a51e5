//! The seed entry is our first entry: its copy is byte-for-byte the shared
//! seed, it parses complete on its own, and the catalog entry keeps every line
//! or quotes it, verbatim, under `## Corrections` with what replaced it.

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

/// The seed lines the catalog entry corrected, each quoted under `## Corrections`.
const CORRECTED: [&str; 6] = [
    "SMTP server rejects connection due to temporary resource exhaustion (e.g., too many concurrent connections, rate limiting, or DNS lookup failures) as defined in RFC 5321 section 4.2.5.",
    "| Microsoft Exchange 2019 | active | — | — |",
    "1. **Implement exponential backoff retry in the SMTP client: after receiving 421, wait 30 seconds, then 60, then 120, etc., up to a max of 5 retries.** (85% success)",
    "Implement exponential backoff retry in the SMTP client: after receiving 421, wait 30 seconds, then 60, then 120, etc., up to a max of 5 retries.",
    "3. **Check the SMTP server logs for 'too many connections' and adjust the 'smtpd_client_connection_count_limit' in Postfix (default 50) to a higher value like 100.** (75% success)",
    "Check the SMTP server logs for 'too many connections' and adjust the 'smtpd_client_connection_count_limit' in Postfix (default 50) to a higher value like 100.",
];

#[test]
fn catalog_entry_keeps_every_seed_line_in_order_or_quotes_it_under_corrections() {
    let e = parse_entry("entry.md", CATALOG_ENTRY).unwrap_or_else(|d| panic!("{d:?}"));
    let quoted: Vec<&str> = e.corrections.iter().map(|c| &*c.was).collect();
    assert_eq!(quoted, CORRECTED, "each changed seed line is quoted verbatim, in seed order");
    let mut entry_lines = CATALOG_ENTRY.lines();
    for (n, seed_line) in FIXTURE.lines().enumerate() {
        if quoted.contains(&seed_line.trim()) {
            assert!(!CATALOG_ENTRY.lines().any(|l| l == seed_line), "seed line {} is both kept and corrected", n + 1);
            continue;
        }
        assert!(
            entry_lines.any(|l| l == seed_line),
            "seed line {} is missing, out of order and not quoted under Corrections: {seed_line:?}",
            n + 1
        );
    }
    for c in e.corrections.iter() {
        assert!(c.now.ends_with(')'), "a correction names its source: {:?}", c.now);
    }
}

#[test]
fn catalog_entry_parses_to_the_corrected_seed_plus_extensions() {
    let seed = parse_entry("seed.md", FIXTURE).unwrap();
    let e = parse_entry("entry.md", CATALOG_ENTRY).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!((&e.id, &e.title), (&seed.id, &seed.title));
    assert!(e.root_cause.contains("section 3.8") && e.root_cause.contains("4.2.2") && !e.root_cause.contains("4.2.5"));
    let rows = |x: &smtp_triage_model::Entry| -> Vec<(String, Status)> {
        x.compatibility.iter().map(|r| (r.label.to_string(), r.status)).collect()
    };
    let mut want = rows(&seed);
    want[3].1 = Status::Deprecated; // Microsoft Exchange 2019: out of support since 2025-10-14
    assert_eq!(rows(&e), want);
    let ids: Vec<&str> = e.workarounds.iter().map(|w| &*w.id).collect();
    assert_eq!(ids, ["exponential-backoff", "connection-pool", "postfix-connection-limit"]);
    for (a, b) in e.workarounds.iter().zip(seed.workarounds.iter()) {
        assert_eq!(a.success, b.success);
    }
    assert_eq!(
        (&e.workarounds[1].title, &e.workarounds[1].block),
        (&seed.workarounds[1].title, &seed.workarounds[1].block)
    );
    assert!(e.workarounds[0].block.contains("at least 30 minutes") && e.workarounds[0].block.contains("4 to 5 days"));
    let w3 = &e.workarounds[2];
    assert!(w3.title.contains("smtpd_client_connection_count_limit at its default (50)"));
    assert!(
        w3.block.contains("smtpd_client_event_limit_exceptions")
            && !w3.block.contains("100.")
            && !w3.title.contains("like 100")
    );
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
    assert_eq!(
        (&*e.corrections[1].was, &*e.corrections[1].now),
        (
            "| Microsoft Exchange 2019 | active | — | — |",
            "deprecated (out of support since 2025-10-14, Microsoft lifecycle)"
        )
    );
}
