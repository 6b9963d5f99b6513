/**
 * With JavaScript disabled the static parts still work: layout, headings, cluster cards, the first rows of a
 * list (and the namespace filter as a plain form), Helm and audit pages; keyboard users can reach them.
 */
import t from "tap";
import { startDemoServer } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

browserSuite(t, () => startDemoServer(), (ctx) => {
  t.test("fleet, list, helm and audit without JavaScript", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/`);
    t.ok(await page.locator("[data-testid=cluster-card]").count(), "cluster cards");
    t.equal(await page.getAttribute("html", "data-ready"), null, "no script ran");
    await page.goto(`${ctx.server.base}/clusters/demo/pods?namespace=kube-system`);
    const rows = await page.locator(".grid tbody tr[data-key]").count();
    t.ok(rows > 5, `${rows} server-rendered rows`);
    t.ok(await page.locator(".grid tbody tr[data-key^='kube-system/']").count() === rows, "filtered by namespace on the server");
    await ctx.browser.screenshot("list-no-js");
    await page.fill("input[name=q]", "coredns");
    await Promise.all([page.waitForURL(/q=coredns/), page.click("button:text('Apply')")]);
    const keys = await page.locator(".grid tbody tr[data-key]").evaluateAll((rs) => rs.map((r) => r.getAttribute("data-key")));
    t.ok(keys.length > 0 && keys.every((k) => k?.includes("coredns")), "the text filter works as a plain form");
    await page.goto(`${ctx.server.base}/clusters/demo/helm/shop/shop?tab=history`);
    t.ok(await page.locator("[data-testid=helm-history] tr").count() > 1, "helm history");
    await page.goto(`${ctx.server.base}/audit`);
    t.match(await page.textContent("h1"), /Audit log/);
  });

  t.test("keyboard: skip link, then the rail", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/`);
    await page.keyboard.press("Tab");
    t.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
  });
}, { javaScript: false });
