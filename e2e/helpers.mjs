// Shared by the browser tests: a page that records console errors, failed
// requests and any request that leaves the widget's own origin.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const dist = path.resolve(here, "..", "dist");
export const screenshots = path.resolve(here, "screenshots");

export async function watchedPage(context, origin) {
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on("request", (r) => {
        const u = r.url();
        if (!u.startsWith(origin) && !u.startsWith("data:")) problems.push(`request outside the origin: ${u}`);
    });
    return { page, problems };
}

export async function shoot(page, name, width) {
    fs.mkdirSync(screenshots, { recursive: true });
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(screenshots, `${width}-${name}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    return overflow;
}

const AXE = fs.readFileSync(path.resolve(here, "node_modules/axe-core/axe.min.js"), "utf8");

/// axe-core's violations on the page (WCAG 2 A and AA rules), or within
/// the elements `include` selects (shadow roots included).
export async function axe(page, include = null) {
    await page.addScriptTag({ content: AXE });
    return page.evaluate(async (include) => {
        const r = await window.axe.run(include ? { include: [include] } : document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
        return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    }, include);
}

/// Presses Tab (at most `limit` times) until `predicate` holds for the focused element.
export async function tabTo(page, predicate, limit = 80) {
    for (let i = 0; i < limit; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(predicate)) return;
    }
    throw new Error(`focus never reached: ${predicate}`);
}
