//! What a curated entry holds beyond a well-formed one: the minimums every
//! catalog entry meets so that each side of the exchange gets something to
//! do and a person can check the sources. The seed alone is well-formed but
//! not curated; `smtp-triage lint --strict` and the catalog test apply these.

use smtp_triage_model::{Entry, Role};

/// Every way `e` falls short of a curated entry, as sentences.
pub fn curated_shortfalls(e: &Entry) -> Vec<String> {
    let mut out = Vec::new();
    if e.workarounds.len() < 2 {
        out.push(format!("has {} workaround(s); a curated entry has at least 2", e.workarounds.len()));
    }
    for w in e.workarounds.iter().filter(|w| w.who.is_empty()) {
        out.push(format!("workaround '{}' does not say who can act (- **Who:**)", w.id));
    }
    if e.workarounds.iter().all(|w| w.when.is_empty()) {
        out.push("no workaround has conditions (- **When:**)".into());
    }
    let sides: Vec<Role> = e.workarounds.iter().flat_map(|w| w.who.iter().copied()).collect();
    if !sides.iter().any(|r| r.is_sending_side()) || !sides.iter().any(|r| !r.is_sending_side()) {
        out.push("the workarounds give something to do to one side only; give the sending side and the receiving side (admin or recipient) each one".into());
    }
    if e.dead_ends.is_empty() {
        out.push("has no dead end".into());
    }
    for d in e.dead_ends.iter().filter(|d| d.triggers.is_empty()) {
        out.push(format!("dead end '{}' has no trigger (- **Triggers:**)", d.id));
    }
    if e.symptoms.is_empty() {
        out.push("has no symptom to ask about (## Symptoms)".into());
    }
    let r = &e.recognition;
    // A reason's generic entry is found by its reason: it has no Recognition of its own.
    let by_reason = !e.reasons.is_empty() && r.reply_codes.is_empty() && r.enhanced.is_empty() && r.phrases.is_empty();
    if !by_reason && r.reply_codes.is_empty() && r.enhanced.is_empty() {
        out.push("Recognition names no reply code or enhanced code".into());
    }
    if !by_reason && r.phrases.len() < 2 {
        out.push("Recognition has fewer than 2 phrases as servers write them".into());
    }
    if !e.sources.iter().any(|s| s.url.is_some()) {
        out.push("no source a person can open (- [Title](https://…))".into());
    }
    if e.reasons.is_empty() {
        out.push("declares no Reason (- **Reason:** a name of registry/reasons.tsv)".into());
    }
    if e.reviewed.is_none() {
        out.push("has no Reviewed date".into());
    }
    if e.compatibility.len() < 2 {
        out.push("the compatibility table has fewer than 2 products".into());
    }
    out
}
