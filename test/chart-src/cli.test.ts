/** `npm run chart:render` (direct synthesis CLI) and the chart's NOTES.txt as Helm prints them. */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import t from "tap";
import { parseAllDocuments } from "yaml";
import { renderManifests } from "../../chart-src/emit/direct.ts";
import { seedMinimum } from "./matrix.ts";
import { CHART, helm, sortDocs, writeValues } from "./support.ts";

const CLI = resolve(import.meta.dirname, "../../chart-src/cli/render.ts");

function render(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

t.test("chart:render prints the direct manifests for -f files, --release and -n", async (t) => {
  const base = writeValues("cli-base", seedMinimum);
  const overlay = writeValues("cli-overlay", { ingress: { tls: { enabled: false } }, pdb: { enabled: false } });
  const r = await render(["-f", base, "-f", overlay, "--release", "console", "-n", "ops"]);
  t.equal(r.code, 0, r.stderr);
  const docs = parseAllDocuments(r.stdout, { version: "1.1" }).map((d) => d.toJS() as Record<string, unknown>);
  const merged = { ...seedMinimum, ingress: { ...seedMinimum.ingress, tls: { enabled: false } }, pdb: { enabled: false } };
  t.same(sortDocs(docs), sortDocs(renderManifests(merged, { release: "console", namespace: "ops" })));
  t.notOk(docs.some((d) => d.kind === "PodDisruptionBudget"), "the second file overrides the first");
});

t.test("chart:render rejects bad values with exit 1 and a pointer", async (t) => {
  const r = await render(["-f", writeValues("cli-bad", { ingress: { enabled: true }, audit: { storage: { type: "nfs" } } })]);
  t.equal(r.code, 1);
  t.match(r.stderr, "/ingress/host");
  t.match(r.stderr, "/audit/storage/type");
  t.equal(r.stdout, "");
});

t.test("NOTES.txt: dev warning, secret hint, Pod Identity command, how to reach it", async (t) => {
  const dry = (values: unknown) =>
    helm(["install", "periscope", CHART, "--dry-run=client", "-n", "periscope", "-f", writeValues(`notes-${JSON.stringify(values).length}`, values)]);
  const dev = await dry({ podIdentity: { enabled: true } });
  t.equal(dev.code, 0, dev.stderr);
  t.match(dev.stdout, "DEV mode");
  t.notMatch(dev.stdout, "create secret generic", "dev mode needs no OIDC Secret");
  t.match(dev.stdout, "create-pod-identity-association");
  t.match(dev.stdout, "port-forward svc/periscope 8080:8080");
  const prod = await dry(seedMinimum);
  t.equal(prod.code, 0, prod.stderr);
  t.notMatch(prod.stdout, "DEV mode");
  t.match(prod.stdout, "kubectl -n periscope create secret generic periscope-oidc");
  t.match(prod.stdout, "https://periscope.your-corp.com/api/auth/callback");
});
