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
