/**
 * The one way to call an apiserver: backend credential + the user's impersonation + the request id, with a
 * per-call timeout and apiserver errors mapped to AppErrors. Nothing from the browser request is forwarded.
 *
 * Request id: sent as `Impersonate-Extra-Periscope-Request-Id` (the apiserver records it under the
 * impersonated user's `extra["periscope-request-id"]` in its audit log). In `shared` mode there is no
 * impersonation, so the id is not carried.
 */
import type { Identity } from "../auth/identity.ts";
import type { ClusterBackend } from "./backend.ts";
import { kubeHttpError, kubeNetworkError } from "./kube-error.ts";

export const REQUEST_ID_EXTRA = "periscope-request-id";
export const DEFAULT_TIMEOUT_MS = 15_000;
export const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

export interface KubeRequest {
  method?: string;
  /** Path below the server URL, starting with "/". */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: string | Uint8Array;
  contentType?: string;
  accept?: string;
  /** Default 15 s; 0 disables (streams). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface KubeClient {
  readonly cluster: string;
  readonly identity: Identity | undefined;
  /** The raw response for status 2xx; anything else is thrown as an AppError. */
  send(request: KubeRequest): Promise<Response>;
  /** `send` + JSON body as `unknown` (narrow it where it is used). */
  json(request: KubeRequest): Promise<unknown>;
}

/** Impersonation headers for an identity (shared mode: none). */
export function impersonationHeaders(identity: Identity | undefined, requestId: string | undefined): Headers {
  const headers = new Headers();
  if (!identity?.kube) return headers;
  headers.set("impersonate-user", identity.kube.user);
  for (const group of identity.kube.groups) headers.append("impersonate-group", group);
  if (requestId) headers.set(`impersonate-extra-${REQUEST_ID_EXTRA}`, requestId);
  return headers;
}

export function createKubeClient(backend: ClusterBackend, identity: Identity | undefined, requestId?: string): KubeClient {
  const cluster = backend.name;

  async function send(req: KubeRequest): Promise<Response> {
    const conn = await backend.connect(identity);
    const url = new URL(conn.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
    const headers = impersonationHeaders(identity, requestId);
    for (const [k, v] of Object.entries(conn.headers)) headers.set(k, v);
    headers.set("accept", req.accept ?? "application/json");
    headers.set("user-agent", "periscope");
    if (req.contentType) headers.set("content-type", req.contentType);

    const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [timer, req.signal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    let response: Response;
    try {
      response = await conn.fetch(url, { method: req.method ?? "GET", headers, body: req.body as BodyInit | undefined, signal });
    } catch (error) {
      if (req.signal?.aborted) throw error;
      throw kubeNetworkError(cluster, error, timer?.aborted ?? false);
    }
    if (response.ok) return response;
    let text = "";
    try {
      text = await response.text();
    } catch {
      // body lost with the connection; the status is enough
    }
    throw kubeHttpError(cluster, response.status, text);
  }

  return {
    cluster,
    identity,
    send,
    async json(req) {
      const response = await send(req);
      try {
        return (await response.json()) as unknown;
      } catch (error) {
        throw kubeNetworkError(cluster, error, false);
      }
    },
  };
}
