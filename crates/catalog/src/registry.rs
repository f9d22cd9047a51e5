//! The reference tables under `catalog/registry/`: registered meanings of
//! enhanced status codes and reply codes, for codes no entry covers.
//! Tab-separated, a header row first, `#` lines are comments.

use crate::Diag;
use smtp_triage_model::{normalize, EnhancedMeaning, Reason, ReasonKind, ReplyCode, ReplyMeaning, Text};
use std::borrow::Cow;

/// `code<TAB>title<TAB>reference<TAB>description`, code written `X.7.1`.
pub fn parse_enhanced_registry(path: &str, text: &str) -> Result<Vec<EnhancedMeaning>, Vec<Diag>> {
    let mut diags = Vec::new();
    let mut out: Vec<EnhancedMeaning> = Vec::new();
    for (n, cols) in rows(path, text, &["code", "title", "reference", "description"], &mut diags) {
        let key =
            cols[0].strip_prefix("X.").and_then(|r| r.split_once('.')).and_then(|(s, d)| Some((num(s)?, num(d)?)));
        let Some((subject, detail)) = key else {
            diags.push(Diag::new(
                path,
                n,
                format!("'{}' is not an enhanced status code written X.subject.detail", cols[0]),
            ));
            continue;
        };
        if out.iter().any(|m| (m.subject, m.detail) == (subject, detail)) {
            diags.push(Diag::new(path, n, format!("{} is listed twice", cols[0])));
            continue;
        }
        if cols[1].is_empty() || cols[3].is_empty() {
            diags.push(Diag::new(path, n, format!("{} needs a title and a description", cols[0])));
            continue;
        }
        out.push(EnhancedMeaning {
            subject,
            detail,
            title: own(cols[1]),
            reference: own(cols[2]),
            description: own(cols[3]),
        });
    }
    if diags.is_empty() {
        out.sort_by_key(|m| (m.subject, m.detail));
        Ok(out)
    } else {
        Err(diags)
    }
}

/// `code<TAB>meaning<TAB>reference`.
pub fn parse_reply_registry(path: &str, text: &str) -> Result<Vec<ReplyMeaning>, Vec<Diag>> {
    let mut diags = Vec::new();
    let mut out: Vec<ReplyMeaning> = Vec::new();
    for (n, cols) in rows(path, text, &["code", "meaning", "reference"], &mut diags) {
        let Some(code) = ReplyCode::parse(cols[0]) else {
            diags.push(Diag::new(path, n, format!("'{}' is not a reply code", cols[0])));
            continue;
        };
        if out.iter().any(|m| m.code == code) {
            diags.push(Diag::new(path, n, format!("{code} is listed twice")));
            continue;
        }
        if cols[1].is_empty() {
            diags.push(Diag::new(path, n, format!("{code} needs its meaning")));
            continue;
        }
        out.push(ReplyMeaning { code, meaning: own(cols[1]), reference: own(cols[2]) });
    }
    if diags.is_empty() {
        out.sort_by_key(|m| m.code);
        Ok(out)
    } else {
        Err(diags)
    }
}

/// `reason<TAB>kind<TAB>entry<TAB>label<TAB>meaning`, and the phrases of
/// `reason<TAB>phrase` (a second file, one phrase a line), normalised.
pub fn parse_reason_registry(
    path: &str,
    text: &str,
    phrases_path: &str,
    phrases: &str,
) -> Result<Vec<Reason>, Vec<Diag>> {
    let mut diags = Vec::new();
    let mut out: Vec<Reason> = Vec::new();
    for (n, cols) in rows(path, text, &["reason", "kind", "entry", "label", "meaning"], &mut diags) {
        let name = cols[0];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase()) {
            diags.push(Diag::new(path, n, format!("reason '{name}' must be lowercase letters")));
            continue;
        }
        if out.iter().any(|r| r.name == name) {
            diags.push(Diag::new(path, n, format!("{name} is listed twice")));
            continue;
        }
        let Some(kind) = ReasonKind::parse(cols[1]) else {
            diags.push(Diag::new(path, n, format!("kind '{}' must be one of: error, not-error, undecided", cols[1])));
            continue;
        };
        let entry = (!cols[2].is_empty()).then(|| own(cols[2]));
        if (kind == ReasonKind::Error) != entry.is_some() {
            diags.push(Diag::new(
                path,
                n,
                format!("{name}: an error reason names its generic entry; other kinds name none"),
            ));
            continue;
        }
        if cols[3].is_empty() || cols[4].is_empty() {
            diags.push(Diag::new(path, n, format!("{name} needs a label and a meaning")));
            continue;
        }
        out.push(Reason {
            name: own(name),
            kind,
            entry,
            label: own(cols[3]),
            meaning: own(cols[4]),
            phrases: Cow::Owned(vec![]),
        });
    }
    let mut lists: Vec<Vec<Text>> = vec![vec![]; out.len()];
    for (n, cols) in rows(phrases_path, phrases, &["reason", "phrase"], &mut diags) {
        let Some(i) = out.iter().position(|r| r.name == cols[0]) else {
            diags.push(Diag::new(phrases_path, n, format!("unknown reason '{}'", cols[0])));
            continue;
        };
        let phrase = normalize(cols[1]);
        if phrase.chars().count() < 4 {
            diags.push(Diag::new(phrases_path, n, "a phrase has at least 4 characters"));
        } else if out[i].kind != ReasonKind::Error {
            diags.push(Diag::new(phrases_path, n, format!("{} is not an error reason: it has no phrases", cols[0])));
        } else if let Some(j) = lists.iter().position(|l| l.iter().any(|p| *p == phrase)) {
            diags.push(Diag::new(phrases_path, n, format!("\"{phrase}\" is already a phrase of {}", out[j].name)));
        } else {
            lists[i].push(Cow::Owned(phrase));
        }
    }
    for (r, l) in out.iter_mut().zip(lists) {
        r.phrases = Cow::Owned(l);
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

fn rows<'t>(path: &str, text: &'t str, header: &[&str], diags: &mut Vec<Diag>) -> Vec<(usize, Vec<&'t str>)> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    match lines.next() {
        Some((_, h)) if h.split('\t').collect::<Vec<_>>() == header => {}
        Some((n, _)) => {
            diags.push(Diag::new(path, n, format!("the header row must be: {}", header.join("<TAB>"))));
            return vec![];
        }
        None => {
            diags.push(Diag::new(path, 0, "the table is empty"));
            return vec![];
        }
    }
    let mut out = Vec::new();
    for (n, l) in lines {
        let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
        if cols.len() != header.len() {
            diags.push(Diag::new(
                path,
                n,
                format!("expected {} tab-separated columns, found {}", header.len(), cols.len()),
            ));
            continue;
        }
        out.push((n, cols));
    }
    out
}

fn num(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn own(s: &str) -> Text {
    Cow::Owned(s.to_string())
}
