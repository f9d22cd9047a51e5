//! Writes measured rates back into an entry's source: each `- **Measured:**`
//! line replaced, or added after the workaround's last field, and
//! Verification raised to `measured` once every workaround has one. Lines
//! are edited in the text as written; every other byte stays.

use super::blocks::{Block, Doc, Kind};
use super::values::bold_field;
use crate::{parse_entry, Diag};
use smtp_triage_model::{Measured, Verification};
use std::ops::Range;

/// `text` (the entry at `path`) with a Measured line for each
/// `(workaround ID, measurement)` of `updates`, and Verification raised to
/// `measured` when every workaround then has one (it is never lowered).
/// The entry must parse, before and after.
pub fn write_measured(path: &str, text: &str, updates: &[(&str, Measured)]) -> Result<String, Vec<Diag>> {
    let entry = parse_entry(path, text)?;
    let doc = Doc::parse(text);
    let bug = |msg: &str| vec![Diag::new(path, 0, format!("cannot write the Measured lines: {msg}"))];
    let sections = |name: &str| -> Vec<&Block> {
        let at = doc.blocks.iter().position(|b| b.kind == Kind::Heading(2) && doc.text(b) == name);
        at.map_or(vec![], |at| doc.blocks[at + 1..].iter().take_while(|b| b.kind != Kind::Heading(2)).collect())
    };
    let items: Vec<&Block> = sections("Workarounds")
        .into_iter()
        .filter(|b| b.kind == Kind::List { ordered: true })
        .flat_map(|b| b.children.iter())
        .collect();
    if items.len() != entry.workarounds.len() {
        return Err(bug("the workarounds' list items do not match the workarounds read"));
    }

    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (item, w) in items.iter().zip(entry.workarounds.iter()) {
        let Some((_, m)) = updates.iter().find(|(id, _)| w.id.eq_ignore_ascii_case(id)) else { continue };
        let field = format!("**Measured:** {m}");
        let fields: Vec<(&Block, &Block)> = item
            .children
            .iter()
            .filter(|b| b.kind == Kind::List { ordered: false })
            .flat_map(|l| l.children.iter())
            .filter_map(|f| f.children.first().filter(|p| p.kind == Kind::Paragraph).map(|p| (f, p)))
            .collect();
        let measured = fields.iter().find(|(_, p)| bold_field(&doc.text(p)).is_some_and(|(k, _)| k == "Measured"));
        match (measured, fields.last()) {
            // Replace the line (or the wrapped lines) of the field, keeping its bullet and indentation.
            (Some((f, p)), _) | (None, Some((f, p))) => {
                let span = doc.line_span(f.range.start..p.range.end);
                let prefix = &text[span.start..p.range.start];
                let line = format!("{prefix}{field}{}", eol(&text[span.clone()]));
                edits.push((if measured.is_some() { span } else { span.end..span.end }, line));
            }
            // No fields yet: a list of one after the fenced block, at the item's content column.
            (None, None) => {
                let head = item.children.first().ok_or_else(|| bug("a workaround item is empty"))?;
                let code = item
                    .children
                    .iter()
                    .find(|b| b.kind == (Kind::Code { fenced: true }))
                    .ok_or_else(|| bug("a workaround has no fenced block"))?;
                let column = head.range.start - doc.line_span(head.range.clone()).start;
                let span = doc.line_span(code.range.clone());
                let line = format!("{}- {field}{}", " ".repeat(column), eol(&text[span.clone()]));
                edits.push((span.end..span.end, line));
            }
        }
    }

    let measured_all = entry
        .workarounds
        .iter()
        .all(|w| w.measured.is_some() || updates.iter().any(|(id, _)| w.id.eq_ignore_ascii_case(id)));
    if measured_all && entry.verification != Verification::Measured {
        let header = doc.blocks.iter().skip(1).take_while(|b| b.kind != Kind::Heading(2));
        let field = header
            .filter(|b| b.kind == Kind::List { ordered: false })
            .flat_map(|l| l.children.iter())
            .filter_map(|f| f.children.first().filter(|p| p.kind == Kind::Paragraph))
            .find(|p| bold_field(&doc.text(p)).is_some_and(|(k, _)| k == "Verification"))
            .ok_or_else(|| bug("no Verification field"))?;
        let src = &text[field.range.clone()];
        let after = src.find(":**").map(|i| i + 3).ok_or_else(|| bug("the Verification field has no ':**'"))?;
        let at =
            src[after..].find(entry.verification.id()).ok_or_else(|| bug("the Verification value is not found"))?;
        let start = field.range.start + after + at;
        edits.push((start..start + entry.verification.id().len(), Verification::Measured.id().to_string()));
    }

    let mut out = text.to_string();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse((r.start, r.end)));
    for (range, with) in edits {
        out.replace_range(range, &with);
    }
    // What was written must read back as what was meant.
    let back = parse_entry(path, &out)?;
    for (id, m) in updates {
        let got = back.workaround(id).and_then(|w| w.measured);
        if got.map(|g| g.to_string()) != Some(m.to_string()) {
            return Err(bug(&format!("workaround '{id}' does not read back as '{m}'")));
        }
    }
    Ok(out)
}

/// The line end `span` ends with (`\r\n` or `\n`), or a `\n` for a last line without one.
fn eol(span: &str) -> &'static str {
    if span.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}
