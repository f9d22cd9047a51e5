//! Checks across entries: two entries must not contradict each other.
//!
//! - One product version has one status: `deprecated` in one entry and
//!   `active` in another is a contradiction (where the lifecycle table knows
//!   the version, `lifecycle` already reports the rows that disagree with it).
//! - A workaround whose block sets `parameter = value` must not be the very
//!   thing another entry's dead end says not to do, unless a `When:` clause of
//!   the workaround and a clause of every `Triggers:` line of the dead end
//!   separate them (the same symptom ID answered the other way, or disjoint
//!   MTA or role lists).

use crate::Diag;
use smtp_triage_model::{Condition, Entry, Lifecycle, Status, Support};

/// Where things are in the entries' text, by the entry's file.
pub struct Lines<'a> {
    /// The 1-based line of the compatibility row labelled so.
    pub row: &'a dyn Fn(&str, &str) -> usize,
    /// The 1-based line of the first line starting with the text, at or after the line starting with the second.
    pub after: &'a dyn Fn(&str, &str, &str) -> usize,
}

pub fn check(entries: &[Entry], shown: &dyn Fn(&str) -> String, lines: &Lines) -> Vec<Diag> {
    let mut out = statuses(entries, shown, lines);
    out.extend(advice(entries, shown, lines));
    out
}

fn statuses(entries: &[Entry], shown: &dyn Fn(&str) -> String, lines: &Lines) -> Vec<Diag> {
    // (entry, row) of every versioned row that states support: active or deprecated.
    let rows: Vec<(&Entry, &smtp_triage_model::CompatRow)> = entries
        .iter()
        .flat_map(|e| e.compatibility.iter().map(move |r| (e, r)))
        .filter(|(_, r)| r.version.is_some() && r.status != Status::Removed)
        .collect();
    let mut out = Vec::new();
    for (e, r) in &rows {
        let v = r.version.as_ref().expect("filtered");
        let known = Lifecycle::find(&r.mta, v).is_some_and(|l| l.support != Support::Unknown);
        if known {
            continue;
        }
        let others: Vec<String> = rows
            .iter()
            .filter(|(_, o)| o.mta == r.mta && o.version.as_ref() == Some(v) && o.status != r.status)
            .map(|(oe, o)| format!("{}:{} ({})", shown(&oe.file), (lines.row)(&oe.file, &o.label), o.status.id()))
            .collect();
        if others.is_empty() {
            continue;
        }
        out.push(Diag::new(
            &shown(&e.file),
            (lines.row)(&e.file, &r.label),
            format!(
                "'{}' is {} here but has another status in {}: one product version has one status (deprecated means out of support)",
                r.label,
                r.status.id(),
                others.join(", ")
            ),
        ));
    }
    out
}

/// `name = value` settings in a text: a lowercase name with `_` (a
/// configuration parameter), the value up to white space or a quote.
fn settings(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find('=').map(|p| p + i) {
        i = at + 1;
        let name_end = text[..at].trim_end().len();
        let name_start = text[..name_end]
            .rfind(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .map_or(0, |p| p + 1);
        let name = &text[name_start..name_end];
        if name.is_empty() || !name.contains('_') || b.get(at + 1) == Some(&b'=') {
            continue;
        }
        let rest = text[at + 1..].trim_start();
        let value: String =
            rest.chars().take_while(|c| !c.is_whitespace() && !matches!(c, '\'' | '"' | '`' | ',' | ')')).collect();
        if !value.is_empty() {
            out.push((name.to_string(), value.to_ascii_lowercase()));
        }
    }
    out
}

/// Whether clause `a` and clause `b` cannot both hold.
fn exclusive(a: &Condition, b: &Condition) -> bool {
    match (a, b) {
        (Condition::Symptom { id: x, answer: p }, Condition::Symptom { id: y, answer: q }) => {
            x.eq_ignore_ascii_case(y) && p != q
        }
        (Condition::Mta { ids: x }, Condition::Mta { ids: y }) => !x.iter().any(|i| y.contains(i)),
        (Condition::Role { roles: x }, Condition::Role { roles: y }) => !x.iter().any(|r| y.contains(r)),
        _ => false,
    }
}

fn advice(entries: &[Entry], shown: &dyn Fn(&str) -> String, lines: &Lines) -> Vec<Diag> {
    let mut out = Vec::new();
    for we in entries {
        for (wi, w) in we.workarounds.iter().enumerate() {
            for (name, value) in settings(&w.block) {
                for de in entries.iter().filter(|de| de.id != we.id) {
                    for d in de.dead_ends.iter() {
                        if !settings(&d.title).contains(&(name.clone(), value.clone())) {
                            continue;
                        }
                        let separated = !d.triggers.is_empty()
                            && d.triggers.iter().all(|t| t.all.iter().any(|c| w.when.iter().any(|x| exclusive(c, x))));
                        if separated {
                            continue;
                        }
                        let head = format!("{}. **", wi + 1);
                        let wl = (lines.after)(&we.file, &name, &head);
                        let dl = (lines.after)(&de.file, &format!("- **{}", d.title), "## Dead Ends");
                        let (wp, dp) = (shown(&we.file), shown(&de.file));
                        out.push(Diag::new(
                            &wp,
                            wl,
                            format!(
                                "workaround '{}' sets {name} = {value}, which the dead end '{}' of {dp}:{dl} says not to do: separate them with a When: clause here and a Triggers: clause there (the same symptom answered the other way), or settle which holds",
                                w.id, d.id
                            ),
                        ));
                        out.push(Diag::new(
                            &dp,
                            dl,
                            format!(
                                "dead end '{}' says not to set {name} = {value}, which the workaround '{}' of {wp}:{wl} does: separate them with a Triggers: clause here and a When: clause there, or settle which holds",
                                d.id, w.id
                            ),
                        ));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_from_blocks_and_titles() {
        assert_eq!(
            settings("postconf -e 'milter_default_action = accept'\nsmtpd_milters = inet:localhost:8891"),
            [("milter_default_action".into(), "accept".into()), ("smtpd_milters".into(), "inet:localhost:8891".into())]
        );
        assert_eq!(
            settings("Setting milter_default_action = accept or removing"),
            [("milter_default_action".into(), "accept".into())]
        );
        assert!(settings("a = b; x == y").is_empty());
    }
}
