/**
 * A fetch for apiservers built on node:http/node:https (available on Node and Deno alike), because the global
 * fetch joins repeated headers into one line ("Impersonate-Group: a, b") and Kubernetes reads every
 * `Impersonate-Group` line as one group. Pass headers as `[name, value][]` to send repeated lines.
 * Keeps connections alive per TLS configuration; streams request and response bodies; honours AbortSignal.
 *
 * Responses are a `NodeBodyResponse`: `json()`, `text()` and `arrayBuffer()` read the node:http response straight
 * into one buffer (no web stream in between, which costs more than the parse for a small list); `body` is a web
 * stream that only starts reading when first pulled (watches, logs, proxies keep streaming).
 */
import * as http from "node:http";
import * as https from "node:https";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
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

/** A web stream over `res` that attaches to it on the first read only (so a whole-body read can take it instead). */
function lazyBody(res: http.IncomingMessage, claim: () => boolean): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!reader) {
          if (!claim()) throw new TypeError("body already read");
          reader = (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>).getReader();
        }
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        if (reader) await reader.cancel(reason);
        else if (claim()) res.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Every chunk of `res` in one buffer; rejects like the stream would (the abort reason, or "terminated"). */
async function readWhole(res: http.IncomingMessage, signal: AbortSignal | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  try {
    await finished(res);
  } catch (error) {
    throw signal?.aborted ? signal.reason : new TypeError("terminated", { cause: error });
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

const utf8 = new TextDecoder();

/** A Response whose whole-body readers skip the web stream while nobody has touched `body`. */
class NodeBodyResponse extends Response {
  #whole: (() => Promise<Buffer>) | undefined;
  #stream: ReadableStream<Uint8Array> | undefined;

  constructor(res: http.IncomingMessage, signal: AbortSignal | undefined, init: ResponseInit) {
    let claimed = false;
    const claim = () => !claimed && (claimed = true);
    const stream = lazyBody(res, claim);
    super(stream, init);
    this.#stream = stream;
    this.#whole = () => (claim() ? readWhole(res, signal) : Promise.reject(new TypeError("body already read")));
  }

  /** The body as one buffer, or undefined when the web stream is in use (read, locked, or replaced by clone()). */
  #direct(): Promise<Buffer> | undefined {
    const whole = this.#whole;
    if (!whole || this.bodyUsed || this.body !== this.#stream || this.#stream.locked) return undefined;
    this.#whole = undefined;
    return whole();
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    const direct = this.#direct();
    if (!direct) return super.arrayBuffer();
    const bytes = await direct;
    // A concatenated body owns its ArrayBuffer; a single socket chunk may share one, so copy only then.
    if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer as ArrayBuffer;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  override async text(): Promise<string> {
    const direct = this.#direct();
    return direct ? utf8.decode(await direct) : super.text();
  }

  override async json(): Promise<unknown> {
    const direct = this.#direct();
    return direct ? JSON.parse(utf8.decode(await direct)) : super.json();
  }
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
          const init = { status, statusText: res.statusMessage ?? "", headers: responseHeaders };
          resolve(noBody ? new Response(null, init) : new NodeBodyResponse(res, signal, init));
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
