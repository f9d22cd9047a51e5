//! Free text, one logical line at a time: SMTP transcripts (the stage of
//! the last client command, the recipient of the last `RCPT TO`), bounce
//! sentences, pasted replies. Each line gives the replies it holds as raw hits.

use super::address::{first_address, last_address, leading_address};
use super::hosts::remote_in;
use super::lines::{floor_boundary, starts_with_ci};
use super::raw::{clip, Raw};
use super::reply::{self, hits, stage_in, text_of, Trust};
use super::Stage;

/// State carried across the logical lines of free text.
#[derive(Default)]
pub struct TextScanner {
    /// The stage of the last client command seen in a transcript.
    command_stage: Option<Stage>,
    transcript: bool,
    recipient: Option<String>,
}

const TRANSCRIPT_CLIENT: &[&str] = &[">>> ", "C: ", "-> ", "~> ", "> "];
const TRANSCRIPT_SERVER: &[&str] = &["<<< ", "S: ", "<- ", "<~ ", "<** ", "< "];

impl TextScanner {
    /// The replies in one logical line, in order; none for a client command.
    pub fn logical(&mut self, line: &str) -> Vec<Raw> {
        let t = line.trim_start();
        if let Some(cmd) = TRANSCRIPT_CLIENT.iter().find_map(|p| t.strip_prefix(p)).or(Some(t)) {
            if let Some(stage) = command_stage(cmd) {
                self.command_stage = Some(stage);
                self.transcript = true;
                if stage == Stage::RcptTo {
                    self.recipient = first_address(cmd);
                }
                return Vec::new();
            }
        }
        if let Some(addr) = leading_address(t) {
            self.recipient = Some(addr);
        }
        let server_line = TRANSCRIPT_SERVER.iter().any(|p| t.starts_with(p));
        let found = hits(line, Trust::Text);
        if found.is_empty() {
            return Vec::new();
        }
        // Read once per line, not per reply: a long line may hold many.
        let stage =
            stage_in(line).or(self.command_stage).or((server_line && !self.transcript).then_some(Stage::Connect));
        let remote = remote_in(line);
        let mut out = Vec::with_capacity(found.len());
        for (i, h) in found.iter().enumerate() {
            let text = text_of(line, h, found.get(i + 1));
            // `451 4.4.0 Primary target IP address responded with: "550 5.7.1 …"`:
            // the outer reply only wraps what the remote server said.
            if found.get(i + 1).is_some() && is_wrapper(&text) {
                continue;
            }
            let before = &line[reply::context_start(line, h.at)..h.at];
            out.push(Raw {
                reply: h.reply,
                enhanced: h.enhanced,
                stage,
                remote: remote.clone(),
                recipient: last_address(before).or_else(|| self.recipient.clone()).or_else(|| first_address(&text)),
                text,
                // The words just before the reply and up to the next: what a
                // bounce writes around it (`… delivery temporarily suspended: …`).
                context: clip(
                    &line
                        [floor_boundary(line, h.at.saturating_sub(160))..found.get(i + 1).map_or(line.len(), |n| n.at)],
                ),
                ..Raw::default()
            });
        }
        out
    }
}

/// A reply whose words only introduce the next one.
fn is_wrapper(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '\'', ' ', '[', '(']).to_ascii_lowercase();
    ["responded with:", "said:", "returned", "returned:", "error:", "reply:", "response:"]
        .iter()
        .any(|m| t.ends_with(m))
}

/// The stage a client command opens: `RCPT TO:<a@b>` → RCPT TO.
fn command_stage(cmd: &str) -> Option<Stage> {
    const VERBS: &[(&str, Stage)] = &[
        ("MAIL FROM:", Stage::MailFrom),
        ("RCPT TO:", Stage::RcptTo),
        ("EHLO ", Stage::Helo),
        ("HELO ", Stage::Helo),
        ("AUTH ", Stage::Auth),
        ("STARTTLS", Stage::StartTls),
        ("BDAT ", Stage::Data),
    ];
    let c = cmd.trim();
    if c.eq_ignore_ascii_case("DATA") {
        return Some(Stage::Data);
    }
    if c == "." || c.eq_ignore_ascii_case("<CR><LF>.<CR><LF>") {
        return Some(Stage::EndOfData);
    }
    VERBS.iter().find(|(v, _)| starts_with_ci(c, v)).map(|(_, s)| *s)
}
