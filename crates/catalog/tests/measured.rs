//! `- **Measured:**` lines: read and checked by the parser (so by the build
//! and `lint`), and written into an entry's source by `write_measured`,
//! which changes those lines and Verification and no other byte.

use smtp_triage_catalog::{parse_entry, write_measured};
use smtp_triage_model::{Date, Measured};

const ENTRY: &str = include_str!("../../../catalog/communication/smtp-421-service-not-available.md");
const SEED: &str = include_str!("fixtures/seed-000_0cd90b894ce68095.txt");
const WHEN_1: &str = "   - **When:** bulk-sending = yes\n";

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle") + 1
}

/// The entry with `line` added after the first workaround's When line, and the messages it gives.
fn with_line(line: &str) -> (String, Vec<String>) {
    assert!(ENTRY.contains(WHEN_1));
    let text = ENTRY.replacen(WHEN_1, &format!("{WHEN_1}{line}\n"), 1);
    let diags = match parse_entry("e.md", &text) {
        Ok(_) => vec![],
        Err(d) => d.iter().map(|d| d.to_string()).collect(),
    };
    (text, diags)
}

fn measured(reports: u32, worked: u32, dates: Option<(&str, &str)>) -> Measured {
    let mut m = Measured::new(reports, worked).unwrap();
    if let Some((f, l)) = dates {
        (m.first, m.last) = (Date::parse(f), Date::parse(l));
    }
    m
}

#[test]
fn a_measured_line_is_read_with_its_count_and_dates() {
    let (text, diags) =
        with_line("   - **Measured:** 60% of 100 reports (95% interval 50–69%), 2026-11-02 to 2026-12-01");
    assert_eq!(diags, Vec::<String>::new());
    let e = parse_entry("e.md", &text).unwrap();
    assert_eq!(e.workarounds[0].measured, Some(measured(100, 60, Some(("2026-11-02", "2026-12-01")))));
    assert_eq!(e.workarounds[0].rate().get(), 60);
    assert_eq!(e.workarounds[0].success.get(), 85, "the title's rate stays the catalog's estimate");
    assert_eq!(e.workarounds[1].measured, None);
    let (text, _) = with_line("   - **Measured:** 75% of 12 reports (95% interval 47–91%)");
    assert_eq!(parse_entry("e.md", &text).unwrap().workarounds[0].measured, Some(measured(12, 9, None)));
}

#[test]
fn a_measured_line_whose_count_and_interval_disagree_is_an_error_on_its_line() {
    let n = line_of(ENTRY, WHEN_1.trim()) + 1;
    let cases = [
        (
            "60% of 100 reports (95% interval 50–70%)",
            "Measured is not self-consistent: 60% of 100 reports has the 95% interval 50–69%, not 50–70%",
        ),
        ("50% of 7 reports (95% interval 19–81%)", "Measured is not self-consistent: no whole count of 7 reports is 50%"),
        ("0% of 0 reports (95% interval 0–0%)", "Measured counts 0 reports; a measurement counts 1 to 10000000"),
        (
            "60% of 100 reports (95% interval 50–69%), 2026-12-01 to 2026-11-02",
            "Measured's dates run backwards: 2026-12-01 is after 2026-11-02",
        ),
        (
            "60 of 100",
            "Measured reads '60% of 100 reports (95% interval 50–69%)', optionally followed by ', 2026-11-02 to 2026-12-01' (smtp-triage rates --write writes it)",
        ),
    ];
    for (value, message) in cases {
        assert_eq!(with_line(&format!("   - **Measured:** {value}")).1, [format!("e.md:{n}: {message}")], "{value}");
    }
    let (_, twice) = with_line(
        "   - **Measured:** 60% of 100 reports (95% interval 50–69%)\n   - **Measured:** 60% of 100 reports (95% interval 50–69%)",
    );
    assert_eq!(twice, [format!("e.md:{}: a workaround has one Measured line", n + 1)]);
}

#[test]
fn a_measured_entry_has_a_measured_line_on_every_workaround() {
    let (text, _) = with_line("   - **Measured:** 60% of 100 reports (95% interval 50–69%)");
    let text = text.replacen("- **Verification:** ai_generated", "- **Verification:** measured", 1);
    let diags: Vec<String> = parse_entry("e.md", &text).unwrap_err().iter().map(|d| d.to_string()).collect();
    let message = |n: usize, id: &str| {
        format!("e.md:{n}: Verification is measured, but workaround '{id}' has no '- **Measured:**' line: measure it (smtp-triage rates --write) or lower Verification")
    };
    assert_eq!(
        diags,
        [
            message(line_of(&text, "2. **Reduce the number"), "connection-pool"),
            message(line_of(&text, "3. **Check the receiving"), "postfix-connection-limit"),
        ]
    );
}

#[test]
fn writing_adds_the_line_after_the_workarounds_last_field_and_nothing_else() {
    let out = write_measured("e.md", ENTRY, &[("exponential-backoff", measured(100, 60, None))]).unwrap();
    let expected =
        ENTRY.replacen(WHEN_1, &format!("{WHEN_1}   - **Measured:** 60% of 100 reports (95% interval 50–69%)\n"), 1);
    assert_eq!(out, expected);
    assert!(out.contains("- **Verification:** ai_generated"), "one workaround of three measured: not raised");
}

#[test]
fn writing_replaces_an_existing_line_in_place_and_the_same_figures_change_nothing() {
    let (text, _) = with_line("   - **Measured:** 60% of 100 reports (95% interval 50–69%)");
    let more = measured(200, 150, Some(("2026-11-02", "2026-12-01")));
    let out = write_measured("e.md", &text, &[("exponential-backoff", more)]).unwrap();
    assert_eq!(
        out,
        text.replacen(
            "60% of 100 reports (95% interval 50–69%)",
            "75% of 200 reports (95% interval 69–80%), 2026-11-02 to 2026-12-01",
            1
        )
    );
    assert_eq!(write_measured("e.md", &out, &[("exponential-backoff", more)]).unwrap(), out);
}

#[test]
fn the_last_workaround_measured_raises_verification_and_it_is_never_lowered() {
    let all = [
        ("exponential-backoff", measured(100, 60, None)),
        ("connection-pool", measured(40, 30, None)),
        ("postfix-connection-limit", measured(35, 20, None)),
    ];
    let out = write_measured("e.md", ENTRY, &all).unwrap();
    assert_eq!(out.matches("- **Measured:** ").count(), 3);
    assert!(out.contains("\n- **Verification:** measured\n"));
    assert_eq!(parse_entry("e.md", &out).unwrap().verification.id(), "measured");
    // Measured already: another run with one workaround leaves the level.
    let again = write_measured("e.md", &out, &[("connection-pool", measured(41, 30, None))]).unwrap();
    assert!(again.contains("\n- **Verification:** measured\n"));
    assert_eq!(out.lines().count(), ENTRY.lines().count() + 3);
}

#[test]
fn a_workaround_without_fields_gets_one_after_its_block_at_the_items_indentation() {
    let out = write_measured("seed.md", SEED, &[("workaround-2", measured(30, 24, None))]).unwrap();
    let block_end = "   Reduce the number of concurrent SMTP connections from your application by adding a connection pool with a max limit (e.g., 10 connections).\n   ```\n";
    assert!(SEED.contains(block_end));
    assert_eq!(
        out,
        SEED.replacen(
            block_end,
            &format!("{block_end}   - **Measured:** 80% of 30 reports (95% interval 63–90%)\n"),
            1
        )
    );
    assert_eq!(parse_entry("seed.md", &out).unwrap().workarounds[1].measured, Some(measured(30, 24, None)));
}

#[test]
fn another_spelling_keeps_its_bullets_and_line_ends() {
    let text = ENTRY.replace("   - **", "   * **").replace('\n', "\r\n");
    let out = write_measured("e.md", &text, &[("connection-pool", measured(40, 30, None))]).unwrap();
    let after = "   * **When:** bulk-sending = yes; too-many-connections = yes\r\n";
    assert_eq!(
        out,
        text.replacen(after, &format!("{after}   * **Measured:** 75% of 40 reports (95% interval 60–86%)\r\n"), 1)
    );
}
