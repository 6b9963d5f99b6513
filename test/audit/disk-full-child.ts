/**
 * Child process for disk-full.test.ts, run inside a private mount namespace on a 256 KiB tmpfs: fills the disk
 * through the real store, then frees space, and prints what it observed as one JSON line.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createAuditLog } from "../../server/audit/audit-log.ts";
import { openAuditStore } from "../../server/audit/store.ts";
import { verifyAuditDir } from "../../server/audit/verify.ts";
import { AppError } from "../../server/http/errors.ts";
import { createLogger } from "../../server/http/log.ts";
import { event, identity } from "./fixtures.ts";

const mount = process.argv[2]!;
const dir = join(mount, "audit");
const filler = join(mount, "filler");
await writeFile(filler, new Uint8Array(64 * 1024));
const logLines: string[] = [];
const log = createLogger("info", (line) => void logLines.push(line));
const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, log });
const audit = createAuditLog({ log, store });

let acked = 0;
let appendError: { name: string; code: unknown; message: string } | undefined;
for (let i = 0; i < 10_000 && !appendError; i++) {
  try {
    await store.append(event(i, Date.now(), { extra: { padding: "x".repeat(2000) } }));
    acked++;
  } catch (e) {
    const error = e as Error & { code?: unknown };
    appendError = { name: error.name, code: error.code, message: error.message };
  }
}
const healthWhenFull = store.health();
const readsWhenFull = (await store.search({}, Infinity, 100_000)).length;
let refused: { status: number; code: string; message: string } | undefined;
try {
  await audit.begin({ requestId: "r-full", identity: identity("alice"), verb: "delete", cluster: "prod" });
} catch (e) {
  if (e instanceof AppError) refused = { status: e.status, code: e.code, message: e.message };
}
const verifyWhenFull = await verifyAuditDir(dir);

await rm(filler);
const afterFree = await audit.begin({ requestId: "r-free", identity: identity("alice"), verb: "delete", cluster: "prod" });
await afterFree.finish("success");
const healthAfter = store.health();
await store.close();
const verifyAfter = await verifyAuditDir(dir);
process.stdout.write(
  JSON.stringify({
    acked,
    appendError,
    healthWhenFull,
    readsWhenFull,
    refused,
    verifyWhenFull: { ok: verifyWhenFull.ok, rows: verifyWhenFull.rows, torn: verifyWhenFull.torn },
    healthAfter,
    verifyAfter: { ok: verifyAfter.ok, rows: verifyAfter.rows },
    errorLogs: logLines.filter((l) => l.includes('"level":"error"')).length,
  }) + "\n",
);
