/**
 * Watch-stream heartbeats through the real HTTP server: a `heartbeat` event (which a page's EventSource sees,
 * unlike the `: heartbeat` comments kept for proxies) on the configured interval while the cluster watch is up,
 * and one marked `recovered` as soon as the upstream watch is back after failing, with nothing changed.
 */
import t from "tap";
import { startLiveHarness } from "../live/harness.ts";

const WATCH = "/api/clusters/test/resources/pods/watch?namespace=web";

t.test("a quiet stream carries heartbeat events on the configured interval", async (t) => {
  const h = await startLiveHarness({ settings: { heartbeatMs: 100 } });
  t.teardown(() => h.close());
  const s = await h.sse("reader", WATCH);
  t.teardown(() => s.close());
  await s.next("snapshot");
  const first = await s.next("heartbeat");
  const second = await s.next("heartbeat");
  for (const beat of [first, second]) {
    t.equal(beat.data.intervalMs, 100, "the interval the page may expect");
    t.ok(Number.isFinite(Date.parse(beat.data.time)), "an ISO time");
    t.notOk(beat.data.recovered, "a plain heartbeat");
  }
  t.ok(Date.parse(second.data.time) >= Date.parse(first.data.time), "in order");
  t.ok(s.comments.includes("heartbeat"), "the comment heartbeats for proxies are still sent");
  t.notOk(s.events.some((e) => e.event === "added" || e.event === "relist"), "nothing else happened");
});

t.test("after an upstream failure the recovered watch is announced without a change", async (t) => {
  // Periodic heartbeats far away, so the one seen here can only be the recovery event.
  const h = await startLiveHarness({ settings: { heartbeatMs: 600_000, retryMs: 20 } });
  t.teardown(() => h.close());
  const { faults } = h.sim.sim;
  t.teardown(() => faults.reset());
  const s = await h.sse("reader", WATCH);
  t.teardown(() => s.close());
  await s.next("snapshot");
  faults.set({ errorRate: 1 });
  t.ok(faults.dropWatches() >= 1, "the server's upstream watch was dropped");
  const failed = await s.next("error");
  t.equal(failed.data.code, "watch_failed");
  t.equal(failed.data.retrying, true);
  t.notOk(s.events.some((e) => e.event === "heartbeat"), "no heartbeat while the cluster watch is down");
  faults.reset();
  const back = await s.next("heartbeat");
  t.equal(back.data.recovered, true, "marked as a recovery");
  t.ok(Number.isFinite(Date.parse(back.data.time)));
  t.notOk(s.events.some((e) => e.event === "added" || e.event === "modified" || e.event === "deleted" || e.event === "relist"), "no change was needed to say so");
  t.notOk(s.ended, "the stream stayed open throughout");
});
