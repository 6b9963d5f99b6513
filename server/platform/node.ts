import * as http from "node:http";
import * as https from "node:https";
import type { Duplex } from "node:stream";
import { Readable } from "node:stream";
import type { TLSSocket } from "node:tls";
import { WebSocket as WsSocket, WebSocketServer } from "ws";
import type { RawData } from "ws";
import { createHttpFetch } from "./http-fetch.ts";
import { recordHeaderLines } from "./header-lines.ts";
import { knownBytes } from "./known-body.ts";
import type {
  ConnectOptions,
  ConnInfo,
  FetchLike,
  Handler,
  Platform,
  ServeOptions,
  Server,
  Socket,
  TlsClientOptions,
  UpgradeResult,
} from "./types.ts";
import { WebSocketHandshakeError } from "./types.ts";

/** Raw upgrade context for requests that arrived through the `upgrade` event. */
interface UpgradeContext {
  req: http.IncomingMessage;
  socket: Duplex;
  head: Buffer;
  accepted: boolean;
}
const upgrades = new WeakMap<Request, UpgradeContext>();

function connInfo(req: http.IncomingMessage): ConnInfo {
  const info: ConnInfo = { remoteAddress: req.socket.remoteAddress ?? "" };
  const tls = req.socket as TLSSocket;
  if (typeof tls.getPeerCertificate === "function" && tls.authorized) {
    const cert = tls.getPeerCertificate();
    if (cert && cert.subject) {
      const o = cert.subject.O as string | string[] | undefined;
      info.clientCertificate = {
        commonName: String(cert.subject.CN ?? ""),
        organizations: o === undefined ? [] : Array.isArray(o) ? o : [o],
      };
    }
  }
  return info;
}

function toRequest(req: http.IncomingMessage, secure: boolean, signal: AbortSignal): Request {
  const host = req.headers.host ?? "localhost";
  const url = `${secure ? "https" : "http"}://${host}${req.url ?? "/"}`;
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = "half";
  }
  const request = new Request(url, init);
  recordHeaderLines(request, req.rawHeaders);
  return request;
}

async function writeResponse(res: http.ServerResponse, response: Response, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);
  const bytes = knownBytes(response);
  if (bytes) {
    res.end(bytes);
    return;
  }
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const onAbort = () => void reader.cancel().catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        // Backpressure: wait until the socket drains or the client goes away.
        await new Promise<void>((resolve) => {
          const finish = () => {
            res.off("drain", finish);
            res.off("close", finish);
            resolve();
          };
          res.on("drain", finish);
          res.on("close", finish);
        });
        if (signal.aborted) break;
      }
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

function writeRawResponse(socket: Duplex, response: Response, body: string): void {
  const lines = [`HTTP/1.1 ${response.status} ${http.STATUS_CODES[response.status] ?? ""}`];
  response.headers.forEach((value, name) => {
    if (name !== "content-length" && name !== "transfer-encoding" && name !== "connection") {
      lines.push(`${name}: ${value}`);
    }
  });
  const bytes = Buffer.from(body);
  lines.push(`content-length: ${bytes.length}`, "connection: close", "", "");
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n")), bytes]));
}

function wrapWs(ws: WsSocket): Socket {
  ws.binaryType = "nodebuffer";
  return {
    get protocol() {
      return ws.protocol;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    get isOpen() {
      return ws.readyState === WsSocket.OPEN;
    },
    send(data) {
      if (ws.readyState === WsSocket.OPEN) ws.send(data);
    },
    close(code, reason) {
      if (ws.readyState === WsSocket.OPEN || ws.readyState === WsSocket.CONNECTING) ws.close(code, reason);
    },
    onMessage(listener) {
      ws.on("message", (data: RawData, isBinary: boolean) => {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
        listener(isBinary ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : buf.toString("utf8"));
      });
    },
    onClose(listener) {
      ws.on("close", (code: number, reason: Buffer) => listener(code, reason.toString("utf8")));
    },
    onError(listener) {
      ws.on("error", listener);
    },
  };
}

async function serve(handler: Handler, options: ServeOptions): Promise<Server> {
  const secure = options.tls !== undefined;
  const inFlight = new Set<AbortController>();

  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const controller = new AbortController();
    inFlight.add(controller);
    res.on("close", () => {
      if (!res.writableFinished) controller.abort(new Error("client disconnected"));
      inFlight.delete(controller);
    });
    let response: Response;
    try {
      response = await handler(toRequest(req, secure, controller.signal), connInfo(req));
    } catch {
      response = new Response("internal error", { status: 500 });
    }
    await writeResponse(res, response, controller.signal);
  };

  const server: http.Server = secure
    ? https.createServer(
        {
          cert: options.tls!.cert,
          key: options.tls!.key,
          ...(options.tls!.clientCa ? { ca: options.tls!.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
        },
        onRequest,
      )
    : http.createServer(onRequest);
  // Long-lived streams (SSE, watches) must not be cut by Node's default timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  server.on("upgrade", async (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const controller = new AbortController();
    socket.on("close", () => controller.abort(new Error("client disconnected")));
    const request = toRequest(req, secure, controller.signal);
    const ctx: UpgradeContext = { req, socket, head, accepted: false };
    upgrades.set(request, ctx);
    try {
      const response = await handler(request, connInfo(req));
      if (!ctx.accepted) writeRawResponse(socket, response, await response.text());
    } catch {
      if (!ctx.accepted) socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // No hostname: Node listens on "::" (dual-stack) when IPv6 is available, else on 0.0.0.0.
    if (options.hostname === undefined) server.listen(options.port, () => resolve());
    else server.listen(options.port, options.hostname, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const hostname = typeof address === "object" && address ? address.address : (options.hostname ?? "");
  options.onListen?.({ hostname, port });

  return {
    port,
    close(graceMs = 5_000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          for (const c of inFlight) c.abort(new Error("server shutting down"));
          server.closeAllConnections();
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

function upgradeWebSocket(request: Request, options: { protocol?: string } = {}): UpgradeResult {
  const ctx = upgrades.get(request);
  if (!ctx) throw new TypeError("request is not a WebSocket upgrade");
  ctx.accepted = true;
  const wanted = options.protocol;
  const local = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered: Set<string>) => (wanted && offered.has(wanted) ? wanted : false),
  });
  // Queue messages until the caller attaches listeners (handleUpgrade completes asynchronously).
  let resolveWs!: (ws: WsSocket) => void;
  const ready = new Promise<WsSocket>((r) => (resolveWs = r));
  let upgraded = false;
  local.handleUpgrade(ctx.req, ctx.socket, ctx.head, (ws) => {
    upgraded = true;
    resolveWs(ws);
  });
  const pending: Array<(ws: Socket) => void> = [];
  let wrapped: Socket | undefined;
  let closedEarly: [number, string] | undefined;
  const queued: Array<string | Uint8Array> = [];
  // ws destroys a connection whose client left while the handler was still deciding, without calling back:
  // tell the close listeners, or a session would wait for a browser that is gone.
  const earlyClose: Array<(code: number, reason: string) => void> = [];
  ctx.socket.once("close", () => {
    if (upgraded) return;
    closedEarly ??= [1006, "connection closed before the upgrade"];
    for (const l of earlyClose.splice(0)) l(...closedEarly);
  });
  void ready.then((ws) => {
    wrapped = wrapWs(ws);
    for (const p of pending) p(wrapped);
    for (const q of queued) wrapped.send(q);
    if (closedEarly) wrapped.close(...closedEarly);
  });
  const defer = (fn: (s: Socket) => void) => (wrapped ? fn(wrapped) : pending.push(fn));
  const socket: Socket = {
    get protocol() {
      return wrapped ? wrapped.protocol : (wanted ?? "");
    },
    get bufferedAmount() {
      return wrapped ? wrapped.bufferedAmount : 0;
    },
    get isOpen() {
      return wrapped ? wrapped.isOpen : closedEarly === undefined;
    },
    send(data) {
      if (wrapped) wrapped.send(data);
      else queued.push(data);
    },
    close(code, reason) {
      if (wrapped) wrapped.close(code, reason);
      else closedEarly = [code ?? 1000, reason ?? ""];
    },
    onMessage: (l) => defer((s) => s.onMessage(l)),
    onClose: (l) => {
      if (!upgraded) earlyClose.push(l);
      defer((s) => s.onClose(l));
    },
    onError: (l) => defer((s) => s.onError(l)),
  };
  return { socket, response: new Response(null, { status: 200, headers: { "x-periscope-upgraded": "1" } }) };
}

function connectWebSocket(url: string, options: ConnectOptions = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const ws = new WsSocket(url, options.protocols ?? [], {
      headers: options.headers,
      ca: options.tls?.ca,
      cert: options.tls?.cert,
      key: options.tls?.key,
      rejectUnauthorized: !options.tls?.insecureSkipVerify,
      perMessageDeflate: false,
      handshakeTimeout: options.timeoutMs ?? 15_000,
    });
    // Listeners must be attached before 'open' resolves, so messages sent right after open are not lost.
    const socket = wrapWs(ws);
    const early: Array<string | Uint8Array> = [];
    let deliver: ((d: string | Uint8Array) => void) | undefined;
    ws.on("message", (data: RawData, isBinary: boolean) => {
      if (deliver) return;
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      early.push(isBinary ? new Uint8Array(buf) : buf.toString("utf8"));
    });
    ws.once("open", () => {
      resolve({
        ...socket,
        get protocol() {
          return ws.protocol;
        },
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
        get isOpen() {
          return ws.readyState === WsSocket.OPEN;
        },
        onMessage(listener) {
          deliver = listener;
          for (const d of early.splice(0)) listener(d);
          socket.onMessage(listener);
        },
      });
    });
    ws.once("unexpected-response", (_req, res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        reject(new WebSocketHandshakeError(`WebSocket handshake refused with HTTP ${res.statusCode}`, res.statusCode, body));
        ws.terminate();
      });
    });
    ws.once("error", (error) => reject(new WebSocketHandshakeError(error.message, undefined, "")));
  });
}

/** node:http based, so repeated headers (Impersonate-Group) stay separate lines; see http-fetch.ts. */
function createFetch(tls?: TlsClientOptions): FetchLike {
  return createHttpFetch(tls);
}

export const nodePlatform: Platform = { runtime: "node", serve, upgradeWebSocket, connectWebSocket, createFetch };
