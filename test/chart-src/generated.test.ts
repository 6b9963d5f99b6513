/**
 * Generated values (seeded, so failures reproduce): random picks from the schema itself — enums, bounds, edge
 * strings (`yes`, `on`, `0123`, `1e3`, `{{ x }}`, …), maps with odd keys. Helm and direct mode must agree on
 * accept/reject, and on the manifests when accepted.
 */
import { isDeepStrictEqual } from "node:util";
import t from "tap";
import { valuesSchema } from "../../chart-src/chart/index.ts";
import { renderManifests } from "../../chart-src/emit/direct.ts";
import { ValuesError } from "../../chart-src/values/validate.ts";
import { CHART, helm, parseHelmOutput, pool, sortDocs, writeValues } from "./support.ts";

type S = Record<string, unknown>;
const EDGE = ["", "yes", "on", "off", "0123", "1e3", "a b", "x: y", "{{ x }}", "é", "null", "~", "true", "-1", "#c", "periscope"];

function generator(seed: number) {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const gen = (s: S): unknown => {
    if (Array.isArray(s.enum)) return pick(s.enum);
    const type = Array.isArray(s.type) ? pick(s.type as string[]) : s.type;
    if (type === "boolean") return rnd() < 0.5;
    if (type === "integer") {
      const min = (s.minimum as number | undefined) ?? 0;
      const max = (s.maximum as number | undefined) ?? 2_000_000;
      return pick([min, Math.min(max, min + 1), max, Math.min(max, 1_000_000), min - 1]);
    }
    if (type === "string") return pick(EDGE);
    if (type === "object" && s.properties && !("default" in s)) {
      const o: S = {};
      for (const [k, c] of Object.entries(s.properties as S)) {
        if (rnd() >= 0.35) continue;
        const v = gen(c as S);
        if (v !== undefined) o[k] = v;
      }
      return o;
    }
    if (type === "object" && s.additionalProperties && typeof s.additionalProperties === "object") {
      const v = gen(s.additionalProperties as S);
      return rnd() < 0.5 || v === undefined ? {} : { [pick(["a", "b.c/d", "on", "checksum/x"])]: v };
    }
    return undefined;
  };
  return gen;
}

t.test("generated values: helm and direct mode agree", async (t) => {
  const schema = valuesSchema() as S;
  const cases = [11, 22, 33].flatMap((seed) => {
    const gen = generator(seed);
    return Array.from({ length: 40 }, (_, i) => ({ name: `gen-${seed}-${i}`, values: gen(schema) as S }));
  });
  const results = await pool(cases, 3, async (c) => ({ c, r: await helm(["template", "periscope", CHART, "-f", writeValues(c.name, c.values)]) }));
  let accepted = 0;
  let rejected = 0;
  for (const { c, r } of results) {
    let direct: Record<string, unknown>[] | undefined;
    try {
      direct = renderManifests(c.values);
    } catch (error) {
      if (!(error instanceof ValuesError)) throw error;
    }
    if (direct === undefined) {
      rejected++;
      if (r.code === 0) t.fail(`${c.name}: direct rejects, helm accepts ${JSON.stringify(c.values)}`);
      continue;
    }
    accepted++;
    if (r.code !== 0) t.fail(`${c.name}: helm rejects, direct accepts: ${r.stderr.slice(0, 300)} ${JSON.stringify(c.values)}`);
    else if (!isDeepStrictEqual(parseHelmOutput(r.stdout), sortDocs(direct))) t.same(parseHelmOutput(r.stdout), sortDocs(direct), c.name);
  }
  t.ok(accepted >= 30 && rejected >= 10, `both paths exercised: ${accepted} accepted, ${rejected} rejected`);
});
