//! A malformed entry is reported as `path:line: what is wrong`, one message
//! per problem, for each kind of mistake the format forbids.

use smtp_triage_catalog::{load, parse_entry};
use std::path::PathBuf;

const ENTRY: &str = include_str!("../../../catalog/communication/smtp-421-service-not-available.md");
const ID: &str = "communication/smtp-421-service-not-available";

/// Parses the entry with `from` replaced by `to` and returns the messages.
fn mutate(from: &str, to: &str) -> Vec<String> {
    assert!(ENTRY.contains(from), "the entry no longer holds {from:?}");
    let text = ENTRY.replacen(from, to, 1);
    match parse_entry("e.md", &text) {
        Ok(_) => vec![],
        Err(d) => d.iter().map(|d| d.to_string()).collect(),
    }
}

fn line_of(needle: &str) -> usize {
    ENTRY.lines().position(|l| l.contains(needle)).expect("needle") + 1
}

#[test]
fn the_catalog_entry_itself_is_clean() {
    assert_eq!(mutate("", ""), Vec::<String>::new());
}

#[test]
fn rate_outside_0_to_100() {
    let n = line_of("(85% success)");
    assert_eq!(mutate("(85% success)", "(185% success)"), [format!("e.md:{n}: success rate 185% is outside 0..=100")]);
    let n = line_of("(95% fail)");
    assert_eq!(mutate("(95% fail)", "(101% fail)"), [format!("e.md:{n}: failure rate 101% is outside 0..=100")]);
    assert_eq!(
        mutate("- **Fix Rate:** 80%", "- **Fix Rate:** eighty"),
        [format!("e.md:{}: Fix Rate 'eighty' is not a whole percentage like 80%", line_of("- **Fix Rate:**"))]
    );
}

#[test]
fn condition_naming_unknown_symptom_role_or_mta() {
    let n = line_of("- **When:** bulk-sending = yes; too-many");
    assert_eq!(
        mutate("- **When:** bulk-sending = yes; too-many", "- **When:** bulk-send = yes; too-many"),
        [format!("e.md:{n}: unknown symptom 'bulk-send' (this entry's symptoms: too-many-connections, bulk-sending, dns-failures, large-messages; other condition names: role, mta, tried)")]
    );
    let n = line_of("- **Who:** receiving-admin");
    assert_eq!(
        mutate("- **Who:** receiving-admin", "- **Who:** postmaster"),
        [format!("e.md:{n}: unknown role 'postmaster'; roles are: sender, sending-admin, receiving-admin, recipient")]
    );
    let n = line_of("; mta = postfix");
    let got = mutate("; mta = postfix", "; mta = postfax");
    assert_eq!(got.len(), 1);
    assert!(got[0].starts_with(&format!("e.md:{n}: unknown MTA 'postfax'; known: postfix, sendmail, exim")), "{got:?}");
    let n = line_of("tried = postfix-connection-limit");
    assert_eq!(
        mutate("tried = postfix-connection-limit", "tried = raise-the-limit"),
        [format!("e.md:{n}: 'tried = raise-the-limit' names no workaround or dead end of this entry (IDs: connection-pool, disable-rate-limiting, exponential-backoff, postfix-connection-limit, raise-message-size-limit, switch-port)")]
    );
}

#[test]
fn table_with_the_wrong_columns() {
    let n = line_of("| Version | Status |");
    assert_eq!(
        mutate("| Version | Status | Introduced | Deprecated |", "| Version | Status | Since |"),
        [format!("e.md:{n}: the table's columns must be exactly: | Version | Status | Introduced | Deprecated |")]
    );
    let n = line_of("| Exim 4.96 |");
    assert_eq!(
        mutate("| Exim 4.96 | active | — | — |", "| Exim 4.96 | active | — |"),
        [format!(
            "e.md:{n}: a compatibility row has 4 cells (Version, Status, Introduced, Deprecated); this one has 3"
        )]
    );
    assert_eq!(
        mutate("| Exim 4.96 | active |", "| Exim 4.96 | current |"),
        [format!("e.md:{n}: unknown status 'current'; use one of: active, deprecated, removed")]
    );
    assert_eq!(
        mutate("| Exim 4.96 | active | — | — |", "| Exim 4.96 | active | 4.97 | — |"),
        [format!("e.md:{n}: the row names version 4.96 but says the error was introduced in 4.97")]
    );
    let n = line_of("| Amazon SES SMTP endpoint |");
    assert_eq!(
        mutate("| Amazon SES SMTP endpoint |", "| Amazon SES 2024 |"),
        [format!(
            "e.md:{n}: Amazon SES is a service without versions: write 'Amazon SES' with no number (never invent one)"
        )]
    );
    let got = mutate("| Sendmail 8.17.1 |", "| Qmailish 1.0 |");
    assert!(
        got[0].starts_with(&format!(
            "e.md:{}: 'Qmailish 1.0' does not start with a known MTA or service; known: Postfix, Sendmail",
            line_of("| Sendmail 8.17.1")
        )),
        "{got:?}"
    );
}

#[test]
fn empty_workaround() {
    let open = ENTRY.find("   ```\n   Reduce").expect("second block");
    let text = format!("{}   ```\n   ```\n{}", &ENTRY[..open], &ENTRY[open..].splitn(4, '\n').nth(3).unwrap());
    let n = text[..open].lines().count() + 1;
    let got: Vec<String> = parse_entry("e.md", &text).unwrap_err().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        got,
        [format!("e.md:{n}: this workaround's fenced block is empty: put the command, setting or steps in it")]
    );
}

#[test]
fn workaround_without_a_block() {
    let from = "   ```\n   Reduce the number of concurrent SMTP connections from your application by adding a connection pool with a max limit (e.g., 10 connections).\n   ```\n";
    let n = line_of("2. **Reduce");
    assert_eq!(
        mutate(from, ""),
        [format!(
            "e.md:{n}: this workaround has no fenced block: put the command, setting or steps in ``` fences under it"
        )]
    );
}

#[test]
fn unknown_verification_and_bad_dates() {
    assert_eq!(
        mutate("- **Verification:** ai_generated", "- **Verification:** verified"),
        [format!(
            "e.md:{}: unknown verification level 'verified'; use one of: ai_generated, human_reviewed, measured",
            line_of("- **Verification:**")
        )]
    );
    assert_eq!(
        mutate("- **Reviewed:** 2026-11-28", "- **Reviewed:** 2026-02-30"),
        [format!(
            "e.md:{}: Reviewed '2026-02-30' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-28",
            line_of("- **Reviewed:**")
        )]
    );
}

#[test]
fn missing_and_unknown_parts() {
    assert_eq!(mutate("- **Fix Rate:** 80%\n", ""), ["e.md:1: missing '- **Fix Rate:** 80%' under the title"]);
    let n = line_of("## Dead Ends");
    assert_eq!(mutate("## Dead Ends", "## Pitfalls")[0], format!("e.md:{n}: unknown section 'Pitfalls'; sections are: Root Cause, Corrections, Version Compatibility, Workarounds, Dead Ends, Symptoms, Recognition, Sources"));
    assert_eq!(mutate("# 421", "421"), ["e.md:1: an entry starts with a '# ' heading: the error as servers write it"]);
    let n = line_of("- **Phrases:**");
    assert_eq!(
        mutate("\"service not available\",", "\"abc\","),
        [format!("e.md:{n}: phrase \"abc\" is too short to recognise anything (4 characters at least)")]
    );
    let n = line_of("- **Enhanced codes:**");
    assert_eq!(mutate("`4.4.5`", "`4.4.9-4.4.5`"), [format!("e.md:{n}: '4.4.9-4.4.5' is not an enhanced status code (5.7.1) or a range within one subject (5.7.606-5.7.649)")]);
    assert_eq!(
        parse_entry("e.md", "").unwrap_err()[0].to_string(),
        "e.md:1: the file is empty: an entry starts with '# <the error as servers write it>'"
    );
}

fn temp_catalog(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smtp-triage-lint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("communication")).unwrap();
    std::fs::create_dir_all(dir.join("registry")).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    for f in [
        "registry/reply-codes.tsv",
        "registry/enhanced-status-codes.tsv",
        "registry/reasons.tsv",
        "registry/reason-phrases.tsv",
    ] {
        std::fs::copy(root.join(f), dir.join(f)).unwrap();
    }
    // A registry whose error reasons are the seed's own, so that the seed
    // alone is a complete catalog (every error reason names its generic entry).
    let reasons = std::fs::read_to_string(root.join("registry/reasons.tsv")).unwrap();
    let kept: Vec<String> = reasons
        .lines()
        .filter(|l| l.starts_with('#') || l.starts_with("reason\t") || !l.contains("\terror\t"))
        .map(str::to_string)
        .chain(["toomanyconn", "systemerror"].iter().map(|r| format!("{r}\terror\t{ID}\tlabel of {r}\tmeaning of {r}")))
        .collect();
    std::fs::write(dir.join("registry/reasons.tsv"), kept.join("\n")).unwrap();
    std::fs::write(dir.join("registry/reason-phrases.tsv"), "reason\tphrase\n").unwrap();
    std::fs::write(dir.join(format!("{ID}.md")), ENTRY).unwrap();
    std::fs::write(dir.join("README.md"), "# not an entry\n").unwrap();
    dir
}

#[test]
fn duplicate_ids_and_aliases_across_files() {
    let dir = temp_catalog("dup");
    let copy = ENTRY.replace(
        "smtp-421-service-not-available`",
        "smtp-421-copy`\n- **Aliases:** `communication/smtp-421-service-not-available`",
    );
    std::fs::write(dir.join("communication/smtp-421-copy.md"), copy).unwrap();
    let got: Vec<String> = load(&dir).unwrap_err().iter().map(|d| d.to_string()).collect();
    let path = dir.join("communication/smtp-421-service-not-available.md");
    assert_eq!(
        got,
        [format!(
            "{}:3: duplicate ID 'communication/smtp-421-service-not-available': it is also the alias of {}",
            path.display(),
            dir.join("communication/smtp-421-copy.md").display()
        )]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_entry_lives_at_its_id() {
    let dir = temp_catalog("path");
    std::fs::rename(dir.join(format!("{ID}.md")), dir.join("communication/421.md")).unwrap();
    let got: Vec<String> = load(&dir).unwrap_err().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        got,
        [format!(
            "{}:3: an entry lives at <catalog>/<ID>.md: move it to {}",
            dir.join("communication/421.md").display(),
            dir.join(format!("{ID}.md")).display()
        )]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_clean_folder_loads_and_skips_readme() {
    let dir = temp_catalog("clean");
    let c = load(&dir).unwrap();
    assert_eq!(c.entries.len(), 1);
    assert_eq!(c.entries[0].file, format!("{ID}.md"));
    assert!(c.enhanced.len() > 70 && c.replies.len() > 30);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reasons_are_read_and_checked_against_the_registry() {
    const REASON: &str = "- **Reason:** toomanyconn, systemerror";
    let e = parse_entry("e.md", &ENTRY.replacen(REASON, "- **Reason:** toomanyconn, speeding", 1)).unwrap();
    assert_eq!(e.reasons.iter().map(|r| &**r).collect::<Vec<_>>(), ["toomanyconn", "speeding"]);
    let n = line_of(REASON);
    assert_eq!(
        mutate(REASON, "- **Reason:** Too-Many"),
        [format!("e.md:{n}: reason 'Too-Many' must be a name of registry/reasons.tsv, such as userunknown")]
    );
    let dir = temp_catalog("reasons");
    let text = ENTRY.replacen(REASON, "- **Reason:** delivered, nosuchreason", 1);
    std::fs::write(dir.join(format!("{ID}.md")), text).unwrap();
    let got: Vec<String> = load(&dir).unwrap_err().iter().map(|d| d.to_string()).collect();
    let path = dir.join(format!("{ID}.md")).display().to_string();
    assert_eq!(
        got,
        [
            format!("{path}:3: the generic entry of reason 'toomanyconn' must say '- **Reason:** toomanyconn'"),
            format!("{path}:3: the generic entry of reason 'systemerror' must say '- **Reason:** systemerror'"),
            format!("{path}:{n}: 'delivered' is not an error reason of registry/reasons.tsv; reasons are: toomanyconn, systemerror"),
            format!("{path}:{n}: 'nosuchreason' is not an error reason of registry/reasons.tsv; reasons are: toomanyconn, systemerror"),
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let c = load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog")).unwrap();
    let userunknown = c.reasons.iter().find(|r| r.name == "userunknown").unwrap();
    assert_eq!(userunknown.label, "The recipient's address does not exist");
    assert_eq!(userunknown.entry.as_deref(), Some("communication/reason-userunknown"));
    assert!(userunknown.phrases.iter().any(|p| p == "user {address} does not exist"));
    assert_eq!(c.reasons.len(), 36);
}

#[test]
fn corrections_quote_the_original_line_verbatim() {
    // The entry has a Corrections section of its own: this test writes its own in its place.
    let base = &ENTRY[..ENTRY.find("\n## Corrections").expect("the seed entry quotes its corrections") + 1];
    let text = base.replacen(
        "## Version Compatibility",
        "## Corrections\n\n- Was: `` | Postfix 3.8.0 | `active` | — | — | `` → deprecated (the source)\n- Was: `RFC 5321 section 4.2.5` →\n  RFC 5321 section 3.8 (RFC 5321)\n\n## Version Compatibility",
        1,
    );
    let e = parse_entry("e.md", &text).unwrap_or_else(|d| panic!("{d:?}"));
    let c: Vec<(&str, &str)> = e.corrections.iter().map(|c| (&*c.was, &*c.now)).collect();
    assert_eq!(
        c,
        [
            ("| Postfix 3.8.0 | `active` | — | — |", "deprecated (the source)"),
            ("RFC 5321 section 4.2.5", "RFC 5321 section 3.8 (RFC 5321)")
        ]
    );
    let bad = base.replacen(
        "## Version Compatibility",
        "## Corrections\n\n- Was: the old line\n\n## Version Compatibility",
        1,
    );
    let n = bad.lines().position(|l| l == "- Was: the old line").unwrap() + 1;
    assert_eq!(
        parse_entry("e.md", &bad).unwrap_err().iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        [format!("e.md:{n}: a correction reads '- Was: `the original line` → what replaced it (the source)'")]
    );
}

/// The messages of `load` on a temporary catalog holding the seed entry and the given extra files.
fn load_messages(dir: &std::path::Path) -> Vec<String> {
    match load(dir) {
        Ok(_) => vec![],
        Err(d) => d.iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn a_row_that_contradicts_the_lifecycle_table_is_reported() {
    let dir = temp_catalog("lifecycle");
    let path = dir.join(format!("{ID}.md"));
    std::fs::write(
        &path,
        ENTRY.replacen("| Microsoft Exchange 2019 | deprecated |", "| Microsoft Exchange 2019 | active |", 1),
    )
    .unwrap();
    let n = line_of("| Microsoft Exchange 2019 | deprecated |");
    assert_eq!(
        load_messages(&dir),
        [format!(
            "{}:{n}: 'Microsoft Exchange 2019' is out of support since 2025-10-14 (Microsoft lifecycle: Exchange Server 2019 extended support ended 2025-10-14): its Status must be deprecated, not active",
            path.display()
        )]
    );
    std::fs::write(&path, ENTRY.replacen("| Exim 4.96 | active |", "| Exim 4.96 | deprecated |", 1)).unwrap();
    let n = line_of("| Exim 4.96 |");
    assert_eq!(
        load_messages(&dir),
        [format!(
            "{}:{n}: 'Exim 4.96' is supported (Debian 12 bookworm ships Exim 4.96 with security updates (Debian package tracker: 4.96-15+deb12u9 in oldstable-security)): deprecated means out of support, so its Status must be active (or removed, with the version that stopped behaving so)",
            path.display()
        )]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_entries_that_give_one_version_two_statuses_are_both_reported() {
    let dir = temp_catalog("statuses");
    // Postfix 3.9 has no known lifecycle: only the two entries disagree.
    let a = ENTRY.replacen("| Postfix 3.8.0 | active |", "| Postfix 3.9.0 | active |", 1);
    let b = a.replace("smtp-421-service-not-available`", "smtp-421-other`").replacen(
        "| Postfix 3.9.0 | active |",
        "| Postfix 3.9.0 | deprecated |",
        1,
    );
    std::fs::write(dir.join(format!("{ID}.md")), &a).unwrap();
    std::fs::write(dir.join("communication/smtp-421-other.md"), &b).unwrap();
    let (pa, pb) = (dir.join(format!("{ID}.md")), dir.join("communication/smtp-421-other.md"));
    let n = line_of("| Postfix 3.8.0 |");
    assert_eq!(
        load_messages(&dir),
        [
            format!("{}:{n}: 'Postfix 3.9.0' is deprecated here but has another status in {}:{n} (active): one product version has one status (deprecated means out of support)", pb.display(), pa.display()),
            format!("{}:{n}: 'Postfix 3.9.0' is active here but has another status in {}:{n} (deprecated): one product version has one status (deprecated means out of support)", pa.display(), pb.display()),
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_workaround_that_another_entry_calls_a_dead_end_is_reported_unless_separated() {
    let dir = temp_catalog("advice");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog/communication");
    let files = ["smtp-550-dkim-signature-failed.md", "smtp-451-local-error-in-processing.md"];
    for f in files {
        // Their reasons are not in the test registry (see temp_catalog): set aside.
        let text = std::fs::read_to_string(root.join(f)).unwrap();
        let text: Vec<&str> = text.split_inclusive('\n').filter(|l| !l.starts_with("- **Reason:**")).collect();
        std::fs::write(dir.join("communication").join(f), text.concat()).unwrap();
    }
    // As written, the symptom milter-filters-mail separates them.
    assert_eq!(load_messages(&dir), Vec::<String>::new());
    let (w, d) = (dir.join("communication").join(files[0]), dir.join("communication").join(files[1]));
    let wt = std::fs::read_to_string(&w).unwrap().replacen(
        "changed-after-signing = yes; milter-filters-mail = no",
        "changed-after-signing = yes",
        1,
    );
    std::fs::write(&w, &wt).unwrap();
    let wl = wt.lines().position(|l| l == "   milter_default_action = accept").unwrap() + 1;
    let dl = std::fs::read_to_string(&d)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("- **Setting milter_default_action = accept"))
        .unwrap()
        + 1;
    assert_eq!(
        load_messages(&dir),
        [
            format!("{}:{dl}: dead end 'bypass-content-filter' says not to set milter_default_action = accept, which the workaround 'sign-last' of {}:{wl} does: separate them with a Triggers: clause here and a When: clause there, or settle which holds", d.display(), w.display()),
            format!("{}:{wl}: workaround 'sign-last' sets milter_default_action = accept, which the dead end 'bypass-content-filter' of {}:{dl} says not to do: separate them with a When: clause here and a Triggers: clause there (the same symptom answered the other way), or settle which holds", w.display(), d.display()),
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
