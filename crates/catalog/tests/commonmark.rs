//! The parser reads CommonMark: the catalog compiles to the same data as with
//! the line-based parser it replaced (kept frozen in `legacy/parse.rs`), and an
//! entry respelled another CommonMark way reads to the same `Entry`.

#[path = "legacy/parse.rs"]
mod legacy;

use smtp_triage_catalog::{emit, load, parse_entry, Catalog, Diag};
use smtp_triage_model::Entry;
use std::path::{Path, PathBuf};

fn catalog_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

/// Every entry file under `dir`, relative to it, sorted.
fn entry_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for item in std::fs::read_dir(dir).unwrap().flatten() {
        let p = item.path();
        if p.is_dir() {
            entry_files(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "md")
            && !matches!(p.file_name().and_then(|n| n.to_str()), Some("FORMAT.md" | "README.md"))
        {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

fn messages(r: Result<Entry, Vec<Diag>>) -> Result<Entry, Vec<String>> {
    r.map_err(|d| d.iter().map(|d| d.to_string()).collect())
}

#[test]
fn every_catalog_entry_reads_as_with_the_line_based_parser() {
    let root = catalog_dir();
    let mut files = Vec::new();
    entry_files(&root, &root, &mut files);
    files.sort();
    assert!(files.len() > 50, "{files:?}");
    for rel in &files {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let old = messages(legacy::parse_entry(rel, &text));
        let new = messages(parse_entry(rel, &text));
        assert_eq!(new, old, "{rel}");
    }
}

#[test]
fn the_catalog_compiles_to_the_same_rust_source_as_with_the_line_based_parser() {
    let root = catalog_dir();
    let new = load(&root).unwrap_or_else(|d| panic!("{d:?}"));
    let mut entries: Vec<Entry> = Vec::new();
    for e in &new.entries {
        let text = std::fs::read_to_string(root.join(&*e.file)).unwrap();
        let mut old = legacy::parse_entry(&root.join(&*e.file).display().to_string(), &text).unwrap();
        old.file = e.file.clone();
        entries.push(old);
    }
    let old = Catalog {
        entries,
        enhanced: new.enhanced.clone(),
        replies: new.replies.clone(),
        reasons: new.reasons.clone(),
        files: new.files.clone(),
    };
    let (a, b) = (emit(&new), emit(&old));
    assert!(a == b, "the emitted catalog differs ({} and {} bytes)", a.len(), b.len());
}
