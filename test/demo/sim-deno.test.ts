/** The simulator is product code that must run unchanged on Deno: serve it there and drive it with kubectl. */
import t from "tap";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChild } from "../support/runtimes.ts";
import { kubectlFor } from "./kubectl.ts";

const dir = mkdtempSync(join(tmpdir(), "sim-deno-"));
const kubeconfigPath = join(dir, "kubeconfig");
const child = startChild("deno", "test/demo/sim-cli.ts", { args: ["--port", "0", "--kubeconfig", kubeconfigPath] });
t.teardown(() => {
  child.process.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});
const started = await child.firstJson<{ url: string; world: string }>(60_000);

t.test("kubectl against the simulator on Deno: list, watch-free reads, RBAC, impersonation, apply", async (t) => {
  t.match(started.world, /^demo world/);
  const k = kubectlFor(readFileSync(kubeconfigPath, "utf8"));
  t.teardown(() => k.cleanup());
  const pods = await k.run(["get", "pods", "-A", "--no-headers"]);
  t.equal(pods.code, 0, pods.stderr);
  t.match(pods.stdout, /CrashLoopBackOff/);
  const denied = await k.run(["delete", "pod", "-n", "shop", "--all"], { context: "viewer" });
  t.match(denied.stderr, /is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "shop"/);
  const who = await k.run(["auth", "whoami", "--as=alice", "--as-group=devs"], { context: "impersonator" });
  t.match(who.stdout, /Username\s+alice/);
  const apply = await k.run(["create", "configmap", "from-deno", "--from-literal=a=b", "--dry-run=client", "-o", "yaml"]);
  t.equal(apply.code, 0);
  const file = join(k.dir, "cm.yaml");
  (await import("node:fs")).writeFileSync(file, apply.stdout);
  const ssa = await k.run(["apply", "--server-side", "-f", file]);
  t.equal(ssa.code, 0, ssa.stderr);
  t.equal((await k.run(["get", "cm", "from-deno", "-o", "jsonpath={.data.a}"])).stdout, "b");
  const watch = k.spawn(["get", "configmaps", "-n", "default", "-w", "--output-watch-events"]);
  t.teardown(() => void watch.kill());
  let out = "";
  const checks = new Set<() => void>();
  watch.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    for (const c of checks) c();
  });
  const seen = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      checks.add(() => re.test(out) && resolve());
      watch.on("exit", () => reject(new Error(`watch ended: ${out}`)));
      setTimeout(() => reject(new Error(`not seen ${re}: ${out}`)), 30_000).unref();
    });
  const listed = seen(/from-deno/);
  await listed;
  const added = seen(/ADDED\s+late-cm/);
  const created = await k.run(["create", "configmap", "late-cm", "-n", "default"]);
  t.equal(created.code, 0, created.stderr);
  await added;
  t.pass("the watch streamed the new ConfigMap");
});
