//! The triage as Markdown for a ticket: the error, the headline, the
//! answers, the ranked workarounds and the dead ends; addresses redacted on
//! request.

use crate::answers::Answers;
use crate::classify::Finding;
use crate::rank::Ranking;
use smtp_triage_model::Answer;
use std::fmt::Write;

/// The summary of `ranking` for `answers`, with the finding it came from if any.
pub fn summary_markdown(r: &Ranking, a: &Answers, finding: Option<&Finding>, redact_addresses: bool) -> String {
    let e = r.entry;
    let clean = |s: &str| if redact_addresses { redact(s) } else { s.to_string() };
    let mut o = String::new();
    let _ = writeln!(o, "## SMTP triage: {}\n", e.title);
    if let Some(f) = finding {
        let codes: Vec<String> =
            f.reply_code.map(|c| c.to_string()).into_iter().chain(f.enhanced.map(|c| c.to_string())).collect();
        let _ = writeln!(o, "- **Error:** `{} {}`", codes.join(" "), clean(&f.text).replace('`', "'"));
        if f.count > 1 {
            let _ = writeln!(o, "- **Seen:** {} times", f.count);
        }
    }
    let _ = writeln!(o, "- **Entry:** `{}`", e.id);
    let _ = writeln!(o, "- **Headline:** {} {}", r.headline.summary, r.headline.detail);
    let _ = writeln!(o, "- **Answers:** {}", answers_line(r, a));
    if let Some(n) = &r.version_note {
        let _ = writeln!(o, "- **Version warning:** {n}");
    }
    let provenance = match crate::Rates::of(e) {
        crate::Rates::Estimates => format!(
            "success rates are the catalog's estimates (Verification: {}), not measurements",
            e.verification.id()
        ),
        crate::Rates::Mixed => format!(
            "rates marked catalog estimate are the catalog's estimates (Verification: {}); the others are measured from reports",
            e.verification.id()
        ),
        crate::Rates::Measured => "success rates are measured from reports".to_string(),
    };
    let _ = writeln!(o, "\n### Workarounds, in the order to try them\n\n_{provenance}_\n");
    for (i, w) in r.workarounds.iter().enumerate() {
        let _ = writeln!(o, "{}. **{}** — {}", i + 1, w.workaround.title, crate::success_label(w.workaround));
        for reason in &w.reasons {
            let _ = writeln!(o, "   - {reason}");
        }
        let _ = writeln!(o, "   ```{}", w.workaround.lang);
        for l in w.workaround.block.lines() {
            let _ = writeln!(o, "   {l}");
        }
        let _ = writeln!(o, "   ```");
    }
    let _ = writeln!(o, "\n### Dead ends\n");
    for d in &r.dead_ends {
        let flag = if d.flagged { "⚠ " } else { "" };
        let _ =
            writeln!(o, "- {flag}**{}** ({}% fail): {}", d.dead_end.title, d.dead_end.failure.get(), d.dead_end.why);
        for reason in &d.reasons {
            let _ = writeln!(o, "  - why it is flagged: {reason}");
        }
    }
    o
}

/// The answers in words, for people: "role: sender; MTA: Postfix 3.8.0; …".
pub fn answers_line(r: &Ranking, a: &Answers) -> String {
    let mut parts = Vec::new();
    if let Some(role) = a.role {
        parts.push(format!("role: {}", role.label()));
    }
    if let Some(m) = a.mta {
        parts.push(match &a.version {
            Some(v) => format!("MTA: {} {}", m.name, v.as_str()),
            None => format!("MTA: {}", m.name),
        });
    }
    for (id, ans) in &a.symptoms {
        let fact = r.entry.symptom(id).map_or(id.as_str(), |s| &*s.fact);
        parts.push(format!("{fact}: {}", if *ans == Answer::Yes { "yes" } else { "no" }));
    }
    if !a.tried.is_empty() {
        let titles: Vec<&str> = a.tried.iter().map(|t| r.entry.item_title(t)).collect();
        parts.push(format!("already tried: {}", titles.join("; ")));
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join("; ")
    }
}

/// Replaces email addresses with `[address]` and IP addresses with `[ip]`.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(|c: char| c.is_whitespace() || "<>()[],;\"'".contains(c)) {
        let (word, tail) = match piece.char_indices().last() {
            Some((at, c)) if c.is_whitespace() || "<>()[],;\"'".contains(c) => (&piece[..at], &piece[at..]),
            _ => (piece, ""),
        };
        let core = word.trim_end_matches(['.', ':']);
        let rest = &word[core.len()..];
        if core.contains('@') && core.split('@').nth(1).is_some_and(|d| d.contains('.')) {
            out.push_str("[address]");
            out.push_str(rest);
        } else if is_ipv4(core) || is_ipv6(core) {
            out.push_str("[ip]");
            out.push_str(rest);
        } else {
            out.push_str(word);
        }
        out.push_str(tail);
    }
    out
}

fn is_ipv4(s: &str) -> bool {
    let s = s.split(':').next().unwrap_or(s);
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
}

fn is_ipv6(s: &str) -> bool {
    let s = s.strip_prefix("IPv6:").unwrap_or(s);
    let colons = s.matches(':').count();
    colons >= 2
        && s.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        && (s.contains("::") || colons >= 4 || s.bytes().any(|b| b.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank;

    #[test]
    fn addresses_and_ips_are_redacted() {
        assert_eq!(
            redact("550 5.1.1 <ann@example.com>: host mx.example.net[192.0.2.7] said: no (from bob.smith@mail.example.org, 2001:db8::25) at 04:12:09"),
            "550 5.1.1 <[address]>: host mx.example.net[[ip]] said: no (from [address], [ip]) at 04:12:09"
        );
    }

    #[test]
    fn the_summary_lists_everything_in_order() {
        let e = crate::catalog::seed();
        let mut a = Answers::default();
        a.set_role("receiving-admin").unwrap();
        a.set_symptom(e, "too-many-connections", Answer::Yes).unwrap();
        let r = rank(e, &a);
        let c = crate::classify("421 4.7.0 mx1.example.net Error: too many connections from 192.0.2.44");
        let md = summary_markdown(&r, &a, c.findings.first(), true);
        assert!(md.starts_with("## SMTP triage: 421 4.7.0 Service not available, closing transmission channel\n\n- **Error:** `421 4.7.0 mx1.example.net Error: too many connections from [ip]`\n"), "{md}");
        assert!(md
            .contains("- **Answers:** role: receiving-server admin; the server logs show too many connections: yes\n"));
        assert!(
            md.contains("_success rates are the catalog's estimates (Verification: ai_generated), not measurements_")
        );
        let first = md.find("1. **Check the receiving server's logs").unwrap();
        assert!(first < md.find("2. **").unwrap());
        assert!(md.contains("- ⚠ **Disable rate limiting on the SMTP server entirely** (95% fail)"));
        let plain = summary_markdown(&r, &a, c.findings.first(), false);
        assert!(plain.contains("from 192.0.2.44"));
    }
}
