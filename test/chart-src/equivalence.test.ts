/**
 * The chart's two outputs agree: for every values file of the matrix and two release names (one equal to the
 * chart name), `helm template` on the committed chart equals direct synthesis after parsing, checksums exact.
 * `helm lint --strict` is clean for each file as well.
 */
import t from "tap";
import { renderManifests } from "../../chart-src/emit/direct.ts";
import { buildMatrix } from "./matrix.ts";
import { CHART, helm, parseHelmOutput, pool, sortDocs, writeValues } from "./support.ts";

const cases = buildMatrix().map((c) => ({ ...c, file: writeValues(c.name, c.values) }));
const releases = [
  { name: "periscope", namespace: "periscope" },
  { name: "ops-console", namespace: "tools" },
];

t.test("matrix size", async (t) => {
  t.ok(cases.length >= 40, `${cases.length} values files`);
  t.equal(new Set(cases.map((c) => c.name)).size, cases.length, "case names are unique");
});

t.test("helm lint --strict is clean for defaults and every values file", async (t) => {
  const results = await pool(cases, 3, async (c) => ({ c, r: await helm(["lint", "--strict", CHART, "-f", c.file]) }));
  for (const { c, r } of results) t.equal(r.code, 0, `${c.name}: ${r.code === 0 ? "clean" : r.stdout + r.stderr}`);
});

t.test("helm template equals direct synthesis", async (t) => {
  const jobs = cases.flatMap((c) => releases.map((rel) => ({ c, rel })));
  const results = await pool(jobs, 3, async ({ c, rel }) => {
    const r = await helm(["template", rel.name, CHART, "-n", rel.namespace, "-f", c.file]);
    return { c, rel, r };
  });
  let compared = 0;
  for (const { c, rel, r } of results) {
    const label = `${c.name} as ${rel.name}`;
    if (r.code !== 0) {
      t.fail(`${label}: helm template failed: ${r.stderr}`);
      continue;
    }
    const fromHelm = parseHelmOutput(r.stdout);
    const direct = sortDocs(renderManifests(c.values, { release: rel.name, namespace: rel.namespace }));
    t.same(fromHelm, direct, label);
    compared++;
  }
  t.equal(compared, cases.length * releases.length, "every case compared");
});

t.test("checksums are exact and follow the config", async (t) => {
  const checksums = (docs: Record<string, unknown>[]) => {
    const d = docs.find((x) => x.kind === "Deployment") as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    return d.spec.template.metadata.annotations;
  };
  const a = checksums(renderManifests({}));
  const b = checksums(renderManifests({ clusters: [{ name: "x", backend: "demo" }] }));
  const c = checksums(renderManifests({ auth: { session: { idleTimeout: "45m" } } }));
  t.match(a["checksum/auth"], /^[0-9a-f]{64}$/);
  t.equal(a["checksum/auth"], b["checksum/auth"], "clusters change leaves checksum/auth alone");
  t.not(a["checksum/clusters"], b["checksum/clusters"], "clusters change rolls checksum/clusters");
  t.not(a["checksum/auth"], c["checksum/auth"], "auth change rolls checksum/auth");
  const r = await helm(["template", "periscope", CHART, "-f", writeValues("ck", { clusters: [{ name: "x", backend: "demo" }] })]);
  const fromHelm = parseHelmOutput(r.stdout);
  t.same(checksums(fromHelm), b, "helm computes the same checksums");
});
