//! A raw hit: one piece of evidence as a recogniser reads it (a log line, a
//! delivery-status record, a reply in free text), before identical hits are
//! grouped into one finding.

use super::{Action, Side, Stage};
use smtp_triage_model::{EnhancedStatus, ReplyCode};

/// One piece of evidence before grouping.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Raw {
    pub reply: Option<ReplyCode>,
    pub enhanced: Option<EnhancedStatus>,
    pub text: String,
    pub stage: Option<Stage>,
    pub mta: Option<&'static str>,
    pub side: Option<Side>,
    pub remote: Option<String>,
    pub recipient: Option<String>,
    pub action: Option<Action>,
    /// The whole line the evidence came from, read when matching entries.
    pub context: String,
}

/// How much of a line is kept for matching.
pub const MAX_CONTEXT: usize = 2048;

/// Keeps at most `MAX_CONTEXT` bytes of a line for matching.
pub fn clip(line: &str) -> String {
    line[..super::lines::floor_boundary(line, MAX_CONTEXT)].to_string()
}
