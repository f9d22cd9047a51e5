//! Just enough MIME to read bounces: headers with folding, multipart bodies,
//! base64 and quoted-printable. Parts come out as text tagged with what they
//! are, so the classifier can trust a delivery-status part and set a returned
//! original message aside.

use super::lines::{lines, starts_with_ci};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// The top-level header block of a message.
    Headers,
    /// Readable text: the notice a bounce opens with, a log, a reply line.
    Text,
    /// `message/delivery-status` (RFC 3464).
    DeliveryStatus,
    /// `message/feedback-report` (ARF, RFC 5965).
    Feedback,
    /// The original message returned with a bounce; read only as a last resort.
    Returned,
}

#[derive(Debug)]
pub struct Part<'a> {
    pub kind: PartKind,
    pub text: Cow<'a, str>,
}

const MAX_DEPTH: usize = 8;
const MAX_PARTS: usize = 400;

/// Splits `input` into parts. Text that is not a mail message is one `Text` part.
pub fn parts(input: &str) -> Vec<Part<'_>> {
    let mut out = Vec::new();
    if looks_like_message(input) {
        message(input, &mut out);
    } else {
        out.push(Part { kind: PartKind::Text, text: Cow::Borrowed(input) });
    }
    out
}

/// A message starts with header fields (or an mbox `From ` line) and has a
/// blank line after them.
pub fn looks_like_message(input: &str) -> bool {
    let mut fields = 0;
    for (i, line) in lines(input).enumerate() {
        if i == 0 && line.starts_with("From ") {
            continue;
        }
        if line.is_empty() {
            return fields >= 2;
        }
        if line.starts_with([' ', '\t']) && fields > 0 {
            continue;
        }
        if !is_field(line) {
            return false;
        }
        fields += 1;
        if i > 400 {
            return false;
        }
    }
    false
}

fn is_field(line: &str) -> bool {
    match line.find(':') {
        Some(n) if n > 0 => line[..n].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        _ => false,
    }
}

/// Splits a message into its header block and body.
fn split_headers(msg: &str) -> (&str, &str) {
    let b = msg.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
        let line = &msg[i..end];
        if line.trim_end_matches('\r').is_empty() {
            return (&msg[..i], msg.get(end + 1..).unwrap_or(""));
        }
        i = end + 1;
    }
    (msg, "")
}

/// The value of header field `name`, unfolded; `None` when absent.
pub fn header(headers: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in lines(headers) {
        match &mut value {
            Some(v) if line.starts_with([' ', '\t']) => {
                v.push(' ');
                v.push_str(line.trim());
            }
            Some(_) => break,
            None if starts_with_ci(line, name) && line[name.len()..].starts_with(':') => {
                value = Some(line[name.len() + 1..].trim().to_string());
            }
            None => {}
        }
    }
    value
}

/// A parameter of a structured header value: `boundary="abc"` → `abc`.
fn param(value: &str, name: &str) -> Option<String> {
    for piece in value.split(';').skip(1) {
        let piece = piece.trim();
        if starts_with_ci(piece, name) && piece[name.len()..].trim_start().starts_with('=') {
            let v = piece[name.len()..].trim_start()[1..].trim();
            let v = v.strip_prefix('"').map_or(v, |x| x.split('"').next().unwrap_or(x));
            return Some(v.to_string());
        }
    }
    None
}

fn message<'a>(msg: &'a str, out: &mut Vec<Part<'a>>) {
    let (headers, body) = split_headers(msg);
    out.push(Part { kind: PartKind::Headers, text: Cow::Borrowed(headers) });
    entity(headers, body, 0, out);
}

fn entity<'a>(headers: &str, body: &'a str, depth: usize, out: &mut Vec<Part<'a>>) {
    if out.len() >= MAX_PARTS {
        return;
    }
    let ctype = header(headers, "Content-Type").unwrap_or_default();
    let media = ctype.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let encoding =
        header(headers, "Content-Transfer-Encoding").map(|c| c.trim().to_ascii_lowercase()).unwrap_or_default();

    if media.starts_with("multipart/") && depth < MAX_DEPTH {
        if let Some(boundary) = param(&ctype, "boundary").filter(|b| !b.is_empty()) {
            let bodies = multipart(body, &boundary);
            // A body that says multipart but holds no boundary line is read as text.
            if !bodies.is_empty() {
                for part in bodies {
                    let (h, b) = split_headers(part);
                    entity(h, b, depth + 1, out);
                }
                return;
            }
        }
    }
    let kind = match media.as_str() {
        "message/delivery-status" | "message/global-delivery-status" => PartKind::DeliveryStatus,
        "message/feedback-report" => PartKind::Feedback,
        // The original message, returned: kept whole and read only if
        // nothing else was found (then with `parts` again).
        "message/rfc822" | "message/global" | "text/rfc822-headers" | "message/global-headers" => PartKind::Returned,
        m if m.is_empty() || m.starts_with("text/") || m.starts_with("multipart/") => PartKind::Text,
        // Not read (an image, an attachment): not decoded either.
        _ => return,
    };
    out.push(Part { kind, text: decode(body, &encoding) });
}

/// The bodies between `--boundary` lines. Only a line that opens with the
/// delimiter can be one: they are found by searching for it, not by reading
/// every line of every attachment.
fn multipart<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let delim = format!("--{boundary}");
    let close = format!("{delim}--");
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    // A boundary holds no line end, so no match hides one that opens a line.
    for (here, _) in body.match_indices(delim.as_str()) {
        if here > 0 && !matches!(b[here - 1], b'\n' | b'\r') {
            continue;
        }
        let end = memchr::memchr2(b'\n', b'\r', &b[here..]).map_or(b.len(), |n| here + n);
        // Where the next line starts, after the line end.
        let offset = next_line_start(body, end);
        let t = body[here..end].trim_end();
        if t == delim || t == close {
            if let Some(s) = start {
                out.push(&body[s..here]);
            }
            if t.len() > delim.len() {
                return out;
            }
            start = Some(offset);
        }
    }
    if let Some(s) = start {
        out.push(&body[s.min(body.len())..]);
    }
    out
}

fn next_line_start(s: &str, at: usize) -> usize {
    let b = s.as_bytes();
    match b.get(at) {
        Some(b'\r') if b.get(at + 1) == Some(&b'\n') => at + 2,
        Some(b'\r') | Some(b'\n') => at + 1,
        _ => at,
    }
}

fn decode<'a>(body: &'a str, encoding: &str) -> Cow<'a, str> {
    match encoding {
        "base64" => Cow::Owned(text_of_bytes(base64(body))),
        "quoted-printable" => Cow::Owned(text_of_bytes(quoted_printable(body))),
        _ => Cow::Borrowed(body),
    }
}

/// Decoded bytes as text: kept as they are when they are UTF-8 (no copy),
/// with U+FFFD for what is not.
fn text_of_bytes(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Lenient base64: skips anything outside the alphabet, stops at `=`.
pub fn base64(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                acc = 0;
                bits = 0;
                continue;
            }
            _ => continue,
        } as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable with soft line breaks.
pub fn quoted_printable(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            match (b.get(i + 1), b.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) | (Some(b'\r'), _) => i += 2,
                (Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                    out.push(hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoders_handle_real_shapes() {
        assert_eq!(base64("NTUwIDUuMS4xIFVzZXIg\r\ndW5rbm93bg=="), b"550 5.1.1 User unknown");
        assert_eq!(quoted_printable("550 5.1.1 no such =\r\nuser =3D bob"), b"550 5.1.1 no such user = bob");
    }

    #[test]
    fn headers_unfold() {
        let h = "Subject: Undelivered\r\n Mail\r\nContent-Type: multipart/report;\r\n\treport-type=delivery-status; boundary=\"B1\"\r\n";
        assert_eq!(header(h, "subject").as_deref(), Some("Undelivered Mail"));
        let ct = header(h, "content-type").unwrap();
        assert_eq!(param(&ct, "boundary").as_deref(), Some("B1"));
        assert_eq!(header(h, "From"), None);
    }

    #[test]
    fn multipart_report_splits_into_tagged_parts() {
        let msg = "From: MAILER-DAEMON@example.net\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\n\npreamble\n--XX\nContent-Type: text/plain\n\nnotice text\n--XX\nContent-Type: message/delivery-status\n\nStatus: 5.1.1\n--XX\nContent-Type: message/rfc822\n\nSubject: hi\n\nbody 550 text\n--XX--\n";
        let p = parts(msg);
        let kinds: Vec<PartKind> = p.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [PartKind::Headers, PartKind::Text, PartKind::DeliveryStatus, PartKind::Returned]);
        assert_eq!(p[1].text.trim(), "notice text");
        assert_eq!(p[2].text.trim(), "Status: 5.1.1");
    }

    #[test]
    fn boundary_lines_open_a_line_whatever_it_ends_with() {
        let body = "preamble --B1 not a boundary\r--B1 \r\none --B1\n--B1x\n--B1\rtwo\r\n--B1--\nepilogue";
        assert_eq!(multipart(body, "B1"), ["one --B1\n--B1x\n", "two\r\n"]);
    }

    #[test]
    fn plain_text_is_one_part() {
        let p = parts("421 4.7.0 Service not available");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].kind, PartKind::Text);
        assert!(!looks_like_message("Nov 28 postfix/smtp[1]: to=<a@b>: status=deferred"));
    }
}
