/**
 * POST /api/clusters/{c}/resources/{kind}/{ns|_}/{name}/actions/{action} — one-click changes, each a plain
 * merge patch (or a create) sent as the user, so RBAC decides exactly as it would for kubectl:
 *   scale {replicas}        deployments, statefulsets, replicasets  → spec.replicas
 *   restart                 deployments, statefulsets, daemonsets   → spec.template annotation restartedAt
 *   cordon / uncordon       nodes                                   → spec.unschedulable
 *   suspend / resume        cronjobs, jobs                          → spec.suspend
 *   trigger                 cronjobs                                → a Job from spec.jobTemplate
 */
import type { AuditResourceRef } from "./audited.ts";
import type { ActionVerb } from "./audited.ts";
import type { RouteHandler } from "../http/context.ts";
import { AppError, badRequest } from "../http/errors.ts";
import type { Kind } from "../kinds/kind.ts";
import { kindPath } from "../kinds/kind.ts";
import { builtInKind } from "../kinds/catalog.ts";
import type { KubeClient } from "../clusters/kube-client.ts";
import { audited } from "./audited.ts";
import { readDocument } from "./body.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { displayObject, isRecord } from "./object-view.ts";
import type { JsonRecord } from "./object-view.ts";
import { parseResourcePath } from "./resource-path.ts";
import { objectAddress } from "./resources.ts";

interface Action {
  verb: ActionVerb;
  kinds: string[];
  run(client: KubeClient, kind: Kind, namespace: string | undefined, name: string, body: JsonRecord): Promise<unknown>;
  extra?(body: JsonRecord): Record<string, unknown>;
}

const mergePatch = (client: KubeClient, kind: Kind, namespace: string | undefined, name: string, patch: unknown) =>
  client.json({ method: "PATCH", path: kindPath(kind, namespace, name), contentType: "application/merge-patch+json", body: JSON.stringify(patch) });

function replicasOf(body: JsonRecord): number {
  const r = body.replicas;
  if (typeof r !== "number" || !Number.isInteger(r) || r < 0 || r > 10_000) throw badRequest("replicas must be an integer from 0 to 10000");
  return r;
}

/** A Job name for a manual CronJob run: `{cronjob}-manual-{suffix}`, within the 63-character limit. */
export function manualJobName(cronJob: string, now: Date): string {
  const suffix = `manual-${Math.floor(now.getTime() / 1000).toString(36)}`;
  return `${cronJob.slice(0, 63 - suffix.length - 1).replace(/-+$/, "")}-${suffix}`;
}

async function trigger(client: KubeClient, kind: Kind, namespace: string | undefined, name: string): Promise<unknown> {
  const cronJob = await client.json({ path: kindPath(kind, namespace, name) });
  const cj = isRecord(cronJob) ? cronJob : {};
  const spec = isRecord(cj.spec) ? cj.spec : {};
  const template = isRecord(spec.jobTemplate) ? spec.jobTemplate : undefined;
  if (!template) throw new AppError(422, "invalid", `cronjob ${name} has no spec.jobTemplate`);
  const meta = isRecord(cj.metadata) ? cj.metadata : {};
  const tmeta = isRecord(template.metadata) ? template.metadata : {};
  const job = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: manualJobName(name, new Date()),
      namespace,
      labels: tmeta.labels,
      annotations: { ...(isRecord(tmeta.annotations) ? tmeta.annotations : {}), "cronjob.kubernetes.io/instantiate": "manual" },
      ownerReferences: typeof meta.uid === "string" ? [{ apiVersion: "batch/v1", kind: "CronJob", name, uid: meta.uid, controller: true }] : undefined,
    },
    spec: template.spec,
  };
  const jobs = builtInKind("jobs")!;
  return client.json({ method: "POST", path: kindPath(jobs, namespace), contentType: "application/json", body: JSON.stringify(job) });
}

export const ACTIONS: Record<string, Action> = {
  scale: {
    verb: "scale",
    kinds: ["deployments", "statefulsets", "replicasets"],
    run: (c, k, ns, n, body) => mergePatch(c, k, ns, n, { spec: { replicas: replicasOf(body) } }),
    extra: (body) => ({ replicas: replicasOf(body) }),
  },
  restart: {
    verb: "restart",
    kinds: ["deployments", "statefulsets", "daemonsets"],
    run: (c, k, ns, n) =>
      mergePatch(c, k, ns, n, { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": new Date().toISOString() } } } } }),
  },
  cordon: { verb: "cordon", kinds: ["nodes"], run: (c, k, ns, n) => mergePatch(c, k, ns, n, { spec: { unschedulable: true } }), extra: () => ({ unschedulable: true }) },
  uncordon: { verb: "cordon", kinds: ["nodes"], run: (c, k, ns, n) => mergePatch(c, k, ns, n, { spec: { unschedulable: null } }), extra: () => ({ unschedulable: false }) },
  suspend: { verb: "suspend", kinds: ["cronjobs", "jobs"], run: (c, k, ns, n) => mergePatch(c, k, ns, n, { spec: { suspend: true } }), extra: () => ({ suspend: true }) },
  resume: { verb: "suspend", kinds: ["cronjobs", "jobs"], run: (c, k, ns, n) => mergePatch(c, k, ns, n, { spec: { suspend: false } }), extra: () => ({ suspend: false }) },
  trigger: { verb: "trigger", kinds: ["cronjobs"], run: (c, k, ns, n) => trigger(c, k, ns, n) },
};

export function resourceAction(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { identity, client, cluster } = clusterCall(ctx, deps);
    const path = parseResourcePath(ctx.params.rest ?? "");
    if (path.view !== "action" || !path.action) throw badRequest("POST …/{kind}/{namespace or _}/{name}/actions/{action}");
    const action = ACTIONS[path.action];
    if (!action) throw badRequest(`unknown action ${JSON.stringify(path.action)}; one of ${Object.keys(ACTIONS).join(", ")}`);
    const hasBody = ctx.request.headers.get("content-length") !== "0" && ctx.request.body !== null && ctx.request.headers.has("content-type");
    const body = hasBody ? await readDocument(ctx.request, { allowYaml: false, limit: 16 * 1024 }) : {};
    const kind = await deps.kinds.resolve(client, path.kindId);
    if (!kind.builtIn || !action.kinds.includes(kind.plural)) {
      throw badRequest(`${path.action} applies to ${action.kinds.join(", ")}, not ${kind.id}`);
    }
    const { namespace, name } = objectAddress(kind, path);
    const input = isRecord(body) ? body : {};
    const resource: AuditResourceRef = { group: kind.group, version: kind.version, resource: kind.plural, namespace, name };
    const extra = { action: path.action, ...action.extra?.(input) };
    const result = await audited(deps.audit, ctx, { identity, verb: action.verb, cluster, resource, extra }, () =>
      action.run(client, kind, namespace, name, input),
    );
    const resultKind = action.verb === "trigger" ? builtInKind("jobs")! : kind;
    return json({ action: path.action, ...displayObject(resultKind, result) });
  };
}
