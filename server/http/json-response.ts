/**
 * A JSON response with a declared Content-Length. Knowing the length lets the server skip gzip for small bodies
 * (compress.ts) and send them without chunked framing; the bytes are encoded once either way.
 */
import { bytesResponse } from "../platform/known-body.ts";

const encoder = new TextEncoder();

export interface JsonInit {
  status?: number;
  headers?: Record<string, string>;
}

export function jsonResponse(body: unknown, init: JsonInit = {}): Response {
  return jsonTextResponse(JSON.stringify(body), init);
}

/** For a body that is already JSON text (the list fast path builds it without objects). */
export function jsonTextResponse(text: string, init: JsonInit = {}): Response {
  const bytes = encoder.encode(text);
  return bytesResponse(bytes, {
    status: init.status ?? 200,
    headers: { "content-type": "application/json; charset=utf-8", ...init.headers, "content-length": String(bytes.byteLength) },
  });
}
