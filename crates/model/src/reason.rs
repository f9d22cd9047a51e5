//! Bounce reasons: a small closed set (`userunknown`, `mailboxfull`, …)
//! between the many wordings of an error and what to do about it. The
//! vocabulary, labels and phrases are `catalog/registry/reasons.tsv` and
//! `reason-phrases.tsv`, compiled in like the code registry.

use crate::{List, Text};

#[cfg(feature = "serde")]
use serde::Serialize;

/// What a reason says about the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize), serde(rename_all = "kebab-case"))]
pub enum ReasonKind {
    /// The message was refused or could not be delivered.
    Error,
    /// Nothing failed: a delivery notice, a complaint report, an auto-reply.
    NotError,
    /// Something failed, but the text does not say why.
    Undecided,
}

impl ReasonKind {
    pub const ALL: [ReasonKind; 3] = [ReasonKind::Error, ReasonKind::NotError, ReasonKind::Undecided];

    pub const fn id(self) -> &'static str {
        match self {
            ReasonKind::Error => "error",
            ReasonKind::NotError => "not-error",
            ReasonKind::Undecided => "undecided",
        }
    }

    pub fn parse(s: &str) -> Option<ReasonKind> {
        ReasonKind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// One bounce reason of the registry.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize))]
pub struct Reason {
    /// `userunknown`: the name, exactly as in the registry.
    pub name: Text,
    pub kind: ReasonKind,
    /// The ID of the generic curated entry for this reason (errors only).
    pub entry: Option<Text>,
    /// In plain words: "The recipient's address does not exist".
    pub label: Text,
    pub meaning: Text,
    /// Phrases that mean this reason, normalised (see [`crate::normalize`]).
    pub phrases: List<Text>,
}
