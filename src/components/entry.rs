//! An entry's page: what the error is, where the rates come from, the
//! questions, and the ranking that follows the answers.

use super::questions::Questions;
use super::results::Results;
use super::use_ctx;
use crate::text::inline;
use smtp_triage_core::{rank, Headline, Rates};
use yew::prelude::*;

#[function_component(EntryPage)]
pub fn entry_page() -> Html {
    let ctx = use_ctx();
    let s = &*ctx.state;
    let Some(e) = s.entry else { return html! {} };
    let h: Headline = rank(e, &s.answers).for_finding(s.opened_from()).headline;
    let provenance = match Rates::of(e) {
        Rates::Estimates => format!(
            "Verification: {}. The rates on this page are the catalog's estimates, written from general knowledge, not measurements.",
            e.verification.id()
        ),
        Rates::Mixed => format!(
            "Verification: {}. Rates with a count of reports were measured from people's answers to \"Did this work?\"; the others are the catalog's estimates, not measurements.",
            e.verification.id()
        ),
        Rates::Measured => format!(
            "Verification: {}. The rates on this page were measured from people's answers to \"Did this work?\".",
            e.verification.id()
        ),
    };
    html! {
        <div class="entry">
            <header class="entry-head">
                <h2>{ e.title.to_string() }</h2>
                <p class="muted id">{ e.id.to_string() }</p>
            </header>
            <div class={classes!("headline", if h.lost { "bad" } else { "calm" })}>
                <p class="summary">{ h.summary }</p>
                <p>{ h.detail }</p>
            </div>
            <details class="about" open=true>
                <summary>{ "Root cause, sources and provenance" }</summary>
                { for e.root_cause.split("\n\n").map(|p| html! { <p>{ inline(p) }</p> }) }
                <p class="provenance">{ provenance }{ format!(" Fix Rate: {}.", e.fix_rate) }</p>
                if let Some(d) = e.reviewed {
                    <p class="muted">{ format!("Reviewed {d}.") }</p>
                }
                if !e.sources.is_empty() {
                    <p class="label">{ "Sources" }</p>
                    <ul class="sources">
                        { for e.sources.iter().map(|src| match &src.url {
                            Some(u) => html! { <li><a href={u.to_string()} rel="noopener noreferrer" target="_blank">{ src.title.to_string() }</a></li> },
                            None => html! { <li>{ src.title.to_string() }</li> },
                        }) }
                    </ul>
                }
                if !e.corrections.is_empty() {
                    <p class="label">{ "Corrections to the original text" }</p>
                    <ul class="corrections">
                        { for e.corrections.iter().map(|c| html! {
                            <li><span class="was"><code>{ c.was.to_string() }</code></span>{ " → " }<span class="now">{ c.now.to_string() }</span></li>
                        }) }
                    </ul>
                }
            </details>
            <div class="columns">
                <Questions />
                <Results />
            </div>
        </div>
    }
}
