/**
 * Helm v3 release history stored the way the `secret` driver stores it: one Secret per revision, named
 * `sh.helm.release.v1.<name>.v<revision>`, type `helm.sh/release.v1`, labels owner/name/status/version,
 * the release JSON gzip+base64 encoded. Real `helm list` and `helm history` read these.
 */
import { stringify } from "yaml";
import { releaseSecretData } from "./helm-codec.ts";
import type { KubeObject } from "./types.ts";

export type HelmStatus = "deployed" | "superseded" | "failed" | "pending-upgrade" | "uninstalled";

export interface HelmRevision {
  status: HelmStatus;
  chartVersion: string;
  appVersion: string;
  description: string;
  /** User-supplied values (helm get values). */
  values: Record<string, unknown>;
  ageMs: number;
}

export interface HelmReleaseSpec {
  name: string;
  namespace: string;
  chart: string;
  chartDescription: string;
  notes: string;
  /** Objects the chart renders (kind, name, source template), for the manifest. */
  resources: Array<{ apiVersion: string; kind: string; name: string; template: string; spec?: Record<string, unknown> }>;
  revisions: HelmRevision[];
}

/** Go's RFC3339Nano, as Helm's time type marshals it. */
const goTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, f: string) => (f === "000" ? "Z" : `.${f.replace(/0+$/, "")}Z`));

function manifest(spec: HelmReleaseSpec, rev: HelmRevision, revision: number): string {
  return spec.resources
    .map((r) => {
      const doc = {
        apiVersion: r.apiVersion,
        kind: r.kind,
        metadata: {
          name: r.name,
          labels: { "app.kubernetes.io/instance": spec.name, "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/version": rev.appVersion, "helm.sh/chart": `${spec.chart}-${rev.chartVersion}` },
          ...(revision > 1 ? { annotations: { "checksum/config": `${revision}f3c1e9d0a7b2` } } : {}),
        },
        ...(r.spec ? { spec: r.spec } : {}),
      };
      return `---\n# Source: ${spec.chart}/templates/${r.template}\n${stringify(doc)}`;
    })
    .join("");
}

/** The Release object Helm serializes (pkg/release.Release). */
export function releaseObject(spec: HelmReleaseSpec, index: number, now: number): Record<string, unknown> {
  const rev = spec.revisions[index]!;
  const first = spec.revisions[0]!;
  const revision = index + 1;
  const templates = [...new Set(spec.resources.map((r) => r.template))].map((name) => ({
    name: `templates/${name}`,
    data: btoa(`# ${name} of ${spec.chart}\n{{- include "${spec.chart}.render" . }}\n`),
  }));
  return {
    name: spec.name,
    info: {
      first_deployed: goTime(now - first.ageMs),
      last_deployed: goTime(now - rev.ageMs),
      deleted: "",
      description: rev.description,
      status: rev.status,
      ...(spec.notes ? { notes: spec.notes } : {}),
    },
    chart: {
      metadata: { name: spec.chart, version: rev.chartVersion, description: spec.chartDescription, apiVersion: "v2", appVersion: rev.appVersion, type: "application" },
      lock: null,
      templates,
      values: { replicaCount: 1, image: { pullPolicy: "IfNotPresent" }, service: { type: "ClusterIP" } },
      schema: null,
      files: [],
    },
    config: rev.values,
    manifest: manifest(spec, rev, revision),
    hooks: [],
    version: revision,
    namespace: spec.namespace,
  };
}

export async function releaseSecrets(spec: HelmReleaseSpec, now: number): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (let i = 0; i < spec.revisions.length; i++) {
    const rev = spec.revisions[i]!;
    const created = now - rev.ageMs;
    const labels: Record<string, string> = { name: spec.name, owner: "helm", status: rev.status, version: String(i + 1) };
    // Helm stamps modifiedAt when it rewrites a revision (e.g. marking it superseded).
    if (rev.status === "superseded") labels.modifiedAt = String(Math.floor((now - spec.revisions[i + 1]!.ageMs) / 1000));
    out.push({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: `sh.helm.release.v1.${spec.name}.v${i + 1}`, namespace: spec.namespace, labels, creationTimestamp: new Date(created).toISOString().replace(/\.\d+Z$/, "Z") },
      type: "helm.sh/release.v1",
      data: { release: await releaseSecretData(releaseObject(spec, i, now)) },
    });
  }
  return out;
}
