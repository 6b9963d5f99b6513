/** The real kubectl against the simulator served over HTTPS with a test CA. */
import t from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { smallWorld, pod, deployment, widgetCrd, widget } from "./fixtures.ts";
import { kubectlFor } from "./kubectl.ts";
import { startServedSim } from "./served-sim.ts";

const served = await startServedSim({ seed: smallWorld() });
const k = kubectlFor(served.kubeconfig);
t.teardown(async () => {
  k.cleanup();
  await served.close();
});
const podsType = served.sim.store.types.find("", "pods")!;

t.test("get pods -A lists every namespace with kubectl's columns", async (t) => {
  const r = await k.run(["get", "pods", "-A"]);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  t.match(lines[0], /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  t.match(r.stdout, /default\s+web-1\s+1\/1\s+Running\s+0/);
  t.match(r.stdout, /shop\s+cart-1\s+0\/1\s+CrashLoopBackOff\s+4/);
  t.match(r.stdout, /shop\s+cart-2\s+0\/1\s+Pending/);
  t.equal(lines.length, 6);
});

t.test("get pods -w sees a pod created after the watch started", async (t) => {
  const child = k.spawn(["get", "pods", "-w", "-n", "default"]);
  let out = "";
  const checks = new Set<() => void>();
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    for (const c of checks) c();
  });
  const seen = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => re.test(out) && resolve();
      checks.add(check);
      child.on("exit", () => reject(new Error(`kubectl exited early: ${out}`)));
      // A guard so a broken watch fails this test instead of hanging the file (not a timing assertion).
      setTimeout(() => reject(new Error(`not seen ${re}: ${out}`)), 30_000).unref();
      check();
    });
  await seen(/web-3/);
  served.sim.store.create(podsType, pod("default", "late-1", "Pending"));
  await seen(/late-1\s+0\/1\s+Pending/);
  child.kill();
  t.match(out, /NAME\s+READY\s+STATUS/);
  t.equal(out.match(/NAME\s+READY/g)?.length, 1, "headers printed once");
  served.sim.store.delete(podsType, "default", "late-1");
});

t.test("get -o json --chunk-size=2 pages through with continue tokens", async (t) => {
  const r = await k.run(["get", "pods", "-A", "-o", "json", "--chunk-size=2", "-v=6"]);
  t.equal(r.code, 0);
  const list = JSON.parse(r.stdout) as { items: Array<{ metadata: { name: string } }> };
  t.same(list.items.map((i) => i.metadata.name).sort(), ["cart-1", "cart-2", "web-1", "web-2", "web-3"]);
  t.match(r.stderr, /limit=2/);
  t.match(r.stderr, /continue=/);
});

t.test("apply --server-side, a conflict between two managers, then force", async (t) => {
  const dir = k.dir;
  const file = (name: string, replicas: number, image: string) => {
    const obj = deployment("default", "api", replicas);
    ((obj.spec as any).template.spec.containers[0]).image = image; // eslint-disable-line @typescript-eslint/no-explicit-any
    const p = join(dir, name);
    writeFileSync(p, stringify(obj));
    return p;
  };
  const first = await k.run(["apply", "--server-side", "-f", file("a.yaml", 2, "nginx:1")]);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /deployment.apps\/api serverside-applied/);
  const clash = await k.run(["apply", "--server-side", "--field-manager=ops", "-f", file("b.yaml", 5, "nginx:1")]);
  t.not(clash.code, 0);
  t.match(clash.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
  const shared = await k.run(["apply", "--server-side", "--field-manager=ops", "-f", file("c.yaml", 2, "nginx:1")]);
  t.equal(shared.code, 0, "same values co-own without conflict");
  const forced = await k.run(["apply", "--server-side", "--field-manager=ops", "--force-conflicts", "-f", file("d.yaml", 5, "nginx:2")]);
  t.equal(forced.code, 0, forced.stderr);
  const got = JSON.parse((await k.run(["get", "deploy", "api", "-o", "json", "--show-managed-fields"])).stdout);
  t.equal(got.spec.replicas, 5);
  t.equal(got.spec.template.spec.containers[0].image, "nginx:2");
  const managers = got.metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`).sort();
  t.same(managers, ["kubectl/Apply", "ops/Apply"]);
  const kubectlFields = JSON.stringify(got.metadata.managedFields.find((m: { manager: string }) => m.manager === "kubectl").fieldsV1);
  t.notMatch(kubectlFields, /f:replicas/, "force moved .spec.replicas to ops");
  const dry = await k.run(["apply", "--server-side", "--field-manager=ops", "--dry-run=server", "-f", file("e.yaml", 9, "nginx:2")]);
  t.equal(dry.code, 0, dry.stderr);
  t.equal(JSON.parse((await k.run(["get", "deploy", "api", "-o", "json"])).stdout).spec.replicas, 5, "dry run changed nothing");
  const scaled = await k.run(["scale", "deploy", "api", "--replicas=3"]);
  t.equal(scaled.code, 0, scaled.stderr);
  t.equal(JSON.parse((await k.run(["get", "deploy", "api", "-o", "json"])).stdout).spec.replicas, 3);
});

t.test("auth can-i answers yes and no", async (t) => {
  const yes = await k.run(["auth", "can-i", "delete", "pods", "-n", "shop"]);
  t.equal(yes.code, 0);
  t.equal(yes.stdout.trim(), "yes");
  const no = await k.run(["auth", "can-i", "delete", "pods", "-n", "shop"], { context: "viewer" });
  t.equal(no.code, 1);
  t.equal(no.stdout.trim(), "no");
  const secrets = await k.run(["auth", "can-i", "get", "secrets"], { context: "viewer" });
  t.equal(secrets.stdout.trim(), "no", "view does not include secrets");
  const logs = await k.run(["auth", "can-i", "get", "pods", "--subresource=log"], { context: "viewer" });
  t.equal(logs.stdout.trim(), "yes");
});

t.test("auth can-i --list shows the viewer's rules", async (t) => {
  const r = await k.run(["auth", "can-i", "--list", "-n", "default"], { context: "viewer" });
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  t.match(r.stdout, /deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch\]/);
  t.notMatch(r.stdout, /^secrets\s/m);
  t.match(r.stdout, /selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
});

t.test("auth whoami reports certificate, token and impersonated identities", async (t) => {
  const admin = await k.run(["auth", "whoami", "-o", "json"]);
  t.equal(admin.code, 0, admin.stderr);
  t.same(JSON.parse(admin.stdout).status.userInfo, { username: "admin", groups: ["system:masters", "system:authenticated"] });
  const sa = await k.run(["auth", "whoami"], { context: "impersonator" });
  t.match(sa.stdout, /Username\s+system:serviceaccount:periscope:periscope/);
  const as = await k.run(["auth", "whoami", "--as=alice", "--as-group=devs", "--as-group=ops"], { context: "impersonator" });
  t.equal(as.code, 0, as.stderr);
  t.match(as.stdout, /Username\s+alice/);
  t.match(as.stdout, /Groups\s+\[devs ops system:authenticated\]/);
});

t.test("--as and --as-group: allowed for the impersonator, forbidden otherwise", async (t) => {
  const own = await k.run(["get", "pods"], { context: "impersonator" });
  t.equal(own.code, 1, "the impersonator itself may not read");
  t.match(own.stderr, /pods is forbidden: User "system:serviceaccount:periscope:periscope" cannot list resource "pods" in API group "" in the namespace "default"/);
  const asViewer = await k.run(["get", "pods", "--as=viewer"], { context: "impersonator" });
  t.equal(asViewer.code, 0, asViewer.stderr);
  t.match(asViewer.stdout, /web-1/);
  const asGroup = await k.run(["get", "pods", "-n", "shop", "--as=someone", "--as-group=system:masters"], { context: "impersonator" });
  t.equal(asGroup.code, 0, asGroup.stderr);
  t.match(asGroup.stdout, /cart-1/);
  const viewerAs = await k.run(["get", "pods", "--as=bob"], { context: "viewer" });
  t.equal(viewerAs.code, 1);
  t.match(viewerAs.stderr, /Error from server \(Forbidden\): users "bob" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope/);
  const viewerAsGroup = await k.run(["get", "pods", "--as=viewer", "--as-group=system:masters"], { context: "viewer" });
  t.equal(viewerAsGroup.code, 1);
  t.match(viewerAsGroup.stderr, /cannot impersonate resource "users"/);
});

t.test("delete is forbidden for the viewer, with the apiserver's wording", async (t) => {
  const r = await k.run(["delete", "pod", "web-2"], { context: "viewer" });
  t.equal(r.code, 1);
  t.match(r.stderr, /Error from server \(Forbidden\): pods "web-2" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"/);
  t.ok(served.sim.store.tryGet(podsType, "default", "web-2"), "still there");
});

t.test("a CRD created with kubectl becomes servable; instances list with printer columns", async (t) => {
  const dir = k.dir;
  writeFileSync(join(dir, "crd.yaml"), stringify(widgetCrd()));
  const created = await k.run(["apply", "-f", join(dir, "crd.yaml")]);
  t.equal(created.code, 0, created.stderr);
  writeFileSync(join(dir, "widgets.yaml"), [widget("default", "small", 1, "red"), widget("default", "big", 9, "blue", "False")].map((w) => stringify(w)).join("---\n"));
  const applied = await k.run(["apply", "--server-side", "-f", join(dir, "widgets.yaml")]);
  t.equal(applied.code, 0, applied.stderr);
  // Status lives behind the status subresource: apply to the main resource drops it, as the apiserver does.
  for (const [name, ready] of [["small", "True"], ["big", "False"]]) {
    const patch = JSON.stringify({ status: { conditions: [{ type: "Ready", status: ready }] } });
    const p = await k.run(["patch", "widget", name!, "--subresource=status", "--type=merge", "-p", patch]);
    t.equal(p.code, 0, p.stderr);
  }
  const r = await k.run(["get", "widgets"]);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  t.match(lines[0], /^NAME\s+SIZE\s+COLOR\s+READY$/);
  t.match(r.stdout, /big\s+9\s+blue\s+False/);
  t.match(r.stdout, /small\s+1\s+red\s+True/);
  const short = await k.run(["get", "wd", "small", "-o", "jsonpath={.spec.color}"]);
  t.equal(short.stdout, "red");
  const deleted = await k.run(["delete", "crd", "widgets.example.com"]);
  t.equal(deleted.code, 0, deleted.stderr);
  const gone = await k.run(["get", "widgets"]);
  t.not(gone.code, 0);
});

t.test("kubectl create <kind> sends protobuf; the simulator decodes it (namespace, secret, deployment, RBAC)", async (t) => {
  for (const args of [
    ["create", "namespace", "made-by-create"],
    ["create", "secret", "generic", "pw", "-n", "made-by-create", "--from-literal=password=hunter2"],
    ["create", "deployment", "web", "-n", "made-by-create", "--image=nginx:1.27", "--replicas=3", "--port=8080"],
    ["create", "role", "pod-reader", "-n", "made-by-create", "--verb=get,list", "--resource=pods"],
    ["create", "rolebinding", "bob-reads", "-n", "made-by-create", "--role=pod-reader", "--user=bob"],
    ["create", "service", "nodeport", "web", "-n", "made-by-create", "--tcp=80:http"],
    ["create", "cronjob", "nightly", "-n", "made-by-create", "--image=busybox", "--schedule=0 2 * * *"],
    ["create", "ingress", "web", "-n", "made-by-create", "--class=nginx", "--rule=shop.example.com/api*=web:80,tls=shop-tls"],
    ["create", "pdb", "web", "-n", "made-by-create", "--selector=app=web", "--min-available=50%"],
  ]) {
    const r = await k.run(args);
    t.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
  }
  const secret = JSON.parse((await k.run(["get", "secret", "pw", "-n", "made-by-create", "-o", "json"])).stdout);
  t.equal(atob(secret.data.password), "hunter2");
  const deploy = JSON.parse((await k.run(["get", "deploy", "web", "-n", "made-by-create", "-o", "json"])).stdout);
  t.equal(deploy.spec.replicas, 3);
  t.same(deploy.spec.template.spec.containers, [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 8080 }], resources: {} }]);
  const svc = JSON.parse((await k.run(["get", "svc", "web", "-n", "made-by-create", "-o", "json"])).stdout);
  t.same(svc.spec, { ports: [{ name: "80-http", port: 80, protocol: "TCP", targetPort: "http" }], selector: { app: "web" }, type: "NodePort" });
  const cj = JSON.parse((await k.run(["get", "cronjob", "nightly", "-n", "made-by-create", "-o", "json"])).stdout);
  t.equal(cj.spec.schedule, "0 2 * * *");
  t.equal(cj.spec.jobTemplate.spec.template.spec.restartPolicy, "OnFailure");
  const ing = JSON.parse((await k.run(["get", "ingress", "web", "-n", "made-by-create", "-o", "json"])).stdout);
  t.same(ing.spec.rules, [{ host: "shop.example.com", http: { paths: [{ path: "/api", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }]);
  t.same(ing.spec.tls, [{ hosts: ["shop.example.com"], secretName: "shop-tls" }]);
  const pdb = JSON.parse((await k.run(["get", "pdb", "web", "-n", "made-by-create", "-o", "json"])).stdout);
  t.equal(pdb.spec.minAvailable, "50%");
  t.equal((await k.run(["auth", "can-i", "list", "pods", "-n", "made-by-create", "--as=bob"])).stdout.trim(), "yes");
  t.equal((await k.run(["auth", "can-i", "delete", "pods", "-n", "made-by-create", "--as=bob"])).stdout.trim(), "no");
});

t.test("kubectl create token mints a service-account token that authenticates", async (t) => {
  const sa = await k.run(["create", "serviceaccount", "robot", "-n", "shop"]);
  t.equal(sa.code, 0, sa.stderr);
  const minted = await k.run(["create", "token", "robot", "-n", "shop", "--duration=1h"]);
  t.equal(minted.code, 0, minted.stderr);
  const token = minted.stdout.trim();
  const who = await k.run(["auth", "whoami", "--token", token, "-o", "jsonpath={.status.userInfo.username}"], { context: "viewer" });
  t.equal(who.stdout, "system:serviceaccount:shop:robot");
  const denied = await k.run(["create", "token", "robot", "-n", "shop"], { context: "viewer" });
  t.match(denied.stderr, /cannot create resource "serviceaccounts\/token"/);
});

t.test("kubectl drain cordons the node and evicts its pods, respecting a disruption budget", async (t) => {
  const store = served.sim.store;
  const nodeType = store.types.find("", "nodes")!;
  const pdbType = store.types.find("policy", "poddisruptionbudgets")!;
  store.create(nodeType, { apiVersion: "v1", kind: "Node", metadata: { name: "drain-me" }, spec: {}, status: { conditions: [{ type: "Ready", status: "True" }] } });
  store.create(store.types.find("", "namespaces")!, { apiVersion: "v1", kind: "Namespace", metadata: { name: "drain" } });
  for (const name of ["free-1", "guarded-1"]) {
    const p = pod("drain", name, "Running", { app: name.replace(/-\d$/, "") });
    (p.spec as { nodeName: string }).nodeName = "drain-me";
    store.create(podsType, p);
  }
  store.create(pdbType, { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "guarded", namespace: "drain" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "guarded" } } }, status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 } });
  const blocked = await k.run(["drain", "drain-me", "--force", "--timeout=3s", "--pod-selector=app=guarded"]);
  t.not(blocked.code, 0);
  t.match(blocked.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
  const drained = await k.run(["drain", "drain-me", "--force", "--timeout=10s", "--pod-selector=app=free"]);
  t.equal(drained.code, 0, drained.stderr);
  t.match(drained.stdout, /evicting pod drain\/free-1/);
  t.notOk(store.tryGet(podsType, "drain", "free-1"));
  t.ok(store.tryGet(podsType, "drain", "guarded-1"));
  t.equal((store.get(nodeType, undefined, "drain-me").spec as { unschedulable?: boolean }).unschedulable, true, "cordoned");
});
