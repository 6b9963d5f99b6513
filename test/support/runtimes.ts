/** Run a TypeScript file on Node (this repo's node@24) or Deno (the npm `deno` binary) as a child process. */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const RUNTIMES = ["node", "deno"] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** The Deno binary itself (node_modules/.bin/deno is a Node launcher; signals must reach Deno directly). */
export const DENO_BIN = join(ROOT, "node_modules", "@deno", "linux-x64-glibc", "deno");

export function commandFor(runtime: Runtime, file: string, args: string[] = []): [string, string[]] {
  if (runtime === "node") return [process.execPath, [file, ...args]];
  return [
    DENO_BIN,
    ["run", "--allow-net", "--allow-read", "--allow-env", "--allow-write", "--allow-run", "--unstable-no-legacy-abort", file, ...args],
  ];
}

export interface Child {
  process: ChildProcess;
  /** Lines printed on stdout so far. */
  lines: string[];
  stderr(): string;
  /** Resolves with the first stdout line that parses as JSON. */
  firstJson<T>(timeoutMs?: number): Promise<T>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startChild(runtime: Runtime, file: string, options: { args?: string[]; env?: Record<string, string> } = {}): Child {
  const [cmd, args] = commandFor(runtime, file, options.args);
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let err = "";
  let partial = "";
  const waiters: Array<() => void> = [];
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    partial += chunk;
    const parts = partial.split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("exit", (code, signal) => {
      for (const w of waiters.splice(0)) w();
      r({ code, signal });
    }),
  );
  return {
    process: child,
    lines,
    stderr: () => err,
    exited,
    async firstJson<T>(timeoutMs = 20_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const line of lines) {
          try {
            return JSON.parse(line) as T;
          } catch {
            // not JSON yet
          }
        }
        if (child.exitCode !== null) throw new Error(`${runtime} child exited ${child.exitCode}: ${err.slice(0, 2000)}`);
        if (Date.now() > deadline) throw new Error(`${runtime} child printed no JSON in ${timeoutMs} ms: ${err.slice(0, 2000)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
  };
}

/** The port from server/main.ts's `listening` log line; 0 when the child exited or did not start in time. */
export async function listeningPort(child: Child, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.process.exitCode === null) {
    for (const line of child.lines) {
      try {
        const record = JSON.parse(line) as { msg?: string; port?: number };
        if (record.msg === "listening" && record.port) return record.port;
      } catch {
        // not a JSON line
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return 0;
}
