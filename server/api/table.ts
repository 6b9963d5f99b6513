/**
 * Lists in the apiserver's Table format (kubectl's own columns; CRD printer columns come free), reduced to
 * what the UI needs per row. A server that answers a plain list instead gets Name/Namespace/Age columns.
 */
import type { KubeClient } from "../clusters/kube-client.ts";
import { TABLE_ACCEPT } from "../clusters/kube-client.ts";
import { kubeNetworkError } from "../clusters/kube-error.ts";
import type { Kind } from "../kinds/kind.ts";
import { kindPath } from "../kinds/kind.ts";
import { isRecord } from "./object-view.ts";
import { scanTable } from "./table-scan.ts";

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRow {
  name: string;
  namespace: string | undefined;
  uid: string | undefined;
  creationTimestamp: string | undefined;
  labels: Record<string, string> | undefined;
  cells: unknown[];
}

export interface TableList {
  kind: string;
  columns: TableColumn[];
  rows: TableRow[];
  resourceVersion: string | undefined;
  continue: string | undefined;
  remainingItemCount: number | undefined;
}

export interface ListOptions {
  namespace?: string | undefined;
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** One row object per item, built in one go (5,000-row lists: no intermediate copies). Also used by live rows. */
export function row(meta: unknown, cells: (m: Omit<TableRow, "cells">) => unknown[]): TableRow {
  const m = isRecord(meta) ? meta : {};
  const out: TableRow = {
    name: str(m.name) ?? "",
    namespace: str(m.namespace),
    uid: str(m.uid),
    creationTimestamp: str(m.creationTimestamp),
    labels: isRecord(m.labels) ? (m.labels as Record<string, string>) : undefined,
    cells: [],
  };
  out.cells = cells(out);
  return out;
}

/** A Table's columnDefinitions, narrowed field by field (missing fields get the apiserver's defaults). */
export function columnsOf(definitions: unknown): TableColumn[] {
  return (Array.isArray(definitions) ? definitions : []).map((c): TableColumn => {
    const col = isRecord(c) ? c : {};
    return {
      name: str(col.name) ?? "",
      type: str(col.type) ?? "string",
      format: str(col.format) ?? "",
      description: str(col.description) ?? "",
      priority: typeof col.priority === "number" ? col.priority : 0,
    };
  });
}

/** The list call: the apiserver's Table (with each row's metadata) as text. */
function requestTable(client: KubeClient, kind: Kind, options: ListOptions): Promise<string> {
  return client.text({
    path: kindPath(kind, options.namespace),
    accept: TABLE_ACCEPT,
    query: {
      includeObject: "Metadata",
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      continue: options.continue,
    },
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
}

function parseBody(client: KubeClient, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw kubeNetworkError(client.cluster, error, false);
  }
}

type ListHead = Pick<TableList, "kind" | "resourceVersion" | "continue" | "remainingItemCount">;

function headOf(kind: Kind, metadata: unknown): ListHead {
  const meta = isRecord(metadata) ? metadata : {};
  return {
    kind: kind.kind,
    resourceVersion: str(meta.resourceVersion),
    continue: str(meta.continue) || undefined,
    remainingItemCount: typeof meta.remainingItemCount === "number" ? meta.remainingItemCount : undefined,
  };
}

/** A parsed list body (Table, or a plain list from a server without Table support) in the route's shape. */
export function tableFromBody(body: unknown, kind: Kind): TableList {
  const b = isRecord(body) ? body : {};
  const base = headOf(kind, b.metadata);
  if (b.kind === "Table") {
    const columns = columnsOf(b.columnDefinitions);
    const rows = (Array.isArray(b.rows) ? b.rows : []).map((r): TableRow => {
      const tableRow = isRecord(r) ? r : {};
      const object = isRecord(tableRow.object) ? tableRow.object : {};
      return row(object.metadata, () => (Array.isArray(tableRow.cells) ? tableRow.cells : []));
    });
    return { ...base, columns, rows };
  }
  // Plain list fallback: the minimal columns every kind has.
  const columns: TableColumn[] = [
    { name: "Name", type: "string", format: "name", description: "", priority: 0 },
    ...(kind.namespaced ? [{ name: "Namespace", type: "string", format: "", description: "", priority: 0 }] : []),
    { name: "Created At", type: "date", format: "", description: "", priority: 0 },
  ];
  const rows = (Array.isArray(b.items) ? b.items : []).map((item): TableRow =>
    row(isRecord(item) ? item.metadata : undefined, (m) => [m.name, ...(kind.namespaced ? [m.namespace ?? ""] : []), m.creationTimestamp ?? ""]),
  );
  return { ...base, columns, rows };
}

/** The list as objects (live lists diff their rows). */
export async function listTable(client: KubeClient, kind: Kind, options: ListOptions = {}): Promise<TableList> {
  return tableFromBody(parseBody(client, await requestTable(client, kind, options)), kind);
}

/**
 * The list as the route's JSON text, `envelope` fields first. A Table is reshaped by table-scan.ts without
 * building its rows as objects; anything else (or a Table the walker gives up on) goes through `tableFromBody`.
 */
export async function listTableJson(client: KubeClient, kind: Kind, options: ListOptions, envelope: Record<string, unknown>): Promise<string> {
  const text = await requestTable(client, kind, options);
  const scanned = scanTable(text);
  if (!scanned) return JSON.stringify({ ...envelope, ...tableFromBody(parseBody(client, text), kind) });
  const head = JSON.stringify({ ...envelope, ...headOf(kind, scanned.metadata), columns: columnsOf(scanned.columnDefinitions) });
  return `${head.slice(0, -1)},"rows":${scanned.rowsJson}}`;
}
