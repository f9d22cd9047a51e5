//! Which catalog entries fit a finding, and how well. The code alone is not
//! enough (Gmail sends 421 4.7.0 with several meanings): the server's words
//! weigh most, then the enhanced code, the reply code and the provider. The
//! formula is written in `catalog/FORMAT.md`.

use super::lines::fold;
use crate::catalog::entries;
use smtp_triage_model::{EnhancedStatus, Entry, ReplyCode};

/// An entry that fits a finding, with a score from 0 to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryMatch {
    pub entry: &'static Entry,
    pub score: f32,
}

/// The parts of a finding that matching looks at.
pub struct Evidence<'a> {
    pub reply: Option<ReplyCode>,
    pub enhanced: Option<EnhancedStatus>,
    /// The server's text (and any text around it worth reading), any case.
    pub text: &'a str,
    pub provider: Option<&'static str>,
}

/// A matching phrase: the base, plus up to `PHRASE_LENGTH` for a long (specific) one.
const PHRASE: f32 = 0.45;
const PHRASE_LENGTH: f32 = 0.10;
const EXTRA_PHRASE: f32 = 0.05;
const ENHANCED: f32 = 0.25;
const ENHANCED_OTHER: f32 = -0.10;
const REPLY: f32 = 0.12;
const REPLY_OTHER: f32 = -0.15;
const PROVIDER: f32 = 0.15;
/// With nothing but codes to go on, the entry whose own Error Code it is wins.
const OWN_CODE: f32 = 0.02;
/// Below this a match is not shown.
pub const THRESHOLD: f32 = 0.30;
const MAX_MATCHES: usize = 5;

/// The entries that fit, best first (ties by ID), at most five.
pub fn matches(ev: &Evidence) -> Vec<EntryMatch> {
    let text = fold(ev.text);
    let mut out: Vec<EntryMatch> =
        entries().iter().filter_map(|e| score(e, ev, &text).map(|score| EntryMatch { entry: e, score })).collect();
    out.retain(|m| m.score >= THRESHOLD);
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.entry.id.cmp(&b.entry.id)));
    out.truncate(MAX_MATCHES);
    out
}

/// The score of `e` for the evidence, or `None` when it cannot be this entry.
pub fn score(e: &Entry, ev: &Evidence, folded_text: &str) -> Option<f32> {
    let r = &e.recognition;
    if r.excludes.iter().any(|x| folded_text.contains(&**x)) {
        return None;
    }
    let mut phrases = 0;
    let mut longest = 0;
    for p in r.phrases.iter().filter(|p| folded_text.contains(&***p)) {
        phrases += 1;
        longest = longest.max(p.chars().count());
    }
    let enhanced_hit = ev.enhanced.is_some_and(|c| r.enhanced.iter().any(|rg| rg.contains(c)));
    let reply_hit = ev.reply.is_some_and(|c| r.reply_codes.contains(&c));
    if phrases == 0 && !enhanced_hit && !reply_hit {
        return None;
    }
    // A reply of the other class (4yz against 5yz) is another error, unless
    // the enhanced code says it is this one (servers differ in the class they use).
    if let Some(c) = ev.reply {
        if !r.reply_codes.is_empty()
            && !reply_hit
            && !enhanced_hit
            && r.reply_codes.iter().all(|x| x.class() != c.class())
        {
            return None;
        }
    }
    let mut s = 0.0;
    if phrases > 0 {
        s += PHRASE + PHRASE_LENGTH * (longest as f32 / 40.0).min(1.0) + EXTRA_PHRASE * (phrases - 1).min(3) as f32;
    }
    match (enhanced_hit, ev.enhanced) {
        (true, _) => s += ENHANCED,
        (false, Some(_)) if !r.enhanced.is_empty() => s += ENHANCED_OTHER,
        _ => {}
    }
    match (reply_hit, ev.reply) {
        (true, _) => s += REPLY,
        (false, Some(_)) if !r.reply_codes.is_empty() => s += REPLY_OTHER,
        _ => {}
    }
    if !r.providers.is_empty() {
        match ev.provider {
            Some(p) if r.providers.iter().any(|x| x == p) => s += PROVIDER,
            // Another provider's error: Gmail's wording is not Microsoft's.
            Some(_) => return None,
            None => {}
        }
    }
    let own = ev.reply == Some(e.error_code) && (e.error_enhanced.is_none() || e.error_enhanced == ev.enhanced);
    if phrases == 0 && own && r.providers.is_empty() {
        s += OWN_CODE;
    }
    Some(s.clamp(0.0, 1.0))
}
