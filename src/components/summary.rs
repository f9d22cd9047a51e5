//! "Copy summary": the triage as Markdown for a ticket, addresses redacted
//! unless the person unticks it. Offered to the host as an event too.

use super::use_ctx;
use crate::host::{self, object};
use crate::state::Action;
use smtp_triage_core::{rank, summary_markdown};
use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[function_component(Summary)]
pub fn summary() -> Html {
    let ctx = use_ctx();
    let status = use_state(|| None::<bool>);
    let s = &*ctx.state;
    let Some(e) = s.entry else { return html! {} };
    let finding = s.opened_from();
    let text = summary_markdown(&rank(e, &s.answers).for_finding(finding), &s.answers, finding, s.redact);
    let on_redact = {
        let state = ctx.state.clone();
        Callback::from(move |ev: Event| {
            state.dispatch(Action::SetRedact(ev.target_unchecked_into::<HtmlInputElement>().checked()))
        })
    };
    let on_copy = {
        let status = status.clone();
        let host = ctx.host.clone();
        let text = text.clone();
        let entry = e.id.to_string();
        Callback::from(move |_: MouseEvent| {
            let status = status.clone();
            let host = host.clone();
            let entry = entry.clone();
            host::copy(text.clone(), move |ok| {
                status.set(Some(ok));
                if ok {
                    host.emit("smtp-triage:copy", &object(&[("entry", JsValue::from_str(&entry))]));
                }
            });
        })
    };
    html! {
        <section class="summary-box" aria-label="Summary">
            <h2>{ "Summary for a ticket" }</h2>
            <div class="row">
                <button type="button" onclick={on_copy}>{ "Copy summary" }</button>
                <label class="choice"><input type="checkbox" checked={s.redact} onchange={on_redact} />{ "Redact addresses" }</label>
                if *status == Some(true) { <span role="status">{ "Copied." }</span> }
            </div>
            if *status == Some(false) {
                <p class="warning" role="status">{ "The browser did not allow copying. Select the summary below and copy it." }</p>
                <textarea readonly=true rows="10" aria-label="Summary" value={text} />
            }
        </section>
    }
}
