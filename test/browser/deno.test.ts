/** The same dashboard served by Deno: fleet cards, a list with rows and its detail pane, no console errors. */
import t from "tap";
import { browserSkipReason, openBrowser, startServer } from "./harness.ts";
import type { BrowserSession, RunningServer } from "./harness.ts";

const skip = browserSkipReason();
if (skip) {
  t.plan(0, skip);
} else {
  let server: RunningServer;
  let browser: BrowserSession;
  t.before(async () => {
    server = await startServer({}, "deno");
    browser = await openBrowser();
  });
  t.teardown(async () => {
    await browser?.close();
    await server?.stop();
  });

  t.test("fleet, list and detail on Deno", async (t) => {
    const { page } = browser;
    await page.goto(`${server.base}/`);
    await page.waitForSelector("html[data-ready]");
    t.ok(await page.locator("[data-testid=cluster-card]").count(), "cluster cards");
    await page.goto(`${server.base}/clusters/demo/pods`);
    await page.waitForSelector("html[data-ready]");
    const rows = page.locator(".grid tbody tr:not(.pad)");
    t.ok((await rows.count()) > 5, "rows");
    await rows.first().click();
    await page.waitForSelector("[data-testid=detail-pane] dl.describe");
    t.match(await page.textContent("[data-testid=stream-health]"), /live|polling|connecting/);
    await browser.screenshot("deno-list");
  });

  t.test("no console errors", async (t) => {
    t.same(browser.errors, []);
  });
}
