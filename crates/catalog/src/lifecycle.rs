//! Compatibility rows against the product lifecycles of the model
//! (`smtp_triage_model::LIFECYCLES`): `deprecated` means exactly "out of
//! support", so a row's Status must agree with the table where the table
//! knows. `removed` (the product stopped behaving so) is not a support fact
//! and is never checked here.

use crate::Diag;
use smtp_triage_model::{Entry, Lifecycle, Status, Support};

/// One diagnostic per row whose Status contradicts the lifecycle table.
pub fn check(entries: &[Entry], shown: &dyn Fn(&str) -> String, row_line: &dyn Fn(&str, &str) -> usize) -> Vec<Diag> {
    let mut out = Vec::new();
    for e in entries {
        for r in e.compatibility.iter() {
            let Some(v) = &r.version else { continue };
            let Some(l) = Lifecycle::find(&r.mta, v) else { continue };
            let msg = match (l.support, r.status) {
                (Support::Ended { .. }, Status::Active) => format!(
                    "'{}' is {} ({}): its Status must be deprecated, not active",
                    r.label,
                    l.ended_text().unwrap_or_default(),
                    l.source
                ),
                (Support::Supported, Status::Deprecated) => format!(
                    "'{}' is supported ({}): deprecated means out of support, so its Status must be active (or removed, with the version that stopped behaving so)",
                    r.label, l.source
                ),
                _ => continue,
            };
            out.push(Diag::new(&shown(&e.file), row_line(&e.file, &r.label), msg));
        }
    }
    out
}
