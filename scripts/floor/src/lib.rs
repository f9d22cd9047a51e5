//! A page with no component of the widget's own: a textarea and a counter.
//! With the `core` feature, each keystroke also runs what the widget asks of
//! the core (classify, rank, questions, summary, meanings, search, links),
//! so the build keeps all of that code and the compiled-in catalog.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[function_component]
fn Floor() -> Html {
    let out = use_state(String::new);
    let oninput = {
        let out = out.clone();
        Callback::from(move |e: InputEvent| {
            let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
            out.set(run(&t.value()));
        })
    };
    html! { <div><textarea {oninput} /><pre>{ (*out).clone() }</pre></div> }
}

#[cfg(not(feature = "core"))]
fn run(text: &str) -> String {
    text.len().to_string()
}

#[cfg(feature = "core")]
fn run(text: &str) -> String {
    use smtp_triage_core::*;
    let c = classify(text);
    let mut out = String::new();
    let a = Answers::default();
    for f in &c.findings {
        for m in &f.entries {
            let r = rank(m.entry, &a);
            out.push_str(&summary_markdown(&r, &a, Some(f), true));
            out.push_str(&questions(m.entry).len().to_string());
            out.push_str(&to_fragment(m.entry, &a));
        }
        if let Some(c) = f.reply_code {
            out.push_str(&explain_reply(c));
        }
        if let Some(e) = f.enhanced {
            out.push_str(&explain_enhanced(e, &finding_providers(f)));
        }
    }
    for e in search(text) {
        out.push_str(&e.title);
    }
    if let Ok((e, a)) = from_fragment(text) {
        out.push_str(&to_fragment(e, &a));
    }
    out
}

#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<Floor>::new().render();
}
