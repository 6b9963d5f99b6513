/**
 * Rows of a Table-shaped watch event, in the list route's row shape (server/api/table.ts `TableRow`), so a live
 * row replaces a listed row field for field.
 */
import { isRecord } from "../api/object-view.ts";
import { columnsOf, row } from "../api/table.ts";
import type { TableColumn, TableRow } from "../api/table.ts";

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

export interface EventRow {
  row: TableRow;
  resourceVersion: string | undefined;
}

function rowOf(meta: unknown, cells: unknown[]): TableRow {
  return row(meta, () => cells);
}

/** Column definitions when the event carries them (the apiserver sends them with the first event only). */
export function tableColumns(object: unknown): TableColumn[] | undefined {
  if (!isRecord(object) || !Array.isArray(object.columnDefinitions) || object.columnDefinitions.length === 0) return undefined;
  return columnsOf(object.columnDefinitions);
}

/** A Table event → its rows; a plain object (a server without Table support) → one row of name/namespace/age. */
export function eventRows(object: unknown, namespaced: boolean): EventRow[] {
  if (!isRecord(object)) return [];
  const tableRv = isRecord(object.metadata) ? str(object.metadata.resourceVersion) : undefined;
  if (object.kind === "Table") {
    return (Array.isArray(object.rows) ? object.rows : []).map((r) => {
      const row = isRecord(r) ? r : {};
      const obj = isRecord(row.object) ? row.object : {};
      const meta = isRecord(obj.metadata) ? obj.metadata : {};
      return { row: rowOf(meta, Array.isArray(row.cells) ? row.cells : []), resourceVersion: str(meta.resourceVersion) ?? tableRv };
    });
  }
  const meta = isRecord(object.metadata) ? object.metadata : {};
  const base = rowOf(meta, []);
  base.cells = [base.name, ...(namespaced ? [base.namespace ?? ""] : []), base.creationTimestamp ?? ""];
  return [{ row: base, resourceVersion: tableRv }];
}

/** The resourceVersion a BOOKMARK (or any event) carries at its top level. */
export function objectResourceVersion(object: unknown): string | undefined {
  return isRecord(object) && isRecord(object.metadata) ? str(object.metadata.resourceVersion) : undefined;
}
