//! The report format: JSON Lines, one "Did this work?" answer a line, the
//! `detail` of the widget's `smtp-triage:feedback` event (FORMAT.md,
//! "Reports"). Required: `entry` (an ID or former ID), `workaround` (a
//! workaround ID of that entry), `worked` (true or false). Optional, absent
//! or null: `role`, `mta`, `version` (the answers at the time) and `at`
//! (RFC 3339 in UTC, ending in `Z`). Other fields are ignored.

use serde_json::{Map, Value};
use smtp_triage_core::model::{Date, Entry, Mta, Role};

/// One report, checked against the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Report {
    /// Indexes into the catalog's entries and that entry's workarounds.
    pub entry: usize,
    pub workaround: usize,
    pub worked: bool,
    /// The UTC day of `at`, when given.
    pub day: Option<Date>,
}

/// The reports of one input named `name`, or every problem as `name:LINE: what is wrong`.
/// Blank lines are skipped; an empty input holds no reports.
pub fn read(name: &str, bytes: &[u8], entries: &[Entry]) -> Result<Vec<Report>, Vec<String>> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(vec![format!("{name}:{line}: not UTF-8 text")]);
        }
    };
    let mut reports = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match report(line, entries) {
            Ok(r) => reports.push(r),
            Err(m) => problems.push(format!("{name}:{}: {m}", i + 1)),
        }
    }
    if problems.is_empty() {
        Ok(reports)
    } else {
        Err(problems)
    }
}

fn report(line: &str, entries: &[Entry]) -> Result<Report, String> {
    const SHAPE: &str = r#"{"entry": "communication/…", "workaround": "…", "worked": true}"#;
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e}); a report reads {SHAPE}"))?;
    let Value::Object(o) = value else { return Err(format!("a report is a JSON object: {SHAPE}")) };
    let id = required_string(&o, "entry", "an entry ID or former ID")?;
    let wid = required_string(&o, "workaround", "a workaround ID of the entry")?;
    let worked = match o.get("worked") {
        None | Some(Value::Null) => return Err(r#"missing "worked" (true or false)"#.into()),
        Some(Value::Bool(b)) => *b,
        Some(v) => return Err(format!(r#""worked" is true or false, not {v}"#)),
    };
    if let Some(r) = optional_string(&o, "role")? {
        if Role::parse(r).is_none() {
            let roles: Vec<&str> = Role::ALL.iter().map(|r| r.id()).collect();
            return Err(format!(r#"unknown "role" '{r}'; roles are: {}"#, roles.join(", ")));
        }
    }
    if let Some(m) = optional_string(&o, "mta")? {
        if Mta::parse(m).is_none() {
            return Err(format!(r#"unknown "mta" '{m}': an MTA ID or name such as postfix"#));
        }
    }
    optional_string(&o, "version")?;
    let day = match optional_string(&o, "at")? {
        Some(at) => Some(
            utc_day(at)
                .ok_or_else(|| format!(r#""at" '{at}' is not RFC 3339 in UTC: write it as 2026-12-01T09:30:00Z"#))?,
        ),
        None => None,
    };
    let Some(entry) = entries.iter().position(|e| e.answers_to(id)) else {
        return Err(format!("no entry '{id}' in the catalog (neither an ID nor a former ID)"));
    };
    let e = &entries[entry];
    let Some(workaround) = e.workarounds.iter().position(|w| w.id.eq_ignore_ascii_case(wid)) else {
        let ids: Vec<&str> = e.workarounds.iter().map(|w| &*w.id).collect();
        return Err(format!("entry '{}' has no workaround '{wid}'; its workarounds: {}", e.id, ids.join(", ")));
    };
    Ok(Report { entry, workaround, worked, day })
}

fn required_string<'a>(o: &'a Map<String, Value>, key: &str, what: &str) -> Result<&'a str, String> {
    match o.get(key) {
        None | Some(Value::Null) => Err(format!(r#"missing "{key}" ({what})"#)),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim()),
        Some(v) => Err(format!(r#""{key}" is {what}, not {v}"#)),
    }
}

fn optional_string<'a>(o: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(format!(r#""{key}" is a string or null, not {v}"#)),
    }
}

/// The day of an RFC 3339 time in UTC: `2026-12-01T09:30:00Z`, with optional fractions of a second.
pub fn utc_day(at: &str) -> Option<Date> {
    let b = at.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't') || !matches!(b[b.len() - 1], b'Z' | b'z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u8> {
        at.get(r).filter(|s| s.bytes().all(|c| c.is_ascii_digit())).and_then(|s| s.parse().ok())
    };
    let time_ok = b[13] == b':'
        && b[16] == b':'
        && num(11..13)? < 24
        && num(14..16)? < 60
        && num(17..19)? <= 60
        && match at.get(19..at.len() - 1)? {
            "" => true,
            f => f.len() > 1 && f.starts_with('.') && f[1..].bytes().all(|c| c.is_ascii_digit()),
        };
    time_ok.then(|| Date::parse(at.get(..10)?)).flatten()
}

#[cfg(test)]
mod tests {
    use super::utc_day;

    #[test]
    fn at_is_rfc_3339_in_utc() {
        assert_eq!(utc_day("2026-12-01T09:30:00Z").map(|d| d.to_string()).as_deref(), Some("2026-12-01"));
        assert_eq!(utc_day("2026-12-01T23:59:60.250Z").map(|d| d.to_string()).as_deref(), Some("2026-12-01"));
        for bad in [
            "2026-12-01",
            "2026-12-01T09:30:00+01:00",
            "2026-12-01 09:30:00Z",
            "2026-02-30T09:30:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01T09:30:00.Z",
            "2026-12-01T09:30:0éZ",
        ] {
            assert_eq!(utc_day(bad), None, "{bad}");
        }
    }
}
