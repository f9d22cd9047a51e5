//! SMTP reply codes (RFC 5321 section 4.2) and enhanced status codes
//! (RFC 3463), as parsed types rather than strings.

use std::fmt;

/// A three-digit SMTP reply code such as 421: first digit 2 to 5, second 0 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(into = "String"))]
pub struct ReplyCode(u16);

impl ReplyCode {
    /// Builds a code from its number, if it is a well-formed reply code.
    pub const fn new(n: u16) -> Option<ReplyCode> {
        let (a, b) = (n / 100, (n / 10) % 10);
        if n >= 200 && n <= 599 && a >= 2 && b <= 5 {
            Some(ReplyCode(n))
        } else {
            None
        }
    }

    /// Parses exactly three ASCII digits.
    pub fn parse(s: &str) -> Option<ReplyCode> {
        let b = s.as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Self::from_digits([b[0], b[1], b[2]])
    }

    /// Builds a code from three ASCII digits.
    pub fn from_digits(d: [u8; 3]) -> Option<ReplyCode> {
        if !d.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = (d[0] - b'0') as u16 * 100 + (d[1] - b'0') as u16 * 10 + (d[2] - b'0') as u16;
        Self::new(n)
    }

    pub const fn get(self) -> u16 {
        self.0
    }

    /// The first digit: 2 success, 3 intermediate, 4 transient failure, 5 permanent failure.
    pub const fn class(self) -> u8 {
        (self.0 / 100) as u8
    }
}

impl fmt::Display for ReplyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<ReplyCode> for String {
    fn from(c: ReplyCode) -> String {
        c.to_string()
    }
}

/// An enhanced status code `class.subject.detail` (RFC 3463), e.g. 4.7.0.
/// The class is 2, 4 or 5; subject and detail have at most three digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(into = "String"))]
pub struct EnhancedStatus {
    pub class: u8,
    pub subject: u16,
    pub detail: u16,
}

impl EnhancedStatus {
    pub const fn new(class: u8, subject: u16, detail: u16) -> Option<EnhancedStatus> {
        if (class == 2 || class == 4 || class == 5) && subject <= 999 && detail <= 999 {
            Some(EnhancedStatus { class, subject, detail })
        } else {
            None
        }
    }

    /// Parses `c.s.d` with nothing around it.
    pub fn parse(s: &str) -> Option<EnhancedStatus> {
        match Self::parse_prefix(s.as_bytes()) {
            Some((code, len)) if len == s.len() => Some(code),
            _ => None,
        }
    }

    /// Parses a code at the start of `b`, returning it and how many bytes it took.
    /// The caller checks what follows (a space, a bracket, the end).
    pub fn parse_prefix(b: &[u8]) -> Option<(EnhancedStatus, usize)> {
        let class = *b.first()?;
        if !matches!(class, b'2' | b'4' | b'5') || b.get(1) != Some(&b'.') {
            return None;
        }
        let (subject, n1) = digits(&b[2..])?;
        let at = 2 + n1;
        if b.get(at) != Some(&b'.') {
            return None;
        }
        let (detail, n2) = digits(&b[at + 1..])?;
        let code = EnhancedStatus::new(class - b'0', subject, detail)?;
        Some((code, at + 1 + n2))
    }

    /// The registry key of this code, with `X` for the class (`X.7.1`).
    pub fn key(self) -> (u16, u16) {
        (self.subject, self.detail)
    }
}

/// One to three ASCII digits, with no leading zero unless the number is 0.
fn digits(b: &[u8]) -> Option<(u16, usize)> {
    let n = b.iter().take(4).take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > 3 || (n > 1 && b[0] == b'0') {
        return None;
    }
    let v = b[..n].iter().fold(0u16, |acc, c| acc * 10 + (c - b'0') as u16);
    Some((v, n))
}

impl fmt::Display for EnhancedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

impl From<EnhancedStatus> for String {
    fn from(c: EnhancedStatus) -> String {
        c.to_string()
    }
}

/// A single enhanced code or an inclusive range within one class and subject,
/// such as `5.7.606-5.7.649` (Microsoft's banned-sender range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(into = "String"))]
pub struct EnhancedRange {
    pub first: EnhancedStatus,
    pub last: EnhancedStatus,
}

impl EnhancedRange {
    /// Parses `5.7.1` or `5.7.606-5.7.649`. A range must stay within one
    /// class and subject and must not run backwards.
    pub fn parse(s: &str) -> Option<EnhancedRange> {
        let s = s.trim();
        let (a, b) = match s.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (s, s),
        };
        let first = EnhancedStatus::parse(a)?;
        let last = EnhancedStatus::parse(b)?;
        if first.class != last.class || first.subject != last.subject || first.detail > last.detail {
            return None;
        }
        Some(EnhancedRange { first, last })
    }

    pub fn contains(&self, c: EnhancedStatus) -> bool {
        c.class == self.first.class
            && c.subject == self.first.subject
            && c.detail >= self.first.detail
            && c.detail <= self.last.detail
    }

    pub fn is_single(&self) -> bool {
        self.first == self.last
    }
}

impl fmt::Display for EnhancedRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

impl From<EnhancedRange> for String {
    fn from(c: EnhancedRange) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_codes_accept_only_smtp_shapes() {
        assert_eq!(ReplyCode::parse("421").map(ReplyCode::get), Some(421));
        assert_eq!(ReplyCode::parse("421").unwrap().class(), 4);
        assert_eq!(ReplyCode::parse("199"), None);
        assert_eq!(ReplyCode::parse("461"), None);
        assert_eq!(ReplyCode::parse("42"), None);
        assert_eq!(ReplyCode::parse("4210"), None);
        assert_eq!(ReplyCode::parse("600"), None);
    }

    #[test]
    fn enhanced_codes_parse_with_their_length() {
        assert_eq!(EnhancedStatus::parse("4.7.0"), EnhancedStatus::new(4, 7, 0));
        assert_eq!(EnhancedStatus::parse("5.7.606"), EnhancedStatus::new(5, 7, 606));
        assert_eq!(EnhancedStatus::parse("3.1.1"), None);
        assert_eq!(EnhancedStatus::parse("5.01.1"), None);
        assert_eq!(EnhancedStatus::parse("5.1.1000"), None);
        assert_eq!(EnhancedStatus::parse_prefix(b"5.1.1 user unknown").map(|x| x.1), Some(5));
        assert_eq!(EnhancedStatus::parse_prefix(b"5.1.10)").map(|x| x.1), Some(6));
    }

    #[test]
    fn ranges_stay_within_one_subject() {
        let r = EnhancedRange::parse("5.7.606-5.7.649").unwrap();
        assert!(r.contains(EnhancedStatus::new(5, 7, 606).unwrap()));
        assert!(r.contains(EnhancedStatus::new(5, 7, 649).unwrap()));
        assert!(!r.contains(EnhancedStatus::new(5, 7, 650).unwrap()));
        assert!(!r.contains(EnhancedStatus::new(4, 7, 610).unwrap()));
        assert_eq!(r.to_string(), "5.7.606-5.7.649");
        assert_eq!(EnhancedRange::parse("5.7.649-5.7.606"), None);
        assert_eq!(EnhancedRange::parse("5.7.1-5.1.1"), None);
    }
}
