/**
 * `--set` / `--set-string` (Helm parses numbers as int64 there, not float64) render the same as direct synthesis
 * of the equivalent values, checksums included.
 */
import t from "tap";
import { renderManifests } from "../../chart-src/emit/direct.ts";
import { CHART, helm, parseHelmOutput, pool, sortDocs } from "./support.ts";

const cases: Array<{ name: string; args: string[]; values: Record<string, unknown> }> = [
  {
    name: "large numbers and on/yes strings",
    args: ["--set", "exec.maxSessionsTotal=100000", "--set", "audit.enabled=true", "--set", "audit.maxSizeMB=16000000", "--set-string", "podAnnotations.flag=on", "--set-string", "watchStreams.kinds=yes"],
    values: { exec: { maxSessionsTotal: 100000 }, audit: { enabled: true, maxSizeMB: 16000000 }, podAnnotations: { flag: "on" }, watchStreams: { kinds: "yes" } },
  },
  {
    name: "in-cluster through list indices, per-cluster exec numbers in clusters.yaml",
    args: ["--set", "clusters[0].name=host", "--set", "clusters[0].backend=in-cluster", "--set", "clusters[0].exec.serverIdleSeconds=1000000"],
    values: { clusters: [{ name: "host", backend: "in-cluster", exec: { serverIdleSeconds: 1000000 } }] },
  },
  {
    name: "ingress with TLS",
    args: ["--set", "ingress.enabled=true", "--set", "ingress.host=p.example.com", "--set", "ingress.tls.enabled=true", "--set", "ingress.tls.secretName=tls"],
    values: { ingress: { enabled: true, host: "p.example.com", tls: { enabled: true, secretName: "tls" } } },
  },
];

t.test("--set renders like the equivalent values file", async (t) => {
  const results = await pool(cases, 3, async (c) => ({ c, r: await helm(["template", "periscope", CHART, "-n", "periscope", ...c.args]) }));
  for (const { c, r } of results) {
    t.equal(r.code, 0, `${c.name}: ${r.stderr}`);
    t.same(parseHelmOutput(r.stdout), sortDocs(renderManifests(c.values, { release: "periscope", namespace: "periscope" })), c.name);
  }
});

t.test("--set of a bad value is rejected by the schema", async (t) => {
  const r = await helm(["template", "periscope", CHART, "--set", "replicaCount=3"]);
  t.not(r.code, 0);
  t.match(r.stderr, "/replicaCount");
});
