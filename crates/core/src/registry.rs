//! Registered meanings of reply codes and enhanced status codes, for codes
//! that no curated entry covers (and to explain those that one does).

use smtp_triage_model::{EnhancedMeaning, EnhancedStatus, Reason, ReplyCode, ReplyMeaning};

pub use crate::catalog::{ENHANCED_MEANINGS, REASONS, REPLY_MEANINGS};

/// The bounce reason named `name` (exactly as in `catalog/registry/reasons.tsv`).
pub fn reason(name: &str) -> Option<&'static Reason> {
    REASONS.iter().find(|r| r.name == name)
}

/// What RFC 5321 and later RFCs say a reply code means.
pub fn reply_meaning(code: ReplyCode) -> Option<&'static ReplyMeaning> {
    REPLY_MEANINGS.binary_search_by_key(&code, |m| m.code).ok().map(|i| &REPLY_MEANINGS[i])
}

/// What the registry says an enhanced code means. The class (2, 4, 5) does
/// not change the meaning; a code with an unregistered detail falls back to
/// the subject's `X.s.0` entry, since RFC 3463 makes detail 0 the catch-all.
pub fn enhanced_meaning(code: EnhancedStatus) -> Option<&'static EnhancedMeaning> {
    let find = |key: (u16, u16)| {
        ENHANCED_MEANINGS.binary_search_by_key(&key, |m| (m.subject, m.detail)).ok().map(|i| &ENHANCED_MEANINGS[i])
    };
    find(code.key()).or_else(|| find((code.subject, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_meanings_are_found_by_code() {
        let m = reply_meaning(ReplyCode::parse("421").unwrap()).unwrap();
        assert!(m.meaning.starts_with("Service not available"));
        let e = enhanced_meaning(EnhancedStatus::parse("5.1.1").unwrap()).unwrap();
        assert_eq!(e.title, "Bad destination mailbox address");
        let e = enhanced_meaning(EnhancedStatus::parse("4.7.0").unwrap()).unwrap();
        assert_eq!(e.title, "Other or undefined security status");
    }

    #[test]
    fn unregistered_details_fall_back_to_the_subject() {
        let e = enhanced_meaning(EnhancedStatus::parse("5.7.606").unwrap()).unwrap();
        assert_eq!((e.subject, e.detail), (7, 0));
        assert!(enhanced_meaning(EnhancedStatus::parse("5.9.1").unwrap()).is_none());
    }
}
