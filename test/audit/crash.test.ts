import t from "tap";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { openAuditStore } from "../../server/audit/store.ts";
import { verifyAuditDir } from "../../server/audit/verify.ts";
import { tempDir } from "./fixtures.ts";

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

/** Runs the child until it acknowledged `acks` rows, then SIGKILLs it; returns the acknowledged rows. */
function appendThenKill(dir: string, acks: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ["ignore", "pipe", "inherit"] });
    const acked = new Map<string, number>();
    let buffer = "";
    let killed = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        const [kind, requestId, seq] = line.split(" ");
        if (kind === "ack") acked.set(requestId!, Number(seq));
      }
      if (!killed && acked.size >= acks) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      // Lines already in the pipe are acknowledgements too.
      for (const line of buffer.split("\n")) {
        const [kind, requestId, seq] = line.split(" ");
        if (kind === "ack") acked.set(requestId!, Number(seq));
      }
      if (signal !== "SIGKILL") reject(new Error(`child exited with ${code}`));
      else resolve(acked);
    });
  });
}

t.test("SIGKILL during heavy appends loses no acknowledged row; reopen keeps the chain intact", async (t) => {
  const dir = await tempDir(t);
  for (let round = 1; round <= 3; round++) {
    const acked = await appendThenKill(dir, 1500);
    const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0 });
    const missing: string[] = [];
    for (const [requestId, seq] of acked) {
      const row = await store.get(seq);
      if (row?.requestId !== requestId) missing.push(`${requestId}@${seq}`);
    }
    t.same(missing, [], `round ${round}: all ${acked.size} acknowledged rows are on disk at their seq`);
    t.equal(store.health().state, "ok");
    await store.close();
    const report = await verifyAuditDir(dir);
    t.same({ ok: report.ok, broken: report.broken, torn: report.torn }, { ok: true, broken: undefined, torn: undefined }, `round ${round}: chain intact after reopen`);
  }
});
