//! A catalog entry: one SMTP error, what causes it, what to do and what not to.

use crate::{Answer, Date, EnhancedRange, EnhancedStatus, List, Measured, Percent, ReplyCode, Role, Text, Version};

#[cfg(feature = "serde")]
use serde::Serialize;

/// One curated error, parsed from one Markdown file under `catalog/`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Entry {
    /// `communication/smtp-421-service-not-available`
    pub id: Text,
    /// The error as servers write it: the file's `# ` heading.
    pub title: Text,
    pub domain: Text,
    pub category: Text,
    /// The reply code of the `Error Code` field.
    pub error_code: ReplyCode,
    /// The enhanced status code of the `Error Code` field, where it names one.
    pub error_enhanced: Option<EnhancedStatus>,
    pub verification: Verification,
    pub fix_rate: Percent,
    pub root_cause: Text,
    pub compatibility: List<CompatRow>,
    pub workarounds: List<Workaround>,
    pub dead_ends: List<DeadEnd>,
    pub symptoms: List<Symptom>,
    pub recognition: Recognition,
    pub sources: List<Source>,
    pub reviewed: Option<Date>,
    /// Former IDs that still open this entry.
    pub aliases: List<Text>,
    /// The bounce reasons this entry is about (`userunknown`), names of `catalog/registry/reasons.tsv`.
    pub reasons: List<Text>,
    /// Lines of the entry's original text that were changed, each with what replaced it and the source.
    pub corrections: List<Correction>,
    /// The source file, relative to the catalog folder.
    pub file: Text,
}

/// Where an entry's rates come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "snake_case"))]
pub enum Verification {
    /// Written from general knowledge by a language model: rates are estimates.
    AiGenerated,
    /// Checked by an engineer against documentation and practice: rates are still estimates.
    HumanReviewed,
    /// Rates measured from recorded outcomes.
    Measured,
}

impl Verification {
    pub const ALL: [Verification; 3] = [Verification::AiGenerated, Verification::HumanReviewed, Verification::Measured];

    pub const fn id(self) -> &'static str {
        match self {
            Verification::AiGenerated => "ai_generated",
            Verification::HumanReviewed => "human_reviewed",
            Verification::Measured => "measured",
        }
    }

    pub fn parse(s: &str) -> Option<Verification> {
        Verification::ALL.into_iter().find(|v| v.id() == s)
    }

    /// Whether the rates are estimates rather than measurements.
    pub const fn is_estimate(self) -> bool {
        !matches!(self, Verification::Measured)
    }
}

/// A row's status in the Version Compatibility table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "snake_case"))]
pub enum Status {
    /// The product is supported and gives this error as described.
    Active,
    /// The product or version is out of support; the advice may not fit.
    Deprecated,
    /// The product no longer behaves this way from the Deprecated version on.
    Removed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Active, Status::Deprecated, Status::Removed];

    pub const fn id(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Deprecated => "deprecated",
            Status::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.id() == s)
    }
}

/// One row of the Version Compatibility table.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct CompatRow {
    /// The first column as written: "Postfix 3.8.0".
    pub label: Text,
    /// The MTA ID the label starts with: `postfix`.
    pub mta: Text,
    /// The version in the label, if the product has versions.
    pub version: Option<Version>,
    pub status: Status,
    /// First version that gives the error; `None` ("—") is unbounded.
    pub introduced: Option<Version>,
    /// First version that no longer does; `None` ("—") is unbounded.
    pub deprecated: Option<Version>,
}

/// A yes / no / don't know question about what the person observes.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Symptom {
    /// Stable ID, used in conditions and URLs: `too-many-connections`.
    pub id: Text,
    pub question: Text,
    /// The same as a statement, for reasons: "the logs show too many connections".
    pub fact: Text,
}

/// Something to try, with the catalog's success rate.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Workaround {
    /// Stable ID within the entry; `workaround-N` unless the entry names one.
    pub id: Text,
    pub title: Text,
    pub success: Percent,
    /// The fenced block: a command, a setting or the steps.
    pub block: Text,
    /// The fence's info string (`sh`, `ini`), often empty.
    pub lang: Text,
    /// Who can carry it out; empty means anyone.
    pub who: List<Role>,
    /// What makes it more (or, when contradicted, less) likely to fit.
    pub when: List<Condition>,
    /// The rate measured from reports (`- **Measured:**`), when there were enough.
    pub measured: Option<Measured>,
}

impl Workaround {
    /// The rate the ranking uses: the measured one where there is one, else the catalog's estimate.
    pub fn rate(&self) -> Percent {
        self.measured.map_or(self.success, |m| m.rate())
    }
}

/// Something people try that does not help, with how often it fails and why.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct DeadEnd {
    /// Stable ID within the entry; `dead-end-N` unless the entry names one.
    pub id: Text,
    pub title: Text,
    pub why: Text,
    pub failure: Percent,
    /// Answers that mean the person is heading into it; any one fires.
    pub triggers: List<Trigger>,
}

/// One `Triggers` line of a dead end: fires when all its clauses hold.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Trigger {
    pub all: List<Condition>,
}

/// One clause of a workaround's `When` line or a dead end's `Triggers` line.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(tag = "kind", rename_all = "snake_case"))]
pub enum Condition {
    /// `too-many-connections = yes`
    Symptom { id: Text, answer: Answer },
    /// `mta = postfix, exim`
    Mta { ids: List<Text> },
    /// `role = sender, sending-admin`
    Role { roles: List<Role> },
    /// `tried = workaround-2` (a workaround or dead end of the same entry)
    Tried { id: Text },
}

/// How the classifier recognises the entry in pasted text.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Recognition {
    pub reply_codes: List<ReplyCode>,
    pub enhanced: List<EnhancedRange>,
    /// Lowercase, single-spaced phrases as servers write them.
    pub phrases: List<Text>,
    /// MTA IDs of the providers that send this error (`gmail`).
    pub providers: List<Text>,
    /// Lowercase phrases that mean the text is a different error.
    pub excludes: List<Text>,
}

/// One `## Corrections` item: a line of the entry's original text, verbatim, and what replaced it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Correction {
    /// The original line, as it was written.
    pub was: Text,
    /// What replaced it, and the source that says so.
    pub now: Text,
}

/// A document a person can open: an RFC section, a vendor page.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Source {
    pub title: Text,
    pub url: Option<Text>,
}

impl Entry {
    pub fn workaround(&self, id: &str) -> Option<&Workaround> {
        self.workarounds.iter().find(|w| w.id.eq_ignore_ascii_case(id))
    }

    pub fn dead_end(&self, id: &str) -> Option<&DeadEnd> {
        self.dead_ends.iter().find(|d| d.id.eq_ignore_ascii_case(id))
    }

    pub fn symptom(&self, id: &str) -> Option<&Symptom> {
        self.symptoms.iter().find(|s| s.id.eq_ignore_ascii_case(id))
    }

    /// The title of the workaround or dead end `id`, or `id` itself.
    pub fn item_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.workaround(id).map(|w| &*w.title).or_else(|| self.dead_end(id).map(|d| &*d.title)).unwrap_or(id)
    }

    /// Whether this entry is known by `id`, its own or a former one, ignoring case.
    pub fn answers_to(&self, id: &str) -> bool {
        let id = id.trim().trim_matches('/');
        self.id.eq_ignore_ascii_case(id) || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
    }
}

/// The registered meaning of an enhanced status code `X.subject.detail`
/// (RFC 3463 and the IANA registry of RFC 5248).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct EnhancedMeaning {
    pub subject: u16,
    pub detail: u16,
    pub title: Text,
    pub description: Text,
    pub reference: Text,
}

/// The registered meaning of a reply code (RFC 5321 section 4.2 and later RFCs).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct ReplyMeaning {
    pub code: ReplyCode,
    pub meaning: Text,
    pub reference: Text,
}

/// As written in the catalog: `too-many-connections = yes`, `mta = postfix, exim`.
impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Condition::Symptom { id, answer } => write!(f, "{id} = {}", answer.id()),
            Condition::Mta { ids } => write!(f, "mta = {}", ids.join(", ")),
            Condition::Role { roles } => {
                write!(f, "role = {}", roles.iter().map(|r| r.id()).collect::<Vec<_>>().join(", "))
            }
            Condition::Tried { id } => write!(f, "tried = {id}"),
        }
    }
}
