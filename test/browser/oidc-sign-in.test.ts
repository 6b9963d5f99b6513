/**
 * The seed guide's verify step in a real browser: open the console, see the login screen, click "Sign in with
 * Okta", pass a real OpenID provider (oidc-provider on 127.0.0.1, auto-approving), land on the fleet, open the
 * avatar popover: it shows the email and an `oidc` badge. Then sign out, and a user outside allowedGroups is
 * shown the access-denied page.
 */
import t from "tap";
import { startHarness } from "../auth/harness.ts";
import type { Harness } from "../auth/harness.ts";
import { browserSkipReason, openBrowser } from "./harness.ts";
import type { BrowserSession } from "./harness.ts";

const skip = browserSkipReason();
if (skip) {
  t.plan(0, skip);
} else {
  let h: Harness;
  let browser: BrowserSession;
  t.before(async () => {
    h = await startHarness({
      shape: "okta",
      cluster: true,
      pagePaths: { denied: "/denied", signedOut: "/signed-out" },
      authorization: { mode: "tier", allowedGroups: ["devs", "ops"], groupTiers: { devs: "write", ops: "admin" } },
    });
    browser = await openBrowser();
  });
  t.teardown(async () => {
    await browser?.close();
    await h?.close();
  });

  t.test("login screen → IdP → fleet → avatar shows email and the oidc badge", async (t) => {
    const { page } = browser;
    h.idp.user = { sub: "u-1001", email: "dana@example.com", groups: ["devs"] };
    await page.goto(`${h.base}/`);
    await page.waitForURL(/\/login\?next=%2F$/);
    const signIn = page.locator("[data-testid=sign-in]");
    t.equal((await signIn.textContent())?.trim(), "Sign in with Okta");
    await browser.screenshot("login-oidc");
    await Promise.all([page.waitForURL(`${h.base}/`), signIn.click()]);
    await page.waitForSelector("html[data-ready]");
    t.ok(await page.locator("[data-testid=cluster-card]").count(), "the fleet shows cluster cards");
    await page.click("button.avatar");
    t.equal((await page.textContent("[data-testid=avatar-email]"))?.trim(), "dana@example.com");
    t.equal((await page.textContent("[data-testid=auth-mode]"))?.trim(), "oidc");
    t.match(await page.textContent(".popover"), /tier: write/);
    await browser.screenshot("avatar-oidc");

    await Promise.all([page.waitForURL(/\/signed-out$/), page.click("button.signout")]);
    t.match(await page.textContent("main"), /signed out/i);
    await page.goto(`${h.base}/clusters/demo/pods`);
    await page.waitForURL(/\/login\?next=/);
    t.pass("after sign-out, pages send you to the login screen");
  });

  t.test("a user outside allowedGroups sees the access-denied page", async (t) => {
    const { page } = browser;
    h.idp.user = { sub: "u-2002", email: "eve@example.com", groups: ["contractors"] };
    await page.goto(`${h.base}/login`);
    await Promise.all([page.waitForURL(/\/denied\?reason=/), page.click("[data-testid=sign-in]")]);
    t.match(await page.textContent("main"), /Access denied/);
    t.match(await page.textContent("main"), /not in any group allowed/);
    await browser.screenshot("access-denied");
  });

  t.test("no console errors", async (t) => {
    // The denied page is served with HTTP 403 on purpose; Chromium logs that status for the document itself.
    const expected = /status of 403 .* @ http:\/\/127\.0\.0\.1:\d+\/denied\?/;
    t.same(browser.errors.filter((e) => !expected.test(e)), []);
  });
}
