/**
 * Just enough protobuf to read what kubectl sends as protobuf: the `k8s\0` envelope around a runtime.Unknown
 * {typeMeta, raw}, and the messages inside it, decoded with the schemas in protobuf-schemas.ts.
 */
import { KIND_SCHEMAS } from "./protobuf-schemas.ts";
import type { Schema } from "./protobuf-schemas.ts";
import { badRequestError, kubeError } from "./status.ts";

export type Field = { no: number; wire: number; value: number | Uint8Array };

export function readFields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw badRequestError("truncated protobuf varint");
      const b = buf[i++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, value: varint() });
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw badRequestError("truncated protobuf field");
      out.push({ no, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else throw badRequestError(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

const text = (v: number | Uint8Array | undefined) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : "");
const bytes = (f: Field[], no: number) => {
  const x = f.find((y) => y.no === no)?.value;
  return x instanceof Uint8Array ? x : undefined;
};

/** Strings of a message by field number (last one wins, as protobuf merges). */
function strings(buf: Uint8Array | undefined, names: Record<number, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!buf) return out;
  for (const f of readFields(buf)) if (names[f.no] && f.wire === 2) out[names[f.no]!] = text(f.value);
  return out;
}

export const PROTOBUF_MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** Unwrap the `k8s\0` envelope: the apiVersion/kind and the raw message bytes. */
export function readEnvelope(body: Uint8Array): { apiVersion: string; kind: string; raw: Uint8Array } {
  if (body.length < 4 || PROTOBUF_MAGIC.some((b, i) => body[i] !== b)) throw badRequestError("protobuf body without the k8s envelope");
  const unknown = readFields(body.subarray(4));
  const typeMeta = strings(bytes(unknown, 1), { 1: "apiVersion", 2: "kind" });
  return { apiVersion: typeMeta.apiVersion ?? "", kind: typeMeta.kind ?? "", raw: bytes(unknown, 2) ?? new Uint8Array() };
}

/** Decode a message of a kind with a known schema into its JSON shape; 415 for the rest, like the apiserver. */
export function decodeObject(apiVersion: string, kind: string, raw: Uint8Array): Record<string, unknown> {
  const schema = KIND_SCHEMAS[kind];
  // Like the apiserver for kinds without a protobuf schema (custom resources): 415 Unsupported Media Type.
  if (!schema) throw kubeError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
  return { apiVersion, kind, ...decodeMessage(raw, schema) };
}

/** Decode by schema: strings, varints, bytes (base64, as JSON carries them), maps, nested and repeated messages. */
export function decodeMessage(buf: Uint8Array, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const spec = schema[f.no];
    if (!spec) continue; // fields the simulator does not model are dropped
    const [name, type, repeated] = spec;
    let value: unknown;
    if (type === "map" || type === "mapBytes" || type === "mapQuantity") {
      const entry = readFields(f.value as Uint8Array);
      const key = text(entry.find((e) => e.no === 1)?.value);
      const v = entry.find((e) => e.no === 2)?.value;
      const map = (out[name] ??= {}) as Record<string, string>;
      map[key] = type === "mapBytes" ? base64(v) : type === "mapQuantity" ? text(bytes(readFields((v as Uint8Array) ?? new Uint8Array()), 1)) : text(v);
      continue;
    }
    if (type === "string") value = text(f.value);
    else if (type === "bytes") value = base64(f.value);
    else if (type === "int" || type === "optInt") value = typeof f.value === "number" ? f.value : 0;
    else if (type === "bool" || type === "optBool") value = f.value === 1;
    else if (type === "intOrString") value = intOrString(f.value as Uint8Array);
    else value = decodeMessage(f.value as Uint8Array, type);
    if (name === "") {
      Object.assign(out, value);
      continue;
    }
    // Go's JSON leaves out empty strings and zero non-pointer scalars; do the same so objects look alike.
    if (!repeated && (value === "" || ((type === "int" || type === "bool") && !value))) continue;
    if (repeated) ((out[name] ??= []) as unknown[]).push(value);
    else out[name] = value;
  }
  return out;
}

/** intstr.IntOrString {type 1, intVal 2, strVal 3} as JSON: a number or a string. */
function intOrString(buf: Uint8Array): number | string {
  const f = readFields(buf);
  const kind = f.find((x) => x.no === 1)?.value ?? 0;
  if (kind === 1) return text(f.find((x) => x.no === 3)?.value);
  const v = f.find((x) => x.no === 2)?.value;
  return typeof v === "number" ? v : 0;
}

function base64(v: number | Uint8Array | undefined): string {
  if (!(v instanceof Uint8Array)) return "";
  let s = "";
  for (const b of v) s += String.fromCharCode(b);
  return btoa(s);
}
