/** PATCH: JSON patch, merge patch, strategic merge patch and server-side apply (also on /status). */
import { asObject, readBody } from "./body.ts";
import type { SimContext } from "./context.ts";
import { fieldManager, hasStatusSubresource, isDryRun, shaped } from "./context.ts";
import { applyConfig } from "./managed-fields.ts";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch.ts";
import { badRequestError, invalid, jsonResponse, kubeError, notFoundError } from "./status.ts";
import type { KubeObject } from "./types.ts";
import { apiVersionOf } from "./types.ts";
import { replace } from "./write.ts";

const PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

export async function patch(ctx: SimContext): Promise<Response> {
  const contentType = (ctx.request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!PATCH_TYPES.includes(contentType)) {
    throw kubeError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(", ")}`);
  }
  const isCustom = ctx.type.printerColumns !== undefined;
  if (contentType === "application/strategic-merge-patch+json" && isCustom) {
    throw kubeError(415, "UnsupportedMediaType", "strategic merge patch is not supported for custom resources; use merge patch or server-side apply");
  }
  const body = await readBody(ctx.request);
  if (contentType === "application/apply-patch+yaml") return apply(ctx, asObject(body) as unknown as KubeObject);

  const current = ctx.store.get(ctx.type, ctx.info.namespace, ctx.info.name);
  const patched =
    contentType === "application/json-patch+json" ? jsonPatch(current, body) : contentType === "application/merge-patch+json" ? mergePatch(current, body) : strategicMergePatch(current, body);
  const next = asObject(patched, "patched object") as unknown as KubeObject;
  // A patch that does not name a resourceVersion is not a precondition.
  const patchRv = (body as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
  next.metadata = { ...next.metadata, resourceVersion: patchRv ?? "" };
  return jsonResponse(shaped(ctx, replace(ctx, next, ctx.info.subresource)));
}

async function apply(ctx: SimContext, config: KubeObject): Promise<Response> {
  const manager = ctx.url.searchParams.get("fieldManager");
  if (!manager) {
    throw invalid("PatchOptions", "meta.k8s.io", "", [{ field: "fieldManager", message: "Required value: is required for apply patch" }]);
  }
  if (config.kind !== ctx.type.kind) throw badRequestError(`the object provided is unrecognized (must be of type ${ctx.type.kind}): ${String(config.kind)}`);
  config.metadata = config.metadata ?? {};
  if (config.metadata.name && config.metadata.name !== ctx.info.name) {
    throw badRequestError(`the name of the object (${config.metadata.name}) does not match the name on the URL (${ctx.info.name})`);
  }
  config.metadata.name = ctx.info.name;
  if (ctx.type.namespaced) config.metadata.namespace = ctx.info.namespace;
  const force = ["true", "1"].includes(ctx.url.searchParams.get("force") ?? "");
  const onStatus = ctx.info.subresource === "status";
  const withStatus = onStatus || !hasStatusSubresource(ctx.type);
  const gv = apiVersionOf(ctx.type.group, ctx.info.version);
  const current = ctx.store.tryGet(ctx.type, ctx.info.namespace, ctx.info.name);
  const dryRun = isDryRun(ctx);
  if (onStatus && !current) throw notFoundError(ctx.type.group, ctx.type.plural, ctx.info.name);
  // Through /status only status is applied (the apiserver resets the rest), so spec in it never conflicts.
  const meta = { name: config.metadata.name, ...(config.metadata.namespace ? { namespace: config.metadata.namespace } : {}) };
  const effective = onStatus ? { apiVersion: config.apiVersion, kind: config.kind, metadata: meta, status: config.status } : config;
  const applied = applyConfig(current, effective, manager, gv, force, withStatus);
  if (!current) {
    if (!withStatus) {
      if (ctx.type.plural === "pods" && !ctx.type.group) applied.status = { phase: "Pending", qosClass: "BestEffort" };
      else delete applied.status;
    }
    return jsonResponse(shaped(ctx, ctx.store.create(ctx.type, applied, { dryRun })), 201);
  }
  // Through /status only status changes; through the main resource status is left alone (when it has /status).
  const merged = onStatus
    ? { ...current, status: applied.status, metadata: { ...current.metadata, managedFields: applied.metadata.managedFields ?? [] } }
    : { ...applied, ...(withStatus ? {} : { status: current.status }) };
  if (merged.status === undefined) delete merged.status;
  merged.metadata.resourceVersion = "";
  return jsonResponse(shaped(ctx, ctx.store.update(ctx.type, merged, { dryRun })));
}

