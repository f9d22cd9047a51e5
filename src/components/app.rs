//! The root: holds the reducer, follows the host's options and the URL
//! fragment, tells the host when a ranking is shown, and picks the screen.

use super::entry::EntryPage;
use super::found::Found;
use super::nav::Nav;
use super::start::Start;
use super::Ctx;
use crate::host::{self, object, strings, Host};
use crate::options::{HistoryMode, Options};
use crate::state::{Action, Screen, State};
use smtp_triage_core::model::Answer;
use smtp_triage_core::rank;
use wasm_bindgen::JsValue;
use web_sys::Element;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub options: Options,
    pub host: Element,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(State::default);
    let host = Host { element: props.host.clone() };
    let history = props.options.history;

    // The host's options: at mount, and whenever an attribute changes.
    {
        let state = state.clone();
        use_effect_with(props.options.clone(), move |o| {
            state.dispatch(Action::Configure(o.clone()));
            if o.history == HistoryMode::Fragment {
                let f = host::read_fragment();
                if !f.is_empty() {
                    state.dispatch(Action::Fragment(f));
                }
            }
        });
    }

    // The fragment: Back, Forward and links change the state.
    {
        let state = state.clone();
        use_effect_with(history, move |mode| {
            let listener = (*mode == HistoryMode::Fragment)
                .then(|| host::on_fragment_change(move |f| state.dispatch(Action::Fragment(f))))
                .flatten();
            move || drop(listener)
        });
    }

    // ... and the state writes the fragment: a new history entry per screen,
    // in place for answers.
    {
        let last_screen = use_mut_ref(|| Screen::Start);
        use_effect_with((state.fragment(), state.screen, history), move |(fragment, screen, mode)| {
            if *mode == HistoryMode::Fragment {
                let push = *last_screen.borrow() != *screen;
                host::write_fragment(fragment, push);
            }
            *last_screen.borrow_mut() = *screen;
        });
    }

    // The host hears about every ranking shown.
    {
        let host = host.clone();
        let key = (state.screen == Screen::Entry).then(|| state.fragment());
        let state = state.clone();
        use_effect_with(key, move |key| {
            if let (Some(_), Some(entry)) = (key, state.entry) {
                let r = rank(entry, &state.answers);
                let a = &state.answers;
                let symptoms = object(
                    &a.symptoms
                        .iter()
                        .map(|(k, v)| (k.as_str(), JsValue::from_str(if *v == Answer::Yes { "yes" } else { "no" })))
                        .collect::<Vec<_>>(),
                );
                let answers = object(&[
                    ("role", a.role.map(|r| JsValue::from_str(r.id())).unwrap_or(JsValue::NULL)),
                    ("mta", a.mta.map(|m| JsValue::from_str(m.id)).unwrap_or(JsValue::NULL)),
                    ("version", a.version.as_ref().map(|v| JsValue::from_str(v.as_str())).unwrap_or(JsValue::NULL)),
                    ("symptoms", symptoms),
                    ("tried", strings(&a.tried)),
                ]);
                let top = r.workarounds.first().map(|w| {
                    object(&[
                        ("id", JsValue::from_str(&w.workaround.id)),
                        ("title", JsValue::from_str(&w.workaround.title)),
                        ("success", JsValue::from(w.workaround.success.get())),
                    ])
                });
                let dead_ends: js_sys::Array = r
                    .dead_ends
                    .iter()
                    .map(|d| {
                        object(&[("id", JsValue::from_str(&d.dead_end.id)), ("flagged", JsValue::from_bool(d.flagged))])
                    })
                    .collect();
                host.emit(
                    "smtp-triage:result",
                    &object(&[
                        ("entry", JsValue::from_str(&entry.id)),
                        ("answers", answers),
                        ("topWorkaround", top.unwrap_or(JsValue::NULL)),
                        ("deadEnds", dead_ends.into()),
                    ]),
                );
            }
        });
    }

    let ctx = Ctx { state: state.clone(), host };
    let theme = props.options.theme.id();
    let font = props.options.font.id();
    let body = match state.screen {
        Screen::Start => html! { <Start /> },
        Screen::Found => html! { <Found /> },
        Screen::Entry => html! { <EntryPage /> },
    };
    let dismiss = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::DismissNotice))
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div class="smtp-triage" data-theme={theme} data-font={font}>
                <Nav />
                if let Some(n) = &state.notice {
                    <div class="notice" role="status">
                        <p>{ n.clone() }</p>
                        <button type="button" class="quiet" onclick={dismiss}>{ "Dismiss" }</button>
                    </div>
                }
                <div class="screen">{ body }</div>
            </div>
        </ContextProvider<Ctx>>
    }
}
