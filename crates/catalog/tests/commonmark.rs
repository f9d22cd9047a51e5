//! The parser reads CommonMark: an entry respelled another CommonMark way
//! (other bullets, closed and setext headings, `1)` items, wrapped lines)
//! reads to the same `Entry`, and mistakes keep their own lines. (When the
//! line-based parser was replaced, the whole catalog was checked to compile
//! to byte-identical data with both; that one-off comparison is not kept.)

use smtp_triage_catalog::{load, parse_entry};
use std::path::{Path, PathBuf};

fn catalog_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

/// A line lost or doubled is caught as it was: the two parsers accept and
/// reject the same texts (their messages may differ: the new one reports a
/// fenced block or a list once, not each line of it).
const GMAIL: &str = "communication/gmail-421-4-3-0-temporary-system-problem";

/// The entry with every optional part the catalog format has (the file
/// itself has no Reason, Aliases or Corrections).
fn complete_entry() -> String {
    let text = std::fs::read_to_string(catalog_dir().join(format!("{GMAIL}.md"))).unwrap();
    let with_fields = text.replacen(
        "- **Verification:**",
        "- **Reason:** systemerror, `toomanyconn`\n- **Aliases:** `communication/gmail-421-try-again-later`\n- **Verification:**",
        1,
    );
    let correction = "## Corrections\n\n- Was: `` | Gmail | `active` | — | — | `` → Gmail / Google Workspace, which is the product's name in the known list (the catalog's MTA list)\n\n## Version Compatibility";
    let complete = with_fields.replacen("## Version Compatibility", correction, 1);
    assert_ne!(complete, with_fields, "the entry no longer has a Version Compatibility section");
    complete
}

/// Breaks `text` into lines of about `width` at single spaces, never before a
/// word that could start a block (a bullet, a number, a heading, a fence).
fn wrap(first: &str, text: &str, next: &str, width: usize) -> Vec<String> {
    if text.contains("  ") {
        return vec![format!("{first}{text}")];
    }
    let mut lines = vec![first.to_string()];
    let mut fresh = true;
    for word in text.split(' ') {
        let last = lines.last_mut().unwrap();
        let may_break = !word.starts_with(|c: char| "-+*#>|=~`<_".contains(c) || c.is_ascii_digit());
        if !fresh && last.len() + word.len() > width && may_break {
            lines.push(format!("{next}{word}"));
        } else {
            if !fresh {
                last.push(' ');
            }
            last.push_str(word);
        }
        fresh = false;
    }
    lines
}

/// The same entry spelled another CommonMark way: a setext title, closed and
/// setext section headings, `*` and `+` bullets, `1)` items, ~~~ fences,
/// paragraphs and list items wrapped (lazily under dead ends), extra blank
/// lines and a loose list.
fn respell(original: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut section = "";
    let mut fence = false;
    for (i, line) in original.lines().enumerate() {
        let trimmed = line.trim_start();
        let pad = &line[..line.len() - trimmed.len()];
        if let Some(info) = trimmed.strip_prefix("```") {
            fence = !fence;
            out.push(format!("{pad}~~~{info}"));
            continue;
        }
        if fence {
            out.push(line.to_string());
            continue;
        }
        if i == 0 {
            let title = line.strip_prefix("# ").unwrap();
            out.extend([title.to_string(), "=".repeat(12)]);
            continue;
        }
        if let Some(name) = line.strip_prefix("## ") {
            section = name;
            if name == "Dead Ends" {
                out.extend([name.to_string(), "-".repeat(name.len())]);
            } else {
                out.push(format!("## {name} ##"));
            }
            out.push(String::new());
            continue;
        }
        let numbered = trimmed.split_once(". ").filter(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if let (Some((n, rest)), "Workarounds", "") = (numbered, section, pad) {
            out.extend(wrap(&format!("{n}) "), rest, "   ", 50));
        } else if let Some(rest) = trimmed.strip_prefix("- ") {
            let bullet = format!("{pad}{} ", if pad.is_empty() { "*" } else { "+" });
            match (section, pad) {
                ("", _) => out.push(format!("{bullet}{rest}")),
                ("Dead Ends", "") => {
                    out.push(String::new());
                    out.extend(wrap("+ ", rest, "", 50));
                }
                _ => out.extend(wrap(&bullet, rest, &format!("{pad}  "), 60)),
            }
        } else if section == "Root Cause" && !trimmed.is_empty() {
            out.extend(wrap("", line, "", 64));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn an_entry_respelled_another_commonmark_way_reads_the_same() {
    let original = complete_entry();
    let respelled = respell(&original);
    for spelling in [
        "\n* **ID:** `",
        "\n## Root Cause ##\n",
        "\nDead Ends\n---------\n",
        "\n=====",
        "\n1) **",
        "\n   ~~~python\n",
        "\n   + **Who:**",
        "\n+ **",
        "\n  + **Yes means:**",
        "\n* [",
        "\n* **Phrases:**",
    ] {
        assert!(respelled.contains(spelling), "the respelled entry lacks {spelling:?}:\n{respelled}");
    }
    assert!(respelled.lines().count() > original.lines().count() + 40, "few lines were wrapped:\n{respelled}");

    let want = parse_entry("a.md", &original).unwrap_or_else(|d| panic!("{d:?}"));
    assert!(!want.corrections.is_empty() && !want.reasons.is_empty() && !want.aliases.is_empty());
    assert!(want.workarounds.iter().any(|w| w.lang == "python"));
    let mut got = parse_entry("b.md", &respelled).unwrap_or_else(|d| panic!("{d:?}\n{respelled}"));
    got.file = want.file.clone();
    assert_eq!(got, want);

    // `smtp-triage lint` (load) accepts it in place of the catalog's own file.
    let dir = std::env::temp_dir().join(format!("smtp-triage-respelled-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&catalog_dir(), &dir);
    std::fs::write(dir.join(format!("{GMAIL}.md")), &respelled).unwrap();
    let loaded = load(&dir);
    // A problem found across files names the line of the `*` field too.
    std::fs::rename(dir.join(format!("{GMAIL}.md")), dir.join("communication/moved.md")).unwrap();
    let moved: Vec<String> = load(&dir).unwrap_err().iter().map(|d| d.to_string()).collect();
    std::fs::remove_dir_all(&dir).unwrap();
    let n = respelled.lines().position(|l| l.starts_with("* **ID:**")).unwrap() + 1;
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert!(moved[0].contains(&format!("moved.md:{n}: an entry lives at <catalog>/<ID>.md")), "{moved:?}");
    let c = loaded.unwrap_or_else(|d| panic!("{}", d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")));
    let e = c.entries.iter().find(|e| e.id == GMAIL).unwrap();
    assert_eq!((&e.title, &e.workarounds, &e.dead_ends), (&want.title, &want.workarounds, &want.dead_ends));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap().flatten() {
        let p = item.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(item.file_name()));
        } else {
            std::fs::copy(&p, to.join(item.file_name())).unwrap();
        }
    }
}

/// A mistake in another spelling is reported at its own line, as in ours.
#[test]
fn mistakes_in_another_spelling_keep_their_lines() {
    let entry = std::fs::read_to_string(catalog_dir().join("communication/smtp-421-service-not-available.md")).unwrap();
    let line = |t: &str, needle: &str| t.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let check = |from: &str, to: &str, needle: &str, want: &str| {
        assert!(entry.contains(from), "{from:?}");
        let text = entry.replacen(from, to, 1);
        let got: Vec<String> = match parse_entry("e.md", &text) {
            Ok(_) => vec![],
            Err(d) => d.iter().map(|d| d.to_string()).collect(),
        };
        // The first message; a section lost to a mistake is also reported missing.
        assert_eq!(got.first(), Some(&format!("e.md:{}: {want}", line(&text, needle))), "{to:?}: {got:?}");
    };
    check("## Dead Ends", "## Pitfalls ##", "## Pitfalls", "unknown section 'Pitfalls'; sections are: Root Cause, Corrections, Version Compatibility, Workarounds, Dead Ends, Symptoms, Recognition, Sources");
    check(
        "2. **Reduce",
        "3) **Reduce",
        "3) **Reduce",
        "workarounds are numbered in order: expected '2. **…** (NN% success)'",
    );
    check(
        "   - **Who:** receiving-admin",
        "   **Who:** receiving-admin",
        "   **Who:** receiving-admin",
        "a workaround holds one fenced block and the fields '- **ID:**', '- **Who:**', '- **When:**'",
    );
    check(
        "- **Verification:** ai_generated",
        "* **Verification:**\n  verified",
        "* **Verification:**",
        "unknown verification level 'verified'; use one of: ai_generated, human_reviewed, measured",
    );
    check(
        "## Version Compatibility",
        "~~~\nno end\n\n## Version Compatibility",
        "~~~",
        "a fenced block (```) is never closed",
    );
}
