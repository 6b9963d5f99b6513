/**
 * Named templates: each has a Go body for templates/_helpers.tpl and a TypeScript twin for direct synthesis.
 * The equivalence tests render both for every values file, so a twin that drifts from its body fails there.
 */
import { expr } from "../dsl/expr.ts";
import type { Env, Expr } from "../dsl/expr.ts";
import { clampName, goDefault, goInt, goString, truthy } from "../dsl/go-semantics.ts";
import { ValuesError } from "../values/validate.ts";

export interface Helper<T> {
  readonly name: string;
  /** Go template body; `.` is the root context. */
  readonly go: string;
  readonly twin: (env: Env) => T;
}

export const CHART_PREFIX = "periscope";
const registry: Helper<unknown>[] = [];

function helper<T>(name: string, go: string, twin: (env: Env) => T): Helper<T> {
  const h: Helper<T> = { name: `${CHART_PREFIX}.${name}`, go: go.trim(), twin };
  registry.push(h as Helper<unknown>);
  return h;
}

/** `include "periscope.x" $` as an expression. */
export function include<T>(h: Helper<T>): Expr<T> {
  return expr(`include ${JSON.stringify(h.name)} $`, false, (env) => h.twin(env));
}

const V = (env: Env) => env.Values as Record<string, Record<string, unknown>>;

export const nameHelper = helper(
  "name",
  `{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}`,
  (env) => clampName(goString(goDefault(env.Chart.Name, env.Values.nameOverride))),
);

export const fullnameHelper = helper(
  "fullname",
  `
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}`,
  (env) => {
    if (truthy(env.Values.fullnameOverride)) return clampName(goString(env.Values.fullnameOverride));
    const name = goString(goDefault(env.Chart.Name, env.Values.nameOverride));
    if (env.Release.Name.includes(name)) return clampName(env.Release.Name);
    return clampName(`${env.Release.Name}-${name}`);
  },
);

/** Prefix of cluster-scoped names: namespace + full name, so two releases never collide. */
export const clusterNameHelper = helper(
  "clusterScopedName",
  `{{- printf "%s-%s" .Release.Namespace (include "periscope.fullname" .) }}`,
  (env) => `${env.Release.Namespace}-${fullnameHelper.twin(env)}`,
);

export const chartLabelHelper = helper(
  "chart",
  `{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}`,
  (env) => clampName(`${env.Chart.Name}-${env.Chart.Version}`.replaceAll("+", "_")),
);

export const selectorLabelsHelper = helper(
  "selectorLabels",
  `
app.kubernetes.io/name: {{ include "periscope.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}`,
  (env): Record<string, string> => ({
    "app.kubernetes.io/name": nameHelper.twin(env),
    "app.kubernetes.io/instance": env.Release.Name,
  }),
);

export const labelsHelper = helper(
  "labels",
  `
helm.sh/chart: {{ include "periscope.chart" . | quote }}
{{ include "periscope.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}`,
  (env): Record<string, string> => ({
    "helm.sh/chart": chartLabelHelper.twin(env),
    ...selectorLabelsHelper.twin(env),
    "app.kubernetes.io/version": env.Chart.AppVersion,
    "app.kubernetes.io/managed-by": env.Release.Service,
  }),
);

export const serviceAccountNameHelper = helper(
  "serviceAccountName",
  `
{{- if .Values.serviceAccount.create }}
{{- default (include "periscope.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}`,
  (env) =>
    goString(truthy(V(env).serviceAccount!.create)
      ? goDefault(fullnameHelper.twin(env), V(env).serviceAccount!.name)
      : goDefault("default", V(env).serviceAccount!.name)),
);

export const imageHelper = helper(
  "image",
  `{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) }}`,
  (env) => `${goString(V(env).image!.repository)}:${goString(goDefault(env.Chart.AppVersion, V(env).image!.tag))}`,
);

/** The Secret holding OIDC_CLIENT_SECRET: the operator's in existing mode, the chart's otherwise. */
export const secretNameHelper = helper(
  "secretName",
  `
{{- if eq .Values.secrets.mode "existing" }}
{{- .Values.secrets.existing.name }}
{{- else }}
{{- printf "%s-oidc" (include "periscope.fullname" .) }}
{{- end }}`,
  (env) => {
    const s = V(env).secrets as { mode: string; existing: { name: unknown } };
    return s.mode === "existing" ? goString(s.existing.name) : `${fullnameHelper.twin(env)}-oidc`;
  },
);

export const secretKeyHelper = helper(
  "secretKey",
  `
{{- if eq .Values.secrets.mode "existing" }}
{{- .Values.secrets.existing.key }}
{{- else }}
{{- print "OIDC_CLIENT_SECRET" }}
{{- end }}`,
  (env) => {
    const s = V(env).secrets as { mode: string; existing: { key: unknown } };
    return s.mode === "existing" ? goString(s.existing.key) : "OIDC_CLIENT_SECRET";
  },
);

/** Non-empty ("true") when any registered cluster uses the in-cluster backend. */
export const hasInClusterHelper = helper(
  "hasInCluster",
  `
{{- $found := false }}
{{- range $c := .Values.clusters }}
{{- if eq $c.backend "in-cluster" }}{{- $found = true }}{{- end }}
{{- end }}
{{- if $found }}true{{- end }}`,
  (env) => {
    const clusters = Array.isArray(env.Values.clusters) ? (env.Values.clusters as Array<{ backend?: unknown }>) : [];
    return clusters.some((c) => c.backend === "in-cluster") ? "true" : "";
  },
);

/** Cluster names must be unique (the server refuses duplicates); JSON Schema cannot say it, so fail the render. */
export const uniqueClustersHelper = helper(
  "validateClusters",
  `
{{- $seen := dict }}
{{- range $i, $c := .Values.clusters }}
{{- if hasKey $seen (toString $c.name) }}
{{- fail (printf "values don't meet the chart's schema: /clusters/%d/name: duplicate cluster name %q" $i (toString $c.name)) }}
{{- end }}
{{- $_ := set $seen (toString $c.name) true }}
{{- end }}`,
  (env) => {
    const clusters = Array.isArray(env.Values.clusters) ? (env.Values.clusters as Array<{ name?: unknown }>) : [];
    const seen = new Set<string>();
    clusters.forEach((c, i) => {
      const name = goString(c.name);
      if (seen.has(name)) throw new ValuesError([`/clusters/${i}/name: duplicate cluster name ${JSON.stringify(name)}`]);
      seen.add(name);
    });
    return "";
  },
);

/** emptyDir limit for the audit store: maxSizeMB plus headroom, or storage.size when there is no cap. */
export const auditSizeLimitHelper = helper(
  "auditSizeLimit",
  `
{{- if gt (int .Values.audit.maxSizeMB) 0 }}
{{- printf "%dMi" (add (int .Values.audit.maxSizeMB) 64) }}
{{- else }}
{{- .Values.audit.storage.size }}
{{- end }}`,
  (env) => {
    const a = V(env).audit as { maxSizeMB: unknown; storage: { size: unknown } };
    const mb = goInt(a.maxSizeMB);
    return mb > 0 ? `${mb + 64}Mi` : goString(a.storage.size);
  },
);

/** The helpers file: every helper, in definition order. */
export function helpersTpl(): string {
  return registry.map((h) => `{{- define ${JSON.stringify(h.name)} -}}\n${h.go}\n{{- end }}\n`).join("\n");
}
