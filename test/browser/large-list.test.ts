/**
 * A list of 5,000 pods in a real browser: the DOM holds only the visible window, scrolling reaches the last
 * row, filter and sort work over all rows, and a pod created or deleted in the simulator shows up without a
 * reload (through the watch stream when offered, else the polling fallback).
 */
import t from "tap";
import { startDemoServer } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

browserSuite(t, () => startDemoServer({ pods: 5000 }), (ctx) => {
  t.test("5,000 pods: virtualised rows, scroll, filter, sort", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/clusters/demo/pods`);
    await page.waitForSelector("html[data-ready]");
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const mark = performance.getEntriesByName("periscope:hydrated")[0];
      return { responseEnd: nav.responseEnd, hydrated: mark?.startTime ?? -1 };
    });
    t.comment(`interactive ${Math.round(timing.hydrated - timing.responseEnd)} ms after the HTML (with all rows) arrived`);
    const count = Number((await page.textContent(".list-head .count"))?.trim());
    t.ok(count >= 5000, `${count} pods listed`);
    const domRows = await page.locator(".grid tbody tr:not(.pad)").count();
    t.ok(domRows > 10 && domRows < 150, `only ${domRows} rows in the DOM`);
    await ctx.browser.screenshot("list-5000-pods");

    await page.locator(".grid").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForFunction(() => document.querySelector(".grid tbody tr:last-child:not(.pad)") !== null);
    const lastIndex = Number(await page.locator(".grid tbody tr:not(.pad)").last().getAttribute("aria-rowindex"));
    t.equal(lastIndex, count + 1, "scrolled to the very last row");

    const target = (await page.locator(".grid tbody tr:not(.pad)").last().getAttribute("data-key"))!;
    const name = target.split("/")[1]!;
    await page.fill("input[type=search]", name);
    await page.waitForFunction((n) => document.querySelector(".list-head .count")?.textContent?.startsWith(`${n} of`) || false, 1);
    t.equal(await page.locator(".grid tbody tr:not(.pad)").count(), 1, "filter finds the one pod");
    await page.fill("input[type=search]", "");

    await page.click("th button:text('Name')");
    const asc = await page.locator(".grid tbody tr:not(.pad)").first().getAttribute("data-key");
    await page.click("th button:text('Name')");
    const desc = await page.locator(".grid tbody tr:not(.pad)").first().getAttribute("data-key");
    t.not(asc, desc, "sorting flips the order");
    t.equal(await page.getAttribute("th[aria-sort]", "aria-sort"), "descending");

    await page.selectOption("select[name=namespace]", "kube-system");
    await page.waitForFunction(() => [...document.querySelectorAll(".grid tbody tr[data-key]")].every((r) => r.getAttribute("data-key")?.startsWith("kube-system/")));
    t.match(page.url(), /namespace=kube-system/, "the namespace filter is in the URL");
    t.ok(Number((await page.textContent(".list-head .count"))?.trim()) < count, "fewer rows in one namespace");
  });

  t.test("a pod created in the simulator appears, a deleted one disappears", async (t) => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.server.base}/clusters/demo/pods?namespace=default`);
    await page.waitForSelector("html[data-ready]");
    const podType = ctx.server.simulator.store.types.find("", "pods")!;
    ctx.server.simulator.store.create(podType, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "ui-live-check", namespace: "default" },
      spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
    });
    await page.waitForSelector('tr[data-key="default/ui-live-check"]', { timeout: 20_000 });
    t.pass("the new pod is listed without a reload");
    t.comment(`stream health: ${await page.textContent("[data-testid=stream-health]")}`);
    ctx.server.simulator.store.delete(podType, "default", "ui-live-check");
    await page.waitForSelector('tr[data-key="default/ui-live-check"]', { state: "detached", timeout: 20_000 });
    t.pass("the deleted pod is gone");
  });
});
