import t from "tap";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateWorld } from "../../server/demo/world/generate.ts";
import { k8sTools } from "../support/k8s-tools.ts";
import { helmReleaseSecret, webManifest } from "./fixtures.ts";
import { startHarness } from "./harness.ts";

// The demo world's seeded releases, plus a ConfigMap-driver world below.
const world = await generateWorld({ seed: "helm-test" });
const h = await startHarness({ simulator: { seed: world }, tierBindings: false });
const dir = mkdtempSync(join(tmpdir(), "periscope-helm-"));
const kubeconfig = join(dir, "kubeconfig");
writeFileSync(kubeconfig, h.sim.kubeconfig, { mode: 0o600 });
t.teardown(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h.close();
});

/** The real helm binary, as cluster-admin, isolated from the developer's own config. */
function helm(args: string[]): Promise<unknown> {
  const env = { PATH: process.env.PATH ?? "", HOME: dir, XDG_CACHE_HOME: join(dir, "c"), XDG_CONFIG_HOME: join(dir, "f"), XDG_DATA_HOME: join(dir, "d") };
  return new Promise((resolve, reject) => {
    execFile(k8sTools().helm, ["--kubeconfig", kubeconfig, "--kube-context", "admin", ...args, "-o", "json"], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`helm ${args.join(" ")}: ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

type HelmListItem = { name: string; namespace: string; revision: string; status: string; chart: string; app_version: string };
type HelmHistoryItem = { revision: number; status: string; chart: string; app_version: string; description: string };

t.test("the release list matches `helm list -A`", async (t) => {
  const ours = await h.json("admin", "/api/clusters/test/helm/releases");
  t.equal(ours.status, 200);
  t.equal(ours.body.driver, "secrets");
  const theirs = (await helm(["list", "-A", "--deployed", "--failed", "--pending", "--superseded", "--uninstalled", "--uninstalling"])) as HelmListItem[];
  t.ok(theirs.length >= 3, "the world seeds several releases");
  const key = (n: string, ns: string) => `${ns}/${n}`;
  const mine = new Map(ours.body.releases.map((r: Record<string, string>) => [key(r.name!, r.namespace!), r]));
  t.equal(mine.size, theirs.length);
  for (const r of theirs) {
    const m = mine.get(key(r.name, r.namespace)) as Record<string, unknown> | undefined;
    t.ok(m, `${r.namespace}/${r.name} listed`);
    t.same([m?.revision, m?.status, `${m?.chart}-${m?.chartVersion}`, m?.appVersion], [Number(r.revision), r.status, r.chart, r.app_version], `${r.namespace}/${r.name}`);
  }
});

t.test("history and structured diff of every multi-revision release agree with helm", async (t) => {
  const list = (await h.json("admin", "/api/clusters/test/helm/releases")).body.releases as Array<{ name: string; namespace: string; revision: number }>;
  const multi = list.filter((r) => r.revision > 1);
  t.ok(multi.length >= 1, "the world has upgraded releases");
  for (const r of multi) {
    const base = `/api/clusters/test/helm/releases/${r.namespace}/${r.name}`;
    const ours = (await h.json("admin", `${base}/history`)).body.history as Array<Record<string, unknown>>;
    const theirs = (await helm(["history", r.name, "-n", r.namespace])) as HelmHistoryItem[];
    t.same(
      ours.map((x) => [x.revision, x.status, `${x.chart}-${x.chartVersion}`, x.appVersion, x.description]),
      theirs.reverse().map((x) => [x.revision, x.status, x.chart, x.app_version, x.description]),
      `${r.namespace}/${r.name} history`,
    );
    const from = r.revision - 1;
    const diff = (await h.json("admin", `${base}/diff?from=${from}&to=${r.revision}`)).body;
    const before = await helm(["get", "values", r.name, "-n", r.namespace, "--revision", String(from)]);
    const after = await helm(["get", "values", r.name, "-n", r.namespace, "--revision", String(r.revision)]);
    t.ok(diff.values.length > 0, "values changed between revisions");
    const at = (obj: unknown, path: string) => path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
    for (const d of diff.values as Array<{ path: string; op: string; from?: unknown; to?: unknown }>) {
      t.same(at(before, d.path), d.op === "added" ? undefined : d.from, `${r.name} ${d.path} before`);
      t.same(at(after, d.path), d.op === "removed" ? undefined : d.to, `${r.name} ${d.path} after`);
    }
    const detail = (await h.json("admin", `${base}?revision=${r.revision}`)).body;
    const manifest = (await new Promise<string>((resolve, reject) =>
      execFile(k8sTools().helm, ["--kubeconfig", kubeconfig, "--kube-context", "admin", "get", "manifest", r.name, "-n", r.namespace], { env: { PATH: process.env.PATH ?? "", HOME: dir } }, (e, out) => (e ? reject(e) : resolve(out))),
    ));
    t.equal(detail.manifest.trim(), manifest.trim(), "manifest as helm shows it");
    t.same(detail.values, after, "user values as `helm get values`");
    t.ok(detail.resources.length > 0);
  }
});

t.test("a read-tier user gets Kubernetes' 403 (releases live in Secrets)", async (t) => {
  const res = await h.json("reader", "/api/clusters/test/helm/releases");
  t.equal(res.status, 403);
  t.match(res.body.message, /cannot list resource "secrets"/);
});

t.test("unknown release and revision are 404", async (t) => {
  t.equal((await h.json("admin", "/api/clusters/test/helm/releases/shop/nope")).status, 404);
  const some = (await h.json("admin", "/api/clusters/test/helm/releases")).body.releases[0];
  t.equal((await h.json("admin", `/api/clusters/test/helm/releases/${some.namespace}/${some.name}?revision=99`)).status, 404);
});

t.test("diff shows added and changed objects; fixtures in Helm's own encoding", async (t) => {
  const objs = [
    helmReleaseSecret("shop", "storefront", { revision: 1, status: "superseded", chartVersion: "1.0.0", values: { replicaCount: 2 }, manifest: webManifest(2, false) }),
    helmReleaseSecret("shop", "storefront", { revision: 2, status: "deployed", chartVersion: "1.1.0", values: { replicaCount: 3, config: { mode: "fast" } }, manifest: webManifest(3, true) }),
  ];
  h.sim.sim.seed(objs);
  const diff = (await h.json("admin", "/api/clusters/test/helm/releases/shop/storefront/diff")).body;
  t.same(diff.values, [
    { path: "config", op: "added", to: { mode: "fast" } },
    { path: "replicaCount", op: "changed", from: 2, to: 3 },
  ]);
  t.same(diff.resources.map((r: { kind: string; name: string; op: string }) => `${r.op} ${r.kind}/${r.name}`), ["added ConfigMap/storefront-config", "changed Deployment/storefront"]);
  t.same(diff.resources[1].changes, [{ path: "spec.replicas", op: "changed", from: 2, to: 3 }]);
  const theirs = (await helm(["history", "storefront", "-n", "shop"])) as HelmHistoryItem[];
  t.same(theirs.map((x) => x.chart), ["web-1.0.0", "web-1.1.0"], "helm reads the fixture encoding too");
});

t.test("the ConfigMap storage driver is detected, and helm agrees (HELM_DRIVER=configmap)", async (t) => {
  const { helmReleaseConfigMap } = await import("./fixtures.ts");
  const cmHarness = await startHarness({
    simulator: {
      seed: [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "legacy" } },
        helmReleaseConfigMap("legacy", "old-app", { revision: 1, status: "superseded", chartVersion: "0.9.0", values: { a: 1 }, manifest: webManifest(1, false) }),
        helmReleaseConfigMap("legacy", "old-app", { revision: 2, status: "deployed", chartVersion: "1.0.0", values: { a: 2 }, manifest: webManifest(1, true) }),
      ],
    },
  });
  t.teardown(() => cmHarness.close());
  const list = await cmHarness.json("admin", "/api/clusters/test/helm/releases");
  t.equal(list.body.driver, "configmaps");
  t.same(list.body.releases.map((r: { name: string; revision: number; chartVersion: string }) => [r.name, r.revision, r.chartVersion]), [["old-app", 2, "1.0.0"]]);
  const diff = (await cmHarness.json("admin", "/api/clusters/test/helm/releases/legacy/old-app/diff")).body;
  t.same(diff.values, [{ path: "a", op: "changed", from: 1, to: 2 }]);
  const file = join(dir, "kubeconfig-cm");
  writeFileSync(file, cmHarness.sim.kubeconfig, { mode: 0o600 });
  const theirs = await new Promise<HelmHistoryItem[]>((resolve, reject) =>
    execFile(k8sTools().helm, ["--kubeconfig", file, "--kube-context", "admin", "history", "old-app", "-n", "legacy", "-o", "json"], { env: { PATH: process.env.PATH ?? "", HOME: dir, HELM_DRIVER: "configmap" } }, (e, out, err) => (e ? reject(new Error(err)) : resolve(JSON.parse(out)))),
  );
  t.same(theirs.map((x) => [x.revision, x.status, x.chart]), [[1, "superseded", "web-0.9.0"], [2, "deployed", "web-1.0.0"]]);
  const history = (await cmHarness.json("admin", "/api/clusters/test/helm/releases/legacy/old-app/history")).body.history;
  t.same(history.map((x: { revision: number; status: string }) => [x.revision, x.status]), [[2, "deployed"], [1, "superseded"]]);
});
