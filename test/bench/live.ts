/**
 * Live features benchmark (figures, never assertions):
 * - watch event latency: a change in the simulator → the `modified` event read by an SSE client (p50/p95);
 * - server memory per 100 open watch streams: RSS of a real `node server/main.ts` (demo cluster) before/after;
 * - exec round trip: one keystroke to its tty echo through Periscope and the simulator's shell (p50/p95);
 * - logs throughput: lines per second of a 50,000-line pod log through the SSE route.
 *
 * Run alone: `node test/bench/live.ts` (prints JSON).
 */
import { readFile } from "node:fs/promises";
import { startChild } from "../support/runtimes.ts";
import { startLiveHarness } from "../live/harness.ts";
import { SseClient } from "../live/sse-client.ts";
import { connectExec, isRefused } from "../live/ws-client.ts";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100;
};

async function watchLatency(n: number): Promise<Record<string, number>> {
  const h = await startLiveHarness();
  try {
    const s = await h.sse("admin", "/api/clusters/test/resources/pods/watch?namespace=web");
    await s.next("snapshot");
    const out: number[] = [];
    for (let i = 0; i < n + 10; i++) {
      const t0 = performance.now();
      h.update("pods", "", "web", "web-1", (p) => {
        p.metadata.labels = { ...p.metadata.labels, n: String(i) };
      });
      await s.next("modified");
      if (i >= 10) out.push(performance.now() - t0);
    }
    s.close();
    return { events: n, p50Ms: pct(out, 50), p95Ms: pct(out, 95), maxMs: pct(out, 100) };
  } finally {
    await h.close();
  }
}

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function memoryPer100Streams(): Promise<Record<string, number>> {
  const child = startChild("node", "server/main.ts", {
    env: { PORT: "0", PERISCOPE_HOST: "127.0.0.1", PERISCOPE_AUTH_FILE: "", PERISCOPE_CLUSTERS_FILE: "", PERISCOPE_AUDIT_ENABLED: "false", PERISCOPE_WATCH_PER_USER_LIMIT: "0" },
  });
  try {
    let port = 0;
    for (let i = 0; i < 600 && !port; i++) {
      const line = child.lines.map((l) => { try { return JSON.parse(l) as { msg?: string; port?: number }; } catch { return undefined; } }).find((r) => r?.msg === "listening");
      if (line?.port) port = line.port;
      else await new Promise((r) => setTimeout(r, 100));
    }
    if (!port) throw new Error(`server did not start: ${child.stderr().slice(0, 300)}`);
    const base = `http://127.0.0.1:${port}`;
    const warm = await SseClient.open(`${base}/api/clusters/demo/resources/pods/watch?namespace=shop`);
    await warm.next("snapshot", 20_000);
    warm.close();
    await new Promise((r) => setTimeout(r, 1000));
    const before = await rssKb(child.process.pid!);
    const streams: SseClient[] = [];
    const kinds = ["pods", "events", "deployments", "services", "replicasets"];
    for (let i = 0; i < 100; i++) {
      const s = await SseClient.open(`${base}/api/clusters/demo/resources/${kinds[i % kinds.length]}/watch?namespace=shop`);
      await s.next("snapshot", 20_000);
      streams.push(s);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const after = await rssKb(child.process.pid!);
    for (const s of streams) s.close();
    return { streams: 100, rssBeforeMiB: Math.round(before / 102.4) / 10, rssAfterMiB: Math.round(after / 102.4) / 10, perStreamKiB: Math.round(((after - before) / 100) * 10) / 10 };
  } finally {
    child.process.kill("SIGTERM");
    await child.exited;
  }
}

async function execRoundTrip(n: number): Promise<Record<string, number>> {
  const h = await startLiveHarness();
  try {
    const c = await connectExec(`${h.base.replace(/^http/, "ws")}/api/clusters/test/pods/web/web-1/exec?command=sh`, { "x-test-user": "admin" });
    if (isRefused(c)) throw new Error(`exec refused: ${JSON.stringify(c.body)}`);
    await c.waitOutput(/# $/);
    const out: number[] = [];
    for (let i = 0; i < n + 10; i++) {
      const before = c.output().length;
      const t0 = performance.now();
      c.send("a");
      await c.waitOutput(new RegExp(`^[\\s\\S]{${before + 1}}`));
      if (i >= 10) out.push(performance.now() - t0);
    }
    c.control({ type: "close" });
    return { keystrokes: n, p50Ms: pct(out, 50), p95Ms: pct(out, 95) };
  } finally {
    await h.close();
  }
}

async function logsThroughput(): Promise<Record<string, number>> {
  const h = await startLiveHarness({ logLineIntervalMs: 1, logMaxHistoryLines: 50_000 });
  try {
    const t0 = performance.now();
    const s = await h.sse("admin", "/api/clusters/test/pods/web/web-1/logs?tailLines=50000");
    await s.next("end", 60_000);
    const seconds = (performance.now() - t0) / 1000;
    const lines = s.events.filter((e) => e.event === "line").length;
    return { lines, seconds: Math.round(seconds * 100) / 100, linesPerSecond: Math.round(lines / seconds) };
  } finally {
    await h.close();
  }
}

export async function liveBench(options: { events?: number } = {}): Promise<Record<string, unknown>> {
  const n = options.events ?? 300;
  return {
    watchEventLatency: await watchLatency(n),
    memoryPer100WatchStreams: await memoryPer100Streams(),
    execKeystrokeEcho: await execRoundTrip(Math.round(n / 2)),
    logsThroughput: await logsThroughput(),
  };
}

if (import.meta.main) {
  console.log(JSON.stringify(await liveBench(), null, 2));
}
