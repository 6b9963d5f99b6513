/**
 * A fetch for apiservers built on node:http/node:https (available on Node and Deno alike), because the global
 * fetch joins repeated headers into one line ("Impersonate-Group: a, b") and Kubernetes reads every
 * `Impersonate-Group` line as one group. Pass headers as `[name, value][]` to send repeated lines.
 * Keeps connections alive per TLS configuration; streams request and response bodies; honours AbortSignal.
 */
import * as http from "node:http";
import * as https from "node:https";
import { Readable } from "node:stream";
import type { FetchLike, TlsClientOptions } from "./types.ts";

type HeaderValue = string | string[];

function headerRecord(source: HeadersInit | undefined): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  };
  if (!source) return out;
  if (Array.isArray(source)) for (const [k, v] of source) add(k!, v!);
  else if (source instanceof Headers) source.forEach((v, k) => add(k, v));
  else for (const [k, v] of Object.entries(source)) add(k, v);
  return out;
}

async function bodyBytes(body: BodyInit | null | undefined): Promise<Uint8Array | ReadableStream<Uint8Array> | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof ReadableStream) return body as ReadableStream<Uint8Array>;
  return new Uint8Array(await new Response(body).arrayBuffer());
}

export function createHttpFetch(tls?: TlsClientOptions): FetchLike {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    ...(tls?.ca ? { ca: tls.ca } : {}),
    ...(tls?.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
    rejectUnauthorized: !tls?.insecureSkipVerify,
  });

  return async (input, init = {}) => {
    const fromRequest = input instanceof Request ? input : undefined;
    const url = new URL(fromRequest ? fromRequest.url : String(input));
    const method = (init.method ?? fromRequest?.method ?? "GET").toUpperCase();
    const headers = headerRecord(init.headers ?? fromRequest?.headers);
    const body = await bodyBytes(init.body ?? (fromRequest?.body as BodyInit | null | undefined));
    if (body instanceof Uint8Array) headers["content-length"] = String(body.byteLength);
    const signal = init.signal ?? fromRequest?.signal ?? undefined;
    signal?.throwIfAborted();
    const secure = url.protocol === "https:";

    return await new Promise<Response>((resolve, reject) => {
      const req = (secure ? https : http).request(
        url,
        { method, headers, agent: secure ? httpsAgent : httpAgent, ...(signal ? { signal } : {}) },
        (res) => {
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          const status = res.statusCode ?? 502;
          const noBody = method === "HEAD" || status === 204 || status === 304;
          if (noBody) res.resume();
          resolve(
            new Response(noBody ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>), {
              status,
              statusText: res.statusMessage ?? "",
              headers: responseHeaders,
            }),
          );
        },
      );
      req.on("error", (error) => reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error })));
      if (body instanceof ReadableStream) {
        Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>).pipe(req);
      } else {
        req.end(body);
      }
    });
  };
}
