//! Reads a whole catalog folder: every entry, the registry tables, and the
//! checks that span entries (unique IDs and aliases, file names).

use crate::{parse_enhanced_registry, parse_entry, parse_reason_registry, parse_reply_registry, Diag};
use smtp_triage_model::{EnhancedMeaning, Entry, Reason, ReasonKind, ReplyMeaning};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Everything the core compiles in.
#[derive(Debug)]
pub struct Catalog {
    /// Sorted by ID.
    pub entries: Vec<Entry>,
    pub enhanced: Vec<EnhancedMeaning>,
    pub replies: Vec<ReplyMeaning>,
    /// The bounce reasons, in the registry's order.
    pub reasons: Vec<Reason>,
    /// Every file read, for the build script's `rerun-if-changed`.
    pub files: Vec<PathBuf>,
}

const REGISTRY_ENHANCED: &str = "registry/enhanced-status-codes.tsv";
const REGISTRY_REPLY: &str = "registry/reply-codes.tsv";
const REGISTRY_REASONS: &str = "registry/reasons.tsv";
const REGISTRY_REASON_PHRASES: &str = "registry/reason-phrases.tsv";

/// Reads every `*.md` under `dir` except `FORMAT.md` and `README.md`, and the
/// registry tables. Returns every problem found, sorted by file and line.
pub fn load(dir: &Path) -> Result<Catalog, Vec<Diag>> {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let shown = |rel: &str| dir.join(rel).display().to_string();
    if !dir.is_dir() {
        return Err(vec![Diag::new(
            &dir.display().to_string(),
            0,
            "not a folder: name the catalog folder (the one holding FORMAT.md)",
        )]);
    }
    walk(dir, dir, &mut files, &mut diags);
    files.sort();

    let mut entries: Vec<Entry> = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    for rel in &files {
        let path = shown(rel);
        let text = match std::fs::read(dir.join(rel)).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                diags.push(Diag::new(&path, 0, "not UTF-8 text"));
                continue;
            }
            Err(e) => {
                diags.push(Diag::new(&path, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        match parse_entry(&path, &text) {
            Ok(mut e) => {
                let want = format!("{}.md", e.id);
                if *rel != want {
                    let n = line_of(&text, "- **ID:**");
                    diags.push(Diag::new(
                        &path,
                        n,
                        format!("an entry lives at <catalog>/<ID>.md: move it to {}", shown(&want)),
                    ));
                }
                e.file = Cow::Owned(rel.clone());
                entries.push(e);
            }
            Err(d) => diags.extend(d),
        }
        texts.push((rel.clone(), text));
    }
    let line = |rel: &str, needle: &str| texts.iter().find(|(r, _)| r == rel).map_or(0, |(_, t)| line_of(t, needle));
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    check_names(&entries, &shown, &line, &mut diags);

    let read = |rel: &str, diags: &mut Vec<Diag>| match std::fs::read_to_string(dir.join(rel)) {
        Ok(t) => Some(t),
        Err(e) => {
            diags.push(Diag::new(&shown(rel), 0, format!("cannot read the registry table: {e}")));
            None
        }
    };
    let enhanced = read(REGISTRY_ENHANCED, &mut diags)
        .and_then(|t| parse_enhanced_registry(&shown(REGISTRY_ENHANCED), &t).map_err(|d| diags.extend(d)).ok())
        .unwrap_or_default();
    let replies = read(REGISTRY_REPLY, &mut diags)
        .and_then(|t| parse_reply_registry(&shown(REGISTRY_REPLY), &t).map_err(|d| diags.extend(d)).ok())
        .unwrap_or_default();
    if !replies.is_empty() {
        for e in &entries {
            if !replies.iter().any(|r| r.code == e.error_code) {
                diags.push(Diag::new(
                    &shown(&e.file),
                    line(&e.file, "- **Error Code:**"),
                    format!("Error Code {} is not in {REGISTRY_REPLY}", e.error_code),
                ));
            }
        }
    }

    let reasons = match (read(REGISTRY_REASONS, &mut diags), read(REGISTRY_REASON_PHRASES, &mut diags)) {
        (Some(t), Some(p)) => parse_reason_registry(&shown(REGISTRY_REASONS), &t, &shown(REGISTRY_REASON_PHRASES), &p)
            .map_err(|d| diags.extend(d))
            .unwrap_or_default(),
        _ => vec![],
    };
    if !reasons.is_empty() {
        check_reasons(&entries, &reasons, &shown, &line, &mut diags);
    }

    // Support facts and cross-entry contradictions: on the catalog as a whole.
    let text_of = |rel: &str| texts.iter().find(|(r, _)| r == rel).map(|(_, t)| t.as_str());
    let row_line = |rel: &str, label: &str| text_of(rel).map_or(0, |t| row_line_of(t, label));
    let after = |rel: &str, needle: &str, from: &str| text_of(rel).map_or(0, |t| line_after(t, needle, from));
    diags.extend(crate::lifecycle::check(&entries, &shown, &row_line));
    diags.extend(crate::consistency::check(
        &entries,
        &shown,
        &crate::consistency::Lines { row: &row_line, after: &after },
    ));

    let mut all_files: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
    all_files.push(dir.join(REGISTRY_ENHANCED));
    all_files.push(dir.join(REGISTRY_REPLY));
    all_files.push(dir.join(REGISTRY_REASONS));
    all_files.push(dir.join(REGISTRY_REASON_PHRASES));
    if diags.is_empty() {
        Ok(Catalog { entries, enhanced, replies, reasons, files: all_files })
    } else {
        diags.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        diags.dedup();
        Err(diags)
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>, diags: &mut Vec<Diag>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            diags.push(Diag::new(&dir.display().to_string(), 0, format!("cannot read the folder: {e}")));
            return;
        }
    };
    for item in rd.flatten() {
        let p = item.path();
        if p.is_dir() {
            walk(root, &p, out, diags);
        } else if p.extension().is_some_and(|x| x == "md") {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "FORMAT.md" || name == "README.md" {
                continue;
            }
            let rel = p.strip_prefix(root).unwrap_or(&p);
            let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push(rel.join("/"));
        }
    }
}

/// IDs and aliases share one namespace: a link to any of them must open exactly one entry.
fn check_names(
    entries: &[Entry],
    shown: &dyn Fn(&str) -> String,
    line: &dyn Fn(&str, &str) -> usize,
    diags: &mut Vec<Diag>,
) {
    let mut names: Vec<(String, &Entry, bool)> = Vec::new();
    for e in entries {
        names.push((e.id.to_ascii_lowercase(), e, false));
        for a in e.aliases.iter() {
            names.push((a.to_ascii_lowercase(), e, true));
        }
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    for pair in names.windows(2) {
        let ((n, a, a_alias), (_, b, b_alias)) = (&pair[0], &pair[1]);
        if n == &pair[1].0 {
            let what = |alias: bool| if alias { "alias" } else { "ID" };
            let field = if *b_alias { "- **Aliases:**" } else { "- **ID:**" };
            diags.push(Diag::new(
                &shown(&b.file),
                line(&b.file, field),
                format!("duplicate {} '{n}': it is also the {} of {}", what(*b_alias), what(*a_alias), shown(&a.file)),
            ));
        }
    }
}

/// Every reason an entry declares is an error reason of the registry; each
/// error reason's generic entry exists and declares it; an entry with no
/// Recognition of its own is some reason's generic entry (or it would never
/// be found).
fn check_reasons(
    entries: &[Entry],
    reasons: &[Reason],
    shown: &dyn Fn(&str) -> String,
    line: &dyn Fn(&str, &str) -> usize,
    diags: &mut Vec<Diag>,
) {
    let errors: Vec<&str> = reasons.iter().filter(|r| r.kind == ReasonKind::Error).map(|r| &*r.name).collect();
    for e in entries {
        for r in e.reasons.iter() {
            if !errors.contains(&&**r) {
                diags.push(Diag::new(
                    &shown(&e.file),
                    line(&e.file, "- **Reason:**"),
                    format!("'{r}' is not an error reason of {REGISTRY_REASONS}; reasons are: {}", errors.join(", ")),
                ));
            }
        }
        let generic = reasons.iter().any(|r| r.entry.as_deref() == Some(&*e.id));
        let r = &e.recognition;
        if !generic && r.reply_codes.is_empty() && r.enhanced.is_empty() && r.phrases.is_empty() {
            diags.push(Diag::new(
                &shown(&e.file),
                line(&e.file, "# "),
                "no Recognition: only a reason's generic entry (named in registry/reasons.tsv) is found without one",
            ));
        }
    }
    for r in reasons {
        let Some(id) = r.entry.as_deref() else { continue };
        match entries.iter().find(|e| e.id == id) {
            Some(e) if e.reasons.contains(&r.name) => {}
            Some(e) => diags.push(Diag::new(
                &shown(&e.file),
                line(&e.file, "- **ID:**"),
                format!("the generic entry of reason '{}' must say '- **Reason:** {}'", r.name, r.name),
            )),
            None => diags.push(Diag::new(
                &shown(REGISTRY_REASONS),
                0,
                format!("reason '{}' names the generic entry {id}, which does not exist", r.name),
            )),
        }
    }
}

/// The 1-based line of the table row whose first cell is `label`, or 0.
fn row_line_of(text: &str, label: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start().strip_prefix('|').and_then(|r| r.split('|').next()).is_some_and(|c| c.trim() == label)
        })
        .map_or(0, |i| i + 1)
}

/// The 1-based line of the first line holding `needle` at or after the first
/// line that starts with `from` (ignoring indentation), or 0.
fn line_after(text: &str, needle: &str, from: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim_start().starts_with(from)) else { return 0 };
    lines[start..].iter().position(|l| l.contains(needle)).map_or(0, |i| start + i + 1)
}

/// The 1-based line where `needle` starts a line, or 0. A needle written as
/// a `- ` bullet finds the field under any bullet CommonMark allows (`*`,
/// `+`, up to three spaces before it), as the parser reads it.
fn line_of(text: &str, needle: &str) -> usize {
    let found = |l: &str| match needle.strip_prefix("- ") {
        Some(field) => {
            let t = l.trim_start_matches(' ');
            let bullet = t.strip_prefix(['-', '*', '+']).filter(|r| r.starts_with([' ', '\t']));
            l.len() - t.len() <= 3 && bullet.is_some_and(|r| r.trim_start().starts_with(field))
        }
        None => l.starts_with(needle),
    };
    text.lines().position(found).map_or(0, |i| i + 1)
}
