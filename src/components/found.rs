//! What was understood of the paste: a headline, each finding (grouped,
//! with counts) with its reason in words first, the registered meanings, and
//! the entries that fit; when the reason cannot be told, one question whose
//! answers open the likely reasons' entries.

use super::use_ctx;
use crate::state::{Action, MAX_PASTE};
use crate::text::size;
use smtp_triage_core::model::ReasonKind;
use smtp_triage_core::{explain_enhanced, explain_reply, finding_providers, Finding};
use yew::prelude::*;

#[function_component(Found)]
pub fn found() -> Html {
    let ctx = use_ctx();
    let s = &*ctx.state;
    let Some(c) = s.classification.clone() else { return html! {} };
    let truncated = s.truncated.map(|n| {
        html! { <p class="warning" role="status">{ format!("The paste is {}: only the first {} were read.", size(n), size(MAX_PASTE)) }</p> }
    });
    let headline = c.findings.iter().find_map(Finding::headline);
    // Why it failed, in words, before anything else.
    let lead = c.findings.first().and_then(|f| f.reason).filter(|r| r.kind == ReasonKind::Error);
    let several = c.findings.len() > 1;
    let binary = looks_binary(&s.paste);
    html! {
        <div class="found">
            <h2>{ "What the paste says" }</h2>
            { for truncated }
            if let Some(r) = lead {
                <p class="lead">{ format!("{}.", r.label) }</p>
            }
            if let Some(n) = c.not_an_error {
                <p class="headline calm">{ format!("Not a delivery error: this is {}.", n.label()) }</p>
            } else if let Some(h) = headline {
                <div class={classes!("headline", if h.lost { "bad" } else { "calm" })}>
                    <p class="summary">{ h.summary }</p>
                    <p>{ h.detail }</p>
                </div>
            }
            if c.findings.is_empty() && c.not_an_error.is_none() {
                <div class="headline calm">
                    if binary {
                        <p class="summary">{ "Nothing recognisable: this looks like binary data, not text." }</p>
                    } else {
                        <p class="summary">{ "Nothing recognisable: no SMTP reply code, status code or bounce was found in the text." }</p>
                    }
                    <p>{ "Paste the reply line as the server wrote it (such as \"550 5.1.1 User unknown\"), the log lines around it, or the whole bounce message; or find the error in the catalog from the start screen." }</p>
                </div>
            }
            if c.findings.len() > 1 {
                <p class="muted">{ format!("{} different errors found, most frequent or first first.", c.findings.len()) }</p>
            }
            { for c.findings.iter().enumerate().map(|(i, f)| finding(&ctx, i, f, several)) }
            if c.omitted > 0 {
                <p class="muted">{ format!("{} more different errors were counted but not listed.", c.omitted) }</p>
            }
        </div>
    }
}

/// One finding; `several`: the page holds more than one, so each says its own reason.
fn finding(ctx: &super::Ctx, index: usize, f: &Finding, several: bool) -> Html {
    let codes: Vec<String> =
        f.reply_code.map(|c| c.to_string()).into_iter().chain(f.enhanced.map(|e| e.to_string())).collect();
    let mut facts: Vec<(String, String)> = Vec::new();
    if f.count > 1 {
        facts.push(("Seen".into(), format!("{} times", f.count)));
    }
    if let Some(st) = f.stage {
        facts.push(("Stage".into(), st.label().into()));
    }
    if let Some(m) = f.mta {
        let name = smtp_triage_core::model::Mta::by_id(m).map_or(m, |m| m.name);
        let side = match f.side {
            Some(smtp_triage_core::Side::Sending) => " (sending side)",
            Some(smtp_triage_core::Side::Receiving) => " (receiving side)",
            None => "",
        };
        facts.push(("Written by".into(), format!("{name}{side}")));
    }
    if let Some(r) = &f.remote {
        facts.push(("Remote".into(), r.clone()));
    }
    if !f.recipients.is_empty() {
        facts.push(("Recipients".into(), f.recipients.join(", ")));
    }
    let meanings: Vec<String> = f
        .reply_code
        .map(|c| format!("{c}: {}", explain_reply(c)))
        .into_iter()
        .chain(f.enhanced.map(|e| format!("{e}: {}", explain_enhanced(e, &finding_providers(f)))))
        .collect();
    let undecided = f.reason.is_some_and(|r| r.kind == ReasonKind::Undecided);
    let open = |entry: &'static smtp_triage_core::model::Entry| {
        let state = ctx.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Open(entry, Some(index))))
    };
    html! {
        <article class="finding card">
            if let Some(r) = f.reason.filter(|_| several && !undecided) {
                <p class="reason"><span class="label">{ "Why: " }</span>{ r.label.to_string() }</p>
            }
            <p class="reply">
                if !codes.is_empty() { <span class="codes">{ codes.join(" ") }</span>{ " " } }
                <span class="words">{ f.text.clone() }</span>
            </p>
            if !facts.is_empty() {
                <dl class="facts">
                    { for facts.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
                </dl>
            }
            if !meanings.is_empty() {
                <div class="meanings">
                    <p class="label">{ "Registered meaning" }</p>
                    <ul>{ for meanings.into_iter().map(|m| html! { <li>{ m }</li> }) }</ul>
                </div>
            }
            if f.entries.is_empty() {
                <p class="muted">{ "No curated entry fits this one; the registered meaning above is what is known." }</p>
            } else if undecided {
                <fieldset class="choose-reason">
                    <legend>{ "The text does not say why. What does the message say?" }</legend>
                    <ul class="choices">
                        { for f.entries.iter().map(|m| html! {
                            <li><button type="button" class="reason-choice" onclick={open(m.entry)}>{ choice_label(m.entry) }</button></li>
                        }) }
                    </ul>
                </fieldset>
            } else {
                <p class="label">{ "Matching entries, best first" }</p>
                <ul class="matches">
                    { for f.entries.iter().map(|m| {
                        let generic = f.reason.and_then(|r| r.entry.as_deref()) == Some(&*m.entry.id);
                        html! {
                            <li>
                                <button type="button" class="link" onclick={open(m.entry)}>{ m.entry.title.to_string() }</button>
                                if generic {
                                    <span class="muted">{ " the plan for this kind of error" }</span>
                                } else {
                                    <span class="muted">{ format!(" match {}%", (m.score * 100.0).round() as u32) }</span>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </article>
    }
}

/// A choice of the reason question: what the message would say, in the reason's words.
fn choice_label(e: &smtp_triage_core::model::Entry) -> String {
    e.reasons
        .first()
        .and_then(|n| smtp_triage_core::reason(n))
        .map_or_else(|| e.title.to_string(), |r| r.label.to_string())
}

/// Mostly control characters or undecodable bytes: not text.
fn looks_binary(s: &str) -> bool {
    let sample: Vec<char> = s.chars().take(4096).collect();
    let odd = sample.iter().filter(|c| (c.is_control() && !c.is_whitespace()) || **c == '\u{FFFD}').count();
    !sample.is_empty() && odd * 10 > sample.len()
}
