/**
 * Direct mode: concrete values → manifests, without Helm. Values are coalesced over the defaults and validated
 * against the same schema Helm uses, then the chart code runs with concrete placements.
 */
import { stringify } from "yaml";
import { buildChart, DEFAULT_PLUGINS, envFor, valuesSchema } from "../chart/index.ts";
import { Synth } from "../dsl/synth.ts";
import type { ChartPlugin } from "../plugins/api.ts";
import { coalesce } from "../values/coalesce.ts";
import { defaultsOf } from "../values/schema-kit.ts";
import { validateValues } from "../values/validate.ts";

export interface RenderOptions {
  release?: string;
  namespace?: string;
  plugins?: readonly ChartPlugin<unknown>[];
}

/** The manifests for `userValues`, in template order; throws ValuesError when the values are rejected. */
export function renderManifests(userValues: unknown, options: RenderOptions = {}): Record<string, unknown>[] {
  const plugins = options.plugins ?? DEFAULT_PLUGINS;
  const schema = valuesSchema(plugins);
  const values = coalesce(defaultsOf(schema), userValues ?? {}) as Record<string, unknown>;
  validateValues(schema, values);
  const s = new Synth("direct", envFor(values, { name: options.release ?? "periscope", namespace: options.namespace ?? "default" }));
  buildChart(s, plugins);
  return s.docs.map((d) => d.object.toJson() as Record<string, unknown>);
}

export function manifestsToYaml(docs: readonly unknown[]): string {
  return docs.map((d) => `---\n${stringify(d, { lineWidth: 0, version: "1.1" })}`).join("");
}
