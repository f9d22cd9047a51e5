//! Answers a pasted text already gives: who wrote it tells the role, the MTA
//! that wrote a log line is the person's own.

use crate::answers::Answers;
use crate::classify::{Finding, Side};
use smtp_triage_model::{Entry, Mta, Role};

/// What the paste implies, and which answers those are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Implied {
    pub answers: Answers,
    pub role: bool,
    pub mta: bool,
}

/// The answers `finding` implies for `entry`. A rejection in a server's own
/// log makes its reader that server's admin; a deferral in a sending
/// server's log, the sending admin; a bounce, the sender.
pub fn implied(finding: &Finding, entry: &Entry) -> Implied {
    let mut out = Implied::default();
    let server = finding.mta.and_then(Mta::by_id).filter(|m| m.versioned);
    let role = match (finding.side, server, finding.action) {
        (Some(Side::Receiving), _, _) => Some(Role::ReceivingAdmin),
        // A log line of the sender's own server (it has no report wrapped around it).
        (Some(Side::Sending), Some(_), Some(_))
            if finding.context.contains(" status=")
                || finding.context.contains(" stat=")
                || finding.context.contains(" ** ")
                || finding.context.contains(" == ") =>
        {
            Some(Role::SendingAdmin)
        }
        (Some(Side::Sending), _, _) => Some(Role::Sender),
        _ => None,
    };
    if let Some(r) = role {
        out.answers.role = Some(r);
        out.role = true;
    }
    if matches!(role, Some(Role::ReceivingAdmin | Role::SendingAdmin)) {
        if let Some(m) = server {
            if out.answers.set_mta(entry, m.id).is_ok() {
                out.mta = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify;

    #[test]
    fn a_receiving_log_line_implies_its_admin_and_mta() {
        let c = classify("Nov 28 09:01:44 mx1 postfix/smtpd[3321]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 421 4.7.0 <bob@example.org>: too many connections; from=<a@example.biz> to=<bob@example.org> proto=ESMTP helo=<x>");
        let i = implied(&c.findings[0], crate::catalog::seed());
        assert_eq!(
            (i.answers.role, i.answers.mta.map(|m| m.id), i.role, i.mta),
            (Some(Role::ReceivingAdmin), Some("postfix"), true, true)
        );
    }

    #[test]
    fn a_sending_log_line_implies_the_sending_admin_and_a_bare_line_nothing() {
        let c = classify("Nov 28 04:12:09 out1 postfix/smtp[2210]: 3F1A: to=<ann@example.net>, relay=mx1.example.net[198.51.100.7]:25, delay=1.2, delays=0.1/0/1/0, dsn=4.7.0, status=deferred (host mx1.example.net[198.51.100.7] said: 421 4.7.0 Service not available, closing transmission channel (in reply to RCPT TO command))");
        let i = implied(&c.findings[0], crate::catalog::seed());
        assert_eq!((i.answers.role, i.answers.mta.map(|m| m.id)), (Some(Role::SendingAdmin), Some("postfix")));
        let c = classify("421 4.7.0 Service not available, closing transmission channel");
        assert_eq!(implied(&c.findings[0], crate::catalog::seed()), Implied::default());
    }
}
