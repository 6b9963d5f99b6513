/**
 * The list fast path (server/api/table-scan.ts) against its reference, the parsing path (`tableFromBody`):
 * generated Tables in every shape JSON allows (whitespace, escapes in keys and values, duplicate keys, wrong
 * types, nested junk) must give the same rows, columns and metadata; anything that is not a readable Table gives
 * undefined (the route then parses); whatever it returns is valid JSON, even for corrupted input.
 */
import t from "tap";
import { scanTable } from "../../server/api/table-scan.ts";
import { columnsOf, tableFromBody } from "../../server/api/table.ts";
import type { Kind } from "../../server/kinds/kind.ts";
import { builtInKind } from "../../server/kinds/catalog.ts";

const POD = builtInKind("pods") as Kind;

/** A small seeded PRNG (mulberry32), so a failure names a seed that reproduces it. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON built as text, so keys can repeat and be spelled with escapes. */
type Node = { obj: Array<[string, Node]> } | { arr: Node[] } | { raw: string } | { str: string };

class Gen {
  readonly r: () => number;
  constructor(seed: number) {
    this.r = prng(seed);
  }
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }

  text(): string {
    const pieces = ["web", "-", "é", "\"", "\\", "/", "<none>", "日本", "😀", "\n", "\t", "\u0001", " ", "a.b", "0", "k:{\"uid\":\"x\"}"];
    let s = "";
    for (let i = this.int(5); i >= 0; i--) s += this.pick(pieces);
    return s;
  }

  scalar(): Node {
    return this.pick<() => Node>([
      () => ({ str: this.text() }),
      () => ({ raw: String(this.int(1000) - 500) }),
      () => ({ raw: this.pick(["1.5", "-0", "2e3", "1E-2", "0.25e+1"]) }),
      () => ({ raw: this.pick(["true", "false", "null"]) }),
    ])();
  }

  junk(depth: number): Node {
    if (depth > 3 || this.chance(0.4)) return this.scalar();
    if (this.chance(0.5)) return { arr: Array.from({ length: this.int(4) }, () => this.junk(depth + 1)) };
    return { obj: Array.from({ length: this.int(4) }, (): [string, Node] => [this.text(), this.junk(depth + 1)]) };
  }

  /** A value for a field that is usually a string (sometimes the wrong type). */
  maybeString(): Node {
    return this.chance(0.85) ? { str: this.text() || "x" } : this.junk(1);
  }

  metadata(): Node {
    const fields: Array<[string, Node]> = [];
    const add = (k: string, v: Node) => fields.push([k, v]);
    if (this.chance(0.95)) add("name", this.maybeString());
    if (this.chance(0.6)) add("generateName", { str: "web-" });
    if (this.chance(0.8)) add("namespace", this.maybeString());
    if (this.chance(0.8)) add("uid", this.maybeString());
    if (this.chance(0.5)) add("resourceVersion", { str: String(this.int(9999)) });
    if (this.chance(0.8)) add("creationTimestamp", this.chance(0.9) ? { str: "2026-11-25T10:00:00Z" } : { raw: "null" });
    if (this.chance(0.7)) {
      add("labels", this.chance(0.9) ? { obj: Array.from({ length: this.int(4) }, (): [string, Node] => [this.text(), { str: this.text() }]) } : this.junk(1));
    }
    if (this.chance(0.5)) add("annotations", { obj: [["kubectl.kubernetes.io/last-applied-configuration", { str: '{"data":{"password":"c2VjcmV0"}}' }]] });
    if (this.chance(0.5)) add("managedFields", { arr: [{ obj: [["manager", { str: "kubelet" }], ["fieldsV1", this.junk(0)]] }] });
    if (this.chance(0.3)) add(this.text(), this.junk(0));
    if (this.chance(0.15)) add(this.pick(["name", "namespace", "uid", "labels"]), this.junk(1)); // duplicate: last wins
    return { obj: this.shuffle(fields) };
  }

  row(): Node {
    if (this.chance(0.05)) return this.junk(1); // not an object
    const fields: Array<[string, Node]> = [];
    if (this.chance(0.95)) fields.push(["cells", this.chance(0.9) ? { arr: Array.from({ length: this.int(6) }, () => (this.chance(0.1) ? this.junk(1) : this.scalar())) } : this.junk(1)]);
    if (this.chance(0.95)) {
      const object: Array<[string, Node]> = [["kind", { str: "PartialObjectMetadata" }], ["apiVersion", { str: "meta.k8s.io/v1" }]];
      if (this.chance(0.95)) object.push(["metadata", this.chance(0.95) ? this.metadata() : this.junk(1)]);
      if (this.chance(0.1)) object.push(["metadata", this.metadata()]);
      fields.push(["object", this.chance(0.95) ? { obj: this.shuffle(object) } : this.junk(1)]);
    }
    if (this.chance(0.2)) fields.push(["conditions", this.junk(0)]);
    if (this.chance(0.05)) fields.push(["object", { obj: [["metadata", this.metadata()]] }]);
    return { obj: this.shuffle(fields) };
  }

  table(rows: number): Node {
    const fields: Array<[string, Node]> = [
      ["kind", { str: "Table" }],
      ["apiVersion", { str: "meta.k8s.io/v1" }],
      ["metadata", { obj: [["resourceVersion", { str: String(this.int(9999)) }], ...(this.chance(0.3) ? [["continue", { str: "abc" }] as [string, Node]] : []), ...(this.chance(0.3) ? [["remainingItemCount", { raw: "7" }] as [string, Node]] : [])] }],
      ["columnDefinitions", { arr: [{ obj: [["name", { str: "Name" }], ["type", { str: "string" }], ["format", { str: "name" }], ["priority", { raw: "0" }]] }, { obj: [["name", { str: "Age" }]] }] }],
      ["rows", this.chance(0.97) ? { arr: Array.from({ length: rows }, () => this.row()) } : this.junk(1)],
    ];
    return { obj: this.shuffle(fields) };
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }

  // --- serialisation with random whitespace and escapes ---

  ws(): string {
    return this.chance(0.15) ? this.pick([" ", "\n", "\t", "\r\n  "]) : "";
  }

  quote(s: string): string {
    let out = '"';
    for (const ch of s) {
      const code = ch.codePointAt(0)!;
      if (this.chance(0.1) && code < 0x10000) out += `\\u${code.toString(16).padStart(4, "0")}`;
      else if (ch === '"' || ch === "\\" || code < 0x20) out += JSON.stringify(ch).slice(1, -1);
      else if (ch === "/" && this.chance(0.5)) out += "\\/";
      else out += ch;
    }
    return `${out}"`;
  }

  write(node: Node): string {
    if ("raw" in node) return node.raw;
    if ("str" in node) return this.quote(node.str);
    if ("arr" in node) return `[${node.arr.map((n) => this.ws() + this.write(n) + this.ws()).join(",")}]`;
    return `{${node.obj.map(([k, v]) => `${this.ws()}${this.quote(k)}${this.ws()}:${this.ws()}${this.write(v)}${this.ws()}`).join(",")}}`;
  }
}

t.test("generated Tables: the walker's rows, columns and metadata equal the parsing path's", async (t) => {
  let checked = 0;
  for (let seed = 1; seed <= 600; seed++) {
    const g = new Gen(seed);
    const text = g.ws() + g.write(g.table(g.int(8))) + g.ws();
    const reference = tableFromBody(JSON.parse(text), POD);
    const scanned = scanTable(text);
    if (!scanned) {
      t.fail(`seed ${seed}: a valid Table was not read`);
      continue;
    }
    const parsed = JSON.parse(text) as { metadata: unknown };
    const rows = JSON.parse(scanned.rowsJson) as unknown;
    if (JSON.stringify(rows) !== JSON.stringify(reference.rows) || JSON.stringify(columnsOf(scanned.columnDefinitions)) !== JSON.stringify(reference.columns)) {
      t.same(rows, reference.rows, `seed ${seed}: rows`);
      t.same(columnsOf(scanned.columnDefinitions), reference.columns, `seed ${seed}: columns`);
    }
    t.same(scanned.metadata, parsed.metadata, `seed ${seed}: metadata`);
    checked++;
  }
  t.equal(checked, 600);
});

t.test("what a row object carries beyond the five fields is never copied (a Secret's last-applied data)", async (t) => {
  const table = {
    kind: "Table",
    metadata: {},
    columnDefinitions: [],
    rows: [
      {
        cells: ["db", "Opaque", 1, "5m"],
        object: {
          metadata: {
            name: "db",
            namespace: "shop",
            annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"data":{"password":"c2VjcmV0"}}' },
            managedFields: [{ manager: "kubectl", fieldsV1: { "f:data": { "f:password": {} } } }],
          },
        },
      },
    ],
  };
  const scanned = scanTable(JSON.stringify(table));
  t.ok(scanned);
  t.same(JSON.parse(scanned!.rowsJson), [{ name: "db", namespace: "shop", cells: ["db", "Opaque", 1, "5m"] }]);
  t.notMatch(scanned!.rowsJson, /password|c2VjcmV0|last-applied|managedFields/);
});

t.test("not a Table, or not readable: undefined, so the route parses (and reports) it", async (t) => {
  for (const text of [
    '{"kind":"PodList","items":[]}',
    '{"apiVersion":"v1","rows":[]}',
    "[]",
    '"Table"',
    "",
    "   ",
    '{"kind":"Table"} x',
    '{"kind":"Table",}',
    '{"kind":"Table" "rows":[]}',
    '{"kind":"Table","rows":[{"cells":["a\u0001"]}]}', // raw control character in a copied string
    '{"kind":"Table","rows":[{"cells":["\\x"]}]}', // bad escape
    '{"kind":"Table","rows":[{"cells":[01]}]}', // leading zero
    '{"kind":"Table","rows":[{"cells":[tru]}]}',
    '{"kind":"Table","rows":[{"cells":[1,]}]}',
    '{"kind":"Table","rows":[{"cells":["a",\u00a01]}]}', // U+00A0 is not JSON whitespace
    '{"kind":"Table","rows":[{"object":{"metadata":{"labels":{"a":\u00a0"b"}}}}]}',
    '{"kind":"Table","rows":[{"object":{"metadata":{"labels":{"a":1,}}}}]}',
    '{"kind":"Table","rows":[{"object":{"metadata":{"x":[}}}}]}', // brackets that do not balance where skipped
    '{"kind":"Table","rows":[{"object":{"metadata":{"x":"unclosed}}}]}',
    '{"kind":"Tab\\le"}',
    `{"kind":"Table","rows":[{"cells":${"[".repeat(100)}${"]".repeat(100)}}]}`, // deeper than the walker follows
  ]) {
    t.equal(scanTable(text), undefined, JSON.stringify(text).slice(0, 80));
  }
  t.ok(scanTable('{"kind":"Table"}'), "an empty Table is a Table");
  t.equal(scanTable('{"kind":"Table"}')!.rowsJson, "[]");
  t.equal(scanTable('{"kind":"\\u0054able","rows":[]}')!.rowsJson, "[]", "escaped values are decoded");
  t.equal(scanTable('{"\\u006bind":"Table","\\u0072ows":[{"cells":[1]}]}')!.rowsJson, '[{"name":"","cells":[1]}]', "escaped keys are decoded");
});

t.test("every proper prefix of a Table is refused; every corruption still gives valid JSON or nothing", async (t) => {
  const g = new Gen(4242);
  const text = g.write(g.table(4));
  let refused = 0;
  for (let n = 0; n < text.length; n++) if (scanTable(text.slice(0, n)) === undefined) refused++;
  t.equal(refused, text.length, "no prefix passes as a whole Table");

  const chars = ['"', "\\", "{", "}", "[", "]", ",", ":", "\u0001", "x", "1", " "];
  let read = 0;
  for (let seed = 1; seed <= 2000; seed++) {
    const m = new Gen(seed);
    const base = m.write(m.table(3));
    let corrupt = base;
    for (let k = 0; k <= m.int(3); k++) {
      const at = m.int(corrupt.length);
      corrupt = m.chance(0.5) ? corrupt.slice(0, at) + m.pick(chars) + corrupt.slice(at) : corrupt.slice(0, at) + corrupt.slice(at + 1);
    }
    const scanned = scanTable(corrupt);
    if (!scanned) continue;
    read++;
    try {
      JSON.parse(scanned.rowsJson);
    } catch {
      t.fail(`seed ${seed}: output is not JSON for ${JSON.stringify(corrupt).slice(0, 200)}`);
    }
  }
  t.ok(read > 0, `some corruptions fall in stepped-over parts and are still read (${read} of 2000)`);
});

t.test("the demo world's Tables, every kind: the walker agrees with the parsing path on the apiserver's own text", async (t) => {
  const { loadPlatform } = await import("../../server/platform/load.ts");
  const { createLogger } = await import("../../server/http/log.ts");
  const { createClusterRegistry } = await import("../../server/clusters/registry.ts");
  const { createDemoBackend } = await import("../../server/clusters/demo.ts");
  const { createKindCatalog } = await import("../../server/kinds/catalog.ts");
  const { kindPath } = await import("../../server/kinds/kind.ts");
  const { TABLE_ACCEPT } = await import("../../server/clusters/kube-client.ts");
  const { USERS } = await import("./harness.ts");
  const platform = await loadPlatform();
  const clusters = await createClusterRegistry([{ name: "demo", backend: "demo" }], { platform, log: createLogger("error", () => undefined), env: {}, configSource: "test" }, {
    demo: (config, d) => createDemoBackend(config, d, { world: { seed: "table-scan" }, churn: false }),
  });
  t.teardown(() => clusters.close());
  const client = clusters.client("demo", USERS.admin, "table-scan-test");
  const { kinds } = await createKindCatalog().list(client);
  let rows = 0;
  for (const kind of kinds) {
    const text = await client.text({ path: kindPath(kind, undefined), accept: TABLE_ACCEPT, query: { includeObject: "Metadata" } });
    const scanned = scanTable(text);
    const reference = tableFromBody(JSON.parse(text), kind);
    if (!scanned) {
      t.fail(`${kind.id}: not read`);
      continue;
    }
    // As the route serialises it: fields that are undefined are left out.
    t.same(JSON.parse(scanned.rowsJson), JSON.parse(JSON.stringify(reference.rows)), `${kind.id}: ${reference.rows.length} rows`);
    t.same(columnsOf(scanned.columnDefinitions), reference.columns, `${kind.id}: columns`);
    rows += reference.rows.length;
  }
  t.ok(kinds.length >= 31 && rows > 100, `${kinds.length} kinds, ${rows} rows compared`);

  // A plain list (metrics.k8s.io answers no Table): the walker declines, the route parses it and gives the columns
  // every kind has.
  const { listTableJson } = await import("../../server/api/table.ts");
  const podMetrics = await createKindCatalog().resolve(client, "metrics.k8s.io/v1beta1/pods");
  const plain = await client.text({ path: kindPath(podMetrics, "shop"), accept: TABLE_ACCEPT, query: { includeObject: "Metadata" } });
  t.equal(scanTable(plain), undefined, "not a Table");
  const listed = JSON.parse(await listTableJson(client, podMetrics, { namespace: "shop" }, { cluster: "demo" })) as { cluster: string; columns: Array<{ name: string }>; rows: Array<{ namespace: string; cells: unknown[] }> };
  t.equal(listed.cluster, "demo");
  t.same(listed.columns.map((c) => c.name), ["Name", "Namespace", "Created At"]);
  t.ok(listed.rows.length > 0 && listed.rows.every((r) => r.namespace === "shop" && r.cells.length === 3), `${listed.rows.length} pod metrics rows`);
});
