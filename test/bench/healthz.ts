/**
 * Requests/s and p99 of GET /healthz through the Node adapter and Deno.serve, with bare node:http as the baseline
 * (ratios), so later changes to the platform seam can be compared. Load comes from this process over keep-alive.
 */
import * as http from "node:http";
import type { Runtime } from "../support/runtimes.ts";
import { listeningPort, startChild } from "../support/runtimes.ts";

interface Target {
  name: string;
  runtime: Runtime;
  file: string;
}

async function load(port: number, durationMs: number, concurrency: number): Promise<{ rps: number; p50Ms: number; p99Ms: number; requests: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const deadline = performance.now() + durationMs;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const started = performance.now();
      const req = http.get({ host: "127.0.0.1", port, path: "/healthz", agent }, (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on("error", reject);
    });
  const worker = async () => {
    while (performance.now() < deadline) await one();
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - began;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 1000) / 1000;
  return { rps: Math.round((latencies.length / elapsed) * 1000), p50Ms: pct(0.5), p99Ms: pct(0.99), requests: latencies.length };
}

export async function healthzBench(options: { durationMs?: number; concurrency?: number } = {}): Promise<Record<string, unknown>> {
  const durationMs = options.durationMs ?? 3_000;
  const concurrency = options.concurrency ?? 16;
  const targets: Target[] = [
    { name: "plain node:http", runtime: "node", file: "test/bench/plain-http-server.ts" },
    { name: "periscope on node", runtime: "node", file: "server/main.ts" },
    { name: "periscope on deno", runtime: "deno", file: "server/main.ts" },
  ];
  const results: Record<string, { rps: number; p50Ms: number; p99Ms: number; requests: number }> = {};
  for (const target of targets) {
    const child = startChild(target.runtime, target.file, {
      env: { PORT: "0", PERISCOPE_HOST: "127.0.0.1", PERISCOPE_AUDIT_ENABLED: "false" },
    });
    try {
      const port = await listeningPort(child);
      if (!port) throw new Error(`${target.name} did not start: ${child.stderr().slice(0, 500)}`);
      // Access-log lines keep coming (as in production); discard them instead of collecting.
      child.process.stdout!.removeAllListeners("data");
      child.process.stdout!.resume();
      await load(port, 500, concurrency); // warm-up
      results[target.name] = await load(port, durationMs, concurrency);
    } finally {
      child.process.kill("SIGKILL");
    }
  }
  const base = results["plain node:http"]!;
  return {
    concurrency,
    durationMs,
    ...results,
    ratioNodeAdapterToPlain: Math.round((results["periscope on node"]!.rps / base.rps) * 100) / 100,
    ratioDenoToPlain: Math.round((results["periscope on deno"]!.rps / base.rps) * 100) / 100,
  };
}
