/**
 * GET /api/clusters/{c}/search?q=  and  GET /api/search?q=  (every cluster in parallel, with a budget).
 * Matches object names (case-insensitive substring; `ns/name` narrows the namespace) across the commonly
 * navigated kinds, as the user: kinds the user may not list are skipped, not errors. The names are cached per
 * user for a few seconds (search-names.ts), so a query per keystroke does not list every kind again.
 */
import { identityKey, requireIdentity } from "../auth/identity.ts";
import type { KubeClient } from "../clusters/kube-client.ts";
import type { RouteHandler } from "../http/context.ts";
import { badRequest } from "../http/errors.ts";
import { builtInKind } from "../kinds/catalog.ts";
import { kindPath } from "../kinds/kind.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { isRecord } from "./object-view.ts";
import type { NameEntry, SearchNames } from "./search-names.ts";

export const SEARCH_KINDS = [
  "pods", "deployments", "statefulsets", "daemonsets", "jobs", "cronjobs", "services", "ingresses", "configmaps",
  "secrets", "persistentvolumeclaims", "nodes", "namespaces",
];
const METADATA_ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
const PER_CLUSTER_LIMIT = 50;
const TIMEOUT_MS = 4_000;

export interface SearchHit {
  cluster: string;
  kind: string;
  namespace: string | undefined;
  name: string;
}

function query(url: URL): { text: string; namespace: string | undefined } {
  const q = (url.searchParams.get("q") ?? "").trim().toLowerCase();
  if (q.length < 2 || q.length > 253) throw badRequest("q must be 2 to 253 characters");
  const slash = q.indexOf("/");
  return slash > 0 ? { namespace: q.slice(0, slash), text: q.slice(slash + 1) } : { namespace: undefined, text: q };
}

/** Lists one kind's names as the client's user (a PartialObjectMetadataList: no specs, no data). */
async function listNames(client: KubeClient, plural: string): Promise<NameEntry[]> {
  const kind = builtInKind(plural)!;
  const body = await client.json({ path: kindPath(kind), accept: METADATA_ACCEPT, timeoutMs: TIMEOUT_MS });
  const items = isRecord(body) && Array.isArray(body.items) ? body.items : [];
  return items.map((item): NameEntry => {
    const meta = isRecord(item) && isRecord(item.metadata) ? item.metadata : {};
    return { name: typeof meta.name === "string" ? meta.name : "", namespace: typeof meta.namespace === "string" ? meta.namespace : undefined };
  });
}

export async function searchCluster(client: KubeClient, text: string, namespace: string | undefined, names: SearchNames): Promise<{ hits: SearchHit[]; skipped: string[] }> {
  const skipped: string[] = [];
  const who = client.identity ? identityKey(client.identity) : "console";
  const perKind = await Promise.all(
    SEARCH_KINDS.map(async (plural) => {
      try {
        const entries = await names.get(JSON.stringify([who, client.cluster, plural]), () => listNames(client, plural));
        const hits: SearchHit[] = [];
        for (const { name, namespace: ns } of entries) {
          if (!name.toLowerCase().includes(text)) continue;
          if (namespace !== undefined && !(ns ?? "").toLowerCase().includes(namespace)) continue;
          hits.push({ cluster: client.cluster, kind: plural, namespace: ns, name });
        }
        return hits;
      } catch {
        skipped.push(plural);
        return [];
      }
    }),
  );
  const rank = (h: SearchHit) => (h.name.toLowerCase() === text ? 0 : h.name.toLowerCase().startsWith(text) ? 1 : 2);
  const hits = perKind.flat().sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)).slice(0, PER_CLUSTER_LIMIT);
  return { hits, skipped: skipped.sort() };
}

export function searchOneCluster(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { client } = clusterCall(ctx, deps);
    const { text, namespace } = query(ctx.url);
    return json({ cluster: client.cluster, ...(await searchCluster(client, text, namespace, deps.searchNames)) });
  };
}

export function searchFleet(deps: ClusterApiDeps, budgetMs = 6_000): RouteHandler {
  return async (ctx) => {
    const identity = requireIdentity(ctx);
    const { text, namespace } = query(ctx.url);
    const names = deps.clusters.names();
    const done = new Map<string, { hits: SearchHit[]; skipped: string[] }>();
    const all = Promise.all(
      names.map(async (name) => {
        const result = await searchCluster(deps.clusters.client(name, identity, ctx.requestId), text, namespace, deps.searchNames).catch(() => ({ hits: [], skipped: ["*"] }));
        done.set(name, result);
      }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, budgetMs)))]);
    clearTimeout(timer);
    const clusters = names.map((name) => ({ cluster: name, state: done.has(name) ? "done" : "timeout", skipped: done.get(name)?.skipped ?? [] }));
    return json({ hits: names.flatMap((n) => done.get(n)?.hits ?? []), clusters });
  };
}
