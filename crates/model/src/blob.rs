//! How the compiled-in catalog is laid out: all its text in one string, and
//! a short byte stream of counts, numbers and tags that says how to cut it
//! into entries. The build writes it, the core reads it once at start-up.
//!
//! Text laid end to end compresses as well as the Markdown it came from;
//! `static` structs full of pointers do not, and the page pays for every
//! byte. Each type's layout is written once, below, for both directions.

use crate::{
    Answer, CompatRow, Condition, Correction, Date, DeadEnd, EnhancedMeaning, EnhancedRange, EnhancedStatus, Entry,
    List, Measured, Percent, Reason, ReasonKind, Recognition, ReplyCode, ReplyMeaning, Role, Source, Status, Symptom,
    Text, Trigger, Verification, Version, Workaround,
};
use std::borrow::Cow;

/// Collects the text and the byte stream.
#[derive(Default)]
pub struct BlobWriter {
    pub text: String,
    pub code: Vec<u8>,
}

/// Cuts entries out of the text and the byte stream. The data was written by
/// `BlobWriter` from checked entries, so it is read without checks: a
/// mismatch is a bug in this file, and panics.
pub struct BlobReader {
    text: &'static str,
    code: &'static [u8],
    at_text: usize,
    at_code: usize,
}

impl BlobWriter {
    /// A whole table: its length, then each item.
    pub fn table<T: Blob>(items: &[T]) -> BlobWriter {
        let mut w = BlobWriter::default();
        w.varint(items.len() as u32);
        items.iter().for_each(|x| x.put(&mut w));
        w
    }

    fn varint(&mut self, mut n: u32) {
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.code.push(b);
                return;
            }
            self.code.push(b | 0x80);
        }
    }
}

impl BlobReader {
    pub fn new(text: &'static str, code: &'static [u8]) -> BlobReader {
        BlobReader { text, code, at_text: 0, at_code: 0 }
    }

    fn byte(&mut self) -> u8 {
        let b = self.code[self.at_code];
        self.at_code += 1;
        b
    }

    fn varint(&mut self) -> u32 {
        let (mut n, mut shift) = (0u32, 0);
        loop {
            let b = self.byte();
            n |= ((b & 0x7f) as u32) << shift;
            if b < 0x80 {
                return n;
            }
            shift += 7;
        }
    }

    /// A whole table written by [`BlobWriter::table`].
    pub fn table<T: Blob>(text: &'static str, code: &'static [u8]) -> Vec<T> {
        let mut r = BlobReader::new(text, code);
        let n = r.varint() as usize;
        let all: Vec<T> = (0..n).map(|_| T::take(&mut r)).collect();
        debug_assert!(r.is_done(), "a compiled table was not read to its end");
        all
    }

    /// Whether everything written was read.
    pub fn is_done(&self) -> bool {
        self.at_code == self.code.len() && self.at_text == self.text.len()
    }
}

/// A type that has a place in the blob.
pub trait Blob: Sized {
    fn put(&self, w: &mut BlobWriter);
    fn take(r: &mut BlobReader) -> Self;
}

impl Blob for u32 {
    fn put(&self, w: &mut BlobWriter) {
        w.varint(*self);
    }
    fn take(r: &mut BlobReader) -> Self {
        r.varint()
    }
}

/// A text ends with NUL in the text itself rather than having its length in
/// the byte stream: lengths are near-random bytes that gzip cannot shrink,
/// while one repeated byte costs a few bits (about 10 KB less in the page).
const END: char = '\0';

impl Blob for Text {
    fn put(&self, w: &mut BlobWriter) {
        assert!(!self.contains(END), "a catalog text contains NUL: {self}");
        w.text.push_str(self);
        w.text.push(END);
    }
    fn take(r: &mut BlobReader) -> Self {
        let rest = &r.text[r.at_text..];
        let len = memchr::memchr(END as u8, rest.as_bytes()).expect("each text ends with NUL");
        r.at_text += len + 1;
        Cow::Borrowed(&rest[..len])
    }
}

impl<T: Blob> Blob for Option<T> {
    fn put(&self, w: &mut BlobWriter) {
        match self {
            Some(x) => {
                w.code.push(1);
                x.put(w);
            }
            None => w.code.push(0),
        }
    }
    fn take(r: &mut BlobReader) -> Self {
        (r.byte() == 1).then(|| T::take(r))
    }
}

impl<T: Blob + Clone> Blob for List<T> {
    fn put(&self, w: &mut BlobWriter) {
        w.varint(self.len() as u32);
        self.iter().for_each(|x| x.put(w));
    }
    fn take(r: &mut BlobReader) -> Self {
        let n = r.varint() as usize;
        Cow::Owned((0..n).map(|_| T::take(r)).collect())
    }
}

/// A type stored as one number, with the conversions both ways.
macro_rules! blob_number {
    ($t:ty, |$x:ident| $to:expr, |$n:ident| $from:expr) => {
        impl Blob for $t {
            fn put(&self, w: &mut BlobWriter) {
                let $x = self;
                w.varint($to);
            }
            fn take(r: &mut BlobReader) -> Self {
                let $n = r.varint();
                $from
            }
        }
    };
}

blob_number!(u16, |x| *x as u32, |n| n as u16);
blob_number!(ReasonKind, |k| ReasonKind::ALL.iter().position(|x| x == k).unwrap_or(0) as u32, |n| {
    ReasonKind::ALL[n as usize]
});
blob_number!(ReplyCode, |c| c.get() as u32, |n| ReplyCode::new(n as u16).expect("a reply code"));
blob_number!(Percent, |p| p.get() as u32, |n| Percent::new(n).expect("a percentage"));
blob_number!(EnhancedStatus, |e| (e.class as u32) << 20 | (e.subject as u32) << 10 | e.detail as u32, |n| {
    EnhancedStatus::new((n >> 20) as u8, ((n >> 10) & 0x3ff) as u16, (n & 0x3ff) as u16).expect("an enhanced code")
});
blob_number!(Date, |d| (d.year() as u32) << 9 | (d.month() as u32) << 5 | d.day() as u32, |n| {
    Date::new((n >> 9) as u16, ((n >> 5) & 0xf) as u8, (n & 0x1f) as u8).expect("a date")
});
blob_number!(Verification, |v| Verification::ALL.iter().position(|x| x == v).unwrap_or(0) as u32, |n| {
    Verification::ALL[n as usize]
});
blob_number!(Status, |s| Status::ALL.iter().position(|x| x == s).unwrap_or(0) as u32, |n| Status::ALL[n as usize]);
blob_number!(Role, |x| Role::ALL.iter().position(|y| y == x).unwrap_or(0) as u32, |n| Role::ALL[n as usize]);
blob_number!(
    Answer,
    |a| match a {
        Answer::Yes => 0,
        Answer::No => 1,
        Answer::DontKnow => 2,
    },
    |n| [Answer::Yes, Answer::No, Answer::DontKnow][n as usize]
);

impl Blob for Version {
    fn put(&self, w: &mut BlobWriter) {
        self.0.put(w);
    }
    fn take(r: &mut BlobReader) -> Self {
        Version(Text::take(r))
    }
}

impl Blob for Condition {
    fn put(&self, w: &mut BlobWriter) {
        match self {
            Condition::Symptom { id, answer } => {
                w.code.push(0);
                id.put(w);
                answer.put(w);
            }
            Condition::Mta { ids } => {
                w.code.push(1);
                ids.put(w);
            }
            Condition::Role { roles } => {
                w.code.push(2);
                roles.put(w);
            }
            Condition::Tried { id } => {
                w.code.push(3);
                id.put(w);
            }
        }
    }
    fn take(r: &mut BlobReader) -> Self {
        match r.byte() {
            0 => Condition::Symptom { id: Blob::take(r), answer: Blob::take(r) },
            1 => Condition::Mta { ids: Blob::take(r) },
            2 => Condition::Role { roles: Blob::take(r) },
            _ => Condition::Tried { id: Blob::take(r) },
        }
    }
}

/// A struct stored field after field, in the order named here.
macro_rules! blob_struct {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl Blob for $t {
            fn put(&self, w: &mut BlobWriter) {
                $( self.$f.put(w); )*
            }
            fn take(r: &mut BlobReader) -> Self {
                $t { $( $f: Blob::take(r) ),* }
            }
        }
    };
}

blob_struct!(EnhancedRange { first, last });
blob_struct!(Trigger { all });
blob_struct!(CompatRow { label, mta, version, status, introduced, deprecated });
blob_struct!(Symptom { id, question, fact });
blob_struct!(Measured { reports, worked, first, last });
blob_struct!(Workaround { id, title, success, block, lang, who, when, measured });
blob_struct!(DeadEnd { id, title, why, failure, triggers });
blob_struct!(Recognition { reply_codes, enhanced, phrases, providers, excludes });
blob_struct!(Source { title, url });
blob_struct!(Correction { was, now });
blob_struct!(EnhancedMeaning { subject, detail, title, description, reference });
blob_struct!(ReplyMeaning { code, meaning, reference });
blob_struct!(Reason { name, kind, entry, label, meaning, phrases });
blob_struct!(Entry {
    id,
    title,
    domain,
    category,
    error_code,
    error_enhanced,
    verification,
    fix_rate,
    root_cause,
    compatibility,
    workarounds,
    dead_ends,
    symptoms,
    recognition,
    sources,
    reviewed,
    aliases,
    reasons,
    corrections,
    file,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_texts_round_trip() {
        let mut w = BlobWriter::default();
        let values: Vec<u32> = vec![0, 1, 127, 128, 300, 1 << 21, u32::MAX];
        values.iter().for_each(|v| v.put(&mut w));
        let t: Text = Cow::Borrowed("héllo");
        t.put(&mut w);
        Some(EnhancedStatus::new(5, 7, 649).unwrap()).put(&mut w);
        Date::new(2026, 11, 28).unwrap().put(&mut w);
        let (text, code): (&'static str, &'static [u8]) =
            (Box::leak(w.text.into_boxed_str()), Box::leak(w.code.into_boxed_slice()));
        let mut r = BlobReader::new(text, code);
        for v in &values {
            assert_eq!(u32::take(&mut r), *v);
        }
        assert_eq!(Text::take(&mut r), "héllo");
        assert_eq!(<Option<EnhancedStatus> as Blob>::take(&mut r), EnhancedStatus::new(5, 7, 649));
        assert_eq!(Date::take(&mut r).to_string(), "2026-11-28");
        assert!(r.is_done());
    }
}
