/**
 * With JavaScript disabled the static parts still work: layout, headings, cluster cards, the first rows of a
 * list (and the namespace filter as a plain form), Helm and audit pages; keyboard users can reach them.
 */
import t from "tap";
import { startDemoServer } from "./demo-server.ts";
import type { DemoServer } from "./demo-server.ts";
import { browserSkipReason, openBrowser } from "./harness.ts";
import type { BrowserSession } from "./harness.ts";

const skip = browserSkipReason();
if (skip) {
  t.plan(0, skip);
} else {
  let server: DemoServer;
  let browser: BrowserSession;
  t.before(async () => {
    server = await startDemoServer();
    browser = await openBrowser({ javaScript: false });
  });
  t.teardown(async () => {
    await browser?.close();
    await server?.stop();
  });

  t.test("fleet, list, helm and audit without JavaScript", async (t) => {
    const { page } = browser;
    await page.goto(`${server.base}/`);
    t.ok(await page.locator("[data-testid=cluster-card]").count(), "cluster cards");
    t.equal(await page.getAttribute("html", "data-ready"), null, "no script ran");
    await page.goto(`${server.base}/clusters/demo/pods?namespace=kube-system`);
    const rows = await page.locator(".grid tbody tr[data-key]").count();
    t.ok(rows > 5, `${rows} server-rendered rows`);
    t.ok(await page.locator(".grid tbody tr[data-key^='kube-system/']").count() === rows, "filtered by namespace on the server");
    await browser.screenshot("list-no-js");
    await page.fill("input[name=q]", "coredns");
    await Promise.all([page.waitForURL(/q=coredns/), page.click("button:text('Apply')")]);
    const keys = await page.locator(".grid tbody tr[data-key]").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-key")));
    t.ok(keys.length > 0 && keys.every((k) => k?.includes("coredns")), "the text filter works as a plain form");
    await page.goto(`${server.base}/clusters/demo/helm/shop/shop?tab=history`);
    t.ok(await page.locator("[data-testid=helm-history] tr").count() > 1, "helm history");
    await page.goto(`${server.base}/audit`);
    t.match(await page.textContent("h1"), /Audit log/);
  });

  t.test("keyboard: skip link, then the rail", async (t) => {
    const { page } = browser;
    await page.goto(`${server.base}/`);
    await page.keyboard.press("Tab");
    t.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
  });

  t.test("no console errors", async (t) => {
    t.same(browser.errors, []);
  });
}
