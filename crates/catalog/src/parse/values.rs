//! The values inside an entry's lines: `**Key:** value` fields, titles with
//! their rates, lists of names, quoted phrases, table cells, IDs. They read
//! the source text as written, whatever Markdown spelling holds it.

use smtp_triage_model::{Date, EnhancedStatus, Measured, Percent, ReplyCode, Text, MAX_REPORTS};
use std::borrow::Cow;

pub(super) fn own(s: &str) -> Text {
    Cow::Owned(s.to_string())
}

pub(super) fn names<'x>(it: impl Iterator<Item = &'x str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

/// `**Key:** value` → (`Key`, `value`)
pub(super) fn bold_field(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("**")?;
    let (key, value) = rest.split_once(":**")?;
    Some((key.trim(), value.trim()))
}

/// `**Title** (85% success)` → (`Title`, `(85% success)`); the title may hold
/// parentheses and quotes, so the split is at the last `** (`.
pub(super) fn split_title(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("**")?;
    let at = rest.rfind("** (")?;
    Some((rest[..at].trim(), rest[at + 3..].trim()))
}

/// ``Was: `line` → text`` → (`line`, `text`). The code span's delimiter is
/// a run of backticks; one space inside each end is dropped (CommonMark).
pub(super) fn split_correction(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix("Was:")?.trim_start();
    let ticks = rest.bytes().take_while(|&b| b == b'`').count();
    if ticks == 0 {
        return None;
    }
    let delim = &rest[..ticks];
    let body = &rest[ticks..];
    let end = body.find(delim)?;
    let mut was = &body[..end];
    if ticks > 1 && was.starts_with(' ') && was.ends_with(' ') && was.len() > 2 {
        was = &was[1..was.len() - 1];
    }
    let now = body[end + ticks..].trim_start().strip_prefix('→')?.trim();
    (!was.trim().is_empty() && !now.is_empty()).then_some((was, now))
}

pub(super) fn strip_ticks(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('`').and_then(|x| x.strip_suffix('`')).unwrap_or(s).trim()
}

pub(super) fn split_list(s: &str) -> Vec<&str> {
    s.split(',').map(strip_ticks).filter(|x| !x.is_empty()).collect()
}

/// `"a phrase", "another"` → the phrases; a phrase holds no double quote.
pub(super) fn quoted_list(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let Some(body) = rest.strip_prefix('"') else {
            return Err(format!("phrases are written in double quotes, separated by commas: \"service not available\", \"try again later\"; found: {rest}"));
        };
        let Some(end) = body.find('"') else {
            return Err("a phrase's closing double quote is missing".into());
        };
        out.push(body[..end].to_string());
        rest = body[end + 1..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
        } else if !rest.is_empty() {
            return Err(format!("expected ',' between phrases; found: {rest}"));
        }
    }
    Ok(out)
}

pub(super) fn cells(t: &str) -> Option<Vec<&str>> {
    let t = t.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    Some(inner.split('|').map(str::trim).collect())
}

pub(super) fn is_separator(c: &str) -> bool {
    let c = c.trim_matches(':');
    c.len() >= 3 && c.bytes().all(|b| b == b'-')
}

pub(super) fn parse_error_code(v: &str) -> Option<(ReplyCode, Option<EnhancedStatus>)> {
    let mut parts = v.split_whitespace();
    let reply = ReplyCode::parse(parts.next()?).filter(|c| c.class() >= 4)?;
    let enhanced = match parts.next() {
        Some(e) => Some(EnhancedStatus::parse(e).filter(|e| e.class == reply.class())?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some((reply, enhanced))
}

pub(super) fn check_id(id: &str) -> Result<(), String> {
    let ok = id.split_once('/').is_some_and(|(d, s)| {
        !d.is_empty() && !s.is_empty() && !s.contains('/') && check_slug(d).is_ok() && check_slug(s).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(format!("ID '{id}' must be 'domain/slug' in lowercase letters, digits and '-'"))
    }
}

pub(super) fn check_slug(s: &str) -> Result<(), String> {
    let ok = s.len() <= 80
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !s.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!("'{s}' is not a valid ID: lowercase letters, digits and '-', starting with a letter"))
    }
}

/// A row of a GFM table: the outer pipes are optional and `\|` is a pipe
/// inside a cell. None for a line without a pipe.
pub(super) fn gfm_cells(t: &str) -> Option<Vec<&str>> {
    let t = t.trim();
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    for i in 0..b.len() {
        if b[i] == b'|' && (i == 0 || b[i - 1] != b'\\') {
            out.push(&t[from..i]);
            from = i + 1;
        }
    }
    if out.is_empty() {
        return None;
    }
    out.push(&t[from..]);
    if t.starts_with('|') {
        out.remove(0);
    }
    if t.len() > 1 && t.ends_with('|') && !t.ends_with("\\|") {
        out.pop();
    }
    Some(out.into_iter().map(str::trim).collect())
}

/// A cell of a GFM table's separator row: `---`, `:--`, `-:` (one dash is enough).
pub(super) fn is_gfm_separator(c: &str) -> bool {
    let c = c.trim_matches(':');
    !c.is_empty() && c.bytes().all(|b| b == b'-')
}

/// `60% of 100 reports (95% interval 50–69%)`, optionally followed by
/// `, 2026-11-02 to 2026-12-01`: a `Measured` line as `smtp-triage rates`
/// writes it, checked to be self-consistent (the rate and the interval are
/// those of a whole count of the reports).
pub(super) fn parse_measured(v: &str) -> Result<Measured, String> {
    const FORM: &str = "Measured reads '60% of 100 reports (95% interval 50–69%)', optionally followed by ', 2026-11-02 to 2026-12-01' (smtp-triage rates --write writes it)";
    let pct = |s: &str| s.trim().strip_suffix('%').and_then(whole).and_then(Percent::new);
    let parsed = (|| {
        let (rate, rest) = v.trim().split_once(" of ")?;
        let (reports, rest) = rest.split_once(' ')?;
        let rest = rest.strip_prefix("reports").or_else(|| rest.strip_prefix("report"))?;
        let rest = rest.trim_start().strip_prefix("(95% interval ")?;
        let (interval, dates) = rest.split_once(')')?;
        let (low, high) = interval.split_once(['–', '-'])?;
        let low = low.trim().strip_suffix('%').unwrap_or(low);
        let dates = match dates.trim() {
            "" => None,
            d => {
                let (first, last) = d.strip_prefix(',')?.split_once(" to ")?;
                Some((Date::parse(first.trim())?, Date::parse(last.trim())?))
            }
        };
        Some((pct(rate)?, whole(reports)?, pct(&format!("{low}%"))?, pct(high)?, dates))
    })();
    let Some((rate, reports, low, high, dates)) = parsed else { return Err(FORM.into()) };
    if reports == 0 || reports > MAX_REPORTS {
        return Err(format!("Measured counts {reports} reports; a measurement counts 1 to {MAX_REPORTS}"));
    }
    let Some(mut m) = Measured::from_figures(reports, rate, low, high) else {
        let near = (0..=reports).filter_map(|k| Measured::new(reports, k)).find(|m| m.rate() == rate);
        return Err(match near {
            Some(m) => format!(
                "Measured is not self-consistent: {rate} of {reports} reports has the 95% interval {}–{}%, not {}–{}%",
                m.interval().0.get(),
                m.interval().1.get(),
                low.get(),
                high.get()
            ),
            None => format!("Measured is not self-consistent: no whole count of {reports} reports is {rate}"),
        });
    };
    if let Some((first, last)) = dates {
        if first > last {
            return Err(format!("Measured's dates run backwards: {first} is after {last}"));
        }
        (m.first, m.last) = (Some(first), Some(last));
    }
    Ok(m)
}

/// Digits only, as a number.
fn whole(s: &str) -> Option<u32> {
    let s = s.trim();
    (!s.is_empty() && s.len() <= 9 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}
