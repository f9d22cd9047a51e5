//! `list` and `show`: the catalog as text (or JSON) for a terminal.

use smtp_triage_core::model::{Entry, Mta};
use smtp_triage_core::{entries, questions, Question};
use std::io::{Result, Write};

pub fn list(out: &mut dyn Write) -> Result<()> {
    for e in entries() {
        writeln!(out, "{}\t{}", e.id, e.title)?;
    }
    Ok(())
}

pub fn show_json(out: &mut dyn Write, e: &Entry) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, e)?;
    writeln!(out)
}

pub fn show(out: &mut dyn Write, e: &Entry) -> Result<()> {
    writeln!(out, "# {}\n", e.title)?;
    let estimate =
        if e.verification.is_estimate() { " (rates are estimates, not measurements)" } else { " (rates are measured)" };
    let code = match e.error_enhanced {
        Some(x) => format!("{} {x}", e.error_code),
        None => e.error_code.to_string(),
    };
    let mut fields = vec![
        ("ID", e.id.to_string()),
        ("Domain", e.domain.to_string()),
        ("Category", e.category.to_string()),
        ("Error Code", code),
        ("Reasons", reasons(e)),
        ("Verification", format!("{}{estimate}", e.verification.id())),
        ("Fix Rate", e.fix_rate.to_string()),
    ];
    if let Some(d) = e.reviewed {
        fields.push(("Reviewed", d.to_string()));
    }
    if !e.aliases.is_empty() {
        fields.push(("Aliases", e.aliases.join(", ")));
    }
    fields.push(("File", format!("catalog/{}", e.file)));
    for (k, v) in fields {
        writeln!(out, "{:<14}{v}", format!("{k}:"))?;
    }

    writeln!(out, "\nRoot Cause\n")?;
    for p in e.root_cause.split("\n\n") {
        writeln!(out, "  {p}\n")?;
    }

    writeln!(out, "Version Compatibility\n")?;
    let w = e.compatibility.iter().map(|r| r.label.chars().count()).max().unwrap_or(7).max(7);
    writeln!(out, "  {:<w$}  {:<10}  {:<10}  Deprecated", "Version", "Status", "Introduced")?;
    let b =
        |v: &Option<smtp_triage_core::model::Version>| v.as_ref().map_or("—".to_string(), |v| v.as_str().to_string());
    for r in e.compatibility.iter() {
        writeln!(out, "  {:<w$}  {:<10}  {:<10}  {}", r.label, r.status.id(), b(&r.introduced), b(&r.deprecated))?;
    }

    if !e.symptoms.is_empty() {
        writeln!(out, "\nSymptoms\n")?;
        for s in e.symptoms.iter() {
            writeln!(out, "  {}: {}", s.id, s.question)?;
            if s.fact != s.question {
                writeln!(out, "    yes means: {}", s.fact)?;
            }
        }
    }

    writeln!(out, "\nWorkarounds\n")?;
    for (i, wk) in e.workarounds.iter().enumerate() {
        writeln!(out, "  {}. {} ({}% success)", i + 1, wk.title, wk.success.get())?;
        writeln!(out, "     id: {}", wk.id)?;
        if let Some(m) = wk.measured {
            writeln!(out, "     measured: {m}")?;
        }
        if !wk.who.is_empty() {
            writeln!(out, "     who: {}", wk.who.iter().map(|r| r.id()).collect::<Vec<_>>().join(", "))?;
        }
        if !wk.when.is_empty() {
            writeln!(out, "     when: {}", wk.when.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("; "))?;
        }
        writeln!(out, "     ```{}", wk.lang)?;
        for l in wk.block.lines() {
            writeln!(out, "     {l}")?;
        }
        writeln!(out, "     ```")?;
    }

    writeln!(out, "\nDead Ends\n")?;
    for d in e.dead_ends.iter() {
        writeln!(out, "  - {} — {} ({}% fail)", d.title, d.why, d.failure.get())?;
        writeln!(out, "    id: {}", d.id)?;
        for t in d.triggers.iter() {
            writeln!(out, "    trigger: {}", t.all.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("; "))?;
        }
    }

    let r = &e.recognition;
    if !(r.reply_codes.is_empty() && r.enhanced.is_empty() && r.phrases.is_empty() && r.providers.is_empty()) {
        writeln!(out, "\nRecognition\n")?;
        let join = |v: Vec<String>| v.join(", ");
        if !r.reply_codes.is_empty() {
            writeln!(out, "  reply codes: {}", join(r.reply_codes.iter().map(|c| c.to_string()).collect()))?;
        }
        if !r.enhanced.is_empty() {
            writeln!(out, "  enhanced codes: {}", join(r.enhanced.iter().map(|c| c.to_string()).collect()))?;
        }
        if !r.phrases.is_empty() {
            writeln!(out, "  phrases: {}", join(r.phrases.iter().map(|p| format!("\"{p}\"")).collect()))?;
        }
        if !r.providers.is_empty() {
            writeln!(out, "  providers: {}", r.providers.join(", "))?;
        }
        if !r.excludes.is_empty() {
            writeln!(out, "  excludes: {}", join(r.excludes.iter().map(|p| format!("\"{p}\"")).collect()))?;
        }
    }

    if !e.sources.is_empty() {
        writeln!(out, "\nSources\n")?;
        for s in e.sources.iter() {
            match &s.url {
                Some(u) => writeln!(out, "  - {} <{u}>", s.title)?,
                None => writeln!(out, "  - {}", s.title)?,
            }
        }
    }

    if !e.corrections.is_empty() {
        writeln!(out, "\nCorrections (lines of the original text that were changed)\n")?;
        for c in e.corrections.iter() {
            writeln!(out, "  - was: {}", c.was)?;
            writeln!(out, "    now: {}", c.now)?;
        }
    }

    writeln!(out, "\nQuestions\n")?;
    for (i, q) in questions(e).iter().enumerate() {
        let text = match q {
            Question::Role => "Your role: sender, sending-admin, receiving-admin, recipient".to_string(),
            Question::Mta { choices } => format!(
                "Your MTA and version: {}, other / don't know",
                choices.iter().map(|m: &&Mta| m.name).collect::<Vec<_>>().join(", ")
            ),
            Question::Symptom(s) => format!("{} (--yes / --no {})", s.question, s.id),
            Question::Tried { workarounds, dead_ends } => format!(
                "Already tried (--tried): {}",
                workarounds
                    .iter()
                    .map(|w| &*w.id)
                    .chain(dead_ends.iter().map(|d| &*d.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        writeln!(out, "  {}. {text}", i + 1)?;
    }
    Ok(())
}

/// The entry's bounce reasons in words, each with its name: "The recipient's address does not exist (userunknown)".
fn reasons(e: &smtp_triage_core::model::Entry) -> String {
    let words = e.reasons.iter().map(|n| match smtp_triage_core::reason(n) {
        Some(r) => format!("{} ({n})", r.label),
        None => n.to_string(),
    });
    words.collect::<Vec<_>>().join("; ")
}
