/**
 * The platform seam: the only place where Node and Deno differ.
 * Everything above it speaks web standards (Request, Response, fetch, streams).
 */

/** TLS material for outgoing connections (PEM strings). */
export interface TlsClientOptions {
  /** Extra CA certificates to trust (PEM). When set, only these are trusted. */
  ca?: string | undefined;
  /** Client certificate (PEM) for mutual TLS. */
  cert?: string | undefined;
  /** Client private key (PEM) for mutual TLS. */
  key?: string | undefined;
  /** Skip server certificate verification. Only for explicit operator opt-in (kubeconfig insecure-skip-tls-verify). */
  insecureSkipVerify?: boolean | undefined;
}

/** TLS material for a listening server (PEM strings). */
export interface TlsServerOptions {
  cert: string;
  key: string;
  /** CA used to verify client certificates; when set, client certificates are requested (not required). */
  clientCa?: string | undefined;
}

/** What the transport knows about the peer, passed beside each request. */
export interface ConnInfo {
  remoteAddress: string;
  /** Verified client certificate subject, when the server asked for one and the client sent a valid one. */
  clientCertificate?: { commonName: string; organizations: string[] } | undefined;
}

export type Handler = (request: Request, info: ConnInfo) => Response | Promise<Response>;

export interface ServeOptions {
  /** Address to bind; omitted = every address, IPv6 and IPv4 (IPv4 only where IPv6 is off). */
  hostname?: string | undefined;
  /** 0 picks a free port; read it back from `Server.port`. */
  port: number;
  tls?: TlsServerOptions | undefined;
  /** Called once the socket listens. */
  onListen?: (address: { hostname: string; port: number }) => void;
}

export interface Server {
  readonly port: number;
  /** Stop accepting, wait for in-flight requests up to `graceMs`, then drop what is left. */
  close(graceMs?: number): Promise<void>;
}

/** A WebSocket in either direction, the same on both runtimes. Binary data arrives as Uint8Array. */
export interface Socket {
  /** Subprotocol agreed in the handshake ("" when none). */
  readonly protocol: string;
  /** Bytes queued but not yet sent (for backpressure decisions). */
  readonly bufferedAmount: number;
  readonly isOpen: boolean;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onMessage(listener: (data: string | Uint8Array) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
  onError(listener: (error: Error) => void): void;
}

export interface UpgradeResult {
  socket: Socket;
  /** Return this from the handler (Node ignores its contents; Deno needs it). */
  response: Response;
}

export interface ConnectOptions {
  protocols?: string[];
  /** An array value is sent as repeated header lines (Node); Deno's WebSocket joins them with ", ". */
  headers?: Record<string, string | string[]>;
  tls?: TlsClientOptions;
  /** Give up on the handshake after this many milliseconds. */
  timeoutMs?: number;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface Platform {
  readonly runtime: "node" | "deno";
  serve(handler: Handler, options: ServeOptions): Promise<Server>;
  /** Accept a WebSocket upgrade for a request that asked for one. Throws when the request is not an upgrade. */
  upgradeWebSocket(request: Request, options?: { protocol?: string }): UpgradeResult;
  /** Open an outgoing WebSocket; resolves once open, rejects with the handshake failure. */
  connectWebSocket(url: string, options?: ConnectOptions): Promise<Socket>;
  /** A fetch that trusts `ca` and presents `cert`/`key`. Without options it is the global fetch. */
  createFetch(tls?: TlsClientOptions): FetchLike;
}

/** Thrown by connectWebSocket when the server refused the upgrade. */
export class WebSocketHandshakeError extends Error {
  readonly status: number | undefined;
  readonly body: string;
  constructor(message: string, status: number | undefined, body: string) {
    super(message);
    this.name = "WebSocketHandshakeError";
    this.status = status;
    this.body = body;
  }
}
