/**
 * The one way to call an apiserver: backend credential + the user's impersonation + the request id, with a
 * per-call timeout and apiserver errors mapped to AppErrors. Nothing from the browser request is forwarded.
 *
 * Request id: sent as `Impersonate-Extra-Periscope-Request-Id` (the apiserver records it under the
 * impersonated user's `extra["periscope-request-id"]` in its audit log). In `shared` mode there is no
 * impersonation, so the id is not carried.
 */
import type { Identity } from "../auth/identity.ts";
import type { Platform, Socket } from "../platform/types.ts";
import type { ClusterBackend } from "./backend.ts";
import { kubeHttpError, kubeNetworkError } from "./kube-error.ts";

export const REQUEST_ID_EXTRA = "periscope-request-id";
export const DEFAULT_TIMEOUT_MS = 15_000;
export const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

export interface KubeRequest {
  method?: string;
  /** Path below the server URL, starting with "/". */
  path: string;
  /** Query parameters; an array repeats the parameter (exec's `command`). */
  query?: Record<string, string | number | boolean | undefined | string[]>;
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
  /** `send` + the body as text (for callers that read JSON their own way, e.g. the list fast path). */
  text(request: KubeRequest): Promise<string>;
  /**
   * A WebSocket to the apiserver (exec, attach) with the same credential, impersonation and request id.
   * Handshake refusals reject with platform's WebSocketHandshakeError (status + body, e.g. a 403 Status).
   */
  socket(request: { path: string; query?: KubeRequest["query"]; protocols: string[]; timeoutMs?: number }): Promise<Socket>;
}

function buildUrl(server: string, path: string, query: KubeRequest["query"]): URL {
  const url = new URL(server + path);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
    else if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
  }
  return url;
}

/**
 * Impersonation headers for an identity (shared mode: none), as name/value pairs: each group is its own
 * `Impersonate-Group` line. A `Headers` object would join them into "a, b", which Kubernetes reads as one group.
 */
export function impersonationHeaders(identity: Identity | undefined, requestId: string | undefined): Array<[string, string]> {
  if (!identity?.kube) return [];
  const pairs: Array<[string, string]> = [["impersonate-user", identity.kube.user]];
  for (const group of identity.kube.groups) pairs.push(["impersonate-group", group]);
  if (requestId) pairs.push([`impersonate-extra-${REQUEST_ID_EXTRA}`, requestId]);
  return pairs;
}

export function createKubeClient(backend: ClusterBackend, identity: Identity | undefined, requestId?: string, platform?: Platform): KubeClient {
  const cluster = backend.name;

  async function send(req: KubeRequest): Promise<Response> {
    const conn = await backend.connect(identity);
    const url = buildUrl(conn.server, req.path, req.query);
    const headers = impersonationHeaders(identity, requestId);
    for (const [k, v] of Object.entries(conn.headers)) headers.push([k, v]);
    headers.push(["accept", req.accept ?? "application/json"], ["user-agent", "periscope"]);
    if (req.contentType) headers.push(["content-type", req.contentType]);

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

  async function socket(req: { path: string; query?: KubeRequest["query"]; protocols: string[]; timeoutMs?: number }): Promise<Socket> {
    const conn = await backend.connect(identity);
    const url = buildUrl(conn.server, req.path, req.query).toString().replace(/^http/, "ws");
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of impersonationHeaders(identity, requestId)) {
      const prev = headers[k];
      headers[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
    }
    Object.assign(headers, conn.headers, { "user-agent": "periscope" });
    if (conn.openSocket) return conn.openSocket(url, { protocols: req.protocols, headers });
    if (!platform) throw new Error("kube client built without a platform cannot open WebSockets");
    return platform.connectWebSocket(url, { protocols: req.protocols, headers, tls: conn.tls, timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  }

  return {
    cluster,
    identity,
    send,
    socket,
    async json(req) {
      const response = await send(req);
      try {
        return (await response.json()) as unknown;
      } catch (error) {
        throw kubeNetworkError(cluster, error, false);
      }
    },
    async text(req) {
      const response = await send(req);
      try {
        return await response.text();
      } catch (error) {
        throw kubeNetworkError(cluster, error, false);
      }
    },
  };
}
