/**
 * The exec terminal's idle handling with short limits: the idle warning appears, a keystroke clears it, and
 * when the session is closed for idleness the terminal says so and offers to reconnect, which works.
 */
import t from "tap";
import { defaultLiveSettings } from "../../server/live/settings.ts";
import { startDemoServer } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

browserSuite(t, () => startDemoServer({ live: defaultLiveSettings({ exec: { idleMs: 3_000, idleWarnMs: 2_000, heartbeatMs: 1_000 } }) }), (ctx) => {
  t.test("idle warning, keep-alive keystroke, idle close, reconnect", async (t) => {
    const { page } = ctx.browser;
    const type = ctx.server.simulator.store.types.find("", "pods")!;
    const pod = ctx.server.simulator.store.list(type).find((p) => (p as unknown as { status?: { phase?: string } }).status?.phase === "Running")!;
    await page.goto(`${ctx.server.base}/clusters/demo/pods/${pod.metadata.namespace}/${pod.metadata.name}/exec`);
    await page.waitForSelector("[data-testid=exec-status]:text('connected')");
    await page.waitForSelector("[data-testid=idle-warning]", { timeout: 10_000 });
    t.match(await page.textContent("[data-testid=idle-warning]"), /closes in \d+ s/);
    await page.click("[data-testid=terminal]");
    await page.keyboard.type(" ");
    await page.waitForSelector("[data-testid=idle-warning]", { state: "detached" });
    t.pass("a keystroke clears the warning");
    await page.waitForSelector("[data-testid=exec-status]:text('idle')", { timeout: 10_000 });
    t.match(await page.textContent("[data-testid=exec-status]"), /session closed: idle_timeout/);
    await page.click("button:text('Reconnect')");
    await page.waitForSelector("[data-testid=exec-status]:text('connected')");
    t.pass("reconnect opens a new session");
  });
});
