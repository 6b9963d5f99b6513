/** Label/field selector parsing, CRD printer-column JSONPath, and kubectl's age format. */
import t from "tap";
import { humanDuration } from "../../server/demo/age.ts";
import { evalJsonPath } from "../../server/demo/jsonpath.ts";
import { fieldMatcher, labelMatcher, labelSelectorObjectMatches } from "../../server/demo/selectors.ts";
import type { KubeObject } from "../../server/demo/types.ts";

const obj = (labels: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "n", labels }, ...extra });

t.test("label selectors: equality, sets, existence", async (t) => {
  const o = obj({ app: "web", tier: "front" });
  const cases: Array<[string, boolean]> = [
    ["app=web", true],
    ["app==web,tier=front", true],
    ["app!=web", false],
    ["app in (api, web)", true],
    ["app notin (web)", false],
    ["tier", true],
    ["!tier", false],
    ["missing!=x", true],
    ["app in (api),tier", false],
  ];
  for (const [sel, want] of cases) t.equal(labelMatcher(sel)(o), want, sel);
  t.throws(() => labelMatcher("app=(x"), /unable to parse requirement/);
  t.equal(labelSelectorObjectMatches({ matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["front"] }] }, { app: "web", tier: "front" }), true);
  t.equal(labelSelectorObjectMatches({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, { tier: "x" }), false);
});

t.test("field selectors read dotted paths; missing values compare as empty", async (t) => {
  const o = obj({}, { spec: { nodeName: "n1", hostNetwork: false }, status: { phase: "Running" } });
  t.equal(fieldMatcher("spec.nodeName=n1,status.phase!=Pending")(o), true);
  t.equal(fieldMatcher("spec.hostNetwork=false")(o), true);
  t.equal(fieldMatcher("status.podIP=")(o), true);
  t.throws(() => fieldMatcher("spec.nodeName~n1"), /invalid selector/);
});

t.test("printer-column JSONPath: fields, indexes, wildcards, filters", async (t) => {
  const o = { spec: { size: 3, items: [{ n: "a" }, { n: "b" }] }, status: { conditions: [{ type: "Ready", status: "True" }, { type: "Synced", status: "False" }] } };
  t.same(evalJsonPath(o, ".spec.size"), [3]);
  t.same(evalJsonPath(o, ".spec.items[1].n"), ["b"]);
  t.same(evalJsonPath(o, ".spec.items[*].n"), ["a", "b"]);
  t.same(evalJsonPath(o, '.status.conditions[?(@.type=="Synced")].status'), ["False"]);
  t.same(evalJsonPath(o, "{.spec.missing}"), []);
});

t.test("ages print like kubectl", async (t) => {
  const s = 1000;
  const cases: Array<[number, string]> = [
    [5 * s, "5s"],
    [119 * s, "119s"],
    [150 * s, "2m30s"],
    [45 * 60 * s, "45m"],
    [(5 * 60 + 7) * 60 * s, "5h7m"],
    [30 * 3600 * s, "30h"],
    [(3 * 24 + 4) * 3600 * s, "3d4h"],
    [40 * 24 * 3600 * s, "40d"],
    [(3 * 365 + 10) * 24 * 3600 * s, "3y10d"],
  ];
  for (const [ms, want] of cases) t.equal(humanDuration(ms), want, want);
});
