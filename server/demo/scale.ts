/** The /scale subresource: an autoscaling/v1 Scale view of spec.replicas (built-ins and CRDs with scale paths). */
import { asObject, readBody } from "./body.ts";
import type { SimContext } from "./context.ts";
import { isDryRun } from "./context.ts";
import { evalJsonPath } from "./jsonpath.ts";
import { jsonPatch, mergePatch } from "./patch.ts";
import { setPath } from "./field-paths.ts";
import { badRequestError, conflictError, jsonResponse } from "./status.ts";
import type { KubeObject } from "./types.ts";

function paths(ctx: SimContext) {
  return ctx.type.scalePaths ?? { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: undefined };
}

function selectorString(obj: KubeObject): string {
  const sel = (obj.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector;
  return Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
}

function toScale(ctx: SimContext, obj: KubeObject): Record<string, unknown> {
  const p = paths(ctx);
  const num = (path: string) => Number(evalJsonPath(obj, path)[0] ?? 0);
  const selector = p.labelSelectorPath ? String(evalJsonPath(obj, p.labelSelectorPath)[0] ?? "") : selectorString(obj);
  const m = obj.metadata;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: num(p.specReplicasPath) },
    status: { replicas: num(p.statusReplicasPath), selector },
  };
}

export async function scale(ctx: SimContext): Promise<Response> {
  const current = ctx.store.get(ctx.type, ctx.info.namespace, ctx.info.name);
  const method = ctx.request.method.toUpperCase();
  if (method === "GET") return jsonResponse(toScale(ctx, current));
  const body = await readBody(ctx.request);
  const contentType = (ctx.request.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const before = toScale(ctx, current);
  const after = (method === "PUT" ? asObject(body) : contentType === "application/json-patch+json" ? jsonPatch(before, body) : mergePatch(before, body)) as {
    spec?: { replicas?: unknown };
    metadata?: { resourceVersion?: string };
  };
  const replicas = after.spec?.replicas;
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) throw badRequestError("spec.replicas must be a non-negative integer");
  const rv = method === "PUT" ? after.metadata?.resourceVersion : undefined;
  if (rv && rv !== current.metadata.resourceVersion) {
    throw conflictError(ctx.type.group, ctx.type.plural, ctx.info.name, "the object has been modified; please apply your changes to the latest version and try again");
  }
  const path = paths(ctx).specReplicasPath.replace(/^\./, "").split(".").map((s) => `f:${s}`);
  setPath(current, path, replicas);
  current.metadata.resourceVersion = "";
  const saved = ctx.store.update(ctx.type, current, { dryRun: isDryRun(ctx) });
  return jsonResponse(toScale(ctx, saved));
}
