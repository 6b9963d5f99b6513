/** Table output for every built-in kind: well-formed even for sparse objects, and kubectl's cell formats. */
import t from "tap";
import { BUILT_IN_TYPES } from "../../server/demo/kinds.ts";
import type { KubeObject } from "../../server/demo/types.ts";
import { apiVersionOf } from "../../server/demo/types.ts";
import { inProcess } from "./in-process.ts";

const accept = "application/json;as=Table;v=v1;g=meta.k8s.io";

t.test("every built-in kind renders a Table whose rows match its columns, even with only metadata", async (t) => {
  const { sim, json } = inProcess();
  for (const type of BUILT_IN_TYPES.filter((x) => !x.virtual)) {
    const obj: KubeObject = { apiVersion: apiVersionOf(type.group, type.versions[0]!), kind: type.kind, metadata: { name: "sparse", ...(type.namespaced ? { namespace: "default" } : {}) } };
    if (type.kind === "CustomResourceDefinition") continue; // a CRD needs a valid spec; covered elsewhere
    sim.store.create(type, obj);
    const base = type.group ? `/apis/${type.group}/${type.versions[0]}` : `/api/${type.versions[0]}`;
    const path = `${base}${type.namespaced ? "/namespaces/default" : ""}/${type.plural}`;
    const r = await json("GET", path, { headers: { accept } });
    t.equal(r.status, 200, `${type.plural}: ${r.body.message ?? ""}`);
    t.equal(r.body.kind, "Table");
    for (const row of r.body.rows) t.equal(row.cells.length, r.body.columnDefinitions.length, `${type.plural} row width`);
  }
});

function pod(name: string, status: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", ...extra }, spec: { containers: [{ name: "a" }, { name: "b" }] }, status };
}

t.test("pod STATUS and READY follow kubectl's printer", async (t) => {
  const { sim, json } = inProcess();
  const type = sim.store.types.find("", "pods")!;
  const running = { running: {} };
  sim.store.create(type, pod("oom", { phase: "Running", containerStatuses: [{ name: "a", ready: true, state: running, restartCount: 0 }, { name: "b", ready: false, restartCount: 2, state: { terminated: { reason: "OOMKilled", exitCode: 137 } } }] }));
  sim.store.create(type, pod("pull", { phase: "Pending", containerStatuses: [{ name: "a", ready: false, state: { waiting: { reason: "ImagePullBackOff" } } }] }));
  sim.store.create(type, pod("init", { phase: "Pending", initContainerStatuses: [{ name: "i1", state: { terminated: { exitCode: 0 } } }, { name: "i2", state: { running: {} } }] }));
  sim.store.create(type, pod("done", { phase: "Succeeded", containerStatuses: [{ name: "a", ready: false, state: { terminated: { reason: "Completed", exitCode: 0 } } }] }));
  sim.store.create(type, pod("evicted", { phase: "Failed", reason: "Evicted" }));
  const rows = (await json("GET", "/api/v1/namespaces/default/pods", { headers: { accept } })).body.rows as Array<{ cells: unknown[] }>;
  const by = Object.fromEntries(rows.map((r) => [r.cells[0], r.cells.slice(1, 3)]));
  t.same(by, {
    done: ["0/2", "Completed"],
    evicted: ["0/2", "Evicted"],
    init: ["0/2", "Init:1/2"],
    oom: ["1/2", "OOMKilled"],
    pull: ["0/2", "ImagePullBackOff"],
  });
});

t.test("nodes, services and jobs print like kubectl", async (t) => {
  const { sim, json } = inProcess();
  sim.seed([
    { apiVersion: "v1", kind: "Node", metadata: { name: "n1", labels: { "node-role.kubernetes.io/control-plane": "" } }, spec: { unschedulable: true }, status: { conditions: [{ type: "Ready", status: "False" }], nodeInfo: { kubeletVersion: "v1.33.1" } } },
    { apiVersion: "v1", kind: "Service", metadata: { name: "lb", namespace: "default" }, spec: { type: "LoadBalancer", clusterIP: "10.0.0.5", ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 443, protocol: "TCP" }] } },
    { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j", namespace: "default" }, spec: { completions: 3 }, status: { succeeded: 3, conditions: [{ type: "Complete", status: "True" }] } },
  ]);
  const node = (await json("GET", "/api/v1/nodes/n1", { headers: { accept } })).body.rows[0].cells;
  t.same([node[0], node[1], node[2], node[4]], ["n1", "NotReady,SchedulingDisabled", "control-plane", "v1.33.1"]);
  const svc = (await json("GET", "/api/v1/namespaces/default/services/lb", { headers: { accept } })).body.rows[0].cells;
  t.same(svc.slice(0, 5), ["lb", "LoadBalancer", "10.0.0.5", "<pending>", "80:30080/TCP,443/TCP"]);
  const job = (await json("GET", "/apis/batch/v1/namespaces/default/jobs/j", { headers: { accept } })).body.rows[0].cells;
  t.same(job.slice(0, 3), ["j", "Complete", "3/3"]);
});
