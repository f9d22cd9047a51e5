//! The model of smtp-triage's catalog, shared by the build-time parser
//! (`smtp-triage-catalog`) and the run-time core (`smtp-triage-core`).
//!
//! Every text and list is a `Cow<'static, _>`: the parser fills them with owned
//! values, and the build script writes the same types back out as borrowed
//! `static` data, so the browser gets the catalog without parsing anything.

mod blob;
mod case;
mod codes;
mod entry;
mod lifecycle;
mod measured;
mod mta;
mod normalize;
mod reason;
mod scalar;
mod version;

pub use blob::{Blob, BlobReader, BlobWriter};
pub use case::{lowercase, push_lowercase};
pub use codes::{EnhancedRange, EnhancedStatus, ReplyCode};
pub use entry::{
    CompatRow, Condition, Correction, DeadEnd, EnhancedMeaning, Entry, Recognition, ReplyMeaning, Source, Status,
    Symptom, Trigger, Verification, Workaround,
};
pub use lifecycle::{Lifecycle, Support, LIFECYCLES, LIFECYCLE_AS_OF};
pub use measured::{wilson, Measured, MAX_REPORTS};
pub use mta::{Mta, MTAS};
pub use normalize::normalize;
pub use reason::{Reason, ReasonKind};
pub use scalar::{Answer, Date, Percent, Role};
pub use version::Version;

use std::borrow::Cow;

/// A text that is owned while parsing and `&'static` once compiled in.
pub type Text = Cow<'static, str>;
/// A list that is owned while parsing and `&'static` once compiled in.
pub type List<T> = Cow<'static, [T]>;

/// A stable sort by key for the short lists of the core (findings, entries,
/// workarounds). One small insertion sort instead of the standard library's
/// sort, whose code is instantiated anew for every element type: that costs
/// tens of kilobytes in the browser for lists that never exceed a few hundred.
pub fn sort_small_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}
