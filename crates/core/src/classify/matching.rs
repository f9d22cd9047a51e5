//! Which catalog entries fit a finding, and how well. The code alone is not
//! enough (Gmail sends 421 4.7.0 with several meanings): the server's words
//! weigh most, then the enhanced code, the reply code and the provider. The
//! formula is written in `catalog/FORMAT.md`.

use super::phrases::PhraseSet;
use crate::catalog::entries;
use smtp_triage_model::{EnhancedStatus, Entry, ReplyCode};

/// An entry that fits a finding, with a score from 0 to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryMatch {
    pub entry: &'static Entry,
    pub score: f32,
    /// Whether the entry's phrases were found, not only its codes.
    pub by_words: bool,
}

/// The parts of a finding that matching looks at.
pub struct Evidence<'a> {
    pub reply: Option<ReplyCode>,
    pub enhanced: Option<EnhancedStatus>,
    /// The server's text (and any text around it worth reading), normalised
    /// (`smtp_triage_model::normalize`) as the catalog's phrases are.
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
const REPLY_OTHER: f32 = -0.05;
const PROVIDER: f32 = 0.15;
const PROVIDER_UNKNOWN: f32 = -0.10;
/// With nothing but codes to go on, the entry whose own Error Code it is wins.
const OWN_CODE: f32 = 0.02;
const OWN_CODE_ALONE: f32 = 0.18;
/// The score a reason's generic entry is listed with, below the specific ones.
pub const GENERIC: f32 = 0.3;
/// Below this a match is not shown.
pub const THRESHOLD: f32 = 0.30;
const MAX_MATCHES: usize = 5;
/// Matches this far below the best one are not listed.
const SPREAD: f32 = 0.4;

/// The entries that fit, best first (ties by ID), at most five.
pub fn matches(ev: &Evidence) -> Vec<EntryMatch> {
    let found = index().scan(ev.text);
    let mut out: Vec<EntryMatch> = entries()
        .iter()
        .zip(found.iter())
        .filter_map(|(e, f)| score(e, ev, f).map(|score| EntryMatch { entry: e, score, by_words: f.count > 0 }))
        .collect();
    // Below the threshold, or far below the best: not worth a person's time.
    let best = out.iter().map(|m| m.score).fold(0.0, f32::max);
    out.retain(|m| m.score >= THRESHOLD && m.score >= best - SPREAD);
    // Scores are in 0..=1: compared as whole thousandths; ties keep catalog (ID) order.
    smtp_triage_model::sort_small_by_key(&mut out, |m| std::cmp::Reverse((m.score * 1000.0) as u32));
    out.truncate(MAX_MATCHES);
    out
}

/// What the phrase scan found for one entry.
#[derive(Clone, Copy, Default, Debug)]
pub struct Phrases {
    pub count: u8,
    /// Length in characters of the longest phrase found.
    pub longest: u16,
    /// An exclude phrase was found.
    pub excluded: bool,
}

/// The score of `e` for the evidence, or `None` when it cannot be this entry.
pub fn score(e: &Entry, ev: &Evidence, found: &Phrases) -> Option<f32> {
    let r = &e.recognition;
    if found.excluded {
        return None;
    }
    let enhanced_hit = ev.enhanced.is_some_and(|c| r.enhanced.iter().any(|rg| rg.contains(c)));
    let reply_hit = ev.reply.is_some_and(|c| r.reply_codes.contains(&c));
    if found.count == 0 && !enhanced_hit && !reply_hit {
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
    if found.count > 0 {
        s += PHRASE
            + PHRASE_LENGTH * (found.longest as f32 / 40.0).min(1.0)
            + EXTRA_PHRASE * (found.count - 1).min(3) as f32;
    }
    match (enhanced_hit, ev.enhanced) {
        (true, _) => s += ENHANCED,
        (false, Some(_)) if !r.enhanced.is_empty() => s += ENHANCED_OTHER,
        _ => {}
    }
    match (reply_hit, ev.reply) {
        (true, _) => s += REPLY,
        // An enhanced code with no reply code beside it (`(#5.1.2)`, `Status: 4.4.7`) speaks for both.
        // X.0.0 says only "failed", so it does not.
        (false, None) if enhanced_hit && ev.enhanced.is_some_and(|e| (e.subject, e.detail) != (0, 0)) => s += REPLY,
        // Servers use several codes of one class for one error (550, 553, 554 for an unknown user).
        (false, Some(_)) if !r.reply_codes.is_empty() => s += REPLY_OTHER,
        _ => {}
    }
    if !r.providers.is_empty() {
        match ev.provider {
            Some(p) if r.providers.iter().any(|x| x == p) => s += PROVIDER,
            // Another provider's error: Gmail's wording is not Microsoft's.
            Some(_) => return None,
            // Providers sign their replies; an unsigned text is less likely theirs.
            None => s += PROVIDER_UNKNOWN,
        }
    }
    let own = ev.reply == Some(e.error_code) && (e.error_enhanced.is_none() || e.error_enhanced == ev.enhanced);
    if found.count == 0 && own && r.providers.is_empty() {
        // A bare reply code ("421 4.0.0 …" with words no entry knows) still
        // opens the generic entry for that code.
        let vague = ev.enhanced.is_none_or(|e| (e.subject, e.detail) == (0, 0));
        s += if vague { OWN_CODE_ALONE } else { OWN_CODE };
    }
    Some(s.clamp(0.0, 1.0))
}

/// Every phrase and exclude of the catalog in one set, so one pass over a
/// text finds all of them.
struct Index {
    set: PhraseSet,
    /// For each phrase of the set: its entry, its length in characters, whether it excludes.
    info: Vec<(u16, u16, bool)>,
}

fn index() -> &'static Index {
    static INDEX: std::sync::OnceLock<Index> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut texts: Vec<&'static str> = Vec::new();
        let mut info = Vec::new();
        for (i, e) in entries().iter().enumerate() {
            let r = &e.recognition;
            let all = r.phrases.iter().map(|p| (p, false)).chain(r.excludes.iter().map(|p| (p, true)));
            for (p, exclude) in all {
                texts.push(p);
                info.push((i as u16, p.chars().count() as u16, exclude));
            }
        }
        Index { set: PhraseSet::new(&texts), info }
    })
}

impl Index {
    /// For each entry, in catalog order, what its phrases found in `text` (folded).
    fn scan(&self, text: &str) -> Vec<Phrases> {
        let mut out = vec![Phrases::default(); entries().len()];
        // One phrase counts once, however often it appears.
        let mut seen = vec![false; self.info.len()];
        self.set.each(text, |n| {
            if std::mem::replace(&mut seen[n], true) {
                return;
            }
            let (entry, chars, exclude) = self.info[n];
            let f = &mut out[entry as usize];
            if exclude {
                f.excluded = true;
            } else {
                f.count = f.count.saturating_add(1);
                f.longest = f.longest.max(chars);
            }
        });
        out
    }
}
