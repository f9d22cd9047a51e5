// The <smtp-triage> element on a docs page with hostile CSS, served from a
// subpath under a strict Content-Security-Policy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { serve } from "../server.mjs";
import { launch } from "../browser.mjs";
import { dist, watchedPage, here } from "../helpers.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";
const PREFIX = "/docs/tools/triage/";
const SEED = "communication/smtp-421-service-not-available";

let srv;
let browser;
before(async () => {
    srv = await serve({ root: dist, prefix: PREFIX, csp: CSP });
    browser = await launch();
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(srv.url).origin });
});
after(async () => {
    await browser?.close();
    await srv?.close();
});

/// A page that records CSP violations and the widget's events on `document`.
async function demoPage() {
    const w = await watchedPage(browser.context, new URL(srv.url).origin);
    const warnings = [];
    w.page.on("console", (m) => {
        if (m.type() === "warning") warnings.push(m.text());
        if (/Content.Security.Policy/i.test(m.text())) w.problems.push(`CSP: ${m.text()}`);
    });
    await w.page.addInitScript(() => {
        window.__violations = [];
        window.__events = [];
        document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        for (const name of ["smtp-triage:result", "smtp-triage:feedback", "smtp-triage:copy"]) {
            document.addEventListener(name, (e) => window.__events.push({ name, target: e.target.id, detail: JSON.parse(JSON.stringify(e.detail)) }));
        }
    });
    return { ...w, warnings };
}

test("two instances under a strict CSP from a subpath: isolated both ways, one wasm fetch, events", async () => {
    const before = srv.requests.length;
    const { page, problems, warnings } = await demoPage();
    await page.goto(srv.url + "embed-demo.html");
    const any = page.locator("#triage-any");
    const relay = page.locator("#triage-relay");

    // The preset instance shows its ranking at once; the other waits for a paste.
    await relay.getByRole("heading", { name: "Workarounds" }).waitFor();
    await relay.getByRole("heading", { name: /Relay access denied/ }).first().waitFor();
    await any.getByRole("button", { name: "Triage" }).waitFor();
    assert.equal(await relay.getByLabel("MTA").inputValue(), "postfix");

    // Each keeps its own state.
    await any.getByLabel(/Paste the error/).fill("421 4.7.0 Service not available, closing transmission channel");
    await any.getByRole("button", { name: "Triage" }).click();
    await any.getByText("Temporary failure (4xx)").waitFor();
    await relay.getByRole("heading", { name: "Workarounds" }).waitFor();
    assert.equal(await relay.getByText("Temporary failure (4xx)").count(), 0);

    // The host's hostile CSS changes nothing inside...
    const inside = await relay.getByRole("button", { name: "Copy summary" }).evaluate((b) => {
        const s = getComputedStyle(b);
        const root = b.closest(".smtp-triage");
        return { display: s.display, font: getComputedStyle(root).fontFamily, lineHeight: getComputedStyle(root).lineHeight };
    });
    assert.notEqual(inside.display, "none");
    assert.match(inside.font, /^system-ui/);
    assert.equal(inside.lineHeight, "24px");
    // ...and the widget's CSS changes nothing outside: the host's elements
    // compute the same as on the page without the widget.
    const hostStyles = (p) =>
        p.evaluate(() =>
            ["body", "h1", "h2", ".doc p", ".after button"].map((sel) => {
                const s = getComputedStyle(document.querySelector(sel));
                return [sel, s.fontFamily, s.fontSize, s.color, s.display, s.margin, s.lineHeight].join("|");
            }),
        );
    const withWidget = await hostStyles(page);
    const bare = await browser.context.newPage();
    await bare.route("**/smtp-triage.js", (r) => r.abort());
    await bare.goto(srv.url + "embed-demo.html");
    assert.deepEqual(withWidget, await hostStyles(bare));
    await bare.close();

    // One fetch of the wasm for two instances, no CSP violation, no failed or foreign request.
    const wasm = srv.requests.slice(before).filter((p) => p.endsWith(".wasm"));
    assert.equal(wasm.length, 1, wasm.join(", "));
    assert.deepEqual(await page.evaluate(() => window.__violations), []);

    // Events reach the host: a result for the preset instance at once, then feedback and copy.
    const first = relay.getByRole("region", { name: "Workarounds" }).getByRole("listitem").first();
    const topTitle = await first.getByRole("heading").textContent();
    await first.getByRole("button", { name: "Yes" }).click();
    await relay.getByRole("button", { name: "Copy summary" }).click();
    await relay.getByText("Copied.").waitFor();
    const events = await page.evaluate(() => window.__events);
    const result = events.find((e) => e.name === "smtp-triage:result" && e.target === "triage-relay");
    assert.ok(result, JSON.stringify(events));
    assert.equal(result.detail.entry, "communication/smtp-554-relay-access-denied");
    assert.equal(result.detail.answers.mta, "postfix");
    assert.equal(result.detail.topWorkaround.title, topTitle);
    assert.ok(result.detail.deadEnds.length >= 1 && "flagged" in result.detail.deadEnds[0]);
    const feedback = events.find((e) => e.name === "smtp-triage:feedback");
    // A report as `smtp-triage rates` reads it: the answers at the time, and when (UTC, to the second).
    const at = feedback?.detail.at;
    assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Date.parse(at) - Date.now()) < 120_000, at);
    assert.deepEqual(feedback, {
        name: "smtp-triage:feedback",
        target: "triage-relay",
        detail: {
            entry: "communication/smtp-554-relay-access-denied",
            workaround: result.detail.topWorkaround.id,
            worked: true,
            role: null,
            mta: "postfix",
            version: null,
            at,
        },
    });
    assert.deepEqual(events.find((e) => e.name === "smtp-triage:copy"), {
        name: "smtp-triage:copy",
        target: "triage-relay",
        detail: { entry: "communication/smtp-554-relay-access-denied" },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(warnings, []);
    await page.close();
});

test("attribute changes after mount take effect; a garbage value is reported and ignored", async () => {
    const { page, problems, warnings } = await demoPage();
    await page.goto(srv.url + "embed-demo.html");
    const any = page.locator("#triage-any");
    await any.getByRole("button", { name: "Triage" }).waitFor();
    await page.evaluate((seed) => document.querySelector("#triage-any").setAttribute("entry", seed), SEED);
    await any.getByRole("heading", { name: "421 4.7.0 Service not available, closing transmission channel" }).waitFor();
    await page.evaluate(() => document.querySelector("#triage-any").setAttribute("role", "receiving-admin"));
    assert.equal(await any.getByRole("radio", { name: "Receiving-server admin" }).isChecked(), true);
    await page.evaluate(() => document.querySelector("#triage-any").setAttribute("theme", "dark"));
    assert.equal(await any.locator(".smtp-triage").getAttribute("data-theme"), "dark");

    // font="inherit" takes the host's font family and size (here the page's hostile serif).
    const font = (sel) =>
        page.evaluate((sel) => {
            const host = document.querySelector(sel);
            const root = getComputedStyle(host.shadowRoot.querySelector(".smtp-triage"));
            return { root: [root.fontFamily, root.fontSize], host: [getComputedStyle(host).fontFamily, getComputedStyle(host).fontSize] };
        }, sel);
    await page.evaluate(() => document.querySelector("#triage-any").setAttribute("font", "inherit"));
    await any.locator('.smtp-triage[data-font="inherit"]').waitFor();
    let f = await font("#triage-any");
    assert.deepEqual(f.root, f.host);
    assert.equal(f.root[0], "serif");
    await page.evaluate(() => document.querySelector("#triage-any").setAttribute("font", "huge"));
    await any.locator('.smtp-triage[data-font="widget"]').waitFor();
    assert.deepEqual((await font("#triage-any")).root, ["system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif", "16px"]);
    // The same as a mount option.
    await page.evaluate(async () => {
        const { mount } = await import("./smtp-triage.js");
        const el = document.createElement("div");
        el.id = "mounted";
        document.querySelector(".after").before(el);
        await mount(el, { font: "inherit" });
    });
    await page.locator("#mounted").getByRole("button", { name: "Triage" }).waitFor();
    f = await font("#mounted");
    assert.deepEqual(f.root, f.host);

    await page.evaluate(() => document.querySelector("#triage-any").setAttribute("theme", "purple"));
    await page.evaluate(() => document.querySelector("#triage-any").setAttribute("history", "<script>"));
    await any.getByRole("heading", { name: "Workarounds" }).waitFor();
    assert.equal(await page.locator("h1").textContent(), "Runbook: outbound mail errors");
    assert.ok(warnings.some((w) => w.includes("theme 'purple'")), warnings.join("\n"));
    assert.ok(warnings.some((w) => w.includes("history '<script>'")), warnings.join("\n"));
    assert.deepEqual(warnings.filter((w) => w.includes("font")), ["smtp-triage: font 'huge' is not widget or inherit; ignored"]);
    // Reported once, however many changes follow.
    await page.evaluate(() => document.querySelector("#triage-any").setAttribute("role", "sender"));
    await any.getByRole("radio", { name: "Sender" }).waitFor();
    assert.equal(warnings.filter((w) => w.includes("theme 'purple'")).length, 1, warnings.join("\n"));
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(problems, []);
    await page.close();
});

test("the standalone page from a subpath, with a fragment link, restores the triage", async () => {
    const { page, problems } = await demoPage();
    await page.goto(`${srv.url}#entry=${SEED}&role=sender`);
    await page.getByRole("heading", { name: "Workarounds" }).waitFor();
    assert.equal(await page.getByRole("radio", { name: "Sender" }).isChecked(), true);
    const first = page.getByRole("region", { name: "Workarounds" }).getByRole("listitem").first();
    assert.match(await first.getByRole("heading").textContent(), /^Retry as mail servers do: at least 30 minutes apart/);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(problems, []);
    await page.close();
});

test("the README snippet, in a fresh HTML file beside a copy of the build, works as written", async () => {
    const readme = fs.readFileSync(path.resolve(here, "..", "README.md"), "utf8");
    const snippet = readme.match(/```html\n([\s\S]*?)```/)[1];
    assert.match(snippet, /<smtp-triage><\/smtp-triage>/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "smtp-triage-snippet-"));
    const sub = path.join(dir, "any", "path");
    fs.mkdirSync(sub, { recursive: true });
    fs.cpSync(dist, sub, { recursive: true });
    fs.writeFileSync(path.join(dir, "page.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Snippet</title><link rel="icon" href="data:,"></head><body>\n${snippet}</body></html>\n`);
    const s2 = await serve({ root: dir, csp: CSP });
    const { page, problems } = await watchedPage(browser.context, new URL(s2.url).origin);
    await page.goto(s2.url + "page.html");
    await page.getByRole("button", { name: "Triage" }).waitFor();
    await page.getByLabel(/Paste the error/).fill("550 5.7.1 Relay access denied");
    await page.getByRole("button", { name: "Triage" }).click();
    await page.getByText("Permanent failure (5xx)").first().waitFor();
    assert.deepEqual(problems, []);
    await page.close();
    await s2.close();
    fs.rmSync(dir, { recursive: true, force: true });
});

test("collecting answers as the README says: one beacon per answer, and smtp-triage rates reads what was kept", async () => {
    // The README's snippet, exactly, served as the host's own module under the same strict policy.
    const readme = fs.readFileSync(path.resolve(here, "..", "README.md"), "utf8");
    const snippet = readme.match(/```js\n(\/\/ triage-feedback\.js[\s\S]*?)```/)[1];
    const article = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mail errors</title><link rel="icon" href="data:,">
<script type="module" src="${PREFIX}smtp-triage.js"></script><script type="module" src="/js/triage-feedback.js"></script></head>
<body><main><h1>Mail errors</h1><smtp-triage entry="${SEED}" role="sending-admin" mta="postfix" mta-version="3.8.0"></smtp-triage></main></body></html>`;
    const host = await serve({
        root: dist,
        prefix: PREFIX,
        csp: CSP,
        extra: {
            "/docs/article.html": ["text/html; charset=utf-8", article],
            "/js/triage-feedback.js": ["text/javascript; charset=utf-8", snippet],
            "/api/triage-feedback": ["text/plain", ""],
        },
    });
    const { page, problems } = await watchedPage(browser.context, new URL(host.url).origin);
    const beacons = [];
    page.on("request", (r) => {
        if (r.url().endsWith("/api/triage-feedback")) beacons.push({ method: r.method(), type: r.headers()["content-type"], body: r.postData() });
    });
    await page.goto(new URL("/docs/article.html", host.url).href);
    const widget = page.locator("smtp-triage");
    const items = widget.locator("li.workaround");
    await items.first().waitFor();
    await items.nth(0).getByRole("button", { name: "Yes" }).click();
    await items.nth(1).getByRole("button", { name: "No" }).click();
    for (let i = 0; i < 50 && beacons.length < 2; i++) await page.waitForTimeout(100);
    assert.equal(beacons.length, 2, JSON.stringify(beacons));
    assert.deepEqual(beacons.map((b) => [b.method, b.type]), [["POST", "text/plain;charset=UTF-8"], ["POST", "text/plain;charset=UTF-8"]]);
    const reports = beacons.map((b) => JSON.parse(b.body));
    assert.deepEqual(reports.map((r) => [r.entry, r.worked, r.role, r.mta, r.version]), [
        [SEED, true, "sending-admin", "postfix", "3.8.0"],
        [SEED, false, "sending-admin", "postfix", "3.8.0"],
    ]);
    assert.deepEqual(problems, []);
    await page.close();
    await host.close();

    // Kept one body a line, the bodies are a reports file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "smtp-triage-reports-"));
    const file = path.join(dir, "reports.jsonl");
    fs.writeFileSync(file, beacons.map((b) => b.body + "\n").join(""));
    const out = execFileSync("cargo", ["run", "-q", "-p", "smtp-triage-cli", "--", "rates", file, "--json"], { cwd: path.resolve(here, ".."), encoding: "utf8" });
    const rows = out.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(rows.length, 2, out);
    for (const r of reports) {
        const row = rows.find((x) => x.workaround === r.workaround);
        assert.deepEqual([row.entry, row.reports, row.worked, row.written], [SEED, 1, r.worked ? 1 : 0, false], out);
    }
    fs.rmSync(dir, { recursive: true, force: true });
});
