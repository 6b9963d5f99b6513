/**
 * One in-memory static file: raw bytes, their gzip form (computed once), a strong ETag and a content type.
 * Both /vendor/ and /ui/ answer through `staticResponse`, which picks the encoding and handles If-None-Match.
 */
import { acceptsGzip, addVary, gzipBytes, isCompressibleType, MIN_COMPRESS_BYTES } from "../http/compress.ts";

export interface StaticEntry {
  raw: Uint8Array;
  gzip: Uint8Array | undefined;
  etag: string;
  type: string;
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
  ".png": "image/png",
};

/** The content type for a file name, or undefined when the extension is not one we serve. */
export function contentTypeFor(path: string): string | undefined {
  const dot = path.lastIndexOf(".");
  return dot < 0 ? undefined : TYPES[path.slice(dot).toLowerCase()];
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function makeEntry(raw: Uint8Array, type: string): Promise<StaticEntry> {
  const gzip = isCompressibleType(type) && raw.byteLength >= MIN_COMPRESS_BYTES ? await gzipBytes(raw) : undefined;
  const etag = `"${(await sha256Hex(raw)).slice(0, 32)}"`;
  return { raw, gzip: gzip && gzip.byteLength < raw.byteLength ? gzip : undefined, etag, type };
}

/** Serves an entry with the given Cache-Control, gzip when accepted, 304 on a matching If-None-Match. */
export function staticResponse(request: Request, entry: StaticEntry, cacheControl: string): Response {
  const headers = new Headers({ "content-type": entry.type, "cache-control": cacheControl, etag: entry.etag });
  if (entry.gzip) addVary(headers, "Accept-Encoding");
  const inm = request.headers.get("if-none-match");
  if (inm && inm.split(/\s*,\s*/).some((tag) => tag === entry.etag || tag === `W/${entry.etag}` || tag === "*")) {
    return new Response(null, { status: 304, headers });
  }
  const useGzip = entry.gzip !== undefined && acceptsGzip(request);
  const body = useGzip ? entry.gzip! : entry.raw;
  if (useGzip) headers.set("content-encoding", "gzip");
  headers.set("content-length", String(body.byteLength));
  return new Response(request.method === "HEAD" ? null : (body as BodyInit), { status: 200, headers });
}

export const IMMUTABLE = "public, max-age=31536000, immutable";
