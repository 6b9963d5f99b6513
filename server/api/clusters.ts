/** GET /api/clusters — the registered clusters: name, backend, environment, tags, exec on/off. No paths, no ARNs. */
import { requireIdentity } from "../auth/identity.ts";
import type { RouteHandler } from "../http/context.ts";
import { json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";

export function listClusters(deps: ClusterApiDeps): RouteHandler {
  return (ctx) => {
    requireIdentity(ctx);
    return json({ clusters: deps.clusters.list() });
  };
}
