//! The ranking: workarounds in order with their rates (measured, or the
//! catalog's estimates) and the
//! reasons for each place, the dead ends (raised when the answers head into
//! one), and the compatibility table with the person's version marked.

use super::summary::Summary;
use super::use_ctx;
use crate::host::{self, object};
use crate::state::Action;
use smtp_triage_core::model::Version;
use smtp_triage_core::{rank, success_label, RankedDeadEnd, RankedWorkaround, Rates};
use wasm_bindgen::JsValue;
use yew::prelude::*;

#[function_component(Results)]
pub fn results() -> Html {
    let ctx = use_ctx();
    let s = &*ctx.state;
    let Some(e) = s.entry else { return html! {} };
    let r = rank(e, &s.answers);
    let flagged = r.dead_ends.iter().any(|d| d.flagged);

    let workarounds = html! {
        <section class="workarounds" aria-label="Workarounds">
            <h2>{ "Workarounds" }</h2>
            <p class="muted">{ match Rates::of(e) {
                Rates::Estimates => "In the order to try them. The rates are the catalog's estimates; your answers change the order, never the numbers.",
                Rates::Mixed => "In the order to try them. Rates with a count of reports were measured, the others are the catalog's estimates; your answers change the order, never the numbers.",
                Rates::Measured => "In the order to try them. Your answers change the order, never the measured rates.",
            } }</p>
            <ol class="ranked">
                { for r.workarounds.iter().map(|w| workaround(&ctx, w)) }
            </ol>
        </section>
    };
    let dead_ends = html! {
        <section class={classes!("dead-ends", flagged.then_some("raised"))} aria-label="Dead ends">
            <h2>{ "Dead ends" }</h2>
            <p class="muted">{ "What people try that does not help, and why." }</p>
            <ul>{ for r.dead_ends.iter().map(dead_end) }</ul>
        </section>
    };
    let version = s.answers.version.clone();
    html! {
        <section class="results" aria-label="Results">
            if flagged {
                { dead_ends.clone() }
                { workarounds }
            } else {
                { workarounds }
                { dead_ends }
            }
            <section class="compat" aria-label="Where this error occurs">
                <h2>{ "Where this error occurs" }</h2>
                <table>
                    <thead><tr><th scope="col">{ "Version" }</th><th scope="col">{ "Status" }</th><th scope="col">{ "Introduced" }</th><th scope="col">{ "Deprecated" }</th></tr></thead>
                    <tbody>
                        { for e.compatibility.iter().enumerate().map(|(i, row)| {
                            let mine = r.matching_rows.contains(&i);
                            let b = |v: &Option<Version>| v.as_ref().map_or("—".to_string(), |v| v.as_str().to_string());
                            html! {
                                <tr class={classes!(mine.then_some("mine"))}>
                                    <th scope="row">{ row.label.to_string() }if mine { <span class="tag">{ match &version { Some(v) => format!("yours: {}", v.as_str()), None => "yours".to_string() } }</span> }</th>
                                    <td>{ row.status.id() }</td><td>{ b(&row.introduced) }</td><td>{ b(&row.deprecated) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </section>
            <Summary />
        </section>
    }
}

fn workaround(ctx: &super::Ctx, w: &RankedWorkaround) -> Html {
    let wk = w.workaround;
    let rate = wk.rate().get();
    let label = success_label(wk);
    let copy = {
        let block = wk.block.to_string();
        Callback::from(move |ev: MouseEvent| {
            let button: web_sys::HtmlElement = ev.target_unchecked_into();
            host::copy(block.clone(), move |ok| {
                button.set_inner_text(if ok { "Copied" } else { "Copy failed: select the text" })
            });
        })
    };
    let given = ctx.state.feedback.iter().find(|(id, _)| *id == *wk.id).map(|(_, v)| *v);
    let feedback = |worked: bool| {
        let state = ctx.state.clone();
        let host = ctx.host.clone();
        let entry = ctx.state.entry.map(|e| e.id.to_string()).unwrap_or_default();
        let id = wk.id.to_string();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Feedback(id.clone(), worked));
            // A report in the format `smtp-triage rates` reads (FORMAT.md, "Reports").
            let a = &state.answers;
            let or_null = |s: Option<&str>| s.map_or(JsValue::NULL, JsValue::from_str);
            host.emit(
                "smtp-triage:feedback",
                &object(&[
                    ("entry", JsValue::from_str(&entry)),
                    ("workaround", JsValue::from_str(&id)),
                    ("worked", JsValue::from_bool(worked)),
                    ("role", or_null(a.role.map(|r| r.id()))),
                    ("mta", or_null(a.mta.map(|m| m.id))),
                    ("version", or_null(a.version.as_ref().map(|v| v.as_str()))),
                    ("at", JsValue::from_str(&host::utc_now())),
                ]),
            );
        })
    };
    html! {
        <li class={classes!("workaround", w.tried.then_some("tried"))}>
            <h3>{ wk.title.to_string() }</h3>
            <p class="rate">
                <meter min="0" max="100" low="40" high="70" optimum="100" value={rate.to_string()}
                    aria-label={format!("Success rate: {label}")}></meter>
                { format!(" {label}") }
            </p>
            if !w.reasons.is_empty() {
                <ul class="reasons">
                    { for w.reasons.iter().map(|r| html! { <li class={if r.up { "up" } else { "down" }}>{ r.to_string() }</li> }) }
                </ul>
            }
            <div class="block">
                <pre tabindex="0"><code>{ wk.block.to_string() }</code></pre>
                <button type="button" class="quiet copy" onclick={copy} aria-label={format!("Copy: {}", wk.title)}>{ "Copy" }</button>
            </div>
            <div class="feedback" role="group" aria-label={format!("Did this work? {}", wk.title)}>
                <span>{ "Did this work?" }</span>
                <button type="button" class="quiet" aria-pressed={(given == Some(true)).to_string()} onclick={feedback(true)}>{ "Yes" }</button>
                <button type="button" class="quiet" aria-pressed={(given == Some(false)).to_string()} onclick={feedback(false)}>{ "No" }</button>
                if let Some(v) = given {
                    <span class="muted" role="status">{ if v { "Thanks: noted here only." } else { "Noted here only; try the next one." } }</span>
                }
            </div>
        </li>
    }
}

fn dead_end(d: &RankedDeadEnd) -> Html {
    let de = d.dead_end;
    html! {
        <li class={classes!("dead-end", d.flagged.then_some("flagged"))}>
            <p class="title">
                if d.flagged { <strong class="warn-mark">{ "Warning: " }</strong> }
                <strong>{ de.title.to_string() }</strong>
                { format!(" ({}% fail)", de.failure.get()) }
            </p>
            <p>{ de.why.to_string() }</p>
            if d.flagged {
                <p class="why-flagged">{ format!("Shown first because {}.", d.reasons.join("; ")) }</p>
            }
        </li>
    }
}
