/** GET /api/clusters/{c}/kinds — built-in kinds plus the custom resources this user can discover there. */
import type { RouteHandler } from "../http/context.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";

export function listKinds(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { client } = clusterCall(ctx, deps);
    const { kinds, errors } = await deps.kinds.list(client);
    return json({ cluster: client.cluster, kinds, discoveryErrors: errors });
  };
}
