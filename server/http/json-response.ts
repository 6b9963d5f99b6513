/**
 * A JSON response with a declared Content-Length. Knowing the length lets the server skip gzip for small bodies
 * (compress.ts) and send them without chunked framing; the bytes are encoded once either way.
 */
const encoder = new TextEncoder();

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const bytes = encoder.encode(JSON.stringify(body));
  return new Response(bytes, {
    status: init.status ?? 200,
    headers: { "content-type": "application/json; charset=utf-8", ...init.headers, "content-length": String(bytes.byteLength) },
  });
}
