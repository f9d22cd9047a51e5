//! RFC 3464 delivery status fields, wherever they stand: in a
//! `message/delivery-status` part, or pasted into plain text; each
//! per-recipient record comes out as a raw hit.

use super::hosts::host_part;
use super::lines::{is_continuation, lines, squeeze, starts_with_ci};
use super::raw::{clip, Raw};
use super::reply::{hits, primary, stage_in, text_of, Trust};
use super::{Action, Side};
use smtp_triage_model::EnhancedStatus;

/// One per-recipient block of a delivery status notification.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Record {
    pub recipient: Option<String>,
    pub action: Option<String>,
    pub status: Option<String>,
    pub diagnostic: Option<String>,
    pub remote_mta: Option<String>,
}

/// The per-message and per-recipient fields found in `text`.
#[derive(Debug, Default)]
pub struct Report {
    pub reporting_mta: Option<String>,
    pub records: Vec<Record>,
}

const FIELDS: &[&str] = &[
    "final-recipient",
    "original-recipient",
    "x-actual-recipient",
    "action",
    "status",
    "diagnostic-code",
    "remote-mta",
    "reporting-mta",
    "last-attempt-date",
    "will-retry-until",
    "arrival-date",
    "received-from-mta",
    "x-postfix-queue-id",
    "x-postfix-sender",
    "original-envelope-id",
    "dsn-gateway",
    "x-display-name",
    "x-supplementary-info",
];

/// The field a line starts, lowercase, with where its value begins.
fn field(line: &str) -> Option<(&'static str, usize)> {
    let b = line.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let colon = b.iter().take(25).position(|&c| c == b':')?;
    let name = &line[..colon];
    FIELDS.iter().find(|f| name.eq_ignore_ascii_case(f)).map(|f| (*f, colon + 1))
}

/// The delivery-status field a line starts, if any.
pub fn field_name(line: &str) -> Option<&'static str> {
    field(line).map(|(name, _)| name)
}

/// Whether `text` holds any delivery-status field worth a closer look.
pub fn present(text: &str) -> bool {
    // Found by their hyphen, then checked whole, ignoring case.
    let b = text.as_bytes();
    memchr::memchr_iter(b'-', b).any(|i| {
        let field = |name: &str, dash: usize| {
            i >= dash && b.get(i - dash..i - dash + name.len()).is_some_and(|f| f.eq_ignore_ascii_case(name.as_bytes()))
        };
        field("diagnostic-code:", 10) || field("final-recipient:", 5)
    })
}

pub fn read(text: &str) -> Report {
    let mut report = Report::default();
    let mut block: Vec<(&'static str, String)> = Vec::new();
    let flush = |block: &mut Vec<(&'static str, String)>, report: &mut Report| {
        if block.is_empty() {
            return;
        }
        let get = |name: &str| block.iter().find(|(n, _)| *n == name).map(|(_, v)| v.trim().to_string());
        if report.reporting_mta.is_none() {
            report.reporting_mta = get("reporting-mta");
        }
        let status = get("status");
        let diagnostic = get("diagnostic-code");
        if status.is_some() || diagnostic.is_some() {
            let recipient =
                get("final-recipient").or_else(|| get("x-actual-recipient")).or_else(|| get("original-recipient"));
            report.records.push(Record {
                recipient: recipient.map(|r| address_value(&r)),
                action: get("action").map(|a| a.to_ascii_lowercase()),
                status,
                diagnostic,
                remote_mta: get("remote-mta"),
            });
        }
        block.clear();
    };
    for line in lines(text) {
        if let Some((name, at)) = field(line) {
            // A field seen again starts the next recipient's block, even without a blank line.
            if name != "status" && block.iter().any(|(n, _)| *n == name) && name.ends_with("recipient") {
                flush(&mut block, &mut report);
            }
            block.push((name, line[at..].trim().to_string()));
        } else if is_continuation(line) && !block.is_empty() {
            if let Some((_, v)) = block.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
        } else if !block.is_empty() && (line.trim().is_empty() || !starts_with_ci(line, "x-")) {
            flush(&mut block, &mut report);
        }
    }
    flush(&mut block, &mut report);
    report
}

/// `rfc822; ann@example.com` → `ann@example.com`.
fn address_value(v: &str) -> String {
    let v = v.split_once(';').map_or(v, |(_, a)| a).trim();
    v.trim_matches(['<', '>']).to_string()
}

/// `smtp; 550 5.1.1 …` → `550 5.1.1 …`; `X-Postfix; …` → `…`.
pub fn diagnostic_text(v: &str) -> &str {
    match v.split_once(';') {
        Some((kind, rest)) if kind.len() <= 16 && !kind.contains(' ') => rest.trim(),
        _ => v.trim(),
    }
}

/// A record as a raw hit: its action, the reply and words of its
/// diagnostic, and the best enhanced code of the record and the server.
pub fn raw(rec: Record) -> Raw {
    let mut raw = Raw {
        recipient: rec.recipient,
        remote: rec.remote_mta.as_deref().map(|h| host_part(h).to_string()).filter(|h| !h.is_empty()),
        side: Some(Side::Sending),
        ..Raw::default()
    };
    let status = rec.status.as_deref().and_then(|s| EnhancedStatus::parse(s.split_whitespace().next().unwrap_or("")));
    raw.action = match rec.action.as_deref() {
        Some("delivered" | "relayed" | "expanded" | "deliverable") => Some(Action::Delivered),
        Some("delayed") => Some(Action::Delayed),
        Some(_) => Some(Action::Failed),
        None if status.is_some_and(|s| s.class == 2) => Some(Action::Delivered),
        None => Some(Action::Failed),
    };
    if let Some(diag) = &rec.diagnostic {
        let words = diagnostic_text(diag);
        // With its type: `X-Unix; 69` is a local program's exit status.
        raw.context = clip(diag);
        let h = hits(words, Trust::Field);
        match primary(&h) {
            Some(i) => {
                raw.reply = h[i].reply;
                raw.enhanced = h[i].enhanced;
                raw.text = text_of(words, &h[i], h.get(i + 1));
            }
            None => raw.text = squeeze(words),
        }
        raw.stage = stage_in(words);
    }
    // The server's own enhanced code says more than the report's, unless
    // it contradicts the reply; a report may also get the class wrong.
    let class = raw.reply.map(|r| r.class());
    let fits = |e: &EnhancedStatus| class.is_none_or(|c| c == e.class);
    raw.enhanced = raw.enhanced.filter(fits).or(status.filter(fits)).or(raw.enhanced).or(status);
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_recipient_blocks_with_folding() {
        let t = "Reporting-MTA: dns; relay.example.net\n\nFinal-Recipient: rfc822; ann@example.com\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.example.com\nDiagnostic-Code: smtp; 550 5.1.1 <ann@example.com>:\n    Recipient address rejected\n\nFinal-Recipient: rfc822; bob@example.com\nAction: delayed\nStatus: 4.4.1\n";
        let r = read(t);
        assert_eq!(r.reporting_mta.as_deref(), Some("dns; relay.example.net"));
        assert_eq!(r.records.len(), 2);
        assert_eq!(r.records[0].recipient.as_deref(), Some("ann@example.com"));
        assert_eq!(
            r.records[0].diagnostic.as_deref(),
            Some("smtp; 550 5.1.1 <ann@example.com>: Recipient address rejected")
        );
        assert_eq!(r.records[1].action.as_deref(), Some("delayed"));
        assert_eq!(diagnostic_text("smtp; 550 x"), "550 x");
    }
}
