//! Mail addresses named in free text: the recipient a bounce line opens
//! with, the last address before a reply, the first one in a command.

fn is_address_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-=!#$&'*/?^`{|}~".contains(c)
}

/// An address at `at` (the `@`), grown to both sides.
fn address_around(s: &str, at: usize) -> Option<String> {
    let start =
        s[..at].rfind(|c: char| !is_address_char(c)).map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    let end =
        s[at + 1..].find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-')).map_or(s.len(), |i| at + 1 + i);
    let local = &s[start..at];
    let domain = s[at + 1..end].trim_end_matches('.');
    (!local.is_empty() && domain.contains('.')).then(|| format!("{local}@{domain}"))
}

pub fn first_address(s: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = s[from..].find('@') {
        if let Some(a) = address_around(s, from + i) {
            return Some(a);
        }
        from += i + 1;
    }
    None
}

pub fn last_address(s: &str) -> Option<String> {
    let mut end = s.len();
    while let Some(i) = s[..end].rfind('@') {
        if let Some(a) = address_around(s, i) {
            return Some(a);
        }
        end = i;
    }
    None
}

/// A line that opens with an address: `<ann@example.com>: …`, `ann@example.com (reason: …)`.
pub fn leading_address(t: &str) -> Option<String> {
    let first = t.split_whitespace().next()?;
    let a = first.trim_matches(['<', '>', ':', ',', '"']);
    (a.contains('@') && !a.contains(['(', ')'])).then(|| first_address(a)).flatten()
}
