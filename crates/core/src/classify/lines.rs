//! Lines as people paste them: LF, CRLF or a lone CR (old Mac mail), and
//! "logical lines" that join what mail software folds over several lines.

/// Splits on `\n`, `\r\n` and a lone `\r`, without copying.
pub fn lines(s: &str) -> Lines<'_> {
    Lines { rest: s }
}

pub struct Lines<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let b = self.rest.as_bytes();
        match memchr::memchr2(b'\n', b'\r', b) {
            Some(i) => {
                let line = &self.rest[..i];
                let skip = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                self.rest = &self.rest[i + skip..];
                Some(line)
            }
            None => {
                let line = self.rest;
                self.rest = "";
                Some(line)
            }
        }
    }
}

/// Whether a line continues the one before it: folded header fields and
/// wrapped bounce paragraphs are indented.
pub fn is_continuation(line: &str) -> bool {
    line.starts_with([' ', '\t']) && !line.trim().is_empty()
}

/// Collapses runs of white space to one space and trims: how texts are compared and shown.
pub fn squeeze(s: &str) -> String {
    squeeze_up_to(s, usize::MAX)
}

/// [`squeeze`] kept to `max` bytes, cut at a character boundary: it stops
/// reading once it has written more.
pub fn squeeze_up_to(s: &str, max: usize) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len().min(max.saturating_add(1)));
    let mut space = false;
    for &c in b {
        if out.len() > max {
            break;
        }
        if c.is_ascii_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(b' ');
                space = false;
            }
            out.push(c);
        }
    }
    if out.len() > max {
        // The byte at `max` is written: a character starts there unless it continues one.
        let mut cut = max;
        while cut > 0 && out[cut] & 0xC0 == 0x80 {
            cut -= 1;
        }
        out.truncate(cut);
    }
    // Only ASCII white space was replaced, so the bytes are still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Case-insensitive ASCII prefix test.
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Case-insensitive ASCII search; `needle` must be lowercase ASCII. The
/// text is searched for the needle's rarest byte (in either case), so that
/// few places are compared in full: `feedback-type:` is looked for by its
/// `k`, not by every `f` of a message.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    if h.len() < n.len() {
        return None;
    }
    let r = (0..n.len()).min_by_key(|&i| commonness(n[i])).unwrap_or(0);
    let (lower, upper) = (n[r], n[r].to_ascii_uppercase());
    // Candidates start at `at..=last`; their rare byte is `r` further on.
    let last = h.len() - n.len();
    let mut at = 0;
    while at <= last {
        let i = memchr::memchr2(lower, upper, &h[at + r..=last + r])? + at;
        if h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// How common a byte is in mail (prose, headers, base64), roughly: lower is
/// rarer. Letters by their frequency in English; white space is everywhere;
/// digits and punctuation (`:` and `-` in every header) sit in the middle.
fn commonness(b: u8) -> u8 {
    const LETTERS: &[u8; 26] = b"zqjxkvbpygfwmucldhrsnioate";
    match b {
        b' ' | b'\t' => 60,
        b'a'..=b'z' => 20 + LETTERS.iter().position(|&c| c == b).unwrap_or(0) as u8,
        _ => 30,
    }
}

pub fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay, needle).is_some()
}

/// The largest char boundary at or below `i`.
pub fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_splits() {
        assert_eq!(lines("a\r\nb\nc\rd").collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        assert_eq!(lines("a\n\nb\n").collect::<Vec<_>>(), ["a", "", "b"]);
        assert_eq!(lines("").count(), 0);
    }

    #[test]
    fn squeezing_to_a_length_cuts_as_truncating_would() {
        let s = "  a\t b é  c ";
        for max in 0..12 {
            let mut whole = squeeze(s);
            whole.truncate(floor_boundary(&whole, max));
            assert_eq!(squeeze_up_to(s, max), whole, "{max}");
        }
    }

    #[test]
    fn case_insensitive_search() {
        assert_eq!(find_ci("Host said: 550", "said:"), Some(5));
        assert_eq!(find_ci("SAID", "said"), Some(0));
        assert_eq!(find_ci("sai", "said"), None);
        assert!(contains_ci("Relay ACCESS denied", "access denied"));
        // The first occurrence, however the rare byte falls.
        assert_eq!(find_ci("feedback feedback-Type: x Feedback-type:", "feedback-type:"), Some(9));
        assert_eq!(find_ci("xxzz", "zz"), Some(2));
        assert_eq!(find_ci("zz", "zz"), Some(0));
        assert_eq!(find_ci("a z", "z"), Some(2));
    }
}
