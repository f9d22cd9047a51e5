//! Small checked values: percentages, dates, roles and answers.

use std::fmt;

/// A whole percentage, 0 to 100 inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(transparent))]
pub struct Percent(u8);

impl Percent {
    pub const fn new(n: u32) -> Option<Percent> {
        if n <= 100 {
            Some(Percent(n as u8))
        } else {
            None
        }
    }

    pub const fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// A calendar date, checked (including leap years), written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(into = "String"))]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if year < 1970 || day == 0 || day > days {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        Date::new(num(0..4)?, num(5..7)? as u8, num(8..10)? as u8)
    }

    pub const fn year(self) -> u16 {
        self.year
    }
    pub const fn month(self) -> u8 {
        self.month
    }
    pub const fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

/// Who the person is in the exchange that produced the error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "kebab-case"))]
pub enum Role {
    /// Wrote the message; uses a mail client or an application.
    Sender,
    /// Runs the server or service that sends (or relays) the message.
    SendingAdmin,
    /// Runs the server that received the message and replied with the error.
    ReceivingAdmin,
    /// The person the message was for.
    Recipient,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Sender, Role::SendingAdmin, Role::ReceivingAdmin, Role::Recipient];

    /// The catalog and command-line name: `sending-admin`.
    pub const fn id(self) -> &'static str {
        match self {
            Role::Sender => "sender",
            Role::SendingAdmin => "sending-admin",
            Role::ReceivingAdmin => "receiving-admin",
            Role::Recipient => "recipient",
        }
    }

    /// How a person calls themselves: "sending-server admin".
    pub const fn label(self) -> &'static str {
        match self {
            Role::Sender => "sender",
            Role::SendingAdmin => "sending-server admin",
            Role::ReceivingAdmin => "receiving-server admin",
            Role::Recipient => "recipient",
        }
    }

    /// Case-insensitive, by ID; also accepts the label with spaces.
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL.into_iter().find(|r| r.id().eq_ignore_ascii_case(s) || r.label().eq_ignore_ascii_case(s))
    }

    /// True for the two roles on the sending side of the exchange.
    pub const fn is_sending_side(self) -> bool {
        matches!(self, Role::Sender | Role::SendingAdmin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An answer to a symptom question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "kebab-case"))]
pub enum Answer {
    Yes,
    No,
    #[default]
    DontKnow,
}

impl Answer {
    pub const fn id(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::DontKnow => "dont-know",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Some(Answer::Yes),
            "no" | "n" | "false" => Some(Answer::No),
            "dont-know" | "don't know" | "unknown" | "?" => Some(Answer::DontKnow),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_bounded() {
        assert_eq!(Percent::new(100).map(Percent::get), Some(100));
        assert_eq!(Percent::new(101), None);
    }

    #[test]
    fn dates_are_checked_calendar_dates() {
        assert_eq!(Date::parse("2026-11-28").unwrap().to_string(), "2026-11-28");
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("26-11-28").is_none());
        assert!(Date::parse("2026-1-28x").is_none());
        assert!(Date::parse("+026-11-28").is_none());
    }

    #[test]
    fn roles_parse_by_id_or_label_any_case() {
        assert_eq!(Role::parse("Receiving-Admin"), Some(Role::ReceivingAdmin));
        assert_eq!(Role::parse("sending-server admin"), Some(Role::SendingAdmin));
        assert_eq!(Role::parse("postmaster"), None);
    }
}
