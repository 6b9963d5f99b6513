/**
 * A tiny TypeBox-style kit: each node is a draft-07 JSON Schema fragment that also carries its TypeScript type.
 * Defaults sit on leaves only; objects are closed unless built with `open`.
 */
export type JsonSchema = { [key: string]: unknown };

export interface Node<T> {
  readonly schema: JsonSchema;
  /** Phantom type marker. */
  readonly __t?: T;
}
export type Static<N> = N extends Node<infer T> ? T : never;

interface Doc {
  description?: string;
}

const node = <T>(schema: JsonSchema): Node<T> => ({ schema });
const clean = (o: JsonSchema): JsonSchema => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function str(o: Doc & { default: string; pattern?: string; minLength?: number; maxLength?: number; format?: never; propertyNames?: never }): Node<string> {
  return node(clean({ type: "string", ...o }));
}

/** A string with no default: absent unless the operator sets it (conditional requirements name it). */
export function optStr(o: Doc & { minLength?: number; pattern?: string }): Node<string | undefined> {
  return node(clean({ type: "string", ...o }));
}

export function oneOf<const E extends string>(values: readonly E[], o: Doc & { default: E }): Node<E> {
  return node(clean({ type: "string", enum: [...values], ...o }));
}

export function int(o: Doc & { default: number; minimum?: number; maximum?: number }): Node<number> {
  return node(clean({ type: "integer", ...o }));
}

export function bool(o: Doc & { default: boolean }): Node<boolean> {
  return node(clean({ type: "boolean", ...o }));
}

export function list<T>(items: Node<T>, o: Doc & { default: T[] }): Node<T[]> {
  return node(clean({ type: "array", items: items.schema, ...o }));
}

export function map<T>(values: Node<T>, o: Doc & { default: Record<string, T>; propertyNames?: JsonSchema }): Node<Record<string, T>> {
  return node(clean({ type: "object", additionalProperties: values.schema, ...o }));
}

type Props = Record<string, Node<unknown>>;
type ObjOf<P extends Props> = { [K in keyof P]: Static<P[K]> };

/**
 * A closed object; `allOf` carries if/then conditional requirements. Every key with a default and every nested
 * object is required, so deleting one with `null` (Helm's way to drop a default) is an error, not a silent 0, ""
 * or `clusters: null` the server would refuse.
 */
export function obj<P extends Props>(props: P, o: Doc & { allOf?: JsonSchema[] } = {}): Node<ObjOf<P>> {
  const properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.schema]));
  const branch = (s: JsonSchema) => s.type === "object" && !("default" in s) && typeof s.properties === "object";
  const required = Object.entries(props).filter(([, v]) => "default" in v.schema || branch(v.schema)).map(([k]) => k);
  return node(clean({ type: "object", additionalProperties: false, description: o.description, properties, required: required.length ? required : undefined, allOf: o.allOf }));
}

/** A pass-through Kubernetes structure (validated by the apiserver, not by us), with a whole-map default. */
export function open<T>(o: Doc & { default: T; type?: "object" | "array" }): Node<T> {
  return node(clean({ type: o.type ?? "object", description: o.description, default: o.default }));
}

/** An existing JSON Schema object (e.g. the server's auth/clusters schemas), typed by its TS twin. */
export function raw<T>(schema: object): Node<T> {
  return node(schema as JsonSchema);
}

/** Defaults of a schema: leaves with `default`, objects always present (so template paths never hit nil). */
export function defaultsOf(schema: JsonSchema): unknown {
  if ("default" in schema) return structuredClone(schema.default);
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (schema.type === "object" && props) {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(props)) {
      const d = defaultsOf(s);
      if (d !== undefined) out[k] = d;
    }
    return out;
  }
  return undefined;
}
