// The standalone page: one instance, rendered into the page itself (no
// shadow root), with its state in the URL fragment.
import { mountInPage } from "./smtp-triage.js";

const root = document.getElementById("smtp-triage-app");
mountInPage(root, { history: "fragment" }).catch((e) => {
    root.textContent = "The tool could not start: " + e;
});
