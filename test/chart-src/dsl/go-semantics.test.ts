/**
 * The TypeScript twins of Go/Sprig functions agree with the real helm binary: toJson (key order, HTML escapes,
 * number format), sha256sum, truthiness, `int`, `default` and `quote` round-trips.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { parse } from "yaml";
import { goDefault, goInt, goJson, sha256Hex, truthy } from "../../../chart-src/dsl/go-semantics.ts";
import { helm, writeValues } from "../support.ts";

const samples: unknown[] = [
  "",
  "plain",
  "yes",
  "on",
  "<b>&amp;</b> \"q\" 'a' \\ back\tslash\nnew line \u2028 \u00e9 \u{1F600} \u0001",
  0,
  1,
  -7,
  1000000,
  123456789012,
  1.5,
  1e21,
  true,
  false,
  null,
  [],
  ["b", "a", 3],
  {},
  { b: 1, a: { "é": 2, Z: 3, z: [1, { y: null }] }, "<tag>": "&" },
];

function miniChart(): string {
  const dir = mkdtempSync(join(tmpdir(), "periscope-gosem-"));
  mkdirSync(join(dir, "templates"));
  writeFileSync(join(dir, "Chart.yaml"), "apiVersion: v2\nname: gosem\nversion: 0.0.1\n");
  writeFileSync(
    join(dir, "templates", "out.yaml"),
    `{{- range $i, $c := .Values.cases }}
c{{ $i }}:
  json: {{ $c | toJson | quote }}
  sha: {{ $c | toJson | sha256sum | quote }}
  truthy: {{ if $c }}"T"{{ else }}"F"{{ end }}
  default: {{ default "fallback" $c | toJson | quote }}
{{- if kindIs "float64" $c }}
  int: {{ $c | int }}
{{- end }}
{{- if kindIs "string" $c }}
  quoted: {{ $c | quote }}
{{- end }}
{{- end }}
`,
  );
  return dir;
}

t.test("toJson, sha256sum, truthiness, default, int and quote match helm", async (t) => {
  const r = await helm(["template", "x", miniChart(), "-f", writeValues("gosem", { cases: samples })]);
  t.equal(r.code, 0, r.stderr);
  const out = parse(r.stdout.replace(/^---.*\n/gm, "").replace(/^# Source.*\n/gm, "")) as Record<string, Record<string, string | number>>;
  samples.forEach((value, i) => {
    const got = out[`c${i}`]!;
    // Index plus a printable summary: raw line separators would break the TAP stream.
    const label = `#${i} ${JSON.stringify(value).replace(/[^\x20-\x7e]/g, "?").slice(0, 40)}`;
    t.equal(goJson(value), got.json, `toJson ${label}`);
    t.equal(sha256Hex(goJson(value)), got.sha, `sha256sum ${label}`);
    t.equal(truthy(value) ? "T" : "F", got.truthy, `truthiness ${label}`);
    t.equal(goJson(goDefault("fallback", value)), got.default, `default ${label}`);
    if (typeof value === "number") t.equal(goInt(value), got.int, `int ${label}`);
    if (typeof value === "string") t.equal(got.quoted, value, `quote round-trips ${label}`);
  });
});
