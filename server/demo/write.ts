/** Create, replace (PUT, also /status), delete and deletecollection. */
import { asObject, readBody } from "./body.ts";
import type { SimContext } from "./context.ts";
import { fieldManager, hasStatusSubresource, isDryRun, shaped } from "./context.ts";
import { selectObjects } from "./list.ts";
import { recordUpdate } from "./managed-fields.ts";
import type { Propagation } from "./store.ts";
import { badRequestError, jsonResponse, successStatus } from "./status.ts";
import type { KubeObject } from "./types.ts";
import { apiVersionOf } from "./types.ts";

function checkKind(ctx: SimContext, body: Record<string, unknown>): KubeObject {
  if (body.kind !== undefined && body.kind !== ctx.type.kind) {
    throw badRequestError(`the object provided is unrecognized (must be of type ${ctx.type.kind}): ${String(body.kind)}`);
  }
  const obj = body as unknown as KubeObject;
  obj.metadata = (obj.metadata && typeof obj.metadata === "object" ? obj.metadata : {}) as KubeObject["metadata"];
  if (ctx.type.namespaced) {
    if (obj.metadata.namespace && ctx.info.namespace && obj.metadata.namespace !== ctx.info.namespace) {
      throw badRequestError("the namespace of the provided object does not match the namespace sent on the request");
    }
    if (ctx.info.namespace) obj.metadata.namespace = ctx.info.namespace;
  }
  return obj;
}

const gvOf = (ctx: SimContext) => apiVersionOf(ctx.type.group, ctx.info.version);

export async function create(ctx: SimContext): Promise<Response> {
  const obj = checkKind(ctx, asObject(await readBody(ctx.request)));
  delete obj.metadata.managedFields;
  // Status is the controllers' to write: a create through the API starts without it (a pod starts Pending).
  if (hasStatusSubresource(ctx.type) && ctx.type.group !== "apiextensions.k8s.io") {
    if (ctx.type.plural === "pods" && !ctx.type.group) obj.status = { phase: "Pending", qosClass: "BestEffort" };
    else delete obj.status;
  }
  recordUpdate(undefined, obj, fieldManager(ctx), gvOf(ctx), !hasStatusSubresource(ctx.type));
  const created = ctx.store.create(ctx.type, obj, { dryRun: isDryRun(ctx) });
  return jsonResponse(shaped(ctx, created), 201);
}

/** Write `next` over the stored object, keeping status (main resource) or everything but status (/status). */
export function replace(ctx: SimContext, next: KubeObject, subresource: string): KubeObject {
  const current = ctx.store.get(ctx.type, ctx.info.namespace, ctx.info.name);
  if (next.metadata?.name && next.metadata.name !== ctx.info.name) {
    throw badRequestError(`the name of the object (${next.metadata.name}) does not match the name on the URL (${ctx.info.name})`);
  }
  next.metadata = { ...next.metadata, name: ctx.info.name };
  if (ctx.type.namespaced) next.metadata.namespace = ctx.info.namespace;
  let merged: KubeObject;
  const withStatus = subresource === "status";
  if (withStatus) merged = { ...current, status: next.status, metadata: { ...current.metadata, resourceVersion: next.metadata.resourceVersion ?? "" } };
  else if (hasStatusSubresource(ctx.type)) merged = { ...next, status: current.status };
  else merged = next;
  if (merged.status === undefined) delete merged.status;
  merged.metadata.managedFields = current.metadata.managedFields ?? [];
  recordUpdate(current, merged, fieldManager(ctx), gvOf(ctx), withStatus || !hasStatusSubresource(ctx.type), withStatus ? "status" : undefined);
  return ctx.store.update(ctx.type, merged, { dryRun: isDryRun(ctx) });
}

export async function update(ctx: SimContext): Promise<Response> {
  const next = checkKind(ctx, asObject(await readBody(ctx.request)));
  return jsonResponse(shaped(ctx, replace(ctx, next, ctx.info.subresource)));
}

async function deleteOptions(ctx: SimContext): Promise<{ propagation?: Propagation; uid?: string; dryRun: boolean }> {
  let body: Record<string, unknown> = {};
  if (ctx.request.body) {
    const text = await ctx.request.text();
    if (text.trim()) body = asObject(JSON.parse(text), "DeleteOptions");
  }
  const q = ctx.url.searchParams.get("propagationPolicy");
  const p = (q ?? body.propagationPolicy) as Propagation | undefined;
  const preconditions = (body.preconditions ?? {}) as { uid?: string };
  const dryRun = isDryRun(ctx) || (Array.isArray(body.dryRun) && body.dryRun.includes("All"));
  const out: { propagation?: Propagation; uid?: string; dryRun: boolean } = { dryRun };
  if (p) out.propagation = p;
  if (preconditions.uid) out.uid = preconditions.uid;
  return out;
}

export async function remove(ctx: SimContext): Promise<Response> {
  const opts = await deleteOptions(ctx);
  const gone = ctx.store.delete(ctx.type, ctx.info.namespace, ctx.info.name, {
    dryRun: opts.dryRun,
    ...(opts.propagation ? { propagation: opts.propagation } : {}),
    ...(opts.uid ? { expectedUid: opts.uid } : {}),
  });
  // Held by finalizers: the apiserver answers with the object, now carrying deletionTimestamp.
  if ((gone.metadata.finalizers ?? []).length > 0) return jsonResponse(shaped(ctx, gone), opts.dryRun ? 200 : 202);
  return jsonResponse(successStatus({ name: ctx.info.name, group: ctx.type.group, kind: ctx.type.plural, ...({ uid: gone.metadata.uid } as object) }));
}

export async function removeCollection(ctx: SimContext): Promise<Response> {
  const opts = await deleteOptions(ctx);
  const victims = selectObjects(ctx.store, ctx.type, ctx.info.namespace, ctx.url.searchParams);
  const items = victims.map((o) =>
    ctx.store.delete(ctx.type, o.metadata.namespace, o.metadata.name!, { dryRun: opts.dryRun, ...(opts.propagation ? { propagation: opts.propagation } : {}) }),
  );
  return jsonResponse({ kind: `${ctx.type.kind}List`, apiVersion: gvOf(ctx), metadata: { resourceVersion: String(ctx.store.resourceVersion) }, items: items.map((o) => shaped(ctx, o)) });
}
