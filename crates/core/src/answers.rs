//! What the person told the decision tree, checked against the entry so
//! that a wrong name gets a message naming the right ones.

use smtp_triage_model::{Answer, Entry, Mta, Role, Version, MTAS};
use thiserror::Error;

/// The answers to an entry's questions. Build it with the `set_*` methods,
/// which check every name against the entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    pub role: Option<Role>,
    /// `None`: other or don't know.
    pub mta: Option<&'static Mta>,
    pub version: Option<Version>,
    /// Symptom IDs as the entry spells them, with their answers, in the entry's order.
    pub symptoms: Vec<(String, Answer)>,
    /// IDs of workarounds and dead ends already tried, as the entry spells them.
    pub tried: Vec<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum AnswerError {
    #[error("unknown role '{0}'; roles are: sender, sending-admin, receiving-admin, recipient")]
    Role(String),
    #[error("unknown MTA '{given}'; this entry lists: {listed} (or 'other'); all known: {known}")]
    Mta { given: String, listed: String, known: String },
    #[error("'{0}' is not a version: write a dotted number such as 3.8.0")]
    Version(String),
    #[error("a version needs an MTA: name the MTA as well")]
    VersionWithoutMta,
    #[error("unknown symptom '{given}' for {entry}; its symptoms are: {known}")]
    Symptom { given: String, entry: String, known: String },
    #[error("unknown answer '{0}': answer yes, no or dont-know")]
    Answer(String),
    #[error("'{given}' is neither a workaround nor a dead end of {entry}; they are: {known}")]
    Tried { given: String, entry: String, known: String },
}

impl Answers {
    pub fn set_role(&mut self, s: &str) -> Result<(), AnswerError> {
        self.role = Some(Role::parse(s).ok_or_else(|| AnswerError::Role(s.to_string()))?);
        Ok(())
    }

    /// Accepts any known MTA by ID or name, and `other` (or `don't know`) for none.
    pub fn set_mta(&mut self, entry: &Entry, s: &str) -> Result<(), AnswerError> {
        if matches!(s.trim().to_ascii_lowercase().as_str(), "other" | "dont-know" | "don't know" | "unknown" | "") {
            self.mta = None;
            return Ok(());
        }
        match Mta::parse(s) {
            Some(m) => {
                self.mta = Some(m);
                Ok(())
            }
            None => {
                let mut listed: Vec<&str> = entry.compatibility.iter().map(|r| &*r.mta).collect();
                listed.dedup();
                Err(AnswerError::Mta {
                    given: s.to_string(),
                    listed: listed.join(", "),
                    known: MTAS.iter().map(|m| m.id).collect::<Vec<_>>().join(", "),
                })
            }
        }
    }

    pub fn set_version(&mut self, s: &str) -> Result<(), AnswerError> {
        if s.trim().is_empty() {
            self.version = None;
            return Ok(());
        }
        self.version = Some(Version::parse(s).ok_or_else(|| AnswerError::Version(s.to_string()))?);
        Ok(())
    }

    pub fn set_symptom(&mut self, entry: &Entry, id: &str, answer: Answer) -> Result<(), AnswerError> {
        let Some(s) = entry.symptom(id.trim()) else {
            return Err(AnswerError::Symptom {
                given: id.to_string(),
                entry: entry.id.to_string(),
                known: list_or_none(entry.symptoms.iter().map(|s| &*s.id)),
            });
        };
        self.symptoms.retain(|(k, _)| *k != s.id);
        if answer != Answer::DontKnow {
            self.symptoms.push((s.id.to_string(), answer));
            let order = |k: &str| entry.symptoms.iter().position(|s| s.id == k);
            smtp_triage_model::sort_small_by_key(&mut self.symptoms, |(k, _)| order(k));
        }
        Ok(())
    }

    pub fn add_tried(&mut self, entry: &Entry, id: &str) -> Result<(), AnswerError> {
        let id = id.trim();
        let canonical = entry.workaround(id).map(|w| &w.id).or_else(|| entry.dead_end(id).map(|d| &d.id));
        let Some(c) = canonical else {
            return Err(AnswerError::Tried {
                given: id.to_string(),
                entry: entry.id.to_string(),
                known: list_or_none(
                    entry.workarounds.iter().map(|w| &*w.id).chain(entry.dead_ends.iter().map(|d| &*d.id)),
                ),
            });
        };
        if !self.tried.iter().any(|t| t == c) {
            self.tried.push(c.to_string());
            let order = |k: &str| {
                entry
                    .workarounds
                    .iter()
                    .position(|w| w.id == k)
                    .or_else(|| entry.dead_ends.iter().position(|d| d.id == k).map(|i| i + 1000))
            };
            smtp_triage_model::sort_small_by_key(&mut self.tried, |k| order(k));
        }
        Ok(())
    }

    pub fn remove_tried(&mut self, id: &str) {
        self.tried.retain(|t| !t.eq_ignore_ascii_case(id));
    }

    /// The answer given for a symptom; don't know when none was.
    pub fn symptom(&self, id: &str) -> Answer {
        self.symptoms.iter().find(|(k, _)| k == id).map_or(Answer::DontKnow, |(_, a)| *a)
    }

    pub fn has_tried(&self, id: &str) -> bool {
        self.tried.iter().any(|t| t == id)
    }

    /// Whether nothing has been answered yet.
    pub fn is_empty(&self) -> bool {
        *self == Answers::default()
    }
}

fn list_or_none<'a>(it: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = it.collect();
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::seed;

    #[test]
    fn names_are_checked_and_canonicalised() {
        let mut a = Answers::default();
        a.set_role("RECEIVING-ADMIN").unwrap();
        a.set_mta(seed(), "Postfix").unwrap();
        a.set_version("3.8.0").unwrap();
        a.set_symptom(seed(), "Too-Many-Connections", Answer::Yes).unwrap();
        a.add_tried(seed(), "SWITCH-PORT").unwrap();
        a.add_tried(seed(), "exponential-backoff").unwrap();
        assert_eq!(a.role, Some(Role::ReceivingAdmin));
        assert_eq!(a.mta.map(|m| m.id), Some("postfix"));
        assert_eq!(a.symptoms, vec![("too-many-connections".to_string(), Answer::Yes)]);
        assert_eq!(a.tried, vec!["exponential-backoff".to_string(), "switch-port".to_string()]);
    }

    #[test]
    fn wrong_names_get_messages_naming_the_right_ones() {
        let mut a = Answers::default();
        assert_eq!(
            a.set_symptom(seed(), "slow", Answer::Yes).unwrap_err().to_string(),
            "unknown symptom 'slow' for communication/smtp-421-service-not-available; its symptoms are: too-many-connections, bulk-sending, dns-failures, large-messages"
        );
        let e = a.set_mta(seed(), "qmailer").unwrap_err().to_string();
        assert!(
            e.starts_with(
                "unknown MTA 'qmailer'; this entry lists: postfix, sendmail, exim, exchange, ses (or 'other')"
            ),
            "{e}"
        );
        assert_eq!(a.set_role("admin").unwrap_err(), AnswerError::Role("admin".into()));
        assert_eq!(a.set_version("three").unwrap_err(), AnswerError::Version("three".into()));
        assert!(a
            .add_tried(seed(), "reboot")
            .unwrap_err()
            .to_string()
            .contains("exponential-backoff, connection-pool"));
    }

    #[test]
    fn dont_know_clears_an_answer() {
        let mut a = Answers::default();
        a.set_symptom(seed(), "bulk-sending", Answer::Yes).unwrap();
        a.set_symptom(seed(), "bulk-sending", Answer::DontKnow).unwrap();
        assert!(a.is_empty());
    }
}
