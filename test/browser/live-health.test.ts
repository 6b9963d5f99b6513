/**
 * The live list's stream health in Chromium, with short intervals through the page's `?live_*_ms=` knobs: a
 * stream that stops delivering (the simulator's watch dropped and every retry failing) turns "stale for N s" and
 * recovers; so does an open stream that goes silent (the upstream watch hanging), back to "live" by the server's
 * recovery heartbeat alone; a watch route that keeps failing falls back to "polling", which still shows a new pod, and
 * hands back to the stream once the route works again; a hidden tab
 * closes the stream and resyncs on return; an ended session sends the page to sign-in (`auth_expired`).
 */
import t from "tap";
import type { Page } from "playwright-core";
import { defaultLiveSettings } from "../../server/live/settings.ts";
import { startDemoServer } from "./demo-server.ts";
import type { DemoServer } from "./demo-server.ts";
import { browserSuite } from "./harness.ts";

const FAST = "live_stale_ms=1000&live_retry_ms=100&live_poll_ms=300";
const LIST = `/clusters/demo/pods?namespace=default&${FAST}`;

/** Waits until the stream-health indicator matches `pattern`. */
async function health(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test(document.querySelector("[data-testid=stream-health]")?.textContent ?? ""),
    [pattern.source, pattern.flags] as const,
    { timeout: 20_000 },
  );
  return (await page.textContent("[data-testid=stream-health]")) ?? "";
}

function createPod(server: DemoServer, name: string): string {
  const type = server.simulator.store.types.find("", "pods")!;
  server.simulator.store.create(type, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { nodeName: "ip-10-0-1-11.ec2.internal", containers: [{ name: "app", image: "nginx:1.27" }] },
    status: { phase: "Running" },
  });
  return `tr[data-key="default/${name}"]`;
}

browserSuite(
  t,
  () => startDemoServer({ sessions: true, live: defaultLiveSettings({ heartbeatMs: 500, sessionCheckMs: 100, retryMs: 50 }) }),
  (ctx) => {
    t.test("a stream that stops delivering turns stale for N s, then recovers", async (t) => {
      const { page } = ctx.browser;
      const { faults } = ctx.server.simulator;
      await page.goto(`${ctx.server.base}${LIST}`);
      await health(page, /live/);
      faults.set({ errorRate: 1 });
      t.teardown(() => faults.reset());
      t.ok(faults.dropWatches() >= 1, "the server's upstream watch was dropped");
      t.match(await health(page, /stale for [1-9]\d* s/), /stale for \d+ s · .*fault injected/, "stale, with the server's retry message");
      const status = async () => page.textContent("[data-testid=stream-health-status]");
      const announced = await status();
      t.match(announced, /^List may be out of date: .*fault injected/, "the status line says it in words");
      await health(page, /stale for ([2-9]|\d\d+) s/);
      t.pass("the age keeps counting");
      t.equal(await status(), announced, "but the status line (role=status) does not change every second");
      t.equal(await page.locator("[role=status]").count(), 1, "one live region");
      faults.reset();
      const row = createPod(ctx.server, "health-after-stale");
      await page.waitForSelector(row, { timeout: 20_000 });
      t.match(await health(page, /live/), /live/, "live again once the watch delivers");
    });

    t.test("an open stream that goes silent turns stale; the recovered upstream watch makes it live without a change", async (t) => {
      const { page } = ctx.browser;
      const { faults } = ctx.server.simulator;
      const streams = ctx.server.app.streams;
      await page.goto(`${ctx.server.base}${LIST}`);
      await health(page, /live/);
      const rows = await page.locator("tbody tr").count();
      // The re-opened upstream watch hangs for a while: no error, no heartbeat, the browser's stream stays open.
      faults.set({ latencyMs: 5_000 });
      t.teardown(() => faults.reset());
      t.ok(faults.dropWatches() >= 1, "the server's upstream watch was dropped");
      t.match(await health(page, /stale for [1-9]\d* s/), /stale for \d+ s · the server has sent nothing/, "stale while the connection is open");
      t.equal(streams.size, 1, "the page's stream is still open");
      faults.reset();
      t.match(await health(page, /live/), /live/, "live again once the upstream watch is back");
      t.equal(await page.locator("tbody tr").count(), rows, "no change was needed");
      t.equal(streams.size, 1, "on the same stream");
    });

    t.test("repeated stream errors fall back to polling, which still shows a new pod", async (t) => {
      const { page } = ctx.browser;
      let attempts = 0;
      // A proxy in front of the watch route answering 503: the browser cannot open the stream at all.
      await page.route("**/resources/pods/watch**", (route) => {
        attempts++;
        return route.fulfill({ status: 503, contentType: "text/plain", body: "unavailable" });
      });
      t.teardown(() => page.unroute("**/resources/pods/watch**"));
      await page.goto(`${ctx.server.base}${LIST}`);
      await health(page, /polling/);
      t.equal(attempts, 3, "three stream attempts before polling");
      const row = createPod(ctx.server, "health-while-polling");
      await page.waitForSelector(row, { timeout: 20_000 });
      t.match(await page.textContent("[data-testid=stream-health]"), /polling/, "the row came by polling");
    });

    t.test("polling hands back to the stream once the watch route works again", async (t) => {
      const { page } = ctx.browser;
      let failing = true;
      let attempts = 0;
      await page.route("**/resources/pods/watch**", (route) => {
        attempts++;
        return failing ? route.fulfill({ status: 503, contentType: "text/plain", body: "unavailable" }) : route.continue();
      });
      t.teardown(() => page.unroute("**/resources/pods/watch**"));
      await page.goto(`${ctx.server.base}${LIST}&live_stream_retry_ms=1500`);
      await health(page, /polling/);
      // Still failing at the first retry: straight back to polling, and the next try waits twice as long.
      const triesBefore = attempts;
      await new Promise((r) => setTimeout(r, 2_500));
      t.ok(attempts > triesBefore, `the stream was tried again while polling (${attempts - triesBefore} attempt)`);
      t.match(await health(page, /polling/), /polling/, "a failed try goes back to polling");
      failing = false;
      const streams = ctx.server.app.streams;
      t.match(await health(page, /live/), /live/, "live again once the stream opens");
      t.equal(streams.size, 1, "on a real stream");
      const row = createPod(ctx.server, "health-after-polling");
      await page.waitForSelector(row, { timeout: 20_000 });
      t.match(await page.textContent("[data-testid=stream-health]"), /live/, "the new pod came by the stream");
    });

    t.test("a hidden tab closes the stream; on return it resyncs what it missed", async (t) => {
      const { page } = ctx.browser;
      const streams = ctx.server.app.streams;
      await page.goto(`${ctx.server.base}${LIST}`);
      await health(page, /live/);
      const setHidden = (hidden: boolean) =>
        page.evaluate((h) => {
          Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
          document.dispatchEvent(new Event("visibilitychange"));
        }, hidden);
      await setHidden(true);
      await health(page, /paused/);
      for (let i = 0; streams.size > 0 && i < 200; i++) await new Promise((r) => setTimeout(r, 50));
      t.equal(streams.size, 0, "no stream is open while hidden");
      const row = createPod(ctx.server, "health-while-hidden");
      t.equal(await page.locator(row).count(), 0, "nothing arrives while hidden");
      await setHidden(false);
      await page.waitForSelector(row, { timeout: 20_000 });
      t.match(await health(page, /live/), /live/, "live again, the missed pod shown");
    });

    t.test("auth_expired on the stream sends the page to sign-in", async (t) => {
      const { page } = ctx.browser;
      await page.goto(`${ctx.server.base}${LIST}`);
      await health(page, /live/);
      ctx.server.endSession();
      await page.waitForURL(/\/login\?next=/, { timeout: 20_000 });
      t.match(decodeURIComponent(new URL(page.url()).searchParams.get("next") ?? ""), /^\/clusters\/demo\/pods\?namespace=default/, "back to the list after signing in");
      await page.waitForSelector("html[data-ready], form, button", { timeout: 20_000 });
    });
  },
  // Chromium logs the 503s provoked above (only those on the watch route); nothing else may be logged.
  { expectedErrors: /status of 503 \(Service Unavailable\) @ http:\/\/127\.0\.0\.1:\d+\/api\/clusters\/demo\/resources\/pods\/watch\?/ },
);
