//! The text that phrases are matched against: lowercase, white space
//! squeezed, and the values that vary between two servers' wordings of one
//! error masked, so that one phrase covers them all. Phrases in the catalog
//! go through the same function at build time, so a phrase may be written
//! with a value in it (`user <ann@example.com> unknown`) or with the
//! placeholder itself (`user {address} unknown`).
//!
//! | Placeholder | Stands for |
//! |---|---|
//! | `{address}` | an email address, with any `<>`, `[]`, `()` or quotes around it |
//! | `{ip}` | an IPv4 or IPv6 address, with any brackets around it |
//! | `{id}` | a token of eight or more characters where letters and digits alternate (queue IDs: `3F1A21C0D2`) |
//! | `{n}` | any other number that is not a reply code or an enhanced status code, nor in a URL's path |
//!
//! Reply codes (`550`) and enhanced status codes (`5.1.1`) are kept, and so
//! are bracketed keywords without digits or dots (`[SUSPEND]`) and host
//! names: a blocklist zone or a provider's host is part of what an error says.

/// Normalises `text` for phrase matching; see the module's table.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    let mut space = true;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
            i += 1;
            continue;
        }
        let (end, seen) = token_end(b, i);
        if end == i {
            // A separator or a non-ASCII character: kept as it is, lowercased.
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase() as char);
                i += 1;
            } else {
                let ch = text[i..].chars().next().expect("in bounds");
                crate::push_lowercase(&mut out, ch);
                i += ch.len_utf8();
            }
            space = false;
            continue;
        }
        let token = &text[i..end];
        match mask(token, seen, b, i) {
            Some(m) => {
                // Brackets and quotes right around an address or IP go with it.
                while m != "{n}" && m != "{id}" && out.ends_with(['<', '[', '(', '"', '\'']) {
                    out.pop();
                }
                out.push_str(m);
                i = end;
                while i < b.len() && matches!(b[i], b'>' | b']' | b')' | b'"' | b'\'') && m != "{n}" && m != "{id}" {
                    i += 1;
                }
                // A port after an IP literal: `[192.0.2.1]:25`.
                if m == "{ip}" && i + 1 < b.len() && b[i] == b':' && b[i + 1].is_ascii_digit() {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            None => {
                // A token is ASCII (see `token_end`): copied, then lowercased in place.
                let start = out.len();
                out.push_str(token);
                out[start..].make_ascii_lowercase();
                i = end;
            }
        }
        space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// What a byte is to a token: part of one, and which of the bytes a mask needs.
const TOKEN: u8 = 1;
const DIGIT: u8 = 2;
const AT: u8 = 4;
const COLON: u8 = 8;
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'@' | b'-' | b'_' | b'+' | b'%' | b':') {
            t[c] = TOKEN;
        }
        c += 1;
    }
    let mut d = b'0';
    while d <= b'9' {
        t[d as usize] |= DIGIT;
        d += 1;
    }
    t[b'@' as usize] |= AT;
    t[b':' as usize] |= COLON;
    t
};

/// A token runs over ASCII letters, digits and the characters of addresses,
/// host names and codes; a trailing dot (end of a sentence) is not part of
/// it. Where it ends, and the `CLASS` bits of its bytes, in one look per byte.
fn token_end(b: &[u8], from: usize) -> (usize, u8) {
    let mut end = from;
    let mut seen = 0;
    while end < b.len() && CLASS[b[end] as usize] & TOKEN != 0 {
        seen |= CLASS[b[end] as usize];
        end += 1;
    }
    while end > from && matches!(b[end - 1], b'.' | b'-' | b':' | b'+') {
        end -= 1;
    }
    // An IPv6 literal such as `2001:db8::1` keeps its colons; any other
    // token stops at its first colon (`said:`, `host:port`).
    if seen & COLON != 0 {
        let token = &b[from..end];
        if let Some(c) = token.iter().position(|&x| x == b':') {
            if !is_ipv6(token) {
                end = from + c;
                while end > from && matches!(b[end - 1], b'.' | b'-') {
                    end -= 1;
                }
            }
        }
        seen = b[from..end].iter().fold(0, |s, &x| s | CLASS[x as usize]);
    }
    (end, seen)
}

/// The placeholder for a token, if it is a value; `seen` holds the `CLASS`
/// bits of its bytes.
fn mask(token: &str, seen: u8, whole: &[u8], at: usize) -> Option<&'static str> {
    let t = token.as_bytes();
    // Most tokens are words: every mask needs a digit, an `@`, or the colons of an IPv6 literal.
    if seen & (DIGIT | AT | COLON) == 0 {
        return None;
    }
    if seen & AT != 0 {
        if let Some(a) = t.iter().position(|&c| c == b'@') {
            if a > 0 && a + 1 < t.len() && t[a + 1..].contains(&b'.') {
                return Some("{address}");
            }
        }
    }
    if (seen & DIGIT != 0 && is_ipv4(t)) || (seen & COLON != 0 && is_ipv6(t)) {
        return Some("{ip}");
    }
    // What is left (codes, numbers, IDs) has digits.
    if seen & DIGIT == 0 {
        return None;
    }
    if is_code(t, whole, at) {
        return None;
    }
    // A number in a URL's path names a page (`answer/78754`, `81126#auth`): it is kept.
    if (at > 0 && whole[at - 1] == b'/') || whole.get(at + t.len()) == Some(&b'#') {
        return None;
    }
    let digits = t.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == t.len() {
        return Some("{n}");
    }
    // Queue and message IDs mix letters and digits all through
    // (`3F1A21C0D2`); a word with a number in it (`smtputf8`, `AS16012607`) is kept.
    let changes = t.windows(2).filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit()).count();
    if digits >= 3
        && changes >= 3
        && t.len() >= 8
        && t.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
    {
        return Some("{id}");
    }
    if digits > 0 && t.iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',')) {
        return Some("{n}");
    }
    None
}

/// A reply code (`550`, not part of a longer number) or an enhanced status
/// code (`5.1.1`, `4.7.650`).
fn is_code(t: &[u8], whole: &[u8], at: usize) -> bool {
    let before = at.checked_sub(1).map(|i| whole[i]);
    if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    if t.len() == 3 && t.iter().all(u8::is_ascii_digit) {
        return matches!(t[0], b'2'..=b'5') && t[1] <= b'5';
    }
    // `550-5.1.1` (a continued reply line) is a code too.
    let t = if t.len() > 4 && t[3] == b'-' && t[..3].iter().all(u8::is_ascii_digit) { &t[4..] } else { t };
    let mut parts = t.split(|&c| c == b'.');
    let (Some(class), Some(subject), Some(detail), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    matches!(class, b"2" | b"4" | b"5")
        && [subject, detail].iter().all(|p| (1..=3).contains(&p.len()) && p.iter().all(u8::is_ascii_digit))
}

// Written without collecting the parts: every token of every text goes through here.
fn is_ipv4(t: &[u8]) -> bool {
    let mut parts = 0;
    for p in t.split(|&c| c == b'.') {
        parts += 1;
        if parts > 4 || !(1..=3).contains(&p.len()) || !p.iter().all(u8::is_ascii_digit) {
            return false;
        }
    }
    parts == 4
}

fn is_ipv6(t: &[u8]) -> bool {
    let t = t.strip_prefix(b"IPv6:").or_else(|| t.strip_prefix(b"ipv6:")).unwrap_or(t);
    t.iter().filter(|&&c| c == b':').count() >= 2
        && t.iter().all(|c| c.is_ascii_hexdigit() || *c == b':' || *c == b'.')
        && t.iter().any(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn values_are_masked_and_codes_kept() {
        assert_eq!(normalize("550 User [recipient@example.net] does not exist"), "550 user {address} does not exist");
        assert_eq!(normalize("550 \"recipient@example.net\" is not a known user"), "550 {address} is not a known user");
        assert_eq!(
            normalize("451 4.7.650 The mail server [203.0.113.5] has been temporarily rate limited"),
            "451 4.7.650 the mail server {ip} has been temporarily rate limited"
        );
        assert_eq!(
            normalize("host mx.Example.COM[192.0.2.1]:25 said: 550-5.1.1  No   such user"),
            "host mx.example.com{ip} said: 550-5.1.1 no such user"
        );
        assert_eq!(normalize("550 [SUSPEND] Mailbox currently suspended"), "550 [suspend] mailbox currently suspended");
        assert_eq!(normalize("queue ID 3F1A21C0D2 delayed 12 times"), "queue id {id} delayed {n} times");
        assert_eq!(normalize("Connection refused to 2001:db8::25."), "connection refused to {ip}.");
        assert_eq!(normalize("e.g. try again in 5 minutes."), "e.g. try again in {n} minutes.");
    }

    #[test]
    fn placeholders_written_in_phrases_stay() {
        assert_eq!(normalize("user {address} does not exist"), "user {address} does not exist");
        assert_eq!(normalize("Mailbox  <ann@example.com> full"), "mailbox {address} full");
    }
}
