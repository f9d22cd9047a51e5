//! The ranking: given an entry and the answers, the workarounds in the order
//! to try them with the reasons for each place, and every dead end, flagged
//! when the answers show the person heading into it. The formula is written
//! in `catalog/FORMAT.md`; it starts from a workaround's measured rate where
//! reports measured one, else the catalog's estimate. Rates are shown as
//! they are, never changed by the answers.

use crate::answers::Answers;
use crate::headline::Headline;
use crate::tree::mta_choices;
use smtp_triage_model::{Answer, CompatRow, Condition, DeadEnd, Entry, Mta, Role, Status, Workaround};

/// Weights of the formula in `catalog/FORMAT.md`.
const ROLE_FITS: i32 = 10;
const ROLE_MISFITS: i32 = -50;
const SYMPTOM_FITS: i32 = 20;
const SYMPTOM_MISFITS: i32 = -30;
const MTA_FITS: i32 = 15;
const MTA_MISFITS: i32 = -40;
const FOLLOWS_TRIED: i32 = 10;
const ALREADY_TRIED: i32 = -100;

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// `true` when it moves the item up.
    pub up: bool,
    pub text: String,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", if self.up { "+" } else { "−" }, self.text)
    }
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct RankedWorkaround<'e> {
    pub workaround: &'e Workaround,
    /// The success rate (measured, else the catalog's) plus the adjustments; orders the list only.
    pub score: i32,
    pub tried: bool,
    pub reasons: Vec<Reason>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct RankedDeadEnd<'e> {
    pub dead_end: &'e DeadEnd,
    /// A trigger fired, or the person already tried it.
    pub flagged: bool,
    /// Why it is flagged.
    pub reasons: Vec<String>,
}

/// What the chosen MTA and version mean for this entry.
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(tag = "kind", rename_all = "snake_case"))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionNote {
    /// The MTA is not in the compatibility table: the advice is general.
    MtaNotListed { mta: String },
    /// The version is outside every row's Introduced / Deprecated range.
    OutsideRange { mta: String, version: String, ranges: String },
    /// The row that covers the version is deprecated or removed.
    DeprecatedRow { label: String, status: String },
    /// A service without versions was given a version; it is ignored.
    Unversioned { mta: String },
    /// The product version is out of support (the lifecycle table of the model).
    OutOfSupport { product: String, ended: String, source: String },
}

impl std::fmt::Display for VersionNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VersionNote::MtaNotListed { mta } => write!(f, "{mta} is not in this entry's compatibility table: the advice is general, check it against {mta}'s documentation"),
            VersionNote::OutsideRange { mta, version, ranges } => write!(f, "{mta} {version} is outside the versions this entry covers ({ranges}): the advice may not apply to your version"),
            VersionNote::DeprecatedRow { label, status } => write!(f, "{label} is marked {status} in this entry: the advice may not apply, and an upgrade may be the better fix"),
            VersionNote::Unversioned { mta } => write!(f, "{mta} is a service without versions: the version is ignored"),
            VersionNote::OutOfSupport { product, ended, source } => write!(f, "{product} is {ended} ({source}): the advice may not apply, and an upgrade to a supported version may be the better fix"),
        }
    }
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking<'e> {
    #[cfg_attr(feature = "serde", serde(skip))]
    pub entry: &'e Entry,
    pub headline: Headline,
    /// True unless the entry's rates were measured.
    pub estimate: bool,
    pub version_note: Option<VersionNote>,
    /// Indexes of the compatibility rows that match the person's MTA (and version).
    pub matching_rows: Vec<usize>,
    pub workarounds: Vec<RankedWorkaround<'e>>,
    /// Flagged first, then in catalog order.
    pub dead_ends: Vec<RankedDeadEnd<'e>>,
}

impl Ranking<'_> {
    /// Opened from a finding, the headline follows the finding's own code: one
    /// entry (a reason's generic entry above all) covers a 452 and a 552 alike.
    pub fn for_finding(mut self, finding: Option<&crate::Finding>) -> Self {
        if let Some(h) = finding.and_then(crate::Finding::headline) {
            self.headline = h;
        }
        self
    }
}

/// Ranks `entry`'s workarounds and dead ends for `answers`. Same answers,
/// same ranking: ties keep the catalog's order.
pub fn rank<'e>(entry: &'e Entry, answers: &Answers) -> Ranking<'e> {
    let mut workarounds: Vec<RankedWorkaround> = entry
        .workarounds
        .iter()
        .map(|w| {
            let mut reasons = Vec::new();
            let mut score = w.rate().get() as i32;
            score += who_fits(w, answers, &mut reasons);
            for c in w.when.iter() {
                score += condition_fits(entry, c, answers, &mut reasons);
            }
            let tried = answers.has_tried(&w.id);
            if tried {
                score += ALREADY_TRIED;
                reasons.push(Reason { up: false, text: "already tried".into() });
            }
            RankedWorkaround { workaround: w, score, tried, reasons }
        })
        .collect();
    // A stable sort keeps catalog order among equals.
    smtp_triage_model::sort_small_by_key(&mut workarounds, |w| std::cmp::Reverse(w.score));

    let mut dead_ends: Vec<RankedDeadEnd> = entry
        .dead_ends
        .iter()
        .map(|d| {
            let mut reasons: Vec<String> = Vec::new();
            if answers.has_tried(&d.id) {
                reasons.push("you already tried this".into());
            }
            for t in d.triggers.iter() {
                let holds: Option<Vec<String>> = t.all.iter().map(|c| trigger_holds(entry, c, answers)).collect();
                if let Some(parts) = holds {
                    reasons.push(parts.join(" and "));
                }
            }
            RankedDeadEnd { dead_end: d, flagged: !reasons.is_empty(), reasons }
        })
        .collect();
    smtp_triage_model::sort_small_by_key(&mut dead_ends, |d| !d.flagged);

    let (version_note, matching_rows) = version_fit(entry, answers);
    Ranking {
        entry,
        headline: Headline::for_code(entry.error_code).expect("the catalog holds failure codes only"),
        estimate: entry.verification.is_estimate(),
        version_note,
        matching_rows,
        workarounds,
        dead_ends,
    }
}

fn who_fits(w: &Workaround, answers: &Answers, reasons: &mut Vec<Reason>) -> i32 {
    let Some(role) = answers.role else { return 0 };
    if w.who.is_empty() {
        return 0;
    }
    if w.who.contains(&role) {
        reasons.push(Reason { up: true, text: format!("you can do this yourself as the {}", role.label()) });
        ROLE_FITS
    } else {
        reasons
            .push(Reason { up: false, text: format!("needs the {}; you are the {}", roles_or(&w.who), role.label()) });
        ROLE_MISFITS
    }
}

fn condition_fits(entry: &Entry, c: &Condition, answers: &Answers, reasons: &mut Vec<Reason>) -> i32 {
    match c {
        Condition::Symptom { id, answer } => {
            let given = answers.symptom(id);
            let fact = entry.symptom(id).map_or(&**id, |s| &*s.fact);
            match (given, *answer) {
                (Answer::DontKnow, _) => 0,
                (g, want) if g == want => {
                    let said = if want == Answer::Yes { "you said: " } else { "you said it is not so: " };
                    reasons.push(Reason { up: true, text: format!("{said}{fact}") });
                    SYMPTOM_FITS
                }
                (_, want) => {
                    let when = if want == Answer::Yes { "fits when " } else { "fits when it is not so that " };
                    let said = if want == Answer::Yes { "you said no" } else { "you said yes" };
                    reasons.push(Reason { up: false, text: format!("{when}{fact}; {said}") });
                    SYMPTOM_MISFITS
                }
            }
        }
        Condition::Mta { ids } => {
            let Some(mta) = answers.mta else { return 0 };
            let names = mta_names(ids);
            if ids.iter().any(|i| i == mta.id) {
                reasons.push(Reason { up: true, text: format!("for {}, which you run", mta.name) });
                MTA_FITS
            } else {
                reasons.push(Reason { up: false, text: format!("for {names}; you run {}", mta.name) });
                MTA_MISFITS
            }
        }
        Condition::Role { roles } => {
            let Some(role) = answers.role else { return 0 };
            if roles.contains(&role) {
                reasons.push(Reason { up: true, text: format!("fits the {}", role.label()) });
                ROLE_FITS
            } else {
                reasons.push(Reason {
                    up: false,
                    text: format!("fits the {}; you are the {}", roles_or(roles), role.label()),
                });
                ROLE_MISFITS
            }
        }
        Condition::Tried { id } => {
            if answers.has_tried(id) {
                reasons.push(Reason {
                    up: true,
                    text: format!("the next step after what you tried: {}", entry.item_title(id)),
                });
                FOLLOWS_TRIED
            } else {
                0
            }
        }
    }
}

/// The clause as a reason when it holds for `answers`, `None` when it does not.
fn trigger_holds(entry: &Entry, c: &Condition, answers: &Answers) -> Option<String> {
    match c {
        Condition::Symptom { id, answer } => {
            let fact = entry.symptom(id).map_or(&**id, |s| &*s.fact);
            let given = answers.symptom(id);
            (given == *answer).then(|| match answer {
                Answer::Yes => format!("you said: {fact}"),
                _ => format!("you said it is not so: {fact}"),
            })
        }
        Condition::Mta { ids } => {
            let mta = answers.mta?;
            ids.iter().any(|i| i == mta.id).then(|| format!("you run {}", mta.name))
        }
        Condition::Role { roles } => {
            let role = answers.role?;
            roles.contains(&role).then(|| format!("you are the {}", role.label()))
        }
        Condition::Tried { id } => answers.has_tried(id).then(|| format!("you tried: {}", entry.item_title(id))),
    }
}

fn version_fit(entry: &Entry, answers: &Answers) -> (Option<VersionNote>, Vec<usize>) {
    let Some(mta) = answers.mta else { return (None, vec![]) };
    let rows: Vec<(usize, &CompatRow)> =
        entry.compatibility.iter().enumerate().filter(|(_, r)| r.mta == mta.id).collect();
    if rows.is_empty() {
        let listed = mta_choices(entry).contains(&mta);
        return (if listed { None } else { Some(VersionNote::MtaNotListed { mta: mta.name.into() }) }, vec![]);
    }
    let Some(v) = &answers.version else {
        let note = rows
            .iter()
            .find(|(_, r)| r.status != Status::Active)
            .map(|(_, r)| VersionNote::DeprecatedRow { label: r.label.to_string(), status: r.status.id().into() });
        // With no version, only a row that is deprecated for every version deserves a warning.
        let note = note.filter(|_| rows.iter().all(|(_, r)| r.status != Status::Active));
        return (note, rows.iter().map(|(i, _)| *i).collect());
    };
    if !mta.versioned {
        return (Some(VersionNote::Unversioned { mta: mta.name.into() }), rows.iter().map(|(i, _)| *i).collect());
    }
    let ended = smtp_triage_model::Lifecycle::find(mta.id, v).and_then(|l| Some((l.ended_text()?, l.source)));
    let out_of_support = ended.map(|(ended, source)| VersionNote::OutOfSupport {
        product: format!("{} {}", mta.name, v.as_str()),
        ended,
        source: source.into(),
    });
    let covering: Vec<&(usize, &CompatRow)> = rows
        .iter()
        .filter(|(_, r)| r.introduced.as_ref().is_none_or(|i| v >= i) && r.deprecated.as_ref().is_none_or(|d| v < d))
        .collect();
    if covering.is_empty() {
        let ranges = rows
            .iter()
            .map(|(_, r)| {
                let b = |x: &Option<smtp_triage_model::Version>| {
                    x.as_ref().map_or("—".to_string(), |v| v.as_str().to_string())
                };
                format!("{}: introduced {}, deprecated {}", r.label, b(&r.introduced), b(&r.deprecated))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let note = VersionNote::OutsideRange { mta: mta.name.into(), version: v.as_str().into(), ranges };
        return (Some(out_of_support.unwrap_or(note)), vec![]);
    }
    // Prefer the row naming this very version, then any covering row.
    let exact: Vec<usize> = covering.iter().filter(|(_, r)| r.version.as_ref() == Some(v)).map(|(i, _)| *i).collect();
    let matching = if exact.is_empty() { covering.iter().map(|(i, _)| *i).collect() } else { exact };
    let note = matching
        .iter()
        .map(|i| &entry.compatibility[*i])
        .find(|r| r.status != Status::Active)
        .map(|r| VersionNote::DeprecatedRow { label: r.label.to_string(), status: r.status.id().into() });
    (out_of_support.or(note), matching)
}

fn roles_or(roles: &[Role]) -> String {
    or_list(roles.iter().map(|r| r.label()))
}

fn mta_names(ids: &[smtp_triage_model::Text]) -> String {
    or_list(ids.iter().map(|i| Mta::by_id(i).map_or(&**i, |m| m.name)))
}

/// `a`, `a or b`, `a, b or c`.
fn or_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_headline_follows_the_finding_the_entry_was_opened_from() {
        let full = crate::find("communication/reason-mailboxfull").expect("the generic entry");
        let c = crate::classify("452 4.2.2 <ann@example.net>: mailbox is over quota, try again later");
        let f = c.findings.first();
        assert_eq!(f.and_then(|f| f.reason).map(|r| &*r.name), Some("mailboxfull"));
        let r = super::rank(full, &crate::Answers::default());
        assert!(r.headline.lost, "the entry's own code, 552, is permanent");
        let r = r.for_finding(f);
        assert!(!r.headline.lost, "the finding's 452 is temporary");
        assert_eq!(r.headline, crate::Headline::for_class(4).unwrap());
    }

    use super::*;
    use crate::catalog::seed;
    use smtp_triage_model::Answer;

    fn order(r: &Ranking) -> Vec<String> {
        r.workarounds.iter().map(|w| w.workaround.id.to_string()).collect()
    }

    #[test]
    fn receiving_postfix_admin_with_too_many_connections_gets_the_postfix_limit_first() {
        let mut a = Answers::default();
        a.set_role("receiving-admin").unwrap();
        a.set_mta(seed(), "postfix").unwrap();
        a.set_version("3.8.0").unwrap();
        a.set_symptom(seed(), "too-many-connections", Answer::Yes).unwrap();
        let r = rank(seed(), &a);
        assert_eq!(order(&r), ["postfix-connection-limit", "connection-pool", "exponential-backoff"]);
        let top = &r.workarounds[0];
        assert_eq!(top.score, 75 + 10 + 20 + 15);
        assert_eq!(
            top.reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            [
                "+ you can do this yourself as the receiving-server admin",
                "+ you said: the server logs show too many connections",
                "+ for Postfix, which you run",
            ]
        );
        assert_eq!(
            r.workarounds[2].reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            ["− needs the sender or sending-server admin; you are the receiving-server admin"]
        );
        assert_eq!(r.dead_ends.len(), 3);
        assert_eq!(r.dead_ends[0].dead_end.id, "disable-rate-limiting");
        assert!(r.dead_ends[0].flagged);
        assert_eq!(
            r.dead_ends[0].reasons,
            ["you said: the server logs show too many connections and you are the receiving-server admin"]
        );
        assert_eq!(r.matching_rows, [0]);
        assert_eq!(r.version_note, None);
        assert!(r.estimate);
    }

    #[test]
    fn a_sender_gets_the_sending_side_first_and_every_dead_end() {
        let mut a = Answers::default();
        a.set_role("sender").unwrap();
        let r = rank(seed(), &a);
        assert_eq!(order(&r), ["exponential-backoff", "connection-pool", "postfix-connection-limit"]);
        assert_eq!(r.workarounds[2].score, 75 - 50);
        assert_eq!(
            r.dead_ends.iter().map(|d| (&*d.dead_end.id, d.flagged)).collect::<Vec<_>>(),
            [("switch-port", true), ("disable-rate-limiting", false), ("raise-message-size-limit", false),]
        );
    }

    #[test]
    fn the_catalog_rate_is_never_changed_and_tried_items_sink() {
        let mut a = Answers::default();
        a.add_tried(seed(), "exponential-backoff").unwrap();
        let r = rank(seed(), &a);
        assert_eq!(order(&r), ["connection-pool", "postfix-connection-limit", "exponential-backoff"]);
        let last = &r.workarounds[2];
        assert!(last.tried);
        assert_eq!(last.workaround.success.get(), 85);
        assert_eq!(last.reasons.last().unwrap().to_string(), "− already tried");
        // Trying the backoff is what leads people to switch ports.
        assert!(r.dead_ends[0].flagged && r.dead_ends[0].dead_end.id == "switch-port");
    }

    #[test]
    fn a_measured_rate_takes_the_place_of_the_estimate() {
        let mut e = seed().clone();
        // exponential-backoff is estimated at 85%; 20 of 100 reports say it worked.
        e.workarounds.to_mut()[0].measured = smtp_triage_model::Measured::new(100, 20);
        let r = rank(&e, &Answers::default());
        assert_eq!(order(&r), ["connection-pool", "postfix-connection-limit", "exponential-backoff"]);
        assert_eq!(r.workarounds[2].score, 20);
        assert_eq!(r.workarounds[2].workaround.success.get(), 85, "the estimate itself stays");
    }

    #[test]
    fn no_answers_keep_the_catalog_order() {
        let r = rank(seed(), &Answers::default());
        assert_eq!(order(&r), ["exponential-backoff", "connection-pool", "postfix-connection-limit"]);
        assert!(r.workarounds.iter().all(|w| w.reasons.is_empty()));
        assert!(r.dead_ends.iter().all(|d| !d.flagged));
    }

    #[test]
    fn versions_outside_the_table_warn() {
        let mut a = Answers::default();
        a.set_mta(seed(), "haraka").unwrap();
        assert!(matches!(rank(seed(), &a).version_note, Some(VersionNote::MtaNotListed { .. })));
        a.set_mta(seed(), "ses").unwrap();
        a.set_version("2").unwrap();
        assert!(matches!(rank(seed(), &a).version_note, Some(VersionNote::Unversioned { .. })));
    }
}
