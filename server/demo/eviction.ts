/**
 * POST pods/{name}/eviction (kubectl drain): deletes the pod unless a PodDisruptionBudget selecting it allows
 * no more disruptions, in which case the apiserver's 429 is returned. The budget's allowance is used up.
 */
import { readBody } from "./body.ts";
import type { SimContext } from "./context.ts";
import { labelSelectorObjectMatches } from "./selectors.ts";
import { jsonResponse, kubeError, successStatus } from "./status.ts";

export async function evict(ctx: SimContext): Promise<Response> {
  await readBody(ctx.request); // the Eviction body only names the pod again
  const pod = ctx.store.get(ctx.type, ctx.info.namespace, ctx.info.name);
  const pdbType = ctx.store.types.find("policy", "poddisruptionbudgets")!;
  const labels = pod.metadata.labels ?? {};
  for (const pdb of ctx.store.list(pdbType, ctx.info.namespace)) {
    const spec = (pdb.spec ?? {}) as { selector?: unknown };
    if (!labelSelectorObjectMatches(spec.selector, labels)) continue;
    const status = (pdb.status ?? {}) as { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number };
    const allowed = status.disruptionsAllowed ?? 0;
    if (allowed < 1) {
      throw kubeError(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", {
        causes: [{ reason: "DisruptionBudget", message: `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently` }],
      });
    }
    ctx.store.update(pdbType, { ...pdb, status: { ...status, disruptionsAllowed: allowed - 1 }, metadata: { ...pdb.metadata, resourceVersion: "" } });
  }
  ctx.store.delete(ctx.type, ctx.info.namespace, ctx.info.name);
  return jsonResponse(successStatus({}), 201);
}
