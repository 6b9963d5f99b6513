/** metrics.k8s.io through the simulator: kubectl top, discovery, raw get/list, and what has no metrics. */
import t from "tap";
import { parseQuantity } from "../../server/demo/metrics.ts";
import { startServedDemo } from "./world/served-demo.ts";

const demo = await startServedDemo();
t.teardown(() => demo.close());
const k = demo.kubectl;
const store = demo.served.sim.store;
const nodes = store.list(store.types.find("", "nodes")!);
const notReady = nodes.find((n) => !(n.status as { conditions: Array<{ type: string; status: string }> }).conditions.some((c) => c.type === "Ready" && c.status === "True"))!;

t.test("kubectl top nodes: every ready node has usage; the NotReady one is unknown", async (t) => {
  const r = await k.run(["top", "nodes"]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)/);
  for (const n of nodes) {
    if (n === notReady) t.match(r.stdout, new RegExp(`${n.metadata.name!.replace(/\./g, "\\.")}\\s+<unknown>`));
    else t.match(r.stdout, new RegExp(`${n.metadata.name!.replace(/\./g, "\\.")}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`));
  }
});

t.test("kubectl top pods: running pods only, per container with --containers", async (t) => {
  const r = await k.run(["top", "pods", "-n", "shop", "--containers"]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /api-\S+\s+envoy\s+\d+m\s+\d+Mi/);
  t.notMatch(r.stdout, /recommendations-/, "ImagePullBackOff pods have no metrics");
  const labelled = await k.run(["top", "pods", "-n", "shop", "-l", "app.kubernetes.io/name=frontend"]);
  t.equal(labelled.stdout.trim().split("\n").length, 4, "header + 3 frontend pods");
});

t.test("raw API: discovery, get, 404 for a node without metrics, namespaced list", async (t) => {
  const disc = JSON.parse((await k.run(["get", "--raw", "/apis/metrics.k8s.io/v1beta1"])).stdout);
  t.same(disc.resources.map((r: { name: string }) => r.name).sort(), ["nodes", "pods"]);
  const name = nodes.find((n) => n !== notReady)!.metadata.name!;
  const one = JSON.parse((await k.run(["get", "--raw", `/apis/metrics.k8s.io/v1beta1/nodes/${name}`])).stdout);
  t.match(one, { kind: "NodeMetrics", apiVersion: "metrics.k8s.io/v1beta1", metadata: { name }, usage: { cpu: /^\d+n$/, memory: /^\d+Ki$/ } });
  const missing = await k.run(["get", "--raw", `/apis/metrics.k8s.io/v1beta1/nodes/${notReady.metadata.name}`]);
  t.match(missing.stderr, /NotFound|not found/);
  const list = JSON.parse((await k.run(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/payments/pods"])).stdout);
  t.equal(list.kind, "PodMetricsList");
  t.ok(list.items.length > 0 && list.items.every((i: { metadata: { namespace: string } }) => i.metadata.namespace === "payments"));
  // Usage sits below the requests we generated (20–90% ± drift), so percentages look plausible.
  for (const item of list.items) for (const c of item.containers) t.ok(parseQuantity(c.usage.cpu) < 2, `${item.metadata.name}/${c.name} cpu`);
});

t.test("quantities parse as Kubernetes writes them", async (t) => {
  t.equal(parseQuantity("250m"), 0.25);
  t.equal(parseQuantity("2"), 2);
  t.equal(parseQuantity("64Mi"), 64 * 1024 * 1024);
  t.equal(parseQuantity("1500000000n"), 1.5);
  t.equal(parseQuantity("bogus"), 0);
});
