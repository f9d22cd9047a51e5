//! `classify [FILE...|-] [--json]`: what the classifier finds in pasted text.
//! With `--json`, one compact JSON object per input (JSON Lines).

use crate::args::Args;
use crate::Failure;
use serde::Serialize;
use smtp_triage_core::{
    classify, explain_enhanced, explain_reply, finding_providers, not_an_error_reason, Action, Classification, Finding,
    NotAnError, Side, Stage,
};
use std::io::Write;

pub fn run(argv: &[String], out: &mut dyn Write) -> Result<(), Failure> {
    let a = Args::parse(argv, &["json"], &[])?;
    let inputs: Vec<&str> =
        if a.positionals.is_empty() { vec!["-"] } else { a.positionals.iter().map(String::as_str).collect() };
    let mut unreadable = Vec::new();
    for name in inputs {
        let bytes = match crate::args::read_input(name) {
            Ok(b) => b,
            Err(e) => {
                unreadable.push(format!("{name}: {e}"));
                continue;
            }
        };
        // Valid UTF-8 (nearly every input) is taken as it is, after the fast
        // check; anything else has its bad bytes replaced.
        let input = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let c = classify(&input);
        let r = if a.flag("json") {
            serde_json::to_writer(&mut *out, &to_json(name, &c))
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(out))
        } else {
            text(out, name, &c)
        };
        r.or_else(
            |e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(Failure(e.to_string(), 2)) },
        )?;
    }
    if unreadable.is_empty() {
        Ok(())
    } else {
        Err(Failure(format!("cannot read {}", unreadable.join("; ")), 2))
    }
}

/// One finding in `--json`. The keys are in alphabetical order, which is the
/// order the output has always had (it was a sorted JSON map).
#[derive(Serialize)]
struct FindingJson<'a> {
    action: Option<Action>,
    count: usize,
    enhanced_status: Option<String>,
    entries: Vec<EntryJson<'a>>,
    headline: Option<&'static str>,
    meanings: Meanings,
    mta: Option<&'static str>,
    provider: Option<&'static str>,
    reason: Option<&'a str>,
    reason_label: Option<&'a str>,
    recipients: &'a [String],
    remote: &'a Option<String>,
    reply_code: Option<String>,
    side: Option<Side>,
    stage: Option<Stage>,
    text: &'a str,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    id: &'a str,
    score: f64,
}

#[derive(Serialize)]
struct Meanings {
    enhanced: Option<String>,
    reply: Option<String>,
}

/// One input in `--json`, keys in alphabetical order as above.
#[derive(Serialize)]
struct ClassificationJson<'a> {
    file: &'a str,
    findings: Vec<FindingJson<'a>>,
    not_an_error: Option<NotAnError>,
    omitted: usize,
    reason: Option<&'a str>,
    reporter: Option<&'static str>,
}

fn finding_json(f: &Finding) -> FindingJson<'_> {
    FindingJson {
        action: f.action,
        count: f.count,
        enhanced_status: f.enhanced.map(|c| c.to_string()),
        entries: f
            .entries
            .iter()
            .map(|m| EntryJson { id: &m.entry.id, score: (f64::from(m.score) * 100.0).round() / 100.0 })
            .collect(),
        headline: f.headline().map(|h| h.summary),
        meanings: Meanings {
            enhanced: f.enhanced.map(|e| explain_enhanced(e, &finding_providers(f))),
            reply: f.reply_code.map(explain_reply),
        },
        mta: f.mta,
        provider: f.provider,
        reason: f.reason.map(|r| &*r.name),
        reason_label: f.reason.map(|r| &*r.label),
        recipients: &f.recipients,
        remote: &f.remote,
        reply_code: f.reply_code.map(|c| c.to_string()),
        side: f.side,
        stage: f.stage,
        text: &f.text,
    }
}

fn to_json<'a>(name: &'a str, c: &'a Classification) -> ClassificationJson<'a> {
    ClassificationJson {
        file: name,
        findings: c.findings.iter().map(finding_json).collect(),
        not_an_error: c.not_an_error,
        omitted: c.omitted,
        reason: c.not_an_error.map(|n| &*not_an_error_reason(n).name),
        reporter: c.reporter,
    }
}

fn text(out: &mut dyn Write, name: &str, c: &Classification) -> std::io::Result<()> {
    writeln!(out, "{name}")?;
    if let Some(n) = c.not_an_error {
        writeln!(out, "  not a delivery error: {}", n.label())?;
    }
    if c.findings.is_empty() && c.not_an_error.is_none() {
        writeln!(out, "  nothing recognisable: no SMTP reply, status code or bounce found")?;
    }
    for f in &c.findings {
        let codes: Vec<String> =
            f.reply_code.map(|c| c.to_string()).into_iter().chain(f.enhanced.map(|e| e.to_string())).collect();
        let times = if f.count > 1 { format!(" (×{})", f.count) } else { String::new() };
        if let Some(r) = f.reason {
            writeln!(out, "  {} ({})", r.label, r.name)?;
        }
        writeln!(out, "  {} {}{times}", codes.join(" "), f.text)?;
        let mut facts = Vec::new();
        if let Some(s) = f.stage {
            facts.push(format!("stage {}", s.label()));
        }
        if let Some(m) = f.mta {
            facts.push(format!("written by {m}"));
        }
        if let Some(s) = f.side {
            facts.push(format!("{s:?} side").to_lowercase());
        }
        if let Some(r) = &f.remote {
            facts.push(format!("remote {r}"));
        }
        if !f.recipients.is_empty() {
            facts.push(format!("recipients {}", f.recipients.join(", ")));
        }
        if !facts.is_empty() {
            writeln!(out, "    {}", facts.join("; "))?;
        }
        for m in &f.entries {
            writeln!(out, "    entry {} ({:.2}): {}", m.entry.id, m.score, m.entry.title)?;
        }
        if f.entries.is_empty() {
            if let Some(c) = f.reply_code {
                writeln!(out, "    {c}: {}", explain_reply(c))?;
            }
            if let Some(e) = f.enhanced {
                writeln!(out, "    {e}: {}", explain_enhanced(e, &finding_providers(f)))?;
            }
        }
    }
    Ok(())
}
