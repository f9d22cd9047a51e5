//! The one reducer that holds the widget's state. Components render it and
//! send `Action`s; every rule about SMTP stays in the core.

use crate::options::Options;
use smtp_triage_core::model::{Answer, Entry, Mta, Role};
use smtp_triage_core::{classify, find, from_fragment, implied, to_fragment, Answers, Classification, Finding};
use std::rc::Rc;
use yew::Reducible;

/// The page classifies at most this much of a paste, so it never freezes.
pub const MAX_PASTE: usize = 2 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Start,
    /// What the classifier understood of the paste.
    Found,
    /// An entry: its questions and the ranking.
    Entry,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub screen: Screen,
    /// The pasted text; kept in memory only, never in the URL.
    pub paste: String,
    pub classification: Option<Rc<Classification>>,
    /// The paste was longer than `MAX_PASTE`; its size in bytes.
    pub truncated: Option<usize>,
    /// The finding the entry was picked from.
    pub finding: Option<usize>,
    pub entry: Option<&'static Entry>,
    pub answers: Answers,
    /// Which answers the paste implied (shown as such).
    pub implied_role: bool,
    pub implied_mta: bool,
    /// "Did this work?" answers given here: workaround ID and yes / no.
    pub feedback: Vec<(String, bool)>,
    /// A short notice (a stale link, a paste over the limit).
    pub notice: Option<String>,
    pub redact: bool,
    /// The catalog search box.
    pub query: String,
    /// The version field as typed, which may not be a version yet.
    pub version_text: String,
}

impl Default for State {
    fn default() -> Self {
        State {
            screen: Screen::Start,
            paste: String::new(),
            classification: None,
            truncated: None,
            finding: None,
            entry: None,
            answers: Answers::default(),
            implied_role: false,
            implied_mta: false,
            feedback: Vec::new(),
            notice: None,
            redact: true,
            query: String::new(),
            version_text: String::new(),
        }
    }
}

pub enum Action {
    SetPaste(String),
    Triage,
    Open(&'static Entry, Option<usize>),
    /// One step back: entry → findings → start.
    Back,
    Restart,
    SetRole(Option<Role>),
    SetMta(Option<&'static Mta>),
    SetVersion(String),
    SetSymptom(String, Answer),
    SetTried(String, bool),
    Feedback(String, bool),
    SetRedact(bool),
    SetQuery(String),
    /// The URL fragment changed (a link, Back, a reload).
    Fragment(String),
    /// The host's options, at mount or after a change.
    Configure(Options),
    DismissNotice,
}

impl State {
    /// The fragment that reproduces this state; empty on the start screen.
    pub fn fragment(&self) -> String {
        match (self.screen, self.entry) {
            (Screen::Entry, Some(e)) => to_fragment(e, &self.answers),
            (Screen::Found, _) => "found".into(),
            _ => String::new(),
        }
    }

    fn triage(&mut self, text: &str) {
        let (text, truncated) = if text.len() > MAX_PASTE {
            let mut end = MAX_PASTE;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            (&text[..end], Some(text.len()))
        } else {
            (text, None)
        };
        self.classification = Some(Rc::new(classify(text)));
        self.truncated = truncated;
        self.screen = Screen::Found;
        self.notice = None;
    }

    /// The finding the open entry was picked from, if it was.
    pub fn opened_from(&self) -> Option<&Finding> {
        self.finding.and_then(|i| self.classification.as_ref()?.findings.get(i))
    }

    fn open(&mut self, entry: &'static Entry, finding: Option<usize>) {
        if self.entry != Some(entry) {
            self.answers = Answers::default();
            self.feedback.clear();
            self.implied_role = false;
            self.implied_mta = false;
        }
        self.entry = Some(entry);
        self.finding = finding;
        self.screen = Screen::Entry;
        if let Some(f) = self.opened_from() {
            let i = implied(f, entry);
            if i.role && self.answers.role.is_none() {
                self.answers.role = i.answers.role;
                self.implied_role = true;
            }
            if i.mta && self.answers.mta.is_none() {
                self.answers.mta = i.answers.mta;
                self.implied_mta = true;
            }
        }
        self.version_text = self.answers.version.as_ref().map(|v| v.as_str().to_string()).unwrap_or_default();
    }

    fn configure(&mut self, o: Options) {
        if let Some(error) = &o.error {
            self.paste = error.clone();
            self.triage(error);
            // One clear recognition opens its entry at once; a reply whose
            // reason cannot be told stays on its question.
            let c = self.classification.clone();
            if let Some(best) = c.as_ref().and_then(|c| c.findings.first()).and_then(|f| f.clear_match()) {
                self.open(best.entry, Some(0));
            }
        }
        if let Some(e) = o.entry.as_deref().and_then(find) {
            self.open(e, None);
        }
        if let Some(e) = self.entry {
            if let Some(r) = o.role {
                self.answers.role = Some(r);
                self.implied_role = false;
            }
            if let Some(m) = o.mta {
                let _ = self.answers.set_mta(e, m.id);
                self.implied_mta = false;
            }
            if o.mta_version.is_some() && self.answers.mta.is_some() {
                self.answers.version = o.mta_version.clone();
                self.version_text = o.mta_version.as_ref().map(|v| v.as_str().to_string()).unwrap_or_default();
            }
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetPaste(t) => s.paste = t,
            Action::Triage => {
                let text = std::mem::take(&mut s.paste);
                s.triage(&text);
                s.paste = text;
            }
            Action::Open(e, f) => s.open(e, f),
            Action::Back => {
                s.screen = match s.screen {
                    Screen::Entry if s.classification.is_some() => Screen::Found,
                    _ => Screen::Start,
                };
                s.notice = None;
            }
            Action::Restart => {
                s = State { redact: s.redact, ..State::default() };
            }
            Action::SetRole(r) => {
                s.answers.role = r;
                s.implied_role = false;
            }
            Action::SetMta(m) => {
                s.answers.mta = m;
                s.implied_mta = false;
                if m.is_none() {
                    s.answers.version = None;
                }
            }
            Action::SetVersion(v) => {
                if s.answers.set_version(&v).is_err() {
                    s.answers.version = None;
                }
                s.version_text = v;
            }
            Action::SetSymptom(id, a) => {
                if let Some(e) = s.entry {
                    let _ = s.answers.set_symptom(e, &id, a);
                }
            }
            Action::SetTried(id, on) => {
                if let Some(e) = s.entry {
                    if on {
                        let _ = s.answers.add_tried(e, &id);
                    } else {
                        s.answers.remove_tried(&id);
                    }
                }
            }
            Action::Feedback(id, worked) => {
                s.feedback.retain(|(w, _)| *w != id);
                s.feedback.push((id, worked));
            }
            Action::SetRedact(r) => s.redact = r,
            Action::SetQuery(q) => s.query = q,
            Action::Fragment(f) => {
                let f = f.trim_start_matches('#');
                if f.is_empty() {
                    s.screen = Screen::Start;
                } else if f == "found" {
                    s.screen = if s.classification.is_some() { Screen::Found } else { Screen::Start };
                } else if s.fragment() != f {
                    match from_fragment(f) {
                        Ok((e, a)) => {
                            if s.entry != Some(e) {
                                s.feedback.clear();
                                s.finding = None;
                            }
                            s.entry = Some(e);
                            s.answers = a;
                            s.implied_role = false;
                            s.implied_mta = false;
                            s.version_text =
                                s.answers.version.as_ref().map(|v| v.as_str().to_string()).unwrap_or_default();
                            s.screen = Screen::Entry;
                        }
                        Err(err) => {
                            s.screen = Screen::Start;
                            s.notice = Some(format!("That link could not be opened: {err}. Start again below."));
                        }
                    }
                }
            }
            Action::Configure(o) => s.configure(o),
            Action::DismissNotice => s.notice = None,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(actions: Vec<Action>) -> Rc<State> {
        actions.into_iter().fold(Rc::new(State::default()), |s, a| s.reduce(a))
    }

    #[test]
    fn paste_triage_open_and_back() {
        let s = run(vec![
            Action::SetPaste("421 4.7.0 Service not available, closing transmission channel".into()),
            Action::Triage,
        ]);
        assert_eq!(s.screen, Screen::Found);
        let best = s.classification.as_ref().unwrap().findings[0].best().unwrap().entry;
        assert_eq!(best.id, "communication/smtp-421-service-not-available");
        let s = s.reduce(Action::Open(best, Some(0)));
        assert_eq!(s.fragment(), "entry=communication/smtp-421-service-not-available");
        let s = s.reduce(Action::SetRole(Some(Role::Sender)));
        assert_eq!(s.fragment(), "entry=communication/smtp-421-service-not-available&role=sender");
        let s = s.reduce(Action::Back);
        assert_eq!((s.screen, s.paste.is_empty()), (Screen::Found, false));
        let s = s.reduce(Action::Restart);
        assert_eq!(*s, State::default());
    }

    #[test]
    fn a_paste_over_the_limit_is_cut_and_said() {
        let big = "x".repeat(MAX_PASTE + 10);
        let s = run(vec![Action::SetPaste(big), Action::Triage]);
        assert_eq!(s.truncated, Some(MAX_PASTE + 10));
    }

    #[test]
    fn a_stale_link_opens_the_start_screen_with_a_notice() {
        let s = run(vec![Action::Fragment("#entry=communication/gone".into())]);
        assert_eq!(s.screen, Screen::Start);
        assert!(s.notice.as_deref().unwrap().contains("could not be opened"));
    }
}
