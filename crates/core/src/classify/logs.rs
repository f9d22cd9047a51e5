//! Log lines of the common MTAs, sending side and receiving side: Postfix,
//! Sendmail, Exim, Courier, qmail, Exchange / Microsoft 365 traces and
//! Amazon SES notifications. Each parser knows where its MTA puts the
//! recipient, the remote host, the reply and the stage.

use super::hosts::host_part;
use super::lines::{contains_ci, find_ci};
use super::raw::Raw;
use super::reply::{hits, primary, stage_in, text_of, Trust};
use super::{Action, Side, Stage};
use smtp_triage_model::EnhancedStatus;

/// What a line turned out to be.
pub enum Line {
    /// A failure: a finding.
    Failure(Raw),
    /// A delivery that worked.
    Success(Raw),
    /// A line of a known log that is not about a failure.
    Quiet,
    /// Not a log line this module knows.
    Unknown,
}

/// The words that say which MTA wrote a log line, found in one pass; the
/// order is the one `parse` tries them in.
const GATES: &[&str] = &[
    "postfix",
    "sendmail[",
    "sm-mta[",
    " ** ",
    " == ",
    " rejected ",
    "authenticator failed",
    "courieresmtp",
    "courierlocal",
    "delivery ",
    "rblsmtpd:",
    "\"notificationtype\"",
    "\"bouncedrecipients\"",
    "resolver.",
    "storedrv.",
    "{led=",
    ",fail,",
];

pub fn parse(line: &str) -> Line {
    // Every log format this module reads has digits in each line (times, IDs, codes).
    if line.len() < 16 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return Line::Unknown;
    }
    static SET: std::sync::OnceLock<super::phrases::PhraseSet> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| super::phrases::PhraseSet::new(GATES));
    let mut seen = [false; GATES.len()];
    set.each(line, |i| seen[i] = true);
    if !seen.contains(&true) {
        return Line::Unknown;
    }
    let any = |range: std::ops::Range<usize>| seen[range].contains(&true);
    if seen[0] {
        if let Some(l) = line.find("postfix").and_then(|at| postfix(line, at)) {
            return l;
        }
    }
    if any(1..3) {
        return sendmail(line);
    }
    if any(3..7) {
        if let Some(l) = exim(line) {
            return l;
        }
    }
    if any(7..9) {
        return courier(line);
    }
    if seen[9] {
        if let Some(l) = line.find("delivery ").and_then(|at| qmail(line, at)) {
            return l;
        }
    }
    if seen[10] {
        return with_hits(line, Trust::Text, "qmail", Side::Receiving, None);
    }
    if any(11..13) {
        return ses(line);
    }
    if any(13..17) {
        return exchange(line);
    }
    Line::Unknown
}

fn value_after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let at = line.find(key)? + key.len();
    let rest = &line[at..];
    let end = rest.find([',', ' ', '>']).unwrap_or(rest.len());
    Some(rest[..end].trim_matches(['<', '>']))
}

fn raw(mta: &'static str, side: Side) -> Raw {
    Raw { mta: Some(mta), side: Some(side), ..Raw::default() }
}

/// Fills in the reply from the first hit of `text`, or keeps `text` as the words.
fn fill(r: &mut Raw, text: &str, trust: Trust) {
    let h = hits(text, trust);
    match primary(&h) {
        Some(i) => {
            r.reply = h[i].reply;
            r.enhanced = h[i].enhanced.or(r.enhanced);
            r.text = text_of(text, &h[i], h.get(i + 1));
        }
        None => r.text = super::lines::squeeze(text.trim().trim_matches(['(', ')'])),
    }
    if r.stage.is_none() {
        r.stage = stage_in(text);
    }
}

/// `Nov 28 04:12:09 mx postfix/smtp[2210]: 3F1A: to=<a@b>, relay=…, dsn=4.7.0, status=deferred (…)`
fn postfix(line: &str, at: usize) -> Option<Line> {
    let rest = &line[at + "postfix".len()..];
    let slash = rest.find('/')?;
    if slash > 20 || rest[..slash].contains(' ') {
        return None;
    }
    let program = rest[slash + 1..].split(['[', ':', ' ']).next().unwrap_or("");
    let receiving = matches!(program, "smtpd" | "postscreen" | "cleanup" | "submission" | "smtps");
    let side = if receiving { Side::Receiving } else { Side::Sending };

    if let Some(s) = line.find(" status=") {
        let status = &line[s + 8..];
        let (word, detail) = status.split_once(' ').unwrap_or((status, ""));
        let detail = detail.trim();
        let mut r = raw("postfix", Side::Sending);
        r.recipient = value_after(line, " to=<").map(str::to_string);
        r.enhanced = value_after(line, " dsn=").and_then(EnhancedStatus::parse);
        let relay = value_after(line, " relay=").filter(|r| *r != "none");
        fill(&mut r, detail.strip_prefix('(').unwrap_or(detail), Trust::Text);
        r.remote = said_host(detail).or(relay.map(|h| host_part(h).to_string()));
        r.action = Some(match word {
            "sent" | "delivered" => return Some(Line::Success(r)),
            "deferred" => Action::Delayed,
            _ => Action::Failed,
        });
        return Some(Line::Failure(r));
    }
    for marker in ["NOQUEUE: reject: ", ": reject: ", "milter-reject: "] {
        if let Some(m) = line.find(marker) {
            let what = &line[m + marker.len()..];
            let mut r = raw("postfix", Side::Receiving);
            r.stage = stage_in(&line[m..]);
            if r.stage.is_none() && what.starts_with("END-OF-MESSAGE") {
                r.stage = Some(Stage::EndOfData);
            }
            // `RCPT from host[ip]: 554 5.7.1 <x>: Relay access denied; from=<…> to=<…> proto=…`;
            // a header_checks or body_checks rule puts its text last, after `helo=<…>: `.
            let checks = what.starts_with("header ") || what.starts_with("body ");
            let body = match what.find("helo=<").and_then(|h| what[h..].find(">: ").map(|e| h + e + 3)) {
                Some(i) if checks => {
                    r.stage = r.stage.or(Some(Stage::EndOfData));
                    &what[i..]
                }
                _ => {
                    let body = what.find(": ").map_or(what, |i| &what[i + 2..]);
                    body.find("; from=<").map_or(body, |i| &body[..i])
                }
            };
            r.remote = what.split_once(" from ").map(|(_, h)| host_part(h).to_string()).filter(|h| !h.is_empty());
            r.recipient = value_after(line, " to=<").map(str::to_string);
            fill(&mut r, body, Trust::Field);
            return Some(Line::Failure(r));
        }
    }
    for level in ["warning: ", "error: ", "fatal: ", "panic: "] {
        if let Some(m) = line.find(level) {
            let text = &line[m + level.len()..];
            let mut r = raw("postfix", side);
            r.remote =
                text.split_once(": ").map(|(h, _)| h).filter(|h| h.contains('[')).map(|h| host_part(h).to_string());
            fill(&mut r, text, Trust::Text);
            return Some(Line::Failure(r));
        }
    }
    // `postfix/smtp[…]: connect to mx[ip]:25: Connection timed out`, `lost connection with …`
    for fault in
        ["connect to ", "lost connection with ", "SSL_connect error", "TLS is required", "Untrusted TLS", "SASL "]
    {
        if let Some(m) = line.find(fault) {
            let mut r = raw("postfix", side);
            let text = &line[m..];
            r.remote = text
                .strip_prefix("connect to ")
                .or_else(|| text.strip_prefix("lost connection with "))
                .map(|h| host_part(h).to_string());
            fill(&mut r, text, Trust::Text);
            return Some(Line::Failure(r));
        }
    }
    Some(Line::Quiet)
}

/// The host of `host mx.example[192.0.2.1] said:`.
fn said_host(detail: &str) -> Option<String> {
    let at = find_ci(detail, "host ")?;
    let rest = &detail[at + 5..];
    rest.find(" said").map(|_| host_part(rest).to_string()).filter(|h| !h.is_empty())
}

/// `sendmail[12]: qid: to=<a@b>, …, relay=mx. [ip], dsn=4.0.0, stat=Deferred: 421 …`
/// and `sendmail[12]: qid: ruleset=check_rcpt, arg1=<a@b>, relay=host [ip], reject=550 5.7.1 …`
fn sendmail(line: &str) -> Line {
    if let Some(at) = line.find("reject=") {
        let mut r = raw("sendmail", Side::Receiving);
        r.stage = match value_after(line, "ruleset=") {
            Some("check_rcpt") => Some(Stage::RcptTo),
            Some("check_mail") => Some(Stage::MailFrom),
            Some("check_relay") => Some(Stage::Connect),
            Some("check_data") => Some(Stage::Data),
            Some("check_eom") => Some(Stage::EndOfData),
            _ => None,
        };
        if r.stage == Some(Stage::RcptTo) {
            r.recipient = value_after(line, "arg1=").map(str::to_string);
        }
        r.remote = relay_of(line);
        fill(&mut r, &line[at + 7..], Trust::Field);
        return Line::Failure(r);
    }
    if let Some(at) = line.find("stat=") {
        let stat = &line[at + 5..];
        let mut r = raw("sendmail", Side::Sending);
        r.recipient = value_after(line, "to=").map(|t| t.trim_matches(['<', '>', '"']).to_string());
        r.enhanced = value_after(line, "dsn=").and_then(EnhancedStatus::parse);
        r.remote = relay_of(line);
        if stat.starts_with("Sent") {
            return Line::Success(r);
        }
        r.action = Some(if stat.starts_with("Deferred") || r.enhanced.is_some_and(|e| e.class == 4) {
            Action::Delayed
        } else {
            Action::Failed
        });
        let words = stat.strip_prefix("Deferred:").unwrap_or(stat);
        fill(&mut r, words, Trust::Field);
        return Line::Failure(r);
    }
    Line::Quiet
}

fn relay_of(line: &str) -> Option<String> {
    let at = line.find("relay=")? + 6;
    let h = host_part(&line[at..]);
    (!h.is_empty()).then(|| h.to_string())
}

/// Exim's main log: `** a@b R=… T=… H=mx [ip]: SMTP error from remote mail
/// server after RCPT TO:<a@b>: 550 …`, `== a@b … defer (-44): …`,
/// `H=(helo) [ip] F=<f> rejected RCPT <t>: relay not permitted`,
/// `dovecot_login authenticator failed for (helo) [ip]: 535 Incorrect authentication data`.
fn exim(line: &str) -> Option<Line> {
    if let Some(at) = line.find(" ** ").or_else(|| line.find(" == ")) {
        if !is_exim_id_before(line, at) {
            return None;
        }
        let deferred = &line[at..at + 4] == " == ";
        let rest = &line[at + 4..];
        let mut r = raw("exim", Side::Sending);
        r.recipient = rest.split_whitespace().next().map(|a| a.trim_matches(['<', '>', ':']).to_string());
        r.action = Some(if deferred { Action::Delayed } else { Action::Failed });
        r.remote = rest.find(" H=").map(|i| host_part(&rest[i + 3..]).to_string());
        let words = rest.find(": ").map_or(rest, |i| &rest[i + 2..]);
        fill(&mut r, words, Trust::Text);
        return Some(Line::Failure(r));
    }
    if let Some(at) = line.find(" rejected ") {
        if line.contains("H=") || line.contains("rejected connection") {
            let mut r = raw("exim", Side::Receiving);
            let what = &line[at + 1..];
            r.stage = stage_in(what).or_else(|| what.contains("connect").then_some(Stage::Connect));
            r.remote = line
                .find("H=")
                .map(|i| host_part(line[i + 2..].trim_start_matches('(').split(") ").last().unwrap_or("")).to_string());
            if r.stage == Some(Stage::RcptTo) {
                r.recipient = what.split_whitespace().nth(2).map(|a| a.trim_matches(['<', '>', ':']).to_string());
            }
            let words = what.find(": ").map_or(what, |i| &what[i + 2..]);
            fill(&mut r, words, Trust::Field);
            return Some(Line::Failure(r));
        }
    }
    if let Some(at) = line.find("authenticator failed for ") {
        let mut r = raw("exim", Side::Receiving);
        r.stage = Some(Stage::Auth);
        let rest = &line[at + 25..];
        r.remote = rest.find('[').map(|i| rest[i + 1..].split(']').next().unwrap_or("").to_string());
        let words = rest.find(": ").map_or(rest, |i| &rest[i + 2..]);
        fill(&mut r, words, Trust::Field);
        return Some(Line::Failure(r));
    }
    None
}

/// Exim message IDs: `1rABCd-000123-Ef` (before 4.97) or `1rABCd-00000000123-Ef12`.
fn is_exim_id_before(line: &str, at: usize) -> bool {
    let Some(id) = line[..at].split_whitespace().last() else { return false };
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 6
        && (6..=11).contains(&parts[1].len())
        && (2..=4).contains(&parts[2].len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `courieresmtpd: error,relay=::ffff:192.0.2.1,from=<a>,to=<b>: 550 User unknown.`
fn courier(line: &str) -> Line {
    let side = if line.contains("courieresmtpd") { Side::Receiving } else { Side::Sending };
    let mut r = raw("courier", side);
    r.remote = value_after(line, "relay=").map(|h| h.trim_start_matches("::ffff:").to_string());
    r.recipient = value_after(line, ",to=<").or_else(|| value_after(line, ",addr=<")).map(str::to_string);
    let body = line.rfind(">: ").map_or(line, |i| &line[i + 3..]);
    fill(&mut r, body, Trust::Field);
    if r.reply.is_none() && r.enhanced.is_none() && !line.contains("error") {
        return Line::Quiet;
    }
    Line::Failure(r)
}

/// `qmail: 1700000000.1 delivery 42: failure: 192.0.2.1_does_not_like_recipient./Remote_host_said:_550_…/`
fn qmail(line: &str, at: usize) -> Option<Line> {
    let rest = &line[at + 9..];
    let colon = rest.find(": ")?;
    if !rest[..colon].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = &rest[colon + 2..];
    let (kind, text) = rest.split_once(": ").unwrap_or((rest, ""));
    let text = text.replace(['_', '/'], " ");
    let mut r = raw("qmail", Side::Sending);
    match kind {
        "success" => return Some(Line::Success(r)),
        "deferral" => r.action = Some(Action::Delayed),
        "failure" => r.action = Some(Action::Failed),
        _ => return None,
    }
    fill(&mut r, &text, Trust::Text);
    Some(Line::Failure(r))
}

/// Any line with a reply in it, attributed to `mta` on `side`.
fn with_hits(line: &str, trust: Trust, mta: &'static str, side: Side, action: Option<Action>) -> Line {
    let mut r = raw(mta, side);
    r.action = action;
    fill(&mut r, line, trust);
    if r.reply.is_none() && r.enhanced.is_none() {
        return Line::Quiet;
    }
    Line::Failure(r)
}

/// Exchange message tracking and Microsoft 365 message trace lines:
/// `…,FAIL,…,"550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",…` or `{LED=550 5.7.1 …};{MSG=}`.
fn exchange(line: &str) -> Line {
    let mut l = with_hits(line, Trust::Text, "exchange", Side::Sending, Some(Action::Failed));
    if let Line::Failure(r) = &mut l {
        // A 4yz is retried, not bounced.
        if r.reply.map(|c| c.class()).or(r.enhanced.map(|e| e.class)) == Some(4) {
            r.action = Some(Action::Delayed);
        }
        for stop in ["};", "\",", "',", "\t"] {
            if let Some(i) = r.text.find(stop) {
                r.text.truncate(i);
            }
        }
        if contains_ci(line, "outlook.com") {
            r.mta = Some("microsoft365");
        }
    }
    l
}

/// Amazon SES bounce and delivery notifications (JSON, one per line or pasted).
fn ses(line: &str) -> Line {
    let success = line.contains("\"notificationType\":\"Delivery\"");
    let mut r = raw("ses", Side::Sending);
    r.recipient =
        json_string(line, "emailAddress").or_else(|| json_string(line, "recipients").filter(|s| s.contains('@')));
    r.enhanced = json_string(line, "status").as_deref().and_then(EnhancedStatus::parse);
    r.remote = json_string(line, "remoteMtaIp");
    let reply = json_string(line, "diagnosticCode").or_else(|| json_string(line, "smtpResponse"));
    if let Some(text) = &reply {
        fill(&mut r, super::dsn::diagnostic_text(text), Trust::Field);
    }
    if success {
        r.action = Some(Action::Delivered);
        return Line::Success(r);
    }
    if line.contains("\"notificationType\":\"Complaint\"") {
        return Line::Quiet;
    }
    r.action = Some(Action::Failed);
    Line::Failure(r)
}

/// The string value of the first `"key":"…"` in a JSON text, unescaped.
fn json_string(s: &str, key: &str) -> Option<String> {
    let pat = format!("\"{key}\":");
    let at = s.find(&pat)? + pat.len();
    let rest = s[at..].trim_start();
    let rest = rest.strip_prefix('[').unwrap_or(rest).trim_start();
    let body = rest.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' | 'r' | 't' => out.push(' '),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or(' '));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(line: &str) -> Raw {
        match parse(line) {
            Line::Failure(r) => r,
            _ => panic!("not a failure: {line}"),
        }
    }

    #[test]
    fn postfix_deferral_line_yields_421_470_rcpt_sending_postfix() {
        let r = failure("Nov 28 04:12:09 out1 postfix/smtp[2210]: 3F1A21C0E2: to=<ann@example.net>, relay=mx1.example.net[198.51.100.7]:25, delay=1.2, delays=0.1/0/1/0, dsn=4.7.0, status=deferred (host mx1.example.net[198.51.100.7] said: 421 4.7.0 Service not available, closing transmission channel (in reply to RCPT TO command))");
        assert_eq!(r.reply.map(|c| c.get()), Some(421));
        assert_eq!(r.enhanced.map(|c| c.to_string()).as_deref(), Some("4.7.0"));
        assert_eq!(r.text, "Service not available, closing transmission channel");
        assert_eq!(
            (r.stage, r.side, r.mta, r.action),
            (Some(Stage::RcptTo), Some(Side::Sending), Some("postfix"), Some(Action::Delayed))
        );
        assert_eq!(r.remote.as_deref(), Some("mx1.example.net"));
        assert_eq!(r.recipient.as_deref(), Some("ann@example.net"));
    }

    #[test]
    fn postfix_noqueue_reject_yields_554_571_rcpt_receiving_postfix() {
        let r = failure("Nov 28 09:01:44 mx1 postfix/smtpd[3321]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <bob@example.org>: Relay access denied; from=<spam@example.biz> to=<bob@example.org> proto=ESMTP helo=<example.biz>");
        assert_eq!(r.reply.map(|c| c.get()), Some(554));
        assert_eq!(r.enhanced.map(|c| c.to_string()).as_deref(), Some("5.7.1"));
        assert_eq!(r.text, "<bob@example.org>: Relay access denied");
        assert_eq!((r.stage, r.side, r.mta), (Some(Stage::RcptTo), Some(Side::Receiving), Some("postfix")));
        assert_eq!(r.remote.as_deref(), Some("unknown"));
        assert_eq!(r.recipient.as_deref(), Some("bob@example.org"));
    }

    #[test]
    fn sendmail_lines_both_sides() {
        let r = failure("Nov 28 10:00:01 mail sendmail[4411]: 4ASA01x4004411: to=<ann@example.net>, delay=00:00:02, xdelay=00:00:02, mailer=esmtp, pri=120000, relay=mx.example.net. [198.51.100.2], dsn=4.0.0, stat=Deferred: 421 4.7.0 Try again later");
        assert_eq!(
            (r.reply.map(|c| c.get()), r.side, r.action),
            (Some(421), Some(Side::Sending), Some(Action::Delayed))
        );
        assert_eq!(r.remote.as_deref(), Some("mx.example.net"));
        let r = failure("Nov 28 10:00:02 mail sendmail[4412]: 4ASA02x4004412: ruleset=check_rcpt, arg1=<bob@example.org>, relay=client.example.biz [203.0.113.7], reject=550 5.7.1 <bob@example.org>... Relaying denied");
        assert_eq!(
            (r.reply.map(|c| c.get()), r.stage, r.side),
            (Some(550), Some(Stage::RcptTo), Some(Side::Receiving))
        );
        assert_eq!(r.text, "<bob@example.org>... Relaying denied");
    }

    #[test]
    fn exim_lines_both_sides() {
        let r = failure("2026-11-28 04:12:09 1rABCd-000123-Ef ** ann@example.net R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.3] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<ann@example.net>: 550 5.1.1 <ann@example.net>: Recipient address rejected: User unknown");
        assert_eq!(
            (r.reply.map(|c| c.get()), r.stage, r.side, r.mta),
            (Some(550), Some(Stage::RcptTo), Some(Side::Sending), Some("exim"))
        );
        assert_eq!(r.remote.as_deref(), Some("mx.example.net"));
        let r = failure("2026-11-28 04:13:00 H=(client.example.biz) [203.0.113.8] F=<x@example.biz> rejected RCPT <bob@example.org>: relay not permitted");
        assert_eq!((r.reply, r.stage, r.side), (None, Some(Stage::RcptTo), Some(Side::Receiving)));
        assert_eq!(r.text, "relay not permitted");
        let r = failure("2026-11-28 04:14:00 dovecot_login authenticator failed for (laptop) [203.0.113.9]:51234: 535 Incorrect authentication data (set_id=ann)");
        assert_eq!((r.reply.map(|c| c.get()), r.stage, r.side), (Some(535), Some(Stage::Auth), Some(Side::Receiving)));
    }

    #[test]
    fn qmail_and_courier_and_ses() {
        let r = failure("@400000006565a1b2 delivery 42: failure: 198.51.100.4_does_not_like_recipient./Remote_host_said:_550_5.1.1_<ann@example.net>..._User_unknown/Giving_up_on_198.51.100.4./");
        assert_eq!((r.reply.map(|c| c.get()), r.mta), (Some(550), Some("qmail")));
        let r = failure("Nov 28 04:00:00 mx courieresmtpd: error,relay=::ffff:203.0.113.5,from=<x@example.biz>,to=<bob@example.org>: 550 User unknown.");
        assert_eq!(
            (r.reply.map(|c| c.get()), r.side, r.recipient.as_deref()),
            (Some(550), Some(Side::Receiving), Some("bob@example.org"))
        );
        let r = failure(
            r#"{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":[{"emailAddress":"ann@example.net","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]}}"#,
        );
        assert_eq!(
            (r.reply.map(|c| c.get()), r.enhanced.map(|e| e.to_string()), r.mta),
            (Some(550), Some("5.1.1".to_string()), Some("ses"))
        );
        assert_eq!(r.text, "user unknown");
    }
}
