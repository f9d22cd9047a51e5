//! Reads one catalog entry, the Markdown of `catalog/FORMAT.md`, in any
//! CommonMark spelling of its structure (`*` or `-` bullets, `1.` or `1)`,
//! closed or setext headings, wrapped lines), and reports every problem with
//! its line. `blocks` reads the Markdown; the text of titles, fields and
//! values is the source as written, read by `values`; `sections` reads each
//! `## ` section.

mod blocks;
mod rewrite;
mod sections;
mod values;

pub use rewrite::write_measured;

use crate::Diag;
use blocks::{Block, Doc, Kind};
use smtp_triage_model::{
    Answer, Condition, Date, EnhancedStatus, Entry, Mta, Percent, Recognition, ReplyCode, Role, Text, Verification,
    MTAS,
};
use std::borrow::Cow;
use values::{bold_field, check_id, names, own, parse_error_code, split_list, strip_ticks};

/// Parses the entry in `text`; `path` names the file in messages and in `Entry::file`.
/// Every problem found is returned, each with its line.
pub fn parse_entry(path: &str, text: &str) -> Result<Entry, Vec<Diag>> {
    let doc = Doc::parse(text);
    let mut p = Parser { path, doc: &doc, diags: Vec::new(), refs: Vec::new() };
    let entry = p.entry();
    if let Some(e) = &entry {
        p.check_refs(e);
    }
    match entry {
        Some(e) if p.diags.is_empty() => Ok(e),
        _ => {
            if p.diags.is_empty() {
                p.err(1, "not a catalog entry");
            }
            Err(p.diags)
        }
    }
}

/// A reference from a condition to a symptom or item, checked once the whole entry is read.
enum Ref {
    Symptom(String),
    Tried(String),
}

struct Parser<'a> {
    path: &'a str,
    doc: &'a Doc<'a>,
    diags: Vec<Diag>,
    refs: Vec<(usize, Ref)>,
}

/// A `## ` section: its heading's line and the blocks under it.
struct Section<'a> {
    name: &'static str,
    line: usize,
    body: Vec<&'a Block>,
}

/// A list item: its line, its first paragraph as one line of source (empty
/// when the item starts with something else), and the blocks under that.
struct Item<'a> {
    line: usize,
    /// The number an ordered item is written with.
    number: Option<u64>,
    head: String,
    /// The first paragraph's range, when the item starts with one.
    head_range: Option<std::ops::Range<usize>>,
    body: &'a [Block],
}

/// The header fields, before they are checked for presence.
#[derive(Default)]
struct Header {
    id: Option<(usize, String)>,
    domain: Option<String>,
    category: Option<String>,
    error_code: Option<(ReplyCode, Option<EnhancedStatus>)>,
    verification: Option<Verification>,
    fix_rate: Option<Percent>,
    reviewed: Option<Date>,
    aliases: Vec<Text>,
    reasons: Vec<Text>,
    /// Fields written, valid or not: a bad one is not also reported missing.
    present: Vec<String>,
}

const SECTIONS: [&str; 8] = [
    "Root Cause",
    "Corrections",
    "Version Compatibility",
    "Workarounds",
    "Dead Ends",
    "Symptoms",
    "Recognition",
    "Sources",
];

const HEADER_FIELD: &str = "expected a header field '- **Key:** value' (or a '## ' section)";

impl<'a> Parser<'a> {
    fn err(&mut self, line: usize, msg: impl Into<String>) {
        self.diags.push(Diag::new(self.path, line, msg));
    }

    /// The line a block starts on.
    fn line(&self, b: &Block) -> usize {
        self.doc.line(b.range.start)
    }

    fn entry(&mut self) -> Option<Entry> {
        let doc = self.doc;
        let Some((first, rest)) = doc.blocks.split_first() else {
            self.err(1, "the file is empty: an entry starts with '# <the error as servers write it>'");
            return None;
        };
        let title = doc.text(first);
        if first.kind != Kind::Heading(1) || title.is_empty() {
            self.err(self.line(first), "an entry starts with a '# ' heading: the error as servers write it");
            return None;
        }
        let split = rest.iter().position(|b| b.kind == Kind::Heading(2)).unwrap_or(rest.len());
        let header: Vec<&Block> = rest[..split].iter().collect();
        let header = self.header(&header);
        let sections = self.sections(&rest[split..]);

        let mut e = Entry {
            id: Cow::Owned(String::new()),
            title: Cow::Owned(title),
            domain: Cow::Borrowed(""),
            category: Cow::Borrowed(""),
            error_code: ReplyCode::new(421).expect("valid"),
            error_enhanced: None,
            verification: Verification::AiGenerated,
            fix_rate: Percent::new(0).expect("valid"),
            root_cause: Cow::Borrowed(""),
            compatibility: Cow::Owned(vec![]),
            workarounds: Cow::Owned(vec![]),
            dead_ends: Cow::Owned(vec![]),
            symptoms: Cow::Owned(vec![]),
            recognition: Recognition::default(),
            sources: Cow::Owned(vec![]),
            reviewed: header.reviewed,
            aliases: Cow::Owned(header.aliases),
            reasons: Cow::Owned(header.reasons),
            corrections: Cow::Owned(vec![]),
            file: own(self.path),
        };
        let end = self.line(first);
        match header.id {
            Some((line, id)) => {
                if let Some(domain) = &header.domain {
                    if !id.starts_with(&format!("{domain}/")) {
                        self.err(line, format!("the ID '{id}' must start with its Domain: '{domain}/…'"));
                    }
                }
                e.id = Cow::Owned(id);
            }
            None if header.present.iter().any(|p| p == "ID") => {}
            None => self.err(end, "missing '- **ID:** `domain/slug`' under the title"),
        }
        macro_rules! required {
            ($field:ident, $name:literal, $example:literal, $default:expr) => {
                header.$field.unwrap_or_else(|| {
                    if !header.present.iter().any(|p| p == $name) {
                        self.err(end, concat!("missing '- **", $name, ":** ", $example, "' under the title"));
                    }
                    $default
                })
            };
        }
        e.domain = Cow::Owned(required!(domain, "Domain", "communication", String::new()));
        e.category = Cow::Owned(required!(category, "Category", "network_error", String::new()));
        (e.error_code, e.error_enhanced) = required!(error_code, "Error Code", "`421`", (e.error_code, None));
        e.verification = required!(verification, "Verification", "ai_generated", Verification::AiGenerated);
        e.fix_rate = required!(fix_rate, "Fix Rate", "80%", e.fix_rate);

        let mut seen: Vec<&str> = Vec::new();
        for s in &sections {
            if seen.contains(&s.name) {
                self.err(s.line, format!("section '## {}' appears twice", s.name));
                continue;
            }
            seen.push(s.name);
            match s.name {
                "Root Cause" => e.root_cause = self.root_cause(s),
                "Corrections" => e.corrections = Cow::Owned(self.corrections(s)),
                "Version Compatibility" => e.compatibility = Cow::Owned(self.compatibility(s)),
                "Workarounds" => e.workarounds = Cow::Owned(self.workarounds(s, e.verification)),
                "Dead Ends" => e.dead_ends = Cow::Owned(self.dead_ends(s)),
                "Symptoms" => e.symptoms = Cow::Owned(self.symptoms(s)),
                "Recognition" => e.recognition = self.recognition(s),
                "Sources" => e.sources = Cow::Owned(self.sources(s)),
                _ => unreachable!("sections() keeps known names only"),
            }
        }
        for required in ["Root Cause", "Version Compatibility", "Workarounds", "Dead Ends"] {
            if !seen.contains(&required) {
                self.err(end, format!("missing section '## {required}'"));
            }
        }
        Some(e)
    }

    /// The `- **Key:** value` list between the title and the first section.
    fn header(&mut self, blocks: &[&Block]) -> Header {
        let mut h = Header::default();
        for mut item in self.list_items(blocks, false, HEADER_FIELD) {
            let n = item.line;
            self.cut_fields(&mut item, HEADER_FIELD);
            self.strays(item.body, HEADER_FIELD);
            let Some((key, value)) = bold_field(&item.head) else {
                self.err(n, HEADER_FIELD);
                continue;
            };
            let v = strip_ticks(value);
            h.present.push(key.to_string());
            match key {
                "ID" => match check_id(v) {
                    Ok(()) => h.id = Some((n, v.to_string())),
                    Err(m) => self.err(n, m),
                },
                "Domain" | "Category" => {
                    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') {
                        self.err(n, format!("{key} '{v}' must be lowercase letters, digits, '_' or '-'"));
                    } else if key == "Domain" {
                        h.domain = Some(v.to_string());
                    } else {
                        h.category = Some(v.to_string());
                    }
                }
                "Error Code" => match parse_error_code(v) {
                    Some(c) => h.error_code = Some(c),
                    None => self.err(n, format!("Error Code '{v}' must be a reply code such as `421`, optionally followed by an enhanced status code (`550 5.7.1`)")),
                },
                "Verification" => match Verification::parse(v) {
                    Some(x) => h.verification = Some(x),
                    None => self.err(n, format!("unknown verification level '{v}'; use one of: {}", names(Verification::ALL.iter().map(|x| x.id())))),
                },
                "Fix Rate" => h.fix_rate = self.percent(n, v, "Fix Rate"),
                "Reviewed" => match Date::parse(v) {
                    Some(d) => h.reviewed = Some(d),
                    None => self.err(n, format!("Reviewed '{v}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-28")),
                },
                "Aliases" => {
                    for a in split_list(v) {
                        match check_id(a) {
                            Ok(()) => h.aliases.push(own(a)),
                            Err(m) => self.err(n, format!("alias: {m}")),
                        }
                    }
                }
                "Reason" => {
                    let names = split_list(v);
                    if names.is_empty() {
                        self.err(n, "Reason names one or more bounce reasons of registry/reasons.tsv: `userunknown`");
                    }
                    for r in names {
                        if r.bytes().all(|b| b.is_ascii_lowercase()) {
                            h.reasons.push(own(r));
                        } else {
                            self.err(n, format!("reason '{r}' must be a name of registry/reasons.tsv, such as userunknown"));
                        }
                    }
                }
                _ => self.err(n, format!("unknown header field '{key}'; fields are ID, Domain, Category, Error Code, Reason, Verification, Fix Rate, Reviewed, Aliases")),
            }
        }
        h
    }

    /// Splits what follows the header at its `## ` headings; an unknown
    /// section is reported and skipped.
    fn sections<'b>(&mut self, blocks: &'b [Block]) -> Vec<Section<'b>> {
        let mut out: Vec<Section> = Vec::new();
        for b in blocks {
            if b.kind == (Kind::Code { fenced: true }) && !self.doc.fence_closed(b) {
                self.err(self.line(b), "a fenced block (```) is never closed");
            }
            match b.kind {
                Kind::Heading(1) => self.err(self.line(b), "only the first line is a '# ' heading; sections are '## '"),
                Kind::Heading(2) => {
                    let name = self.doc.text(b);
                    let known = SECTIONS.iter().find(|s| **s == name).copied();
                    if known.is_none() {
                        self.err(
                            self.line(b),
                            format!("unknown section '{name}'; sections are: {}", SECTIONS.join(", ")),
                        );
                    }
                    out.push(Section { name: known.unwrap_or(""), line: self.line(b), body: Vec::new() });
                }
                _ => {
                    if let Some(s) = out.last_mut() {
                        s.body.push(b);
                    }
                }
            }
        }
        out.retain(|s| !s.name.is_empty());
        out
    }

    /// The items of the lists in `blocks` (bulleted, or `ordered`); any other
    /// block, or an item of the other kind of list, is reported with `stray`.
    fn list_items<'b>(&mut self, blocks: &[&'b Block], ordered: bool, stray: &str) -> Vec<Item<'b>> {
        let mut out = Vec::new();
        for b in blocks {
            match b.kind {
                Kind::List { ordered: o } if o == ordered => out.extend(b.children.iter().map(|i| self.item(i))),
                Kind::List { .. } => {
                    for item in &b.children {
                        self.err(self.line(item), stray);
                    }
                }
                _ => self.err(self.line(b), stray),
            }
        }
        out
    }

    fn item<'b>(&self, item: &'b Block) -> Item<'b> {
        let (head, head_range, body) = match item.children.split_first() {
            Some((p, body)) if p.kind == Kind::Paragraph => {
                (self.doc.text(p), Some(p.inline.clone().unwrap_or(p.range.clone())), body)
            }
            _ => (String::new(), None, &item.children[..]),
        };
        Item { line: self.line(item), number: self.doc.item_number(item), head, head_range, body }
    }

    /// Cuts an item's text before a wrapped line that reads as a field of its
    /// own (`**Key:** value`), reported with `stray`: a field whose `- ` was
    /// forgotten, which CommonMark joins to the line above.
    fn cut_fields(&mut self, item: &mut Item, stray: &str) {
        let Some(range) = item.head_range.clone() else { return };
        let first = self.doc.line(range.start);
        let lines: Vec<&str> = self.doc.lines(range).collect();
        let Some(k) = (1..lines.len()).find(|&k| bold_field(lines[k].trim()).is_some()) else { return };
        self.err(first + k, stray);
        item.head = lines[..k].iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    }

    /// Reports each of `blocks` with `stray`: blocks where none belong.
    fn strays(&mut self, blocks: &[Block], stray: &str) {
        for b in blocks {
            self.err(self.line(b), stray);
        }
    }

    fn percent(&mut self, n: usize, v: &str, what: &str) -> Option<Percent> {
        let digits = v.trim().trim_end_matches('%');
        let value = if !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            digits.parse::<u32>().ok()
        } else {
            None
        };
        match value {
            Some(x) => match Percent::new(x) {
                Some(p) => Some(p),
                None => {
                    self.err(n, format!("{what} {x}% is outside 0..=100"));
                    None
                }
            },
            None => {
                self.err(n, format!("{what} '{v}' is not a whole percentage like 80%"));
                None
            }
        }
    }

    fn roles(&mut self, n: usize, v: &str) -> Vec<Role> {
        let mut out = Vec::new();
        for r in split_list(v) {
            match Role::parse(r) {
                Some(r) if !out.contains(&r) => out.push(r),
                Some(_) => {}
                None => {
                    self.err(n, format!("unknown role '{r}'; roles are: {}", names(Role::ALL.iter().map(|r| r.id()))))
                }
            }
        }
        out
    }

    /// `too-many-connections = yes; mta = postfix, exim; role = sender; tried = workaround-1`
    fn conditions(&mut self, n: usize, v: &str) -> Vec<Condition> {
        let mut out = Vec::new();
        for clause in v.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            let Some((key, value)) = clause.split_once('=') else {
                self.err(n, format!("condition '{clause}' reads 'name = value' (symptom-id = yes, mta = postfix, role = sender, tried = workaround-1)"));
                continue;
            };
            let key = strip_ticks(key).to_ascii_lowercase();
            let values = split_list(value);
            if values.is_empty() {
                self.err(n, format!("condition '{clause}' has no value"));
                continue;
            }
            match key.as_str() {
                "mta" => {
                    let mut ids = Vec::new();
                    for m in values {
                        match Mta::parse(m) {
                            Some(m) => ids.push(Cow::Borrowed(m.id)),
                            None => {
                                self.err(n, format!("unknown MTA '{m}'; known: {}", names(MTAS.iter().map(|m| m.id))))
                            }
                        }
                    }
                    out.push(Condition::Mta { ids: Cow::Owned(ids) });
                }
                "role" => out.push(Condition::Role { roles: Cow::Owned(self.roles(n, value)) }),
                "tried" => {
                    for t in values {
                        self.refs.push((n, Ref::Tried(t.to_string())));
                        out.push(Condition::Tried { id: own(t) });
                    }
                }
                symptom => {
                    let answer = match values.as_slice() {
                        [a] => Answer::parse(a).filter(|a| *a != Answer::DontKnow),
                        _ => None,
                    };
                    let Some(answer) = answer else {
                        self.err(n, format!("condition on symptom '{symptom}' takes 'yes' or 'no'"));
                        continue;
                    };
                    self.refs.push((n, Ref::Symptom(symptom.to_string())));
                    out.push(Condition::Symptom { id: Cow::Owned(symptom.to_string()), answer });
                }
            }
        }
        out
    }

    /// Conditions may name symptoms and items defined anywhere in the entry.
    fn check_refs(&mut self, e: &Entry) {
        let mut ids: Vec<&str> =
            e.workarounds.iter().map(|w| &*w.id).chain(e.dead_ends.iter().map(|d| &*d.id)).collect();
        ids.sort_unstable();
        for pair in ids.windows(2) {
            if pair[0] == pair[1] {
                self.err(0, format!("the ID '{}' names two workarounds or dead ends", pair[0]));
            }
        }
        let refs = std::mem::take(&mut self.refs);
        for (n, r) in refs {
            match r {
                Ref::Symptom(s) if e.symptom(&s).is_none() => {
                    let known = names(e.symptoms.iter().map(|s| &*s.id));
                    self.err(n, format!("unknown symptom '{s}' (this entry's symptoms: {}; other condition names: role, mta, tried)", if known.is_empty() { "none".into() } else { known }));
                }
                Ref::Tried(t) if e.workaround(&t).is_none() && e.dead_end(&t).is_none() => {
                    self.err(
                        n,
                        format!(
                            "'tried = {t}' names no workaround or dead end of this entry (IDs: {})",
                            names(ids.iter().copied())
                        ),
                    );
                }
                _ => {}
            }
        }
    }
}
