import t from "tap";

// ui/ is JavaScript checked by its own tsconfig; the server-side tsconfig sees it through this typed seam.
type Cell = string | number | boolean | null;
interface Row { key: string; ns: string; name: string; cells: Cell[] }
interface Model { columns: Array<{ name: string }>; rows: Row[]; resourceVersion: string; keep: number[] }
interface TableLib {
  toModel(data: unknown): Model | undefined;
  rowOf(r: unknown, keep: number[]): Row | undefined;
  packModel(m: Model): { rows: Cell[][] };
  unpackModel(p: unknown): Model;
  compareCells(a: Cell, b: Cell): number;
  age(iso: string, now: number): string;
}
const lib = "../../ui/lib/table.js";
const { age, compareCells, packModel, rowOf, toModel, unpackModel } = (await import(lib)) as TableLib;

const columns = [
  { name: "Name", type: "string", format: "name", priority: 0 },
  { name: "Ready", type: "string", format: "", priority: 0 },
  { name: "IP", type: "string", format: "", priority: 1 },
  { name: "Age", type: "string", format: "", priority: 0 },
];

t.test("the console's list shape becomes rows with priority-0 columns", async (t) => {
  const model = toModel({
    resourceVersion: "42",
    columns,
    rows: [
      { name: "a", namespace: "ns1", cells: ["a", "1/1", "10.0.0.1", "5m"] },
      { name: "b", namespace: "ns2", cells: ["b", "0/1", null, "2d"] },
      { cells: ["no-name-in-meta", "1/1", "", "1s"] },
      { name: "", cells: [] },
    ],
  })!;
  t.same(model.columns.map((c) => c.name), ["Name", "Ready", "Age"], "wide (priority > 0) columns are dropped");
  t.same(model.keep, [0, 1, 3]);
  t.equal(model.resourceVersion, "42");
  t.same(model.rows[0], { key: "ns1/a", ns: "ns1", name: "a", cells: ["a", "1/1", "5m"] });
  t.same(model.rows[2]!.name, "no-name-in-meta", "the first cell names a row without metadata");
  t.equal(model.rows.length, 3, "a row with no name at all is skipped");
});

t.test("the apiserver Table shape works too", async (t) => {
  const model = toModel({
    kind: "Table",
    metadata: { resourceVersion: "7" },
    columnDefinitions: columns,
    rows: [{ cells: ["p", "1/1", "x", "1h"], object: { metadata: { name: "p", namespace: "d" } } }],
  })!;
  t.equal(model.resourceVersion, "7");
  t.same(model.rows[0]!.key, "d/p");
  t.equal(toModel({ nope: true }), undefined, "not a table → undefined, so the page can say so");
  t.equal(rowOf({ cells: "x" }, [0]), undefined);
});

t.test("packing for island props round-trips", async (t) => {
  const model = toModel({ columns, rows: [{ name: "a", namespace: "n", cells: ["a", "1/1", "", "3s"] }, { name: "c", cells: ["c", "0/1", "", "1d"] }] })!;
  const packed = packModel(model);
  t.same(packed.rows[0], ["n", "a", "a", "1/1", "3s"]);
  t.same(unpackModel(JSON.parse(JSON.stringify(packed))), model);
});

t.test("sorting is numeric-aware and puts empty cells last", async (t) => {
  const sorted = ["pod-10", "pod-9", null, "pod-100"].sort(compareCells);
  t.same(sorted, ["pod-9", "pod-10", "pod-100", null]);
  t.ok(compareCells(2, 10) < 0);
});

t.test("ages in kubectl's style", async (t) => {
  const now = Date.parse("2026-01-10T00:00:00Z");
  t.equal(age("2026-01-09T23:59:30Z", now), "30s");
  t.equal(age("2026-01-09T23:30:00Z", now), "30m");
  t.equal(age("2026-01-09T20:30:00Z", now), "3h30m");
  t.equal(age("2026-01-07T00:00:00Z", now), "3d");
  t.equal(age("not a time", now), "not a time");
});
