/**
 * /openapi/v3: the index of group-versions and, per group-version, a document whose PATCH operations carry
 * `x-kubernetes-group-version-kind` and the `fieldValidation` query parameter. That is what kubectl reads to
 * decide that the server validates fields itself (so it needs no client-side schema). No schemas are served.
 */
import type { TypeRegistry } from "./registry.ts";
import { jsonResponse, kubeError } from "./status.ts";
import type { ResourceType } from "./types.ts";

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

const QUERY = ["fieldValidation", "fieldManager", "dryRun", "force", "pretty"].map((name) => ({ name, in: "query", schema: { type: name === "force" ? "boolean" : "string", uniqueItems: true } }));

function operations(t: ResourceType, version: string): Record<string, unknown> {
  const gvk = { group: t.group, version, kind: t.kind };
  const base = `/${gvPath(t.group, version)}${t.namespaced ? "/namespaces/{namespace}" : ""}/${t.plural}`;
  const op = (action: string, id: string) => ({
    operationId: `${id}${t.kind}`,
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
    parameters: QUERY,
    responses: { "200": { description: "OK" } },
  });
  const paths: Record<string, unknown> = {
    [base]: { get: op("list", "list"), post: op("post", "create") },
    [`${base}/{name}`]: { get: op("get", "read"), put: op("put", "replace"), patch: op("patch", "patch"), delete: op("delete", "delete") },
  };
  for (const sub of t.subresources.filter((s) => s === "status" || s === "scale")) {
    const kind = sub === "scale" ? { group: "autoscaling", version: "v1", kind: "Scale" } : gvk;
    paths[`${base}/{name}/${sub}`] = {
      get: { ...op("get", `read${sub}`), "x-kubernetes-group-version-kind": kind },
      patch: { ...op("patch", `patch${sub}`), "x-kubernetes-group-version-kind": kind },
    };
  }
  return paths;
}

export function openApiResponse(types: TypeRegistry, url: URL): Response {
  if (url.pathname === "/openapi/v3") {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const g of types.groups()) for (const v of g.versions) paths[gvPath(g.group, v)] = { serverRelativeURL: `/openapi/v3/${gvPath(g.group, v)}?hash=sim-${v}` };
    return jsonResponse({ paths });
  }
  const m = /^\/openapi\/v3\/(?:api\/([^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(url.pathname);
  if (m) {
    const group = m[1] ? "" : m[2]!;
    const version = m[1] ?? m[3]!;
    const list = types.inGroupVersion(group, version).filter((t) => !t.virtual);
    if (list.length > 0 || types.groups().some((g) => g.group === group && g.versions.includes(version))) {
      const paths = Object.assign({}, ...list.map((t) => operations(t, version))) as Record<string, unknown>;
      return jsonResponse({ openapi: "3.0.0", info: { title: "Kubernetes", version: "v1.33.0-periscope-sim" }, paths, components: { schemas: {} } });
    }
  }
  throw kubeError(404, "NotFound", "the server could not find the requested resource");
}
