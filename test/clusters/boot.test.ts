import t from "tap";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listeningPort, startChild } from "../support/runtimes.ts";

/** Runs the real server entry point with a clusters file; resolves with its exit code and stderr. */
function boot(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["server/main.ts"], { env: { PATH: process.env.PATH ?? "", PORT: "0", PERISCOPE_HOST: "127.0.0.1", ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const dir = await mkdtemp(join(tmpdir(), "periscope-boot-"));
t.teardown(() => rm(dir, { recursive: true, force: true }));

t.test("a bad clusters.yaml stops the boot with one line per problem and no stack", async (t) => {
  const file = join(dir, "clusters.yaml");
  await writeFile(file, "clusters:\n  - name: prod\n    backend: eks\n  - name: prod\n    backend: demo\n    tags: {team: 1}\n");
  const { code, stderr } = await boot({ PERISCOPE_CLUSTERS_FILE: file });
  t.equal(code, 2);
  const lines = stderr.trim().split("\n");
  t.equal(lines[0], "periscope: configuration error");
  t.same(lines.slice(1).sort(), [`${file}: clusters[0].arn: expected this key to be set, found nothing`, `${file}: clusters[1].tags.team: expected a value of type string, found number 1`]);
  t.notMatch(stderr, /at .*\.ts:\d+/);
});

t.test("a duplicate name is caught after the schema passes", async (t) => {
  const file = join(dir, "dupes.yaml");
  await writeFile(file, "clusters:\n  - {name: a, backend: demo}\n  - {name: a, backend: demo}\n");
  const { code, stderr } = await boot({ PERISCOPE_CLUSTERS_FILE: file });
  t.equal(code, 2);
  t.match(stderr, new RegExp(`${file}: clusters\\[1\\]\\.name: expected a name not used before \\(clusters\\[0\\] has it\\), found "a"`));
});

t.test("a missing file names the path", async (t) => {
  const { code, stderr } = await boot({ PERISCOPE_CLUSTERS_FILE: join(dir, "nope.yaml") });
  t.equal(code, 2);
  t.match(stderr, /nope\.yaml: \(file\): expected a readable YAML file, found no such file/);
});

t.test("`clusters: []` boots with no clusters (not the demo) and warns once", async (t) => {
  const file = join(dir, "empty.yaml");
  await writeFile(file, "clusters: []\n");
  const child = startChild("node", "server/main.ts", { env: { PORT: "0", PERISCOPE_HOST: "127.0.0.1", PERISCOPE_CLUSTERS_FILE: file } });
  t.teardown(() => void child.process.kill("SIGKILL"));
  const port = await listeningPort(child);
  t.ok(port > 0, `listening (${child.stderr().slice(0, 500)})`);
  const warnings = child.lines.filter((l) => l.includes('"no clusters registered"'));
  t.equal(warnings.length, 1, "one warning line");
  t.same(JSON.parse(warnings[0]!).level, "warn");
  t.match(JSON.parse(warnings[0]!).source, file);
  const clusters = (await (await fetch(`http://127.0.0.1:${port}/api/clusters`)).json()) as { clusters: unknown[] };
  t.same(clusters.clusters, [], "no demo cluster behind an explicit empty list");
});
