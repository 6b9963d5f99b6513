/**
 * One schema for auth.yaml/clusters.yaml: the chart's values.schema.json embeds the server's schemas unchanged
 * (descriptions aside; the chart adds one stricter rule: an issuer needs a non-empty client). And the generated
 * schema is draft-07 only, closed everywhere values are ours.
 */
import t from "tap";
import { valuesSchema } from "../../chart-src/chart/index.ts";
import { authorizationSchema, devSchema, oidcSchema, sessionSchema } from "../../server/config/schema/auth.ts";
import { clusterSchema } from "../../server/config/schema/clusters.ts";

type S = Record<string, unknown>;
const strip = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "description").map(([k, x]) => [k, strip(x)]));
  return v;
};
const schema = JSON.parse(JSON.stringify(valuesSchema())) as S;
const at = (...path: string[]) => path.reduce<S>((s, p) => s[p] as S, schema);

t.test("auth.* and clusters[] are the server's schemas", async (t) => {
  const { allOf, ...oidc } = at("properties", "auth", "properties", "oidc");
  t.same(strip(oidc), strip(JSON.parse(JSON.stringify(oidcSchema))), "auth.oidc");
  t.ok(Array.isArray(allOf), "plus the non-empty client rule");
  t.same(strip(at("properties", "auth", "properties", "session")), strip(sessionSchema), "auth.session");
  t.same(strip(at("properties", "auth", "properties", "authorization")), strip(authorizationSchema), "auth.authorization");
  t.same(strip(at("properties", "auth", "properties", "dev")), strip(devSchema), "auth.dev");
  t.same(strip(at("properties", "clusters", "items")), strip(JSON.parse(JSON.stringify(clusterSchema))), "clusters[]");
});

t.test("draft-07 keywords only; every object we own is closed", async (t) => {
  const allowed = new Set(["$schema", "title", "description", "type", "properties", "additionalProperties", "items", "default", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "minProperties", "maxProperties", "required", "allOf", "if", "then", "not", "propertyNames", "$id"]);
  const open: string[] = [];
  const bad: string[] = [];
  const walk = (s: unknown, path: string) => {
    if (!s || typeof s !== "object" || Array.isArray(s)) return;
    const o = s as S;
    for (const k of Object.keys(o)) if (!allowed.has(k)) bad.push(`${path}: ${k}`);
    if (o.type === "object" && o.properties && o.additionalProperties !== false) open.push(path);
    if (o.type === "object" && !o.properties && o.additionalProperties === undefined) open.push(path);
    for (const [k, v] of Object.entries(o.properties ?? {})) walk(v, `${path}/${k}`);
    if (o.items) walk(o.items, `${path}[]`);
    if (o.additionalProperties && typeof o.additionalProperties === "object") walk(o.additionalProperties, `${path}/*`);
  };
  walk(schema, "");
  t.same(bad, [], "no keyword newer than draft-07");
  const passThrough = ["/affinity", "/env[]/valueFrom/configMapKeyRef", "/env[]/valueFrom/fieldRef", "/env[]/valueFrom/resourceFieldRef", "/env[]/valueFrom/secretKeyRef"];
  t.same(open.sort(), passThrough, "only pass-through Kubernetes structures are open");
  t.equal(schema.$schema, "http://json-schema.org/draft-07/schema#");
});
