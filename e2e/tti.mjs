// Time from navigation to the page being interactive, in headless Chromium,
// median of 10 fresh loads:
//   node tti.mjs                the widget's start screen: the "Triage" button is in the page
//                               (the app has rendered after the wasm was instantiated);
//   node tti.mjs site [PAGE]    an entry page of the support site being the triage: the role
//                               radios in the page (the static article put away).
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { dist } from "./helpers.mjs";

const site = process.argv[2] === "site";
const target = site ? process.argv[3] ?? "entry/communication/smtp-421-service-not-available.html" : "";
const srv = await serve({ root: dist });
const browser = await launch();
const times = [];
for (let i = 0; i < 10; i++) {
    const page = await browser.context.newPage();
    await page.addInitScript((site) => {
        const ready = () =>
            site
                ? document.querySelector("input[type=radio][name=role]")
                : [...document.querySelectorAll("button")].find((x) => x.textContent === "Triage");
        new MutationObserver((_, obs) => {
            if (ready()) {
                window.__interactive = performance.now();
                obs.disconnect();
            }
        }).observe(document, { childList: true, subtree: true });
    }, site);
    await page.goto(srv.url + target);
    await page.waitForFunction(() => window.__interactive !== undefined);
    times.push(await page.evaluate(() => window.__interactive));
    await page.close();
}
times.sort((a, b) => a - b);
const what = site ? `${target}: ` : "";
console.log(`  ${what}median ${times[5].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[9].toFixed(0)}) over 10 loads from 127.0.0.1`);
await browser.close();
await srv.close();
