//! The shared corpus of 226 real bounce messages: the enhanced status codes
//! and reply codes sisimai expects must come out of them (skips cleanly when
//! `../shared/corpus/sisimai` is absent). Prints the share found and the misses.

use smtp_triage_core::{classify, NotAnError};

/// The ARF reports proper (not Apple Mail's unsubscribe notice, arf-26) must be complaints.
const COMPLAINTS: &[&str] =
    &["arf-11.eml", "arf-14.eml", "arf-17.eml", "arf-19.eml", "arf-20.eml", "arf-21.eml", "arf-25.eml"];
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/sisimai");
    dir.join("expected.tsv").is_file().then_some(dir)
}

/// Per file: the enhanced codes and reply codes found, and whether it is a non-error.
type Found = (Vec<String>, Vec<String>, Option<NotAnError>);

struct Expected {
    file: String,
    status: String,
    reply: String,
}

fn expected(dir: &Path) -> Vec<Expected> {
    std::fs::read_to_string(dir.join("expected.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Expected {
                file: c[0].into(),
                status: c.get(2).unwrap_or(&"").to_string(),
                reply: c.get(3).unwrap_or(&"").to_string(),
            }
        })
        .collect()
}

/// sisimai's own pseudo codes (third part 900 or more) are not in the messages.
fn is_pseudo(status: &str) -> bool {
    status.rsplit('.').next().and_then(|d| d.parse::<u32>().ok()).is_some_and(|d| d >= 900)
}

#[test]
fn codes_come_out_of_the_shared_corpus() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/sisimai is absent");
        return;
    };
    let rows = expected(&dir);
    let mut by_file: BTreeMap<&str, Found> = BTreeMap::new();
    for r in &rows {
        by_file.entry(&r.file).or_insert_with(|| {
            let bytes = std::fs::read(dir.join("samples").join(&r.file)).unwrap();
            let c = classify(&String::from_utf8_lossy(&bytes));
            let statuses = c.findings.iter().filter_map(|f| f.enhanced.map(|e| e.to_string())).collect();
            let replies = c.findings.iter().filter_map(|f| f.reply_code.map(|e| e.to_string())).collect();
            (statuses, replies, c.not_an_error)
        });
    }
    let (mut want, mut got) = (0, 0);
    let mut misses = Vec::new();
    for r in &rows {
        let (statuses, replies, _) = &by_file[r.file.as_str()];
        if !r.status.is_empty() && !is_pseudo(&r.status) {
            want += 1;
            if statuses.contains(&r.status) {
                got += 1;
            } else {
                misses.push(format!("{}: status {} not in {:?}", r.file, r.status, statuses));
            }
        }
        if !r.reply.is_empty() {
            want += 1;
            if replies.contains(&r.reply) {
                got += 1;
            } else {
                misses.push(format!("{}: reply {} not in {:?}", r.file, r.reply, replies));
            }
        }
    }
    let share = got as f64 / want as f64;
    eprintln!("corpus: {got} of {want} expected codes found ({:.1}%)", share * 100.0);
    for m in &misses {
        eprintln!("  miss {m}");
    }
    let not_errors: Vec<String> = by_file
        .iter()
        .filter(|(f, _)| f.starts_with("arf-") || f.starts_with("rfc3834-"))
        .filter(|(_, (_, _, n))| n.is_none())
        .map(|(f, (_, _, n))| format!("{f}: {n:?}"))
        .collect();
    assert!(not_errors.is_empty(), "complaints and auto-replies not recognised as such: {not_errors:?}");
    for f in COMPLAINTS {
        assert_eq!(by_file[f].2, Some(NotAnError::Complaint), "{f}");
    }
    assert!(share >= 0.95, "only {:.1}% of the expected codes came out", share * 100.0);
}

/// sisimai's reasons that are not a failure's reason: the non-errors and the undecided.
const NOT_COUNTED: &[&str] = &["feedback", "vacation", "delivered", "undefined", "onhold"];

#[test]
fn reasons_agree_with_sisimai_and_every_error_gets_a_curated_entry() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/sisimai is absent");
        return;
    };
    let text = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let (mut counted, mut agree) = (0, 0);
    let mut disagree = Vec::new();
    let mut files: BTreeMap<String, bool> = BTreeMap::new();
    let mut without_entry = Vec::new();
    for l in text.lines().skip(1) {
        let c: Vec<&str> = l.split('\t').collect();
        let (file, index, want) = (c[0], c[1].parse::<usize>().unwrap_or(1), c[4]);
        let bytes = std::fs::read(dir.join("samples").join(file)).unwrap();
        let got = classify(&String::from_utf8_lossy(&bytes));
        // A whole message that is a complaint, an auto-reply or a success notice is not an error message.
        let error_message = got.not_an_error.is_none() && !NOT_COUNTED[..3].contains(&want);
        if error_message && files.insert(file.to_string(), true).is_none() {
            let covered = !got.findings.is_empty() && got.findings.iter().all(|f| !f.entries.is_empty());
            if !covered {
                without_entry.push(file.to_string());
            }
        }
        if NOT_COUNTED.contains(&want) {
            continue;
        }
        counted += 1;
        // A message with several findings: the one with the record's codes.
        let (status, reply) = (c.get(2).copied().unwrap_or(""), c.get(3).copied().unwrap_or(""));
        let codes = |f: &&smtp_triage_core::Finding| {
            (f.enhanced.map(|e| e.to_string()).unwrap_or_default() == status || is_pseudo(status))
                && f.reply_code.map(|r| r.to_string()).unwrap_or_default() == reply
        };
        let f = got.findings.iter().find(codes).or(got.findings.get(index - 1)).or(got.findings.first());
        let reason = f.and_then(|f| f.reason).map(|r| &*r.name).unwrap_or("-");
        if reason == want {
            agree += 1;
        } else {
            disagree.push(format!("{file}#{index}: sisimai {want}, ours {reason}"));
        }
    }
    let share = agree as f64 / counted as f64;
    eprintln!("reasons: {agree} of {counted} records agree with sisimai ({:.1}%)", share * 100.0);
    for d in &disagree {
        eprintln!("  differs {d}");
    }
    let errors = files.len();
    eprintln!(
        "curated entries: {} of {errors} error messages get one ({:.1}%)",
        errors - without_entry.len(),
        (errors - without_entry.len()) as f64 * 100.0 / errors as f64
    );
    for f in &without_entry {
        eprintln!("  no entry: {f}");
    }
    assert!(share >= 0.95, "reason agreement {:.1}% is under 95%", share * 100.0);
    assert!(without_entry.is_empty(), "error messages without a curated entry: {without_entry:?}");
}
