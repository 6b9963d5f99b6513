/**
 * The emitter on small hand-built charts: nested conditions/ranges/merges render in helm exactly as direct mode
 * computes them, and misuse fails loudly (placeholder as a key, inside a longer string, literal `{{` in data).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import t from "tap";
import { and, concat, eq, not } from "../../../chart-src/dsl/expr.ts";
import { Release, valuesRef } from "../../../chart-src/dsl/refs.ts";
import { Synth } from "../../../chart-src/dsl/synth.ts";
import { emitTemplates } from "../../../chart-src/emit/chart-emitter.ts";
import { helm, parseHelmOutput, sortDocs, writeValues } from "../support.ts";

interface Vals {
  on: boolean;
  name: string;
  port: number;
  labels: Record<string, string>;
  items: Array<{ id: string; weight: number; tags: Record<string, string>; extra: boolean }>;
  list: unknown[];
}
const V = valuesRef<Vals>();

function build(s: Synth): Synth {
  s.ifObjects(V.on, () => {
    s.eachObject(V.items, "item", (it) => {
      s.object("per-item", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: s.str(concat(Release.Name, "-", it.id)), labels: { fixed: "yes", ...s.merge(it.tags) } },
        data: {
          weight: s.intStr(it.weight),
          ...s.when(it.extra, () => ({ extra: s.str(concat(it.id, ":", V.name)) })),
          ...s.when(and(it.extra, eq(it.id, "b")), () => ({ both: "true" })),
        },
      });
    });
  });
  s.object("main", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: s.str(V.name), labels: { ...s.merge(V.labels) } },
    spec: {
      containers: [
        {
          name: "c",
          // An optional key that sorts first inside a list item (`- {{- if }}` must keep the item).
          ports: [{ ...s.when(V.on, () => ({ name: "web" })), containerPort: s.int(V.port) }, { ...s.when(V.on, () => ({ name: "only" })) }],
          env: [
            ...s.each(V.items, "envItem", (it) => ({ name: s.str(it.id), value: s.intStr(it.weight) })),
            ...s.item(not(V.on), () => ({ name: "OFF", value: "1" })),
            ...s.splice(V.list),
          ],
          args: [...s.item(V.on, () => s.str(V.name)), "--static", "{{ literal }} braces }}{{"],
          command: [...s.item(V.on, () => "sh\n\nwith blank lines\n")],
        },
      ],
    },
  });
  return s;
}

function chartDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "periscope-emit-"));
  mkdirSync(join(dir, "templates"));
  writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: mini\nversion: 0.0.1\n");
  for (const [file, text] of emitTemplates(build(new Synth("chart")))) writeFileSync(join(dir, "templates", `${file}.yaml`), text);
  return dir;
}

const valueSets: Vals[] = [
  { on: true, name: "on", port: 1000000, labels: { a: "yes" }, items: [{ id: "a", weight: 2, tags: {}, extra: true }, { id: "b", weight: 3000000, tags: { t: "1" }, extra: true }], list: [{ name: "L", value: "no" }] },
  { on: false, name: "off", port: 1, labels: {}, items: [{ id: "x", weight: 0, tags: { k: "v" }, extra: false }], list: [] },
  { on: true, name: "empty", port: 8, labels: {}, items: [], list: [] },
];

t.test("nested placements render the same in helm and direct mode", async (t) => {
  const dir = chartDir();
  t.ok(readdirSync(join(dir, "templates")).length === 2);
  t.match(readFileSync(join(dir, "templates", "per-item.yaml"), "utf8"), /\{\{- range \$item := \$\.Values\.items \}\}/, "range variable named from the call site");
  for (const [i, values] of valueSets.entries()) {
    const r = await helm(["template", "rel", dir, "-f", writeValues(`emit-${i}`, values)]);
    t.equal(r.code, 0, r.stderr);
    const direct = build(new Synth("direct", { Values: values as unknown as Record<string, unknown>, Release: { Name: "rel", Namespace: "default", Service: "Helm" }, Chart: { Name: "mini", Version: "0.0.1", AppVersion: "" }, vars: new Map() }));
    t.same(parseHelmOutput(r.stdout), sortDocs(direct.docs.map((d) => d.object.toJson())), `value set ${i}`);
  }
});

function emitOne(props: (s: Synth) => Record<string, unknown>): void {
  const s = new Synth("chart");
  s.object("bad", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, ...props(s) });
  emitTemplates(s);
}

t.test("misplaced expressions fail loudly", async (t) => {
  t.throws(() => emitOne((s) => ({ data: { [s.str(V.name)]: "v" } })), /unsupported position/, "placeholder as a key");
  t.throws(() => emitOne((s) => ({ data: { list: [s.yaml(V.labels)] } })), /unsupported position/, "a YAML block as a list item");
  t.throws(() => {
    const s2 = new Synth("chart");
    s2.object("bad", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${s2.str(V.name)}-suffix` } });
    emitTemplates(s2);
  }, /unsupported position|lost/, "placeholder inside a longer string");
  t.throws(() => emitOne((s) => ({ data: { a: `${s.int(V.port)}x` } })), /unsupported position/, "an int placed inside a longer string");
});

t.test("chart code never branches on a values reference in plain TypeScript", async (t) => {
  // A Ref is an object, so `if (V.x)` or `V.x ? a : b` is always true in chart mode; conditions go through the DSL.
  const root = resolve(import.meta.dirname, "../../../chart-src");
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".ts")) files.push(join(d, e.name));
    }
  };
  walk(root);
  const bad: string[] = [];
  const pattern = /\bif\s*\(\s*!?\s*(?:c\.|ctx\.)?(?:V|P|it|el)\.[\w.]+\s*\)|[=(,]\s*!?(?:c\.|ctx\.)?(?:V|P)\.[\w.]+\s*(?:\?|&&|\|\|)/;
  for (const f of files) {
    readFileSync(f, "utf8").split("\n").forEach((line, i) => {
      if (pattern.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
    });
  }
  t.ok(files.length > 15, `${files.length} files scanned`);
  t.same(bad, []);
  t.ok(pattern.test("  if (V.ingress.enabled) {") && pattern.test("const x = V.a.b ? 1 : 2;"), "the rule catches the pitfall");
});
