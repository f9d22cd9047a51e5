//! The catalog parser as it was before it read CommonMark (a frozen copy of
//! `src/parse.rs` at commit 278a06f), kept only so that `tests/commonmark.rs`
//! can check that the CommonMark parser reads every catalog entry to the same
//! data. Not maintained: a format change goes in `src/parse.rs`.

use crate::Diag;
use smtp_triage_model::{
    Answer, CompatRow, Condition, Correction, Date, DeadEnd, EnhancedRange, EnhancedStatus, Entry, Mta, Percent,
    Recognition, ReplyCode, Role, Source, Status, Symptom, Text, Trigger, Verification, Version, Workaround, MTAS,
};
use std::borrow::Cow;

/// Parses the entry in `text`; `path` names the file in messages and in `Entry::file`.
/// Every problem found is returned, each with its line.
pub fn parse_entry(path: &str, text: &str) -> Result<Entry, Vec<Diag>> {
    let mut p = Parser { path, diags: Vec::new(), refs: Vec::new() };
    let lines: Vec<Line> =
        text.split('\n').enumerate().map(|(i, t)| Line { n: i + 1, text: t.strip_suffix('\r').unwrap_or(t) }).collect();
    let entry = p.entry(&lines);
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

#[derive(Clone, Copy)]
struct Line<'a> {
    n: usize,
    text: &'a str,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }
}

/// A reference from a condition to a symptom or item, checked once the whole entry is read.
enum Ref {
    Symptom(String),
    Tried(String),
}

struct Parser<'a> {
    path: &'a str,
    diags: Vec<Diag>,
    refs: Vec<(usize, Ref)>,
}

struct Section<'a> {
    name: &'a str,
    line: usize,
    body: Vec<Line<'a>>,
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

impl<'a> Parser<'a> {
    fn err(&mut self, line: usize, msg: impl Into<String>) {
        self.diags.push(Diag::new(self.path, line, msg));
    }

    fn entry(&mut self, lines: &[Line<'a>]) -> Option<Entry> {
        let mut rest = lines.iter().skip_while(|l| l.is_blank());
        let Some(first) = rest.next() else {
            self.err(1, "the file is empty: an entry starts with '# <the error as servers write it>'");
            return None;
        };
        let Some(title) = first.text.strip_prefix("# ").map(str::trim).filter(|t| !t.is_empty()) else {
            self.err(first.n, "an entry starts with a '# ' heading: the error as servers write it");
            return None;
        };
        let rest: Vec<Line> = rest.copied().collect();
        let split = rest.iter().position(|l| l.text.starts_with("## ")).unwrap_or(rest.len());
        let header = self.header(&rest[..split]);
        let sections = self.sections(&rest[split..]);

        let mut e = Entry {
            id: Cow::Owned(String::new()),
            title: own(title),
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
        let end = first.n;
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
                "Workarounds" => e.workarounds = Cow::Owned(self.workarounds(s)),
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

    fn header(&mut self, lines: &[Line]) -> Header {
        let mut h = Header::default();
        for l in lines.iter().filter(|l| !l.is_blank()) {
            let Some((key, value)) = l.text.strip_prefix("- ").and_then(bold_field) else {
                self.err(l.n, "expected a header field '- **Key:** value' (or a '## ' section)");
                continue;
            };
            let v = strip_ticks(value);
            h.present.push(key.to_string());
            match key {
                "ID" => match check_id(v) {
                    Ok(()) => h.id = Some((l.n, v.to_string())),
                    Err(m) => self.err(l.n, m),
                },
                "Domain" | "Category" => {
                    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') {
                        self.err(l.n, format!("{key} '{v}' must be lowercase letters, digits, '_' or '-'"));
                    } else if key == "Domain" {
                        h.domain = Some(v.to_string());
                    } else {
                        h.category = Some(v.to_string());
                    }
                }
                "Error Code" => match parse_error_code(v) {
                    Some(c) => h.error_code = Some(c),
                    None => self.err(l.n, format!("Error Code '{v}' must be a reply code such as `421`, optionally followed by an enhanced status code (`550 5.7.1`)")),
                },
                "Verification" => match Verification::parse(v) {
                    Some(x) => h.verification = Some(x),
                    None => self.err(l.n, format!("unknown verification level '{v}'; use one of: {}", names(Verification::ALL.iter().map(|x| x.id())))),
                },
                "Fix Rate" => h.fix_rate = self.percent(l.n, v, "Fix Rate"),
                "Reviewed" => match Date::parse(v) {
                    Some(d) => h.reviewed = Some(d),
                    None => self.err(l.n, format!("Reviewed '{v}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-28")),
                },
                "Aliases" => {
                    for a in split_list(v) {
                        match check_id(a) {
                            Ok(()) => h.aliases.push(own(a)),
                            Err(m) => self.err(l.n, format!("alias: {m}")),
                        }
                    }
                }
                "Reason" => {
                    let names = split_list(v);
                    if names.is_empty() {
                        self.err(l.n, "Reason names one or more bounce reasons of registry/reasons.tsv: `userunknown`");
                    }
                    for r in names {
                        if r.bytes().all(|b| b.is_ascii_lowercase()) {
                            h.reasons.push(own(r));
                        } else {
                            self.err(l.n, format!("reason '{r}' must be a name of registry/reasons.tsv, such as userunknown"));
                        }
                    }
                }
                _ => self.err(l.n, format!("unknown header field '{key}'; fields are ID, Domain, Category, Error Code, Reason, Verification, Fix Rate, Reviewed, Aliases")),
            }
        }
        h
    }

    fn sections<'b>(&mut self, lines: &[Line<'b>]) -> Vec<Section<'b>> {
        let mut out: Vec<Section> = Vec::new();
        let mut fence = false;
        for l in lines {
            if is_fence(l.text) {
                fence = !fence;
            }
            if !fence && l.text.starts_with("# ") {
                self.err(l.n, "only the first line is a '# ' heading; sections are '## '");
                continue;
            }
            if !fence && l.text.starts_with("## ") {
                let name = l.text[3..].trim();
                match SECTIONS.iter().find(|s| **s == name) {
                    Some(s) => out.push(Section { name: s, line: l.n, body: Vec::new() }),
                    None => {
                        self.err(l.n, format!("unknown section '{name}'; sections are: {}", SECTIONS.join(", ")));
                        out.push(Section { name: "", line: l.n, body: Vec::new() });
                    }
                }
                continue;
            }
            if let Some(s) = out.last_mut() {
                s.body.push(*l);
            }
        }
        if fence {
            if let Some(l) = lines.last() {
                self.err(l.n, "a fenced block (```) is never closed");
            }
        }
        out.retain(|s| !s.name.is_empty());
        out
    }

    fn root_cause(&mut self, s: &Section) -> Text {
        let mut paragraphs: Vec<String> = Vec::new();
        let mut current = String::new();
        for l in &s.body {
            if l.is_blank() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(l.text.trim());
            }
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
        if paragraphs.is_empty() {
            self.err(s.line, "Root Cause is empty: say what causes the error and cite the standard or vendor document");
        }
        Cow::Owned(paragraphs.join("\n\n"))
    }

    fn compatibility(&mut self, s: &Section) -> Vec<CompatRow> {
        let rows: Vec<&Line> = s.body.iter().filter(|l| !l.is_blank()).collect();
        let mut out = Vec::new();
        let Some(head) = rows.first() else {
            self.err(s.line, "Version Compatibility needs a table: | Version | Status | Introduced | Deprecated |");
            return out;
        };
        let want = ["Version", "Status", "Introduced", "Deprecated"];
        if cells(head.text).as_deref() != Some(&want[..]) {
            self.err(head.n, "the table's columns must be exactly: | Version | Status | Introduced | Deprecated |");
            return out;
        }
        match rows.get(1) {
            Some(sep) if cells(sep.text).is_some_and(|c| c.len() == 4 && c.iter().all(|x| is_separator(x))) => {}
            Some(sep) => {
                self.err(sep.n, "the table's second row must be the separator |---|---|---|---|");
                return out;
            }
            None => {}
        }
        for l in rows.iter().skip(2) {
            let Some(c) = cells(l.text) else {
                self.err(l.n, "only the table goes in Version Compatibility; this line is not a table row");
                continue;
            };
            if c.len() != 4 {
                self.err(
                    l.n,
                    format!(
                        "a compatibility row has 4 cells (Version, Status, Introduced, Deprecated); this one has {}",
                        c.len()
                    ),
                );
                continue;
            }
            if let Some(row) = self.compat_row(l.n, &c) {
                out.push(row);
            }
        }
        if out.is_empty() && self.diags.is_empty() {
            self.err(head.n, "the compatibility table has no rows");
        }
        out
    }

    fn compat_row(&mut self, n: usize, c: &[&str]) -> Option<CompatRow> {
        let Some((mta, version, _)) = Mta::split_label(c[0]) else {
            self.err(
                n,
                format!(
                    "'{}' does not start with a known MTA or service; known: {}",
                    c[0],
                    names(MTAS.iter().map(|m| m.name))
                ),
            );
            return None;
        };
        let version = match version {
            Some(_) if !mta.versioned => {
                self.err(
                    n,
                    format!(
                        "{} is a service without versions: write '{}' with no number (never invent one)",
                        mta.name, mta.name
                    ),
                );
                return None;
            }
            Some(v) => Some(Version::parse(v)?),
            None => None,
        };
        let Some(status) = Status::parse(c[1]) else {
            self.err(
                n,
                format!("unknown status '{}'; use one of: {}", c[1], names(Status::ALL.iter().map(|s| s.id()))),
            );
            return None;
        };
        let mut bound = |cell: &str, what: &str| -> Result<Option<Version>, ()> {
            if matches!(cell, "—" | "-" | "–" | "") {
                return Ok(None);
            }
            match Version::parse(cell) {
                Some(v) if mta.versioned => Ok(Some(v)),
                Some(_) => {
                    self.err(n, format!("{} has no versions: {what} must be '—'", mta.name));
                    Err(())
                }
                None => {
                    self.err(
                        n,
                        format!("{what} '{cell}' is not a version: write a dotted number (3.8.0) or '—' for unbounded"),
                    );
                    Err(())
                }
            }
        };
        let introduced = bound(c[2], "Introduced").ok()?;
        let deprecated = bound(c[3], "Deprecated").ok()?;
        if let (Some(i), Some(d)) = (&introduced, &deprecated) {
            if i >= d {
                self.err(n, format!("Introduced {} is not before Deprecated {}", i.as_str(), d.as_str()));
                return None;
            }
        }
        if let (Some(i), Some(v)) = (&introduced, &version) {
            if v < i {
                self.err(
                    n,
                    format!("the row names version {} but says the error was introduced in {}", v.as_str(), i.as_str()),
                );
                return None;
            }
        }
        if status == Status::Removed && deprecated.is_none() {
            self.err(n, "a 'removed' row names the version that removed the behaviour in Deprecated");
            return None;
        }
        Some(CompatRow { label: own(c[0]), mta: Cow::Borrowed(mta.id), version, status, introduced, deprecated })
    }

    fn workarounds(&mut self, s: &Section) -> Vec<Workaround> {
        let mut out = Vec::new();
        for (k, item) in self.items(s, true).into_iter().enumerate() {
            let head = item.head;
            let expected = format!("{}. ", k + 1);
            let Some(rest) = head.text.strip_prefix(expected.as_str()) else {
                self.err(
                    head.n,
                    format!("workarounds are numbered in order: expected '{expected}**…** (NN% success)'"),
                );
                continue;
            };
            let Some((title, rate)) = split_title(rest) else {
                self.err(head.n, "a workaround reads '1. **What to do** (85% success)'");
                continue;
            };
            let success = rate
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix("% success)"))
                .map(|r| self.percent(head.n, r, "success rate"));
            let Some(success) = success else {
                self.err(head.n, "a workaround's title is followed by its rate: '(85% success)'");
                continue;
            };
            let mut w = Workaround {
                id: Cow::Owned(format!("workaround-{}", k + 1)),
                title: own(title),
                success: success.unwrap_or(Percent::new(0).expect("valid")),
                block: Cow::Borrowed(""),
                lang: Cow::Borrowed(""),
                who: Cow::Owned(vec![]),
                when: Cow::Owned(vec![]),
                measured: None,
            };
            if title.is_empty() {
                self.err(head.n, "a workaround has an empty title");
            }
            let mut blocks = 0;
            let mut i = 0;
            while i < item.body.len() {
                let l = item.body[i];
                i += 1;
                if l.is_blank() {
                    continue;
                }
                let t = l.text.trim_start();
                if is_fence(t) {
                    let indent = l.indent();
                    let mut content = Vec::new();
                    let mut closed = false;
                    while i < item.body.len() {
                        let c = item.body[i];
                        i += 1;
                        if is_fence(c.text.trim_start()) {
                            closed = true;
                            break;
                        }
                        let strip = c.indent().min(indent);
                        content.push(&c.text[strip..]);
                    }
                    if !closed {
                        self.err(l.n, "this fenced block is never closed");
                    }
                    blocks += 1;
                    w.lang = own(t.trim_start_matches('`').trim());
                    w.block = Cow::Owned(content.join("\n").trim_matches('\n').to_string());
                    if w.block.trim().is_empty() {
                        self.err(
                            l.n,
                            "this workaround's fenced block is empty: put the command, setting or steps in it",
                        );
                    }
                    continue;
                }
                match t.strip_prefix("- ").and_then(bold_field) {
                    Some(("ID", v)) => match check_slug(strip_ticks(v)) {
                        Ok(()) => w.id = own(strip_ticks(v)),
                        Err(m) => self.err(l.n, m),
                    },
                    Some(("Who", v)) => w.who = Cow::Owned(self.roles(l.n, v)),
                    Some(("When", v)) => w.when = Cow::Owned(self.conditions(l.n, v)),
                    Some((k, _)) => self.err(l.n, format!("unknown workaround field '{k}'; fields are ID, Who, When")),
                    None => self.err(
                        l.n,
                        "a workaround holds one fenced block and the fields '- **ID:**', '- **Who:**', '- **When:**'",
                    ),
                }
            }
            if blocks == 0 {
                self.err(
                    head.n,
                    "this workaround has no fenced block: put the command, setting or steps in ``` fences under it",
                );
            } else if blocks > 1 {
                self.err(head.n, "a workaround holds exactly one fenced block");
            }
            out.push(w);
        }
        if out.is_empty() {
            self.err(s.line, "Workarounds lists no workaround");
        }
        out
    }

    fn dead_ends(&mut self, s: &Section) -> Vec<DeadEnd> {
        let mut out = Vec::new();
        for (k, item) in self.items(s, false).into_iter().enumerate() {
            let head = item.head;
            let parsed =
                head.text.strip_prefix("- **").and_then(|r| r.split_once("** — ")).and_then(|(title, rest)| {
                    let (why, rate) = rest.rsplit_once(" (")?;
                    let rate = rate.strip_suffix("% fail)")?;
                    Some((title.trim(), why.trim(), rate))
                });
            let Some((title, why, rate)) = parsed else {
                self.err(head.n, "a dead end reads '- **What people try** — why it does not help. (95% fail)'");
                continue;
            };
            if title.is_empty() || why.is_empty() {
                self.err(head.n, "a dead end needs both what people try and why it fails");
            }
            let failure = self.percent(head.n, rate, "failure rate").unwrap_or(Percent::new(0).expect("valid"));
            let mut d = DeadEnd {
                id: Cow::Owned(format!("dead-end-{}", k + 1)),
                title: own(title),
                why: own(why),
                failure,
                triggers: Cow::Owned(vec![]),
            };
            for l in item.body.iter().filter(|l| !l.is_blank()) {
                match l.text.trim_start().strip_prefix("- ").and_then(bold_field) {
                    Some(("ID", v)) => match check_slug(strip_ticks(v)) {
                        Ok(()) => d.id = own(strip_ticks(v)),
                        Err(m) => self.err(l.n, m),
                    },
                    Some(("Triggers", v)) => {
                        let all = self.conditions(l.n, v);
                        if !all.is_empty() {
                            d.triggers.to_mut().push(Trigger { all: Cow::Owned(all) });
                        }
                    }
                    Some((k, _)) => self.err(l.n, format!("unknown dead-end field '{k}'; fields are ID, Triggers")),
                    None => self.err(l.n, "under a dead end go only the fields '- **ID:**' and '- **Triggers:**'"),
                }
            }
            out.push(d);
        }
        if out.is_empty() {
            self.err(s.line, "Dead Ends lists no dead end");
        }
        out
    }

    fn symptoms(&mut self, s: &Section) -> Vec<Symptom> {
        let mut out: Vec<Symptom> = Vec::new();
        for item in self.items(s, false) {
            let head = item.head;
            let parsed = head.text.strip_prefix("- `").and_then(|r| r.split_once("`:")).map(|(id, q)| (id, q.trim()));
            let Some((id, question)) = parsed else {
                self.err(head.n, "a symptom reads '- `symptom-id`: The question, answered yes or no?'");
                continue;
            };
            if let Err(m) = check_slug(id) {
                self.err(head.n, m);
                continue;
            }
            if question.is_empty() {
                self.err(head.n, format!("symptom '{id}' has no question"));
            }
            if out.iter().any(|o| o.id == id) {
                self.err(head.n, format!("symptom '{id}' is defined twice"));
            }
            let mut fact = None;
            for l in item.body.iter().filter(|l| !l.is_blank()) {
                match l.text.trim_start().strip_prefix("- ").and_then(bold_field) {
                    Some(("Yes means", v)) if !v.is_empty() => fact = Some(own(v)),
                    Some((k, _)) => self
                        .err(l.n, format!("unknown symptom field '{k}'; the only field is 'Yes means' (a statement)")),
                    None => self
                        .err(l.n, "under a symptom goes only '- **Yes means:** the statement that a yes makes true'"),
                }
            }
            out.push(Symptom { id: own(id), question: own(question), fact: fact.unwrap_or_else(|| own(question)) });
        }
        out
    }

    fn recognition(&mut self, s: &Section) -> Recognition {
        let mut r = Recognition::default();
        for l in s.body.iter().filter(|l| !l.is_blank()) {
            let Some((key, v)) = l.text.strip_prefix("- ").and_then(bold_field) else {
                self.err(l.n, "Recognition holds fields '- **Reply codes:**', '**Enhanced codes:**', '**Phrases:**', '**Providers:**', '**Excludes:**'");
                continue;
            };
            match key {
                "Reply codes" => {
                    let mut codes = Vec::new();
                    for c in split_list(v) {
                        match ReplyCode::parse(c) {
                            Some(c) if c.class() >= 4 => codes.push(c),
                            _ => self.err(l.n, format!("'{c}' is not an error reply code (4yz or 5yz)")),
                        }
                    }
                    r.reply_codes = Cow::Owned(codes);
                }
                "Enhanced codes" => {
                    let mut codes = Vec::new();
                    for c in split_list(v) {
                        match EnhancedRange::parse(c) {
                            Some(c) => codes.push(c),
                            None => self.err(l.n, format!("'{c}' is not an enhanced status code (5.7.1) or a range within one subject (5.7.606-5.7.649)")),
                        }
                    }
                    r.enhanced = Cow::Owned(codes);
                }
                "Phrases" | "Excludes" => {
                    let list = match quoted_list(v) {
                        Ok(list) => list,
                        Err(m) => {
                            self.err(l.n, m);
                            continue;
                        }
                    };
                    let mut out = Vec::new();
                    for p in list {
                        let norm = smtp_triage_model::normalize(&p);
                        let words = ["{address}", "{ip}", "{id}", "{n}"].iter().fold(norm.clone(), |t, p| t.replace(p, ""));
                        if words.trim().chars().count() < 4 {
                            self.err(l.n, format!("phrase \"{p}\" is too short to recognise anything (4 characters at least)"));
                        } else {
                            out.push(Cow::Owned(norm));
                        }
                    }
                    if key == "Phrases" {
                        r.phrases = Cow::Owned(out);
                    } else {
                        r.excludes = Cow::Owned(out);
                    }
                }
                "Providers" => {
                    let mut ids = Vec::new();
                    for p in split_list(v) {
                        match Mta::parse(p) {
                            Some(m) => ids.push(Cow::Borrowed(m.id)),
                            None => self.err(l.n, format!("unknown provider '{p}'; known: {}", names(MTAS.iter().map(|m| m.id)))),
                        }
                    }
                    r.providers = Cow::Owned(ids);
                }
                _ => self.err(l.n, format!("unknown recognition field '{key}'; fields are Reply codes, Enhanced codes, Phrases, Providers, Excludes")),
            }
        }
        r
    }

    /// ``- Was: `the original line` → what replaced it (the source)``; an
    /// original line holding backticks is written between double backticks.
    fn corrections(&mut self, s: &Section) -> Vec<Correction> {
        let mut out = Vec::new();
        let items = self.items(s, false);
        if items.is_empty() {
            self.err(s.line, "Corrections is empty: list each changed original line, or leave the section out");
        }
        for item in items {
            let mut text = item.head.text[2..].trim().to_string();
            for l in item.body.iter().filter(|l| !l.is_blank()) {
                text.push(' ');
                text.push_str(l.text.trim());
            }
            match split_correction(&text) {
                Some((was, now)) => out.push(Correction { was: own(was), now: own(now) }),
                None => self.err(
                    item.head.n,
                    "a correction reads '- Was: `the original line` → what replaced it (the source)'",
                ),
            }
        }
        out
    }

    fn sources(&mut self, s: &Section) -> Vec<Source> {
        let mut out = Vec::new();
        for l in s.body.iter().filter(|l| !l.is_blank()) {
            let Some(t) = l.text.strip_prefix("- ").map(str::trim) else {
                self.err(l.n, "a source reads '- [Title](https://…)' or '- Title' (for a document without a link)");
                continue;
            };
            if let Some(link) = t.strip_prefix('[') {
                let parsed = link.split_once("](").and_then(|(title, url)| Some((title, url.strip_suffix(')')?)));
                match parsed {
                    Some((title, url))
                        if !title.trim().is_empty()
                            && url.starts_with("https://")
                            && !url.contains(char::is_whitespace) =>
                    {
                        out.push(Source { title: own(title.trim()), url: Some(own(url)) })
                    }
                    _ => self.err(l.n, "a linked source reads '- [Title](https://…)', with an https URL"),
                }
            } else if t.is_empty() {
                self.err(l.n, "empty source");
            } else {
                out.push(Source { title: own(t), url: None });
            }
        }
        out
    }

    /// Groups a list section into items: a head line at column 0 (`- ` or
    /// `N. `), then its indented or blank lines.
    fn items<'b>(&mut self, s: &Section<'b>, numbered: bool) -> Vec<Item<'b>> {
        let mut out: Vec<Item> = Vec::new();
        for l in &s.body {
            let starts = if numbered { is_numbered(l.text) } else { l.text.starts_with("- ") };
            if starts {
                out.push(Item { head: *l, body: Vec::new() });
            } else if l.is_blank() || (l.indent() >= 2 && !out.is_empty()) {
                if let Some(i) = out.last_mut() {
                    i.body.push(*l);
                }
            } else {
                let want = if numbered { "'1. **…**'" } else { "'- **…**'" };
                self.err(l.n, format!("expected a list item {want} or an indented line under one"));
            }
        }
        out
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

struct Item<'a> {
    head: Line<'a>,
    body: Vec<Line<'a>>,
}

fn own(s: &str) -> Text {
    Cow::Owned(s.to_string())
}

fn names<'x>(it: impl Iterator<Item = &'x str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

fn is_fence(t: &str) -> bool {
    t.trim_start().starts_with("```")
}

fn is_numbered(t: &str) -> bool {
    let d = t.bytes().take_while(u8::is_ascii_digit).count();
    d > 0 && t[d..].starts_with(". ")
}

/// `**Key:** value` → (`Key`, `value`)
fn bold_field(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("**")?;
    let (key, value) = rest.split_once(":**")?;
    Some((key.trim(), value.trim()))
}

/// `**Title** (85% success)` → (`Title`, `(85% success)`); the title may hold
/// parentheses and quotes, so the split is at the last `** (`.
fn split_title(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("**")?;
    let at = rest.rfind("** (")?;
    Some((rest[..at].trim(), rest[at + 3..].trim()))
}

/// ``Was: `line` → text`` → (`line`, `text`). The code span's delimiter is
/// a run of backticks; one space inside each end is dropped (CommonMark).
fn split_correction(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("Was:")?.trim_start();
    let ticks = rest.bytes().take_while(|&b| b == b'`').count();
    if ticks == 0 {
        return None;
    }
    let delim = &rest[..ticks];
    let body = &rest[ticks..];
    let end = body.find(delim)?;
    let mut was = &body[..end];
    if ticks > 1 && was.starts_with(' ') && was.ends_with(' ') && was.len() > 2 {
        was = &was[1..was.len() - 1];
    }
    let now = body[end + ticks..].trim_start().strip_prefix('→')?.trim();
    (!was.trim().is_empty() && !now.is_empty()).then_some((was, now))
}

fn strip_ticks(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('`').and_then(|x| x.strip_suffix('`')).unwrap_or(s).trim()
}

fn split_list(s: &str) -> Vec<&str> {
    s.split(',').map(strip_ticks).filter(|x| !x.is_empty()).collect()
}

/// `"a phrase", "another"` → the phrases; a phrase holds no double quote.
fn quoted_list(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let Some(body) = rest.strip_prefix('"') else {
            return Err(format!("phrases are written in double quotes, separated by commas: \"service not available\", \"try again later\"; found: {rest}"));
        };
        let Some(end) = body.find('"') else {
            return Err("a phrase's closing double quote is missing".into());
        };
        out.push(body[..end].to_string());
        rest = body[end + 1..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
        } else if !rest.is_empty() {
            return Err(format!("expected ',' between phrases; found: {rest}"));
        }
    }
    Ok(out)
}

fn cells(t: &str) -> Option<Vec<&str>> {
    let t = t.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(str::trim).collect())
}

fn is_separator(c: &str) -> bool {
    let c = c.trim_matches(':');
    c.len() >= 3 && c.bytes().all(|b| b == b'-')
}

fn parse_error_code(v: &str) -> Option<(ReplyCode, Option<EnhancedStatus>)> {
    let mut parts = v.split_whitespace();
    let reply = ReplyCode::parse(parts.next()?).filter(|c| c.class() >= 4)?;
    let enhanced = match parts.next() {
        Some(e) => Some(EnhancedStatus::parse(e).filter(|e| e.class == reply.class())?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some((reply, enhanced))
}

fn check_id(id: &str) -> Result<(), String> {
    let ok = id.split_once('/').is_some_and(|(d, s)| {
        !d.is_empty() && !s.is_empty() && !s.contains('/') && check_slug(d).is_ok() && check_slug(s).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(format!("ID '{id}' must be 'domain/slug' in lowercase letters, digits and '-'"))
    }
}

fn check_slug(s: &str) -> Result<(), String> {
    let ok = s.len() <= 80
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !s.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!("'{s}' is not a valid ID: lowercase letters, digits and '-', starting with a letter"))
    }
}
