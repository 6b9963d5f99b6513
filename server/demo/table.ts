/**
 * Table responses (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): rows with cells from the
 * built-in column sets or a CRD's additionalPrinterColumns, and the object as Metadata, Object or None.
 */
import { age } from "./age.ts";
import { evalJsonPath } from "./jsonpath.ts";
import type { ColumnDefinition, ColumnSet } from "./table-columns.ts";
import { COLUMN_SETS, DEFAULT_COLUMNS } from "./table-columns.ts";
import type { KubeObject, PrinterColumn, ResourceType } from "./types.ts";
import { resourceKey } from "./types.ts";

export type IncludeObject = "Metadata" | "Object" | "None";

/** Does the Accept header ask for a Table? */
export function wantsTable(accept: string | null): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

function crdColumns(columns: PrinterColumn[]): ColumnSet {
  const defs: ColumnDefinition[] = [
    { name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.", priority: 0 },
    ...columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? "", description: c.description ?? "", priority: c.priority ?? 0 })),
  ];
  return {
    columns: defs,
    cells: (o) => [
      o.metadata.name ?? "",
      ...columns.map((c) => {
        const values = evalJsonPath(o, c.jsonPath);
        if (values.length === 0) return null;
        const v = values.length === 1 ? values[0] : values;
        if (c.type === "date") return age(v);
        if (c.type === "integer" || c.type === "number") return typeof v === "number" ? v : Number(v);
        if (c.type === "boolean") return Boolean(v);
        return typeof v === "object" ? JSON.stringify(v) : String(v);
      }),
    ],
  };
}

const AGE_COLUMN: PrinterColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };

export function columnSet(type: ResourceType): ColumnSet {
  if (type.printerColumns !== undefined) return crdColumns(type.printerColumns.length ? type.printerColumns : [AGE_COLUMN]);
  return COLUMN_SETS[resourceKey(type.group, type.plural)] ?? DEFAULT_COLUMNS;
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return obj;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

export function tableRows(type: ResourceType, objects: KubeObject[], include: IncludeObject): unknown[] {
  const set = columnSet(type);
  return objects.map((o) => {
    const row: Record<string, unknown> = { cells: set.cells(o) };
    const ro = rowObject(o, include);
    if (ro !== undefined) row.object = ro;
    return row;
  });
}

export function table(type: ResourceType, objects: KubeObject[], include: IncludeObject, metadata: Record<string, unknown>, withColumns = true): Record<string, unknown> {
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata,
    columnDefinitions: withColumns ? columnSet(type).columns : [],
    rows: tableRows(type, objects, include),
  };
}

export function includeObjectParam(value: string | null): IncludeObject {
  return value === "Object" || value === "None" ? value : "Metadata";
}
