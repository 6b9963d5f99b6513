/**
 * The verifier run as operators run it: `node server/audit/cli.ts verify --dir <dir>` (what `npm run audit --`
 * executes), against directories written by the real store and then tampered with by hand.
 */
import t from "tap";
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openAuditStore } from "../../server/audit/store.ts";
import { listSegments, segmentName } from "../../server/audit/segment-files.ts";
import { event, tempDir } from "./fixtures.ts";

const CLI = fileURLToPath(new URL("../../server/audit/cli.ts", import.meta.url));

function verify(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, "verify", "--dir", dir], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** 30 rows in several segments, written by the store. */
async function written(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const dir = await tempDir(t);
  const store = await openAuditStore({ dir, retentionDays: 0, maxSizeBytes: 0, segmentMaxBytes: 4000 });
  for (let i = 0; i < 30; i++) await store.append(event(i));
  await store.close();
  return dir;
}

async function editLines(dir: string, segment: number, edit: (lines: string[]) => string[]): Promise<void> {
  const file = join(dir, segmentName(segment));
  const lines = (await readFile(file, "utf8")).split("\n").slice(0, -1);
  await writeFile(file, edit(lines).join("\n") + "\n");
}

t.test("an intact directory: exit 0, rows counted", async (t) => {
  const dir = await written(t);
  const r = await verify(dir);
  t.equal(r.code, 0);
  t.match(r.stdout, /checked 30 rows in \d+ segment\(s\) \(seq 1\.\.30\); anchor: genesis/);
  t.match(r.stdout, /OK: chain intact/);
});

t.test("editing a row: exit 1 at that line", async (t) => {
  const dir = await written(t);
  await editLines(dir, 2, (lines) => {
    lines[3] = lines[3]!.replace(/"outcome":"\w+"/, '"outcome":"success"').replace(/"verb":"\w+"/, '"verb":"log_open"');
    return lines;
  });
  const r = await verify(dir);
  t.equal(r.code, 1);
  t.match(r.stdout, new RegExp(`BROKEN at ${segmentName(2)} line 4 \\(seq \\d+\\): content does not match its hash`));
});

t.test("editing a row and re-hashing it: exit 1 at the next line", async (t) => {
  const dir = await written(t);
  const { encodeRow } = await import("../../server/audit/row-codec.ts");
  await editLines(dir, 1, (lines) => {
    const row = JSON.parse(lines[2]!) as Record<string, unknown>;
    const { prev, hash: _hash, ...rest } = row;
    lines[2] = encodeRow({ ...rest, outcome: rest.outcome === "denied" ? "success" : "denied" }, String(prev)).line;
    return lines;
  });
  const r = await verify(dir);
  t.equal(r.code, 1);
  t.match(r.stdout, new RegExp(`BROKEN at ${segmentName(1)} line 4 .*prev does not match`));
});

t.test("deleting a row: exit 1 at the line that followed it", async (t) => {
  const dir = await written(t);
  await editLines(dir, 1, (lines) => lines.filter((_, i) => i !== 5));
  const r = await verify(dir);
  t.equal(r.code, 1);
  t.match(r.stdout, new RegExp(`BROKEN at ${segmentName(1)} line 6 \\(seq 6\\): prev does not match`));
  t.match(r.stdout, /checked 4 rows/);
});

t.test("reordering two rows: exit 1 at the first moved line", async (t) => {
  const dir = await written(t);
  await editLines(dir, 1, (lines) => {
    [lines[2], lines[3]] = [lines[3]!, lines[2]!];
    return lines;
  });
  const r = await verify(dir);
  t.equal(r.code, 1);
  t.match(r.stdout, new RegExp(`BROKEN at ${segmentName(1)} line 3 \\(seq 3\\): prev does not match`));
});

t.test("dropping a middle segment: exit 1 naming the missing segment", async (t) => {
  const dir = await written(t);
  await rm(join(dir, segmentName(2)));
  const r = await verify(dir);
  t.equal(r.code, 1);
  t.match(r.stdout, new RegExp(`BROKEN at ${segmentName(3)} line 1: segment\\(s\\) ${segmentName(2)}\\.\\.${segmentName(2)} are missing`));
});

t.test("replacing a middle segment with a renamed copy: exit 1 at its header", async (t) => {
  const dir = await written(t);
  await rm(join(dir, segmentName(2)));
  await writeFile(join(dir, segmentName(2)), await readFile(join(dir, segmentName(3))));
  const r = await verify(dir);
  t.equal(r.code, 1);
  t.match(r.stdout, new RegExp(`BROKEN at ${segmentName(2)} line 1: header says segment 3`));
});

t.test("removing rows from the end of a closed segment: exit 1 at the next segment's header", async (t) => {
  const dir = await written(t);
  await editLines(dir, 1, (lines) => lines.slice(0, -1));
  const r = await verify(dir);
  t.equal(r.code, 1);
  t.match(r.stdout, new RegExp(`BROKEN at ${segmentName(2)} line 1: header does not link`));
});

t.test("a torn last line (crash mid-append) is reported but is not tampering", async (t) => {
  const dir = await written(t);
  const last = (await listSegments(dir)).at(-1)!;
  const file = join(dir, segmentName(last));
  await writeFile(file, (await readFile(file, "utf8")) + '{"seq":31,"time":"2026-');
  const r = await verify(dir);
  t.equal(r.code, 0);
  t.match(r.stdout, /ends with a torn line of 23 bytes/);
});

t.test("usage errors exit 2", async (t) => {
  const r = await verify("");
  t.equal(r.code, 2);
  t.match(r.stderr, /usage: npm run audit -- verify --dir/);
  const missing = await verify("/nonexistent/audit-dir");
  t.equal(missing.code, 2);
  t.match(missing.stderr, /cannot read \/nonexistent\/audit-dir/);
});
