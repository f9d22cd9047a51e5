//! `rates FILE... [--catalog DIR] [--min-reports N] [--write] [--json]`:
//! "Did this work?" reports turned into measured success rates, per entry
//! and workaround, with the 95% Wilson score interval; `--write` puts them
//! into the catalog as `- **Measured:**` lines. A run is all or nothing: one
//! bad report and nothing is written.

use crate::args::Args;
use crate::report::{self, Report};
use crate::Failure;
use serde_json::json;
use smtp_triage_core::model::{Date, Entry, Measured};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const DEFAULT_MIN_REPORTS: u32 = 30;

/// The reports on one workaround.
struct Tally {
    reports: u32,
    worked: u32,
    first: Option<Date>,
    last: Option<Date>,
}

impl Tally {
    fn measured(&self) -> Measured {
        let mut m = Measured::new(self.reports, self.worked).expect("at least one report, worked <= reports");
        (m.first, m.last) = (self.first, self.last);
        m
    }
}

pub fn run(argv: &[String], out: &mut dyn Write) -> Result<(), Failure> {
    let a = Args::parse(argv, &["write", "json"], &["catalog", "min-reports"])?;
    if a.positionals.is_empty() {
        return Err(Failure::usage("name one or more report files (JSON Lines), or - for standard input"));
    }
    let min = match a.one("min-reports")? {
        None => DEFAULT_MIN_REPORTS,
        Some(n) => match n.parse::<u32>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(Failure::usage(format!(
                    "--min-reports takes a whole number of reports, 1 or more, not '{n}'"
                )))
            }
        },
    };
    let dir = PathBuf::from(a.one("catalog")?.unwrap_or("catalog"));
    let catalog = smtp_triage_catalog::load(&dir).map_err(|diags| {
        let mut err = std::io::stderr().lock();
        for d in &diags {
            let _ = writeln!(err, "{d}");
        }
        Failure(format!("{} problem(s) in {}: fix the catalog first (smtp-triage lint)", diags.len(), dir.display()), 1)
    })?;
    let entries = &catalog.entries;

    let mut reports: Vec<Report> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for name in &a.positionals {
        let bytes = crate::args::read_input(name).map_err(|e| Failure(format!("cannot read {name}: {e}"), 2))?;
        match report::read(name, &bytes, entries) {
            Ok(r) => reports.extend(r),
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        let mut err = std::io::stderr().lock();
        for p in &problems {
            let _ = writeln!(err, "{p}");
        }
        return Err(Failure(format!("{} bad report(s): nothing written", problems.len()), 1));
    }

    // Entries are sorted by ID and workarounds keep the catalog's order.
    let mut tallies: BTreeMap<(usize, usize), Tally> = BTreeMap::new();
    for r in &reports {
        let t =
            tallies.entry((r.entry, r.workaround)).or_insert(Tally { reports: 0, worked: 0, first: None, last: None });
        t.reports += 1;
        t.worked += r.worked as u32;
        if let Some(d) = r.day {
            t.first = Some(t.first.map_or(d, |f| f.min(d)));
            t.last = Some(t.last.map_or(d, |l| l.max(d)));
        }
    }

    let write = a.flag("write");
    let written = if write { write_catalog(&dir, entries, &tallies, min)? } else { vec![] };

    let result = if a.flag("json") {
        json_lines(out, entries, &tallies, min, write)
    } else {
        text(out, entries, &tallies, min, write, (reports.len(), a.positionals.len()), &written)
    };
    result.or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(Failure(e.to_string(), 2)) })
}

/// Writes the Measured lines of every workaround with at least `min`
/// reports. Every file is rewritten in memory and read back first; only
/// then are the changed ones written. Returns the files changed, each with
/// whether its Verification was raised.
fn write_catalog(
    dir: &Path,
    entries: &[Entry],
    tallies: &BTreeMap<(usize, usize), Tally>,
    min: u32,
) -> Result<Vec<(PathBuf, bool)>, Failure> {
    let mut planned: Vec<(PathBuf, String, bool)> = Vec::new();
    let mut problems = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let updates: Vec<(&str, Measured)> = tallies
            .range((i, 0)..(i + 1, 0))
            .filter(|(_, t)| t.reports >= min)
            .map(|((_, w), t)| (&*e.workarounds[*w].id, t.measured()))
            .collect();
        if updates.is_empty() {
            continue;
        }
        let path = dir.join(&*e.file);
        let shown = path.display().to_string();
        let before = std::fs::read_to_string(&path).map_err(|err| Failure(format!("cannot read {shown}: {err}"), 1))?;
        match smtp_triage_catalog::write_measured(&shown, &before, &updates) {
            Ok(after) if after != before => {
                let raised =
                    smtp_triage_catalog::parse_entry(&shown, &after).is_ok_and(|x| x.verification != e.verification);
                planned.push((path, after, raised));
            }
            Ok(_) => {}
            Err(diags) => problems.extend(diags.iter().map(|d| d.to_string())),
        }
    }
    if !problems.is_empty() {
        let mut err = std::io::stderr().lock();
        for p in &problems {
            let _ = writeln!(err, "{p}");
        }
        return Err(Failure(format!("{} problem(s) writing the Measured lines: nothing written", problems.len()), 1));
    }
    let mut done = Vec::new();
    for (path, text, raised) in planned {
        // A whole new file, then a rename: a reader never sees half of one.
        let tmp = path.with_extension("md.rates-tmp");
        std::fs::write(&tmp, text)
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display()), 1))?;
        done.push((path, raised));
    }
    Ok(done)
}

fn figures(m: &Measured) -> String {
    let (low, high) = m.interval();
    let mut s = format!("{} (95% interval {}–{}%)", m.rate(), low.get(), high.get());
    if let (Some(f), Some(l)) = (m.first, m.last) {
        s.push_str(&format!(", {f} to {l}"));
    }
    s
}

fn text(
    out: &mut dyn Write,
    entries: &[Entry],
    tallies: &BTreeMap<(usize, usize), Tally>,
    min: u32,
    write: bool,
    (reports, files): (usize, usize),
    written: &[(PathBuf, bool)],
) -> std::io::Result<()> {
    let plural = |n: usize, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    writeln!(out, "{} from {}", plural(reports, "report", "reports"), plural(files, "file", "files"))?;
    let mut last = None;
    for ((e, w), t) in tallies {
        if last != Some(*e) {
            writeln!(out, "\n{}", entries[*e].id)?;
            last = Some(*e);
        }
        let m = t.measured();
        let note = match (t.reports >= min, write) {
            (true, true) => ": written".to_string(),
            (true, false) => String::new(),
            (false, true) => format!(": fewer than {min} reports, not written"),
            (false, false) => format!(": fewer than {min} reports"),
        };
        let wk = &entries[*e].workarounds[*w];
        writeln!(out, "  {}: {} of {} worked, {}{note}", wk.id, t.worked, t.reports, figures(&m))?;
    }
    if write {
        writeln!(out)?;
        if written.is_empty() {
            writeln!(out, "no file changed")?;
        }
        for (path, raised) in written {
            let raised = if *raised { " (Verification raised to measured)" } else { "" };
            writeln!(out, "wrote {}{raised}", path.display())?;
        }
    }
    Ok(())
}

fn json_lines(
    out: &mut dyn Write,
    entries: &[Entry],
    tallies: &BTreeMap<(usize, usize), Tally>,
    min: u32,
    write: bool,
) -> std::io::Result<()> {
    for ((e, w), t) in tallies {
        let m = t.measured();
        let (low, high) = m.interval();
        let line = json!({
            "entry": entries[*e].id,
            "workaround": entries[*e].workarounds[*w].id,
            "reports": t.reports,
            "worked": t.worked,
            "rate": m.rate(),
            "low": low,
            "high": high,
            "first": m.first,
            "last": m.last,
            "written": write && t.reports >= min,
        });
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}
