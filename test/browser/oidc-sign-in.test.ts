/**
 * The seed guide's verify step in a real browser: open the console, see the login screen, click "Sign in with
 * Okta", pass a real OpenID provider (oidc-provider on 127.0.0.1, auto-approving), land on the fleet, open the
 * avatar popover: it shows the email and an `oidc` badge. Then sign out, and a user outside allowedGroups is
 * shown the access-denied page.
 */
import t from "tap";
import { startHarness } from "../auth/harness.ts";
import { browserSuite } from "./harness.ts";

browserSuite(t, () => startHarness({
  shape: "okta",
  cluster: true,
  pagePaths: { denied: "/denied", signedOut: "/signed-out" },
  authorization: { mode: "tier", allowedGroups: ["devs", "ops"], groupTiers: { devs: "write", ops: "admin" } },
}), (ctx) => {
  t.test("login screen → IdP → fleet → avatar shows email and the oidc badge", async (t) => {
    const { page } = ctx.browser;
    ctx.server.idp.user = { sub: "u-1001", email: "dana@example.com", groups: ["devs"] };
    await page.goto(`${ctx.server.base}/`);
    await page.waitForURL(/\/login\?next=%2F$/);
    const signIn = page.locator("[data-testid=sign-in]");
    t.equal((await signIn.textContent())?.trim(), "Sign in with Okta");
    await ctx.browser.screenshot("login-oidc");
    await Promise.all([page.waitForURL(`${ctx.server.base}/`), signIn.click()]);
    await page.waitForSelector("html[data-ready]");
    t.ok(await page.locator("[data-testid=cluster-card]").count(), "the fleet shows cluster cards");
    await page.click("button.avatar");
    t.equal((await page.textContent("[data-testid=avatar-email]"))?.trim(), "dana@example.com");
    t.equal((await page.textContent("[data-testid=auth-mode]"))?.trim(), "oidc");
    t.match(await page.textContent(".popover"), /tier: write/);
    await ctx.browser.screenshot("avatar-oidc");

    await Promise.all([page.waitForURL(/\/signed-out$/), page.click("button.signout")]);
    t.match(await page.textContent("main"), /signed out/i);
    await page.goto(`${ctx.server.base}/clusters/demo/pods`);
    await page.waitForURL(/\/login\?next=/);
    t.pass("after sign-out, pages send you to the login screen");
  });

  t.test("a user outside allowedGroups sees the access-denied page", async (t) => {
    const { page } = ctx.browser;
    ctx.server.idp.user = { sub: "u-2002", email: "eve@example.com", groups: ["contractors"] };
    await page.goto(`${ctx.server.base}/login`);
    await Promise.all([page.waitForURL(/\/denied\?reason=/), page.click("[data-testid=sign-in]")]);
    t.match(await page.textContent("main"), /Access denied/);
    t.match(await page.textContent("main"), /not in any group allowed/);
    await ctx.browser.screenshot("access-denied");
  });
}, {
  // The denied page is served with HTTP 403 on purpose; Chromium logs that status for the document itself.
  expectedErrors: /status of 403 .* @ http:\/\/127\.0\.0\.1:\d+\/denied\?/,
});
