// Time from navigation to the start screen being interactive: the moment
// the "Triage" button is in the page (the app has rendered after the wasm
// was instantiated), in headless Chromium, median of 10 fresh loads.
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { dist } from "./helpers.mjs";

const srv = await serve({ root: dist });
const browser = await launch();
const times = [];
for (let i = 0; i < 10; i++) {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
        new MutationObserver((_, obs) => {
            const b = [...document.querySelectorAll("button")].find((x) => x.textContent === "Triage");
            if (b) {
                window.__interactive = performance.now();
                obs.disconnect();
            }
        }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(srv.url);
    await page.waitForFunction(() => window.__interactive !== undefined);
    times.push(await page.evaluate(() => window.__interactive));
    await page.close();
}
times.sort((a, b) => a - b);
console.log(`  median ${times[5].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[9].toFixed(0)}) over 10 loads from 127.0.0.1`);
await browser.close();
await srv.close();
