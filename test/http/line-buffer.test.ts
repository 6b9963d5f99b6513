import t from "tap";
import { lineBuffer } from "../../server/http/line-buffer.ts";
import { startChild } from "../support/runtimes.ts";

t.test("lineBuffer batches lines per turn, in order, one per line", async (t) => {
  const chunks: string[] = [];
  const scheduled: Array<() => void> = [];
  const buffer = lineBuffer((c) => chunks.push(c), (f) => scheduled.push(f));
  buffer.write('{"a":1}');
  buffer.write('{"a":2}');
  t.equal(scheduled.length, 1, "one flush scheduled for the turn");
  t.same(chunks, [], "nothing written before the flush");
  scheduled[0]!();
  t.same(chunks, ['{"a":1}\n{"a":2}\n']);
  buffer.write('{"a":3}');
  t.equal(scheduled.length, 2, "the next line schedules the next flush");
  buffer.flush();
  buffer.flush();
  t.same(chunks, ['{"a":1}\n{"a":2}\n', '{"a":3}\n'], "an explicit flush writes pending lines once");
  scheduled[1]!();
  t.equal(chunks.length, 2, "a scheduled flush with nothing pending writes nothing");
});

t.test("lineBuffer with the default schedule flushes on the next turn", async (t) => {
  const chunks: string[] = [];
  const buffer = lineBuffer((c) => chunks.push(c));
  buffer.write("x");
  await new Promise((r) => setImmediate(r));
  t.same(chunks, ["x\n"]);
});

// A child that logs and exits at once: the pending lines still reach stdout (the exit hook flushes them).
const script = `
import { createLogger } from "./server/http/log.ts";
const log = createLogger("info");
for (let i = 0; i < 1000; i++) log.record({ msg: "request", i });
log.info("stopped");
process.exit(0);
`;
for (const runtime of ["node", "deno"] as const) {
  t.test(`stdout lines logged right before process.exit are written (${runtime})`, async (t) => {
    const { writeFile, rm } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { ROOT } = await import("../support/runtimes.ts");
    const file = join(ROOT, `.line-buffer-exit-${runtime}-${process.pid}.ts`);
    await writeFile(file, script);
    t.teardown(() => rm(file, { force: true }));
    const child = startChild(runtime, file);
    const exit = await child.exited;
    await new Promise((r) => setTimeout(r, 50));
    t.equal(exit.code, 0, child.stderr().slice(0, 500));
    const records = child.lines.map((l) => JSON.parse(l) as { msg: string; i?: number });
    t.equal(records.filter((r) => r.msg === "request").length, 1000, "every line arrived");
    t.same(records.map((r) => r.i).filter((i) => i !== undefined), Array.from({ length: 1000 }, (_, i) => i), "in order");
    t.equal(records.at(-1)?.msg, "stopped");
  });
}
