import t from "tap";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigErrors } from "../../server/config/config-error.ts";
import { eksRegion, loadClustersFile, parseClustersText } from "../../server/config/clusters-file.ts";

function errorsOf(text: string): string[] {
  try {
    parseClustersText(text);
  } catch (error) {
    if (error instanceof ConfigErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  return [];
}

t.test("no file gives the single demo cluster", async (t) => {
  const clusters = await loadClustersFile(undefined);
  t.same(clusters.map((c) => [c.name, c.backend]), [["demo", "demo"]]);
});

t.test("the seed guide's examples load as written", async (t) => {
  const clusters = parseClustersText(`
clusters:
  - name: periscope-host
    backend: in-cluster
  - name: prod-eu-west-1
    backend: eks
    region: eu-west-1
    arn: arn:aws:eks:eu-west-1:111111111111:cluster/prod-eu-west-1
  - name: prod
    backend: eks
    arn: arn:aws:eks:us-east-1:111:cluster/prod
    exec:
      serverIdleSeconds: 1800
  - name: laptop
    backend: kubeconfig
    kubeconfigPath: /home/me/.kube/config
    kubeconfigContext: kind-dev
    environment: dev
    tags: {team: platform}
`);
  t.equal(clusters.length, 4);
  t.equal(eksRegion(clusters[2]!), "us-east-1", "region comes from the ARN when unset");
  t.equal(clusters[2]!.exec?.serverIdleSeconds, 1800);
});

t.test("every problem is one line with file, key path, expected and found", async (t) => {
  const lines = errorsOf(`
clusters:
  - name: a
    backend: ekss
  - name: b
    backend: eks
  - name: c
    backend: kubeconfig
    kubeconfigContex: typo
  - name: d
    backend: demo
    exec: {serverIdleSeconds: 0, enabled: "yes"}
`);
  t.match(lines.join("\n"), /clusters\.yaml: clusters\[0\]\.backend: expected one of "eks", "in-cluster", "kubeconfig", "demo", found "ekss"/);
  t.match(lines.join("\n"), /clusters\[1\]\.arn: expected this key to be set/);
  t.match(lines.join("\n"), /clusters\[2\]\.kubeconfigContex: expected no such key/);
  t.match(lines.join("\n"), /clusters\[2\]\.kubeconfigPath: expected this key to be set/);
  t.match(lines.join("\n"), /clusters\[3\]\.exec\.serverIdleSeconds: expected a number >= 1, found number 0/);
  t.match(lines.join("\n"), /clusters\[3\]\.exec\.enabled: expected a value of type boolean/);
  for (const line of lines) t.notMatch(line, /\n|at .*\.ts/, "one line, no stack");
});

t.test("unknown top-level keys and duplicate names are errors", async (t) => {
  t.match(errorsOf("clusterz: []\n").join("\n"), /clusterz: expected no such key/);
  t.match(
    errorsOf("clusters:\n  - {name: x, backend: demo}\n  - {name: X, backend: demo}\n").join("\n"),
    /clusters\[1\]\.name: expected a name not used before \(clusters\[0\] has it\), found "X"/,
  );
  t.match(errorsOf("clusters:\n  - {name: 'bad name', backend: demo}\n").join("\n"), /clusters\[0\]\.name: expected a value matching/);
});

t.test("a missing file names the path", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "periscope-clusters-"));
  await t.rejects(loadClustersFile(join(dir, "nope.yaml")), /nope\.yaml: \(file\): expected a readable YAML file, found no such file/);
  const path = join(dir, "c.yaml");
  await writeFile(path, "clusters:\n  - name: one\n    backend: demo\n");
  t.same((await loadClustersFile(path)).map((c) => c.name), ["one"]);
});
