// Time from navigation to an entry page of the site being the interactive
// triage (the role radios in the page, the static article put away), in
// headless Chromium, median of 10 fresh loads. `node tti-site.mjs [DIR]`.
import path from "node:path";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { dist } from "./helpers.mjs";

const root = process.argv[2] ? path.resolve(process.argv[2]) : dist;
const page_ = process.argv[3] ?? "entry/communication/smtp-421-service-not-available.html";
const srv = await serve({ root });
const browser = await launch();
const times = [];
for (let i = 0; i < 10; i++) {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
        new MutationObserver((_, obs) => {
            if (document.querySelector("input[type=radio][name=role]")) {
                window.__interactive = performance.now();
                obs.disconnect();
            }
        }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(srv.url + page_);
    await page.waitForFunction(() => window.__interactive !== undefined);
    times.push(await page.evaluate(() => window.__interactive));
    await page.close();
}
times.sort((a, b) => a - b);
console.log(`  ${page_}: median ${times[5].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[9].toFixed(0)}) over 10 loads from 127.0.0.1`);
await browser.close();
await srv.close();
