import t from "tap";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { ConfigErrors } from "../../server/config/config-error.ts";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import type { ClusterConfig } from "../../server/config/schema/clusters.ts";
import { createLogger } from "../../server/http/log.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { AppError } from "../../server/http/errors.ts";
import { startHarness } from "../api/harness.ts";

const h = await startHarness();
t.teardown(() => h.close());
const platform = await loadPlatform();
const deps = { platform, log: createLogger("error", () => undefined), env: {}, configSource: "/etc/periscope/clusters.yaml" };
const registry = (configs: ClusterConfig[]) => createClusterRegistry(configs, deps);

async function whoami(config: ClusterConfig): Promise<string> {
  const r = await registry([config]);
  try {
    const body = (await r.client(config.name, undefined).json({
      method: "POST",
      path: "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      contentType: "application/json",
      body: "{}",
    })) as { status: { userInfo: { username: string } } };
    return body.status.userInfo.username;
  } finally {
    await r.close();
  }
}

t.test("contexts: token, client certificate", async (t) => {
  t.equal(await whoami({ name: "a", backend: "kubeconfig", kubeconfigPath: h.kubeconfigPath, kubeconfigContext: "impersonator" }), "system:serviceaccount:periscope:periscope");
  t.equal(await whoami({ name: "b", backend: "kubeconfig", kubeconfigPath: h.kubeconfigPath, kubeconfigContext: "admin" }), "admin", "client certificate");
  t.equal(await whoami({ name: "c", backend: "kubeconfig", kubeconfigPath: h.kubeconfigPath }), "admin", "current-context when unset");
});

t.test("exec credential plugins run and their token is used", async (t) => {
  const doc = parse(h.sim.kubeconfig) as { users: Array<{ name: string; user: Record<string, unknown> }>; contexts: Array<{ name: string; context: Record<string, string> }> };
  const plugin = join(h.dir, "plugin.mjs");
  await writeFile(plugin, `process.stdout.write(JSON.stringify({apiVersion:"client.authentication.k8s.io/v1",kind:"ExecCredential",status:{token:${JSON.stringify(h.sim.tokens.viewer)}}}));\n`);
  doc.users.push({ name: "exec", user: { exec: { apiVersion: "client.authentication.k8s.io/v1", command: process.execPath, args: [plugin], interactiveMode: "Never" } } });
  doc.contexts.push({ name: "exec", context: { cluster: "sim", user: "exec" } });
  const path = join(h.dir, "kubeconfig-exec");
  await writeFile(path, stringify(doc));
  t.equal(await whoami({ name: "e", backend: "kubeconfig", kubeconfigPath: path, kubeconfigContext: "exec" }), "viewer");
});

t.test("a kubeconfig `as:` never reaches the apiserver (the user's impersonation would be overridden)", async (t) => {
  const doc = parse(h.sim.kubeconfig) as { users: Array<{ name: string; user: Record<string, unknown> }> };
  doc.users.find((u) => u.name === "admin")!.user.as = "someone-else";
  const path = join(h.dir, "kubeconfig-as");
  await writeFile(path, stringify(doc));
  t.equal(await whoami({ name: "f", backend: "kubeconfig", kubeconfigPath: path, kubeconfigContext: "admin" }), "admin");
});

t.test("configuration mistakes stop the boot with one line each", async (t) => {
  const error = await registry([
    { name: "x", backend: "kubeconfig", kubeconfigPath: join(h.dir, "missing") },
    { name: "y", backend: "kubeconfig", kubeconfigPath: h.kubeconfigPath, kubeconfigContext: "nope" },
  ]).catch((e: unknown) => e);
  t.ok(error instanceof ConfigErrors);
  const lines = (error as ConfigErrors).message.split("\n");
  t.equal(lines.length, 2);
  t.match(lines[0], /^\/etc\/periscope\/clusters\.yaml: clusters\[x\]\.kubeconfigPath: expected a readable kubeconfig file, found /);
  t.equal(lines[1], '/etc/periscope/clusters.yaml: clusters[y].kubeconfigContext: expected a context of ' + h.kubeconfigPath + ' (admin, viewer, impersonator), found "nope"');
});

t.test("an unreachable server is a per-cluster error, not a boot failure", async (t) => {
  const path = join(h.dir, "kubeconfig-down");
  await writeFile(path, h.sim.kubeconfig.replace(h.sim.url, "https://127.0.0.1:9"));
  const r = await registry([{ name: "down", backend: "kubeconfig", kubeconfigPath: path, kubeconfigContext: "impersonator" }]);
  t.teardown(() => r.close());
  const error = await r.client("down", undefined).json({ path: "/version" }).catch((e: unknown) => e);
  t.ok(error instanceof AppError);
  t.equal((error as AppError).code, "cluster_unreachable");
});
