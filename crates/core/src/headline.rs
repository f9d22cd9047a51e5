//! The first thing a person reads: is it temporary or permanent, will the
//! sending server retry by itself, is the message lost.

use smtp_triage_model::ReplyCode;

#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 4yz: try again later.
    Temporary,
    /// 5yz: do not try again as is.
    Permanent,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Headline {
    pub outcome: Outcome,
    /// Whether a standard MTA queues the message and retries by itself.
    pub retries: bool,
    /// Whether the message is, for now, undelivered with no retry coming.
    pub lost: bool,
    /// One sentence: "Temporary failure (4xx): …".
    pub summary: &'static str,
    /// What that means for the message.
    pub detail: &'static str,
}

impl Headline {
    /// The headline for a failure reply code (RFC 5321 section 4.2.1: the
    /// first digit says whether the failure is transient or permanent);
    /// `None` for 2yz and 3yz, which are not failures.
    pub fn for_code(code: ReplyCode) -> Option<Headline> {
        Headline::for_class(code.class())
    }

    /// The headline for the class digit (2 to 5) of a reply or enhanced code.
    pub fn for_class(class: u8) -> Option<Headline> {
        match class {
            4 => Some(Headline {
                outcome: Outcome::Temporary,
                retries: true,
                lost: false,
                summary: "Temporary failure (4xx): not delivered yet, not lost.",
                detail: "A mail server that got this reply keeps the message in its queue and retries by itself, usually for 1 to 5 days (Postfix and Sendmail give up after 5 days by default, Exchange after 2). A mail client or application that sent it directly must retry itself. If the cause stays, the message bounces when the retries run out.",
            }),
            5 => Some(Headline {
                outcome: Outcome::Permanent,
                retries: false,
                lost: true,
                summary: "Permanent failure (5xx): not delivered, and no retry will come.",
                detail: "The sending server does not retry: the message was returned to its sender as a bounce (or refused while the sender's client was still connected). Fix the cause, then send it again; resending unchanged gets the same reply.",
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_digit_decides() {
        let t = Headline::for_code(ReplyCode::parse("421").unwrap()).unwrap();
        assert_eq!((t.outcome, t.retries, t.lost), (Outcome::Temporary, true, false));
        let p = Headline::for_code(ReplyCode::parse("550").unwrap()).unwrap();
        assert_eq!((p.outcome, p.retries, p.lost), (Outcome::Permanent, false, true));
        assert_eq!(Headline::for_code(ReplyCode::parse("250").unwrap()), None);
    }
}
