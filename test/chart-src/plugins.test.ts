/**
 * A platform team's own plugin (the example from docs/architecture/chart-generator.md): baked into a chart with
 * generateChart(), it lints, validates its values, and renders the same in helm and direct mode.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import t from "tap";
import { DEFAULT_PLUGINS } from "../../chart-src/chart/index.ts";
import { renderManifests } from "../../chart-src/emit/direct.ts";
import { CHART_DIR, generateChart } from "../../chart-src/emit/write-chart.ts";
import { definePlugin } from "../../chart-src/plugins/api.ts";
import type { ChartPlugin } from "../../chart-src/plugins/api.ts";
import { obj, str } from "../../chart-src/values/schema-kit.ts";
import { ValuesError } from "../../chart-src/values/validate.ts";
import { helm, parseHelmOutput, sortDocs, writeValues } from "./support.ts";

const awsRegion = definePlugin({
  name: "awsRegion",
  values: obj({ region: str({ default: "", description: "AWS_REGION for the server; \"\" leaves it unset." }) }),
  apply: ({ s, P, pod }) => pod.addEnv(...s.item(P.region, () => ({ name: "AWS_REGION", value: s.str(P.region) }))),
});
const plugins = [...DEFAULT_PLUGINS, awsRegion as ChartPlugin<unknown>];

function ownChart(): string {
  const root = mkdtempSync(join(tmpdir(), "periscope-own-chart-"));
  for (const [path, text] of generateChart(plugins)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return join(root, CHART_DIR);
}

const envOf = (docs: Record<string, unknown>[]) =>
  ((docs.find((d) => d.kind === "Deployment") as { spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } } } })
    .spec.template.spec.containers[0]!.env);

t.test("own chart with a custom plugin: lint, helm == direct, values validated", async (t) => {
  const chart = ownChart();
  const lint = await helm(["lint", "--strict", chart]);
  t.equal(lint.code, 0, lint.stdout + lint.stderr);
  for (const values of [{}, { plugins: { awsRegion: { region: "eu-west-1" } } }]) {
    const r = await helm(["template", "periscope", chart, "-f", writeValues(`own-${JSON.stringify(values).length}`, values)]);
    t.equal(r.code, 0, r.stderr);
    const direct = renderManifests(values, { plugins });
    t.same(parseHelmOutput(r.stdout), sortDocs(direct));
    const region = envOf(direct).find((e) => e.name === "AWS_REGION");
    t.equal(region?.value, (values as { plugins?: { awsRegion: { region: string } } }).plugins?.awsRegion.region);
  }
  const bad = await helm(["template", "periscope", chart, "-f", writeValues("own-bad", { plugins: { awsRegion: { zone: "a" } } })]);
  t.not(bad.code, 0);
  t.match(bad.stderr, "zone");
  t.throws(() => renderManifests({ plugins: { awsRegion: { zone: "a" } } }, { plugins }), ValuesError);
  t.throws(() => renderManifests({ plugins: { awsRegion: { region: "x" } } }), ValuesError, "the stock chart does not know the plugin");
});
