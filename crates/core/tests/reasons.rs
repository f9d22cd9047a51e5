//! How a finding's reason is decided (catalog/FORMAT.md, "Reasons"): the
//! server's words first, then a precise enhanced code, the bounce's own
//! sentences, the reply code with its stage, a weak frame; then the words and
//! the dialogue read together.

use smtp_triage_core::{classify, NotAnError};

/// The first finding's reason name, and the first entry offered.
fn reason(text: &str) -> (String, String) {
    let c = classify(text);
    let f = c.findings.first().expect("a finding");
    (f.reason.expect("a reason").name.to_string(), f.entries.first().map_or(String::new(), |m| m.entry.id.to_string()))
}

fn name(text: &str) -> String {
    reason(text).0
}

#[test]
fn the_server_s_words_decide_first_and_values_do_not_matter() {
    assert_eq!(name("550 User [recipient@example.net] does not exist"), "userunknown");
    assert_eq!(name("550 User <someone.else@example.org> does not exist"), "userunknown");
    assert_eq!(name("552 5.2.2 <ann@example.com>: mailbox is over quota"), "mailboxfull");
    assert_eq!(
        name("550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"),
        "blocked"
    );
}

#[test]
fn a_weak_frame_counts_only_when_nothing_else_says_why() {
    // "Recipient address rejected" frames the real reason that follows it.
    assert_eq!(name("552 5.2.2 <a@example.com>: Recipient address rejected: Mailbox full"), "mailboxfull");
    assert_eq!(name("550 5.0.0 <a@example.com>: Recipient address rejected."), "userunknown");
}

#[test]
fn codes_speak_when_the_words_do_not() {
    assert_eq!(name("550 5.1.1 Nope"), "userunknown");
    assert_eq!(name("552 5.2.2 Nope"), "mailboxfull");
    assert_eq!(name("550 5.7.26 Nope"), "authfailure");
    assert_eq!(name("551 not our customer"), "hasmoved");
    assert_eq!(name("556 5.1.10 Nope"), "notaccept");
}

#[test]
fn a_precise_code_is_not_undone_by_generic_words() {
    assert_eq!(name("451 4.7.25 Client host rejected: PTR lookup for 192.0.2.1 returned no name"), "requireptr");
    assert_eq!(name("550 5.1.1 <a@example.com>: inactive email address"), "userunknown");
}

#[test]
fn an_unknown_user_refused_after_data_is_the_recipient_side_s_filter() {
    let log = "Dec  5 10:00:01 mx postfix/smtp[1]: 3F1A21C0: to=<a@example.org>, relay=mx.example.org[192.0.2.5]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mx.example.org[192.0.2.5] said: 550 User unknown (in reply to end of DATA command))";
    assert_eq!(name(log), "filtered");
    let at_rcpt = log.replace("end of DATA command", "RCPT TO command");
    assert_eq!(name(&at_rcpt), "userunknown");
    // Saying outright that the account does not exist is believed at any stage.
    let outright = log.replace("User unknown", "This user doesn't have a example.org account");
    assert_eq!(name(&outright), "userunknown");
}

#[test]
fn a_refusal_at_mail_from_is_about_the_sender() {
    let log = "Dec  5 10:00:01 mx postfix/smtp[1]: 3F1A21C0: to=<a@example.org>, relay=mx.example.org[192.0.2.5]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.5] said: 550 5.7.1 Access denied (in reply to MAIL FROM command))";
    assert_eq!(name(log), "rejected");
}

#[test]
fn a_temporary_failure_that_ended_in_a_bounce_expired_unless_it_was_dns() {
    let timeout = "Reporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 4.4.1\nDiagnostic-Code: X-Postfix; connect to mx.example.org[192.0.2.5]:25: Connection timed out\n";
    assert_eq!(name(timeout), "expired");
    let dns = "Reporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 4.4.3\nDiagnostic-Code: X-Postfix; Name service error for name=example.org type=MX: Host not found, try again\n";
    assert_eq!(name(dns), "networkerror");
}

#[test]
fn message_expired_outranks_the_trouble_it_names() {
    assert_eq!(name("550 5.4.316 Message expired, connection refused(Socket error code 10061)"), "expired");
}

#[test]
fn a_4yz_not_accepting_is_a_busy_server_a_5yz_one_refuses_mail() {
    assert_eq!(name("421 4.3.2 System not accepting network messages"), "systemerror");
    assert_eq!(name("521 5.3.2 System not accepting network messages"), "notaccept");
}

#[test]
fn when_nothing_says_why_the_likely_reasons_entries_are_offered_most_likely_first() {
    let c = classify("550 5.0.0 Rejected");
    let f = &c.findings[0];
    assert_eq!(f.reason.unwrap().name, "onhold");
    let ids: Vec<&str> = f.entries.iter().map(|m| &*m.entry.id).collect();
    assert_eq!(
        ids[..3],
        ["communication/reason-userunknown", "communication/reason-mailboxfull", "communication/reason-spamdetected"]
    );
    let c = classify("450 Requested action aborted");
    assert_eq!(c.findings[0].entries[0].entry.id, "communication/reason-mailboxfull");
}

#[test]
fn a_specific_entry_comes_before_its_reason_s_generic_one() {
    assert_eq!(
        reason("550 5.1.1 <user@example.com>: Recipient address rejected: User unknown in local recipient table"),
        ("userunknown".into(), "communication/smtp-550-user-unknown-in-local-recipient-table".into())
    );
    let c = classify("550 User [recipient@example.net] does not exist");
    let ids: Vec<&str> = c.findings[0].entries.iter().map(|m| &*m.entry.id).collect();
    assert_eq!(ids, ["communication/reason-userunknown"], "code-only look-alikes of other reasons are not offered");
}

#[test]
fn non_errors_stay_non_errors_and_open_no_entry() {
    let c = classify("250 2.0.0 Ok: queued as 3F1A21C0");
    assert!(c.findings.iter().all(|f| f.reason.is_some_and(|r| r.name == "delivered") && f.entries.is_empty()));
    let arf = "From: abuse@example.net\nSubject: complaint\nContent-Type: multipart/report; report-type=feedback-report; boundary=b\n\n--b\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: x/1.0\nVersion: 1\n\n--b--\n";
    let c = classify(arf);
    assert_eq!(c.not_an_error, Some(NotAnError::Complaint));
    assert_eq!(smtp_triage_core::not_an_error_reason(NotAnError::Complaint).name, "feedback");
    assert!(classify("Hello, see you tomorrow.").findings.is_empty(), "no reason is invented for text with no error");
}
