/**
 * GET /api/clusters/{c}/secrets/{ns}/{name}/data/{key} — reveals ONE value of a Secret as the user (RBAC
 * decides: a `read`-tier user gets Kubernetes' own 403). Audited as `secret_reveal` with the key name only;
 * never cached by the browser or a proxy.
 */
import type { RouteHandler } from "../http/context.ts";
import { notFound } from "../http/errors.ts";
import { kindPath } from "../kinds/kind.ts";
import { builtInKind } from "../kinds/catalog.ts";
import { audited } from "./audited.ts";
import { clusterCall, json } from "./cluster-deps.ts";
import type { ClusterApiDeps } from "./cluster-deps.ts";
import { isRecord } from "./object-view.ts";

function decodeBase64(value: string): Uint8Array {
  const bin = atob(value.replace(/\s/g, ""));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function revealSecretKey(deps: ClusterApiDeps): RouteHandler {
  return async (ctx) => {
    const { identity, client, cluster } = clusterCall(ctx, deps);
    const namespace = ctx.params.namespace ?? "";
    const name = ctx.params.name ?? "";
    const key = ctx.params.key ?? "";
    const secrets = builtInKind("secrets")!;
    const resource = { group: "", version: "v1", resource: "secrets", namespace, name };
    const value = await audited(deps.audit, ctx, { identity, verb: "secret_reveal", cluster, resource, extra: { key } }, async () => {
      const secret = await client.json({ path: kindPath(secrets, namespace, name) });
      const data = isRecord(secret) && isRecord(secret.data) ? secret.data : {};
      const raw = data[key];
      if (typeof raw !== "string") throw notFound(`secret ${namespace}/${name} has no key ${JSON.stringify(key)}`);
      return raw;
    });
    const bytes = decodeBase64(value);
    let text: string | undefined;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
    const body = text === undefined ? { key, encoding: "base64", value: value.replace(/\s/g, ""), bytes: bytes.length } : { key, encoding: "utf-8", value: text, bytes: bytes.length };
    return json(body, { headers: { "cache-control": "no-store", pragma: "no-cache" } });
  };
}
