/**
 * POST /api/clusters/{c}/can-i  {checks: [{verb, group?, resource, subresource?, namespace?, name?}]} (≤ 64)
 * → {results: [{...check, allowed, reason?}]} in the same order.
 *
 * Each check is a SelfSubjectAccessReview as the user; when three or more uncached checks share a namespace,
 * one SelfSubjectRulesReview answers the ones its rules allow (SSAR still decides the rest, so a rule list
 * that is incomplete can never grant or deny wrongly). Answers are cached per user identity and check for
 * 30 s. Any error answers `allowed: false` (fail closed).
 */
import { identityKey } from "../auth/identity.ts";
import type { KubeClient } from "../clusters/kube-client.ts";
import type { RouteHandler } from "../http/context.ts";
import { badRequest } from "../http/errors.ts";
import { readDocument } from "./body.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { isRecord } from "./object-view.ts";

export const MAX_CHECKS = 64;
const TTL_MS = 30_000;

export interface Check {
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export interface CheckResult extends Check {
  allowed: boolean;
  reason?: string;
}

export interface CanICache {
  get(key: string): CheckResult | undefined;
  set(key: string, value: CheckResult): void;
}

export function createCanICache(clock: () => number = Date.now, max = 20_000): CanICache {
  const map = new Map<string, { at: number; value: CheckResult }>();
  return {
    get(key) {
      const hit = map.get(key);
      if (!hit) return undefined;
      if (clock() - hit.at > TTL_MS) {
        map.delete(key);
        return undefined;
      }
      return hit.value;
    },
    set(key, value) {
      if (map.size >= max) map.delete(map.keys().next().value as string);
      map.set(key, { at: clock(), value });
    },
  };
}

const field = (o: Record<string, unknown>, k: string, i: number, required = false): string => {
  const v = o[k];
  if (v === undefined || v === null) {
    if (required) throw badRequest(`checks[${i}].${k} is required`);
    return "";
  }
  if (typeof v !== "string") throw badRequest(`checks[${i}].${k} must be a string`);
  return v;
};

export function parseChecks(body: unknown): Check[] {
  const raw = isRecord(body) ? body.checks : undefined;
  if (!Array.isArray(raw)) throw badRequest("send {checks: [{verb, group, resource, subresource, namespace, name}]}");
  if (raw.length > MAX_CHECKS) throw badRequest(`at most ${MAX_CHECKS} checks per request (got ${raw.length})`);
  return raw.map((c, i) => {
    if (!isRecord(c)) throw badRequest(`checks[${i}] must be an object`);
    return {
      verb: field(c, "verb", i, true),
      group: field(c, "group", i),
      resource: field(c, "resource", i, true),
      subresource: field(c, "subresource", i),
      namespace: field(c, "namespace", i),
      name: field(c, "name", i),
    };
  });
}

async function accessReview(client: KubeClient, check: Check): Promise<CheckResult> {
  const attrs: Record<string, string> = { verb: check.verb, group: check.group, resource: check.resource };
  if (check.subresource) attrs.subresource = check.subresource;
  if (check.namespace) attrs.namespace = check.namespace;
  if (check.name) attrs.name = check.name;
  try {
    const review = await client.json({
      method: "POST",
      path: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      contentType: "application/json",
      body: JSON.stringify({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: attrs } }),
      timeoutMs: 5_000,
    });
    const status = isRecord(review) && isRecord(review.status) ? review.status : {};
    const allowed = status.allowed === true && status.denied !== true;
    const reason = typeof status.reason === "string" && status.reason ? status.reason : typeof status.evaluationError === "string" ? status.evaluationError : undefined;
    return reason ? { ...check, allowed, reason } : { ...check, allowed };
  } catch (error) {
    return { ...check, allowed: false, reason: `check failed, denied to be safe: ${error instanceof Error ? error.message : String(error)}` };
  }
}

interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

async function rulesReview(client: KubeClient, namespace: string): Promise<ResourceRule[] | undefined> {
  try {
    const review = await client.json({
      method: "POST",
      path: "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
      contentType: "application/json",
      body: JSON.stringify({ apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace } }),
      timeoutMs: 5_000,
    });
    const status = isRecord(review) && isRecord(review.status) ? review.status : {};
    const rules = Array.isArray(status.resourceRules) ? status.resourceRules : [];
    return rules.filter(isRecord).map((r) => ({ verbs: strings(r.verbs), apiGroups: strings(r.apiGroups), resources: strings(r.resources), resourceNames: strings(r.resourceNames) }));
  } catch {
    return undefined;
  }
}

/** Whether RBAC-style rules allow a check (RBAC matching: "*" wildcards, "resource/subresource", "*" + "/sub"). */
export function rulesAllow(rules: ResourceRule[], check: Check): boolean {
  const full = check.subresource ? `${check.resource}/${check.subresource}` : check.resource;
  return rules.some((r) => {
    if (!r.verbs.includes("*") && !r.verbs.includes(check.verb)) return false;
    if (!r.apiGroups.includes("*") && !r.apiGroups.includes(check.group)) return false;
    const resourceOk = r.resources.some((res) => res === "*" || res === full || (check.subresource !== "" && res === `*/${check.subresource}`));
    if (!resourceOk) return false;
    if (r.resourceNames.length === 0) return true;
    return check.name !== "" && r.resourceNames.includes(check.name);
  });
}

export async function runChecks(client: KubeClient, checks: Check[], cache: CanICache, userKey: string): Promise<CheckResult[]> {
  const keyOf = (c: Check) => `${userKey}\u0000${client.cluster}\u0000${c.verb}|${c.group}|${c.resource}|${c.subresource}|${c.namespace}|${c.name}`;
  const results: Array<CheckResult | undefined> = checks.map((c) => cache.get(keyOf(c)));
  const pending = checks.map((c, i) => ({ c, i })).filter(({ i }) => results[i] === undefined);

  const byNamespace = new Map<string, Array<{ c: Check; i: number }>>();
  for (const p of pending) if (p.c.namespace) byNamespace.set(p.c.namespace, [...(byNamespace.get(p.c.namespace) ?? []), p]);
  await Promise.all(
    [...byNamespace].filter(([, group]) => group.length >= 3).map(async ([namespace, group]) => {
      const rules = await rulesReview(client, namespace);
      if (!rules) return;
      for (const { c, i } of group) if (rulesAllow(rules, c)) results[i] = { ...c, allowed: true };
    }),
  );
  await Promise.all(
    pending.filter(({ i }) => results[i] === undefined).map(async ({ c, i }) => {
      results[i] = await accessReview(client, c);
    }),
  );
  return checks.map((c, i) => {
    const r = results[i]!;
    if (!r.reason?.startsWith("check failed")) cache.set(keyOf(c), r);
    return r;
  });
}

export function canI(deps: ClusterApiDeps, cache: CanICache): RouteHandler {
  return async (ctx) => {
    const { identity, client } = clusterCall(ctx, deps);
    const checks = parseChecks(await readDocument(ctx.request, { allowYaml: false, limit: 64 * 1024 }));
    const results = await runChecks(client, checks, cache, identityKey(identity));
    return json({ cluster: client.cluster, results });
  };
}
