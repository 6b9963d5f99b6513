/**
 * Child process for crash.test.ts: appends as fast as it can from 16 concurrent writers and prints
 * `ack <requestId> <seq>` only after each append resolved (stdout to a pipe is synchronous on Linux, so a line
 * the parent read is an acknowledgement the child really gave). The parent kills it with SIGKILL.
 */
import { openAuditStore } from "../../server/audit/store.ts";
import { event } from "./fixtures.ts";

const dir = process.argv[2]!;
const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 256 * 1024 });
process.stdout.write("ready\n");
let next = 0;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    for (;;) {
      const i = next++;
      const stored = await store.append(event(i, Date.now(), { extra: { padding: "x".repeat(i % 300) } }));
      process.stdout.write(`ack ${stored.requestId} ${stored.seq}\n`);
    }
  }),
);
