// The standalone page, driven like a person in headless Chromium, against
// the release build served over HTTP. Elements are found by role and name.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve } from "../server.mjs";
import { launch } from "../browser.mjs";
import { dist, watchedPage, shoot, axe, tabTo } from "../helpers.mjs";

const SEED_LINE = "421 4.7.0 Service not available, closing transmission channel";
const POSTFIX_LIMIT = "Check the receiving server's logs for 'too many connections'; in Postfix keep smtpd_client_connection_count_limit at its default (50) and exempt the known client with smtpd_client_event_limit_exceptions";

let srv;
let browser;
before(async () => {
    srv = await serve({ root: dist });
    browser = await launch();
});
after(async () => {
    await browser?.close();
    await srv?.close();
});

async function expectPostfixFirst(page) {
    const workarounds = page.getByRole("region", { name: "Workarounds" });
    const first = workarounds.getByRole("listitem").first();
    await assert.doesNotReject(first.getByRole("heading", { name: POSTFIX_LIMIT }).waitFor({ timeout: 5000 }));
    const reasons = await first.locator(".reasons li").allTextContents();
    assert.deepEqual(reasons, [
        "+ you can do this yourself as the receiving-server admin",
        "+ you said: the server logs show too many connections",
        "+ for Postfix, which you run",
    ]);
    const deadEnds = page.getByRole("region", { name: "Dead ends" });
    await deadEnds.getByText("Disable rate limiting on the SMTP server entirely").waitFor();
    assert.match(await deadEnds.getByRole("listitem").first().textContent(), /Warning: Disable rate limiting/);
}

test("paste, triage, open, answer: the Postfix limit comes first, with reasons and the dead end", async () => {
    const { page, problems } = await watchedPage(browser.context, srv.url);
    await page.goto(srv.url);
    await page.getByRole("button", { name: "Triage" }).waitFor();
    for (const w of [1280, 375]) assert.equal(await shoot(page, "start", w), 0, `sideways scroll at ${w}px`);
    assert.deepEqual(await axe(page), []);

    await page.getByLabel(/Paste the error/).fill(SEED_LINE);
    await page.getByRole("button", { name: "Triage" }).click();
    await page.getByText("Temporary failure (4xx)").waitFor();
    for (const w of [1280, 375]) assert.equal(await shoot(page, "recognised", w), 0, `sideways scroll at ${w}px`);
    assert.deepEqual(await axe(page), []);

    await page.getByRole("button", { name: SEED_LINE }).click();
    await page.getByRole("radio", { name: "Receiving-server admin" }).check();
    await page.getByLabel("MTA").selectOption({ label: "Postfix" });
    await page.getByLabel("Version").fill("3.8.0");
    await page.getByRole("group", { name: /too many connections/ }).getByRole("radio", { name: "Yes" }).check();
    await expectPostfixFirst(page);
    for (const w of [1280, 375]) assert.equal(await shoot(page, "entry", w), 0, `sideways scroll at ${w}px`);
    assert.deepEqual(await axe(page), []);

    // The link reproduces the triage in a fresh page.
    const link = page.url();
    assert.match(link, /#entry=communication\/smtp-421-service-not-available&role=receiving-admin&mta=postfix&version=3\.8\.0&yes=too-many-connections$/);
    const fresh = await watchedPage(browser.context, srv.url);
    await fresh.page.goto(link);
    await expectPostfixFirst(fresh.page);
    assert.equal(await fresh.page.getByLabel("MTA").inputValue(), "postfix");

    // Browser Back returns to what was recognised.
    await page.goBack();
    await page.getByText("Temporary failure (4xx)").waitFor();
    assert.deepEqual([...problems, ...fresh.problems], []);
    await fresh.page.close();
    await page.close();
});

test("the same with the keyboard alone", async () => {
    const { page, problems } = await watchedPage(browser.context, srv.url);
    await page.goto(srv.url);
    await page.getByRole("button", { name: "Triage" }).waitFor();
    await tabTo(page, () => document.activeElement?.tagName === "TEXTAREA");
    await page.keyboard.type(SEED_LINE);
    await tabTo(page, () => document.activeElement?.textContent === "Triage");
    await page.keyboard.press("Enter");
    await page.getByText("Temporary failure (4xx)").waitFor();
    await tabTo(page, () => document.activeElement?.textContent?.startsWith("421 4.7.0 Service not available"));
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Questions" }).waitFor();
    await tabTo(page, () => document.activeElement?.closest("fieldset")?.querySelector("legend")?.textContent?.startsWith("Your role"));
    // Arrow keys move within a radio group and select.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getByRole("radio", { name: "Receiving-server admin" }).isChecked(), true);
    await tabTo(page, () => document.activeElement?.tagName === "SELECT");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getByLabel("MTA").inputValue(), "postfix");
    await tabTo(page, () => document.activeElement?.tagName === "INPUT" && document.activeElement.type === "text");
    await page.keyboard.type("3.8.0");
    await tabTo(page, () => document.activeElement?.closest("fieldset")?.querySelector("legend")?.textContent?.includes("too many connections"));
    // The checked radio ("Don't know") has the focus; Down wraps round to "Yes".
    await page.keyboard.press("ArrowDown");
    await expectPostfixFirst(page);
    assert.deepEqual(problems, []);
    await page.close();
});

test("a paste over the size limit is read in part and says so", async () => {
    const { page, problems } = await watchedPage(browser.context, srv.url);
    await page.goto(srv.url);
    const big = (SEED_LINE + "\n").repeat(40_000);
    // Pasted in one go, as a paste does (typing 2.4 MB would take minutes).
    await page.getByLabel(/Paste the error/).evaluate((el, v) => {
        el.value = v;
        el.dispatchEvent(new InputEvent("input", { bubbles: true }));
    }, big);
    await page.getByRole("button", { name: "Triage" }).click();
    await page.getByText("The paste is 2.3 MB: only the first 2.0 MB were read.").waitFor();
    await page.getByText("Seen").first().waitFor();
    assert.deepEqual(problems, []);
    await page.close();
});

test("a stale link opens the start screen with a notice; a binary paste says nothing is recognisable", async () => {
    const { page, problems } = await watchedPage(browser.context, srv.url);
    await page.goto(srv.url + "#entry=communication/no-longer-here&role=sender");
    await page.getByText(/That link could not be opened/).waitFor();
    await page.getByRole("button", { name: "Triage" }).waitFor();
    await page.getByLabel(/Paste the error/).fill("\u0001\u0002\u0003\ufffd\ufffd\u0004\u0005".repeat(200));
    await page.getByRole("button", { name: "Triage" }).click();
    await page.getByText(/Nothing recognisable: this looks like binary data/).waitFor();
    assert.deepEqual(problems, []);
    await page.close();
});

// Texts that once ended on "No curated entry fits": each now gets its reason in
// words and a plan (an entry with workarounds).
const WITHOUT_ENTRY_BEFORE = [
    ["550 5.5.0 Requested action not taken: mailbox unavailable.", "The recipient's address does not exist"],
    ["550 User [recipient@example.net] does not exist", "The recipient's address does not exist"],
    ["550 Recipient does not exist on this system", "The recipient's address does not exist"],
    ['550 "recipient@example.net" is not a known user', "The recipient's address does not exist"],
    ["551 not our customer", "The recipient has moved to another address"],
    ["550 [SUSPEND] Mailbox currently suspended - Please contact correspondent directly", "The recipient's mailbox is disabled or suspended"],
    [
        "2026-12-05 10:01:02 1tHk2L-0004qZ-Jq ** userx@domain.com R=all T=smtp H=mx.example [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<userx@domain.com>: 550 No such user here",
        "The recipient's address does not exist",
    ],
    [
        "2026-12-05 10:01:02 1tHk2L-0004qZ-Jq == userx@domain.com R=dnslookup T=remote_smtp defer (-44) H=mx.example [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<userx@domain.com>: 452 4.2.2 Mailbox full",
        "The recipient's mailbox is full",
    ],
    [
        "Dec  5 10:00:01 mx postfix/smtp[123]: 3F1A21C0: to=<ann@example.com>, relay=none, delay=0.1, delays=0.1/0/0/0, dsn=4.0.0, status=deferred (user lookup error)",
        "The receiving server had an internal error",
    ],
    [
        "Dec  5 10:00:01 mx postfix/smtp[123]: 3F1A21C0: to=<ann@example.com>, relay=smtp.office365.com[52.96.1.2]:587, delay=1, delays=0/0/0.5/0.5, dsn=4.3.2, status=deferred (host smtp.office365.com[52.96.1.2] said: 432 4.3.2 Concurrent connections limit exceeded (in reply to end of DATA command))",
        "Too many connections from the sending server",
    ],
    [
        "451 4.7.650 The mail server [203.0.113.5] has been temporarily rate limited due to IP reputation.",
        "The sending server's reputation is too poor at the receiver",
    ],
];

test("every example error gets its reason in words first and a plan to open", async () => {
    const { page, problems } = await watchedPage(browser.context, srv.url);
    await page.goto(srv.url);
    for (const [text, reason] of WITHOUT_ENTRY_BEFORE) {
        await page.getByLabel(/Paste the error/).fill(text);
        await page.getByRole("button", { name: "Triage" }).click();
        await page.locator(".found .lead").waitFor();
        assert.equal(await page.locator(".found .lead").textContent(), `${reason}.`, text);
        assert.equal(await page.getByText("No curated entry fits").count(), 0, text);
        await page.locator(".found .matches button").first().click();
        await page.getByRole("region", { name: "Workarounds" }).getByRole("listitem").first().waitFor();
        assert.ok((await page.locator(".workaround").count()) >= 2, text);
        await page.getByRole("button", { name: "Restart" }).click();
    }
    assert.deepEqual(problems, []);
});
