//! The start screen: paste an error, or search the catalog.

use super::use_ctx;
use crate::state::Action;
use smtp_triage_core::search;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

const SHOWN: usize = 12;

#[function_component(Start)]
pub fn start() -> Html {
    let ctx = use_ctx();
    let s = &*ctx.state;
    let on_input = {
        let state = ctx.state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(Action::SetPaste(e.target_unchecked_into::<HtmlTextAreaElement>().value()))
        })
    };
    let on_submit = {
        let state = ctx.state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.dispatch(Action::Triage);
        })
    };
    let on_query = {
        let state = ctx.state.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(Action::SetQuery(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let searching = !s.query.trim().is_empty();
    let hits = if searching { search(&s.query) } else { Vec::new() };
    let more = hits.len().saturating_sub(SHOWN);
    html! {
        <div class="start">
            <form class="paste card" onsubmit={on_submit}>
                <label>
                    <span class="label">{ "Paste the error, log lines or bounce" }</span>
                    <textarea rows="8" spellcheck="false" value={s.paste.clone()} oninput={on_input}
                        placeholder="421 4.7.0 Service not available, closing transmission channel" />
                </label>
                <p class="privacy">{ "The text never leaves this page: it is read here, in your browser, and sent nowhere." }</p>
                <button type="submit" class="primary" disabled={s.paste.trim().is_empty()}>{ "Triage" }</button>
            </form>
            <section class="browse card" aria-label="Find the error in the catalog">
                <h2>{ "Nothing to paste? Find the error" }</h2>
                <label>
                    <span class="label">{ "Search by code, enhanced code or words" }</span>
                    <input type="search" value={s.query.clone()} oninput={on_query} placeholder="550 5.7.1, relay, quota…" />
                </label>
                <ul class="catalog">
                    { for hits.iter().take(SHOWN).map(|e| {
                        let state = ctx.state.clone();
                        let entry: &'static _ = *e;
                        let open = Callback::from(move |_: MouseEvent| state.dispatch(Action::Open(entry, None)));
                        html! {
                            <li><button type="button" class="link" onclick={open}>{ entry.title.to_string() }</button></li>
                        }
                    }) }
                </ul>
                if !searching {
                    <p class="muted">{ format!("The catalog holds {} errors. Type a code such as 550 5.1.1, or words such as relay or quota.", smtp_triage_core::entries().len()) }</p>
                } else if hits.is_empty() {
                    <p class="muted">{ "No entry matches. Paste the error itself: the registered meaning of any code is shown." }</p>
                } else if more > 0 {
                    <p class="muted">{ format!("{more} more: refine the search.") }</p>
                }
            </section>
        </div>
    }
}
