//! `smtp-triage rates`: "Did this work?" reports (JSON Lines, the widget's
//! `smtp-triage:feedback` detail) as measured rates, and `--write` putting
//! them into a copy of the catalog. The fixtures hold 100 reports on the
//! seed's `exponential-backoff` (60 worked, November) and 12 + 20 on
//! `connection-pool` (9 and 15 worked; the 12 from before the widget sent
//! the answers and the time).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = "communication/smtp-421-service-not-available";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> String {
    repo().join("crates/cli/tests/fixtures/reports").join(name).display().to_string()
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtp-triage"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run smtp-triage");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = run(args, b"");
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "success writes nothing to stderr");
    String::from_utf8(o.stdout).unwrap()
}

fn fails(args: &[&str], code: i32) -> String {
    let o = run(args, b"");
    assert_eq!(o.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr).unwrap()
}

/// A copy of the catalog in a fresh folder of its own.
struct Copy(PathBuf);

impl Copy {
    fn new(name: &str) -> Copy {
        let dir = std::env::temp_dir().join(format!("smtp-triage-rates-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&repo().join("catalog"), &dir);
        Copy(dir)
    }
    fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
    fn seed(&self) -> PathBuf {
        self.0.join(format!("{SEED}.md"))
    }
    /// Every file's bytes, by path.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        snapshot(&self.0, &mut out);
        out
    }
    /// A file of reports, in a folder beside the copy.
    fn reports(&self, name: &str, text: &str) -> String {
        let dir = self.0.with_extension("reports");
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
        let _ = std::fs::remove_dir_all(self.0.with_extension("reports"));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn snapshot(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            snapshot(&p, out);
        } else {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
}

const BACKOFF_LINE: &str = "   - **Measured:** 60% of 100 reports (95% interval 50–69%), 2026-11-02 to 2026-11-30\n";
const POOL_LINE: &str = "   - **Measured:** 75% of 32 reports (95% interval 58–87%), 2026-12-01 to 2026-12-20\n";

#[test]
fn rates_prints_each_workarounds_reports_rate_and_95_percent_interval() {
    let out = ok(&["rates", &fixture("november.jsonl")]);
    assert_eq!(
        out,
        format!(
            "112 reports from 1 file\n\n{SEED}\n  exponential-backoff: 60 of 100 worked, 60% (95% interval 50–69%), 2026-11-02 to 2026-11-30\n  connection-pool: 9 of 12 worked, 75% (95% interval 47–91%): fewer than 30 reports\n"
        )
    );
}

#[test]
fn reports_accumulate_over_files_and_json_prints_one_object_per_workaround() {
    let out = ok(&["rates", &fixture("november.jsonl"), &fixture("december.jsonl"), "--json"]);
    assert_eq!(
        out,
        format!(
            "{}\n{}\n",
            format_args!(
                r#"{{"entry":"{SEED}","first":"2026-11-02","high":69,"last":"2026-11-30","low":50,"rate":60,"reports":100,"workaround":"exponential-backoff","worked":60,"written":false}}"#
            ),
            format_args!(
                r#"{{"entry":"{SEED}","first":"2026-12-01","high":87,"last":"2026-12-20","low":58,"rate":75,"reports":32,"workaround":"connection-pool","worked":24,"written":false}}"#
            ),
        )
    );
}

#[test]
fn write_adds_measured_lines_from_30_reports_on_and_changes_nothing_else() {
    let c = Copy::new("write");
    let before = c.snapshot();
    let seed_before = std::fs::read_to_string(c.seed()).unwrap();
    let out = ok(&["rates", &fixture("november.jsonl"), &fixture("december.jsonl"), "--catalog", c.arg(), "--write"]);
    assert_eq!(
        out,
        format!(
            "132 reports from 2 files\n\n{SEED}\n  exponential-backoff: 60 of 100 worked, 60% (95% interval 50–69%), 2026-11-02 to 2026-11-30: written\n  connection-pool: 24 of 32 worked, 75% (95% interval 58–87%), 2026-12-01 to 2026-12-20: written\n\nwrote {}\n",
            c.seed().display()
        )
    );
    let expected = seed_before
        .replacen(
            "   - **When:** bulk-sending = yes\n",
            &format!("   - **When:** bulk-sending = yes\n{BACKOFF_LINE}"),
            1,
        )
        .replacen(
            "   - **When:** bulk-sending = yes; too-many-connections = yes\n",
            &format!("   - **When:** bulk-sending = yes; too-many-connections = yes\n{POOL_LINE}"),
            1,
        );
    assert_eq!(std::fs::read_to_string(c.seed()).unwrap(), expected);
    assert!(expected.contains("- **Verification:** ai_generated"), "one workaround is not measured: not raised");
    let mut after = c.snapshot();
    after.remove(&c.seed());
    let mut rest = before.clone();
    rest.remove(&c.seed());
    assert_eq!(after, rest, "no other file changed");
    assert!(ok(&["lint", c.arg(), "--strict"]).ends_with(": no problems\n"));
    let shown = ok(&["show", SEED]);
    assert!(!shown.contains("measured:"), "the compiled-in catalog is not the copy");
}

#[test]
fn the_same_reports_again_change_nothing() {
    let c = Copy::new("twice");
    let files = [fixture("november.jsonl"), fixture("december.jsonl")];
    let args = ["rates", &files[0], &files[1], "--catalog", c.arg(), "--write"];
    ok(&args);
    let once = c.snapshot();
    let out = ok(&args);
    assert!(out.ends_with(": written\n\nno file changed\n"), "{out}");
    assert_eq!(c.snapshot(), once);
}

#[test]
fn under_the_minimum_nothing_is_written_and_an_earlier_larger_measurement_stays() {
    let c = Copy::new("minimum");
    let before = c.snapshot();
    let out = ok(&["rates", &fixture("november.jsonl"), "--catalog", c.arg(), "--write", "--min-reports", "101"]);
    assert!(out.contains("  exponential-backoff: 60 of 100 worked, 60% (95% interval 50–69%), 2026-11-02 to 2026-11-30: fewer than 101 reports, not written\n"), "{out}");
    assert!(out.ends_with("\n\nno file changed\n"));
    assert_eq!(c.snapshot(), before);

    ok(&["rates", &fixture("november.jsonl"), &fixture("december.jsonl"), "--catalog", c.arg(), "--write"]);
    // November alone has 12 reports on connection-pool: its 32-report line stays.
    ok(&["rates", &fixture("november.jsonl"), "--catalog", c.arg(), "--write"]);
    let seed = std::fs::read_to_string(c.seed()).unwrap();
    assert!(seed.contains(POOL_LINE) && seed.contains(BACKOFF_LINE));

    // At 12, November's own figures replace it.
    ok(&["rates", &fixture("november.jsonl"), "--catalog", c.arg(), "--write", "--min-reports", "12"]);
    let seed = std::fs::read_to_string(c.seed()).unwrap();
    assert!(seed.contains("   - **Measured:** 75% of 12 reports (95% interval 47–91%)\n"), "{seed}");
    assert!(!seed.contains(POOL_LINE));
}

#[test]
fn every_workaround_measured_raises_verification_and_lint_still_passes() {
    let c = Copy::new("raise");
    let limit: String = (0..15)
        .map(|i| format!("{{\"entry\":\"{SEED}\",\"workaround\":\"postfix-connection-limit\",\"worked\":{}}}\n", i < 9))
        .collect();
    let limit = c.reports("limit.jsonl", &limit);
    let out = ok(&[
        "rates",
        &fixture("november.jsonl"),
        &fixture("december.jsonl"),
        &limit,
        "--catalog",
        c.arg(),
        "--write",
        "--min-reports=15",
    ]);
    assert!(out.ends_with(&format!("wrote {} (Verification raised to measured)\n", c.seed().display())), "{out}");
    let seed = std::fs::read_to_string(c.seed()).unwrap();
    assert!(seed.contains("\n- **Verification:** measured\n"));
    assert!(seed.contains("   - **Measured:** 60% of 15 reports (95% interval 36–80%)\n"), "{seed}");
    assert!(seed.contains("(85% success)"), "the title keeps the catalog's estimate");
    assert!(ok(&["lint", c.arg(), "--strict"]).ends_with(": no problems\n"));
}

#[test]
fn reports_under_a_former_id_count_for_the_entry() {
    let c = Copy::new("alias");
    let text = std::fs::read_to_string(c.seed()).unwrap();
    let text = text.replacen("- **Fix Rate:**", "- **Aliases:** `communication/smtp-421-old-name`\n- **Fix Rate:**", 1);
    std::fs::write(c.seed(), text).unwrap();
    let old: String = (0..30)
        .map(|i| format!("{{\"entry\":\"communication/smtp-421-old-name\",\"workaround\":\"exponential-backoff\",\"worked\":{}}}\n", i < 15))
        .collect();
    let old = c.reports("old.jsonl", &old);
    let out = ok(&["rates", &fixture("november.jsonl"), &old, "--catalog", c.arg(), "--json"]);
    assert!(out.starts_with(&format!(r#"{{"entry":"{SEED}","first":"2026-11-02","high":66,"last":"2026-11-30","low":49,"rate":58,"reports":130,"workaround":"exponential-backoff","worked":75,"written":false}}"#)), "{out}");
}

#[test]
fn bad_reports_name_file_and_line_exit_1_and_leave_the_catalog_byte_for_byte() {
    let c = Copy::new("bad");
    let before = c.snapshot();
    let good = format!("{{\"entry\":\"{SEED}\",\"workaround\":\"connection-pool\",\"worked\":true}}\n");
    let cases = [
        ("not json", "not JSON (expected ident at line 1 column 2); a report reads {\"entry\": \"communication/…\", \"workaround\": \"…\", \"worked\": true}".to_string()),
        ("[1, 2]", "a report is a JSON object: {\"entry\": \"communication/…\", \"workaround\": \"…\", \"worked\": true}".to_string()),
        (r#"{"workaround":"connection-pool","worked":true}"#, r#"missing "entry" (an entry ID or former ID)"#.to_string()),
        (&*format!(r#"{{"entry":"{SEED}","worked":true}}"#), r#"missing "workaround" (a workaround ID of the entry)"#.to_string()),
        (&*format!(r#"{{"entry":"{SEED}","workaround":"connection-pool"}}"#), r#"missing "worked" (true or false)"#.to_string()),
        (&*format!(r#"{{"entry":"{SEED}","workaround":"connection-pool","worked":"yes"}}"#), r#""worked" is true or false, not "yes""#.to_string()),
        (&*format!(r#"{{"entry":"{SEED}","workaround":"connection-pool","worked":1}}"#), r#""worked" is true or false, not 1"#.to_string()),
        (r#"{"entry":"communication/nope","workaround":"connection-pool","worked":true}"#, "no entry 'communication/nope' in the catalog (neither an ID nor a former ID)".to_string()),
        (&*format!(r#"{{"entry":"{SEED}","workaround":"switch-port","worked":false}}"#), format!("entry '{SEED}' has no workaround 'switch-port'; its workarounds: exponential-backoff, connection-pool, postfix-connection-limit")),
        (&*format!(r#"{{"entry":"{SEED}","workaround":"connection-pool","worked":true,"at":"2026-12-01T10:00:00+01:00"}}"#), r#""at" '2026-12-01T10:00:00+01:00' is not RFC 3339 in UTC: write it as 2026-12-01T09:30:00Z"#.to_string()),
        (&*format!(r#"{{"entry":"{SEED}","workaround":"connection-pool","worked":true,"role":"postmaster"}}"#), r#"unknown "role" 'postmaster'; roles are: sender, sending-admin, receiving-admin, recipient"#.to_string()),
    ];
    for (line, message) in cases {
        let file = c.reports("bad.jsonl", &format!("{good}{good}{line}\n{good}"));
        // The good file given first is not written either: a run is all or nothing.
        let err =
            fails(&["rates", &fixture("november.jsonl"), &file, "--catalog", c.arg(), "--write", "--min-reports=1"], 1);
        assert_eq!(err, format!("{file}:3: {message}\nsmtp-triage: 1 bad report(s): nothing written\n"), "{line}");
        assert_eq!(c.snapshot(), before, "{line}");
    }
}

#[test]
fn standard_input_is_dash_and_an_empty_file_is_no_error() {
    let november = std::fs::read(fixture("november.jsonl")).unwrap();
    let o = run(&["rates", "-"], &november);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8(o.stdout).unwrap().starts_with("112 reports from 1 file\n"));
    let o = run(&["rates", "-"], b"");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "0 reports from 1 file\n");
    let o = run(&["rates", "-", "--json"], b"\n");
    assert_eq!((o.status.code(), o.stdout.len(), o.stderr.len()), (Some(0), 0, 0));
    let o = run(&["rates", "-"], b"{\"entry\": 1}\n");
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        "-:1: \"entry\" is an entry ID or former ID, not 1\nsmtp-triage: 1 bad report(s): nothing written\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        fails(&["rates"], 2),
        "smtp-triage: name one or more report files (JSON Lines), or - for standard input\n"
    );
    for bad in ["0", "-3", "thirty", ""] {
        assert_eq!(
            fails(&["rates", &fixture("november.jsonl"), "--min-reports", bad], 2),
            format!("smtp-triage: --min-reports takes a whole number of reports, 1 or more, not '{bad}'\n")
        );
    }
    assert!(fails(&["rates", "/nonexistent/reports.jsonl"], 2)
        .starts_with("smtp-triage: cannot read /nonexistent/reports.jsonl: "));
    assert!(
        fails(&["rates", &fixture("november.jsonl"), "--writ"], 2).starts_with("smtp-triage: unknown option '--writ'")
    );
}
