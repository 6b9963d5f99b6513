/**
 * Just enough protobuf to read what kubectl sends for the review kinds: the `k8s\0` envelope around a
 * runtime.Unknown {typeMeta, raw}, and the SelfSubjectAccessReview/RulesReview messages inside it.
 */
import { badRequestError } from "./status.ts";

type Field = { no: number; wire: number; value: number | Uint8Array };

function readFields(buf: Uint8Array): Field[] {
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

/** Decode the review kinds into their JSON shape (spec only; metadata is not needed). */
export function decodeReview(kind: string, raw: Uint8Array): Record<string, unknown> {
  const top = readFields(raw);
  const spec = bytes(top, 2);
  if (kind === "SelfSubjectAccessReview") {
    const s = spec ? readFields(spec) : [];
    const resourceAttributes = bytes(s, 1);
    const nonResourceAttributes = bytes(s, 2);
    const out: Record<string, unknown> = {};
    if (resourceAttributes) out.resourceAttributes = strings(resourceAttributes, { 1: "namespace", 2: "verb", 3: "group", 4: "version", 5: "resource", 6: "subresource", 7: "name" });
    if (nonResourceAttributes) out.nonResourceAttributes = strings(nonResourceAttributes, { 1: "path", 2: "verb" });
    return { apiVersion: "authorization.k8s.io/v1", kind, spec: out };
  }
  if (kind === "SelfSubjectRulesReview") return { apiVersion: "authorization.k8s.io/v1", kind, spec: strings(spec, { 1: "namespace" }) };
  if (kind === "SelfSubjectReview") return { apiVersion: "authentication.k8s.io/v1", kind };
  throw badRequestError(`protobuf is only understood for review kinds, not ${kind}`);
}
