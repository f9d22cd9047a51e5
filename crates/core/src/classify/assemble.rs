//! From grouped evidence to the findings a person reads: the failures, else
//! the deliveries (a delivery notice), else a bounce's notice when it names
//! no code, else the line of a codeless text that best fits an entry. Each
//! finding gets the curated entries that fit it and its reason, and the
//! reason's generic entry below the specific ones.

use super::group::{Grouper, Outcome};
use super::lines::{self, contains_ci};
use super::matching::{self, EntryMatch};
use super::message::Message;
use super::raw::{Raw, MAX_CONTEXT};
use super::reply::stage_in;
use super::{address, hosts, reason};
use super::{Action, Classification, Finding, NotAnError, Side};
use smtp_triage_model::{normalize, Entry, Reason};
use std::sync::OnceLock;

/// How much of a finding's words matching reads.
const MATCH_TEXT: usize = 1024;
/// Below this score, a specific entry of another reason than the finding's is a look-alike.
const LOOK_ALIKE: f32 = 0.45;
/// At most this many entries are offered for a finding.
const MAX_ENTRIES: usize = 8;

/// The findings of one input, each with its entries and reason.
pub fn classification(
    outcome: Outcome,
    mut message: Message<'_>,
    input: &str,
    reporter: Option<&'static str>,
) -> Classification {
    let mut out = Classification { reporter, ..Classification::default() };
    let Outcome { failures, successes, from_log } = outcome;
    let (mut findings, omitted) = if failures.is_empty() {
        if !successes.is_empty() {
            out.not_an_error = Some(NotAnError::DeliveryNotice);
        }
        let mut found = successes.into_findings();
        if found.is_empty() {
            // The notice is spent here, found or not: no finding reads it for matching.
            if let Some(f) =
                message.notice.take().filter(|_| message.presents_as_bounce()).and_then(|n| codeless(n, message.writer))
            {
                found.push(f);
            } else if message.auto_reply() {
                out.not_an_error = Some(NotAnError::AutoReply);
                return out;
            }
        }
        (found, 0)
    } else {
        let omitted = failures.omitted();
        (failures.into_findings(), omitted)
    };
    // A log: the most frequent first (ties in order of appearance); a message
    // or a pasted excerpt keeps its own order.
    if from_log && !message.bounce {
        smtp_triage_model::sort_small_by_key(&mut findings, |f| std::cmp::Reverse(f.count));
    }
    // A bounce's own words (`will be deleted from queue`) are evidence too.
    let notice = if message.bounce { message.notice.take().unwrap_or_default() } else { String::new() };
    // A pasted trace or log that names one provider (`connected to
    // email-smtp.us-east-1.amazonaws.com`) speaks of it throughout. Not a
    // bounce: a provider's bounce often relays another server's reply.
    if !message.bounce {
        if let Some(p) = hosts::provider_in_text(&input[..lines::floor_boundary(input, 64 * 1024)]) {
            findings.iter_mut().filter(|f| f.provider.is_none()).for_each(|f| f.provider = Some(p));
        }
    }
    // Each piece is normalised once: normalising the pieces and joining them
    // with a space gives what normalising the text they make would.
    let notice = normalize(&notice);
    for f in &mut findings {
        let words = Words::of(f);
        if f.action != Some(Action::Delivered) {
            // For entries: the line around the reply, or the reply and half a
            // kilobyte of the line; then the bounce's own words.
            let text = if f.context.contains(f.text.as_str()) {
                join(&[&words.context, &notice])
            } else {
                join(&[&words.text, &normalize(head(&f.context, MATCH_TEXT / 2)), &notice])
            };
            f.entries = matching::matches(&matching::Evidence {
                reply: f.reply_code,
                enhanced: f.enhanced,
                text: &text,
                provider: f.provider,
            });
        }
        decide_reason(f, &words, &|| message.notice_words.get());
    }
    if findings.is_empty() && out.not_an_error.is_none() {
        findings.extend(by_phrases(input).map(|mut f| {
            let words = Words::of(&f);
            decide_reason(&mut f, &words, &|| "");
            f
        }));
    }
    out.findings = findings;
    out.omitted = omitted;
    out
}

/// Gives a finding its reason, and the reason's generic entry below the
/// specific entries that match (or, when the reason cannot be told, the
/// generic entries of the likely reasons).
fn decide_reason<'n>(f: &mut Finding, words: &Words, notice: &'n dyn Fn() -> &'n str) {
    let words = join(&[&words.text, &words.context]);
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
    // A specific entry about another reason, found by a weak match of its
    // words, is a look-alike: it goes below the reason's own generic entry;
    // found by its codes alone, it is not offered at all.
    let (fits, look_alikes): (Vec<EntryMatch>, Vec<EntryMatch>) = std::mem::take(&mut f.entries)
        .into_iter()
        .partition(|m| (m.by_words && m.score >= LOOK_ALIKE) || m.entry.reasons.contains(&r.name));
    f.entries = fits;
    let generic: Vec<&'static Entry> = match &r.entry {
        Some(_) => generic_entry(r).into_iter().collect(),
        None => reason::choices(f.reply_code.map(|c| c.class()).or(f.enhanced.map(|e| e.class)))
            .iter()
            .filter_map(|n| crate::registry::reason(n).and_then(generic_entry))
            .collect(),
    };
    for e in generic {
        if !f.entries.iter().any(|m| m.entry.id == e.id) {
            f.entries.push(EntryMatch { entry: e, score: matching::GENERIC, by_words: false });
        }
    }
    f.entries.extend(look_alikes.into_iter().filter(|m| m.by_words));
    f.entries.truncate(MAX_ENTRIES);
}

/// The generic entry a reason names, looked up in the catalog once per reason.
fn generic_entry(r: &Reason) -> Option<&'static Entry> {
    static BY_REASON: OnceLock<Vec<(&'static str, Option<&'static Entry>)>> = OnceLock::new();
    let all = BY_REASON.get_or_init(|| {
        crate::registry::REASONS.iter().map(|r| (&*r.name, r.entry.as_deref().and_then(crate::catalog::find))).collect()
    });
    match all.iter().find(|(name, _)| *name == r.name) {
        Some((_, e)) => *e,
        None => r.entry.as_deref().and_then(crate::catalog::find),
    }
}

/// A finding's words, normalised. The words that identify an error come
/// early: the reply's first kilobyte, and a kilobyte of the line around it.
struct Words {
    text: String,
    context: String,
}

impl Words {
    fn of(f: &Finding) -> Words {
        Words { text: normalize(head(&f.text, MATCH_TEXT)), context: normalize(head(&f.context, MATCH_TEXT)) }
    }
}

fn head(s: &str, n: usize) -> &str {
    &s[..lines::floor_boundary(s, n)]
}

/// Normalised pieces as one text: `normalize(a + " " + b)` is `join(&[normalize(a), normalize(b)])`.
fn join(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// For text with no code at all (a TLS error in an application log, a
/// timeout line): the line whose words best fit an entry, if any does.
fn by_phrases(input: &str) -> Option<Finding> {
    let mut best: Option<(f32, Finding)> = None;
    for line in
        lines::lines(&input[..lines::floor_boundary(input, 256 * 1024)]).filter(|l| !l.trim().is_empty()).take(2000)
    {
        let line = &line[..lines::floor_boundary(line, MAX_CONTEXT)];
        let provider = hosts::provider_in_text(line);
        let entries =
            matching::matches(&matching::Evidence { reply: None, enhanced: None, text: &normalize(line), provider });
        let Some(top) = entries.first().map(|m| m.score) else { continue };
        if best.as_ref().is_none_or(|(s, _)| top > *s) {
            let finding = Finding {
                reply_code: None,
                enhanced: None,
                text: lines::squeeze(line),
                stage: stage_in(line),
                mta: None,
                side: None,
                remote: hosts::remote_in(line),
                provider,
                action: None,
                recipients: address::first_address(line).into_iter().collect(),
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
