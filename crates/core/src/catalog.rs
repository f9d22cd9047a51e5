//! The compiled-in catalog and how to find an entry in it.

use smtp_triage_model::{Blob, BlobReader, EnhancedMeaning, EnhancedStatus, Entry, Reason, ReplyCode, ReplyMeaning};
use std::sync::LazyLock;

// Texts end with NUL, written `\0` and followed by any character: not an octal escape.
#[allow(clippy::octal_escapes)]
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

/// The registered meanings of enhanced status codes, by subject and detail.
pub static ENHANCED_MEANINGS: LazyLock<Vec<EnhancedMeaning>> =
    LazyLock::new(|| BlobReader::table(compiled::ENHANCED_TEXT, compiled::ENHANCED_CODE));
/// The registered meanings of reply codes, by code.
pub static REPLY_MEANINGS: LazyLock<Vec<ReplyMeaning>> =
    LazyLock::new(|| BlobReader::table(compiled::REPLY_TEXT, compiled::REPLY_CODE));
/// The bounce reasons, in the registry's order.
pub static REASONS: LazyLock<Vec<Reason>> =
    LazyLock::new(|| BlobReader::table(compiled::REASON_TEXT, compiled::REASON_CODE));

/// Every curated entry, sorted by ID.
pub fn entries() -> &'static [Entry] {
    static ENTRIES: std::sync::OnceLock<Vec<Entry>> = std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut r = BlobReader::new(compiled::ENTRY_TEXT, compiled::ENTRY_CODE);
        let all: Vec<Entry> = (0..compiled::ENTRY_COUNT).map(|_| Entry::take(&mut r)).collect();
        debug_assert!(r.is_done(), "the compiled catalog was not read to its end");
        all
    })
}

/// The seed entry, which every module's tests use.
#[cfg(test)]
pub(crate) fn seed() -> &'static Entry {
    find("communication/smtp-421-service-not-available").expect("the seed entry is compiled in")
}

/// The entry known by `id` (its own or a former one), ignoring case.
pub fn find(id: &str) -> Option<&'static Entry> {
    entries().iter().find(|e| e.answers_to(id))
}

/// Entries for a search box: every word of the query must appear in the
/// entry's ID, title, error code, or its recognition codes and phrases; a
/// reply code or enhanced code in the query matches the entry's codes
/// (`5.7.1`, `421`). Best matches first: code matches, then title matches.
pub fn search(query: &str) -> Vec<&'static Entry> {
    let words: Vec<String> = query.split_whitespace().map(smtp_triage_model::lowercase).take(12).collect();
    if words.is_empty() {
        return entries().iter().collect();
    }
    let mut hits: Vec<(u32, &'static Entry)> = entries()
        .iter()
        .filter_map(|e| {
            let mut score = 0;
            for w in &words {
                score += word_score(e, w)?;
            }
            Some((score, e))
        })
        .collect();
    // Entries are already in ID order; the stable sort keeps it among equals.
    smtp_triage_model::sort_small_by_key(&mut hits, |h| std::cmp::Reverse(h.0));
    hits.into_iter().map(|(_, e)| e).collect()
}

/// How well one query word fits an entry, or `None` when it does not appear.
fn word_score(e: &Entry, w: &str) -> Option<u32> {
    if let Some(code) = ReplyCode::parse(w) {
        if e.error_code == code || e.recognition.reply_codes.contains(&code) {
            return Some(if e.error_code == code { 8 } else { 5 });
        }
    }
    if let Some(code) = EnhancedStatus::parse(w) {
        if e.error_enhanced == Some(code) || e.recognition.enhanced.iter().any(|r| r.contains(code)) {
            return Some(8);
        }
    }
    let title = smtp_triage_model::lowercase(&e.title);
    if title.contains(w) {
        return Some(4);
    }
    if e.id.contains(w)
        || e.recognition.phrases.iter().any(|p| p.contains(w))
        || e.recognition.providers.iter().any(|p| p.contains(w))
    {
        return Some(2);
    }
    if smtp_triage_model::lowercase(&e.root_cause).contains(w) {
        return Some(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "communication/smtp-421-service-not-available";

    #[test]
    fn the_seed_entry_is_compiled_in() {
        let e = find(SEED).expect("seed entry");
        assert_eq!(e.title, "421 4.7.0 Service not available, closing transmission channel");
        assert_eq!(e.workarounds.len(), 3);
        assert_eq!(e.dead_ends.len(), 3);
    }

    #[test]
    fn find_ignores_case_and_slashes() {
        assert_eq!(find(&SEED.to_uppercase()).map(|e| &*e.id), Some(SEED));
        assert_eq!(find(&format!("/{SEED}/")).map(|e| &*e.id), Some(SEED));
        assert!(find("communication/no-such-error").is_none());
    }

    #[test]
    fn search_finds_by_code_and_words() {
        assert!(search("421").iter().any(|e| e.id == SEED));
        assert!(search("4.7.0").iter().any(|e| e.id == SEED));
        assert!(search("Service NOT available").iter().any(|e| e.id == SEED));
        assert!(search("service zebra").is_empty());
    }
}
