/**
 * One route family for every kind: list (Table rows), object detail, YAML, related events, delete.
 * Apply (PATCH) is in apply.ts and actions (POST) in actions.ts; all three share parseResourcePath.
 */
import { stringify } from "yaml";
import type { RouteHandler } from "../http/context.ts";
import { badRequest } from "../http/errors.ts";
import { jsonTextResponse } from "../http/json-response.ts";
import type { Kind } from "../kinds/kind.ts";
import { kindPath } from "../kinds/kind.ts";
import { builtInKind } from "../kinds/catalog.ts";
import type { KubeClient } from "../clusters/kube-client.ts";
import { audited } from "./audited.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { displayObject, isRecord } from "./object-view.ts";
import { parseResourcePath } from "./resource-path.ts";
import type { ResourcePath } from "./resource-path.ts";
import { listTableJson } from "./table.ts";

const MAX_LIMIT = 10_000;

export function optionalInt(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw badRequest(`${name} must be an integer from ${min} to ${max}`);
  return Number(raw);
}

/** Checks the namespace part of an object address against the kind's scope. */
export function objectAddress(kind: Kind, path: ResourcePath): { namespace: string | undefined; name: string } {
  if (path.name === undefined) throw badRequest("missing object name");
  if (kind.namespaced && path.namespace === undefined) throw badRequest(`${kind.plural} are namespaced: address them as ${kind.id}/{namespace}/{name}`);
  if (!kind.namespaced && path.namespace !== undefined) throw badRequest(`${kind.plural} are cluster-scoped: address them as ${kind.id}/_/{name}`);
  return { namespace: path.namespace, name: path.name };
}

export async function relatedEvents(client: KubeClient, kind: Kind, namespace: string | undefined, name: string): Promise<unknown[]> {
  const events = builtInKind("events")!;
  const body = await client.json({
    path: kindPath(events, namespace),
    query: { fieldSelector: `involvedObject.name=${name}${namespace ? `,involvedObject.namespace=${namespace}` : ""}` },
  });
  const items = isRecord(body) && Array.isArray(body.items) ? body.items : [];
  const time = (e: unknown) => {
    const ev = isRecord(e) ? e : {};
    return String(ev.lastTimestamp ?? ev.eventTime ?? (isRecord(ev.metadata) ? ev.metadata.creationTimestamp : "") ?? "");
  };
  return items
    .filter((e) => !isRecord(e) || !isRecord(e.involvedObject) || e.involvedObject.kind === undefined || e.involvedObject.kind === kind.kind)
    .map((e) => displayObject(events, e).object)
    .sort((a, b) => time(b).localeCompare(time(a)));
}

export function resourcesGet(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { client } = clusterCall(ctx, deps);
    const path = parseResourcePath(ctx.params.rest ?? "");
    const kind = await deps.kinds.resolve(client, path.kindId);
    if (path.view === undefined) {
      const options = {
        namespace: kind.namespaced ? ctx.url.searchParams.get("namespace") || undefined : undefined,
        labelSelector: ctx.url.searchParams.get("labelSelector") ?? undefined,
        fieldSelector: ctx.url.searchParams.get("fieldSelector") ?? undefined,
        limit: optionalInt(ctx.url, "limit", 1, MAX_LIMIT),
        continue: ctx.url.searchParams.get("continue") ?? undefined,
      };
      return jsonTextResponse(await listTableJson(client, kind, options, { cluster: client.cluster, kindId: kind.id, namespaced: kind.namespaced }));
    }
    const { namespace, name } = objectAddress(kind, path);
    if (path.view === "events") {
      return json({ items: await relatedEvents(client, kind, namespace, name) });
    }
    if (path.view === "action") throw badRequest("actions are POST requests");
    const object = await client.json({ path: kindPath(kind, namespace, name) });
    const view = displayObject(kind, object);
    if (path.view === "yaml") {
      return new Response(stringify(view.object, { lineWidth: 0 }), { headers: { "content-type": "application/yaml; charset=utf-8" } });
    }
    return json({ cluster: client.cluster, kindId: kind.id, ...view });
  };
}

export function resourcesDelete(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { identity, client, cluster } = clusterCall(ctx, deps);
    const path = parseResourcePath(ctx.params.rest ?? "");
    if (path.view !== "object") throw badRequest("DELETE addresses one object: {kind}/{namespace or _}/{name}");
    const kind = await deps.kinds.resolve(client, path.kindId);
    const { namespace, name } = objectAddress(kind, path);
    const dryRun = ctx.url.searchParams.get("dryRun") === "true";
    const propagation = ctx.url.searchParams.get("propagationPolicy") ?? "Background";
    if (!["Background", "Foreground", "Orphan"].includes(propagation)) throw badRequest("propagationPolicy must be Background, Foreground or Orphan");
    const resource = { group: kind.group, version: kind.version, resource: kind.plural, namespace, name };
    const result = await audited(deps.audit, ctx, { identity, verb: "delete", cluster, resource, extra: { dryRun } }, () =>
      client.json({
        method: "DELETE",
        path: kindPath(kind, namespace, name),
        query: { propagationPolicy: propagation, dryRun: dryRun ? "All" : undefined },
      }),
    );
    const isStatus = isRecord(result) && result.kind === "Status";
    return json({ deleted: true, dryRun, object: isStatus ? undefined : displayObject(kind, result).object });
  };
}
