//! A triage as a link: the entry and the answers in a URL fragment, so a
//! link reproduces the triage, Back works and a reload keeps it. The pasted
//! text is never part of it (it holds addresses).
//!
//! `#entry=communication/smtp-421-service-not-available&role=sender&mta=postfix&version=3.8.0&yes=a,b&no=c&tried=d`

use crate::answers::Answers;
use crate::catalog::find;
use smtp_triage_model::{Answer, Entry};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum LinkError {
    #[error("the link names no entry")]
    NoEntry,
    #[error("the link names an entry this version does not have ({0})")]
    UnknownEntry(String),
    #[error("the link is malformed: {0}")]
    Malformed(String),
}

/// The fragment (without `#`) for an entry and its answers.
pub fn to_fragment(entry: &Entry, a: &Answers) -> String {
    let mut parts = vec![format!("entry={}", entry.id)];
    if let Some(r) = a.role {
        parts.push(format!("role={}", r.id()));
    }
    if let Some(m) = a.mta {
        parts.push(format!("mta={}", m.id));
    }
    if let Some(v) = &a.version {
        parts.push(format!("version={}", encode(v.as_str())));
    }
    let list = |want: Answer| {
        a.symptoms.iter().filter(|(_, x)| *x == want).map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(",")
    };
    let (yes, no) = (list(Answer::Yes), list(Answer::No));
    if !yes.is_empty() {
        parts.push(format!("yes={yes}"));
    }
    if !no.is_empty() {
        parts.push(format!("no={no}"));
    }
    if !a.tried.is_empty() {
        parts.push(format!("tried={}", a.tried.join(",")));
    }
    parts.join("&")
}

/// Reads a fragment (with or without `#`). An entry's former ID (alias)
/// opens it; a name that no longer exists in it is dropped, so an old link
/// still opens what it can.
pub fn from_fragment(fragment: &str) -> Result<(&'static Entry, Answers), LinkError> {
    let f = fragment.trim_start_matches('#');
    if f.len() > 4096 {
        return Err(LinkError::Malformed("too long".into()));
    }
    let mut entry = None;
    let mut pairs = Vec::new();
    for part in f.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').ok_or_else(|| LinkError::Malformed(format!("'{part}' is not name=value")))?;
        let v = decode(v).ok_or_else(|| LinkError::Malformed(format!("'{part}' is badly encoded")))?;
        if k == "entry" {
            entry = Some(find(&v).ok_or(LinkError::UnknownEntry(v.clone()))?);
        } else {
            pairs.push((k.to_string(), v));
        }
    }
    let entry = entry.ok_or(LinkError::NoEntry)?;
    let mut a = Answers::default();
    for (k, v) in pairs {
        match k.as_str() {
            "role" => a.set_role(&v).map_err(|e| LinkError::Malformed(e.to_string()))?,
            "mta" => a.set_mta(entry, &v).map_err(|e| LinkError::Malformed(e.to_string()))?,
            "version" => a.set_version(&v).map_err(|e| LinkError::Malformed(e.to_string()))?,
            "yes" | "no" => {
                let answer = if k == "yes" { Answer::Yes } else { Answer::No };
                for id in v.split(',').filter(|s| !s.is_empty()) {
                    // A symptom the entry no longer asks about is dropped.
                    let _ = a.set_symptom(entry, id, answer);
                }
            }
            "tried" => {
                for id in v.split(',').filter(|s| !s.is_empty()) {
                    let _ = a.add_tried(entry, id);
                }
            }
            other => return Err(LinkError::Malformed(format!("unknown key '{other}'"))),
        }
    }
    if a.version.is_some() && a.mta.is_none() {
        a.version = None;
    }
    Ok((entry, a))
}

/// Percent-encodes what is not safe in a fragment value.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "communication/smtp-421-service-not-available";

    #[test]
    fn a_link_round_trips_the_answers() {
        let e = find(SEED).unwrap();
        let mut a = Answers::default();
        a.set_role("receiving-admin").unwrap();
        a.set_mta(e, "postfix").unwrap();
        a.set_version("3.8.0").unwrap();
        a.set_symptom(e, "too-many-connections", Answer::Yes).unwrap();
        a.set_symptom(e, "bulk-sending", Answer::No).unwrap();
        a.add_tried(e, "exponential-backoff").unwrap();
        let f = to_fragment(e, &a);
        assert_eq!(f, "entry=communication/smtp-421-service-not-available&role=receiving-admin&mta=postfix&version=3.8.0&yes=too-many-connections&no=bulk-sending&tried=exponential-backoff");
        let (e2, a2) = from_fragment(&format!("#{f}")).unwrap();
        assert_eq!((e2.id.as_ref(), a2), (SEED, a));
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        assert_eq!(from_fragment(""), Err(LinkError::NoEntry));
        assert_eq!(
            from_fragment("#entry=communication/gone"),
            Err(LinkError::UnknownEntry("communication/gone".into()))
        );
        assert!(matches!(from_fragment("#entry"), Err(LinkError::Malformed(_))));
        assert!(matches!(from_fragment(&format!("#entry={SEED}&role=boss")), Err(LinkError::Malformed(_))));
        assert!(matches!(from_fragment(&format!("#entry={SEED}&version=%ZZ")), Err(LinkError::Malformed(_))));
        // A symptom the entry no longer has is dropped, not fatal.
        let (_, a) = from_fragment(&format!("#entry={SEED}&yes=gone,too-many-connections")).unwrap();
        assert_eq!(a.symptoms.len(), 1);
    }
}
