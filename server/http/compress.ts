/**
 * Gzip for text responses when the client asks for it. Streamed bodies go through CompressionStream (Node and
 * Deno). Bodies with a declared length (JSON from jsonResponse) are in memory already: they are gzipped in one
 * call (platform/gzip.ts), which costs a fraction of the stream; up to 64 KiB (most JSON) right away, so the
 * gzipped response keeps a declared length too. Event streams are never compressed: buffering inside gzip would
 * delay every event.
 */
import { INLINE_MAX_BYTES, gzipInline, gzipOnce } from "../platform/gzip.ts";
import { bytesResponse, knownBytes } from "../platform/known-body.ts";

const TEXT_TYPES = /^(text\/(?!event-stream)[\w.+-]+|application\/(json|javascript|xml|manifest\+json|importmap\+json)|image\/svg\+xml)\b/i;
const SKIP_STATUS = new Set([101, 204, 206, 304]);
/** Below this size gzip's header and CPU are not worth it. */
export const MIN_COMPRESS_BYTES = 1024;
/** A body with a declared length up to this size is read whole and gzipped in one call (see gzipOnce). */
const ONE_SHOT_MAX_BYTES = 8 * 1024 * 1024;

/** True when Accept-Encoding lists gzip (or *) with a non-zero quality. */
export function acceptsGzip(request: Request): boolean {
  const header = request.headers.get("accept-encoding");
  if (!header) return false;
  for (const part of header.split(",")) {
    const [token, ...params] = part.trim().toLowerCase().split(";");
    if (token !== "gzip" && token !== "*") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (!q || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

export function isCompressibleType(contentType: string | null): boolean {
  return contentType !== null && TEXT_TYPES.test(contentType);
}

/** Adds `Accept-Encoding` to Vary without dropping what is there. */
export function addVary(headers: Headers, value: string): void {
  const current = headers.get("vary");
  if (!current) headers.set("vary", value);
  else if (!current.toLowerCase().split(/\s*,\s*/).includes(value.toLowerCase())) headers.set("vary", `${current}, ${value}`);
}

/**
 * Returns a gzip-encoded copy of a text response when the request accepts it; otherwise the response itself
 * (with Vary added in place, so its headers must be mutable). Bodies that declare a length below
 * MIN_COMPRESS_BYTES are left alone.
 */
export function compressResponse(request: Request, response: Response): Response {
  if (!response.body || request.method === "HEAD" || SKIP_STATUS.has(response.status)) return response;
  const headers = response.headers;
  if (headers.has("content-encoding") || !isCompressibleType(headers.get("content-type"))) return response;
  const length = headers.get("content-length");
  if (length !== null && Number(length) < MIN_COMPRESS_BYTES) return response;
  // The representation depends on Accept-Encoding either way, so caches must key on it.
  if (!acceptsGzip(request)) {
    addVary(headers, "Accept-Encoding");
    return response;
  }
  const vary = new Headers(headers);
  addVary(vary, "Accept-Encoding");
  vary.set("content-encoding", "gzip");
  vary.delete("content-length");
  const known = knownBytes(response);
  if (known && known.byteLength <= INLINE_MAX_BYTES) {
    // JSON already in memory: gzip it now and keep a declared length (no stream, no chunked framing).
    const gzipped = gzipInline(known);
    vary.set("content-length", String(gzipped.byteLength));
    return bytesResponse(gzipped, { status: response.status, statusText: response.statusText, headers: vary });
  }
  const whole = length !== null && Number(length) <= ONE_SHOT_MAX_BYTES;
  const body = whole ? gzipWhole(response.body) : response.body.pipeThrough(new CompressionStream("gzip"));
  return new Response(body, { status: response.status, statusText: response.statusText, headers: vary });
}

/** A stream that reads the whole body on first pull and yields its gzip in one chunk. */
function gzipWhole(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      controller.enqueue(await gzipOnce(new Uint8Array(await new Response(body).arrayBuffer())));
      controller.close();
    },
    cancel: (reason) => body.cancel(reason).catch(() => {}),
  });
}

/** Gzips bytes in memory (static assets are compressed once and kept). */
export async function gzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
