/** Helm release Secrets read back by the real helm binary, and the encoding checked with an independent gunzip. */
import t from "tap";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { decodeRelease, encodeRelease } from "../../server/demo/helm-codec.ts";
import { releaseSecrets } from "../../server/demo/helm-releases.ts";
import { demoReleases } from "../../server/demo/world/helm.ts";
import { k8sTools } from "../support/k8s-tools.ts";
import { startServedDemo } from "./world/served-demo.ts";

const run = promisify(execFile);
const demo = await startServedDemo();
const dir = mkdtempSync(join(tmpdir(), "sim-helm-"));
writeFileSync(join(dir, "kubeconfig"), demo.served.kubeconfig, { mode: 0o600 });
t.teardown(async () => {
  rmSync(dir, { recursive: true, force: true });
  await demo.close();
});
const env = { PATH: process.env.PATH ?? "", HOME: dir, KUBECONFIG: join(dir, "kubeconfig"), HELM_CACHE_HOME: join(dir, "cache"), HELM_CONFIG_HOME: join(dir, "config"), HELM_DATA_HOME: join(dir, "data") };
const helm = async (...args: string[]) => (await run(k8sTools().helm, args, { env, encoding: "utf8" })).stdout;

t.test("helm list -A shows the latest revision of each release, failed ones included", async (t) => {
  const out = await helm("list", "-A");
  t.match(out, /^shop\s+shop\s+4\s+.*\s+deployed\s+shop-1\.4\.0\s+2\.14\.1/m);
  t.match(out, /^monitoring\s+monitoring\s+2\s+.*\s+deployed\s+kube-prometheus-stack-66\.2\.1/m);
  t.match(out, /^analytics\s+data\s+2\s+.*\s+failed\s+postgresql-16\.2\.1/m);
  t.match(out, /^cert-manager\s+kube-system\s+1\s+/m);
});

t.test("helm history shows superseded, failed and the rollback", async (t) => {
  const out = await helm("history", "shop", "-n", "shop");
  const rows = out.trim().split("\n").slice(1).map((l) => l.split("\t").map((c) => c.trim()));
  t.same(rows.map((r) => [r[0], r[2], r[3]]), [
    ["1", "superseded", "shop-1.3.0"],
    ["2", "superseded", "shop-1.4.0"],
    ["3", "failed", "shop-1.4.1"],
    ["4", "deployed", "shop-1.4.0"],
  ]);
  t.match(out, /Rollback to 2/);
});

t.test("helm get values / manifest / status decode the release body", async (t) => {
  t.match(await helm("get", "values", "shop", "-n", "shop"), /USER-SUPPLIED VALUES:\napi:\n  replicas: 3\n/);
  const manifest = await helm("get", "manifest", "shop", "-n", "shop");
  t.match(manifest, /# Source: shop\/templates\/ingress\.yaml\napiVersion: networking\.k8s\.io\/v1\nkind: Ingress\n/);
  t.match(await helm("status", "analytics", "-n", "data"), /STATUS: failed/);
});

t.test("Secrets are named, typed and labelled like Helm's secret driver; data.release is base64(base64(gzip(json)))", async (t) => {
  const now = Date.parse("2026-11-25T08:00:00Z");
  const secrets = await releaseSecrets(demoReleases()[0]!, now);
  t.same(secrets.map((s) => s.metadata.name), [1, 2, 3, 4].map((v) => `sh.helm.release.v1.shop.v${v}`));
  const s = secrets[2]!;
  t.equal(s.type, "helm.sh/release.v1");
  t.match(s.metadata.labels, { owner: "helm", name: "shop", status: "failed", version: "3" });
  const helmString = Buffer.from((s.data as { release: string }).release, "base64").toString();
  const json = JSON.parse(gunzipSync(Buffer.from(helmString, "base64")).toString());
  t.match(json, { name: "shop", version: 3, namespace: "shop", info: { status: "failed", deleted: "" }, chart: { metadata: { name: "shop", version: "1.4.1", apiVersion: "v2" } } });
  t.same(await decodeRelease(await encodeRelease({ a: [1, "ü"] })), { a: [1, "ü"] });
});
