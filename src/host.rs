//! What the widget does with the page around it: the URL fragment (when the
//! host asks for it), events for the host, the clipboard and the console.
//! Nothing here talks to the network.

use gloo::events::EventListener;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// The element events are dispatched from (the `<smtp-triage>` element or
/// the standalone page's root); they bubble and cross the shadow root.
#[derive(Clone, PartialEq)]
pub struct Host {
    pub element: Element,
}

impl Host {
    pub fn emit(&self, name: &str, detail: &JsValue) {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.element.dispatch_event(&event);
        }
    }
}

/// Now, as RFC 3339 in UTC to the second: `2026-12-01T09:30:00Z`.
pub fn utc_now() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    // `toISOString` gives milliseconds, which a report does not need.
    match iso.get(..19) {
        Some(seconds) if iso.ends_with('Z') => format!("{seconds}Z"),
        _ => iso,
    }
}

/// A JS object from key / value pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

pub fn strings(items: impl IntoIterator<Item = impl AsRef<str>>) -> JsValue {
    items.into_iter().map(|s| JsValue::from_str(s.as_ref())).collect::<js_sys::Array>().into()
}

pub fn warn(message: &str) {
    gloo::console::warn!(format!("smtp-triage: {message}"));
}

/// The current fragment, without `#`.
pub fn read_fragment() -> String {
    gloo::utils::window().location().hash().unwrap_or_default().trim_start_matches('#').to_string()
}

/// Sets the fragment: a new history entry (`push`) or in place.
pub fn write_fragment(fragment: &str, push: bool) {
    let w = gloo::utils::window();
    if read_fragment() == fragment {
        return;
    }
    let Ok(history) = w.history() else { return };
    // An empty fragment keeps the page's path and query, without `#`.
    let url = if fragment.is_empty() {
        let l = w.location();
        format!("{}{}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default())
    } else {
        format!("#{fragment}")
    };
    let _ = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// Calls `f` with the fragment whenever the browser changes it (Back,
/// Forward, a link). Dropping the listener removes it.
pub fn on_fragment_change(f: impl Fn(String) + 'static) -> Option<Listener> {
    let w = gloo::utils::window();
    let f = std::rc::Rc::new(f);
    let on = |kind: &'static str| {
        let f = f.clone();
        EventListener::new(&w, kind, move |_| f(read_fragment()))
    };
    Some(Listener([on("popstate"), on("hashchange")]))
}

pub struct Listener(#[allow(dead_code)] [EventListener; 2]);

/// Copies `text`; `done(true)` when the browser accepted it.
pub fn copy(text: String, done: impl FnOnce(bool) + 'static) {
    let w = gloo::utils::window();
    let promise = w.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}
