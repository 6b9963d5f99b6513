/**
 * One-shot gzip for a body that is already in memory. node:zlib exists on Node and on Deno (node
 * compatibility). On Node this is several times cheaper than CompressionStream, whose web-stream wrapper around
 * zlib costs more than the compression of a typical JSON list. Small bodies are compressed inline; larger ones
 * on the thread pool, so a big list does not stall the event loop.
 */
import * as zlib from "node:zlib";

export const INLINE_MAX_BYTES = 64 * 1024;

/** The inline case on its own, for callers that cannot wait (a small body with a known length). */
export function gzipInline(bytes: Uint8Array): Uint8Array {
  return zlib.gzipSync(bytes);
}

export function gzipOnce(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.byteLength <= INLINE_MAX_BYTES) return Promise.resolve(gzipInline(bytes));
  return new Promise((resolve, reject) => zlib.gzip(bytes, (error, out) => (error ? reject(error) : resolve(out))));
}
