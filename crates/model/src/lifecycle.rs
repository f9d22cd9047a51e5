//! Product lifecycles in one place: which product versions are out of
//! support, and since when, each with its source. In an entry's
//! compatibility table `deprecated` means exactly "out of support", and the
//! catalog's lint checks every row against this table.
//!
//! The rule: a commercial product by its vendor's lifecycle; an open-source
//! MTA version counts as supported while a supported Debian stable, Ubuntu
//! LTS or RHEL release ships it, or while its upstream supports it; unknown
//! where no source says (lint then checks nothing for it). Never guessed.

use crate::Version;

/// What the sources say about one product version, as of [`LIFECYCLE_AS_OF`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    /// Supported by its vendor, its upstream or a supported distribution.
    Supported,
    /// Out of support; since that date (`YYYY-MM-DD`) where a source gives one.
    Ended { since: Option<&'static str> },
    /// No source says: nothing is checked.
    Unknown,
}

/// One product version (a release line) and its support.
#[derive(Debug, PartialEq, Eq)]
pub struct Lifecycle {
    /// The MTA ID of `crates/model/src/mta.rs`: `exchange`.
    pub mta: &'static str,
    /// The release line: `2019`, `3.8` (covering 3.8.0, 3.8.5, ...).
    pub line: &'static str,
    pub support: Support,
    /// Where the fact comes from, in words a person can check.
    pub source: &'static str,
}

/// The date the table was last checked against its sources: support is
/// judged as of this date, so that the same catalog always lints the same.
pub const LIFECYCLE_AS_OF: &str = "2026-12-05";

macro_rules! lifecycles {
    ($( $mta:literal, $line:literal, $support:expr, $source:literal; )*) => {
        /// Every product version the catalog names whose support a source states (or that was looked up and found unknown).
        pub static LIFECYCLES: &[Lifecycle] = &[$( Lifecycle { mta: $mta, line: $line, support: $support, source: $source } ),*];
    };
}

const fn ended(since: &'static str) -> Support {
    Support::Ended { since: Some(since) }
}

lifecycles! {
    "exchange", "2010", ended("2020-10-13"), "Microsoft lifecycle: Exchange Server 2010 extended support ended 2020-10-13";
    "exchange", "2016", ended("2025-10-14"), "Microsoft lifecycle: Exchange Server 2016 extended support ended 2025-10-14";
    "exchange", "2019", ended("2025-10-14"), "Microsoft lifecycle: Exchange Server 2019 extended support ended 2025-10-14";
    "postfix", "3.7", Support::Supported, "Debian 12 bookworm ships Postfix 3.7.11 (Debian package tracker, oldstable)";
    "postfix", "3.8", Support::Unknown, "Ubuntu 24.04 LTS is believed to ship 3.8.x, not confirmed from a source here: unknown until it is";
    "postfix", "3.9", Support::Unknown, "no Debian stable, Ubuntu LTS or RHEL release ships 3.9; upstream's support of it not sourced";
    "postfix", "3.10", Support::Supported, "Debian 13 trixie ships Postfix 3.10.x (Debian package tracker, stable: 3.10.3-2)";
    "exim", "4.96", Support::Supported, "Debian 12 bookworm ships Exim 4.96 with security updates (Debian package tracker: 4.96-15+deb12u9 in oldstable-security)";
    "exim", "4.97", Support::Unknown, "Ubuntu 24.04 LTS is believed to ship 4.97, not confirmed from a source here: unknown until it is";
    "exim", "4.98", Support::Supported, "Debian 13 trixie ships Exim 4.98.2 (Debian package tracker, stable)";
    "sendmail", "8.17", Support::Supported, "Debian 12 bookworm ships Sendmail 8.17.1.9 (sendmail-bin 8.17.1.9-2+deb12u2)";
    "sendmail", "8.18", Support::Unknown, "not sourced";
    "qmail", "1.06", Support::Ended { since: None }, "netqmail 1.06 (2007) is netqmail's last release, with no upstream since (Debian tech-ctte #510415: \"no real upstream\"; notqmail forked it); Debian 12 ships no qmail package";
    "dovecot", "2.3.19", Support::Supported, "Debian 12 bookworm ships Dovecot 2.3.19.1";
    "dovecot", "2.3.21", Support::Unknown, "not sourced";
    "spamassassin", "4.0.1", Support::Supported, "Debian 12 bookworm ships SpamAssassin 4.0.1 (4.0.1-1~deb12u1)";
    "amavis", "2.13", Support::Supported, "Debian 12 bookworm ships amavisd-new 2.13.0";
    "amavis", "2.11", Support::Unknown, "not sourced";
    "rspamd", "3.8", Support::Unknown, "Debian 12 ships Rspamd 3.4; 3.8 not sourced";
    "zimbra", "10.0", Support::Unknown, "vendor lifecycle not sourced";
}

impl Lifecycle {
    /// The table's row for `mta` at `version`, if the table has one.
    pub fn find(mta: &str, version: &Version) -> Option<&'static Lifecycle> {
        LIFECYCLES.iter().filter(|l| l.mta == mta && version.is_of_line(l.line)).max_by_key(|l| l.line.len())
    }

    /// "out of support since 2025-10-14" or "out of support".
    pub fn ended_text(&self) -> Option<String> {
        match self.support {
            Support::Ended { since: Some(d) } => Some(format!("out of support since {d}")),
            Support::Ended { since: None } => Some("out of support".into()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_name_known_products_once() {
        for (i, l) in LIFECYCLES.iter().enumerate() {
            assert!(crate::Mta::by_id(l.mta).is_some_and(|m| m.versioned), "{} is not a versioned product", l.mta);
            assert!(
                LIFECYCLES[i + 1..].iter().all(|o| (o.mta, o.line) != (l.mta, l.line)),
                "{} {} twice",
                l.mta,
                l.line
            );
            assert!(!l.source.is_empty());
            if let Support::Ended { since: Some(d) } = l.support {
                assert!(crate::Date::parse(d).is_some(), "{d}");
            }
        }
    }

    #[test]
    fn versions_find_their_line() {
        let v = |s: &str| Version::parse(s).unwrap();
        let x = Lifecycle::find("exchange", &v("2019")).unwrap();
        assert_eq!(x.ended_text().as_deref(), Some("out of support since 2025-10-14"));
        assert_eq!(Lifecycle::find("postfix", &v("3.7.11")).unwrap().support, Support::Supported);
        assert_eq!(Lifecycle::find("postfix", &v("3.8.0")).unwrap().support, Support::Unknown);
        assert_eq!(Lifecycle::find("postfix", &v("3.10.1")).unwrap().line, "3.10");
        assert!(Lifecycle::find("postfix", &v("2.11")).is_none());
    }
}
