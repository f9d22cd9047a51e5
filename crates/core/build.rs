//! Compiles the Markdown catalog into static Rust data. A malformed entry
//! fails the build with `path:line: what is wrong`.
//! `SMTP_TRIAGE_CATALOG` names another catalog folder (the size script
//! builds once with the seed entry alone).

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=SMTP_TRIAGE_CATALOG");
    let dir = match std::env::var_os("SMTP_TRIAGE_CATALOG") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo")).join("../../catalog"),
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    match smtp_triage_catalog::load(&dir) {
        Ok(catalog) => {
            for f in &catalog.files {
                println!("cargo:rerun-if-changed={}", f.display());
            }
            for d in walk_dirs(&dir) {
                println!("cargo:rerun-if-changed={}", d.display());
            }
            let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("catalog.rs");
            std::fs::write(&out, smtp_triage_catalog::emit(&catalog)).expect("write the compiled catalog");
        }
        Err(diags) => {
            for d in walk_dirs(&dir) {
                println!("cargo:rerun-if-changed={}", d.display());
            }
            eprintln!("the catalog has {} problem(s):", diags.len());
            for d in &diags {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    }
}

/// Folders, so that a new entry file triggers a rebuild.
fn walk_dirs(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            if e.path().is_dir() {
                out.extend(walk_dirs(&e.path()));
            }
        }
    }
    out
}
