/**
 * The real server binary (`node server/main.ts`) with audit settings from the environment: a bad value stops the
 * boot with one line; an unusable directory does not stop it, writes fail closed, reads answer, and the logs say
 * why; a good directory recovers a torn line at start.
 */
import t from "tap";
import { spawn, execFile } from "node:child_process";
import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openAuditStore } from "../../server/audit/store.ts";
import { segmentName } from "../../server/audit/segment-files.ts";
import { event, tempDir } from "./fixtures.ts";

const MAIN = fileURLToPath(new URL("../../server/main.ts", import.meta.url));
const BASE_ENV = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", PORT: "0", PERISCOPE_HOST: "127.0.0.1" };

/** Starts the server, waits for "listening", returns its port, its log lines and a stop function. */
function startServer(env: Record<string, string>): Promise<{ port: number; lines: Array<Record<string, unknown>>; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env: { ...BASE_ENV, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const lines: Array<Record<string, unknown>> = [];
    let buffer = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop()!;
      for (const p of parts) {
        try {
          const line = JSON.parse(p) as Record<string, unknown>;
          lines.push(line);
          if (line.msg === "listening") {
            resolve({
              port: Number(line.port),
              lines,
              stop: () => new Promise((done) => {
                child.once("exit", () => done());
                child.kill("SIGTERM");
              }),
            });
          }
        } catch {
          // not JSON
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited ${code} before listening: ${stderr}`)));
  });
}

t.test("a bad PERISCOPE_AUDIT_* value stops the boot with one line naming it (exit 2)", async (t) => {
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(process.execPath, [MAIN], { env: { ...BASE_ENV, PERISCOPE_AUDIT_RETENTION_DAYS: "thirty" } }, (error, _out, stderr) =>
      resolve({ code: error ? (error.code as number) : 0, stderr }));
  });
  t.equal(result.code, 2);
  t.match(result.stderr, /environment: PERISCOPE_AUDIT_RETENTION_DAYS: expected an integer from 0 to 36500, found "thirty"/);
});

t.test("an unusable audit directory: the server starts, the audit API answers, the log says why", async (t) => {
  const base = await tempDir(t);
  await writeFile(join(base, "file"), "");
  const server = await startServer({ PERISCOPE_AUDIT_ENABLED: "true", PERISCOPE_AUDIT_DIR: join(base, "file", "audit") });
  t.teardown(() => server.stop());
  const ready = server.lines.find((l) => l.msg === "audit ready");
  t.match(ready, { enabled: true, state: "failing", failMode: "closed", lastError: /ENOTDIR/ });
  t.ok(server.lines.some((l) => l.msg === "audit store failing" && l.level === "error"));
  const res = await fetch(`http://127.0.0.1:${server.port}/api/audit`);
  t.equal(res.status, 200, "reads keep working");
  t.same(await res.json(), { items: [], nextCursor: null, scope: "all" });
});

t.test("a torn last line from a crash is recovered at boot and the rows are served", async (t) => {
  const dir = await tempDir(t);
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
  for (let i = 0; i < 5; i++) await store.append(event(i));
  await store.close();
  await appendFile(join(dir, segmentName(1)), '{"seq":6,"time":"2026-11-01T00:0');
  const server = await startServer({ PERISCOPE_AUDIT_ENABLED: "true", PERISCOPE_AUDIT_DIR: dir });
  t.teardown(() => server.stop());
  t.ok(server.lines.some((l) => l.msg === "audit store recovered a torn last line" && l.tornBytes === 32));
  const body = (await (await fetch(`http://127.0.0.1:${server.port}/api/audit`)).json()) as { items: Array<{ requestId: string }> };
  t.same(body.items.map((i) => i.requestId), ["req-4", "req-3", "req-2", "req-1", "req-0"]);
});
