/**
 * Exec without a network: a connected pair of Sockets, and `connectInProcess`, which sends a WebSocket
 * upgrade Request through a handler (e.g. the simulator's `handle`, so authentication and RBAC still apply)
 * and hands back the client end — what platform.connectWebSocket does for a real apiserver. The demo
 * cluster lives in the console's process, so this is how its exec sessions are opened.
 */
import type { ConnInfo, Socket } from "../../platform/types.ts";
import { WebSocketHandshakeError } from "../../platform/types.ts";

type Listener<T extends unknown[]> = (...args: T) => void;

interface Endpoint {
  deliver(data: string | Uint8Array): void;
  closed(code: number, reason: string): void;
  link(other: Endpoint): void;
  socket: Socket;
}

function endpoint(getProtocol: () => string): Endpoint {
  const messages: Array<Listener<[string | Uint8Array]>> = [];
  const closes: Array<Listener<[number, string]>> = [];
  let open = true;
  let peer: Endpoint | undefined;
  // Until the owner attaches listeners, keep what arrives (a session may write before the caller listens).
  const early: Array<string | Uint8Array> = [];
  let closedWith: [number, string] | undefined;
  const self: Endpoint = {
    deliver(data: string | Uint8Array) {
      if (!open) return;
      if (messages.length === 0) early.push(data);
      else for (const l of messages) l(data);
    },
    closed(code: number, reason: string) {
      if (!open) return;
      open = false;
      closedWith = [code, reason];
      for (const l of closes) l(code, reason);
    },
    link(other: Endpoint) {
      peer = other;
    },
    socket: {
      get protocol() {
        return getProtocol();
      },
      bufferedAmount: 0,
      get isOpen() {
        return open;
      },
      send(data: string | Uint8Array) {
        if (!open) return;
        const copy = typeof data === "string" ? data : data.slice();
        // Asynchronous like a real socket, and in order.
        queueMicrotask(() => peer?.deliver(copy));
      },
      close(code = 1000, reason = "") {
        if (!open) return;
        queueMicrotask(() => {
          self.closed(code, reason);
          peer?.closed(code, reason);
        });
      },
      onMessage(l: Listener<[string | Uint8Array]>) {
        messages.push(l);
        for (const d of early.splice(0)) l(d);
      },
      onClose(l: Listener<[number, string]>) {
        closes.push(l);
        if (closedWith) queueMicrotask(() => l(...closedWith!));
      },
      onError(_l: Listener<[Error]>) {
        // An in-memory pair has no transport errors.
      },
    },
  };
  return self;
}

/** Two connected sockets; `protocol` is what both report once negotiated. */
export function socketPair(): { client: Socket; server: Socket; setProtocol(p: string): void } {
  let protocol = "";
  const a = endpoint(() => protocol);
  const b = endpoint(() => protocol);
  a.link(b);
  b.link(a);
  return { client: a.socket, server: b.socket, setProtocol: (p) => (protocol = p) };
}

const pending = new WeakMap<Request, { server: Socket; setProtocol(p: string): void; claimed: boolean }>();

/** For handlers: the server end when `request` came from connectInProcess (undefined otherwise). */
export function claimInProcess(request: Request, protocol: string): { socket: Socket; response: Response } | undefined {
  const entry = pending.get(request);
  if (!entry || entry.claimed) return undefined;
  entry.claimed = true;
  entry.setProtocol(protocol);
  return { socket: entry.server, response: new Response(null, { status: 200, headers: { "x-periscope-upgraded": "in-process" } }) };
}

export async function connectInProcess(
  handle: (request: Request, conn: ConnInfo) => Response | Promise<Response>,
  url: string,
  options: { protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<Socket> {
  const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const request = new Request(url.replace(/^ws/, "http"), {
    headers: {
      ...options.headers,
      connection: "Upgrade",
      upgrade: "websocket",
      "sec-websocket-version": "13",
      "sec-websocket-key": key,
      ...(options.protocols?.length ? { "sec-websocket-protocol": options.protocols.join(", ") } : {}),
    },
  });
  const pair = socketPair();
  const entry = { server: pair.server, setProtocol: pair.setProtocol, claimed: false };
  pending.set(request, entry);
  const response = await handle(request, { remoteAddress: "in-process" });
  if (!entry.claimed) {
    const body = await response.text();
    throw new WebSocketHandshakeError(`WebSocket handshake refused with HTTP ${response.status}`, response.status, body);
  }
  return pair.client;
}
