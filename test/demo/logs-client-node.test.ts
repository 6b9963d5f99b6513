/** Pod logs and metrics through the simulator with @kubernetes/client-node as a second, independent client. */
import t from "tap";
import { Writable } from "node:stream";
import * as k8s from "@kubernetes/client-node";
import { startServedDemo, statusOf } from "./world/served-demo.ts";

const demo = await startServedDemo({ logs: { lineIntervalMs: 50 } });
t.teardown(() => demo.close());
const kc = new k8s.KubeConfig();
kc.loadFromString(demo.served.kubeconfig);
const frontend = demo.pods("shop", "frontend-")[0]!.metadata.name!;
const cart = demo.pods("shop", "cart-").find((p) => statusOf(p).containerStatuses?.[0]?.state.waiting?.reason === "CrashLoopBackOff")!.metadata.name!;

function sink() {
  let text = "";
  const waiters: Array<() => void> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      for (const w of waiters.splice(0)) w();
      cb();
    },
  });
  return {
    stream,
    text: () => text,
    async until(predicate: (text: string) => boolean) {
      while (!predicate(text)) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

t.test("Log: tail with timestamps, previous, and the apiserver's error for a bad container", async (t) => {
  const log = new k8s.Log(kc);
  const out = sink();
  const done = new Promise<void>((resolve) => out.stream.on("finish", () => resolve()));
  await log.log("shop", frontend, "nginx", out.stream, { tailLines: 3, timestamps: true });
  await done;
  const lines = out.text().trimEnd().split("\n");
  t.equal(lines.length, 3);
  t.match(lines[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
  const prev = sink();
  const prevDone = new Promise<void>((resolve) => prev.stream.on("finish", () => resolve()));
  await log.log("shop", cart, "cart", prev.stream, { previous: true });
  await prevDone;
  t.match(prev.text(), /"level":"fatal"/);
  // client-node reports non-200 log responses by status only (its message is generic).
  const failed = await log.log("shop", frontend, "nope", sink().stream).catch((e: unknown) => e);
  t.equal((failed as { code?: number }).code, 400);
});

t.test("Log: follow delivers new lines, and ends when the pod goes away", async (t) => {
  const victim = demo.pods("shop", "frontend-")[1]!.metadata.name!;
  const out = sink();
  const finished = new Promise<void>((resolve) => out.stream.on("finish", () => resolve()));
  await new k8s.Log(kc).log("shop", victim, "nginx", out.stream, { follow: true, tailLines: 1 });
  await out.until((text) => text.split("\n").length > 5);
  // (Aborting instead would surface an unhandled AbortError inside client-node's own pipe.)
  const store = demo.served.sim.store;
  store.delete(store.types.find("", "pods")!, "shop", victim);
  await finished;
  t.ok(out.text().split("\n").length > 5);
});

t.test("Metrics: node and pod metrics", async (t) => {
  const metrics = new k8s.Metrics(kc);
  const nodes = await metrics.getNodeMetrics();
  t.ok(nodes.items.length >= 5);
  for (const n of nodes.items) t.match(n.usage, { cpu: /^\d+n$/, memory: /^\d+Ki$/ });
  const pods = await metrics.getPodMetrics("shop");
  t.ok(pods.items.some((p) => p.metadata.name === frontend));
  t.ok(pods.items.every((p) => p.metadata.namespace === "shop" && p.containers.length > 0));
});
