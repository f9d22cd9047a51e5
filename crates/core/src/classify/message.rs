//! What a pasted message says about itself, before any line is read for a
//! reply: its headers, whether it is a bounce, a spam complaint or an
//! automatic reply, the software that wrote it, and the opening words of its
//! notice (read for a finding's entries and reason).

use super::lines::{contains_ci, find_ci, floor_boundary, squeeze_up_to};
use super::mime::{self, Part, PartKind};
use super::{hosts, phrases};
use std::cell::OnceCell;

/// The message around the replies.
pub struct Message<'a> {
    /// The header fields of every message part, one after another.
    pub headers: String,
    /// An ARF feedback report: a complaint, not a failure.
    pub complaint: bool,
    /// A mail message (it has headers) or one whose writer is known: its
    /// replies are the sending side's, and its notice is evidence too.
    pub bounce: bool,
    /// The MTA or service that wrote the bounce, where it can be told.
    pub writer: Option<&'static str>,
    /// Whether the body says in its own sentences which software wrote it.
    pub signed: bool,
    /// The opening text of a bounce, for one that names no code at all.
    pub notice: Option<String>,
    /// More of the notice, where a bounce says why in its own words; a
    /// short paste that is not a bounce, whole.
    pub notice_words: NoticeWords<'a>,
}

/// The words a finding's reason is read in when its own say nothing,
/// normalised when first asked for: a finding whose own words or code say
/// why never asks.
pub struct NoticeWords<'a> {
    /// The text, and whether it is a notice's head, to squeeze and keep to `NOTICE_WORDS` bytes.
    source: Option<(&'a str, bool)>,
    words: OnceCell<String>,
}

impl NoticeWords<'_> {
    pub fn get(&self) -> &str {
        self.words.get_or_init(|| match self.source {
            None => String::new(),
            Some((whole, false)) => smtp_triage_model::normalize(whole),
            Some((head, true)) => smtp_triage_model::normalize(&squeezed(head, NOTICE_WORDS)),
        })
    }
}

/// A paste this long or shorter is read whole for a finding's reason.
const SHORT_PASTE: usize = 2048;

/// Reads what the message says about itself.
pub fn read<'a>(input: &'a str, parts: &'a [Part]) -> Message<'a> {
    let mut headers = String::new();
    for p in parts.iter().filter(|p| p.kind == PartKind::Headers) {
        headers.push_str(&p.text);
        headers.push('\n');
    }
    let complaint =
        parts.iter().any(|p| p.kind == PartKind::Feedback) || contains_ci(&headers, "report-type=feedback-report") || {
            // A pasted ARF report names its feedback type near the top.
            let head = &input[..floor_boundary(input, 64 * 1024)];
            find_ci(head, "feedback-type:").is_some() && find_ci(head, "user-agent:").is_some()
        };
    let signed = signature(parts);
    let writer = signed.or_else(|| writer(&headers));
    let bounce = !headers.is_empty() || writer.is_some();
    let notice_part = parts.iter().find(|p| p.kind == PartKind::Text && !p.text.trim().is_empty());
    let notice_text = notice_part.map(|p| notice_head(&p.text));
    let notice = notice_text.map(|head| squeezed(head, NOTICE));
    // A short paste that is not a bounce (a paragraph, a few lines) is read
    // whole for the reason, as a bounce's notice is.
    let source =
        if !bounce && input.len() <= SHORT_PASTE { Some((input, false)) } else { notice_text.map(|h| (h, true)) };
    let notice_words = NoticeWords { source, words: OnceCell::new() };
    Message { headers, complaint, bounce, writer, signed: signed.is_some(), notice, notice_words }
}

impl Message<'_> {
    /// Whether the message presents itself as a bounce or delay notice.
    pub fn presents_as_bounce(&self) -> bool {
        let from = mime::header(&self.headers, "From").unwrap_or_default();
        let subject = mime::header(&self.headers, "Subject").unwrap_or_default();
        self.signed
            || ["mailer-daemon", "postmaster", "mail delivery"].iter().any(|m| contains_ci(&from, m))
            || [
                "undeliver",
                "delivery status notification",
                "delivery failure",
                "failure notice",
                "returned mail",
                "delivery failed",
                "delivery has failed",
                "could not be delivered",
                "delivery delayed",
                "delayed mail",
                "non remis",
                "unzustellbar",
                "not delivered",
                "mail failure",
                "delivery notification",
                // A mailing list refusing a post from a non-member (fml, ezmlm).
                "are not member",
                "not a member",
            ]
            .iter()
            .any(|m| contains_ci(&subject, m))
    }

    /// A message whose own headers say it is an automatic reply.
    pub fn auto_reply(&self) -> bool {
        let headers = &self.headers;
        if headers.is_empty() {
            return false;
        }
        let auto = mime::header(headers, "Auto-Submitted").is_some_and(|v| contains_ci(&v, "auto-replied"))
            || mime::header(headers, "X-Autoreply").is_some()
            || mime::header(headers, "X-Autorespond").is_some()
            || mime::header(headers, "Precedence").is_some_and(|v| contains_ci(&v, "auto_reply"));
        let subject = mime::header(headers, "Subject").unwrap_or_default();
        let by_subject = [
            "auto:",
            "automatic reply",
            "auto reply",
            "autoreply",
            "out of office",
            "out of the office",
            "vacation",
            "away until",
            "abwesenheit",
            "réponse automatique",
            "respuesta automática",
        ]
        .iter()
        .any(|s| contains_ci(&subject, s));
        auto || by_subject
    }
}

/// The software a bounce's own sentences name.
fn signature(parts: &[Part]) -> Option<&'static str> {
    parts
        .iter()
        .filter(|p| matches!(p.kind, PartKind::Text | PartKind::DeliveryStatus))
        .find_map(|p| hosts::writer_of(&p.text[..floor_boundary(&p.text, 4 * 1024)]))
}

/// Who wrote a bounce that does not sign it in its own sentences: the
/// provider of its sender address, header fields only one MTA adds, the
/// receiving host.
fn writer(headers: &str) -> Option<&'static str> {
    let from = mime::header(headers, "From").unwrap_or_default();
    let domain = from.rsplit('@').next().map(|d| d.trim_end_matches(['>', ' ', ')'])).unwrap_or("");
    let received = mime::header(headers, "Received").unwrap_or_default();
    let by = received.split(" by ").nth(1).map(hosts::host_part).unwrap_or("");
    (from.contains('@').then(|| hosts::provider_of_host(domain)).flatten())
        .or_else(|| hosts::writer_in_headers(headers))
        .or_else(|| hosts::provider_of_host(by))
}

/// Where a bounce's copy of the original message begins.
const ORIGINAL_MARKERS: &[&str] = &[
    "----- original message -----",
    "------ this is a copy of the message",
    "--- below this line is a copy of the message",
    "original message headers",
    "----- the header of the original message",
    "----- original message follows -----",
    "content-type: message/rfc822",
    "------=_",
];

/// How much of a bounce's notice is read with a finding's words for matching entries.
const NOTICE: usize = 600;
/// How much of it is read for the reason: a bounce may say why further down.
const NOTICE_WORDS: usize = 2048;

/// A bounce's notice: its text up to the copy of the original message, as
/// much as the longest use squeezes (twice what it keeps).
fn notice_head(text: &str) -> &str {
    static SET: std::sync::OnceLock<phrases::PhraseSet> = std::sync::OnceLock::new();
    let head = &text[..floor_boundary(text, 16 * 1024)];
    let enough = 2 * NOTICE.max(NOTICE_WORDS);
    // A marker that starts within `enough` bytes ends within this.
    let longest = ORIGINAL_MARKERS.iter().map(|m| m.len()).max().unwrap_or(0);
    let scanned = &head[..floor_boundary(head, enough + longest + 4)];
    let end = SET.get_or_init(|| phrases::PhraseSet::new(ORIGINAL_MARKERS)).earliest(scanned).unwrap_or(head.len());
    &head[..floor_boundary(head, end.min(enough))]
}

/// The words of a notice's head, squeezed and kept to `max` bytes. Squeezed,
/// the notice is kept to `max` bytes: squeeze no more than twice that.
fn squeezed(head: &str, max: usize) -> String {
    squeeze_up_to(&head[..floor_boundary(head, 2 * max)], max)
}
