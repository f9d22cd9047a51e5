//! Registered meanings of reply codes and enhanced status codes, for codes
//! that no curated entry covers (and to explain those that one does).

use smtp_triage_model::{EnhancedMeaning, EnhancedStatus, Reason, ReplyCode, ReplyMeaning};

pub use crate::catalog::{ENHANCED_MEANINGS, REASONS, REPLY_MEANINGS};

/// The reason of a message that is not a delivery error: `feedback`,
/// `vacation` or `delivered`.
pub fn not_an_error_reason(n: crate::NotAnError) -> &'static Reason {
    let name = match n {
        crate::NotAnError::Complaint => "feedback",
        crate::NotAnError::AutoReply => "vacation",
        crate::NotAnError::DeliveryNotice => "delivered",
    };
    reason(name).expect("the non-error reasons are in the registry")
}

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

/// The providers behind a finding, for [`explain_enhanced`]: the one named
/// in the text, or else those of its best entry.
pub fn finding_providers(f: &crate::Finding) -> Vec<&str> {
    match f.provider {
        Some(p) => vec![p],
        None => f.entries.first().map_or(vec![], |m| m.entry.recognition.providers.iter().map(|p| &**p).collect()),
    }
}

/// The class meaning of RFC 3463 section 3.1.
fn class_meaning(class: u8) -> &'static str {
    match class {
        2 => "2.X.X: success",
        4 => "4.X.X: persistent transient failure",
        _ => "5.X.X: permanent failure",
    }
}

/// The subject meaning of RFC 3463 section 3.2.
fn subject_meaning(subject: u16) -> Option<&'static str> {
    Some(match subject {
        0 => "X.0.X: other or undefined status",
        1 => "X.1.X: addressing status",
        2 => "X.2.X: mailbox status",
        3 => "X.3.X: mail system status",
        4 => "X.4.X: network and routing status",
        5 => "X.5.X: mail delivery protocol status",
        6 => "X.6.X: message content or media status",
        7 => "X.7.X: security or policy status",
        _ => return None,
    })
}

/// What an enhanced code means, in one sentence: the registered title and
/// description, or, for a code the IANA registry does not hold, that it is
/// not registered, with its class and subject meanings and the provider
/// whose code it is (`providers` are MTA IDs: the finding's provider, or its entry's).
pub fn explain_enhanced(code: EnhancedStatus, providers: &[&str]) -> String {
    let exact = ENHANCED_MEANINGS
        .binary_search_by_key(&code.key(), |m| (m.subject, m.detail))
        .ok()
        .map(|i| &ENHANCED_MEANINGS[i]);
    if let Some(m) = exact {
        return format!("{}: {}", m.title, m.description);
    }
    let names: Vec<&str> = providers.iter().filter_map(|p| smtp_triage_model::Mta::by_id(p)).map(|m| m.name).collect();
    let whose = match names.as_slice() {
        [] => "the server's own code".to_string(),
        [init @ .., last] if !init.is_empty() => format!("a code of {} or {last}", init.join(", ")),
        [one, ..] => format!("{one}'s own code"),
    };
    let subject = subject_meaning(code.subject).map_or(String::new(), |s| format!("; {s}"));
    format!(
        "{code} is not registered in the IANA registry of enhanced status codes ({whose}); {}{subject} (RFC 3463)",
        class_meaning(code.class)
    )
}

/// What a reply code means: the meaning RFC 5321 or a later RFC gives it,
/// or, for a code none defines, that it is not defined and what its digits
/// mean (RFC 5321 section 4.2.1).
pub fn explain_reply(code: ReplyCode) -> String {
    if let Some(m) = reply_meaning(code) {
        return m.meaning.to_string();
    }
    let n = code.get();
    let first = match n / 100 {
        2 => "2yz: positive completion",
        3 => "3yz: positive intermediate",
        4 => "4yz: transient negative completion (try again later)",
        _ => "5yz: permanent negative completion",
    };
    let second = match (n / 10) % 10 {
        0 => "x0z: syntax",
        1 => "x1z: information",
        2 => "x2z: connections",
        5 => "x5z: mail system",
        _ => "x3z and x4z: unspecified",
    };
    format!("{n} is not defined in RFC 5321 or a later RFC; its digits mean {first}, {second} (RFC 5321 section 4.2.1)")
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

    #[test]
    fn unregistered_codes_say_so() {
        let c = EnhancedStatus::parse("4.7.650").unwrap();
        assert_eq!(explain_enhanced(c, &[]), "4.7.650 is not registered in the IANA registry of enhanced status codes (the server's own code); 4.X.X: persistent transient failure; X.7.X: security or policy status (RFC 3463)");
        assert!(explain_enhanced(c, &["microsoft365"]).contains("(Microsoft 365's own code)"));
        assert!(explain_enhanced(c, &["microsoft365", "outlook"]).contains("(a code of Microsoft 365 or Outlook.com)"));
        assert_eq!(
            explain_enhanced(EnhancedStatus::parse("4.7.0").unwrap(), &[]),
            "Other or undefined security status: ".to_string()
                + &enhanced_meaning(EnhancedStatus::parse("4.7.0").unwrap()).unwrap().description
        );
        assert!(explain_reply(ReplyCode::parse("421").unwrap()).starts_with("Service not available"));
        let r = explain_reply(ReplyCode::parse("457").unwrap());
        assert_eq!(r, "457 is not defined in RFC 5321 or a later RFC; its digits mean 4yz: transient negative completion (try again later), x5z: mail system (RFC 5321 section 4.2.1)");
    }
}
