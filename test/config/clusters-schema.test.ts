import t from "tap";
import { readFile } from "node:fs/promises";
import { Ajv } from "ajv";
import { CLUSTER_BACKENDS, clusterSchema, clustersFileSchema } from "../../server/config/schema/clusters.ts";

t.test("the schema is pure data the chart can embed", async (t) => {
  const source = await readFile(new URL("../../server/config/schema/clusters.ts", import.meta.url), "utf8");
  t.notMatch(source, /^\s*import\s/m, "no imports: chart-src loads it without the server");
  t.same(JSON.parse(JSON.stringify(clustersFileSchema)), clustersFileSchema, "JSON round-trips unchanged");
  const ajv = new Ajv({ strict: true, allErrors: true, strictRequired: false });
  const validate = ajv.compile(clustersFileSchema);
  t.ok(validate({ clusters: [] }), "the chart's default (no clusters) is valid");
  t.same(clusterSchema.properties.backend.enum, [...CLUSTER_BACKENDS]);
});

t.test("closed objects everywhere", async (t) => {
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (n.type === "object" && n.properties) t.equal(n.additionalProperties, false, `${path} is closed`);
    for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
  };
  walk(clustersFileSchema, "#");
});
