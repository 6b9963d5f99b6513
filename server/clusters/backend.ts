/**
 * How Periscope reaches one cluster. A backend turns a clusters.yaml entry into an apiserver endpoint plus the
 * console's own credential; the kube client (kube-client.ts) adds the user's impersonation on top.
 */
import type { Identity } from "../auth/identity.ts";
import type { ClusterConfig } from "../config/schema/clusters.ts";
import type { Logger } from "../http/log.ts";
import type { FetchLike, Platform, Socket, TlsClientOptions } from "../platform/types.ts";

/** Everything needed for one call (or one WebSocket) to an apiserver. */
export interface ClusterConnection {
  /** Base URL of the apiserver, no trailing slash (e.g. https://ABC.gr7.eu-west-1.eks.amazonaws.com). */
  server: string;
  /** A fetch that trusts the cluster CA and presents any client certificate (from platform.createFetch). */
  fetch: FetchLike;
  /** The same TLS material, for WebSocket connections (exec) through platform.connectWebSocket. */
  tls: TlsClientOptions;
  /**
   * The backend's own credential as headers, normally `{authorization: "Bearer …"}`; `{}` when the client
   * certificate is the credential. Must never contain Impersonate-* headers: the kube client adds those.
   */
  headers: Record<string, string>;
  /**
   * Opens a WebSocket to `url` (ws/wss) for exec; only backends that cannot be dialed (the in-process demo)
   * set it. Otherwise the kube client uses platform.connectWebSocket with `tls` and the headers.
   */
  openSocket?(url: string, options: { protocols: string[]; headers: Record<string, string | string[]> }): Promise<Socket>;
}

export interface ClusterBackend {
  /** The cluster's name from clusters.yaml. */
  readonly name: string;
  readonly config: ClusterConfig;
  /**
   * Endpoint and credential for a call made on behalf of `identity` (undefined for the console's own calls,
   * e.g. discovery warm-up). Called before every request, so implementations cache (tokens, DescribeCluster,
   * per-user assumed roles) and refresh before expiry; it must be cheap when warm. Throw an AppError
   * (502/503 with a message naming the cluster, never a secret) when the cluster cannot be reached.
   */
  connect(identity: Identity | undefined): Promise<ClusterConnection>;
  /** Release timers, child servers and sockets. */
  close?(): Promise<void>;
}

/** Creates the backend for one entry; registered per backend kind in backends.ts. */
export type BackendFactory = (config: ClusterConfig, deps: BackendDeps) => Promise<ClusterBackend> | ClusterBackend;

export interface BackendDeps {
  platform: Platform;
  log: Logger;
  /** Environment read once at start-up (KUBERNETES_SERVICE_HOST, AWS_*, …). */
  env: Record<string, string | undefined>;
  /** Where the entry came from, for ConfigError lines (the clusters file path). */
  configSource: string;
}
