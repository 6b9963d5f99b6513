/** The demo world: deterministic, realistic states, consistent references, tier RBAC enforced by the simulator. */
import t from "tap";
import { generateWorld } from "../../../server/demo/world/generate.ts";
import { loadWorld } from "../../../server/demo/world/load.ts";
import { createSimulator } from "../../../server/demo/simulator.ts";
import type { KubeObject } from "../../../server/demo/types.ts";

const NOW = Date.parse("2026-11-25T08:00:00Z");
const world = await generateWorld({ seed: "w1", now: NOW });
const ofKind = (kind: string, objs: KubeObject[] = world) => objs.filter((o) => o.kind === kind);
type PodStatus = { phase: string; containerStatuses?: Array<{ restartCount: number; ready: boolean; state: Record<string, { reason?: string }>; lastState?: { terminated?: { reason: string } } }> };
const podStatus = (p: KubeObject) => p.status as PodStatus;

t.test("same seed and clock, same world; another seed, another world", async (t) => {
  t.same(await generateWorld({ seed: "w1", now: NOW }), world);
  const other = await generateWorld({ seed: "w2", now: NOW });
  t.notSame(ofKind("Pod", other).map((p) => p.metadata.name), ofKind("Pod").map((p) => p.metadata.name));
});

t.test("every one of the 30 built-in kinds, plus events, a CRD and its instances", async (t) => {
  const kinds = new Set(world.map((o) => o.kind));
  for (const k of ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service", "ConfigMap", "Secret", "ServiceAccount", "ResourceQuota", "LimitRange", "PersistentVolumeClaim", "Ingress", "NetworkPolicy", "EndpointSlice", "Role", "RoleBinding", "Node", "Namespace", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding", "IngressClass", "PriorityClass", "RuntimeClass", "Event", "CustomResourceDefinition", "Certificate"]) {
    t.ok(kinds.has(k), k);
  }
});

t.test("pods in mixed states with realistic container statuses", async (t) => {
  const pods = ofKind("Pod");
  const waiting = (reason: string) => pods.filter((p) => podStatus(p).containerStatuses?.some((s) => s.state.waiting?.reason === reason));
  const crash = waiting("CrashLoopBackOff");
  t.ok(crash.length >= 2);
  for (const p of crash) t.ok(podStatus(p).containerStatuses![0]!.restartCount >= 5 && podStatus(p).containerStatuses![0]!.lastState?.terminated, "restarts and a last state");
  t.ok(crash.some((p) => podStatus(p).containerStatuses![0]!.lastState?.terminated?.reason === "OOMKilled"), "an OOMKilled crash loop");
  t.ok(pods.some((p) => podStatus(p).phase === "Running" && podStatus(p).containerStatuses![0]!.lastState?.terminated?.reason === "OOMKilled"), "a pod that recovered from OOMKilled");
  t.ok(waiting("ImagePullBackOff").every((p) => podStatus(p).phase === "Pending"));
  t.ok(waiting("ContainerCreating").length >= 1);
  const unscheduled = pods.filter((p) => !(p.spec as { nodeName?: string }).nodeName);
  t.ok(unscheduled.length >= 1 && unscheduled.every((p) => podStatus(p).phase === "Pending"));
  t.ok(pods.some((p) => podStatus(p).phase === "Succeeded") && pods.some((p) => podStatus(p).phase === "Failed"), "finished job pods");
  t.ok(pods.filter((p) => podStatus(p).phase === "Running").length > pods.length / 2, "mostly healthy");
});

t.test("one NotReady node with unreachable taints; the others Ready with capacity and nodeInfo", async (t) => {
  const nodes = ofKind("Node");
  const ready = (n: KubeObject) => (n.status as { conditions: Array<{ type: string; status: string }> }).conditions.find((c) => c.type === "Ready")!.status;
  t.same(nodes.map(ready).filter((s) => s !== "True"), ["Unknown"]);
  const bad = nodes.find((n) => ready(n) !== "True")!;
  t.match((bad.spec as { taints: unknown[] }).taints, [{ key: "node.kubernetes.io/unreachable", effect: "NoSchedule" }, { key: "node.kubernetes.io/unreachable", effect: "NoExecute" }]);
  const stranded = ofKind("Pod").filter((p) => (p.spec as { nodeName?: string }).nodeName === bad.metadata.name);
  t.ok(stranded.length > 0 && stranded.every((p) => p.metadata.ownerReferences?.[0]?.kind === "DaemonSet"), "only DaemonSet pods remain on the unreachable node");
  for (const n of nodes) t.match(n.status, { capacity: { cpu: /^\d+$/, memory: /Ki$/, pods: /^\d+$/ }, nodeInfo: { kubeletVersion: /^v1\.\d+/, containerRuntimeVersion: /^containerd:\/\// } });
});

t.test("references hold: owners, endpoint targets, bound volumes, ready counts", async (t) => {
  const uids = new Set(world.map((o) => o.metadata.uid));
  for (const o of world) for (const ref of o.metadata.ownerReferences ?? []) t.ok(uids.has(ref.uid), `${o.kind} ${o.metadata.name} → ${ref.kind} ${ref.name}`);
  for (const s of ofKind("EndpointSlice")) for (const e of (s.endpoints as Array<{ targetRef?: { uid: string } }>)) if (e.targetRef) t.ok(uids.has(e.targetRef.uid));
  const pvs = new Set(ofKind("PersistentVolume").map((p) => p.metadata.name));
  for (const c of ofKind("PersistentVolumeClaim")) {
    const vol = (c.spec as { volumeName?: string }).volumeName;
    if (vol) t.ok(pvs.has(vol), `${c.metadata.name} bound`);
    else t.equal((c.status as { phase: string }).phase, "Pending");
  }
  for (const d of ofKind("Deployment")) {
    const rs = ofKind("ReplicaSet").filter((r) => r.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
    const pods = ofKind("Pod").filter((p) => rs.some((r) => r.metadata.uid === p.metadata.ownerReferences?.[0]?.uid));
    const ready = pods.filter((p) => podStatus(p).containerStatuses?.every((s) => s.ready)).length;
    t.equal((d.status as { readyReplicas: number }).readyReplicas, ready, `${d.metadata.name} ready replicas`);
  }
});

t.test("loaded into the simulator, uid references follow the store's uids and tier RBAC is enforced", async (t) => {
  const sim = createSimulator();
  t.teardown(() => sim.close());
  loadWorld(sim, world);
  const store = sim.store;
  const stored = [...store.list(store.types.find("", "pods")!), ...store.list(store.types.find("apps", "replicasets")!)];
  const uids = new Set([...stored, ...store.list(store.types.find("apps", "deployments")!), ...store.list(store.types.find("apps", "statefulsets")!), ...store.list(store.types.find("apps", "daemonsets")!), ...store.list(store.types.find("batch", "jobs")!)].map((o) => o.metadata.uid));
  for (const o of stored) for (const ref of o.metadata.ownerReferences ?? []) t.ok(uids.has(ref.uid), `${o.metadata.name} owner resolves`);

  const as = (tier: string) => ({ username: "alice@example.com", groups: [`periscope-tier:${tier}`, "system:authenticated"] });
  const ns = { namespace: "shop" };
  t.ok(sim.can(as("read"), "list", "pods", ns));
  t.notOk(sim.can(as("read"), "delete", "pods", ns));
  t.notOk(sim.can(as("read"), "get", "secrets", ns));
  t.ok(sim.can(as("triage"), "create", "pods", { ...ns, subresource: "exec" }));
  t.ok(sim.can(as("triage"), "delete", "pods", ns));
  t.ok(sim.can(as("triage"), "patch", "deployments", { ...ns, group: "apps", subresource: "scale" }));
  t.notOk(sim.can(as("triage"), "update", "deployments", { ...ns, group: "apps" }));
  t.ok(sim.can(as("write"), "update", "deployments", { ...ns, group: "apps" }));
  t.notOk(sim.can(as("write"), "create", "roles", { ...ns, group: "rbac.authorization.k8s.io" }));
  t.ok(sim.can(as("maintain"), "create", "roles", { ...ns, group: "rbac.authorization.k8s.io" }));
  t.notOk(sim.can(as("maintain"), "create", "clusterroles", { group: "rbac.authorization.k8s.io" }));
  t.ok(sim.can(as("admin"), "create", "clusterroles", { group: "rbac.authorization.k8s.io" }));
  const sa = { username: "system:serviceaccount:periscope:impersonator", groups: ["system:serviceaccounts", "system:serviceaccounts:periscope", "system:authenticated"] };
  t.ok(sim.can(sa, "impersonate", "users", { name: "alice@example.com" }));
  t.ok(sim.can(sa, "impersonate", "groups", { name: "periscope-tier:read" }));
  t.ok(sim.can(sa, "impersonate", "userextras", { group: "authentication.k8s.io", subresource: "periscope-request-id" }), "the request-id extra the kube client sends");
  t.notOk(sim.can(sa, "impersonate", "userextras", { group: "authentication.k8s.io", subresource: "scopes" }), "no other user extra, as the chart renders it");
  t.notOk(sim.can(sa, "list", "pods", ns), "the console's identity reads nothing itself");
  t.notOk(sim.can(sa, "impersonate", "serviceaccounts", { namespace: "kube-system", name: "admin" }));
});

t.test("size parameter: a benchmark-sized world", async (t) => {
  const big = await generateWorld({ seed: "bench", now: NOW, pods: 5000, helm: false });
  const pods = ofKind("Pod", big).length;
  t.ok(pods >= 5000 && pods < 5100, `${pods} pods`);
  t.ok(ofKind("Node", big).length >= 100, "enough nodes to hold them");
  t.ok(ofKind("Namespace", big).some((n) => n.metadata.name === "team-001"));
});
