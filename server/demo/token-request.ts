/** POST serviceaccounts/{name}/token (TokenRequest, `kubectl create token`): a bearer token that authenticates as the service account. */
import { asObject, readBody } from "./body.ts";
import type { SimContext } from "./context.ts";
import { jsonResponse } from "./status.ts";

type Mint = (namespace: string, name: string, expiresAt: Date) => string;

export async function tokenRequest(ctx: SimContext, mint: Mint): Promise<Response> {
  ctx.store.get(ctx.type, ctx.info.namespace, ctx.info.name); // 404 when the service account does not exist
  const body = asObject(await readBody(ctx.request)) as { spec?: { audiences?: string[]; expirationSeconds?: number } };
  const seconds = Math.min(Math.max(body.spec?.expirationSeconds ?? 3600, 600), 48 * 3600);
  const expiresAt = new Date(Date.now() + seconds * 1000);
  const token = mint(ctx.info.namespace, ctx.info.name, expiresAt);
  return jsonResponse(
    {
      kind: "TokenRequest",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { name: ctx.info.name, namespace: ctx.info.namespace, creationTimestamp: null },
      spec: { audiences: body.spec?.audiences ?? ["https://kubernetes.default.svc"], expirationSeconds: seconds, boundObjectRef: null },
      status: { token, expirationTimestamp: expiresAt.toISOString().replace(/\.\d+Z$/, "Z") },
    },
    201,
  );
}
