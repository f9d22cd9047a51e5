//! `smtp-triage lint [DIR]`: the build's own checks, on any catalog folder.

use crate::args::Args;
use crate::Failure;
use std::io::Write;
use std::path::PathBuf;

pub fn run(argv: &[String], out: &mut dyn Write) -> Result<(), Failure> {
    let a = Args::parse(argv, &["strict"], &[])?;
    let dir = match a.positionals.as_slice() {
        [] => PathBuf::from("catalog"),
        [d] => PathBuf::from(d),
        _ => return Err(Failure::usage("lint takes one folder")),
    };
    match smtp_triage_catalog::load(&dir) {
        Ok(c)
            if a.flag("strict") && c.entries.iter().any(|e| !smtp_triage_catalog::curated_shortfalls(e).is_empty()) =>
        {
            let mut err = std::io::stderr().lock();
            let mut n = 0;
            for e in &c.entries {
                for s in smtp_triage_catalog::curated_shortfalls(e) {
                    n += 1;
                    let _ = writeln!(err, "{}: {s}", dir.join(&*e.file).display());
                }
            }
            Err(Failure(format!("{n} shortfall(s) from a curated entry in {}", dir.display()), 1))
        }
        Ok(c) => {
            writeln!(
                out,
                "{}: {} entries, {} enhanced status codes, {} reply codes: no problems",
                dir.display(),
                c.entries.len(),
                c.enhanced.len(),
                c.replies.len()
            )
            .map_err(|e| Failure(e.to_string(), 2))?;
            Ok(())
        }
        Err(diags) => {
            let mut err = std::io::stderr().lock();
            for d in &diags {
                let _ = writeln!(err, "{d}");
            }
            Err(Failure(format!("{} problem(s) in {}", diags.len(), dir.display()), 1))
        }
    }
}
