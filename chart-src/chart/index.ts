/**
 * The chart, as code: core objects then plugins, built against a Synth (chart or direct mode), plus its
 * metadata and the full values schema (core + plugin values under `plugins`).
 */
import pkg from "../../package.json" with { type: "json" };
import { Synth } from "../dsl/synth.ts";
import type { Env } from "../dsl/expr.ts";
import { applyPlugins } from "../plugins/api.ts";
import type { ChartPlugin } from "../plugins/api.ts";
import { commonMetadata } from "../plugins/examples/common-metadata.ts";
import { logForwarder } from "../plugins/examples/log-forwarder.ts";
import { valuesNode } from "../values/schema.ts";
import type { JsonSchema } from "../values/schema-kit.ts";
import { auditStorage } from "./audit-storage.ts";
import { podDisruptionBudget, service, serviceAccount } from "./basics.ts";
import { configMaps } from "./config-maps.ts";
import { createContext } from "./context.ts";
import { deployment } from "./deployment.ts";
import { ingress } from "./ingress.ts";
import { networkPolicy } from "./network-policy.ts";
import { inClusterRbac } from "./rbac.ts";
import { secrets } from "./secrets.ts";

/** Chart version and appVersion follow package.json (one release number for server image and chart). */
export const CHART_META = {
  apiVersion: "v2",
  name: "periscope",
  description: "Periscope: self-hosted multi-cluster Kubernetes console (OIDC sign-in, impersonation, audit).",
  type: "application",
  version: pkg.version,
  appVersion: pkg.version,
  // No kubeVersion constraint: older Helm 3 `helm template` assumes an old default version and would refuse.
  home: "https://github.com/gnana997/periscope",
  keywords: ["kubernetes", "dashboard", "oidc", "eks", "audit"],
} as const;

/** The plugins baked into the published chart (both examples; off by default). */
export const DEFAULT_PLUGINS: readonly ChartPlugin<unknown>[] = [commonMetadata as ChartPlugin<unknown>, logForwarder as ChartPlugin<unknown>];

/** Full values schema: core values plus `plugins.<name>` for each plugin. */
export function valuesSchema(plugins: readonly ChartPlugin<unknown>[] = DEFAULT_PLUGINS): JsonSchema {
  const core = valuesNode.schema;
  const pluginProps = Object.fromEntries(plugins.filter((p) => p.values).map((p) => [p.name, p.values!.schema]));
  const names = Object.keys(pluginProps);
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Periscope chart values",
    ...core,
    required: [...((core.required as string[] | undefined) ?? []), "plugins"],
    properties: {
      ...(core.properties as JsonSchema),
      plugins: {
        type: "object",
        additionalProperties: false,
        description: "Plugin values, one key per plugin.",
        properties: pluginProps,
        ...(names.length > 0 ? { required: names } : {}),
      },
    },
  };
}

export function envFor(values: Record<string, unknown>, release: { name: string; namespace: string }): Env {
  return {
    Values: values,
    Release: { Name: release.name, Namespace: release.namespace, Service: "Helm" },
    Chart: { Name: CHART_META.name, Version: CHART_META.version, AppVersion: CHART_META.appVersion },
    vars: new Map(),
  };
}

/** Build every object of the chart into `s`. */
export function buildChart(s: Synth, plugins: readonly ChartPlugin<unknown>[] = DEFAULT_PLUGINS): Synth {
  const c = createContext(s);
  serviceAccount(c);
  configMaps(c);
  secrets(c);
  const pod = deployment(c);
  service(c);
  ingress(c);
  auditStorage(c);
  networkPolicy(c);
  podDisruptionBudget(c);
  inClusterRbac(c);
  applyPlugins(c, pod, plugins);
  return s;
}

export { Synth };
