/**
 * Responses whose whole body is already in memory (JSON, one-shot gzip). Node's adapter writes these bytes in
 * one call instead of pulling the body's web stream chunk by chunk; any other runtime just reads the body.
 * A response whose body was touched (read, locked) is treated as unknown.
 */
const known = new WeakMap<Response, Uint8Array>();

export function bytesResponse(bytes: Uint8Array, init: ResponseInit): Response {
  const response = new Response(bytes as Uint8Array<ArrayBuffer>, init);
  known.set(response, bytes);
  return response;
}

export function knownBytes(response: Response): Uint8Array | undefined {
  const bytes = known.get(response);
  return bytes && !response.bodyUsed && !response.body?.locked ? bytes : undefined;
}
