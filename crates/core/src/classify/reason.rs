//! Why a message failed, in one word of the reason vocabulary
//! (`catalog/registry/reasons.tsv`). Decided like an engineer reads a
//! bounce: the server's words first (phrases of the registry, matched on the
//! normalised text), then the enhanced status code, then the reply code and
//! the stage of the dialogue it came at; then what the words and the stage
//! say together (an unknown user refused after DATA is the recipient's filter,
//! a temporary error that ended in a bounce is a queue lifetime run out).

use super::phrases::PhraseSet;
use super::{Action, Stage};
use crate::registry::REASONS;
use smtp_triage_model::{EnhancedStatus, Reason, ReplyCode};

/// What the decision reads of a finding.
pub struct Evidence<'a, 'n> {
    pub reply: Option<ReplyCode>,
    pub enhanced: Option<EnhancedStatus>,
    /// The server's words and the text around them, normalised (`smtp_triage_model::normalize`).
    pub text: &'a str,
    /// A bounce's own sentences, normalised: asked for only when the
    /// server's words and code say nothing (normalising them costs).
    pub notice: &'a dyn Fn() -> &'n str,
    pub stage: Option<Stage>,
    pub action: Option<Action>,
}

/// The reason for a finding. Always one: `onhold` when the text names a
/// failure but not why, `delivered` for a success.
pub fn decide(ev: &Evidence) -> &'static Reason {
    crate::registry::reason(decide_name(ev)).expect("the reason names used here are in the registry")
}

fn decide_name(ev: &Evidence) -> &'static str {
    let class = ev.reply.map(|r| r.class()).or(ev.enhanced.map(|e| e.class));
    if class == Some(2) || ev.action == Some(Action::Delivered) {
        return "delivered";
    }
    let (strong, weak) = by_words(ev.text);
    let by_code = ev.enhanced.and_then(by_enhanced);
    // A catch-all code of its subject (X.7.1 "not authorized", X.2.0, X.3.0)
    // says less than a bounce's own sentences; a precise one says more.
    let catch_all =
        ev.enhanced.is_some_and(|e| matches!((e.subject, e.detail), (7, 0) | (7, 1) | (2, 0) | (3, 0) | (4, 0)));
    let (told, _) =
        if strong.is_none() && (by_code.is_none() || catch_all) { by_words((ev.notice)()) } else { (None, None) };
    let mut said = strong.or(told);
    // What the precise codes of sender authentication and reverse DNS (RFC 7372)
    // say is not undone by a generic "rejected" or "blocked" around them.
    if matches!(by_code, Some("authfailure" | "requireptr"))
        && matches!(said, Some("blocked" | "policyviolation" | "securityerror" | "rejected"))
    {
        said = by_code;
    }
    // A bad destination mailbox address (X.1.1) is the server's most precise
    // statement: "inactive" or "disabled" words do not make it a suspension.
    if ev.enhanced.is_some_and(|e| (e.subject, e.detail) == (1, 1))
        && matches!(said, Some("suspend" | "filtered" | "hasmoved"))
    {
        said = Some("userunknown");
    }
    let mut name =
        said.or(by_code).or_else(|| ev.reply.and_then(|r| by_reply(r, ev.stage))).or(weak).unwrap_or("onhold");
    // A lookup the sending server reports as temporary (`4.0.0 DNS Error: …
    // NXDOMAIN`) is a DNS failure between the servers, not yet a verdict on the domain.
    if name == "hostunknown" && class == Some(4) && said.is_some() {
        name = "networkerror";
    }
    // A server that replies it is "not accepting" mail for now (a 4yz reply) is
    // busy, not refusing mail for good (a report's own 4.0.0 says less).
    if name == "notaccept" && ev.reply.is_some_and(|r| r.class() == 4) {
        name = "systemerror";
    }
    let address_status = ev.enhanced.is_some_and(|e| e.subject == 1);
    // An unknown user refused after the message was sent, or with a status
    // that is about the mailbox or policy rather than the address, is the
    // recipient side's filter speaking.
    // A server that says outright the account does not exist is believed, at any stage
    // (read only when it matters).
    let outright = || {
        ["does not exist", "doesn't exist", "doesn't have a", "does not have an account"]
            .iter()
            .any(|p| ev.text.contains(p))
    };
    if name == "userunknown"
        && !address_status
        && (matches!(ev.stage, Some(Stage::Data | Stage::EndOfData))
            || (ev.stage != Some(Stage::RcptTo)
                && ev.enhanced.is_some_and(|e| matches!((e.subject, e.detail), (2, 0) | (2, 1) | (7, 1)))))
        && !outright()
    {
        name = "filtered";
    }
    // A refusal at MAIL FROM is about the sender: recipient words do not
    // apply, and a code that says only "refused" means the sender was.
    if ev.stage == Some(Stage::MailFrom)
        && (matches!(name, "userunknown" | "hostunknown" | "onhold" | "filtered" | "suspend")
            || (said.is_none() && name == "policyviolation"))
    {
        name = "rejected";
    }
    // A temporary failure (a 4yz, a connection that could not be made) that
    // ended in a bounce: the sending server retried until its queue lifetime ran out.
    // A DNS failure stays one: it is not a connection retried until the queue gave up.
    let dns = || ["dns", "name service", "lookup", "name server"].iter().any(|w| ev.text.contains(w));
    let transient = class == Some(4) || (class.is_none() && name == "networkerror");
    if transient
        && ev.action == Some(Action::Failed)
        && matches!(name, "networkerror" | "systemerror" | "onhold")
        && !(name == "networkerror" && dns())
    {
        name = "expired";
    }
    // A delay notice: the message is still being retried, and the reply says
    // nothing more precise than a temporary failure.
    if ev.action == Some(Action::Delayed)
        && said.is_none()
        && (by_code.is_none() || catch_all)
        && matches!(name, "onhold" | "systemerror")
    {
        name = "expired";
    }
    name
}

/// Every reason phrase in one set; the longest phrase found decides, ties by
/// the registry's order. The reason of the strong phrases, and of the weak ones.
fn by_words(text: &str) -> (Option<&'static str>, Option<&'static str>) {
    struct Index {
        set: PhraseSet,
        /// For each phrase: its reason's index, its length, whether it is weak.
        info: Vec<(u16, u16, bool)>,
    }
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut texts: Vec<&'static str> = Vec::new();
        let mut info = Vec::new();
        for (i, r) in REASONS.iter().enumerate() {
            for p in r.phrases.iter() {
                let (text, weak) = match p.strip_prefix('~') {
                    Some(t) => (t, true),
                    None => (&**p, false),
                };
                texts.push(text);
                info.push((i as u16, text.len() as u16, weak));
            }
        }
        Index { set: PhraseSet::new(&texts), info }
    });
    // A weak phrase (written `~…` in the registry) is the frame of a reply
    // that usually names the real reason after it: it counts only when the
    // codes say nothing either.
    // The best (reason, length) of the strong phrases and of the weak ones.
    type Best = Option<(u16, u16)>;
    let (mut strong, mut weak): (Best, Best) = (None, None);
    let mut expired = false;
    index.set.each(text, |n| {
        let (reason, len, is_weak) = index.info[n];
        expired |= !is_weak && REASONS[reason as usize].name == "expired";
        let best = if is_weak { &mut weak } else { &mut strong };
        if best.is_none_or(|(r, l)| len > l || (len == l && reason < r)) {
            *best = Some((reason, len));
        }
    });
    let name = |b: Option<(u16, u16)>| b.map(|(r, _)| &*REASONS[r as usize].name);
    // "Message expired, connection refused": the queue giving up is what
    // happened; the network or system trouble it names is why it kept failing.
    if expired && matches!(name(strong), Some("networkerror" | "systemerror")) {
        return (Some("expired"), name(weak));
    }
    (name(strong), name(weak))
}

/// What an enhanced status code says by itself (RFC 3463, RFC 5248's
/// registry, RFC 7372, RFC 7505); `None` for the catch-alls (X.0.0, X.5.0)
/// that say only "failed".
fn by_enhanced(e: EnhancedStatus) -> Option<&'static str> {
    Some(match (e.subject, e.detail) {
        (1, 0) | (1, 1) | (1, 3) | (1, 4) => "userunknown",
        (1, 2) => "hostunknown",
        (1, 6) => "hasmoved",
        (1, 7) | (1, 8) => "rejected",
        (1, 10) => "notaccept",
        (2, 0) => "filtered",
        (2, 1) => "suspend",
        (2, 2) => "mailboxfull",
        (2, 3) => "exceedlimit",
        (2, 4) => "systemerror",
        (3, 1) => "systemfull",
        // "System not accepting network messages": for now (4.3.2, a busy store) or at all.
        (3, 2) if e.class == 4 => "systemerror",
        (3, 2) => "notaccept",
        (3, 3) | (6, _) => "contenterror",
        (3, 4) | (7, 16) => "mesgtoobig",
        (3, _) => "systemerror",
        (4, 1) | (4, 2) | (4, 6) | (4, 0) => "networkerror",
        (4, 3) => "systemerror",
        (4, 4) => "hostunknown",
        (4, 5) => "toomanyconn",
        (4, 7) => "expired",
        (5, 0) | (0, _) => return None,
        (5, _) => "syntaxerror",
        (7, 10) | (7, 11) | (7, 30) => "failedstarttls",
        (7, 13) => "suspend",
        (7, 17) | (7, 18) => "hasmoved",
        (7, 20..=24) | (7, 26) | (7, 29) => "authfailure",
        (7, 25) => "requireptr",
        (7, 27) => "rejected",
        (7, 28) => "speeding",
        (7, 1) | (7, 2) | (7, 15) => "policyviolation",
        (7, 0) | (7, 3..=9) | (7, 12) | (7, 14) | (7, 19) => "securityerror",
        // Detail codes of a provider's own (Microsoft's 5.7.5xx, 4.7.650):
        // a security or policy status, said no more precisely.
        (7, _) => "policyviolation",
        _ => return None,
    })
}

/// What a reply code says with the stage it came at (RFC 5321 section 4.2).
fn by_reply(r: ReplyCode, stage: Option<Stage>) -> Option<&'static str> {
    // Refused at the greeting or HELO: only the client was known, so it was refused for who it is.
    if matches!(stage, Some(Stage::Connect | Stage::Helo)) && !matches!(r.get(), 454 | 521 | 556) {
        return Some("blocked");
    }
    Some(match r.get() {
        421 => "systemerror",
        451 => "systemerror",
        452 => "systemfull",
        454 | 530 | 534 | 535 | 538 => "securityerror",
        455 | 500..=504 | 555 => "syntaxerror",
        521 | 556 => "notaccept",
        551 => "hasmoved",
        552 => "mailboxfull",
        550 | 553 if stage == Some(Stage::MailFrom) => "rejected",
        550 | 553 if stage == Some(Stage::RcptTo) => "userunknown",
        553 => "userunknown",
        _ => return None,
    })
}

/// The reasons a person can pick from when the text does not say, most
/// likely first for the class of the code.
pub fn choices(class: Option<u8>) -> &'static [&'static str] {
    if class == Some(4) {
        &["mailboxfull", "speeding", "badreputation", "systemerror", "networkerror", "expired"]
    } else {
        &["userunknown", "mailboxfull", "spamdetected", "blocked", "policyviolation", "rejected", "systemerror"]
    }
}
