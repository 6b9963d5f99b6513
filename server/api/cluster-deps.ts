/**
 * What the cluster API handlers share: the cluster registry, the kind catalog, the search-name cache and an
 * optional audit sink. Built once in routes.ts; handlers get the per-request kube client through `clusterCall`.
 */
import type { Identity } from "../auth/identity.ts";
import { requireIdentity } from "../auth/identity.ts";
import type { ClusterRegistry } from "../clusters/registry.ts";
import type { KubeClient } from "../clusters/kube-client.ts";
import type { RequestContext } from "../http/context.ts";
import { jsonResponse } from "../http/json-response.ts";
import type { Logger } from "../http/log.ts";
import type { KindCatalog } from "../kinds/catalog.ts";
import type { AuditSink } from "./audited.ts";
import type { SearchNames } from "./search-names.ts";

export interface ClusterApiDeps {
  clusters: ClusterRegistry;
  kinds: KindCatalog;
  log: Logger;
  /** The audit log (issue 9); absent → privileged actions are only logged as access lines. */
  audit?: AuditSink | undefined;
  /** Names that search looks through, cached per user (search-names.ts). */
  searchNames: SearchNames;
}

export interface ClusterCall {
  identity: Identity;
  cluster: string;
  client: KubeClient;
}

/** Identity (401 without one), cluster (404 when unknown) and a kube client acting as that identity. */
export function clusterCall(ctx: RequestContext, deps: ClusterApiDeps): ClusterCall {
  const identity = requireIdentity(ctx);
  const cluster = ctx.params.cluster ?? "";
  const client = deps.clusters.client(cluster, identity, ctx.requestId);
  return { identity, cluster, client };
}

/** JSON with a declared length (server/http/json-response.ts). */
export const json = jsonResponse;
