//! Reading: every readable part of a text, line by line, through the
//! recognisers. Delivery-status fields, then log lines of a known MTA, then
//! logical lines of free text (folded and multi-line replies joined); the
//! raw hits they give are grouped as they come. A log repeats itself, so a
//! line shaped like one read before is counted without being read again.

use super::group::{line_shape, Groups, ShapeHasher};
use super::lines::{self, is_continuation};
use super::message::Message;
use super::mime::{self, Part, PartKind};
use super::raw::{clip, Raw};
use super::transcript::TextScanner;
use super::{dsn, logs, Action, Side};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

const MAX_LOGICAL_LINE: usize = 64 * 1024;

/// Lines of one shape parsed for their recipients before the rest are only
/// counted: the recipients of a finding are a sample.
const RECIPIENT_SAMPLE: u32 = 64;

const MAX_SEEN_LINES: usize = 100_000;

/// What a log line of a given shape turned out to be.
#[derive(Clone, Copy)]
enum Seen {
    Quiet,
    /// The finding's index, and how many lines of this shape were parsed.
    Failure(usize, u32),
    Success(usize),
}

/// Reads the text and delivery-status parts of a message; when they hold
/// nothing (and it is not a complaint), those of the original message it returns.
pub fn parts(parts: &[Part], message: &Message) -> Groups {
    let mut reader = Reader {
        bounce: message.bounce,
        writer: message.writer,
        seen_lines: HashMap::default(),
        groups: Groups::default(),
    };
    for p in parts.iter().filter(|p| matches!(p.kind, PartKind::Text | PartKind::DeliveryStatus)) {
        reader.part(&p.text, p.kind == PartKind::DeliveryStatus);
    }
    if reader.groups.is_empty() && !message.complaint {
        for p in parts.iter().filter(|p| p.kind == PartKind::Returned) {
            for inner in
                mime::parts(&p.text).iter().filter(|p| matches!(p.kind, PartKind::Text | PartKind::DeliveryStatus))
            {
                reader.part(&inner.text, inner.kind == PartKind::DeliveryStatus);
            }
        }
    }
    reader.groups
}

/// Carried from part to part of one message.
struct Reader {
    /// Replies in free text are the sending side's, written by `writer`.
    bounce: bool,
    writer: Option<&'static str>,
    /// Log lines already read, by their shape.
    seen_lines: HashMap<u64, Seen, BuildHasherDefault<ShapeHasher>>,
    groups: Groups,
}

impl Reader {
    fn part(&mut self, text: &str, status_part: bool) {
        if status_part || dsn::present(text) {
            let report = dsn::read(text);
            if self.groups.reporting_mta.is_none() {
                self.groups.reporting_mta = report.reporting_mta.clone();
            }
            for rec in report.records {
                let raw = Raw { mta: self.writer, ..dsn::raw(rec) };
                if raw.action == Some(Action::Delivered) {
                    self.groups.successes.add(raw);
                } else {
                    self.groups.dsn.push(raw);
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
                self.free_text(&mut scanner, &pending);
                pending.clear();
            }
            if dsn::field_name(line).is_some() {
                in_dsn_field = true;
                continue;
            }
            // A log repeats itself: a line shaped like one read before (same
            // words and codes; other times, IDs, addresses) counts without being parsed.
            // Before any log line is read there is no shape to look for (a
            // bounce's prose is never hashed).
            let shape = (!self.seen_lines.is_empty()).then(|| line_shape(line));
            match shape.and_then(|s| self.seen_lines.get_mut(&s)) {
                Some(Seen::Quiet) => continue,
                Some(Seen::Success(i)) => {
                    self.groups.successes.count_again(*i);
                    continue;
                }
                Some(Seen::Failure(i, parsed))
                    if *parsed >= RECIPIENT_SAMPLE || self.groups.logs.recipients_full(*i) =>
                {
                    self.groups.logs.count_again(*i);
                    continue;
                }
                // Parsed again only to collect recipients, for a while.
                Some(Seen::Failure(_, parsed)) => *parsed += 1,
                _ => {}
            }
            let seen = match logs::parse(line) {
                logs::Line::Failure(mut r) => {
                    r.context = clip(line);
                    self.groups.logs.add(r).map(|i| Seen::Failure(i, 1))
                }
                logs::Line::Success(r) => self.groups.successes.add(r).map(Seen::Success),
                logs::Line::Quiet => Some(Seen::Quiet),
                logs::Line::Unknown => {
                    pending.push_str(line);
                    None
                }
            };
            if let Some(seen) = seen {
                if self.seen_lines.len() < MAX_SEEN_LINES {
                    self.seen_lines.entry(shape.unwrap_or_else(|| line_shape(line))).or_insert(seen);
                }
            }
        }
        if !pending.is_empty() {
            self.free_text(&mut scanner, &pending);
        }
    }

    /// The replies of one logical line of free text: successes apart, the
    /// rest as the text's failures.
    fn free_text(&mut self, scanner: &mut TextScanner, line: &str) {
        for mut raw in scanner.logical(line) {
            if self.bounce {
                raw.side = Some(Side::Sending);
                raw.mta = self.writer;
            }
            let _ = match raw.reply.map(|r| r.class()).or(raw.enhanced.map(|e| e.class)) {
                Some(2) => self.groups.successes.add(raw),
                _ => self.groups.text.add(raw),
            };
        }
    }
}

/// A multi-line SMTP reply continues: `550-5.1.1 …` then `550 5.1.1 …`.
fn continues_reply(pending: &str, line: &str) -> bool {
    let last_code = pending.trim_start().get(..4);
    match (last_code, line.get(..3)) {
        (Some(p), Some(l)) => p.as_bytes()[3] == b'-' && &p[..3] == l && p[..3].bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}
