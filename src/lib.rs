//! smtp-triage in the browser: a Yew app over the core. `mount` renders an
//! instance into an element; `smtp-triage.js` uses it for the standalone
//! page (in the page itself) and for the `<smtp-triage>` element (in a
//! shadow root). The app never makes a network request.

mod components;
mod host;
mod options;
mod state;
mod text;

pub use components::app::{App, AppProps};
pub use options::{Font, HistoryMode, Options, Theme};
pub use state::{Action, Screen, State, MAX_PASTE};

use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::AppHandle;

/// A mounted instance, for the host page's JavaScript.
#[wasm_bindgen]
pub struct Instance {
    handle: Option<AppHandle<App>>,
    host: Element,
    /// Warnings already given: each bad value is reported once.
    warned: Vec<String>,
}

/// Renders an instance into `root`. `host` is the element events are
/// dispatched from (the custom element, or `root` itself); `options` is an
/// object of the documented keys. Bad values are reported on the console
/// and ignored.
#[wasm_bindgen]
pub fn mount(root: Element, host: Element, options: JsValue) -> Instance {
    let mut warned = Vec::new();
    let options = read_options(&options, &mut warned);
    let handle = yew::Renderer::<App>::with_root_and_props(root, AppProps { options, host: host.clone() }).render();
    Instance { handle: Some(handle), host, warned }
}

#[wasm_bindgen]
impl Instance {
    /// Applies changed options (an attribute changed after mount).
    pub fn update(&mut self, options: JsValue) {
        let options = read_options(&options, &mut self.warned);
        if let Some(h) = self.handle.as_mut() {
            h.update(AppProps { options, host: self.host.clone() });
        }
    }

    /// Removes the instance from the page.
    pub fn unmount(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
    }
}

fn read_options(js: &JsValue, warned: &mut Vec<String>) -> Options {
    Options::from_js(js, &mut |w| {
        if !warned.contains(&w) {
            host::warn(&w);
            warned.push(w);
        }
    })
}

/// The option keys the element observes as attributes.
#[wasm_bindgen(js_name = optionKeys)]
pub fn option_keys() -> Vec<String> {
    options::KEYS.iter().map(|k| k.to_string()).collect()
}
