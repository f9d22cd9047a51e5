//! The classifier: pasted text in, findings out. It reads single reply
//! lines, SMTP transcripts, MTA logs of both sides, and whole bounce messages
//! (RFC 3464 reports, MIME, base64, quoted-printable, any line ending), and
//! says when a message is not a delivery error at all.
//!
//! One way through, a stage per file, each calling only the ones below it:
//! the MIME parts (`mime`); what the message says about itself (`message`);
//! its lines read by the recognisers (`scan`, over `dsn`, `logs`,
//! `transcript` and `reply`) into raw hits (`raw`), grouped with a count as
//! they come (`group`); then findings, each with its reason (`reason`) and
//! the curated entries that fit (`matching`), put together in `assemble`.
//! Evidence is read in order of trust: delivery-status fields, then log lines
//! of a known MTA, then replies found in free text.

mod address;
mod assemble;
mod dsn;
mod group;
mod hosts;
mod lines;
mod logs;
mod matching;
mod message;
mod mime;
mod phrases;
mod raw;
mod reason;
mod reply;
mod scan;
mod transcript;

pub use matching::EntryMatch;

use smtp_triage_model::{EnhancedStatus, Reason, ReplyCode};

/// Where in the SMTP dialogue the reply came.
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Connect,
    Helo,
    StartTls,
    Auth,
    MailFrom,
    RcptTo,
    Data,
    EndOfData,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Connect => "connection (greeting)",
            Stage::Helo => "HELO / EHLO",
            Stage::StartTls => "STARTTLS",
            Stage::Auth => "AUTH",
            Stage::MailFrom => "MAIL FROM",
            Stage::RcptTo => "RCPT TO",
            Stage::Data => "DATA",
            Stage::EndOfData => "end of DATA",
        }
    }
}

/// Which side of the exchange wrote what was pasted.
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The sending side: a bounce, a deferral in the sender's own log.
    Sending,
    /// The receiving side: a rejection in the receiver's own log.
    Receiving,
}

/// What became of the message, where the text says.
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Given up: bounced.
    Failed,
    /// Still queued; the sending server will try again.
    Delayed,
    Delivered,
}

/// A message that is not a delivery error.
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(rename_all = "snake_case"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAnError {
    /// A spam complaint (ARF feedback report, RFC 5965).
    Complaint,
    /// An auto-reply: out of office, vacation (RFC 3834).
    AutoReply,
    /// A report that the message was delivered, relayed or expanded.
    DeliveryNotice,
}

impl NotAnError {
    pub fn label(self) -> &'static str {
        match self {
            NotAnError::Complaint => {
                "a spam complaint report (ARF): a recipient marked a message as spam; nothing bounced"
            }
            NotAnError::AutoReply => "an automatic reply (out of office or vacation): the message was delivered",
            NotAnError::DeliveryNotice => "a delivery notice: the message was delivered or relayed",
        }
    }
}

/// One error found in the text, with how many times it occurs.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub reply_code: Option<ReplyCode>,
    pub enhanced: Option<EnhancedStatus>,
    /// The server's words, as first seen.
    pub text: String,
    pub stage: Option<Stage>,
    /// Who wrote the line or report: `postfix`, `exim`, `gmail`, …
    pub mta: Option<&'static str>,
    pub side: Option<Side>,
    /// The remote host named (an MX, a client), or the provider when only that is known.
    pub remote: Option<String>,
    /// The provider behind the remote host or the wording: `gmail`, `outlook`, …
    pub provider: Option<&'static str>,
    pub action: Option<Action>,
    /// Distinct recipients named, at most 20.
    pub recipients: Vec<String>,
    pub count: usize,
    /// Why it failed (`userunknown`), from the reason vocabulary; every finding has one.
    pub reason: Option<&'static Reason>,
    /// Curated entries that fit, best first: the specific entries that match,
    /// then the generic entry of the reason; when the reason cannot be told,
    /// the generic entries a person can choose from, most likely first.
    pub entries: Vec<EntryMatch>,
    /// The line it was read from (a log line, a diagnostic), for matching; not shown.
    pub context: String,
}

impl Finding {
    /// The headline: by the reply code, or the class of the enhanced code.
    pub fn headline(&self) -> Option<crate::Headline> {
        self.reply_code.map(|c| c.class()).or(self.enhanced.map(|e| e.class)).and_then(crate::Headline::for_class)
    }

    /// The best curated entry, if one fits.
    pub fn best(&self) -> Option<&EntryMatch> {
        self.entries.first()
    }

    /// The entry to open at once, without asking: the best one, unless the
    /// reason could not be told (then the entries are choices for a question).
    pub fn clear_match(&self) -> Option<&EntryMatch> {
        self.best().filter(|_| self.reason.is_none_or(|r| r.kind != smtp_triage_model::ReasonKind::Undecided))
    }
}

/// Everything the classifier understood of one input.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Classification {
    /// Grouped findings: in order of appearance for a message, most frequent first for a log.
    pub findings: Vec<Finding>,
    pub not_an_error: Option<NotAnError>,
    /// The MTA or service that wrote the bounce, where it can be told.
    pub reporter: Option<&'static str>,
    /// Distinct findings beyond the limit, counted but not listed.
    pub omitted: usize,
}

/// Classifies pasted text. Any input gives a result: empty, binary or
/// unrelated text gives no findings.
pub fn classify(input: &str) -> Classification {
    // The parts of a message, decoded, tagged by what they are.
    let parts = mime::parts(input);
    // Headers, writer, complaint or bounce, the notice's words.
    let message = message::read(input, &parts);
    // Every readable part, line by line, through the recognisers: raw hits, grouped.
    let groups = scan::parts(&parts, &message);
    let reporter = message
        .writer
        .or_else(|| groups.reporting_mta.as_deref().and_then(|r| hosts::provider_of_host(hosts::host_part(r))));
    if message.complaint {
        return Classification { reporter, not_an_error: Some(NotAnError::Complaint), ..Classification::default() };
    }
    // The report's records and the notice's replies as one list of failures.
    let outcome = groups.outcome(reporter);
    // Findings, each with its curated entries and its reason.
    assemble::classification(outcome, message, input, reporter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(input: &str) -> Finding {
        let c = classify(input);
        assert_eq!(c.findings.len(), 1, "{:#?}", c.findings);
        c.findings.into_iter().next().unwrap()
    }

    #[test]
    fn a_log_lists_the_most_frequent_error_first() {
        let line = |q: &str, to: &str, reply: &str| {
            format!("Dec  5 10:00:01 mx postfix/smtp[1]: {q}: to=<{to}>, relay=mx.example.org[192.0.2.5]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mx.example.org[192.0.2.5] said: {reply} (in reply to RCPT TO command))\n")
        };
        let mut log = line("1A2B3C4D5E", "a@example.org", "552 5.2.2 Mailbox full");
        for (q, to) in
            [("2B3C4D5E6F", "b@example.org"), ("3C4D5E6F7A", "c@example.org"), ("4D5E6F7A8B", "d@example.org")]
        {
            log.push_str(&line(q, to, "550 5.1.1 User unknown"));
        }
        let c = classify(&log);
        let order: Vec<(u16, usize)> = c.findings.iter().map(|f| (f.reply_code.unwrap().get(), f.count)).collect();
        assert_eq!(order, [(550, 3), (552, 1)]);
    }

    #[test]
    fn a_single_reply_line() {
        let f = one("421 4.7.0 Service not available, closing transmission channel");
        assert_eq!(f.reply_code.map(|c| c.get()), Some(421));
        assert_eq!(f.enhanced.map(|c| c.to_string()).as_deref(), Some("4.7.0"));
        assert_eq!(f.text, "Service not available, closing transmission channel");
        assert_eq!((f.mta, f.side, f.count), (None, None, 1));
    }

    #[test]
    fn a_multi_line_reply_is_one_finding() {
        let f = one("550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient's email address for typos or\r\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si - gsmtp\r\n");
        assert_eq!(f.text, "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si - gsmtp");
        assert_eq!((f.provider, f.remote.as_deref()), (Some("gmail"), Some("Gmail")));
    }

    #[test]
    fn a_transcript_gives_the_stage() {
        let c = classify("S: 220 mx.example.net ESMTP\nC: EHLO client.example.com\nS: 250 mx.example.net\nC: MAIL FROM:<a@example.com>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@example.net>\nS: 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown\n");
        assert_eq!(c.findings.len(), 1, "{:#?}", c.findings);
        let f = &c.findings[0];
        assert_eq!((f.reply_code.map(|c| c.get()), f.stage), (Some(550), Some(Stage::RcptTo)));
        assert_eq!(f.recipients, ["bob@example.net"]);
    }

    #[test]
    fn identical_log_lines_group_with_a_count() {
        let line = |n: u32, who: &str| {
            format!("Nov 28 04:12:{n:02} out1 postfix/smtp[22{n}]: 3F1A2{n}: to=<{who}@example.net>, relay=mx1.example.net[198.51.100.7]:25, delay=1, delays=0/0/1/0, dsn=4.7.0, status=deferred (host mx1.example.net[198.51.100.7] said: 421 4.7.0 Service not available, closing transmission channel (in reply to RCPT TO command))\n")
        };
        let mut log = String::new();
        for n in 0..50 {
            log.push_str(&line(n, if n % 2 == 0 { "ann" } else { "bob" }));
            log.push_str(&format!("Nov 28 04:12:{n:02} out1 postfix/qmgr[99]: 3F1A2{n}: removed\n"));
        }
        let c = classify(&log);
        assert_eq!(c.findings.len(), 1);
        assert_eq!(c.findings[0].count, 50);
        assert_eq!(c.findings[0].recipients, ["ann@example.net", "bob@example.net"]);
    }

    #[test]
    fn nothing_recognisable_gives_no_findings() {
        assert_eq!(classify(""), Classification::default());
        assert!(classify("hello, can you help me with my printer?").findings.is_empty());
        let garbage: String = (0..5000u32).map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('x')).collect();
        assert!(classify(&garbage).findings.is_empty());
    }
}
