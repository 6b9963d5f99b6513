/**
 * PERISCOPE_EXEC_PROBE_ON_BOOT: the setting, the probe against the simulator (reached, skipped, unreachable),
 * and the real entry point logging one probe line per cluster when it is on.
 */
import { createServer } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { createClusterRegistry } from "../../server/clusters/registry.ts";
import { KUBE_VERSION } from "../../server/demo/discovery.ts";
import { createLogger } from "../../server/http/log.ts";
import { probeClusters } from "../../server/live/cluster-probe.ts";
import { readLiveSettings } from "../../server/live/settings.ts";
import { loadPlatform } from "../../server/platform/load.ts";
import { startServedSim } from "../demo/served-sim.ts";
import { startChild } from "../support/runtimes.ts";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

t.test("the setting: off by default, true/false accepted", async (t) => {
  t.equal(readLiveSettings({}).probeClustersOnBoot, false);
  t.equal(readLiveSettings({ PERISCOPE_EXEC_PROBE_ON_BOOT: "false" }).probeClustersOnBoot, false);
  t.equal(readLiveSettings({ PERISCOPE_EXEC_PROBE_ON_BOOT: "TRUE" }).probeClustersOnBoot, true);
});

t.test("every exec-enabled cluster is asked for /version; an unreachable one is logged, not fatal", async (t) => {
  const platform = await loadPlatform();
  const sim = await startServedSim();
  const dir = await mkdtemp(join(tmpdir(), "periscope-probe-"));
  t.teardown(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });
  const live = join(dir, "live");
  const dead = join(dir, "dead");
  await writeFile(live, sim.kubeconfig, { mode: 0o600 });
  await writeFile(dead, sim.kubeconfig.replace(sim.url, `https://127.0.0.1:${await closedPort()}`), { mode: 0o600 });
  const lines: string[] = [];
  const log = createLogger("info", (line) => void lines.push(line));
  const clusters = await createClusterRegistry(
    [
      { name: "warm", backend: "kubeconfig", kubeconfigPath: live, kubeconfigContext: "impersonator" },
      { name: "no-exec", backend: "kubeconfig", kubeconfigPath: live, kubeconfigContext: "impersonator", exec: { enabled: false } },
      { name: "gone", backend: "kubeconfig", kubeconfigPath: dead, kubeconfigContext: "impersonator" },
    ],
    { platform, log, env: {}, configSource: "test" },
  );
  t.teardown(() => clusters.close());
  const results = await probeClusters(clusters, log, { timeoutMs: 5_000 });
  t.same(results.map((r) => [r.cluster, r.ok]), [["warm", true], ["gone", false]], "exec-disabled clusters are not probed");
  t.equal(results[0]!.version, KUBE_VERSION.gitVersion, "the simulator answered");
  t.match(results[1]!.error, /./, "the failure says why");
  const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  t.match(logged.find((l) => l.cluster === "warm"), { level: "info", msg: "cluster probe", ok: true });
  t.match(logged.find((l) => l.cluster === "gone"), { level: "warn", msg: "cluster probe failed", ok: false });
});

t.test("server/main.ts with PERISCOPE_EXEC_PROBE_ON_BOOT=true probes the clusters after listening", async (t) => {
  const child = startChild("node", "server/main.ts", {
    env: { PORT: "0", PERISCOPE_HOST: "127.0.0.1", PERISCOPE_AUTH_FILE: "", PERISCOPE_CLUSTERS_FILE: "", PERISCOPE_AUDIT_ENABLED: "false", PERISCOPE_EXEC_PROBE_ON_BOOT: "true" },
  });
  t.teardown(() => void child.process.kill("SIGKILL"));
  const parsed = () => child.lines.map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return {}; } });
  for (let i = 0; i < 300 && !parsed().some((l) => l.msg === "cluster probe"); i++) {
    if (child.process.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const msgs = parsed().map((l) => l.msg);
  t.ok(msgs.indexOf("listening") >= 0 && msgs.indexOf("listening") < msgs.indexOf("cluster probe"), `probed after listening (${child.stderr().slice(0, 300)})`);
  t.match(parsed().find((l) => l.msg === "cluster probe"), { ok: true, cluster: String });
});
