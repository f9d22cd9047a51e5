// smtp-triage as an ES module for any page:
//
//   <script type="module" src="/any/path/smtp-triage.js"></script>
//   <smtp-triage></smtp-triage>
//
// Defines the <smtp-triage> element and exports mount(element, options).
// Every file is found relative to this module's own URL, the WebAssembly is
// fetched and instantiated once per page however many instances there are,
// and nothing else is ever requested.
import init, { mount as mountWasm } from "./smtp-triage-web.js";

const here = new URL(".", import.meta.url);
const STYLE = new URL("style.css", here).href;
const KEYS = ["error", "entry", "role", "mta", "mta-version", "theme", "history", "font"];

let ready = null;
function load() {
    ready ??= init({ module_or_path: new URL("smtp-triage-web_bg.wasm", here) });
    return ready;
}

/// Renders an instance inside `element`, in its own open shadow root.
/// Options: error, entry, role, mta, mtaVersion, theme, history, font.
/// Returns { update(options), unmount() }.
export async function mount(element, options = {}) {
    await load();
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: "open" });
    shadow.replaceChildren();
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLE;
    const root = document.createElement("div");
    root.className = "smtp-triage-root";
    shadow.append(link, root);
    return mountWasm(root, element, options);
}

/// The standalone page: rendered into the page itself.
export async function mountInPage(element, options = {}) {
    await load();
    return mountWasm(element, element, options);
}

function attributes(el) {
    const o = {};
    for (const k of KEYS) {
        const v = el.getAttribute(k);
        if (v !== null) o[k] = v;
    }
    return o;
}

class SmtpTriageElement extends HTMLElement {
    static get observedAttributes() {
        return KEYS;
    }

    connectedCallback() {
        if (this._starting) return;
        this._starting = mount(this, attributes(this)).then(
            (instance) => {
                this._instance = instance;
                if (this._changed) instance.update(attributes(this));
            },
            (e) => console.error("smtp-triage: could not start:", e),
        );
    }

    attributeChangedCallback() {
        if (this._instance) this._instance.update(attributes(this));
        else this._changed = true;
    }
}

if (!customElements.get("smtp-triage")) {
    customElements.define("smtp-triage", SmtpTriageElement);
}
