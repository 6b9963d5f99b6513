/**
 * The dashboard in a real browser against the real server in dev mode: login screen, fleet cards, a list with
 * rows, the detail pane, the avatar popover, the palette and dark mode, with no console errors anywhere.
 */
import t from "tap";
import { browserSuite, startServer } from "./harness.ts";

browserSuite(t, () => startServer(), (ctx) => {
  t.test("login screen says dev mode plainly", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/login`);
    await page.waitForSelector("html[data-ready]");
    t.match(await page.textContent("[data-testid=dev-mode]"), /Development mode/);
    t.equal(await page.getAttribute("a.button.primary", "href"), "/");
    await ctx.browser.screenshot("login-dev");
  });

  t.test("fleet home shows a card per cluster", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/`);
    await page.waitForSelector("html[data-ready]");
    const cards = await page.locator("[data-testid=cluster-card]").all();
    t.ok(cards.length >= 1, `${cards.length} cluster card(s)`);
    t.match(await cards[0]!.textContent(), /demo/);
    t.match(await cards[0]!.textContent(), /healthy|degraded/);
    await ctx.browser.screenshot("fleet");
    const before = await page.textContent("[data-testid=fleet-updated]");
    await page.waitForTimeout(1100);
    await page.click(".fleet-refresh button");
    await page.waitForFunction((b) => document.querySelector("[data-testid=fleet-updated]")?.textContent !== b, before);
    t.ok(await page.locator("[data-testid=cluster-card]").count(), "cards are still there after a refresh");
  });

  t.test("avatar popover shows the email and the auth-mode badge", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/`);
    await page.waitForSelector("html[data-ready]");
    await page.click("button.avatar");
    await page.waitForSelector(".popover");
    t.match(await page.textContent("[data-testid=avatar-email]"), /@/);
    t.equal((await page.textContent("[data-testid=auth-mode]"))?.trim(), "dev");
    await ctx.browser.screenshot("avatar-popover");
    await page.keyboard.press("Escape");
    t.equal(await page.locator(".popover").count(), 0, "Escape closes it");
  });

  t.test("a list page shows rows and opens the detail pane", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/clusters/demo/namespaces`);
    await page.waitForSelector("html[data-ready]");
    const rows = page.locator(".grid tbody tr:not(.pad)");
    t.ok((await rows.count()) >= 1, "rows are rendered");
    const first = (await rows.first().locator("td").first().textContent())?.trim() ?? "";
    await rows.first().click();
    await page.waitForSelector("[data-testid=detail-pane] dl.describe");
    t.match(await page.textContent("[data-testid=detail-pane] header h2"), first);
    await page.click("[role=tab]#tab-yaml");
    await page.waitForSelector("[data-testid=yaml]");
    t.match(await page.textContent("[data-testid=yaml]"), new RegExp(`name: ${first}`));
    await ctx.browser.screenshot("list-detail");
    await page.click("#tab-describe");
    await page.keyboard.press("Escape");
    await rows.nth(1).click();
    const second = (await rows.nth(1).locator("td").first().textContent())?.trim() ?? "";
    await page.waitForFunction((n) => document.querySelector("[data-testid=detail-pane] header h2")?.textContent === n, second);
    await page.waitForSelector("[data-testid=detail-pane] dl.describe");
    t.pass("selecting another row loads its details");
    // Keyboard: the grid moves the selection with the arrows, Escape closes the pane, "/" jumps to the filter.
    await page.locator(".grid").focus();
    await page.keyboard.press("ArrowDown");
    const third = (await rows.nth(2).locator("td").first().textContent())?.trim() ?? "";
    await page.waitForFunction((n) => document.querySelector("[data-testid=detail-pane] header h2")?.textContent === n, third);
    await page.locator(".grid").focus();
    await page.keyboard.press("Escape");
    await page.waitForSelector("[data-testid=detail-pane]", { state: "detached" });
    await page.keyboard.press("/");
    t.equal(await page.evaluate(() => document.activeElement?.getAttribute("type")), "search", "/ focuses the filter");
    await page.fill("input[type=search]", "zzzz-no-such-row");
    await page.waitForSelector("text=Nothing matches the filter.");
  });

  t.test("Ctrl+K opens the palette and Enter jumps", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/clusters/demo`);
    await page.waitForSelector("html[data-ready]");
    await page.keyboard.press("Control+k");
    await page.waitForSelector(".palette input");
    await page.keyboard.type("shop");
    await page.waitForSelector(".palette li:has-text('shop-tls')");
    t.pass("the palette searches objects across the fleet");
    await page.fill(".palette input[type=search]", "Namespaces");
    await ctx.browser.screenshot("palette");
    await Promise.all([page.waitForURL(/\/clusters\/demo\/namespaces$/), page.keyboard.press("Enter")]);
    t.pass("navigated to the namespaces list");
  });

  t.test("dark mode toggles and survives a reload", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/`);
    await page.waitForSelector("html[data-ready]");
    await page.click("button.theme-toggle"); // system → light
    await page.click("button.theme-toggle"); // light → dark
    t.equal(await page.getAttribute("html", "data-theme"), "dark");
    await page.reload();
    t.equal(await page.getAttribute("html", "data-theme"), "dark", "server renders the chosen theme");
    await ctx.browser.screenshot("fleet-dark");
    await page.click("button.theme-toggle"); // dark → system
  });

  t.test("helm release diff renders", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/clusters/demo/helm/shop/shop?tab=diff&from=1&to=2`);
    await page.waitForSelector("html[data-ready]");
    t.match(await page.textContent("[data-testid=helm-diff]"), /api\.replicas/);
    await ctx.browser.screenshot("helm-diff");
  });
}, { errorsTitle: "no console errors on any page" });
