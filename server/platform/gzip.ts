/**
 * One-shot gzip for a body that is already in memory. node:zlib exists on Node and on Deno (node
 * compatibility). On Node this is several times cheaper than CompressionStream, whose web-stream wrapper around
 * zlib costs more than the compression of a typical JSON list. Small bodies are compressed inline; larger ones
 * on the thread pool, so a big list does not stall the event loop.
 */
import * as zlib from "node:zlib";

const INLINE_MAX_BYTES = 64 * 1024;

export function gzipOnce(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.byteLength <= INLINE_MAX_BYTES) return Promise.resolve(zlib.gzipSync(bytes));
  return new Promise((resolve, reject) => zlib.gzip(bytes, (error, out) => (error ? reject(error) : resolve(out))));
}
