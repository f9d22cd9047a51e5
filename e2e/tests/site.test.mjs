// The support site written by the build (crates/site, Trunk's post_build
// hook): crawled from index.html with JavaScript off, an entry's page
// turning into the triage with JavaScript on (strict CSP, from a subpath),
// axe-core in both modes, the not-found page, and the base URL option.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve } from "../server.mjs";
import { launch } from "../browser.mjs";
import { dist, here, watchedPage, shoot } from "../helpers.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";
const SEED = "communication/smtp-421-service-not-available";
const SEED_TITLE = "421 4.7.0 Service not available, closing transmission channel";
const repo = path.resolve(here, "..");

// `smtp-triage list`: ID <TAB> title, one curated entry per line.
const LIST = execFileSync("cargo", ["run", "-q", "--offline", "-p", "smtp-triage-cli", "--", "list"], { cwd: repo, encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.split("\t"));

const AXE = fs.readFileSync(path.resolve(here, "node_modules/axe-core/axe.min.js"), "utf8");

/// axe-core's violations (the rules of helpers.mjs), loaded through the
/// debugging protocol: the pages' CSP allows no injected script tag, and
/// with JavaScript off the page runs none. With JavaScript off no timer
/// fires either, so axe's are run as microtasks there.
async function axe(page, { scriptingOff = false } = {}) {
    await page.evaluate(AXE);
    return page.evaluate(async (off) => {
        if (off) {
            window.setTimeout = (f, _ms, ...args) => {
                Promise.resolve().then(() => f(...args));
                return 0;
            };
            window.clearTimeout = () => {};
        }
        const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
        return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    }, scriptingOff);
}
const OFF = { scriptingOff: true };

/// With JavaScript off, Chromium declines to fetch scripts (index.html's
/// module preloads) and reports them as blocked: nothing reached the network.
const declined = (p) => !/^request failed: \S+\.js csp$/.test(p);

let srv;
let noJs;
let js;
before(async () => {
    srv = await serve({ root: dist, prefix: "/docs/smtp/", csp: CSP, notFound: "404.html" });
    noJs = await launch({ javaScriptEnabled: false });
    js = await launch();
});
after(async () => {
    await noJs?.close();
    await js?.close();
    await srv?.close();
});

/// What a page offers to a reader without JavaScript, and what it must not contain.
async function readPage(page) {
    return page.evaluate(() => ({
        title: document.title,
        h1: [...document.querySelectorAll("h1")].map((h) => h.textContent),
        h2: [...document.querySelectorAll("h2")].map((h) => h.textContent),
        text: document.body.innerText,
        links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
        styled: document.querySelectorAll("[style]").length,
        inlineScripts: [...document.querySelectorAll("script:not([src])")].filter((s) => s.type !== "application/json").length,
        transformed: [...document.querySelectorAll("body *")].filter((e) => getComputedStyle(e).textTransform !== "none").length,
    }));
}

test("with JavaScript off, every entry of `smtp-triage list` is at most two links from index.html, with a complete page", async () => {
    const { page, problems } = await watchedPage(noJs.context, srv.url);
    const depth = new Map([[srv.url + "index.html", 0]]);
    const queue = [srv.url + "index.html"];
    const pages = new Map();
    while (queue.length) {
        const url = queue.shift();
        const res = await page.goto(url);
        assert.equal(res.status(), 200, url);
        const p = await readPage(page);
        pages.set(url, p);
        assert.equal(p.styled, 0, `style attribute on ${url}`);
        assert.equal(p.inlineScripts, 0, `inline script on ${url}`);
        assert.equal(p.transformed, 0, `text-transform on ${url}`);
        for (const l of p.links) {
            const u = l.split("#")[0];
            if (u.startsWith(srv.url) && u.endsWith(".html") && !depth.has(u)) {
                depth.set(u, depth.get(url) + 1);
                queue.push(u);
            }
        }
    }
    assert.deepEqual(problems.filter(declined), []);
    let complete = 0;
    for (const [id, title] of LIST) {
        const url = `${srv.url}entry/${id}.html`;
        assert.ok(depth.get(url) <= 2, `${id}: ${depth.has(url) ? depth.get(url) + " links" : "not reachable"} from index.html`);
        const p = pages.get(url);
        assert.ok(p.title.startsWith(title), `${id}: title ${p.title}`);
        assert.deepEqual(p.h1, [title], id);
        assert.ok(p.text.includes(`ID: ${id}`), `${id}: ID`);
        assert.match(p.text, /(Temporary|Permanent) failure \([45]xx\)/, `${id}: headline`);
        const sections = p.h2.filter((h) => ["Root cause", "Corrections", "Where this error occurs", "Symptoms", "Workarounds", "Dead ends", "Sources"].includes(h));
        const expected = ["Root cause", ...(sections.includes("Corrections") ? ["Corrections"] : []), "Where this error occurs", "Symptoms", "Workarounds", "Dead ends", "Sources"];
        assert.deepEqual(sections, expected, `${id}: sections`);
        assert.match(p.text, /\d+% success \(catalog estimate\)|\d+% of \d+ reports? \(\d+–\d+%\)/, `${id}: workaround rates`);
        assert.match(p.text, /\d+% fail/, `${id}: dead-end rates`);
        assert.match(p.text, /Reviewed \d{4}-\d\d-\d\d\./, `${id}: reviewed`);
        assert.ok(p.links.some((l) => /\/code\/\d{3}\.html$/.test(l)), `${id}: code link`);
        assert.ok(p.links.some((l) => /\/reason\/[a-z]+\.html$/.test(l)) || p.text.includes("reason: not assigned yet"), `${id}: reason`);
        complete++;
    }
    console.log(`  crawled ${pages.size} pages from index.html with JavaScript off; ${complete} of ${LIST.length} entries complete, deepest ${Math.max(...LIST.map(([id]) => depth.get(`${srv.url}entry/${id}.html`)))} links from index.html`);
    await page.close();
});

test("with JavaScript off: axe finds nothing on index.html and an entry page; screenshots", async () => {
    const { page, problems } = await watchedPage(noJs.context, srv.url);
    await page.goto(srv.url + "index.html");
    assert.deepEqual(await axe(page, OFF), []);
    for (const w of [1280, 375]) assert.equal(await shoot(page, "site-index-nojs", w), 0);
    await page.goto(`${srv.url}entry/${SEED}.html`);
    assert.deepEqual(await axe(page, OFF), []);
    for (const w of [1280, 375]) assert.equal(await shoot(page, "site-entry-nojs", w), 0);
    await page.emulateMedia({ media: "print" });
    await shoot(page, "site-entry-print", 800);
    await page.emulateMedia({ media: "screen" });
    await page.goto(srv.url + "catalog/codes.html");
    assert.deepEqual(await axe(page, OFF), []);
    await shoot(page, "site-by-code", 1280);
    assert.deepEqual(problems.filter(declined), []);
    await page.close();
});

test("with JavaScript on, an entry's page under the strict CSP from a subpath becomes the triage of that entry, with no flash", async () => {
    const { page, problems } = await watchedPage(js.context, srv.url);
    // What the reader sees when the page first renders, before the widget runs.
    await page.addInitScript(() => {
        document.addEventListener("DOMContentLoaded", () => {
            const a = document.querySelector(".entry-static");
            window.__firstVisibility = a && getComputedStyle(a).visibility;
        });
    });
    await page.goto(`${srv.url}entry/${SEED}.html`);
    await page.locator("html.triage-on").waitFor({ state: "attached" });
    assert.equal(await page.evaluate(() => window.__firstVisibility), "hidden");
    assert.equal(await page.locator(".entry-static").isVisible(), false);
    assert.deepEqual(await page.locator("h1").allTextContents(), [SEED_TITLE]);
    const roles = page.getByRole("group", { name: "Your role" }).getByRole("radio");
    assert.equal(await roles.count(), 4);
    const results = page.getByRole("region", { name: "Workarounds" });
    await results.waitFor();
    await page.getByRole("radio", { name: "Receiving-server admin" }).check();
    await page.getByRole("group", { name: /too many connections/ }).getByRole("radio", { name: "Yes" }).check();
    await results.getByRole("listitem").first().getByText("+ you can do this yourself as the receiving-server admin").waitFor();
    assert.deepEqual(await axe(page), []);
    for (const w of [1280, 375]) assert.equal(await shoot(page, "site-entry-js", w), 0);
    await page.goto(srv.url + "index.html");
    await page.getByRole("button", { name: "Triage" }).waitFor();
    assert.deepEqual(await axe(page), []);
    await shoot(page, "site-index-js", 1280);
    assert.deepEqual(problems, []);
    await page.close();
});

test("an unknown URL gets the site's not-found page; with SITE_URL it works at any depth, with canonical links and a sitemap", async () => {
    const { page, problems } = await watchedPage(noJs.context, srv.url);
    const res = await page.goto(srv.url + "no-such-page.html");
    assert.equal(res.status(), 404);
    assert.deepEqual(await page.locator("h1").allTextContents(), ["Page not found"]);
    await page.getByRole("link", { name: "paste it into the triage" }).click();
    assert.equal(page.url(), srv.url + "index.html");
    assert.deepEqual(problems.filter(declined), [`HTTP 404: ${srv.url}no-such-page.html`, "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"]);
    await page.close();

    // The same build published with a base URL: the generator run again over a copy.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "smtp-triage-site-"));
    fs.cpSync(dist, root, { recursive: true });
    const based = await serve({ root, prefix: "/support/smtp/", csp: CSP, notFound: "404.html" });
    try {
        execFileSync("cargo", ["run", "-q", "--offline", "-p", "smtp-triage-site", "--", root], { cwd: repo, env: { ...process.env, SITE_URL: based.url } });
        const { page, problems } = await watchedPage(noJs.context, based.url);
        const missing = `${based.url}entry/communication/no-such-error.html`;
        const res = await page.goto(missing);
        assert.equal(res.status(), 404);
        assert.deepEqual(await axe(page, OFF), []);
        await shoot(page, "site-404", 1280);
        await page.getByRole("link", { name: "the errors by reply code" }).click();
        assert.equal(page.url(), based.url + "catalog/codes.html");
        await page.goto(`${based.url}entry/${SEED}.html`);
        assert.equal(await page.locator("link[rel=canonical]").getAttribute("href"), `${based.url}entry/${SEED}.html`);
        const sitemap = fs.readFileSync(path.join(root, "sitemap.xml"), "utf8");
        for (const [id] of LIST) assert.ok(sitemap.includes(`<loc>${based.url}entry/${id}.html</loc>`), id);
        assert.deepEqual(problems.filter(declined), [`HTTP 404: ${missing}`, "console error: Failed to load resource: the server responded with a status of 404 (Not Found)"]);
        await page.close();
    } finally {
        await based.close();
        fs.rmSync(root, { recursive: true, force: true });
    }
});
