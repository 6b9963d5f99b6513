/** Churn: pods get replaced, crash loops keep restarting, events count up — and watchers see it. */
import t from "tap";
import { Churn } from "../../../server/demo/world/churn.ts";
import { generateWorld } from "../../../server/demo/world/generate.ts";
import { loadWorld } from "../../../server/demo/world/load.ts";
import { createSimulator } from "../../../server/demo/simulator.ts";
import type { KubeObject } from "../../../server/demo/types.ts";
import { startServedDemo } from "./served-demo.ts";

async function loaded() {
  const sim = createSimulator();
  loadWorld(sim, await generateWorld({ seed: "churn", now: Date.parse("2026-11-25T08:00:00Z"), helm: false }));
  const types = { pods: sim.store.types.find("", "pods")!, events: sim.store.types.find("", "events")! };
  return { sim, list: (k: keyof typeof types) => sim.store.list(types[k]) };
}
const restarts = (p: KubeObject) => (p.status as { containerStatuses?: Array<{ restartCount: number }> }).containerStatuses?.reduce((n, s) => n + s.restartCount, 0) ?? 0;

t.test("ticks replace a healthy pod (ContainerCreating, then Running) and restart crash-looping ones", async (t) => {
  const { sim, list } = await loaded();
  t.teardown(() => sim.close());
  const before = new Map(list("pods").map((p) => [p.metadata.name!, p]));
  const restartsBefore = list("pods").reduce((n, p) => n + restarts(p), 0);
  const churn = new Churn(sim.store, { replaceEvery: 1 });
  churn.tick();
  const afterOne = list("pods");
  const added = afterOne.filter((p) => !before.has(p.metadata.name!));
  const gone = [...before.keys()].filter((n) => !afterOne.some((p) => p.metadata.name === n));
  t.equal(added.length, 1, "one replacement");
  t.equal(gone.length, 1, "one pod removed");
  t.equal((added[0]!.status as { phase: string }).phase, "Pending");
  t.equal(added[0]!.metadata.ownerReferences?.[0]?.uid, before.get(gone[0]!)!.metadata.ownerReferences?.[0]?.uid, "same ReplicaSet");
  churn.tick();
  const started = list("pods").find((p) => p.metadata.name === added[0]!.metadata.name)!;
  t.equal((started.status as { phase: string }).phase, "Running");
  t.ok(list("pods").reduce((n, p) => n + restarts(p), 0) > restartsBefore, "crash loops restarted");
  const events = list("events");
  t.ok(events.some((e) => e.reason === "Killing") && events.some((e) => e.reason === "SuccessfulCreate") && events.some((e) => e.reason === "Started" && (e.involvedObject as { name: string }).name === added[0]!.metadata.name));
});

t.test("events keep coming: image pull back-offs count up, probes flake now and then", async (t) => {
  const { sim, list } = await loaded();
  t.teardown(() => sim.close());
  const pullCount = () => list("events").filter((e) => e.reason === "BackOff" && String(e.message).startsWith("Back-off pulling image")).reduce((n, e) => n + Number(e.count), 0);
  const before = pullCount();
  const churn = new Churn(sim.store, { replaceEvery: 1000 });
  for (let i = 0; i < 20; i++) churn.tick();
  t.ok(pullCount() >= before + 20, "one back-off per tick");
  t.ok(list("events").some((e) => e.reason === "Unhealthy" && e.type === "Warning"), "a readiness probe failed somewhere");
});

t.test("events stay bounded", async (t) => {
  const { sim, list } = await loaded();
  t.teardown(() => sim.close());
  const base = list("events").length;
  const churn = new Churn(sim.store, { replaceEvery: 1, maxEvents: 10 });
  for (let i = 0; i < 12; i++) churn.tick();
  t.ok(list("events").length <= base + 10, `${list("events").length} events`);
});

t.test("started on a timer, kubectl get pods -w sees the cluster move; stop() stops it", async (t) => {
  const demo = await startServedDemo({ churn: { intervalMs: 30, replaceEvery: 1 } });
  t.teardown(() => demo.close());
  const child = demo.kubectl.spawn(["get", "pods", "-A", "-w", "--output-watch-events"]);
  let out = "";
  const seen = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (/^DELETED\s/m.test(out) && /^ADDED\s.*ContainerCreating/m.test(out)) resolve();
    });
    child.on("exit", () => reject(new Error(`kubectl exited early: ${out}`)));
  });
  await new Promise((r) => setTimeout(r, 300)); // let the watch open before the cluster moves
  demo.churn.start();
  t.ok(demo.churn.running);
  await seen;
  child.kill();
  demo.churn.stop();
  t.notOk(demo.churn.running);
  const rv = demo.served.sim.store.resourceVersion;
  await new Promise((r) => setTimeout(r, 100));
  t.equal(demo.served.sim.store.resourceVersion, rv, "no writes after stop()");
});
