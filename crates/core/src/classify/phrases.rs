//! Finds many phrases in a text in one pass, ignoring ASCII case: the
//! catalog's recognition phrases, the sentences that name a bounce's writer,
//! the stage notes. A bit per pair of bytes that opens a phrase, then a
//! bitmap over a hash of the first four, reject almost every position at
//! once, so the cost is one look per byte; the phrases of a four-byte key
//! are found in a small bucket, and the next four bytes, compared as one
//! number, set aside those that only share the key (`user…`, `{address}…`).

pub struct PhraseSet {
    /// Phrases in lowercase with their position in the caller's list, by
    /// bucket, then by key.
    items: Vec<Item>,
    /// Where each bucket's items begin in `items` (and, last, where they end).
    starts: Vec<u32>,
    /// One bit per 16-bit hash of a key that starts some phrase.
    bitmap: Vec<u64>,
    /// One bit per pair of bytes, in any case, that starts some phrase: the
    /// first look at each position of a text.
    pairs: Vec<u64>,
}

/// One phrase of a set.
struct Item {
    /// The first four bytes, lowercase (`key`).
    key: u32,
    /// The next four, lowercase, as far as the phrase has them; `then_mask`
    /// keeps the bytes of a text's next four that they are compared with.
    then: u32,
    then_mask: u32,
    /// How many opening bytes equal keys prove equal (none when the
    /// phrase has a capital, which no text matches).
    known: usize,
    phrase: &'static [u8],
    /// Its position in the caller's list.
    index: u32,
}

impl Item {
    fn new(phrase: &'static [u8], index: usize) -> Item {
        let mut next = [0u8; MIN_LEN];
        let rest = &phrase[MIN_LEN..phrase.len().min(2 * MIN_LEN)];
        next[..rest.len()].copy_from_slice(rest);
        let then_mask = if rest.len() == MIN_LEN { u32::MAX } else { (1u32 << (8 * rest.len())) - 1 };
        let opening = &phrase[..phrase.len().min(2 * MIN_LEN)];
        let known = if opening.iter().any(u8::is_ascii_uppercase) { 0 } else { opening.len() };
        Item { key: key(phrase), then: key(&next) & then_mask, then_mask, known, phrase, index: index as u32 }
    }
}

fn pair(a: u8, b: u8) -> usize {
    (a as usize) << 8 | b as usize
}

/// Phrases are at least this long (the catalog requires four characters).
pub const MIN_LEN: usize = 4;

/// The first four bytes, lowercase, as one number.
fn key(b: &[u8]) -> u32 {
    let x = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    x | ascii_upper_mask(x) >> 2
}

/// 0x80 in each byte of `x` that is an ASCII capital, all four at once: a
/// byte below 0x80 is at least `A` when adding 0x3f carries into the top
/// bit, and at most `Z` when adding 0x25 does not.
fn ascii_upper_mask(x: u32) -> u32 {
    let low = x & 0x7f7f_7f7f;
    let at_least_a = low.wrapping_add(0x3f3f_3f3f);
    let past_z = low.wrapping_add(0x2525_2525);
    at_least_a & !past_z & !x & 0x8080_8080
}

/// `a` equals the lowercase `p`, ignoring ASCII case; stops at the first difference.
fn same_ignoring_case(a: &[u8], p: &[u8]) -> bool {
    a.iter().zip(p).all(|(x, y)| x.to_ascii_lowercase() == *y)
}

fn slot(k: u32) -> usize {
    (k.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// Buckets of items by the top bits of their slot: a key's phrases are found
/// in a few items instead of by a binary search over all of them.
const BUCKET_SHIFT: usize = 4;

fn bucket(slot: usize) -> usize {
    slot >> BUCKET_SHIFT
}

impl PhraseSet {
    /// `phrases[i]` is reported as `i`. Phrases shorter than `MIN_LEN` bytes are ignored.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a &'static str>) -> PhraseSet {
        let mut items: Vec<Item> = phrases
            .into_iter()
            .enumerate()
            .filter(|(_, p)| p.len() >= MIN_LEN)
            .map(|(i, p)| Item::new(p.as_bytes(), i))
            .collect();
        items.sort_unstable_by_key(|it| (it.key, it.index));
        // Stable: within a bucket, items stay in key order.
        items.sort_by_key(|it| bucket(slot(it.key)));
        let buckets = bucket(u16::MAX as usize) + 1;
        let mut starts = vec![0u32; buckets + 1];
        for it in &items {
            starts[bucket(slot(it.key)) + 1] += 1;
        }
        for b in 0..buckets {
            starts[b + 1] += starts[b];
        }
        let mut bitmap = vec![0u64; 1024];
        for it in &items {
            let s = slot(it.key);
            bitmap[s >> 6] |= 1 << (s & 63);
        }
        let mut pairs = vec![0u64; 1024];
        for Item { phrase: p, .. } in &items {
            // A text's byte matches a phrase's when it is that byte lowercased:
            // either case of a lowercase byte, and only itself otherwise.
            let cases = |c: u8| [c, c.to_ascii_uppercase()].into_iter().filter(move |x| x.to_ascii_lowercase() == c);
            for a in cases(p[0]) {
                for b in cases(p[1]) {
                    let k = pair(a, b);
                    pairs[k >> 6] |= 1 << (k & 63);
                }
            }
        }
        PhraseSet { items, starts, bitmap, pairs }
    }

    /// Calls `found(i)` for each phrase that occurs in `text`, once per occurrence.
    pub fn each(&self, text: &str, mut found: impl FnMut(usize)) {
        self.each_at(text, |i, _| found(i));
    }

    /// Calls `found(i, at)` for each occurrence of phrase `i` at byte `at`.
    pub fn each_at(&self, text: &str, mut found: impl FnMut(usize, usize)) {
        self.scan(text.as_bytes(), &mut found);
    }

    /// The scan itself, one copy for every caller: occurrences are few, so
    /// reporting them through a `dyn` call costs nothing that shows, while a
    /// copy of the loop per caller costs the page.
    fn scan(&self, b: &[u8], found: &mut dyn FnMut(usize, usize)) {
        if b.len() < MIN_LEN {
            return;
        }
        for i in 0..=b.len() - MIN_LEN {
            let pk = pair(b[i], b[i + 1]);
            if self.pairs[pk >> 6] & (1 << (pk & 63)) == 0 {
                continue;
            }
            let k = key(&b[i..]);
            let s = slot(k);
            if self.bitmap[s >> 6] & (1 << (s & 63)) == 0 {
                continue;
            }
            let bk = bucket(s);
            let in_bucket = &self.items[self.starts[bk] as usize..self.starts[bk + 1] as usize];
            // The text's next four bytes, where it has them (a phrase that
            // reaches past the text's end fails the full comparison anyway).
            let then = (b.len() - i >= 2 * MIN_LEN).then(|| key(&b[i + MIN_LEN..]));
            for it in in_bucket.iter().filter(|it| it.key == k) {
                if then.is_some_and(|t| t & it.then_mask != it.then) {
                    continue;
                }
                let p = it.phrase;
                // With the next four bytes compared, only the rest of the phrase is left.
                let from = if then.is_some() { it.known } else { 0 };
                if b.len() - i >= p.len() && same_ignoring_case(&b[i + from..i + p.len()], &p[from..]) {
                    found(it.index as usize, i);
                }
            }
        }
    }

    /// Where the first occurrence of any phrase begins.
    pub fn earliest(&self, text: &str) -> Option<usize> {
        let mut best: Option<usize> = None;
        self.each_at(text, |_, at| best = Some(best.map_or(at, |b| b.min(at))));
        best
    }

    /// The lowest list index among the phrases that occur in `text`.
    pub fn first(&self, text: &str) -> Option<usize> {
        let mut best: Option<usize> = None;
        self.each(text, |i| best = Some(best.map_or(i, |b| b.min(i))));
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_phrase_ignoring_case() {
        let set = PhraseSet::new(&["said:", "relay access denied", "rela", "x"]);
        let mut hits = Vec::new();
        set.each("host SAID: 554 Relay Access Denied", |i| hits.push(i));
        hits.sort();
        assert_eq!(hits, [0, 1, 2]);
        assert_eq!(set.first("nothing here"), None);
        assert_eq!(set.first("relay access denied, host said:"), Some(0));
    }

    #[test]
    fn keys_fold_ascii_capitals_only() {
        for c in 0..=255u8 {
            let l = c.to_ascii_lowercase();
            assert_eq!(key(&[c, b'Q', c, 0xC3]), u32::from_le_bytes([l, b'q', l, 0xC3]), "{c}");
        }
    }

    #[test]
    fn phrases_that_share_their_first_bytes_are_told_apart() {
        let set = PhraseSet::new(&["user unknown", "user is over quota", "users", "user"]);
        let mut hits = Vec::new();
        set.each("USER IS OVER QUOTA; users", |i| hits.push(i));
        hits.sort();
        assert_eq!(hits, [1, 2, 3, 3]);
    }
}
