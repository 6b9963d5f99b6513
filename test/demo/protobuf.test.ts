/** kubectl's protobuf review bodies: the `k8s\0` envelope around runtime.Unknown, decoded by the small reader. */
import t from "tap";
import { decodeObject, readEnvelope } from "../../server/demo/protobuf.ts";
import { inProcess } from "./in-process.ts";

// A minimal protobuf writer for the test: length-delimited fields only (all the review specs need).
const enc = new TextEncoder();
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
function field(no: number, value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === "string" ? enc.encode(value) : value;
  return Uint8Array.from([...varint(no * 8 + 2), ...varint(bytes.length), ...bytes]);
}
const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => Uint8Array.from(parts.flatMap((p) => [...p]));

function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const typeMeta = concat(field(1, apiVersion), field(2, kind));
  return concat(Uint8Array.from([0x6b, 0x38, 0x73, 0x00]), field(1, typeMeta), field(2, raw), field(4, "application/vnd.kubernetes.protobuf"));
}

function ssar(attrs: Record<number, string>): Uint8Array {
  const resourceAttributes = concat(...Object.entries(attrs).map(([no, v]) => field(Number(no), v)));
  return concat(field(1, new Uint8Array()), field(2, field(1, resourceAttributes)));
}

t.test("the envelope and a SelfSubjectAccessReview decode to the JSON shape", async (t) => {
  const body = envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", ssar({ 1: "shop", 2: "delete", 5: "pods", 7: "cart-1" }));
  const env = readEnvelope(body);
  t.equal(env.kind, "SelfSubjectAccessReview");
  t.same(decodeObject(env.apiVersion, env.kind, env.raw), {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SelfSubjectAccessReview",
    metadata: {},
    spec: { resourceAttributes: { namespace: "shop", verb: "delete", resource: "pods", name: "cart-1" } },
  });
  t.throws(() => readEnvelope(enc.encode("{}")), /without the k8s envelope/);
  t.throws(() => readEnvelope(Uint8Array.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x05, 0x01])), /truncated/);
});

t.test("the simulator answers a protobuf review with JSON", async (t) => {
  const { call } = inProcess({ tokens: { u: { user: "u" } } });
  const ask = async (token: string) => {
    const r = await call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      token,
      raw: envelope("authorization.k8s.io/v1", "SelfSubjectAccessReview", ssar({ 1: "default", 2: "list", 5: "pods" })),
      headers: { "content-type": "application/vnd.kubernetes.protobuf", accept: "application/vnd.kubernetes.protobuf, application/json" },
    });
    t.equal(r.headers.get("content-type"), "application/json");
    return (await r.json()).status.allowed;
  };
  t.equal(await ask("admin-token"), true);
  t.equal(await ask("u"), false);
  const rules = await call("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", {
    raw: envelope("authorization.k8s.io/v1", "SelfSubjectRulesReview", concat(field(1, new Uint8Array()), field(2, field(1, "default")))),
    headers: { "content-type": "application/vnd.kubernetes.protobuf" },
  });
  const body = await rules.json();
  t.equal(body.spec.namespace, "default");
  t.ok(body.status.resourceRules.some((r: { verbs: string[] }) => r.verbs.includes("*")));
});
