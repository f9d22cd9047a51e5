//! How well the catalog covers real bounces: for each message of the shared
//! corpus, `corpus-labels.tsv` names the specific entries a careful engineer
//! would open (or `none`, where no specific entry fits). Reports how many
//! messages get a curated entry and how often the top one is a labelled one
//! or the generic entry of a labelled one's reason, and the misses (skips
//! when the corpus is absent). A message that is not an error (a complaint,
//! an auto-reply, a delivery notice) gets no entry; any other message labelled
//! `none` gets its reason's generic entry.

use smtp_triage_core::{classify, find, REASONS};
use std::path::PathBuf;

struct Label {
    file: String,
    ids: Vec<String>,
}

fn labels() -> Vec<Label> {
    include_str!("corpus-labels.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut c = l.split('\t');
            let file = c.next().unwrap_or("").to_string();
            let ids = c.next().unwrap_or("none");
            let ids = if ids == "none" { vec![] } else { ids.split(',').map(|s| s.trim().to_string()).collect() };
            Label { file, ids }
        })
        .collect()
}

#[test]
fn every_label_names_a_real_entry() {
    for l in labels() {
        for id in &l.ids {
            assert!(
                smtp_triage_core::find(id).is_some() || option_env!("SMTP_TRIAGE_CATALOG").is_some(),
                "{}: no entry {id}",
                l.file
            );
        }
    }
}

#[test]
fn the_catalog_covers_the_shared_corpus() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/sisimai/samples");
    if !dir.is_dir() || option_env!("SMTP_TRIAGE_CATALOG").is_some() {
        eprintln!("skipped: ../shared/corpus/sisimai is absent, or another catalog is compiled");
        return;
    }
    let labels = labels();
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(labels.len(), files, "the labels name every message of the corpus");
    let (mut labelled, mut covered, mut agree, mut none_right) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for l in &labels {
        let text = String::from_utf8_lossy(&std::fs::read(dir.join(&l.file)).unwrap()).into_owned();
        let c = classify(&text);
        let top = c.findings.iter().find_map(|f| f.best()).map(|m| m.entry.id.to_string());
        if l.ids.is_empty() {
            let error = c.not_an_error.is_none() && !c.findings.is_empty();
            let generic = top.as_deref().is_some_and(|t| REASONS.iter().any(|r| r.entry.as_deref() == Some(t)));
            if (!error && top.is_none()) || (error && generic) {
                none_right += 1;
            } else {
                misses.push(format!("{}: labelled none, got {}", l.file, top.unwrap_or_default()));
            }
            continue;
        }
        labelled += 1;
        // The generic entry of a reason a labelled entry declares is that error's plan too.
        let generic_of_label = |t: &str| {
            l.ids
                .iter()
                .filter_map(|id| find(id))
                .flat_map(|e| e.reasons.iter())
                .any(|r| smtp_triage_core::reason(r).and_then(|r| r.entry.as_deref()) == Some(t))
        };
        match top {
            Some(t) => {
                covered += 1;
                if l.ids.contains(&t) || generic_of_label(&t) {
                    agree += 1;
                } else {
                    misses.push(format!("{}: top {t}, labelled {}", l.file, l.ids.join(",")));
                }
            }
            None => misses.push(format!("{}: no entry, labelled {}", l.file, l.ids.join(","))),
        }
    }
    let nones = labels.len() - labelled;
    eprintln!(
        "coverage: {covered} of {labelled} labelled messages get a curated entry ({:.1}%); the top entry is a labelled one for {agree} ({:.1}%); {none_right} of {nones} messages labelled none get none (non-errors) or their reason's generic entry",
        100.0 * covered as f64 / labelled as f64,
        100.0 * agree as f64 / labelled as f64
    );
    for m in &misses {
        eprintln!("  miss {m}");
    }
    assert!(covered * 100 >= labelled * 90, "fewer than 90% of the labelled messages get a curated entry");
    assert!(agree * 100 >= labelled * 80, "the top entry agrees with the label for fewer than 80%");
}
