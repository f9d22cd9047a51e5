//! The `smtp-triage` command as a user and another tool meet it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED_ID: &str = "communication/smtp-421-service-not-available";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smtp-triage")).args(args).output().expect("run smtp-triage")
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "success writes nothing to stderr: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8")
}

fn fails(args: &[&str], code: i32) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(code), "{args:?}");
    String::from_utf8(o.stderr).expect("utf-8")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn list_prints_id_tab_title_without_header() {
    let out = ok(&["list"]);
    let first = out.lines().find(|l| l.starts_with(SEED_ID)).expect("seed listed");
    assert_eq!(first, format!("{SEED_ID}\t421 4.7.0 Service not available, closing transmission channel"));
    assert!(out.lines().all(|l| l.split('\t').count() == 2));
}

#[test]
fn show_prints_every_field_of_the_seed() {
    let out = ok(&["show", SEED_ID]);
    let seed =
        std::fs::read_to_string(repo().join("crates/catalog/tests/fixtures/seed-000_0cd90b894ce68095.txt")).unwrap();
    // Every value the seed holds, stripped of its Markdown, appears in the output.
    for line in seed.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("|--") && !l.trim().starts_with("```")) {
        let value = line
            .trim()
            .trim_start_matches("# ")
            .trim_start_matches("## ")
            .trim_start_matches("- ")
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(". ");
        let value = value.split_once(":** ").map_or(value, |(_, v)| v).trim_matches('`');
        for part in value.split(['|', '*']).map(|p| p.trim().trim_matches('`')).filter(|p| !p.is_empty()) {
            let part = part.trim_start_matches("— ");
            assert!(out.contains(part), "show lacks {part:?} from seed line {line:?}");
        }
    }
    assert!(out.contains("Verification: ai_generated (rates are estimates, not measurements)"));
    assert!(out.contains("\nCorrections (lines of the original text that were changed)\n\n  - was: SMTP server rejects connection due to temporary resource exhaustion (e.g., too many concurrent connections, rate limiting, or DNS lookup failures) as defined in RFC 5321 section 4.2.5.\n    now: cites RFC 5321 sections 3.8, 4.2.2 and 4.2.3,"));
    assert!(out.contains("  - was: | Microsoft Exchange 2019 | active | — | — |\n    now: deprecated (out of support since 2025-10-14, Microsoft lifecycle)\n"));
    assert!(out.contains("  Microsoft Exchange 2019   deprecated"));
    assert!(out.contains("Questions\n\n  1. Your role: sender, sending-admin, receiving-admin, recipient\n  2. Your MTA and version: Postfix, Sendmail, Exim, Microsoft Exchange, Amazon SES, other / don't know"));
}

#[test]
fn show_json_is_the_whole_entry() {
    let v: serde_json::Value = serde_json::from_str(&ok(&["show", SEED_ID, "--json"])).unwrap();
    assert_eq!(v["id"], SEED_ID);
    assert_eq!(v["fix_rate"], 80);
    assert_eq!(v["workarounds"][2]["id"], "postfix-connection-limit");
    assert_eq!(v["compatibility"][4]["label"], "Amazon SES SMTP endpoint");
}

fn rank_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["rank", SEED_ID, "--json"];
    all.extend_from_slice(args);
    let out = ok(&all);
    assert_eq!(out.lines().count(), 1, "one JSON line");
    serde_json::from_str(&out).unwrap()
}

fn ids(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn postfix_receiving_admin_with_too_many_connections_gets_the_limit_first() {
    let v = rank_json(&[
        "--role",
        "receiving-admin",
        "--mta",
        "postfix",
        "--version",
        "3.8.0",
        "--yes",
        "too-many-connections",
    ]);
    assert_eq!(ids(&v, "workarounds"), ["postfix-connection-limit", "connection-pool", "exponential-backoff"]);
    assert_eq!(v["workarounds"][0]["success"], 75);
    assert_eq!(
        v["workarounds"][0]["reasons"],
        serde_json::json!([
            "+ you can do this yourself as the receiving-server admin",
            "+ you said: the server logs show too many connections",
            "+ for Postfix, which you run"
        ])
    );
    assert_eq!(ids(&v, "dead_ends").len(), 3);
    assert_eq!(v["dead_ends"][0]["flagged"], true);
    assert_eq!(v["headline"]["outcome"], "temporary");
    assert_eq!(v["estimate"], true);
}

#[test]
fn sender_gets_the_sending_side_first_and_every_dead_end() {
    let v = rank_json(&["--role", "Sender"]);
    assert_eq!(ids(&v, "workarounds"), ["exponential-backoff", "connection-pool", "postfix-connection-limit"]);
    let mut dead = ids(&v, "dead_ends");
    dead.sort();
    assert_eq!(dead, ["disable-rate-limiting", "raise-message-size-limit", "switch-port"]);
}

#[test]
fn text_ranking_shows_reasons_and_labels_rates_as_estimates() {
    let out = ok(&[
        "rank",
        &SEED_ID.to_uppercase(),
        "--role=receiving-admin",
        "--mta",
        "Postfix",
        "--yes",
        "TOO-MANY-CONNECTIONS",
    ]);
    assert!(out.contains("1. Check the receiving server's logs for 'too many connections'; in Postfix keep smtpd_client_connection_count_limit at its default (50) and exempt the known client with smtpd_client_event_limit_exceptions — 75% success (catalog estimate)\n   id: postfix-connection-limit\n   + you can do this yourself as the receiving-server admin\n"));
    assert!(out.contains("\nDead ends\n\n! Disable rate limiting on the SMTP server entirely (95% fail)\n"));
}

#[test]
fn bad_names_exit_2_with_a_message_naming_the_valid_ones() {
    assert_eq!(
        fails(&["rank", "communication/nope"], 2),
        "smtp-triage: no entry 'communication/nope'; 'smtp-triage list' shows every ID\n"
    );
    assert_eq!(
        fails(&["rank", SEED_ID, "--role", "admin"], 2),
        "smtp-triage: unknown role 'admin'; roles are: sender, sending-admin, receiving-admin, recipient\n"
    );
    assert!(fails(&["rank", SEED_ID, "--yes", "slow"], 2)
        .contains("its symptoms are: too-many-connections, bulk-sending, dns-failures, large-messages"));
    assert!(fails(&["rank", SEED_ID, "--mta", "postfax"], 2).starts_with(
        "smtp-triage: unknown MTA 'postfax'; this entry lists: postfix, sendmail, exim, exchange, ses (or 'other')"
    ));
    assert_eq!(
        fails(&["rank", SEED_ID, "--version", "3.8"], 2),
        "smtp-triage: a version needs an MTA: name the MTA as well\n"
    );
    assert!(fails(&["rank", SEED_ID, "--mta", "postfix", "--version", "new"], 2).contains("'new' is not a version"));
    assert!(
        fails(&["rank", SEED_ID, "--tried", "reboot"], 2).contains("they are: exponential-backoff, connection-pool")
    );
    assert!(
        fails(&["rank", SEED_ID, "--colour"], 2).contains("unknown option '--colour'; options here: --json, --role")
    );
    assert!(fails(&["frobnicate"], 2).starts_with("smtp-triage: unknown command 'frobnicate'"));
    assert!(fails(&[], 2).contains("usage:"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn lint_reports_a_broken_rate_with_file_and_line_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("smtp-triage-cli-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&repo().join("catalog"), &dir);
    let clean = ok(&["lint", dir.to_str().unwrap()]);
    assert!(clean.contains(": no problems"), "{clean}");

    let file = dir.join(format!("{SEED_ID}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text.lines().position(|l| l.contains("(80% success)")).unwrap() + 1;
    std::fs::write(&file, text.replace("(80% success)", "(180% success)")).unwrap();
    let err = fails(&["lint", dir.to_str().unwrap()], 1);
    assert_eq!(
        err,
        format!(
            "{}:{line}: success rate 180% is outside 0..=100\nsmtp-triage: 1 problem(s) in {}\n",
            file.display(),
            dir.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn lint_of_a_missing_folder_says_so() {
    let err = fails(&["lint", "/nonexistent/catalog"], 1);
    assert!(err.starts_with("/nonexistent/catalog: not a folder"), "{err}");
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtp-triage"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn classify_json_from_stdin_puts_the_seed_first() {
    let o = run_stdin(&["classify", "--json"], b"421 4.7.0 Service not available, closing transmission channel\n");
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty());
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["file"], "-");
    let f = &v["findings"][0];
    assert_eq!((f["reply_code"].as_str(), f["enhanced_status"].as_str()), (Some("421"), Some("4.7.0")));
    assert_eq!(f["text"], "Service not available, closing transmission channel");
    assert_eq!((f["mta"].is_null(), f["remote"].is_null(), f["count"].as_u64()), (true, true, Some(1)));
    assert_eq!(f["entries"][0]["id"], SEED_ID);
    assert!(f["entries"][0]["score"].as_f64().unwrap() > 0.5);
    assert_eq!(f["meanings"]["reply"].as_str().map(|m| m.starts_with("Service not available")), Some(true));
}

/// The whole line, byte for byte: the keys stay in alphabetical order (the
/// order the contract has had since it was a sorted JSON map) and every field
/// is there, null when unknown.
#[test]
fn classify_json_line_is_exactly_the_documented_shape() {
    let o = run_stdin(&["classify", "--json"], b"421 4.7.0 Service not available, closing transmission channel\n");
    assert_eq!(o.status.code(), Some(0));
    let expected = concat!(
        r#"{"file":"-","findings":[{"action":null,"count":1,"enhanced_status":"4.7.0","entries":["#,
        r#"{"id":"communication/smtp-421-service-not-available","score":0.94},"#,
        r#"{"id":"communication/reason-securityerror","score":0.3}],"#,
        r#""headline":"Temporary failure (4xx): not delivered yet, not lost.","#,
        r#""meanings":{"enhanced":"Other or undefined security status: A security or policy problem; often a generic policy rejection.","#,
        r#""reply":"Service not available, closing transmission channel: the server is shutting down or cannot serve now; it may send this in reply to any command and then closes the connection."},"#,
        r#""mta":null,"provider":null,"reason":"securityerror","reason_label":"Authentication failed or is required","#,
        r#""recipients":[],"remote":null,"reply_code":"421","side":null,"stage":null,"#,
        r#""text":"Service not available, closing transmission channel"}],"#,
        r#""not_an_error":null,"omitted":0,"reason":null,"reporter":null}"#,
        "\n"
    );
    assert_eq!(String::from_utf8(o.stdout).unwrap(), expected);
}

#[test]
fn classify_json_prints_one_line_per_input_and_reads_anything() {
    let dir = std::env::temp_dir().join(format!("smtp-triage-cli-classify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("maillog");
    std::fs::write(&log, "Nov 28 09:01:44 mx1 postfix/smtpd[3321]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <bob@example.org>: Relay access denied; from=<spam@example.biz> to=<bob@example.org> proto=ESMTP helo=<example.biz>\n").unwrap();
    let binary = dir.join("binary");
    std::fs::write(&binary, [0u8, 159, 146, 150, 255, 0, 1, 2]).unwrap();
    let empty = dir.join("empty");
    std::fs::write(&empty, "").unwrap();
    let (log_s, bin_s, empty_s) = (log.to_str().unwrap(), binary.to_str().unwrap(), empty.to_str().unwrap());
    let out = ok(&["classify", "--json", log_s, bin_s, empty_s]);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], log_s);
    let f = &lines[0]["findings"][0];
    assert_eq!(
        (f["reply_code"].as_str(), f["enhanced_status"].as_str(), f["mta"].as_str()),
        (Some("554"), Some("5.7.1"), Some("postfix"))
    );
    assert_eq!((f["stage"].as_str(), f["side"].as_str()), (Some("rcpt_to"), Some("receiving")));
    assert_eq!(lines[1]["findings"], serde_json::json!([]));
    assert_eq!(lines[2]["findings"], serde_json::json!([]));
    // A file that cannot be read is reported after the others, with status 2.
    let missing = dir.join("missing");
    let o = run(&["classify", "--json", log_s, missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    assert!(
        String::from_utf8_lossy(&o.stderr).starts_with(&format!("smtp-triage: cannot read {}: ", missing.display()))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn classify_text_says_when_nothing_is_recognisable() {
    let o = run_stdin(&["classify"], b"hello, my printer is broken\n");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "-\n  nothing recognisable: no SMTP reply, status code or bounce found\n"
    );
}

#[test]
fn classify_json_says_an_unregistered_enhanced_code_is_not_registered() {
    let o = run_stdin(
        &["classify", "--json"],
        b"451 4.7.650 The mail server [203.0.113.5] has been temporarily rate limited due to IP reputation.\n",
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["findings"][0]["meanings"]["enhanced"],
        "4.7.650 is not registered in the IANA registry of enhanced status codes (a code of Outlook.com or Microsoft 365); 4.X.X: persistent transient failure; X.7.X: security or policy status (RFC 3463)"
    );
}

/// Texts that once got only a registered meaning: each now has its reason and
/// a plan (the first entry has workarounds); one text per line, JSON Lines out.
#[test]
fn classify_gives_every_example_error_a_reason_and_a_plan() {
    let cases: &[(&str, &str, &str)] = &[
        ("550 5.5.0 Requested action not taken: mailbox unavailable.", "userunknown", "communication/reason-userunknown"),
        ("550 User [recipient@example.net] does not exist", "userunknown", "communication/reason-userunknown"),
        ("550 Recipient does not exist on this system", "userunknown", "communication/reason-userunknown"),
        ("550 \"recipient@example.net\" is not a known user", "userunknown", "communication/reason-userunknown"),
        ("551 not our customer", "hasmoved", "communication/reason-hasmoved"),
        ("550 [SUSPEND] Mailbox currently suspended - Please contact correspondent directly", "suspend", "communication/reason-suspend"),
        ("2026-12-05 10:01:02 1tHk2L-0004qZ-Jq ** userx@domain.com R=all T=smtp H=mx.example [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<userx@domain.com>: 550 No such user here", "userunknown", "communication/smtp-550-user-unknown"),
        ("2026-12-05 10:01:02 1tHk2L-0004qZ-Jq == userx@domain.com R=dnslookup T=remote_smtp defer (-44) H=mx.example [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<userx@domain.com>: 452 4.2.2 Mailbox full", "mailboxfull", "communication/smtp-552-mailbox-full"),
        ("Dec  5 10:00:01 mx postfix/smtp[123]: 3F1A21C0: to=<ann@example.com>, relay=none, delay=0.1, delays=0.1/0/0/0, dsn=4.0.0, status=deferred (user lookup error)", "systemerror", "communication/reason-systemerror"),
        ("Dec  5 10:00:01 mx postfix/smtp[123]: 3F1A21C0: to=<ann@example.com>, relay=smtp.office365.com[52.96.1.2]:587, delay=1, delays=0/0/0.5/0.5, dsn=4.3.2, status=deferred (host smtp.office365.com[52.96.1.2] said: 432 4.3.2 Concurrent connections limit exceeded (in reply to end of DATA command))", "toomanyconn", "communication/reason-toomanyconn"),
        ("451 4.7.650 The mail server [203.0.113.5] has been temporarily rate limited due to IP reputation.", "badreputation", "communication/microsoft-451-4-7-650-ip-reputation"),
    ];
    for (text, reason, first) in cases {
        let o = run_stdin(&["classify", "--json"], text.as_bytes());
        assert!(o.status.success());
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let f = &v["findings"][0];
        assert_eq!(f["reason"], *reason, "{text}");
        assert_eq!(f["entries"][0]["id"], *first, "{text}");
        let plan = ok(&["show", first]);
        assert!(plan.contains("\nWorkarounds"), "{first} has workarounds");
        let words = run_stdin(&["classify"], text.as_bytes());
        let label = smtp_triage_core::reason(reason).unwrap().label.to_string();
        assert!(String::from_utf8_lossy(&words.stdout).contains(&format!("  {label} ({reason})\n")), "{text}");
    }
}

#[test]
fn show_names_the_entry_s_reasons_in_words() {
    let out = ok(&["show", "communication/smtp-421-service-not-available"]);
    assert!(out.contains("Reasons:      Too many connections from the sending server (toomanyconn); The receiving server had an internal error (systemerror)\n"), "{out}");
}
