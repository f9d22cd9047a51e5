//! smtp-triage's core: the compiled-in catalog, the registered meanings of
//! SMTP codes, the decision tree and the ranking. Pure Rust with no I/O, so
//! the widget and the CLI are thin layers over it and nearly every test is a
//! fast native one.

pub use smtp_triage_model as model;

mod answers;
mod catalog;
mod classify;
mod headline;
mod implied;
mod link;
mod rank;
mod rate;
mod registry;
mod summary;
mod tree;

pub use answers::{AnswerError, Answers};
pub use catalog::{entries, find, search};
pub use classify::{classify, Action, Classification, EntryMatch, Finding, NotAnError, Side, Stage};
pub use headline::{Headline, Outcome};
pub use implied::{implied, Implied};
pub use link::{from_fragment, to_fragment, LinkError};
pub use rank::{rank, RankedDeadEnd, RankedWorkaround, Ranking, Reason, VersionNote};
pub use rate::{success_label, Rates};
pub use registry::{
    enhanced_meaning, explain_enhanced, explain_reply, finding_providers, not_an_error_reason, reason, reply_meaning,
    ENHANCED_MEANINGS, REASONS, REPLY_MEANINGS,
};
pub use summary::{answers_line, redact, summary_markdown};
pub use tree::{questions, Question};
