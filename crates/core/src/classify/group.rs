//! Grouping: identical raw hits become one finding with a count (same codes,
//! stage, writer, side, provider and the same words once addresses, IP
//! addresses and IDs are set aside), and log lines of one shape are counted
//! without being read again. Then the delivery-status records of a bounce
//! and the replies of its notice are told as one list of failures.

use super::hosts;
use super::raw::Raw;
use super::Finding;
use smtp_triage_model::{EnhancedStatus, Mta};
use std::collections::HashMap;

const MAX_FINDINGS: usize = 200;
const MAX_RECIPIENTS: usize = 20;

/// The raw hits of every part of a text, grouped by where they were read.
#[derive(Default)]
pub struct Groups {
    /// Delivery-status records of failures and delays: held back until the
    /// notice's replies are known, to borrow their words and stage.
    pub dsn: Vec<Raw>,
    /// The first `Reporting-MTA` named.
    pub reporting_mta: Option<String>,
    /// Failures in log lines of a known MTA.
    pub logs: Grouper,
    /// Replies found in free text.
    pub text: Grouper,
    /// Deliveries that worked, wherever read.
    pub successes: Grouper,
}

/// What the text reports, grouped: what failed or is delayed, and what was delivered.
pub struct Outcome {
    pub failures: Grouper,
    pub successes: Grouper,
    /// Log lines of a known MTA were read: a log, listed most frequent first (unless it is a bounce).
    pub from_log: bool,
}

impl Groups {
    pub fn is_empty(&self) -> bool {
        self.dsn.is_empty() && self.logs.is_empty() && self.text.is_empty() && self.successes.is_empty()
    }

    /// One list of failures. Evidence is taken in order of trust: a report's
    /// records (with the words its notice gives them, and the notice's other
    /// specific replies), else log lines, then replies in free text.
    pub fn outcome(self, reporter: Option<&'static str>) -> Outcome {
        let Groups { dsn, logs, text, successes, .. } = self;
        let from_log = !logs.is_empty();
        let failures = if !dsn.is_empty() {
            let texts: Vec<Finding> = text.into_findings();
            let mut g = logs;
            let mut seen = Vec::new();
            for mut raw in dsn {
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
            let mut g = logs;
            g.merge(text);
            g
        };
        Outcome { failures, successes, from_log }
    }
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

/// Groups identical evidence: same codes, stage, writer, side and the same
/// text once addresses, IP addresses and IDs are set aside.
#[derive(Default)]
pub struct Grouper {
    index: HashMap<String, usize>,
    findings: Vec<Finding>,
    /// Distinct findings beyond the limit, counted but not kept.
    omitted: usize,
}

impl Grouper {
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// Counts `raw` into its finding; the finding's index, or `None` past the limit.
    pub fn add(&mut self, raw: Raw) -> Option<usize> {
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

    /// One more occurrence of the finding at `i`, known without reading it.
    pub fn count_again(&mut self, i: usize) {
        self.findings[i].count += 1;
    }

    /// Whether the finding at `i` lists as many recipients as a finding shows.
    pub fn recipients_full(&self, i: usize) -> bool {
        self.findings[i].recipients.len() >= MAX_RECIPIENTS
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

    pub fn into_findings(self) -> Vec<Finding> {
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

/// A hash of a log line with what varies between repeats of one event set
/// aside: digits (times, process and queue numbers, IP addresses, delays),
/// addresses and IDs. Reply codes and enhanced codes are kept, so lines of
/// one shape always make the same finding.
pub fn line_shape(line: &str) -> u64 {
    // One look per byte: whether it separates tokens, is a digit, is an `@`.
    const SEPARATOR: u8 = 1;
    const DIGIT: u8 = 2;
    const AT: u8 = 4;
    const CLASS: [u8; 256] = {
        let mut t = [0u8; 256];
        let s = b" \t<>,=()[]:;\"'{}";
        let mut i = 0;
        while i < s.len() {
            t[s[i] as usize] = SEPARATOR;
            i += 1;
        }
        let mut d = b'0';
        while d <= b'9' {
            t[d as usize] = DIGIT;
            d += 1;
        }
        t[b'@' as usize] = AT;
        t
    };
    let b = line.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |x: u8| h = (h ^ x as u64).wrapping_mul(0x0000_0100_0000_01b3);
    let mut i = 0;
    while i < b.len() {
        if CLASS[b[i] as usize] == SEPARATOR {
            mix(b[i]);
            i += 1;
            continue;
        }
        let (mut end, mut seen) = (i, 0);
        while end < b.len() && CLASS[b[end] as usize] != SEPARATOR {
            seen |= CLASS[b[end] as usize];
            end += 1;
        }
        let (digits, at) = (seen & DIGIT != 0, seen & AT != 0);
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

/// Hashes a line's shape, already a hash, for the map of shapes seen: one
/// multiply instead of SipHash once per log line.
#[derive(Default)]
pub struct ShapeHasher(u64);

impl std::hash::Hasher for ShapeHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, shape: u64) {
        self.0 = (shape ^ shape >> 29).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The length of a reply code or enhanced status code starting at `i`, or 0.
fn code_len_at(b: &[u8], i: usize) -> usize {
    // Both kinds of code open with a class digit, 2 to 5 (a log's times and
    // addresses mostly do not).
    if !(b'2'..=b'5').contains(&b[i]) || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.')) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_set_variable_parts_aside() {
        assert_eq!(
            shape("<ann@example.net>: Recipient address rejected at 192.0.2.1 id 3F1A2B3C4D"),
            "@ recipient address rejected at # id #"
        );
    }
}
