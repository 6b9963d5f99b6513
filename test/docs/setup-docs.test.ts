/**
 * The operator pages under docs/setup/ say what the chart does: their YAML examples render with the real helm and
 * land where the page says, the RBAC a page tells operators to apply equals the chart's own rules, and every
 * relative link in docs/setup/ points at a file that exists.
 */
import t from "tap";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFile } from "node:child_process";
import { parseAllDocuments } from "yaml";
import { k8sTools } from "../support/k8s-tools.ts";
import { startServedSim } from "../demo/served-sim.ts";
import { IMPERSONATOR_RULES } from "../../server/auth/tier-rbac.ts";
import { CHART, helm, parseHelmDocs, writeValues } from "../chart-src/support.ts";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML

const ROOT = resolve(import.meta.dirname, "../..");
const SETUP = join(ROOT, "docs/setup");
const page = (name: string) => readFileSync(join(SETUP, name), "utf8");
const tmp = mkdtempSync(join(tmpdir(), "periscope-docs-"));
/** Values text exactly as the page has it (comments and all), as an operator would save it. */
const writeText = (name: string, text: string) => {
  const path = join(tmp, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
};
const blocks = (text: string, lang: string) => [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

t.test("networkpolicy.md: every example renders, and its rules land in the policy", async (t) => {
  const examples = blocks(page("networkpolicy.md"), "yaml").map((y) => parseAllDocuments(y)[0]!.toJS() as Obj);
  t.ok(examples.length >= 4, `${examples.length} examples`);
  for (const [i, values] of examples.entries()) {
    const r = await helm(["template", "periscope", CHART, "-n", "periscope", "-f", writeValues(`np-doc-${i}`, values)]);
    t.equal(r.code, 0, r.stderr);
    const policy = parseHelmDocs(r.stdout).find((d) => d.kind === "NetworkPolicy") as Obj;
    t.equal(policy.metadata.name, "periscope");
    const np = values.networkPolicy as Obj;
    const dns = { ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] };
    t.same(policy.spec.egress, [dns, ...(np.egress?.extra ?? [])], `example ${i}: DNS always, then egress.extra verbatim`);
    const from = (np.ingress?.fromNamespaces ?? []).map((l: Obj) => ({ namespaceSelector: { matchLabels: l } }));
    const first = policy.spec.ingress[0];
    t.same(first.ports, [{ port: "http", protocol: "TCP" }]);
    t.same(first.from ?? [], from, `example ${i}: namespaces as matchLabels (none = any source)`);
    t.same(policy.spec.ingress.slice(1), np.ingress?.extra ?? []);
  }
});

t.test("cluster-rbac.md: the impersonator role equals the chart's; the group is the one eks.md's access entry uses", async (t) => {
  const docs = blocks(page("cluster-rbac.md"), "yaml").flatMap((y) => parseAllDocuments(y).map((d) => d.toJS() as Obj));
  const ruleBlocks = docs.filter((d) => Array.isArray(d.rules));
  t.ok(ruleBlocks.length >= 2);
  for (const d of ruleBlocks) t.same(d.rules, IMPERSONATOR_RULES, `${d.kind ?? "rules block"} matches server/auth/tier-rbac.ts`);
  const binding = docs.find((d) => d.kind === "ClusterRoleBinding")!;
  const role = docs.find((d) => d.kind === "ClusterRole")!;
  t.equal(binding.roleRef.name, role.metadata.name);
  const group = binding.subjects[0].name as string;
  for (const name of ["cluster-rbac.md", "eks.md"]) t.match(page(name), `--kubernetes-groups ${group}`, `${name} maps the access entry to ${group}`);
});

t.test("cluster-rbac.md: the helm --show-only command renders exactly the tier roles and bindings", async (t) => {
  const command = blocks(page("cluster-rbac.md"), "sh").find((b) => b.includes("--show-only"))!;
  const helmPart = command.split("|")[0]!.replace(/\\\n\s*/g, " ").trim();
  const args = [...helmPart.matchAll(/'[^']*'|\S+/g)].map((m) => m[0].replace(/^'|'$/g, "")).slice(1).map((a) => (a === "./deploy/helm/periscope" ? CHART : a));
  const r = await helm(args);
  t.equal(r.code, 0, r.stderr);
  const rendered = parseHelmDocs(r.stdout);
  const bindings = rendered.filter((d) => d.kind === "ClusterRoleBinding") as Obj[];
  t.same(bindings.map((b) => b.subjects[0].name).sort(), ["admin", "maintain", "read", "triage", "write"].map((x) => `periscope-tier:${x}`));
  t.same(rendered.filter((d) => d.kind === "ClusterRole").map((d) => (d as Obj).metadata.name).sort(), ["periscope-periscope-tier-maintain", "periscope-periscope-tier-triage"]);
});

t.test("deploy.md: every values example renders with helm as written; JSON policies parse", async (t) => {
  const text = page("deploy.md");
  const examples = blocks(text, "yaml");
  t.ok(examples.length >= 13, `${examples.length} values examples`);
  for (const [i, yaml] of examples.entries()) {
    const r = await helm(["template", "periscope", CHART, "--namespace", "periscope", "--values", writeText(`deploy-md-${i}`, yaml)]);
    t.equal(r.code, 0, `example ${i} (${yaml.split("\n")[0]}): ${r.stderr}`);
  }
  for (const json of blocks(text, "json")) t.doesNotThrow(() => JSON.parse(json));
});

t.test("cluster-rbac.md: the `kubectl auth can-i` checks answer as commented, on the chart's RBAC", async (t) => {
  const r = await helm(["template", "periscope", CHART, "--namespace", "periscope", "--set", "clusters[0].name=in-cluster,clusters[0].backend=in-cluster"]);
  t.equal(r.code, 0, r.stderr);
  const rbac = parseHelmDocs(r.stdout).filter((d) => String(d.apiVersion).startsWith("rbac.authorization.k8s.io/")) as never[];
  const sim = await startServedSim({ seed: rbac });
  t.teardown(() => sim.close());
  const kubeconfig = writeText("rbac-kubeconfig", sim.kubeconfig);
  const checks = blocks(page("cluster-rbac.md"), "sh")
    .flatMap((b) => b.split("\n"))
    .map((line) => /^(kubectl auth can-i .*?)\s+#\s*(yes|no)\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);
  t.equal(checks.length, 4, "four checks on the page");
  const { kubectl } = k8sTools();
  for (const [, command, answer] of checks) {
    const args = command!.split(/\s+/).slice(1);
    const out = await new Promise<string>((done) =>
      execFile(kubectl, ["--kubeconfig", kubeconfig, "--context", "admin", ...args], { env: { PATH: process.env.PATH ?? "", HOME: tmp } }, (_e, stdout) => done(stdout.trim())),
    );
    t.equal(out, answer, command!);
  }
});

t.test("every relative link in docs/setup/ resolves", async (t) => {
  for (const name of readdirSync(SETUP).filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(join(SETUP, name), "utf8");
    for (const m of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      t.ok(existsSync(resolve(dirname(join(SETUP, name)), target)), `${name} → ${target}`);
    }
  }
});
