/**
 * Helm v3's release encoding: JSON → gzip → base64 (the string Helm stores), which the Secret then carries
 * under `data.release` (base64 again, as every Secret value is). Web-standard streams only.
 */
async function pipeBytes(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The string Helm's storage driver writes: base64(gzip(json(release))). */
export async function encodeRelease(release: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(release));
  return bytesToBase64(await pipeBytes(json, new CompressionStream("gzip")));
}

/** The reverse, tolerating an uncompressed payload as Helm does (it checks the gzip magic bytes). */
export async function decodeRelease(encoded: string): Promise<unknown> {
  let bytes = base64ToBytes(encoded);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await pipeBytes(bytes, new DecompressionStream("gzip"));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** `data.release` of a release Secret as the apiserver returns it. */
export async function releaseSecretData(release: unknown): Promise<string> {
  return btoa(await encodeRelease(release));
}
