//! `classify [FILE...|-] [--json]`: what the classifier finds in pasted text.
//! With `--json`, one compact JSON object per input (JSON Lines).

use crate::args::Args;
use crate::Failure;
use serde_json::{json, Value};
use smtp_triage_core::{
    classify, explain_enhanced, explain_reply, finding_providers, not_an_error_reason, Classification, Finding,
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
        let c = classify(&String::from_utf8_lossy(&bytes));
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

fn finding_json(f: &Finding) -> Value {
    json!({
        "reply_code": f.reply_code.map(|c| c.to_string()),
        "enhanced_status": f.enhanced.map(|c| c.to_string()),
        "text": f.text,
        "reason": f.reason.map(|r| &r.name),
        "reason_label": f.reason.map(|r| &r.label),
        "stage": f.stage,
        "mta": f.mta,
        "side": f.side,
        "remote": f.remote,
        "provider": f.provider,
        "action": f.action,
        "count": f.count,
        "recipients": f.recipients,
        "entries": f.entries.iter().map(|m| json!({"id": m.entry.id, "score": (f64::from(m.score) * 100.0).round() / 100.0})).collect::<Vec<_>>(),
        "meanings": {
            "reply": f.reply_code.map(explain_reply),
            "enhanced": f.enhanced.map(|e| explain_enhanced(e, &finding_providers(f))),
        },
        "headline": f.headline().map(|h| h.summary),
    })
}

fn to_json(name: &str, c: &Classification) -> Value {
    json!({
        "file": name,
        "findings": c.findings.iter().map(finding_json).collect::<Vec<_>>(),
        "not_an_error": c.not_an_error,
        "reason": c.not_an_error.map(|n| &not_an_error_reason(n).name),
        "reporter": c.reporter,
        "omitted": c.omitted,
    })
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
