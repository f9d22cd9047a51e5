//! Back, Restart, and a breadcrumb of the steps answered so far.

use super::use_ctx;
use crate::state::{Action, Screen};
use yew::prelude::*;

#[function_component(Nav)]
pub fn nav() -> Html {
    let ctx = use_ctx();
    let s = &*ctx.state;
    let dispatch = |a: fn() -> Action| {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(a()))
    };
    let mut crumbs: Vec<Html> = vec![html! { <li>{ "Start" }</li> }];
    if s.classification.is_some() && s.screen != Screen::Start {
        crumbs.push(html! { <li>{ "Recognised" }</li> });
    }
    if let (Screen::Entry, Some(e)) = (s.screen, s.entry) {
        crumbs.push(html! { <li>{ e.title.to_string() }</li> });
        let a = &s.answers;
        if let Some(r) = a.role {
            crumbs.push(html! { <li>{ format!("Role: {}", r.label()) }</li> });
        }
        if let Some(m) = a.mta {
            let v = a.version.as_ref().map(|v| format!(" {}", v.as_str())).unwrap_or_default();
            crumbs.push(html! { <li>{ format!("MTA: {}{v}", m.name) }</li> });
        }
        if !a.symptoms.is_empty() {
            crumbs.push(html! { <li>{ format!("{} answered", plural(a.symptoms.len(), "symptom")) }</li> });
        }
        if !a.tried.is_empty() {
            crumbs.push(html! { <li>{ format!("{} tried", plural(a.tried.len(), "item")) }</li> });
        }
    }
    let at_start = s.screen == Screen::Start;
    html! {
        <nav class="nav" aria-label="Triage steps">
            <div class="nav-buttons">
                <button type="button" class="quiet" disabled={at_start} onclick={dispatch(|| Action::Back)}>{ "Back" }</button>
                <button type="button" class="quiet" onclick={dispatch(|| Action::Restart)}>{ "Restart" }</button>
            </div>
            <ol class="crumbs">{ for crumbs }</ol>
        </nav>
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
