// Headless Chromium from Debian, driven by playwright-core (never a downloaded browser).
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export async function launch(options = {}) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "smtp-triage-chromium-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
        headless: true,
        args: [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
        ...options,
    });
    return { context, close: async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); } };
}
