//! Finds SMTP replies in a line of text: a reply code (`550`), an enhanced
//! status code (`5.1.1`), or both, and the server's words after them. No
//! regex: one pass over the bytes, looking at the few places a code can start.

use super::lines::{find_ci, floor_boundary};
use super::Stage;
use smtp_triage_model::{EnhancedStatus, ReplyCode};

/// A code found in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Where the first code starts.
    pub at: usize,
    /// Where the codes end and the server's text begins.
    pub text_at: usize,
    pub reply: Option<ReplyCode>,
    pub enhanced: Option<EnhancedStatus>,
}

/// How much context a bare reply code (one without an enhanced code after
/// it) needs before it is believed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Free text: a bare code must open the line or follow `:`, `;`, `=`, `<<<` and the like.
    Text,
    /// A field that holds a reply (`Diagnostic-Code: smtp; …`, `stat=…`): any code counts.
    Field,
}

/// A code starts a word: after anything but a letter, digit or the
/// characters that join words into names, numbers and addresses.
fn boundary_before(b: &[u8], i: usize) -> bool {
    i == 0
        || !(b[i - 1].is_ascii_alphanumeric()
            || matches!(b[i - 1], b'.' | b'-' | b'_' | b'/' | b'@' | b'+' | b'%' | b'&' | b'$'))
}

/// Units that make a three-digit number a quantity, not a reply code.
const UNITS: &[&str] = &[
    "bytes",
    "byte",
    "kb",
    "mb",
    "gb",
    "ms",
    "sec",
    "seconds",
    "minutes",
    "hours",
    "days",
    "messages",
    "recipients",
    "items",
    "%",
];

/// Every code in `line`, in order. Consecutive hits with the same codes (the
/// continuation lines of one multi-line reply written on one line) are one hit.
pub fn hits(line: &str, trust: Trust) -> Vec<Hit> {
    let b = line.as_bytes();
    let mut out: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i + 3 <= b.len() {
        let Some(off) = memchr::memchr3(b'2', b'4', b'5', &b[i..]) else { break };
        let at = i + off;
        i = at + 1;
        if !boundary_before(b, at) {
            continue;
        }
        if let Some(hit) = reply_at(line, at, trust) {
            i = hit.text_at.max(at + 1);
            push(&mut out, hit);
        } else if let Some(hit) = enhanced_at(line, at) {
            i = hit.text_at;
            push(&mut out, hit);
        }
    }
    out
}

fn push(out: &mut Vec<Hit>, hit: Hit) {
    if let Some(last) = out.last_mut() {
        if last.reply == hit.reply && last.enhanced == hit.enhanced {
            return;
        }
        // `550 5.7.1 550 User unknown`: a code repeated after itself is part of the text.
        if hit.reply.is_some() && hit.reply == last.reply && hit.enhanced.is_none() {
            return;
        }
        // `550 User unknown (#5.1.1)`: an enhanced code after a reply belongs to that reply.
        if hit.reply.is_none() && last.reply.is_some() {
            if last.enhanced.is_none() && hit.enhanced.is_some_and(|e| Some(e.class) == last.reply.map(|r| r.class())) {
                last.enhanced = hit.enhanced;
            }
            return;
        }
    }
    out.push(hit);
}

fn reply_at(line: &str, at: usize, trust: Trust) -> Option<Hit> {
    let b = line.as_bytes();
    let reply = ReplyCode::from_digits([b[at], *b.get(at + 1)?, *b.get(at + 2)?])?;
    let after = at + 3;
    match b.get(after) {
        None | Some(b' ' | b'-' | b')' | b']' | b'"' | b'\'' | b',' | b';' | b'\t' | b'\n') => {}
        // `550: 5.2.2 …`, but not the `220:6d` of an IPv6 address.
        Some(b':') if b.get(after + 1) == Some(&b' ') => {}
        _ => return None,
    }
    // An enhanced code right after: `550 5.1.1`, `550-5.1.1`, `550 #5.1.1`, `550: 5.2.2`, `550-'5.2.2`.
    let mut e = after;
    // Python's smtplib writes `(550, b'5.1.1 …')`.
    if line[after..].starts_with(", b'") || line[after..].starts_with(", b\"") {
        e += 4;
    }
    while e < b.len() && e < after + 3 && matches!(b[e], b' ' | b'-' | b'#' | b':' | b'\'' | b'"') {
        e += 1;
    }
    if e > after {
        if let Some((code, len)) = EnhancedStatus::parse_prefix(&b[e..]) {
            // Exchange writes `550 4.4.7 QUEUE.Expired`: the codes as written, even when their classes differ.
            if code.subject <= 7 && ends_cleanly(b, e + len) {
                return Some(Hit { at, text_at: e + len, reply: Some(reply), enhanced: Some(code) });
            }
        }
    }
    // A bare reply code needs a reason to be believed.
    let text = line[after..].trim_start_matches([' ', '-', '\n', '\t']);
    let word = text.split(|c: char| !c.is_alphanumeric() && c != '%').next().unwrap_or("");
    if UNITS.iter().any(|u| word.eq_ignore_ascii_case(u)) {
        return None;
    }
    let before = line[..at].trim_end();
    let marked = before.ends_with([':', ';', '=', '(', '\'', '"', '#', '[', '{'])
        || before.ends_with("<<<")
        || before.ends_with("<-")
        || before.ends_with("<~")
        || before.ends_with("<**")
        || before.ends_with(" said")
        || before.ends_with(" S");
    // The words start the reply; a code alone at the end of a line counts after a marker.
    let worded = text.starts_with(|c: char| c.is_alphabetic() || "<\"'[(#".contains(c)) || text.starts_with(": ");
    let alone = text.is_empty() && reply.class() >= 4 && (trust == Trust::Field || marked);
    if !worded && !alone {
        return None;
    }
    let believed = match trust {
        Trust::Field => true,
        // A bare 2yz in prose is too often a number; in a transcript it is marked.
        Trust::Text if reply.class() == 2 => {
            before.ends_with("<<<") || before.ends_with(" S") || before.ends_with("S:")
        }
        Trust::Text => before.is_empty() || marked,
    };
    if !believed || reply.class() == 3 {
        return None;
    }
    Some(Hit { at, text_at: after, reply: Some(reply), enhanced: None })
}

/// A code that ends at `i`: not followed by more digits, letters or `.digit`.
fn ends_cleanly(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => false,
        Some(b'.') => !b.get(i + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => true,
    }
}

fn enhanced_at(line: &str, at: usize) -> Option<Hit> {
    let b = line.as_bytes();
    if b[at] == b'2' {
        return None;
    }
    let (code, len) = EnhancedStatus::parse_prefix(&b[at..])?;
    if code.subject > 7 || !ends_cleanly(b, at + len) {
        return None;
    }
    Some(Hit { at, text_at: at + len, reply: None, enhanced: Some(code) })
}

/// The hit that says most: a failure with both codes, else a failure reply,
/// else a failure enhanced code, else the first.
pub fn primary(hits: &[Hit]) -> Option<usize> {
    let failure = |h: &Hit| h.reply.map(|r| r.class()).or(h.enhanced.map(|e| e.class)).is_some_and(|c| c >= 4);
    hits.iter()
        .position(|h| failure(h) && h.reply.is_some() && h.enhanced.is_some())
        .or_else(|| hits.iter().position(|h| failure(h) && h.reply.is_some()))
        .or_else(|| hits.iter().position(failure))
        .or((!hits.is_empty()).then_some(0))
}

/// The server's words for `hit` in `line`: up to the next hit, without the
/// repeated codes of continuation lines, the stage note, or the bracket the
/// reply sat in (`status=bounced (host x said: 550 …)`).
pub fn text_of(line: &str, hit: &Hit, next: Option<&Hit>) -> String {
    let after = words_after(line, hit, next);
    // qmail and Domino end the sentence with the code: `… host named x. (#5.1.2)`.
    if hit.reply.is_none() && after.trim_matches([')', ']', '.', ' ']).is_empty() {
        let start = line[..hit.at].rfind('\n').map_or(0, |i| i + 1);
        let before = line[start.max(context_start(line, hit.at))..hit.at].trim_end_matches(['(', '[', '#', ' ']);
        return super::lines::squeeze(before);
    }
    after
}

fn words_after(line: &str, hit: &Hit, next: Option<&Hit>) -> String {
    let mut end = next.map_or(line.len(), |n| n.at);
    // Brackets opened shortly before the reply and not closed: the reply ends where they close.
    let mut open = 0usize;
    let window = hit.at.saturating_sub(CONTEXT);
    for c in line.as_bytes()[window..hit.at].iter().copied() {
        match c {
            b'(' => open += 1,
            b')' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    if open > 0 {
        let mut depth = 0usize;
        for (i, c) in line[hit.text_at.min(end)..end].bytes().enumerate() {
            match c {
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    end = hit.text_at + i;
                    break;
                }
                b')' => depth -= 1,
                _ => {}
            }
        }
    }
    let raw = line[hit.text_at.min(end)..end].trim_start_matches([' ', '-', '\t', ':', '\n', '\'']);
    // Joined lines are kept apart by `\n`: the reply ends where a new labelled field begins.
    let raw = match raw.split('\n').skip(1).position(is_label_line) {
        Some(k) => {
            let cut: usize = raw.split('\n').take(k + 1).map(|s| s.len() + 1).sum();
            &raw[..cut.saturating_sub(1)]
        }
        None => raw,
    };
    let mut text = strip_repeats(raw, hit);
    if let Some(i) = find_ci(&text, "(in reply to ") {
        text.truncate(i);
    }
    let t = text.trim().trim_end_matches(['\'', '"']).trim();
    let mut out = super::lines::squeeze(t);
    if out.len() > MAX_TEXT {
        out.truncate(floor_boundary(&out, MAX_TEXT));
        out.push('…');
    }
    out
}

/// How far before a code its context is read (brackets, markers, addresses).
pub const CONTEXT: usize = 512;

/// Where the `CONTEXT` bytes before `at` begin: at a character boundary, so
/// the context can be sliced whatever the text's characters.
pub fn context_start(line: &str, at: usize) -> usize {
    floor_boundary(line, at.saturating_sub(CONTEXT))
}
/// The longest reply text kept.
const MAX_TEXT: usize = 2000;

/// A line that starts a labelled field of a bounce notice (`Remote system: …`,
/// `Generating server: …`), not a wrapped reply (`Recipient address rejected: …`).
fn is_label_line(seg: &str) -> bool {
    let seg = seg.trim_start();
    let Some(colon) = seg.find(": ") else { return false };
    let label = &seg[..colon];
    let words: Vec<&str> = label.split(' ').collect();
    let verbs = ["rejected", "denied", "failed", "error", "unknown", "refused", "blocked", "unavailable", "said"];
    (1..=3).contains(&words.len())
        && label.starts_with(|c: char| c.is_ascii_uppercase())
        && words.iter().all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
        && !words.iter().any(|w| verbs.contains(&w.to_ascii_lowercase().as_str()))
}

/// `The account 550-5.1.1 does not exist 550 5.1.1 https://…` → without the
/// repeated codes of continuation lines; one pass.
fn strip_repeats(text: &str, hit: &Hit) -> String {
    let Some(reply) = hit.reply else { return text.to_string() };
    let code = reply.to_string();
    let enhanced = hit.enhanced.map(|e| e.to_string());
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(code.as_str()) {
        let at_word = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = &rest[i + 3..];
        let skip = if !at_word {
            None
        } else if let Some(x) = after.strip_prefix('-') {
            // `550-` or `550-5.1.1 `
            Some(enhanced.as_deref().and_then(|e| x.strip_prefix(e)).map_or(x, |y| y.trim_start()))
        } else if let Some(x) = after.strip_prefix(' ') {
            // `550 5.1.1 ` (the last line of a multi-line reply)
            enhanced.as_deref().and_then(|e| x.strip_prefix(e)).filter(|y| y.starts_with(' ')).map(str::trim_start)
        } else {
            None
        };
        match skip {
            Some(next) => {
                out.push_str(&rest[..i]);
                rest = next;
            }
            None => {
                out.push_str(&rest[..i + 3]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The SMTP stage a line states: `(in reply to RCPT TO command)`,
/// `after RCPT TO:<…>`, `while sending end of data`, `NOQUEUE: reject: RCPT from`.
pub fn stage_in(line: &str) -> Option<Stage> {
    const SAYINGS: &[(&str, Stage)] = &[
        ("in reply to end of data", Stage::EndOfData),
        ("after end of data", Stage::EndOfData),
        ("while sending end of data", Stage::EndOfData),
        ("after data", Stage::Data),
        ("in reply to data command", Stage::Data),
        ("in reply to rcpt to", Stage::RcptTo),
        ("after rcpt to", Stage::RcptTo),
        ("while sending rcpt to", Stage::RcptTo),
        ("reject: rcpt from", Stage::RcptTo),
        ("rejected rcpt", Stage::RcptTo),
        ("in reply to mail from", Stage::MailFrom),
        ("after mail from", Stage::MailFrom),
        ("while sending mail from", Stage::MailFrom),
        ("reject: mail from", Stage::MailFrom),
        ("rejected mail", Stage::MailFrom),
        ("in reply to helo", Stage::Helo),
        ("in reply to ehlo", Stage::Helo),
        ("after helo", Stage::Helo),
        ("after ehlo", Stage::Helo),
        ("reject: ehlo from", Stage::Helo),
        ("reject: helo from", Stage::Helo),
        ("rejected ehlo", Stage::Helo),
        ("rejected helo", Stage::Helo),
        ("in reply to auth", Stage::Auth),
        ("authenticator failed", Stage::Auth),
        ("authentication failed", Stage::Auth),
        ("in reply to starttls", Stage::StartTls),
        ("after starttls", Stage::StartTls),
        ("tls handshake", Stage::StartTls),
        ("reject: data from", Stage::Data),
        ("reject: end-of-message from", Stage::EndOfData),
        ("reject: connect from", Stage::Connect),
        ("while receiving the initial server greeting", Stage::Connect),
        ("during smtp greeting", Stage::Connect),
        ("after initial connection", Stage::Connect),
        ("refused to talk to me", Stage::Connect),
        ("in reply to end of message", Stage::EndOfData),
    ];
    static SET: std::sync::OnceLock<super::phrases::PhraseSet> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| super::phrases::PhraseSet::new(SAYINGS.iter().map(|(s, _)| s)));
    set.first(line).map(|i| SAYINGS[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(line: &str, trust: Trust) -> Vec<(Option<u16>, Option<String>)> {
        hits(line, trust).iter().map(|h| (h.reply.map(|r| r.get()), h.enhanced.map(|e| e.to_string()))).collect()
    }

    #[test]
    fn reply_with_enhanced_code() {
        assert_eq!(codes("421 4.7.0 Service not available", Trust::Text), [(Some(421), Some("4.7.0".into()))]);
        assert_eq!(
            codes("host x said: 550-5.1.1 The email 550-5.1.1 account 550 5.1.1 gone", Trust::Text),
            [(Some(550), Some("5.1.1".into()))]
        );
    }

    #[test]
    fn bare_reply_needs_context() {
        assert_eq!(codes("server refused to talk to me: 421 Service not available", Trust::Text), [(Some(421), None)]);
        assert_eq!(codes("421 Service not available", Trust::Text), [(Some(421), None)]);
        assert!(codes("we sent 550 messages today", Trust::Text).is_empty());
        assert!(codes("size: 552 bytes", Trust::Text).is_empty());
        assert_eq!(codes("550 User unknown", Trust::Field), [(Some(550), None)]);
    }

    #[test]
    fn enhanced_alone_but_not_versions_or_addresses() {
        assert_eq!(codes("Unable to contact LDAP server. (#4.4.3)", Trust::Text), [(None, Some("4.4.3".into()))]);
        assert!(codes("by mx (Exim 4.94.2) with esmtp", Trust::Text).is_empty());
        assert!(codes("connect to 5.6.7.8 port 25", Trust::Text).is_empty());
        assert!(codes("at 23:45:43 from 45.4.4.4", Trust::Text).is_empty());
    }

    #[test]
    fn text_drops_repeats_and_stage_note() {
        let line = "host mx[192.0.2.1] said: 550-5.1.1 The email account 550-5.1.1 does not exist 550 5.1.1 https://x - gsmtp (in reply to RCPT TO command))";
        let h = hits(line, Trust::Text);
        assert_eq!(text_of(line, &h[0], None), "The email account does not exist https://x - gsmtp");
        assert_eq!(stage_in(line), Some(Stage::RcptTo));
    }
}
