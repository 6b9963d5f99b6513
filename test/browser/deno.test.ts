/** The same dashboard served by Deno: fleet cards, a list with rows and its detail pane, no console errors. */
import t from "tap";
import { browserSuite, startServer } from "./harness.ts";

browserSuite(t, () => startServer({}, "deno"), (ctx) => {
  t.test("fleet, list and detail on Deno", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/`);
    await page.waitForSelector("html[data-ready]");
    t.ok(await page.locator("[data-testid=cluster-card]").count(), "cluster cards");
    await page.goto(`${ctx.server.base}/clusters/demo/pods`);
    await page.waitForSelector("html[data-ready]");
    const rows = page.locator(".grid tbody tr:not(.pad)");
    t.ok((await rows.count()) > 5, "rows");
    await rows.first().click();
    await page.waitForSelector("[data-testid=detail-pane] dl.describe");
    t.match(await page.textContent("[data-testid=stream-health]"), /live|polling|connecting/);
    await ctx.browser.screenshot("deno-list");
  });
});
