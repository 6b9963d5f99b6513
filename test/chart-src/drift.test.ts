/** `npm run chart:check` passes on the committed chart and fails, naming the file, when it drifts. */
import { execFile } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import t from "tap";
import { chartDrift } from "../../chart-src/cli/chart.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "chart-src/cli/chart.ts");

function check(root: string): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, "--check", "--root", root], (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

function copyOfRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "periscope-drift-"));
  cpSync(join(ROOT, "deploy/helm"), join(dir, "deploy/helm"), { recursive: true });
  cpSync(join(ROOT, "docs/setup/values.md"), join(dir, "docs/setup/values.md"));
  return dir;
}

t.test("the committed chart is up to date", async (t) => {
  t.same(chartDrift(ROOT), [], "no drift in the working tree");
  const r = await check(ROOT);
  t.equal(r.code, 0, r.out);
});

t.test("an edited template is detected", async (t) => {
  const dir = copyOfRepo();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  appendFileSync(join(dir, "deploy/helm/periscope/templates/deployment.yaml"), "# hand edit\n");
  const r = await check(dir);
  t.equal(r.code, 1);
  t.match(r.out, "deploy/helm/periscope/templates/deployment.yaml");
});

t.test("a stray file, a deleted file and a stale docs page are detected", async (t) => {
  const dir = copyOfRepo();
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "deploy/helm/periscope/templates/extra.yaml"), "kind: ConfigMap\n");
  rmSync(join(dir, "deploy/helm/periscope/values.schema.json"));
  writeFileSync(join(dir, "docs/setup/values.md"), "old\n");
  const drift = chartDrift(dir);
  t.ok(drift.some((d) => d.startsWith("deploy/helm/periscope/templates/extra.yaml")), "stray template");
  t.ok(drift.includes("deploy/helm/periscope/values.schema.json"), "missing schema");
  t.ok(drift.includes("docs/setup/values.md"), "stale docs");
  const r = await check(dir);
  t.equal(r.code, 1);
});
