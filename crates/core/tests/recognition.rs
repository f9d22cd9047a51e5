//! Every entry is recognised in texts worded as different servers word its
//! error, and does not win on a look-alike. The texts live in
//! `tests/recognition/<entry ID>.txt` (see the README there). A reason's
//! generic entry is found through its reason: its texts must get that reason
//! and list the entry (a specific entry of the same reason may come first),
//! and its near misses must get another reason.

use smtp_triage_core::{classify, entries, REASONS};
use std::path::PathBuf;

struct Block {
    selects: bool,
    what: String,
    text: String,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in text.split_inclusive('\n') {
        let head = line.trim_end();
        if let Some(what) = head.strip_prefix("=== selects:") {
            out.push(Block { selects: true, what: what.trim().into(), text: String::new() });
        } else if let Some(what) = head.strip_prefix("=== near miss:") {
            out.push(Block { selects: false, what: what.trim().into(), text: String::new() });
        } else if let Some(b) = out.last_mut() {
            b.text.push_str(line);
        }
    }
    for b in &mut out {
        b.text = b.text.trim_end().to_string();
    }
    out
}

#[test]
fn every_entry_wins_on_its_own_texts_and_not_on_near_misses() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/recognition");
    let mut problems = Vec::new();
    let (mut selects, mut misses) = (0, 0);
    for e in entries() {
        let path = dir.join(format!("{}.txt", e.id));
        let Ok(text) = std::fs::read_to_string(&path) else {
            problems.push(format!("{}: no recognition fixture at {}", e.id, path.display()));
            continue;
        };
        let bs = blocks(&text);
        let (s, m) = (bs.iter().filter(|b| b.selects).count(), bs.iter().filter(|b| !b.selects).count());
        if s < 2 || m < 1 {
            problems.push(format!("{}: {s} selects and {m} near misses; at least 2 and 1", e.id));
        }
        let generic_of = REASONS.iter().find(|r| r.entry.as_deref() == Some(&*e.id)).map(|r| &*r.name);
        for b in bs {
            let c = classify(&b.text);
            let first = c.findings.first();
            let top = first.and_then(|f| f.best()).map(|m| (m.entry.id.to_string(), m.score));
            let wins = match generic_of {
                Some(reason) => first.is_some_and(|f| {
                    f.reason.is_some_and(|r| r.name == reason) && f.entries.iter().any(|m| m.entry.id == e.id)
                }),
                None => top.as_ref().is_some_and(|(id, _)| *id == e.id),
            };
            if b.selects {
                selects += 1;
                if !wins {
                    let others = first.map(|f| {
                        let reason = f.reason.map_or("-", |r| &*r.name);
                        let ids = f.entries.iter().take(3).map(|m| format!("{} {:.2}", m.entry.id, m.score));
                        format!("reason {reason}; {}", ids.collect::<Vec<_>>().join(", "))
                    });
                    problems.push(format!("{}: does not win on \"{}\"; got {:?}", e.id, b.what, others));
                }
            } else {
                misses += 1;
                if wins {
                    problems.push(format!("{}: wins on its near miss \"{}\"", e.id, b.what));
                }
            }
        }
    }
    eprintln!(
        "recognition: {} entries, {selects} texts that must select, {misses} near misses, {} problems",
        entries().len(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
