//! The classifier: pasted text in, findings out. It reads single reply
//! lines, SMTP transcripts, MTA logs of both sides, and whole bounce messages
//! (RFC 3464 reports, MIME, base64, quoted-printable, any line ending), and
//! says when a message is not a delivery error at all.
//!
//! Evidence is read in order of trust: delivery-status fields, then log lines
//! of a known MTA, then replies found in free text. Identical findings are
//! grouped with a count, so a large log gives a short list.

mod dsn;
mod hosts;
mod lines;
mod logs;
mod matching;
mod mime;
mod phrases;
mod reason;
mod reply;

pub use matching::EntryMatch;
pub use reason::choices as reason_choices;

use lines::{contains_ci, find_ci, is_continuation, starts_with_ci};
use mime::PartKind;
use reply::{hits, primary, stage_in, text_of, Trust};
use smtp_triage_model::{EnhancedStatus, Mta, Reason, ReplyCode};
use std::collections::HashMap;

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

/// One piece of evidence before grouping.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Raw {
    pub reply: Option<ReplyCode>,
    pub enhanced: Option<EnhancedStatus>,
    pub text: String,
    pub stage: Option<Stage>,
    pub mta: Option<&'static str>,
    pub side: Option<Side>,
    pub remote: Option<String>,
    pub recipient: Option<String>,
    pub action: Option<Action>,
    /// The whole line the evidence came from, read when matching entries.
    pub context: String,
}

const MAX_FINDINGS: usize = 200;
const MAX_RECIPIENTS: usize = 20;
const MAX_LOGICAL_LINE: usize = 64 * 1024;

/// Classifies pasted text. Any input gives a result: empty, binary or
/// unrelated text gives no findings.
pub fn classify(input: &str) -> Classification {
    let parts = mime::parts(input);
    let mut ev = Evidence::default();
    let mut headers = String::new();
    for p in parts.iter().filter(|p| p.kind == PartKind::Headers) {
        headers.push_str(&p.text);
        headers.push('\n');
    }
    ev.complaint =
        parts.iter().any(|p| p.kind == PartKind::Feedback) || contains_ci(&headers, "report-type=feedback-report") || {
            // A pasted ARF report names its feedback type near the top.
            let head = &input[..lines::floor_boundary(input, 64 * 1024)];
            find_ci(head, "feedback-type:").is_some() && find_ci(head, "user-agent:").is_some()
        };
    ev.bounce = !headers.is_empty();
    let signed = signature(&parts);
    ev.signed = signed.is_some();
    ev.writer = signed.or_else(|| writer(&headers));
    if ev.writer.is_some() {
        ev.bounce = true;
    }
    for p in parts.iter().filter(|p| matches!(p.kind, PartKind::Text | PartKind::DeliveryStatus)) {
        if p.kind == PartKind::Text && ev.notice.is_none() && !p.text.trim().is_empty() {
            ev.notice = Some(notice_of(&p.text, NOTICE));
            ev.notice_words = smtp_triage_model::normalize(&notice_of(&p.text, NOTICE_WORDS));
        }
        ev.scan(&p.text, p.kind == PartKind::DeliveryStatus);
    }
    if ev.is_empty() && !ev.complaint {
        for p in parts.iter().filter(|p| p.kind == PartKind::Returned) {
            for inner in
                mime::parts(&p.text).iter().filter(|p| matches!(p.kind, PartKind::Text | PartKind::DeliveryStatus))
            {
                ev.scan(&inner.text, inner.kind == PartKind::DeliveryStatus);
            }
        }
    }
    // A short paste that is not a bounce (a paragraph, a few lines) is read
    // whole for the reason, as a bounce's notice is.
    if !ev.bounce && input.len() <= SHORT_PASTE {
        ev.notice_words = smtp_triage_model::normalize(input);
    }
    ev.finish(&headers, input)
}

/// A paste this long or shorter is read whole for a finding's reason.
const SHORT_PASTE: usize = 2048;

/// The software a bounce's own sentences name.
fn signature(parts: &[mime::Part]) -> Option<&'static str> {
    parts
        .iter()
        .filter(|p| matches!(p.kind, PartKind::Text | PartKind::DeliveryStatus))
        .find_map(|p| hosts::writer_of(&p.text[..lines::floor_boundary(&p.text, 4 * 1024)]))
}

/// Who wrote a bounce that does not sign it in its own sentences: the
/// provider of its sender address, header fields only one MTA adds, the
/// receiving host.
fn writer(headers: &str) -> Option<&'static str> {
    let from = mime::header(headers, "From").unwrap_or_default();
    let domain = from.rsplit('@').next().map(|d| d.trim_end_matches(['>', ' ', ')'])).unwrap_or("");
    let received = mime::header(headers, "Received").unwrap_or_default();
    let by = received.split(" by ").nth(1).map(hosts::host_part).unwrap_or("");
    (from.contains('@').then(|| hosts::provider_of_host(domain)).flatten())
        .or_else(|| hosts::writer_in_headers(headers))
        .or_else(|| hosts::provider_of_host(by))
}

#[derive(Default)]
struct Evidence {
    dsn: Vec<Raw>,
    reporting_mta: Option<String>,
    logs: Grouper,
    text: Grouper,
    successes: Grouper,
    complaint: bool,
    bounce: bool,
    writer: Option<&'static str>,
    /// The opening text of a bounce, for one that names no code at all.
    notice: Option<String>,
    /// More of the notice, normalised, where a bounce says why in its own words.
    notice_words: String,
    /// Whether the body says in its own sentences which software wrote it.
    signed: bool,
    /// Log lines already read, by their shape.
    seen_lines: HashMap<u64, Seen>,
}

/// What a log line of a given shape turned out to be.
#[derive(Clone, Copy)]
enum Seen {
    Quiet,
    /// The finding's index, and how many lines of this shape were parsed.
    Failure(usize, u32),
    Success(usize),
}

/// Lines of one shape parsed for their recipients before the rest are only
/// counted: the recipients of a finding are a sample.
const RECIPIENT_SAMPLE: u32 = 64;

const MAX_SEEN_LINES: usize = 100_000;

/// A hash of a log line with what varies between repeats of one event set
/// aside: digits (times, process and queue numbers, IP addresses, delays),
/// addresses and IDs. Reply codes and enhanced codes are kept, so lines of
/// one shape always make the same finding.
fn line_shape(line: &str) -> u64 {
    const SEPARATORS: [bool; 256] = {
        let mut t = [false; 256];
        let s = b" \t<>,=()[]:;\"'{}";
        let mut i = 0;
        while i < s.len() {
            t[s[i] as usize] = true;
            i += 1;
        }
        t
    };
    let b = line.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |x: u8| h = (h ^ x as u64).wrapping_mul(0x0000_0100_0000_01b3);
    let mut i = 0;
    while i < b.len() {
        if SEPARATORS[b[i] as usize] {
            mix(b[i]);
            i += 1;
            continue;
        }
        let (mut end, mut digits, mut at) = (i, false, false);
        while end < b.len() && !SEPARATORS[b[end] as usize] {
            digits |= b[end].is_ascii_digit();
            at |= b[end] == b'@';
            end += 1;
        }
        let token = &b[i..end];
        if at {
            mix(b'@');
        } else if !digits {
            token.iter().for_each(|&c| mix(c));
        } else {
            let mut codes = false;
            let mut j = 0;
            while j < token.len() {
                if token[j].is_ascii_digit() {
                    let keep = code_len_at(b, i + j).min(token.len() - j);
                    if keep > 0 {
                        codes = true;
                        token[j..j + keep].iter().for_each(|&c| mix(c));
                        j += keep;
                    } else {
                        while j < token.len() && token[j].is_ascii_digit() {
                            j += 1;
                        }
                        mix(b'#');
                    }
                } else if codes || token.len() < 8 {
                    mix(token[j]);
                    j += 1;
                } else {
                    // A long token with digits and no code: an ID.
                    mix(b'#');
                    j = token.len();
                }
            }
        }
        i = end;
    }
    h
}

/// The length of a reply code or enhanced status code starting at `i`, or 0.
fn code_len_at(b: &[u8], i: usize) -> usize {
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.') {
        return 0;
    }
    if let Some((_, len)) = EnhancedStatus::parse_prefix(&b[i..]) {
        let next = b.get(i + len);
        if !next.is_some_and(|c| {
            c.is_ascii_alphanumeric() || (*c == b'.' && b.get(i + len + 1).is_some_and(u8::is_ascii_digit))
        }) {
            return len;
        }
    }
    let three = b.len() >= i + 3 && b[i..i + 3].iter().all(u8::is_ascii_digit);
    if three
        && matches!(b[i], b'2'..=b'5')
        && b[i + 1] <= b'5'
        && !b.get(i + 3).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.')
    {
        return 3;
    }
    0
}

impl Evidence {
    fn is_empty(&self) -> bool {
        self.dsn.is_empty() && self.logs.is_empty() && self.text.is_empty() && self.successes.is_empty()
    }

    fn scan(&mut self, text: &str, status_part: bool) {
        if status_part || dsn::present(text) {
            let report = dsn::read(text);
            if self.reporting_mta.is_none() {
                self.reporting_mta = report.reporting_mta.clone();
            }
            for rec in report.records {
                let raw = self.dsn_raw(rec);
                if raw.action == Some(Action::Delivered) {
                    self.successes.add(raw);
                } else {
                    self.dsn.push(raw);
                }
            }
            if status_part {
                return;
            }
        }
        let mut scanner = TextScanner::default();
        let mut pending = String::new();
        let mut in_dsn_field = false;
        for line in lines::lines(text) {
            if is_continuation(line) {
                if in_dsn_field {
                    continue;
                }
                if !pending.is_empty() && pending.len() < MAX_LOGICAL_LINE {
                    pending.push('\n');
                    pending.push_str(line.trim());
                    continue;
                }
            }
            if !pending.is_empty() && continues_reply(&pending, line) && pending.len() < MAX_LOGICAL_LINE {
                pending.push('\n');
                pending.push_str(line.trim());
                continue;
            }
            in_dsn_field = false;
            if !pending.is_empty() {
                scanner.logical(&pending, self);
                pending.clear();
            }
            if dsn::field_name(line).is_some() {
                in_dsn_field = true;
                continue;
            }
            // A log repeats itself: a line shaped like one read before (same
            // words and codes; other times, IDs, addresses) counts without being parsed.
            let shape = line_shape(line);
            match self.seen_lines.get_mut(&shape) {
                Some(Seen::Quiet) => continue,
                Some(Seen::Success(i)) => {
                    self.successes.findings[*i].count += 1;
                    continue;
                }
                Some(Seen::Failure(i, parsed))
                    if *parsed >= RECIPIENT_SAMPLE || self.logs.findings[*i].recipients.len() >= MAX_RECIPIENTS =>
                {
                    self.logs.findings[*i].count += 1;
                    continue;
                }
                // Parsed again only to collect recipients, for a while.
                Some(Seen::Failure(_, parsed)) => *parsed += 1,
                _ => {}
            }
            let seen = match logs::parse(line) {
                logs::Line::Failure(mut r) => {
                    r.context = clip(line);
                    self.logs.add(r).map(|i| Seen::Failure(i, 1))
                }
                logs::Line::Success(r) => self.successes.add(r).map(Seen::Success),
                logs::Line::Quiet => Some(Seen::Quiet),
                logs::Line::Unknown => {
                    pending.push_str(line);
                    None
                }
            };
            if let Some(seen) = seen {
                if self.seen_lines.len() < MAX_SEEN_LINES {
                    self.seen_lines.entry(shape).or_insert(seen);
                }
            }
        }
        if !pending.is_empty() {
            scanner.logical(&pending, self);
        }
    }

    fn dsn_raw(&self, rec: dsn::Record) -> Raw {
        let mut raw = Raw {
            recipient: rec.recipient,
            remote: rec.remote_mta.as_deref().map(|h| hosts::host_part(h).to_string()).filter(|h| !h.is_empty()),
            side: Some(Side::Sending),
            mta: self.writer,
            ..Raw::default()
        };
        let status =
            rec.status.as_deref().and_then(|s| EnhancedStatus::parse(s.split_whitespace().next().unwrap_or("")));
        raw.action = match rec.action.as_deref() {
            Some("delivered" | "relayed" | "expanded" | "deliverable") => Some(Action::Delivered),
            Some("delayed") => Some(Action::Delayed),
            Some(_) => Some(Action::Failed),
            None if status.is_some_and(|s| s.class == 2) => Some(Action::Delivered),
            None => Some(Action::Failed),
        };
        if let Some(diag) = &rec.diagnostic {
            let words = dsn::diagnostic_text(diag);
            // With its type: `X-Unix; 69` is a local program's exit status.
            raw.context = clip(diag);
            let h = hits(words, Trust::Field);
            match primary(&h) {
                Some(i) => {
                    raw.reply = h[i].reply;
                    raw.enhanced = h[i].enhanced;
                    raw.text = text_of(words, &h[i], h.get(i + 1));
                }
                None => raw.text = lines::squeeze(words),
            }
            raw.stage = stage_in(words);
        }
        // The server's own enhanced code says more than the report's, unless
        // it contradicts the reply; a report may also get the class wrong.
        let class = raw.reply.map(|r| r.class());
        let fits = |e: &EnhancedStatus| class.is_none_or(|c| c == e.class);
        raw.enhanced = raw.enhanced.filter(fits).or(status.filter(fits)).or(raw.enhanced).or(status);
        raw
    }

    fn finish(mut self, headers: &str, input: &str) -> Classification {
        let reporter = self
            .writer
            .or_else(|| self.reporting_mta.as_deref().and_then(|r| hosts::provider_of_host(hosts::host_part(r))));
        let mut out = Classification { reporter, ..Classification::default() };
        if self.complaint {
            out.not_an_error = Some(NotAnError::Complaint);
            return out;
        }
        let failures: Grouper = if !self.dsn.is_empty() {
            let texts: Vec<Finding> = std::mem::take(&mut self.text).into_findings();
            let mut g = std::mem::take(&mut self.logs);
            let mut seen = Vec::new();
            for mut raw in std::mem::take(&mut self.dsn) {
                borrow_reply(&mut raw, &texts);
                if raw.mta.is_none() {
                    raw.mta = reporter;
                }
                seen.push((raw.reply, raw.enhanced));
                g.add(raw);
            }
            // The notice may name another, specific reply (the attempt before a
            // queue expiry, say): keep those the report does not already hold.
            for f in texts {
                // X.0.0 says nothing, and a 503 after a refused recipient is only its echo.
                let specific = f.enhanced.is_some_and(|e| e.class >= 4 && (e.subject, e.detail) != (0, 0))
                    && f.reply_code.is_some_and(|r| r.get() != 503);
                if specific && f.reply_code.is_some() && !seen.contains(&(f.reply_code, f.enhanced)) {
                    seen.push((f.reply_code, f.enhanced));
                    g.merge_one(f);
                }
            }
            g
        } else {
            let mut g = std::mem::take(&mut self.logs);
            g.merge(std::mem::take(&mut self.text));
            g
        };
        // A log: the most frequent first; a message or a pasted excerpt keeps its own order.
        let log_like = !self.logs.is_empty() && !self.bounce;
        let (mut findings, omitted) = if failures.is_empty() {
            if !self.successes.is_empty() {
                out.not_an_error = Some(NotAnError::DeliveryNotice);
            }
            let mut found = std::mem::take(&mut self.successes).into_findings();
            if found.is_empty() {
                if let Some(f) = self
                    .notice
                    .take()
                    .filter(|_| is_bounce(headers, self.signed))
                    .and_then(|n| codeless(n, self.writer))
                {
                    found.push(f);
                } else if auto_reply(headers) {
                    out.not_an_error = Some(NotAnError::AutoReply);
                    return out;
                }
            }
            (found, 0)
        } else {
            let omitted = failures.omitted;
            (failures.into_findings(), omitted)
        };
        if log_like {
            smtp_triage_model::sort_small_by_key(&mut findings, |f| std::cmp::Reverse(f.count));
        }
        // A bounce's own words (`will be deleted from queue`) are evidence too.
        let notice = if self.bounce { self.notice.take().unwrap_or_default() } else { String::new() };
        // A pasted trace or log that names one provider (`connected to
        // email-smtp.us-east-1.amazonaws.com`) speaks of it throughout. Not a
        // bounce: a provider's bounce often relays another server's reply.
        if !self.bounce {
            if let Some(p) = hosts::provider_in_text(&input[..lines::floor_boundary(input, 64 * 1024)]) {
                findings.iter_mut().filter(|f| f.provider.is_none()).for_each(|f| f.provider = Some(p));
            }
        }
        for f in &mut findings {
            if f.action != Some(Action::Delivered) {
                // The words that identify an error come early: the reply's first
                // kilobyte, and half a kilobyte of the line around it.
                let head = |s: &str, n: usize| s[..lines::floor_boundary(s, n)].to_string();
                let mut text = if f.context.contains(f.text.as_str()) {
                    head(&f.context, MATCH_TEXT)
                } else {
                    format!("{} {}", head(&f.text, MATCH_TEXT), head(&f.context, MATCH_TEXT / 2))
                };
                if !notice.is_empty() {
                    text.push(' ');
                    text.push_str(&notice);
                }
                f.entries = matching::matches(&matching::Evidence {
                    reply: f.reply_code,
                    enhanced: f.enhanced,
                    text: &text,
                    provider: f.provider,
                });
            }
            decide_reason(f, &self.notice_words);
        }
        if findings.is_empty() && out.not_an_error.is_none() {
            findings.extend(by_phrases(input).map(|mut f| {
                decide_reason(&mut f, "");
                f
            }));
        }
        out.findings = findings;
        out.omitted = omitted;
        out
    }
}

/// Gives a finding its reason, and the reason's generic entry below the
/// specific entries that match (or, when the reason cannot be told, the
/// generic entries of the likely reasons).
fn decide_reason(f: &mut Finding, notice: &str) {
    fn head(s: &str, n: usize) -> &str {
        &s[..lines::floor_boundary(s, n)]
    }
    let words =
        smtp_triage_model::normalize(&format!("{} {}", head(&f.text, MATCH_TEXT), head(&f.context, MATCH_TEXT)));
    let r = reason::decide(&reason::Evidence {
        reply: f.reply_code,
        enhanced: f.enhanced,
        text: &words,
        notice,
        stage: f.stage,
        action: f.action,
    });
    // The server's words fit a specific entry that the reason rules cannot
    // place: the entry's own reason is the best reading.
    let r = match f.entries.first() {
        Some(m) if r.kind == smtp_triage_model::ReasonKind::Undecided && m.by_words => {
            m.entry.reasons.first().and_then(|n| crate::registry::reason(n)).unwrap_or(r)
        }
        _ => r,
    };
    f.reason = Some(r);
    if f.action == Some(Action::Delivered) || r.kind == smtp_triage_model::ReasonKind::NotError {
        return;
    }
    // A specific entry about another reason, found by its codes alone or by
    // a weak match of its words, is a look-alike: it goes below the reason's
    // own generic entry.
    let (fits, look_alikes): (Vec<EntryMatch>, Vec<EntryMatch>) = std::mem::take(&mut f.entries)
        .into_iter()
        .partition(|m| (m.by_words && m.score >= LOOK_ALIKE) || m.entry.reasons.contains(&r.name));
    f.entries = fits;
    let generic: Vec<&str> = match &r.entry {
        Some(id) => vec![id],
        None => reason::choices(f.reply_code.map(|c| c.class()).or(f.enhanced.map(|e| e.class)))
            .iter()
            .filter_map(|n| crate::registry::reason(n).and_then(|r| r.entry.as_deref()))
            .collect(),
    };
    for id in generic {
        if let Some(e) = crate::catalog::find(id) {
            if !f.entries.iter().any(|m| m.entry.id == e.id) {
                f.entries.push(EntryMatch { entry: e, score: matching::GENERIC, by_words: false });
            }
        }
    }
    f.entries.extend(look_alikes);
    f.entries.truncate(MAX_ENTRIES);
}

/// Below this score, a specific entry of another reason than the finding's is a look-alike.
const LOOK_ALIKE: f32 = 0.45;
/// At most this many entries are offered for a finding.
const MAX_ENTRIES: usize = 8;

/// Where a bounce's copy of the original message begins.
const ORIGINAL_MARKERS: &[&str] = &[
    "----- original message -----",
    "------ this is a copy of the message",
    "--- below this line is a copy of the message",
    "original message headers",
    "----- the header of the original message",
    "----- original message follows -----",
    "content-type: message/rfc822",
    "------=_",
];

/// How much of a bounce's notice is read with a finding's words for matching entries.
const NOTICE: usize = 600;
/// How much of it is read for the reason: a bounce may say why further down.
const NOTICE_WORDS: usize = 2048;

/// The words of a bounce's notice, up to the copy of the original message,
/// squeezed and kept to `max` bytes.
fn notice_of(text: &str, max: usize) -> String {
    static SET: std::sync::OnceLock<phrases::PhraseSet> = std::sync::OnceLock::new();
    let head = &text[..lines::floor_boundary(text, 16 * 1024)];
    let end = SET.get_or_init(|| phrases::PhraseSet::new(ORIGINAL_MARKERS)).earliest(head).unwrap_or(head.len());
    // Squeezed, the notice is kept to `max` bytes: squeeze no more than twice that.
    let mut out = lines::squeeze(&head[..lines::floor_boundary(head, end.min(2 * max))]);
    out.truncate(lines::floor_boundary(&out, max));
    out
}

/// Whether a message presents itself as a bounce or delay notice.
fn is_bounce(headers: &str, signed: bool) -> bool {
    let from = mime::header(headers, "From").unwrap_or_default();
    let subject = mime::header(headers, "Subject").unwrap_or_default();
    signed
        || ["mailer-daemon", "postmaster", "mail delivery"].iter().any(|m| contains_ci(&from, m))
        || [
            "undeliver",
            "delivery status notification",
            "delivery failure",
            "failure notice",
            "returned mail",
            "delivery failed",
            "delivery has failed",
            "could not be delivered",
            "delivery delayed",
            "delayed mail",
            "non remis",
            "unzustellbar",
            "not delivered",
            "mail failure",
            "delivery notification",
            // A mailing list refusing a post from a non-member (fml, ezmlm).
            "are not member",
            "not a member",
        ]
        .iter()
        .any(|m| contains_ci(&subject, m))
}

/// Keeps at most `MAX_CONTEXT` bytes of a line for matching.
fn clip(line: &str) -> String {
    line[..lines::floor_boundary(line, MAX_CONTEXT)].to_string()
}

const MAX_CONTEXT: usize = 2048;
/// How much of a finding's words matching reads.
const MATCH_TEXT: usize = 1024;

/// For text with no code at all (a TLS error in an application log, a
/// timeout line): the line whose words best fit an entry, if any does.
fn by_phrases(input: &str) -> Option<Finding> {
    let mut best: Option<(f32, Finding)> = None;
    for line in
        lines::lines(&input[..lines::floor_boundary(input, 256 * 1024)]).filter(|l| !l.trim().is_empty()).take(2000)
    {
        let line = &line[..lines::floor_boundary(line, MAX_CONTEXT)];
        let provider = hosts::provider_in_text(line);
        let entries = matching::matches(&matching::Evidence { reply: None, enhanced: None, text: line, provider });
        let Some(top) = entries.first().map(|m| m.score) else { continue };
        if best.as_ref().is_none_or(|(s, _)| top > *s) {
            let finding = Finding {
                reply_code: None,
                enhanced: None,
                text: lines::squeeze(line),
                stage: stage_in(line),
                mta: None,
                side: None,
                remote: remote_in(line),
                provider,
                action: None,
                recipients: first_address(line).into_iter().collect(),
                count: 1,
                reason: None,
                entries,
                context: String::new(),
            };
            best = Some((top, finding));
        }
    }
    best.map(|(_, f)| f)
}

/// A finding for a bounce that names no code: its notice, as the words.
fn codeless(notice: String, writer: Option<&'static str>) -> Option<Finding> {
    if notice.is_empty() {
        return None;
    }
    let delayed = [
        "has been delayed",
        "will be retried",
        "warning message only",
        "still trying",
        "will keep trying",
        "not yet been delivered",
        "only a temporary failure",
    ]
    .iter()
    .any(|m| contains_ci(&notice, m));
    let mut g = Grouper::default();
    g.add(Raw {
        text: notice,
        mta: writer,
        side: Some(Side::Sending),
        action: Some(if delayed { Action::Delayed } else { Action::Failed }),
        ..Raw::default()
    });
    g.into_findings().into_iter().next()
}

/// A DSN record without the server's words takes them from the notice text:
/// the reply naming the same recipient, or the only reply there is.
fn borrow_reply(raw: &mut Raw, texts: &[Finding]) {
    if raw.reply.is_some() && !raw.text.is_empty() {
        // The notice may still say at which command the reply came
        // (`(in reply to end of DATA command)`): the report's fields never do.
        if raw.stage.is_none() {
            let fits = |f: &&Finding| {
                f.stage.is_some()
                    && f.reply_code.is_none_or(|r| raw.reply == Some(r))
                    && f.enhanced.is_none_or(|e| raw.enhanced.is_none_or(|x| x == e))
            };
            let same_reply = texts.iter().filter(fits);
            let about_recipient = |f: &&&Finding| {
                raw.recipient.as_ref().is_some_and(|r| f.recipients.iter().any(|x| x.eq_ignore_ascii_case(r)))
            };
            let candidates: Vec<&Finding> = same_reply.collect();
            raw.stage = candidates
                .iter()
                .find(about_recipient)
                .or(if candidates.len() == 1 { candidates.first() } else { None })
                .and_then(|f| f.stage);
        }
        return;
    }
    let same =
        |f: &&Finding| raw.recipient.as_ref().is_some_and(|r| f.recipients.iter().any(|x| x.eq_ignore_ascii_case(r)));
    let with_reply: Vec<&Finding> = texts.iter().filter(|f| f.reply_code.is_some()).collect();
    let pick = texts.iter().find(same).or(if with_reply.len() == 1 { with_reply.first().copied() } else { None });
    if let Some(f) = pick {
        if raw.enhanced.is_none_or(|e| f.reply_code.is_none_or(|r| r.class() == e.class)) {
            raw.reply = raw.reply.or(f.reply_code);
            if raw.text.is_empty() || f.reply_code.is_some() {
                raw.text = f.text.clone();
            }
            // A report's generic X.0.0 gives way to the server's own code.
            if raw.enhanced.is_none_or(|e| e.subject == 0 && e.detail == 0) && f.enhanced.is_some() {
                raw.enhanced = f.enhanced;
            }
            raw.stage = raw.stage.or(f.stage);
            raw.remote = raw.remote.take().or_else(|| f.remote.clone());
        }
    }
}

/// A message whose own headers say it is an automatic reply.
fn auto_reply(headers: &str) -> bool {
    if headers.is_empty() {
        return false;
    }
    let auto = mime::header(headers, "Auto-Submitted").is_some_and(|v| contains_ci(&v, "auto-replied"))
        || mime::header(headers, "X-Autoreply").is_some()
        || mime::header(headers, "X-Autorespond").is_some()
        || mime::header(headers, "Precedence").is_some_and(|v| contains_ci(&v, "auto_reply"));
    let subject = mime::header(headers, "Subject").unwrap_or_default();
    let by_subject = [
        "auto:",
        "automatic reply",
        "auto reply",
        "autoreply",
        "out of office",
        "out of the office",
        "vacation",
        "away until",
        "abwesenheit",
        "réponse automatique",
        "respuesta automática",
    ]
    .iter()
    .any(|s| contains_ci(&subject, s));
    auto || by_subject
}

/// A multi-line SMTP reply continues: `550-5.1.1 …` then `550 5.1.1 …`.
fn continues_reply(pending: &str, line: &str) -> bool {
    let last_code = pending.trim_start().get(..4);
    match (last_code, line.get(..3)) {
        (Some(p), Some(l)) => p.as_bytes()[3] == b'-' && &p[..3] == l && p[..3].bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// State carried across the logical lines of free text.
#[derive(Default)]
struct TextScanner {
    /// The stage of the last client command seen in a transcript.
    command_stage: Option<Stage>,
    transcript: bool,
    recipient: Option<String>,
}

const TRANSCRIPT_CLIENT: &[&str] = &[">>> ", "C: ", "-> ", "~> ", "> "];
const TRANSCRIPT_SERVER: &[&str] = &["<<< ", "S: ", "<- ", "<~ ", "<** ", "< "];

impl TextScanner {
    fn logical(&mut self, line: &str, ev: &mut Evidence) {
        let t = line.trim_start();
        if let Some(cmd) = TRANSCRIPT_CLIENT.iter().find_map(|p| t.strip_prefix(p)).or(Some(t)) {
            if let Some(stage) = command_stage(cmd) {
                self.command_stage = Some(stage);
                self.transcript = true;
                if stage == Stage::RcptTo {
                    self.recipient = first_address(cmd);
                }
                return;
            }
        }
        if let Some(addr) = leading_address(t) {
            self.recipient = Some(addr);
        }
        let server_line = TRANSCRIPT_SERVER.iter().any(|p| t.starts_with(p));
        let found = hits(line, Trust::Text);
        if found.is_empty() {
            return;
        }
        // Read once per line, not per reply: a long line may hold many.
        let stage =
            stage_in(line).or(self.command_stage).or((server_line && !self.transcript).then_some(Stage::Connect));
        let remote = remote_in(line);
        for (i, h) in found.iter().enumerate() {
            let text = text_of(line, h, found.get(i + 1));
            // `451 4.4.0 Primary target IP address responded with: "550 5.7.1 …"`:
            // the outer reply only wraps what the remote server said.
            if found.get(i + 1).is_some() && is_wrapper(&text) {
                continue;
            }
            let before = &line[lines::floor_boundary(line, h.at.saturating_sub(reply::CONTEXT))..h.at];
            let mut raw = Raw {
                reply: h.reply,
                enhanced: h.enhanced,
                stage,
                remote: remote.clone(),
                recipient: last_address(before).or_else(|| self.recipient.clone()).or_else(|| first_address(&text)),
                text,
                // The words just before the reply and up to the next: what a
                // bounce writes around it (`… delivery temporarily suspended: …`).
                context: clip(
                    &line[lines::floor_boundary(line, h.at.saturating_sub(160))
                        ..found.get(i + 1).map_or(line.len(), |n| n.at)],
                ),
                ..Raw::default()
            };
            if ev.bounce {
                raw.side = Some(Side::Sending);
                raw.mta = ev.writer;
            }
            let _ = match raw.reply.map(|r| r.class()).or(raw.enhanced.map(|e| e.class)) {
                Some(2) => ev.successes.add(raw),
                _ => ev.text.add(raw),
            };
        }
    }
}

/// A reply whose words only introduce the next one.
fn is_wrapper(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', ' ', '[', '(']).to_ascii_lowercase();
    ["responded with:", "said:", "returned", "returned:", "error:", "reply:", "response:"]
        .iter()
        .any(|m| t.ends_with(m))
}

/// The stage a client command opens: `RCPT TO:<a@b>` → RCPT TO.
fn command_stage(cmd: &str) -> Option<Stage> {
    const VERBS: &[(&str, Stage)] = &[
        ("MAIL FROM:", Stage::MailFrom),
        ("RCPT TO:", Stage::RcptTo),
        ("EHLO ", Stage::Helo),
        ("HELO ", Stage::Helo),
        ("AUTH ", Stage::Auth),
        ("STARTTLS", Stage::StartTls),
        ("BDAT ", Stage::Data),
    ];
    let c = cmd.trim();
    if c.eq_ignore_ascii_case("DATA") {
        return Some(Stage::Data);
    }
    if c == "." || c.eq_ignore_ascii_case("<CR><LF>.<CR><LF>") {
        return Some(Stage::EndOfData);
    }
    VERBS.iter().find(|(v, _)| starts_with_ci(c, v)).map(|(_, s)| *s)
}

fn is_address_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-=!#$&'*/?^`{|}~".contains(c)
}

/// An address at `at` (the `@`), grown to both sides.
fn address_around(s: &str, at: usize) -> Option<String> {
    let start =
        s[..at].rfind(|c: char| !is_address_char(c)).map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    let end =
        s[at + 1..].find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-')).map_or(s.len(), |i| at + 1 + i);
    let local = &s[start..at];
    let domain = s[at + 1..end].trim_end_matches('.');
    (!local.is_empty() && domain.contains('.')).then(|| format!("{local}@{domain}"))
}

fn first_address(s: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = s[from..].find('@') {
        if let Some(a) = address_around(s, from + i) {
            return Some(a);
        }
        from += i + 1;
    }
    None
}

fn last_address(s: &str) -> Option<String> {
    let mut end = s.len();
    while let Some(i) = s[..end].rfind('@') {
        if let Some(a) = address_around(s, i) {
            return Some(a);
        }
        end = i;
    }
    None
}

/// A line that opens with an address: `<ann@example.com>: …`, `ann@example.com (reason: …)`.
fn leading_address(t: &str) -> Option<String> {
    let first = t.split_whitespace().next()?;
    let a = first.trim_matches(['<', '>', ':', ',', '"']);
    (a.contains('@') && !a.contains(['(', ')'])).then(|| first_address(a)).flatten()
}

/// The remote host a bounce or transcript names: `host mx.example[ip] said:`,
/// `host mx.example [ip]:`, `while talking to mx.example.:`, `connect to mx.example[ip]`.
fn remote_in(line: &str) -> Option<String> {
    for marker in ["host ", "while talking to ", "connect to ", "talking to "] {
        if let Some(i) = find_ci(line, marker) {
            let h = hosts::host_part(&line[i + marker.len()..]);
            if h.contains('.') {
                return Some(h.to_string());
            }
        }
    }
    None
}

/// Groups identical evidence: same codes, stage, writer, side and the same
/// text once addresses, IP addresses and IDs are set aside.
#[derive(Default)]
struct Grouper {
    index: HashMap<String, usize>,
    findings: Vec<Finding>,
    omitted: usize,
}

impl Grouper {
    fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// Counts `raw` into its finding; the finding's index, or `None` past the limit.
    fn add(&mut self, raw: Raw) -> Option<usize> {
        let provider =
            raw.remote.as_deref().and_then(hosts::provider_of_host).or_else(|| hosts::provider_in_text(&raw.text));
        let key = format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            raw.reply.map_or(0, |r| r.get()),
            raw.enhanced.map(|e| e.to_string()).unwrap_or_default(),
            raw.stage.map_or(0, |s| s as u8 + 1),
            raw.mta.unwrap_or(""),
            raw.side.map_or(0, |s| s as u8 + 1),
            provider.unwrap_or(""),
            raw.action.map_or(0, |a| a as u8 + 1),
            shape(&raw.text)
        );
        if let Some(&i) = self.index.get(&key) {
            let f = &mut self.findings[i];
            f.count += 1;
            if let Some(r) = raw.recipient {
                if f.recipients.len() < MAX_RECIPIENTS && !f.recipients.iter().any(|x| x.eq_ignore_ascii_case(&r)) {
                    f.recipients.push(r);
                }
            }
            return Some(i);
        }
        if self.findings.len() >= MAX_FINDINGS {
            self.omitted += 1;
            return None;
        }
        self.index.insert(key, self.findings.len());
        let remote = raw.remote.or_else(|| provider.and_then(Mta::by_id).map(|m| m.name.to_string()));
        self.findings.push(Finding {
            reply_code: raw.reply,
            enhanced: raw.enhanced,
            text: raw.text,
            stage: raw.stage,
            mta: raw.mta,
            side: raw.side,
            remote,
            provider,
            action: raw.action,
            recipients: raw.recipient.into_iter().collect(),
            count: 1,
            reason: None,
            entries: Vec::new(),
            context: raw.context,
        });
        Some(self.findings.len() - 1)
    }

    fn merge(&mut self, other: Grouper) {
        for f in other.findings {
            self.merge_one(f);
        }
        self.omitted += other.omitted;
    }

    /// Adds a finding of another grouper, keeping its count and recipients.
    fn merge_one(&mut self, f: Finding) {
        let count = f.count;
        let raw = Raw {
            reply: f.reply_code,
            enhanced: f.enhanced,
            text: f.text,
            stage: f.stage,
            mta: f.mta,
            side: f.side,
            remote: f.remote,
            recipient: f.recipients.first().cloned(),
            action: f.action,
            context: f.context,
        };
        let before = self.findings.len();
        self.add(raw);
        if self.findings.len() > before {
            if let Some(last) = self.findings.last_mut() {
                last.count += count - 1;
                last.recipients = f.recipients;
            }
        }
    }

    fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// The text with what varies between occurrences set aside: addresses, IP
/// addresses, queue and message IDs, numbers.
fn shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        let digits = core.bytes().filter(u8::is_ascii_digit).count();
        let token = if core.contains('@') {
            "@"
        } else if digits > 0 && (digits * 3 >= core.len() || core.len() >= 12) {
            "#"
        } else {
            w
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&token.to_ascii_lowercase());
    }
    out
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

    #[test]
    fn shapes_set_variable_parts_aside() {
        assert_eq!(
            shape("<ann@example.net>: Recipient address rejected at 192.0.2.1 id 3F1A2B3C4D"),
            "@ recipient address rejected at # id #"
        );
    }
}
