// An entry's page with JavaScript on: the widget mounted in the page on
// that entry (the same questions and ranking as the widget). The static
// article stays for printing; the page's CSS hides it while this runs.
//
// Mounted rather than hydrated (Yew ssr + hydration), measured: hydration
// added 8.1 KB gzip to every widget load and made the generator compile
// the widget natively (cold build 109 s against 35 s), for the same time
// to interactive (about 130 ms either way), and it would force the
// widget's entry screen to be this page's markup.
import { mountInPage } from "../smtp-triage.js";

const main = document.querySelector("main[data-entry]");
const slot = document.getElementById("triage");
if (main && slot) {
    const root = document.documentElement;
    // Shown once the entry's screen is rendered, not the start screen before it.
    const shown = new MutationObserver(() => {
        if (slot.querySelector(".entry")) {
            root.classList.add("triage-on");
            shown.disconnect();
        }
    });
    shown.observe(slot, { childList: true, subtree: true });
    // The page's header names this entry; if the reader moves on to another
    // one inside the triage, the widget's own title comes back.
    slot.addEventListener("smtp-triage:result", (e) => {
        root.classList.toggle("triage-elsewhere", e.detail.entry !== main.dataset.entry);
    });
    mountInPage(slot, { entry: main.dataset.entry }).catch((e) => {
        shown.disconnect();
        root.classList.add("triage-failed");
        console.error("smtp-triage: the triage could not start:", e);
    });
}
