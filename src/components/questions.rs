//! The decision tree's questions: role, MTA and version, each symptom, and
//! what was already tried. Answers implied by the paste are marked.

use super::use_ctx;
use crate::state::Action;
use smtp_triage_core::model::{Answer, Mta, Role};
use smtp_triage_core::{questions, rank, Question};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[function_component(Questions)]
pub fn questions_panel() -> Html {
    let ctx = use_ctx();
    let s = &*ctx.state;
    let Some(e) = s.entry else { return html! {} };
    let a = &s.answers;
    let note = rank(e, a).version_note;
    let from_paste = html! { <span class="implied">{ " (from the paste)" }</span> };
    let parts = questions(e).into_iter().map(|q| match q {
        Question::Role => {
            let radios = Role::ALL.iter().map(|r| {
                let state = ctx.state.clone();
                let role = *r;
                let pick = Callback::from(move |_: Event| state.dispatch(Action::SetRole(Some(role))));
                html! {
                    <label class="choice">
                        <input type="radio" name="role" checked={a.role == Some(role)} onchange={pick} />
                        { capitalise(r.label()) }
                    </label>
                }
            });
            html! {
                <fieldset>
                    <legend>{ "Your role" }if s.implied_role { { from_paste.clone() } }</legend>
                    { for radios }
                </fieldset>
            }
        }
        Question::Mta { choices } => {
            let state = ctx.state.clone();
            let on_mta = Callback::from(move |ev: Event| {
                let v = ev.target_unchecked_into::<HtmlSelectElement>().value();
                state.dispatch(Action::SetMta(Mta::by_id(&v)));
            });
            let state = ctx.state.clone();
            let on_version = Callback::from(move |ev: InputEvent| {
                state.dispatch(Action::SetVersion(ev.target_unchecked_into::<HtmlInputElement>().value()))
            });
            // The person's MTA stays selectable even when the table does not list it.
            let mut options: Vec<&'static Mta> = choices;
            if let Some(m) = a.mta.filter(|m| !options.contains(m)) {
                options.push(m);
            }
            let selected = a.mta.map(|m| m.id).unwrap_or("");
            let bad_version = !s.version_text.trim().is_empty() && a.version.is_none();
            html! {
                <fieldset>
                    <legend>{ "Your mail server" }if s.implied_mta { { from_paste.clone() } }</legend>
                    <label class="field">
                        <span class="label">{ "MTA" }</span>
                        <select onchange={on_mta}>
                            <option value="" selected={selected.is_empty()}>{ "Other / don't know" }</option>
                            { for options.iter().map(|m| html! { <option value={m.id} selected={selected == m.id}>{ m.name }</option> }) }
                        </select>
                    </label>
                    <label class="field">
                        <span class="label">{ "Version" }</span>
                        <input type="text" inputmode="decimal" value={s.version_text.clone()} oninput={on_version}
                            disabled={a.mta.is_none()} placeholder="3.8.0" aria-invalid={bad_version.to_string()} />
                    </label>
                    if bad_version {
                        <p class="warning">{ "Write the version as numbers with dots, such as 3.8.0." }</p>
                    }
                    if let Some(n) = &note {
                        <p class="warning" role="status">{ n.to_string() }</p>
                    }
                </fieldset>
            }
        }
        Question::Symptom(sym) => {
            let current = a.symptom(&sym.id);
            let radios = [(Answer::Yes, "Yes"), (Answer::No, "No"), (Answer::DontKnow, "Don't know")].into_iter().map(|(ans, label)| {
                let state = ctx.state.clone();
                let id = sym.id.to_string();
                let pick = Callback::from(move |_: Event| state.dispatch(Action::SetSymptom(id.clone(), ans)));
                html! {
                    <label class="choice">
                        <input type="radio" name={format!("symptom-{}", sym.id)} checked={current == ans} onchange={pick} />
                        { label }
                    </label>
                }
            });
            html! {
                <fieldset class="symptom">
                    <legend>{ sym.question.to_string() }</legend>
                    { for radios }
                </fieldset>
            }
        }
        Question::Tried { workarounds, dead_ends } => {
            let items = workarounds.iter().map(|w| (&w.id, &w.title)).chain(dead_ends.iter().map(|d| (&d.id, &d.title)));
            html! {
                <fieldset class="tried">
                    <legend>{ "Already tried" }</legend>
                    { for items.map(|(id, title)| {
                        let state = ctx.state.clone();
                        let id = id.to_string();
                        let checked = a.has_tried(&id);
                        let toggle = Callback::from(move |ev: Event| {
                            let on = ev.target_unchecked_into::<HtmlInputElement>().checked();
                            state.dispatch(Action::SetTried(id.clone(), on));
                        });
                        html! {
                            <label class="choice">
                                <input type="checkbox" checked={checked} onchange={toggle} />
                                { title.to_string() }
                            </label>
                        }
                    }) }
                </fieldset>
            }
        }
    });
    html! {
        <section class="questions" aria-label="Questions">
            <h2>{ "Questions" }</h2>
            <p class="muted">{ "Each answer reorders the workarounds on the right; answer what you know." }</p>
            { for parts }
        </section>
    }
}

/// The role labels are ASCII (`Role::label`): uppercasing them needs no
/// Unicode case tables in the page.
fn capitalise(s: &str) -> String {
    let mut s = s.to_string();
    if let Some(f) = s.get_mut(..1) {
        f.make_ascii_uppercase();
    }
    s
}
