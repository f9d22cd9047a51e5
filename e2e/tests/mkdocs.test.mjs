// The <smtp-triage> element in a small MkDocs Material site (e2e/mkdocs/),
// added as the README says: the build copied into docs/, the module listed
// in `extra_javascript`. The site is built offline by the mkdocs-material
// that scripts/setup.sh installs into e2e/.venv; without it this fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve } from "../server.mjs";
import { launch } from "../browser.mjs";
import { dist, here, watchedPage, shoot, axe } from "../helpers.mjs";

const MKDOCS = path.resolve(here, ".venv", "bin", "mkdocs");
const SEED_LINE = "421 4.7.0 Service not available, closing transmission channel";

let dir;
let srv;
let browser;
before(async () => {
    if (!fs.existsSync(MKDOCS)) {
        throw new Error(`mkdocs is missing at ${MKDOCS}: run scripts/setup.sh test, which installs mkdocs-material into e2e/.venv`);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "smtp-triage-mkdocs-"));
    fs.cpSync(path.resolve(here, "mkdocs"), dir, { recursive: true });
    fs.cpSync(dist, path.join(dir, "docs", "tools", "triage"), { recursive: true });
    // Served under the path of the site's site_url, as a docs host would.
    srv = await serve({ root: path.join(dir, "site"), prefix: "/mail/" });
    execFileSync(MKDOCS, ["build", "--strict", "--site-dir", path.join(dir, "site")], {
        cwd: dir,
        env: { ...process.env, SITE_URL: srv.url, NO_MKDOCS_2_WARNING: "1" },
        stdio: "pipe",
        timeout: 120_000,
    });
    browser = await launch();
});
after(async () => {
    await browser?.close();
    await srv?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/// How the widget sits in the docs column, measured inside its shadow root.
function layout(page) {
    return page.evaluate(() => {
        const host = document.querySelector("smtp-triage");
        const root = host.shadowRoot.querySelector(".smtp-triage");
        const box = (e) => e.getBoundingClientRect();
        const cols = (sel) => {
            const e = root.querySelector(sel);
            return e ? getComputedStyle(e).gridTemplateColumns.split(" ").length : null;
        };
        const outside = [];
        for (const set of root.querySelectorAll("fieldset")) {
            const f = box(set);
            const border = parseFloat(getComputedStyle(set).borderTopWidth);
            for (const e of set.querySelectorAll("legend, label, .choice")) {
                const b = box(e);
                // A legend drawn on the border starts at the box's top edge.
                if (b.left < f.left - 0.5 || b.right > f.right + 0.5 || b.top < f.top + border) outside.push(e.textContent.slice(0, 60));
            }
        }
        const para = getComputedStyle(document.querySelector(".md-typeset > p"));
        return {
            column: Math.round(box(document.querySelector(".md-content__inner")).width),
            widget: Math.round(box(host).width),
            start: cols(".start"),
            columns: cols(".columns"),
            outside,
            overflow: root.scrollWidth - root.clientWidth,
            pre: [...root.querySelectorAll("pre")].map((p) => `${getComputedStyle(p).whiteSpace} ${getComputedStyle(p).overflowX}`),
            font: [getComputedStyle(root).fontFamily, getComputedStyle(root).fontSize],
            docsFont: [para.fontFamily, para.fontSize],
        };
    });
}

test("font=\"inherit\" in a 600 px docs column: one column, nothing sideways, the docs' font, axe-clean", async () => {
    const { page, problems } = await watchedPage(browser.context, new URL(srv.url).origin);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(srv.url + "triage/");
    const w = page.locator("smtp-triage");
    await w.getByRole("button", { name: "Triage" }).waitFor();

    let l = await layout(page);
    assert.ok(l.column >= 570 && l.column <= 620, `the docs column is ${l.column}px`);
    assert.equal(l.widget, l.column);
    assert.equal(l.start, 1, "one column at the start");
    assert.deepEqual(l.font, l.docsFont, "the docs' font family and size");
    assert.equal(await shoot(page, "mkdocs-start", 1280), 0, "sideways scroll");
    assert.deepEqual(await axe(page, ".md-content"), []);

    await w.getByLabel(/Paste the error/).fill(SEED_LINE);
    await w.getByRole("button", { name: "Triage" }).click();
    await w.getByRole("button", { name: SEED_LINE }).click();
    await w.getByRole("radio", { name: "Receiving-server admin" }).check();
    await w.getByLabel("MTA").selectOption({ label: "Postfix" });
    await w.getByRole("group", { name: /too many connections/ }).getByRole("radio", { name: "Yes" }).check();
    await w.getByRole("heading", { name: "Workarounds" }).waitFor();

    for (const width of [1280, 375]) {
        await page.evaluate(() => window.scrollTo(0, 0)); // the theme's sticky header stays on top in the shot
        assert.equal(await shoot(page, "mkdocs-entry", width), 0, `sideways scroll at ${width}px`);
        l = await layout(page);
        assert.equal(l.columns, 1, `one column at ${width}px`);
        assert.deepEqual(l.outside, [], `legends and answers inside their fieldset at ${width}px`);
        assert.ok(l.overflow <= 0, `the widget scrolls sideways by ${l.overflow}px at ${width}px`);
        assert.ok(l.pre.length >= 3 && l.pre.every((p) => p === "pre auto"), l.pre.join(", "));
        assert.deepEqual(l.font, l.docsFont);
    }
    assert.deepEqual(await axe(page, ".md-content"), []);
    assert.deepEqual(problems, []);
    await page.close();
});

test("the default font is the widget's own, every size relative to it, not to the theme's 20 px root", async () => {
    const { page, problems } = await watchedPage(browser.context, new URL(srv.url).origin);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(srv.url + "default-font/");
    const w = page.locator("smtp-triage");
    await w.getByRole("heading", { name: "Workarounds" }).waitFor();
    const sizes = await page.evaluate(() => {
        const root = document.querySelector("smtp-triage").shadowRoot.querySelector(".smtp-triage");
        const px = (sel) => getComputedStyle(root.querySelector(sel)).fontSize;
        return {
            html: getComputedStyle(document.documentElement).fontSize,
            family: getComputedStyle(root).fontFamily,
            root: getComputedStyle(root).fontSize,
            padding: getComputedStyle(root).paddingLeft,
            h2: px(".entry-head h2"),
            crumbs: px(".crumbs"),
        };
    });
    assert.equal(sizes.html, "20px");
    assert.match(sizes.family, /^system-ui/);
    assert.deepEqual([sizes.root, sizes.padding, sizes.h2, sizes.crumbs], ["16px", "9.6px", "22.4px", "14.4px"]);
    assert.equal((await layout(page)).columns, 1);
    assert.equal(await shoot(page, "mkdocs-default-font", 1280), 0, "sideways scroll");
    assert.deepEqual(await axe(page, ".md-content"), []);
    assert.deepEqual(problems, []);
    await page.close();
});

test("under instant navigation the widget works on every visit, and the wasm is fetched once", async () => {
    const before = srv.requests.length;
    const { page, problems } = await watchedPage(browser.context, new URL(srv.url).origin);
    await page.setViewportSize({ width: 1280, height: 900 });
    // The theme takes links over once it has read its sitemap.
    const sitemap = page.waitForResponse((r) => r.url().endsWith("/sitemap.xml"));
    await page.goto(srv.url);
    await sitemap;
    await page.evaluate(() => (window.__sameDocument = true));
    const nav = page.locator(".md-sidebar--primary");

    const triage = async () => {
        const w = page.locator("smtp-triage");
        await w.getByLabel(/Paste the error/).fill(SEED_LINE);
        await w.getByRole("button", { name: "Triage" }).click();
        await w.getByText("Temporary failure (4xx)").waitFor();
    };
    await nav.getByRole("link", { name: "Outbound mail errors" }).click();
    await page.waitForURL(/\/triage\/$/);
    await triage();
    await nav.getByRole("link", { name: "Greylisting" }).click();
    await page.getByRole("heading", { name: "Greylisting", level: 1 }).waitFor();
    await page.locator("article").getByRole("link", { name: "outbound mail errors" }).click();
    await page.waitForURL(/\/triage\/$/);
    await triage();
    await page.goBack();
    await page.getByRole("heading", { name: "Greylisting", level: 1 }).waitFor();
    await page.goBack();
    await page.waitForURL(/\/triage\/$/);
    await triage();

    assert.equal(await page.evaluate(() => window.__sameDocument), true, "the theme's instant navigation was used");
    const wasm = srv.requests.slice(before).filter((p) => p.endsWith(".wasm"));
    assert.equal(wasm.length, 1, wasm.join(", "));
    assert.deepEqual(problems, []);
    await page.close();
});
