/**
 * The dashboard's live list in a real browser against the watch route: the pods page opens an EventSource on
 * …/pods/watch, reports "live", and shows a pod created, changed and deleted in the simulator without a reload.
 */
import t from "tap";
import { startDemoServer } from "../browser/demo-server.ts";
import { browserSuite } from "../browser/harness.ts";

browserSuite(t, () => startDemoServer(), (ctx) => {
  t.test("pods list: live stream, then add / modify / delete show up in place", async (t) => {
    const { page } = ctx.browser;
    const streams: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/watch")) streams.push(r.url());
    });
    await page.goto(`${ctx.server.base}/clusters/demo/pods?namespace=default`);
    await page.waitForSelector("html[data-ready]");
    await page.waitForFunction(() => /live/i.test(document.querySelector("[data-testid=stream-health]")?.textContent ?? ""), undefined, { timeout: 20_000 });
    t.ok(streams.some((u) => u.includes("/api/clusters/demo/resources/pods/watch")), "the page opened the watch stream");
    t.match(await page.textContent("[data-testid=stream-health]"), /live/i);

    const podType = ctx.server.simulator.store.types.find("", "pods")!;
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "live-list-check", namespace: "default" },
      spec: { nodeName: "ip-10-0-1-11.ec2.internal", containers: [{ name: "app", image: "nginx:1.27" }] },
      status: { phase: "Pending", containerStatuses: [{ name: "app", image: "nginx:1.27", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }] },
    };
    ctx.server.simulator.store.create(podType, pod);
    const row = 'tr[data-key="default/live-list-check"]';
    await page.waitForSelector(row, { timeout: 20_000 });
    t.match(await page.textContent(row), /ContainerCreating/);
    const current = ctx.server.simulator.store.get(podType, "default", "live-list-check");
    ctx.server.simulator.store.update(podType, { ...current, status: { phase: "Running", containerStatuses: [{ name: "app", image: "nginx:1.27", ready: true, restartCount: 3, state: { running: { startedAt: new Date().toISOString() } } }] } });
    await page.waitForFunction((sel) => /Running/.test(document.querySelector(sel)?.textContent ?? ""), row, { timeout: 20_000 });
    t.pass("the modified row changed in place");
    ctx.server.simulator.store.delete(podType, "default", "live-list-check");
    await page.waitForSelector(row, { state: "detached", timeout: 20_000 });
    t.pass("the deleted pod is gone");
  });
});
