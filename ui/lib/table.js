// @ts-check
/**
 * The apiserver Table format (what the list route returns) reduced to what a list page draws: priority-0
 * columns and, per row, its namespace, name, uid and cells. Shared by the server render and the island.
 */

/** @typedef {{ name: string, type: string, format: string }} Column */
/** @typedef {string | number | boolean | null} Cell */
/** @typedef {{ key: string, ns: string, name: string, cells: Cell[] }} Row */
/** @typedef {{ columns: Column[], rows: Row[], resourceVersion: string, keep: number[] }} TableModel */

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The table inside a list answer: the console's list shape `{ columns, rows: [{ name, namespace, cells }] }`
 * or the apiserver's `Table` (`columnDefinitions`, rows with `object.metadata`), bare or under `table`.
 * @param {unknown} data
 * @returns {{ defs: unknown[], rows: unknown[], resourceVersion: string } | undefined}
 */
export function tableOf(data) {
  if (!isObj(data)) return undefined;
  const t = isObj(data.table) ? data.table : data;
  const defs = Array.isArray(t.columns) ? t.columns : Array.isArray(t.columnDefinitions) ? t.columnDefinitions : undefined;
  if (!defs) return undefined;
  const meta = isObj(t.metadata) ? t.metadata : {};
  const rv = [data.resourceVersion, t.resourceVersion, meta.resourceVersion].find((v) => typeof v === "string");
  return { defs, rows: Array.isArray(t.rows) ? t.rows : [], resourceVersion: typeof rv === "string" ? rv : "" };
}

/** @param {unknown} v @returns {Cell} */
function cell(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ");
  return JSON.stringify(v);
}

/**
 * Indexes of the columns to keep (priority 0) from a Table's columnDefinitions.
 * @param {unknown[]} defs
 */
export function columnsOf(defs) {
  /** @type {Column[]} */
  const columns = [];
  /** @type {number[]} */
  const keep = [];
  defs.forEach((d, i) => {
    if (!isObj(d) || typeof d.name !== "string") return;
    if (typeof d.priority === "number" && d.priority > 0) return;
    keep.push(i);
    columns.push({ name: d.name, type: typeof d.type === "string" ? d.type : "string", format: typeof d.format === "string" ? d.format : "" });
  });
  return { columns, keep };
}

/**
 * One row (either shape) → Row, or undefined when it has no name.
 * @param {unknown} r
 * @param {number[]} keep
 * @returns {Row | undefined}
 */
export function rowOf(r, keep) {
  if (!isObj(r) || !Array.isArray(r.cells)) return undefined;
  const obj = isObj(r.object) ? r.object : {};
  const meta = isObj(obj.metadata) ? obj.metadata : r;
  const cells = /** @type {unknown[]} */ (r.cells);
  const name = typeof meta.name === "string" && meta.name ? meta.name : typeof cells[0] === "string" ? cells[0] : undefined;
  if (!name) return undefined;
  const ns = typeof meta.namespace === "string" ? meta.namespace : "";
  return { key: `${ns}/${name}`, ns, name, cells: keep.map((i) => cell(cells[i])) };
}

/** @param {unknown} data @returns {TableModel | undefined} */
export function toModel(data) {
  const table = tableOf(data);
  if (!table) return undefined;
  const { columns, keep } = columnsOf(table.defs);
  /** @type {Row[]} */
  const rows = [];
  for (const r of table.rows) {
    const row = rowOf(r, keep);
    if (row) rows.push(row);
  }
  return { columns, rows, resourceVersion: table.resourceVersion, keep };
}

/** "3d4h", "5m", "12s" from an ISO time (kubectl's age style). @param {string} iso @param {number} now */
export function age(iso, now) {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ""}`;
  const d = Math.floor(h / 24);
  return d < 365 ? `${d}d${h % 24 && d < 8 ? `${h % 24}h` : ""}` : `${Math.floor(d / 365)}y${d % 365}d`;

}

/** A cell as text. @param {Cell} v @param {Column | undefined} col @param {number} now */
export function cellText(v, col, now) {
  if (v === null) return "";
  if (col?.format === "date" && typeof v === "string") return age(v, now);
  return String(v);
}

/**
 * Compare two cells for sorting: numbers and numeric prefixes numerically, dates by time, text naturally.
 * @param {Cell} a @param {Cell} b
 */
export function compareCells(a, b) {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
}

/** @typedef {{ columns: Column[], rows: Array<Cell[]>, resourceVersion: string, keep: number[] }} PackedModel */

/**
 * Rows as flat arrays `[ns, name, ...cells]` for island props: 5,000 pods weigh a third less without keys and
 * property names repeated per row.
 * @param {TableModel} model @returns {PackedModel}
 */
export function packModel(model) {
  return { ...model, rows: model.rows.map((r) => [r.ns, r.name, ...r.cells]) };
}

/** @param {PackedModel} packed @returns {TableModel} */
export function unpackModel(packed) {
  return {
    ...packed,
    rows: packed.rows.map((r) => {
      const ns = String(r[0] ?? "");
      const name = String(r[1] ?? "");
      return { key: `${ns}/${name}`, ns, name, cells: r.slice(2) };
    }),
  };
}
