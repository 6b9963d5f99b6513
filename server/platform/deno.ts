/// <reference path="./deno-globals.d.ts" />
import type { ConnectOptions, FetchLike, Handler, Platform, ServeOptions, Server, Socket, TlsClientOptions, UpgradeResult } from "./types.ts";
import { WebSocketHandshakeError } from "./types.ts";
import { createHttpFetch } from "./http-fetch.ts";

function wrapWebSocket(ws: WebSocket): Socket {
  ws.binaryType = "arraybuffer";
  return {
    get protocol() {
      return ws.protocol;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    get isOpen() {
      return ws.readyState === WebSocket.OPEN;
    },
    send(data) {
      if (ws.readyState === WebSocket.OPEN) ws.send(data as string | Uint8Array<ArrayBuffer>);
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
    },
    onMessage(listener) {
      ws.addEventListener("message", (event) => {
        const data: unknown = event.data;
        listener(typeof data === "string" ? data : new Uint8Array(data as ArrayBuffer));
      });
    },
    onClose(listener) {
      ws.addEventListener("close", (event) => listener(event.code, event.reason));
    },
    onError(listener) {
      ws.addEventListener("error", () => listener(new Error("WebSocket error")));
    },
  };
}

async function serve(handler: Handler, options: ServeOptions): Promise<Server> {
  // Deno.serve cannot verify client certificates; servers that need them (the simulator) run on Node.
  // No hostname: every address, IPv6 and IPv4 ("::" is dual-stack), falling back to IPv4 where IPv6 is off.
  if (options.hostname === undefined) {
    try {
      return await serve(handler, { ...options, hostname: "::" });
    } catch {
      return await serve(handler, { ...options, hostname: "0.0.0.0" });
    }
  }
  const controller = new AbortController();
  let resolveListen!: (addr: { hostname: string; port: number }) => void;
  const listening = new Promise<{ hostname: string; port: number }>((r) => (resolveListen = r));
  const server = Deno.serve(
    {
      port: options.port,
      hostname: options.hostname,
      ...(options.tls ? { cert: options.tls.cert, key: options.tls.key } : {}),
      signal: controller.signal,
      onListen: (addr) => resolveListen(addr),
    },
    async (request, info) => {
      try {
        return await handler(request, { remoteAddress: info.remoteAddr.hostname });
      } catch {
        return new Response("internal error", { status: 500 });
      }
    },
  );
  const addr = await listening;
  options.onListen?.(addr);
  return {
    port: addr.port,
    async close(graceMs = 5_000) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finished = await Promise.race([
        server.shutdown().then(() => true),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs))),
      ]);
      if (timer) clearTimeout(timer);
      // Aborting after a completed shutdown throws BadResource in Deno; only force-close what is still open.
      if (!finished) controller.abort();
    },
  };
}

function upgradeWebSocket(request: Request, options: { protocol?: string } = {}): UpgradeResult {
  const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  const protocol = options.protocol && offered.includes(options.protocol) ? options.protocol : undefined;
  // Deno only recognises ", "-separated offers; clients such as `ws` send "a,b". Choose the protocol ourselves
  // and set the header on the 101 response, which is mutable.
  const { socket, response } = Deno.upgradeWebSocket(request);
  if (protocol) response.headers.set("sec-websocket-protocol", protocol);
  const wrapped = wrapWebSocket(socket);
  // Deno drops frames sent before the handshake completes; queue them until "open" (Node's side does the same).
  const queued: Array<string | Uint8Array> = [];
  let closeRequest: [number | undefined, string | undefined] | undefined;
  socket.addEventListener("open", () => {
    for (const data of queued.splice(0)) wrapped.send(data);
    if (closeRequest) wrapped.close(...closeRequest);
  });
  const connecting = () => socket.readyState === WebSocket.CONNECTING;
  return {
    socket: {
      ...wrapped,
      send(data) {
        if (connecting()) queued.push(data);
        else wrapped.send(data);
      },
      close(code, reason) {
        if (connecting()) closeRequest = [code, reason];
        else wrapped.close(code, reason);
      },
      get protocol() {
        return protocol ?? "";
      },
      get bufferedAmount() {
        return wrapped.bufferedAmount;
      },
      get isOpen() {
        return wrapped.isOpen;
      },
    },
    response,
  };
}

function clientFor(tls: TlsClientOptions | undefined): Deno.HttpClient | undefined {
  if (!tls || (!tls.ca && !tls.cert)) return undefined;
  return Deno.createHttpClient({
    ...(tls.ca ? { caCerts: [tls.ca] } : {}),
    ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
  });
}

function connectWebSocket(url: string, options: ConnectOptions = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const client = clientFor(options.tls);
    // Deno's WebSocket accepts headers and an HTTP client (for CA and client certificates) in its options bag.
    const Ctor = WebSocket as unknown as new (url: string, opts: unknown) => WebSocket;
    const ws = new Ctor(url, {
      protocols: options.protocols ?? [],
      headers: options.headers ?? {},
      ...(client ? { client } : {}),
    });
    const socket = wrapWebSocket(ws);
    const early: Array<string | Uint8Array> = [];
    let deliver: ((d: string | Uint8Array) => void) | undefined;
    ws.addEventListener("message", (event) => {
      const data: unknown = event.data;
      const value = typeof data === "string" ? data : new Uint8Array(data as ArrayBuffer);
      if (deliver) deliver(value);
      else early.push(value);
    });
    const timer = setTimeout(() => {
      reject(new WebSocketHandshakeError("WebSocket handshake timed out", undefined, ""));
      ws.close();
    }, options.timeoutMs ?? 15_000);
    ws.addEventListener("open", () => {
      clearTimeout(timer);
      resolve({
        ...socket,
        get protocol() {
          return ws.protocol;
        },
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
        get isOpen() {
          return ws.readyState === WebSocket.OPEN;
        },
        onMessage(listener) {
          deliver = listener;
          for (const d of early.splice(0)) listener(d);
        },
      });
    });
    ws.addEventListener("error", (event) => {
      clearTimeout(timer);
      const message = (event as ErrorEvent).message || "WebSocket connection failed";
      reject(new WebSocketHandshakeError(message, undefined, ""));
    });
  });
}

/** node:http based (Deno's node compat), so repeated headers stay separate lines; see http-fetch.ts. */
function createFetch(tls?: TlsClientOptions): FetchLike {
  return createHttpFetch(tls);
}

export const denoPlatform: Platform = { runtime: "deno", serve, upgradeWebSocket, connectWebSocket, createFetch };
