//! `rank ID [answers] [--json]`: the workarounds in order, with reasons, and the dead ends.

use crate::args::Args;
use crate::Failure;
use serde_json::{json, Value};
use smtp_triage_core::model::{Answer, Entry};
use smtp_triage_core::{rank, success_label, Answers, Ranking, Rates};
use std::io::Write;

pub fn run(argv: &[String], out: &mut dyn Write) -> Result<(), Failure> {
    let a = Args::parse(argv, &["json"], &["role", "mta", "version", "yes", "no", "tried"])?;
    let entry = a.entry()?;
    let answers = answers(&a, entry)?;
    let r = rank(entry, &answers);
    let result = if a.flag("json") {
        serde_json::to_writer(&mut *out, &to_json(&r, &answers))
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        text(out, &r, &answers)
    };
    result.or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(Failure(e.to_string(), 2)) })
}

fn answers(a: &Args, entry: &Entry) -> Result<Answers, Failure> {
    let bad = |e: smtp_triage_core::AnswerError| Failure::usage(e.to_string());
    let mut ans = Answers::default();
    if let Some(r) = a.one("role")? {
        ans.set_role(r).map_err(bad)?;
    }
    if let Some(m) = a.one("mta")? {
        ans.set_mta(entry, m).map_err(bad)?;
    }
    if let Some(v) = a.one("version")? {
        if ans.mta.is_none() {
            return Err(bad(smtp_triage_core::AnswerError::VersionWithoutMta));
        }
        ans.set_version(v).map_err(bad)?;
    }
    for s in a.all("yes") {
        ans.set_symptom(entry, s, Answer::Yes).map_err(bad)?;
    }
    for s in a.all("no") {
        if ans.symptom(&entry.symptom(s).map(|x| x.id.to_string()).unwrap_or_default()) == Answer::Yes {
            return Err(Failure::usage(format!("'{s}' is given both --yes and --no")));
        }
        ans.set_symptom(entry, s, Answer::No).map_err(bad)?;
    }
    for t in a.all("tried") {
        ans.add_tried(entry, t).map_err(bad)?;
    }
    Ok(ans)
}

fn text(out: &mut dyn Write, r: &Ranking, a: &Answers) -> std::io::Result<()> {
    let e = r.entry;
    writeln!(out, "{}\n{}\n", e.title, e.id)?;
    writeln!(out, "{}\n{}\n", r.headline.summary, r.headline.detail)?;
    match smtp_triage_core::Rates::of(e) {
        Rates::Estimates => writeln!(
            out,
            "Rates are the catalog's estimates (Verification: {}), not measurements.",
            e.verification.id()
        )?,
        Rates::Mixed => writeln!(
            out,
            "Rates marked catalog estimate are the catalog's estimates (Verification: {}); the others are measured from reports.",
            e.verification.id()
        )?,
        Rates::Measured => writeln!(out, "Rates are measured from reports (Verification: {}).", e.verification.id())?,
    }
    writeln!(out, "Answers: {}", smtp_triage_core::answers_line(r, a))?;
    if let Some(n) = &r.version_note {
        writeln!(out, "Warning: {n}")?;
    }
    writeln!(out, "\nWorkarounds\n")?;
    for (i, w) in r.workarounds.iter().enumerate() {
        let wk = w.workaround;
        writeln!(out, "{}. {} — {}", i + 1, wk.title, success_label(wk))?;
        writeln!(out, "   id: {}", wk.id)?;
        for reason in &w.reasons {
            writeln!(out, "   {reason}")?;
        }
        writeln!(out, "   ```{}", wk.lang)?;
        for l in wk.block.lines() {
            writeln!(out, "   {l}")?;
        }
        writeln!(out, "   ```")?;
    }
    writeln!(out, "\nDead ends\n")?;
    for d in &r.dead_ends {
        let de = d.dead_end;
        let mark = if d.flagged { "!" } else { "-" };
        writeln!(out, "{mark} {} ({}% fail)", de.title, de.failure.get())?;
        writeln!(out, "  id: {}", de.id)?;
        writeln!(out, "  why: {}", de.why)?;
        for reason in &d.reasons {
            writeln!(out, "  warning: {reason}")?;
        }
    }
    Ok(())
}

fn to_json(r: &Ranking, a: &Answers) -> Value {
    let e = r.entry;
    json!({
        "entry": e.id,
        "title": e.title,
        "error_code": e.error_code,
        "verification": e.verification,
        "estimate": r.estimate,
        "headline": r.headline,
        "answers": {
            "role": a.role,
            "mta": a.mta.map(|m| m.id),
            "version": a.version.as_ref().map(|v| v.as_str()),
            "symptoms": a.symptoms.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
            "tried": a.tried,
        },
        "version_note": r.version_note.as_ref().map(|n| n.to_string()),
        "matching_rows": r.matching_rows.iter().map(|i| &e.compatibility[*i].label).collect::<Vec<_>>(),
        "workarounds": r.workarounds.iter().map(|w| json!({
            "id": w.workaround.id,
            "title": w.workaround.title,
            "success": w.workaround.success,
            "measured": w.workaround.measured.map(|m| json!({
                "reports": m.reports,
                "worked": m.worked,
                "rate": m.rate(),
                "low": m.interval().0,
                "high": m.interval().1,
                "first": m.first,
                "last": m.last,
            })),
            "rate_label": success_label(w.workaround),
            "score": w.score,
            "tried": w.tried,
            "who": w.workaround.who,
            "reasons": w.reasons.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
            "block": w.workaround.block,
        })).collect::<Vec<_>>(),
        "dead_ends": r.dead_ends.iter().map(|d| json!({
            "id": d.dead_end.id,
            "title": d.dead_end.title,
            "why": d.dead_end.why,
            "failure": d.dead_end.failure,
            "flagged": d.flagged,
            "reasons": d.reasons,
        })).collect::<Vec<_>>(),
    })
}
