/**
 * PATCH /api/clusters/{c}/resources/{kind}/{ns|_}/{name} — server-side apply of a YAML or JSON object as the
 * user, field manager `periscope`. `?dryRun=true` validates without persisting; `?force=true` takes ownership
 * of conflicting fields. A 409 carries the apiserver's conflict causes (`details.causes[].field`).
 * Server-populated fields (status, uid, resourceVersion, managedFields, …) are dropped before sending, so an
 * object copied from the YAML view applies cleanly.
 */
import type { RouteHandler } from "../http/context.ts";
import { badRequest } from "../http/errors.ts";
import type { Kind } from "../kinds/kind.ts";
import { apiVersionOf, kindPath } from "../kinds/kind.ts";
import { audited } from "./audited.ts";
import { APPLY_BODY_LIMIT, readDocument } from "./body.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { displayObject, isRecord } from "./object-view.ts";
import type { JsonRecord } from "./object-view.ts";
import { parseResourcePath } from "./resource-path.ts";
import { objectAddress } from "./resources.ts";

export const FIELD_MANAGER = "periscope";
const SERVER_FIELDS = ["uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink"];

/** Checks the object's identity fields against the URL and returns what will be sent. */
export function applyPayload(kind: Kind, namespace: string | undefined, name: string, body: unknown): JsonRecord {
  if (!isRecord(body)) throw badRequest("the body must be one Kubernetes object");
  const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "");
  if (typeof body.apiVersion !== "string" || groupOf(body.apiVersion) !== kind.group) {
    throw badRequest(`apiVersion must be ${apiVersionOf(kind)} (or another version of group ${JSON.stringify(kind.group)}) to match the URL`);
  }
  if (body.kind !== kind.kind) throw badRequest(`kind must be ${kind.kind} to match the URL, found ${JSON.stringify(body.kind)}`);
  const meta = isRecord(body.metadata) ? { ...body.metadata } : undefined;
  if (!meta) throw badRequest("metadata is missing");
  if (meta.name !== name) throw badRequest(`metadata.name must be ${JSON.stringify(name)} to match the URL`);
  if (kind.namespaced) {
    if (meta.namespace === undefined) meta.namespace = namespace;
    else if (meta.namespace !== namespace) throw badRequest(`metadata.namespace must be ${JSON.stringify(namespace)} to match the URL`);
  } else if (meta.namespace !== undefined && meta.namespace !== "") {
    throw badRequest(`${kind.plural} are cluster-scoped: remove metadata.namespace`);
  }
  for (const field of SERVER_FIELDS) delete meta[field];
  const out: JsonRecord = { ...body, metadata: meta };
  delete out.status;
  return out;
}

export function applyResource(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { identity, client, cluster } = clusterCall(ctx, deps);
    const path = parseResourcePath(ctx.params.rest ?? "");
    if (path.view !== "object") throw badRequest("apply addresses one object: {kind}/{namespace or _}/{name}");
    const body = await readDocument(ctx.request, { allowYaml: true, limit: APPLY_BODY_LIMIT });
    const kind = await deps.kinds.resolve(client, path.kindId);
    const { namespace, name } = objectAddress(kind, path);
    const payload = applyPayload(kind, namespace, name, body);
    const dryRun = ctx.url.searchParams.get("dryRun") === "true";
    const force = ctx.url.searchParams.get("force") === "true";
    // The body may name another served version of the group; send it to that version's path.
    const version = String(payload.apiVersion).split("/").pop() ?? kind.version;
    const target: Kind = { ...kind, version };
    const resource = { group: kind.group, version, resource: kind.plural, namespace, name };
    const result = await audited(deps.audit, ctx, { identity, verb: "apply", cluster, resource, extra: { dryRun, force } }, () =>
      client.json({
        method: "PATCH",
        path: kindPath(target, namespace, name),
        contentType: "application/apply-patch+yaml",
        body: JSON.stringify(payload),
        query: { fieldManager: FIELD_MANAGER, force: force ? "true" : undefined, dryRun: dryRun ? "All" : undefined },
      }),
    );
    if (kind.plural === "customresourcedefinitions" && !dryRun) deps.kinds.invalidate(cluster);
    return json({ applied: true, dryRun, force, ...displayObject(kind, result) });
  };
}
