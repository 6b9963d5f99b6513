/**
 * Logs and exec in Chromium against the demo cluster: a pod's logs stream into the detail pane and filter by
 * search; a deployment's logs fan in from its pods; the Shell action opens xterm.js over the exec WebSocket,
 * `echo` runs and its output appears, and the session end is shown with a reconnect offer.
 */
import t from "tap";
import { startDemoServer } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

browserSuite(t, () => startDemoServer(), (ctx) => {
  const runningPod = () => {
    const type = ctx.server.simulator.store.types.find("", "pods")!;
    const pod = ctx.server.simulator.store
      .list(type)
      .find((p) => (p as unknown as { status?: { phase?: string } }).status?.phase === "Running" && p.metadata.namespace !== "kube-system");
    if (!pod) throw new Error("the demo world has no running pod");
    return { ns: pod.metadata.namespace!, name: pod.metadata.name! };
  };

  t.test("pod logs stream into the detail pane", async (t) => {
    const { page } = ctx.browser;
    const { ns, name } = runningPod();
    await page.goto(`${ctx.server.base}/clusters/demo/pods?sel=${encodeURIComponent(`${ns}/${name}`)}`);
    await page.waitForSelector("[data-testid=metrics]");
    t.match(await page.textContent("[data-testid=metrics]"), /CPU.*m.*Memory.*MiB/, "usage from metrics.k8s.io");
    await page.click("#tab-logs");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=logs] .log-line").length > 3);
    const count = await page.locator(".log-line").count();
    t.ok(count > 3, `${count} log lines`);
    const word = ((await page.locator(".log-line").first().textContent()) ?? "").trim().split(/\s+/)[0] ?? "";
    await page.fill("input[aria-label='Search logs']", "zzz-no-such-text");
    await page.waitForSelector("text=No line matches the search.");
    await page.fill("input[aria-label='Search logs']", word);
    t.ok((await page.locator(".log-line").count()) >= 1, `search for "${word}" keeps matching lines`);
    await page.fill("input[aria-label='Search logs']", "");
    await ctx.browser.screenshot("logs");
  });

  t.test("a deployment's logs fan in from its pods", async (t) => {
    const { page } = ctx.browser;
    const type = ctx.server.simulator.store.types.find("apps", "deployments")!;
    const dep = ctx.server.simulator.store.list(type).find((d) => ((d as unknown as { spec?: { replicas?: number } }).spec?.replicas ?? 0) > 1)!;
    await page.goto(`${ctx.server.base}/clusters/demo/deployments?sel=${encodeURIComponent(`${dep.metadata.namespace}/${dep.metadata.name}`)}`);
    await page.click("#tab-logs");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=logs] .log-line").length > 0);
    const status = await page.textContent("[data-testid=logs-status]");
    t.match(status, /lines/);
    t.ok(await page.locator("[data-testid=logs] select").count(), "a pod filter appears for several pods");
  });

  t.test("exec: echo runs in xterm.js and its output shows", async (t) => {
    const { page } = ctx.browser;
    const { ns, name } = runningPod();
    await page.goto(`${ctx.server.base}/clusters/demo/pods?sel=${encodeURIComponent(`${ns}/${name}`)}`);
    await Promise.all([page.waitForURL(/\/exec$/), page.click("a[data-action=exec]")]);
    await page.waitForSelector("[data-testid=exec-status]:text('connected')");
    await page.click("[data-testid=terminal]");
    await page.keyboard.type("echo periscope-ui-check\n");
    // The typed line echoes once; the command's output is a second occurrence.
    await page.waitForFunction(() => (document.querySelector("[data-testid=terminal] .xterm-rows")?.textContent ?? "").split("periscope-ui-check").length >= 3, null, { timeout: 15_000 });
    t.pass("the command's output is on screen");
    await ctx.browser.screenshot("exec");
    await page.keyboard.type("exit\n");
    await page.waitForSelector("[data-testid=exec-status]:text('session closed')");
    t.ok(await page.locator("button:text('Reconnect')").count(), "a reconnect is offered after the session ends");
  });
});
