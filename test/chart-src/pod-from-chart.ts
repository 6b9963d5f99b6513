/**
 * Plays kubelet for a rendered chart: lays out the Deployment's volumes under a temp dir (ConfigMap data as
 * files, emptyDirs as dirs), resolves its env (secretKeyRef from rendered Secrets or given cluster Secrets) and
 * remaps every path that lives under a mount to the temp dir. Then starts `node server/main.ts` with that env.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- rendered manifests

export interface Pod {
  root: string;
  env: Record<string, string>;
  mounts: Array<{ mountPath: string; dir: string }>;
}

export function layOutPod(docs: Obj[], clusterSecrets: Record<string, Record<string, string>> = {}): Pod {
  const root = mkdtempSync(join(tmpdir(), "periscope-pod-"));
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
  const deployment = byKind("Deployment")[0];
  if (!deployment) throw new Error("no Deployment rendered");
  const configMaps = new Map(byKind("ConfigMap").map((c) => [c.metadata.name as string, (c.data ?? {}) as Record<string, string>]));
  const secrets = new Map<string, Record<string, string>>(Object.entries(clusterSecrets));
  for (const s of byKind("Secret")) secrets.set(s.metadata.name, s.stringData ?? {});
  const podSpec = deployment.spec.template.spec;
  const container = (podSpec.containers as Obj[]).find((c) => c.name === "periscope")!;
  const volumes = new Map((podSpec.volumes as Obj[]).map((v) => [v.name as string, v]));
  const mounts: Pod["mounts"] = [];
  for (const m of (container.volumeMounts ?? []) as Obj[]) {
    const dir = join(root, m.mountPath);
    mkdirSync(dir, { recursive: true });
    mounts.push({ mountPath: m.mountPath, dir });
    const v = volumes.get(m.name);
    if (!v) throw new Error(`volumeMount ${m.name} has no volume`);
    const cmNames: string[] = v.configMap ? [v.configMap.name] : v.projected ? (v.projected.sources as Obj[]).map((s) => s.configMap?.name).filter(Boolean) : [];
    for (const name of cmNames) {
      const data = configMaps.get(name);
      if (!data) throw new Error(`volume ${m.name} projects ConfigMap ${name}, which the chart did not render`);
      for (const [file, text] of Object.entries(data)) writeFileSync(join(dir, file), text);
    }
  }
  const remap = (value: string) => {
    const m = mounts.find((x) => value === x.mountPath || value.startsWith(`${x.mountPath}/`));
    return m ? m.dir + value.slice(m.mountPath.length) : value;
  };
  const env: Record<string, string> = {};
  for (const e of (container.env ?? []) as Obj[]) {
    if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef;
      const value = secrets.get(name)?.[key];
      if (value === undefined) throw new Error(`env ${e.name}: Secret ${name} key ${key} does not exist (CreateContainerConfigError)`);
      env[e.name] = value;
    } else {
      env[e.name] = remap(String(e.value ?? ""));
    }
  }
  return { root, env, mounts };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface RunningServer {
  base: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Start the server with exactly the pod's env (plus PATH/HOME and loopback binding) and wait for /healthz. */
export async function startServer(pod: Pod): Promise<RunningServer> {
  const main = resolve(import.meta.dirname, "../../server/main.ts");
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? "", HOME: pod.root, PERISCOPE_HOST: "127.0.0.1", ...pod.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => void (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => void (out += b.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const base = `http://127.0.0.1:${pod.env.PORT}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) return { base, output: () => out, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`server did not become healthy:\n${out}`);
}
