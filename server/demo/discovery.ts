/** Legacy discovery documents: /version, /api, /apis, /api/v1, /apis/{group}/{version}. */
import type { TypeRegistry } from "./registry.ts";
import type { ResourceType } from "./types.ts";
import { apiVersionOf } from "./types.ts";

export const KUBE_VERSION = { major: "1", minor: "33", gitVersion: "v1.33.0-periscope-sim" };

export function versionInfo(): Record<string, string> {
  return {
    ...KUBE_VERSION,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: "go1.24.0",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export function coreVersions(host: string): Record<string, unknown> {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: host }] };
}

export function groupList(types: TypeRegistry): Record<string, unknown> {
  const groups = types
    .groups()
    .filter((g) => g.group !== "")
    .map(({ group, versions }) => ({
      name: group,
      versions: versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${group}/${versions[0]}`, version: versions[0] },
    }));
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

export function group(types: TypeRegistry, name: string): Record<string, unknown> | undefined {
  const g = types.groups().find((x) => x.group === name);
  if (!g || name === "") return undefined;
  const versions = g.versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { kind: "APIGroup", apiVersion: "v1", name, versions, preferredVersion: versions[0] };
}

const SUBRESOURCE_SHAPES: Record<string, { kind: string; verbs: string[]; group?: string; version?: string }> = {
  status: { kind: "", verbs: ["get", "patch", "update"] },
  scale: { kind: "Scale", verbs: ["get", "patch", "update"], group: "autoscaling", version: "v1" },
  log: { kind: "Pod", verbs: ["get"] },
  exec: { kind: "PodExecOptions", verbs: ["create", "get"] },
  attach: { kind: "PodAttachOptions", verbs: ["create", "get"] },
  portforward: { kind: "PodPortForwardOptions", verbs: ["create", "get"] },
  eviction: { kind: "Eviction", verbs: ["create"], group: "policy", version: "v1" },
  ephemeralcontainers: { kind: "", verbs: ["get", "patch", "update"] },
  proxy: { kind: "", verbs: ["create", "delete", "get", "patch", "update"] },
  token: { kind: "TokenRequest", verbs: ["create"], group: "authentication.k8s.io", version: "v1" },
  finalize: { kind: "", verbs: ["update"] },
};

function resourceEntries(t: ResourceType): Array<Record<string, unknown>> {
  const main: Record<string, unknown> = { name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs };
  if (t.shortNames.length > 0) main.shortNames = t.shortNames;
  if (t.categories.length > 0) main.categories = t.categories;
  const subs = t.subresources.map((s) => {
    const shape = SUBRESOURCE_SHAPES[s] ?? { kind: "", verbs: ["get"] };
    const e: Record<string, unknown> = { name: `${t.plural}/${s}`, singularName: "", namespaced: t.namespaced, kind: shape.kind || t.kind, verbs: shape.verbs };
    if (shape.group !== undefined) e.group = shape.group;
    if (shape.version !== undefined) e.version = shape.version;
    return e;
  });
  return [main, ...subs];
}

export function resourceList(types: TypeRegistry, groupName: string, version: string): Record<string, unknown> | undefined {
  const list = types.inGroupVersion(groupName, version);
  if (list.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: apiVersionOf(groupName, version),
    resources: list.flatMap(resourceEntries),
  };
}
