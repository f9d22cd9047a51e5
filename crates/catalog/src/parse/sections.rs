//! The `## ` sections of an entry, one reader each. A list section is read
//! item by item (`Parser::list_items`); the text of an item is its source as
//! written, wrapped lines joined.

use super::blocks::{Block, Kind};
use super::values::{
    bold_field, cells, check_slug, gfm_cells, is_gfm_separator, is_separator, names, own, parse_measured, quoted_list,
    split_correction, split_list, split_title, strip_ticks,
};
use super::{Item, Parser, Section};
use smtp_triage_model::{
    CompatRow, Correction, DeadEnd, EnhancedRange, Mta, Percent, Recognition, ReplyCode, Source, Status, Symptom, Text,
    Trigger, Verification, Version, Workaround, MTAS,
};
use std::borrow::Cow;

const BULLET_ITEM: &str = "expected a list item '- **…**' or an indented line under one";
const NUMBERED_ITEM: &str = "expected a list item '1. **…**' or an indented line under one";
const UNDER_WORKAROUND: &str =
    "a workaround holds one fenced block and the fields '- **ID:**', '- **Who:**', '- **When:**'";
const UNDER_DEAD_END: &str = "under a dead end go only the fields '- **ID:**' and '- **Triggers:**'";
const UNDER_SYMPTOM: &str = "under a symptom goes only '- **Yes means:** the statement that a yes makes true'";
const RECOGNITION_FIELD: &str = "Recognition holds fields '- **Reply codes:**', '**Enhanced codes:**', '**Phrases:**', '**Providers:**', '**Excludes:**'";
const SOURCE: &str = "a source reads '- [Title](https://…)' or '- Title' (for a document without a link)";

/// A row's cells: a GFM row inside the table, a row with both outer pipes after it.
fn row_cells<'t>(&(_, t, gfm): &(usize, &'t str, bool)) -> Option<Vec<&'t str>> {
    if gfm {
        gfm_cells(t)
    } else {
        cells(t)
    }
}

/// What goes under an item: fenced blocks and a bulleted list of fields.
enum Under<'b> {
    Code(&'b Block),
    /// A field's line and its text (`**ID:** `x``).
    Field(usize, String),
    /// Anything else, by its line.
    Stray(usize),
}

impl Parser<'_> {
    /// Paragraphs are kept; lines within one are joined.
    pub(super) fn root_cause(&mut self, s: &Section) -> Text {
        let paragraphs: Vec<String> =
            s.body.iter().map(|b| self.doc.joined(b.range.clone())).filter(|p| !p.is_empty()).collect();
        if paragraphs.is_empty() {
            self.err(s.line, "Root Cause is empty: say what causes the error and cite the standard or vendor document");
        }
        Cow::Owned(paragraphs.join("\n\n"))
    }

    /// The table, read row by row from the source: pulldown-cmark pads or
    /// cuts a row to the header's width, which would hide a cell too many or
    /// too few. The first block is read as GFM rows if it is a table (outer
    /// pipes optional); anything else is read as rows with both outer pipes,
    /// so that a table broken by a blank line still reads, as it always did.
    pub(super) fn compatibility(&mut self, s: &Section) -> Vec<CompatRow> {
        let doc = self.doc;
        let mut rows: Vec<(usize, &str, bool)> = Vec::new();
        for (k, b) in s.body.iter().enumerate() {
            let gfm = k == 0 && b.kind == Kind::Table;
            let first = doc.line(b.range.start);
            for (i, l) in doc.lines(b.range.clone()).enumerate() {
                if !l.trim().is_empty() {
                    rows.push((first + i, l, gfm));
                }
            }
        }
        let mut out = Vec::new();
        let Some(head) = rows.first() else {
            self.err(s.line, "Version Compatibility needs a table: | Version | Status | Introduced | Deprecated |");
            return out;
        };
        let want = ["Version", "Status", "Introduced", "Deprecated"];
        if row_cells(head).as_deref() != Some(&want[..]) {
            self.err(head.0, "the table's columns must be exactly: | Version | Status | Introduced | Deprecated |");
            return out;
        }
        match rows.get(1) {
            Some(sep)
                if row_cells(sep).is_some_and(|c| {
                    c.len() == 4 && c.iter().all(|x| if sep.2 { is_gfm_separator(x) } else { is_separator(x) })
                }) => {}
            Some(sep) => {
                self.err(sep.0, "the table's second row must be the separator |---|---|---|---|");
                return out;
            }
            None => {}
        }
        for row in rows.iter().skip(2) {
            let Some(c) = row_cells(row) else {
                self.err(row.0, "only the table goes in Version Compatibility; this line is not a table row");
                continue;
            };
            if c.len() != 4 {
                self.err(
                    row.0,
                    format!(
                        "a compatibility row has 4 cells (Version, Status, Introduced, Deprecated); this one has {}",
                        c.len()
                    ),
                );
                continue;
            }
            if let Some(row) = self.compat_row(row.0, &c) {
                out.push(row);
            }
        }
        if out.is_empty() && self.diags.is_empty() {
            self.err(head.0, "the compatibility table has no rows");
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

    /// An entry whose Verification is `measured` has a Measured line on every workaround.
    pub(super) fn workarounds(&mut self, s: &Section, verification: Verification) -> Vec<Workaround> {
        let mut out = Vec::new();
        for (k, mut item) in self.list_items(&s.body, true, NUMBERED_ITEM).into_iter().enumerate() {
            let n = item.line;
            self.cut_fields(&mut item, UNDER_WORKAROUND);
            let expected = format!("{}. ", k + 1);
            // CommonMark renders items numbered by position whatever is
            // written; the numbers written must say the same.
            if item.number != Some(k as u64 + 1) {
                self.err(n, format!("workarounds are numbered in order: expected '{expected}**…** (NN% success)'"));
                continue;
            }
            let Some((title, rate)) = split_title(&item.head) else {
                self.err(n, "a workaround reads '1. **What to do** (85% success)'");
                continue;
            };
            let success = rate
                .strip_prefix('(')
                .and_then(|r| r.strip_suffix("% success)"))
                .map(|r| self.percent(n, r, "success rate"));
            let Some(success) = success else {
                self.err(n, "a workaround's title is followed by its rate: '(85% success)'");
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
                self.err(n, "a workaround has an empty title");
            }
            let mut blocks = 0;
            for under in self.under(item.body, UNDER_WORKAROUND) {
                match under {
                    Under::Code(b) => {
                        let line = self.line(b);
                        if !self.doc.fence_closed(b) {
                            self.err(line, "this fenced block is never closed");
                        }
                        blocks += 1;
                        w.lang = own(self.doc.info(b));
                        w.block = Cow::Owned(b.code.trim_matches('\n').to_string());
                        if w.block.trim().is_empty() {
                            self.err(
                                line,
                                "this workaround's fenced block is empty: put the command, setting or steps in it",
                            );
                        }
                    }
                    Under::Field(l, text) => match bold_field(&text) {
                        Some(("ID", v)) => match check_slug(strip_ticks(v)) {
                            Ok(()) => w.id = own(strip_ticks(v)),
                            Err(m) => self.err(l, m),
                        },
                        Some(("Who", v)) => w.who = Cow::Owned(self.roles(l, v)),
                        Some(("When", v)) => w.when = Cow::Owned(self.conditions(l, v)),
                        Some(("Measured", _)) if w.measured.is_some() => {
                            self.err(l, "a workaround has one Measured line")
                        }
                        Some(("Measured", v)) => match parse_measured(v) {
                            Ok(m) => w.measured = Some(m),
                            Err(m) => self.err(l, m),
                        },
                        Some((k, _)) => {
                            self.err(l, format!("unknown workaround field '{k}'; fields are ID, Who, When, Measured"))
                        }
                        None => self.err(l, UNDER_WORKAROUND),
                    },
                    Under::Stray(l) => self.err(l, UNDER_WORKAROUND),
                }
            }
            if blocks == 0 {
                self.err(
                    n,
                    "this workaround has no fenced block: put the command, setting or steps in ``` fences under it",
                );
            } else if blocks > 1 {
                self.err(n, "a workaround holds exactly one fenced block");
            }
            if verification == Verification::Measured && w.measured.is_none() {
                self.err(n, format!("Verification is measured, but workaround '{}' has no '- **Measured:**' line: measure it (smtp-triage rates --write) or lower Verification", w.id));
            }
            out.push(w);
        }
        if out.is_empty() {
            self.err(s.line, "Workarounds lists no workaround");
        }
        out
    }

    pub(super) fn dead_ends(&mut self, s: &Section) -> Vec<DeadEnd> {
        let mut out = Vec::new();
        for (k, mut item) in self.list_items(&s.body, false, BULLET_ITEM).into_iter().enumerate() {
            let n = item.line;
            self.cut_fields(&mut item, UNDER_DEAD_END);
            let parsed = item.head.strip_prefix("**").and_then(|r| r.split_once("** — ")).and_then(|(title, rest)| {
                let (why, rate) = rest.rsplit_once(" (")?;
                let rate = rate.strip_suffix("% fail)")?;
                Some((title.trim(), why.trim(), rate))
            });
            let Some((title, why, rate)) = parsed else {
                self.err(n, "a dead end reads '- **What people try** — why it does not help. (95% fail)'");
                continue;
            };
            if title.is_empty() || why.is_empty() {
                self.err(n, "a dead end needs both what people try and why it fails");
            }
            let failure = self.percent(n, rate, "failure rate").unwrap_or(Percent::new(0).expect("valid"));
            let mut d = DeadEnd {
                id: Cow::Owned(format!("dead-end-{}", k + 1)),
                title: own(title),
                why: own(why),
                failure,
                triggers: Cow::Owned(vec![]),
            };
            for under in self.under(item.body, UNDER_DEAD_END) {
                let (l, field) = self.field_of(&under);
                match field {
                    Some(("ID", v)) => match check_slug(strip_ticks(v)) {
                        Ok(()) => d.id = own(strip_ticks(v)),
                        Err(m) => self.err(l, m),
                    },
                    Some(("Triggers", v)) => {
                        let all = self.conditions(l, v);
                        if !all.is_empty() {
                            d.triggers.to_mut().push(Trigger { all: Cow::Owned(all) });
                        }
                    }
                    Some((k, _)) => self.err(l, format!("unknown dead-end field '{k}'; fields are ID, Triggers")),
                    None => self.err(l, UNDER_DEAD_END),
                }
            }
            out.push(d);
        }
        if out.is_empty() {
            self.err(s.line, "Dead Ends lists no dead end");
        }
        out
    }

    pub(super) fn symptoms(&mut self, s: &Section) -> Vec<Symptom> {
        let mut out: Vec<Symptom> = Vec::new();
        for mut item in self.list_items(&s.body, false, BULLET_ITEM) {
            let n = item.line;
            self.cut_fields(&mut item, UNDER_SYMPTOM);
            let parsed = item.head.strip_prefix('`').and_then(|r| r.split_once("`:")).map(|(id, q)| (id, q.trim()));
            let Some((id, question)) = parsed else {
                self.err(n, "a symptom reads '- `symptom-id`: The question, answered yes or no?'");
                continue;
            };
            if let Err(m) = check_slug(id) {
                self.err(n, m);
                continue;
            }
            if question.is_empty() {
                self.err(n, format!("symptom '{id}' has no question"));
            }
            if out.iter().any(|o| o.id == id) {
                self.err(n, format!("symptom '{id}' is defined twice"));
            }
            let mut fact = None;
            for under in self.under(item.body, UNDER_SYMPTOM) {
                let (l, field) = self.field_of(&under);
                match field {
                    Some(("Yes means", v)) if !v.is_empty() => fact = Some(own(v)),
                    Some((k, _)) => {
                        self.err(l, format!("unknown symptom field '{k}'; the only field is 'Yes means' (a statement)"))
                    }
                    None => self.err(l, UNDER_SYMPTOM),
                }
            }
            out.push(Symptom { id: own(id), question: own(question), fact: fact.unwrap_or_else(|| own(question)) });
        }
        out
    }

    pub(super) fn recognition(&mut self, s: &Section) -> Recognition {
        let mut r = Recognition::default();
        for mut item in self.list_items(&s.body, false, RECOGNITION_FIELD) {
            let n = item.line;
            self.cut_fields(&mut item, RECOGNITION_FIELD);
            self.strays(item.body, RECOGNITION_FIELD);
            let Some((key, v)) = bold_field(&item.head) else {
                self.err(n, RECOGNITION_FIELD);
                continue;
            };
            match key {
                "Reply codes" => {
                    let mut codes = Vec::new();
                    for c in split_list(v) {
                        match ReplyCode::parse(c) {
                            Some(c) if c.class() >= 4 => codes.push(c),
                            _ => self.err(n, format!("'{c}' is not an error reply code (4yz or 5yz)")),
                        }
                    }
                    r.reply_codes = Cow::Owned(codes);
                }
                "Enhanced codes" => {
                    let mut codes = Vec::new();
                    for c in split_list(v) {
                        match EnhancedRange::parse(c) {
                            Some(c) => codes.push(c),
                            None => self.err(n, format!("'{c}' is not an enhanced status code (5.7.1) or a range within one subject (5.7.606-5.7.649)")),
                        }
                    }
                    r.enhanced = Cow::Owned(codes);
                }
                "Phrases" | "Excludes" => {
                    let list = match quoted_list(v) {
                        Ok(list) => list,
                        Err(m) => {
                            self.err(n, m);
                            continue;
                        }
                    };
                    let mut out = Vec::new();
                    for p in list {
                        let norm = smtp_triage_model::normalize(&p);
                        let words = ["{address}", "{ip}", "{id}", "{n}"].iter().fold(norm.clone(), |t, p| t.replace(p, ""));
                        if words.trim().chars().count() < 4 {
                            self.err(n, format!("phrase \"{p}\" is too short to recognise anything (4 characters at least)"));
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
                            None => self.err(n, format!("unknown provider '{p}'; known: {}", names(MTAS.iter().map(|m| m.id)))),
                        }
                    }
                    r.providers = Cow::Owned(ids);
                }
                _ => self.err(n, format!("unknown recognition field '{key}'; fields are Reply codes, Enhanced codes, Phrases, Providers, Excludes")),
            }
        }
        r
    }

    /// ``- Was: `the original line` → what replaced it (the source)``; an
    /// original line holding backticks is written between double backticks.
    pub(super) fn corrections(&mut self, s: &Section) -> Vec<Correction> {
        let mut out = Vec::new();
        let items = self.list_items(&s.body, false, BULLET_ITEM);
        if items.is_empty() {
            self.err(s.line, "Corrections is empty: list each changed original line, or leave the section out");
        }
        for item in items {
            // The whole item is one line: a code span may wrap too.
            let mut text = item.head.clone();
            for b in item.body {
                text.push(' ');
                text.push_str(&self.doc.joined(b.range.clone()));
            }
            match split_correction(text.trim()) {
                Some((was, now)) => out.push(Correction { was: own(was), now: own(now) }),
                None => self
                    .err(item.line, "a correction reads '- Was: `the original line` → what replaced it (the source)'"),
            }
        }
        out
    }

    pub(super) fn sources(&mut self, s: &Section) -> Vec<Source> {
        let mut out = Vec::new();
        for item in self.list_items(&s.body, false, SOURCE) {
            let n = item.line;
            self.strays(item.body, SOURCE);
            let t = item.head.trim();
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
                    _ => self.err(n, "a linked source reads '- [Title](https://…)', with an https URL"),
                }
            } else if t.is_empty() {
                self.err(n, "empty source");
            } else {
                out.push(Source { title: own(t), url: None });
            }
        }
        out
    }

    /// A field's line and its key and value; a code block or a stray line
    /// gives its line and no field (for sections whose items hold only fields).
    fn field_of<'u>(&self, under: &'u Under) -> (usize, Option<(&'u str, &'u str)>) {
        match under {
            Under::Field(l, text) => (*l, bold_field(text)),
            Under::Code(b) => (self.line(b), None),
            Under::Stray(l) => (*l, None),
        }
    }

    /// What goes under an item, in order: fenced blocks, each item of a
    /// bulleted list as a field, and anything else as a stray line.
    /// A field's wrapped line that reads as a field of its own is reported with `stray`.
    fn under<'b>(&mut self, body: &'b [Block], stray: &str) -> Vec<Under<'b>> {
        let mut out = Vec::new();
        for b in body {
            match b.kind {
                Kind::Code { fenced: true } => out.push(Under::Code(b)),
                Kind::List { ordered: false } => {
                    for item in &b.children {
                        let mut field = self.item(item);
                        self.cut_fields(&mut field, stray);
                        let Item { line, head, body, .. } = field;
                        out.push(Under::Field(line, head));
                        out.extend(body.iter().map(|b| Under::Stray(self.line(b))));
                    }
                }
                Kind::List { ordered: true } => out.extend(b.children.iter().map(|i| Under::Stray(self.line(i)))),
                _ => out.push(Under::Stray(self.line(b))),
            }
        }
        out
    }
}
