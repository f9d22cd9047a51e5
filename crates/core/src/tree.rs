//! The decision tree: the questions to ask about an entry, in order.

use smtp_triage_model::{DeadEnd, Entry, Mta, Symptom, Workaround};

#[derive(Debug, PartialEq)]
pub enum Question<'e> {
    /// Your role in this exchange (the four roles).
    Role,
    /// Your MTA (the entry's compatibility table, then "other / don't know") and its version.
    Mta { choices: Vec<&'static Mta> },
    /// One of the entry's symptoms: yes, no or don't know.
    Symptom(&'e Symptom),
    /// What you already tried: the entry's workarounds and dead ends.
    Tried { workarounds: &'e [Workaround], dead_ends: &'e [DeadEnd] },
}

/// The questions for `entry`: role, MTA and version, each symptom, what was tried.
pub fn questions(entry: &Entry) -> Vec<Question<'_>> {
    let mut out = vec![Question::Role, Question::Mta { choices: mta_choices(entry) }];
    out.extend(entry.symptoms.iter().map(Question::Symptom));
    out.push(Question::Tried { workarounds: &entry.workarounds, dead_ends: &entry.dead_ends });
    out
}

/// The MTAs of the compatibility table, each once, in table order.
pub(crate) fn mta_choices(entry: &Entry) -> Vec<&'static Mta> {
    let mut out: Vec<&'static Mta> = Vec::new();
    for row in entry.compatibility.iter() {
        if let Some(m) = Mta::by_id(&row.mta) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_asks_role_mta_four_symptoms_then_tried() {
        let e = crate::catalog::seed();
        let q = questions(e);
        assert_eq!(q.len(), 7);
        assert_eq!(q[0], Question::Role);
        let Question::Mta { choices } = &q[1] else { panic!("second question is the MTA") };
        assert_eq!(
            choices.iter().map(|m| m.id).collect::<Vec<_>>(),
            ["postfix", "sendmail", "exim", "exchange", "ses"]
        );
        let ids: Vec<&str> = q[2..6]
            .iter()
            .map(|q| match q {
                Question::Symptom(s) => &*s.id,
                _ => "?",
            })
            .collect();
        assert_eq!(ids, ["too-many-connections", "bulk-sending", "dns-failures", "large-messages"]);
        assert!(
            matches!(q[6], Question::Tried { workarounds, dead_ends } if workarounds.len() == 3 && dead_ends.len() == 3)
        );
    }
}
