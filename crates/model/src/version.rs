//! Product versions as the catalog writes them ("3.8.0", "4.96", "2019"),
//! compared as dotted numbers.

use crate::Text;
use std::cmp::Ordering;

/// A version as written. Ordering compares the leading number of each
/// dot-separated part, a missing part counting as 0 (so 3.8 == 3.8.0).
#[derive(Clone, Debug, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct Version(pub Text);

impl Version {
    /// Accepts text that starts with a digit and holds no spaces, such as
    /// `3.8.0`, `8.17.1`, `2019` or `4.97.1-rc2`.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim();
        if s.starts_with(|c: char| c.is_ascii_digit()) && !s.contains(char::is_whitespace) && s.len() <= 40 {
            Some(Version(Text::Owned(s.to_string())))
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this version belongs to the release line `line`: `3.8.5` and
    /// `3.8` are of the line `3.8`, `3.10.1` is not; `2019` is of `2019`.
    pub fn is_of_line(&self, line: &str) -> bool {
        let line = Version(Text::Owned(line.to_string()));
        let want: Vec<u64> = line.parts().collect();
        let have: Vec<u64> = self.parts().collect();
        !want.is_empty() && want.iter().enumerate().all(|(i, w)| have.get(i).copied().unwrap_or(0) == *w)
    }

    fn parts(&self) -> impl Iterator<Item = u64> + '_ {
        self.0.split(['.', '-', '_']).map_while(|p| {
            let d: &str = &p[..p.bytes().take_while(u8::is_ascii_digit).count()];
            if d.is_empty() {
                None
            } else {
                Some(d.parse::<u64>().unwrap_or(u64::MAX))
            }
        })
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let (mut a, mut b) = (self.parts(), other.parts());
        loop {
            match (a.next(), b.next()) {
                (None, None) => return Ordering::Equal,
                (x, y) => match x.unwrap_or(0).cmp(&y.unwrap_or(0)) {
                    Ordering::Equal => continue,
                    o => return o,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn versions_compare_as_dotted_numbers() {
        assert!(v("4.96") < v("4.100"));
        assert!(v("3.8.0") == v("3.8"));
        assert!(v("3.10.1") > v("3.9.9"));
        assert!(v("2019") > v("2016"));
        assert!(v("8.17.1") < v("8.18"));
        assert!(Version::parse("latest").is_none());
        assert!(Version::parse("3 8").is_none());
    }

    #[test]
    fn release_lines_match_by_leading_parts() {
        assert!(v("3.8.0").is_of_line("3.8"));
        assert!(v("3.8").is_of_line("3.8"));
        assert!(!v("3.10.1").is_of_line("3.1"));
        assert!(v("2019").is_of_line("2019"));
        assert!(!v("2016").is_of_line("2019"));
        assert!(v("1.06").is_of_line("1.06"));
    }
}
