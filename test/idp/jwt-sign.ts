/** Builds JWTs for negative tests (re-signed, forged, alg none, HS256 with the public key as secret). */
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

const enc = (value: unknown) => encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(value)));

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split(".");
  const dec = (s: string) => JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(s))) as Record<string, unknown>;
  return { header: dec(h!), payload: dec(p!) };
}

export async function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: CryptoKey): Promise<string> {
  const input = `${enc(header)}.${enc(payload)}`;
  const alg = header.alg;
  const params = alg === "RS256" ? { name: "RSASSA-PKCS1-v1_5" } : alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "HMAC" };
  const signature = new Uint8Array(await crypto.subtle.sign(params, key, new TextEncoder().encode(input)));
  return `${input}.${encodeBase64urlNoPadding(signature)}`;
}

export function unsignedJwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "none" }): string {
  return `${enc(header)}.${enc(payload)}.`;
}

/** HS256 "signed" with a public key's JWK text as the HMAC secret (the classic key-confusion forgery). */
export async function hs256WithPublicKey(payload: Record<string, unknown>, publicJwk: JsonWebKey, kid: string | undefined): Promise<string> {
  const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return signJwt({ alg: "HS256", typ: "JWT", ...(kid ? { kid } : {}) }, payload, key);
}

export interface KeyPair {
  kid: string;
  alg: "RS256" | "ES256";
  privateKey: CryptoKey;
  publicJwk: JsonWebKey & { kid: string };
  privateJwk: JsonWebKey & { kid: string };
}

export async function generateKeyPair(alg: "RS256" | "ES256", kid: string): Promise<KeyPair> {
  const params = alg === "RS256"
    ? { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }
    : { name: "ECDSA", namedCurve: "P-256" };
  const pair = (await crypto.subtle.generateKey(params, true, ["sign", "verify"])) as CryptoKeyPair;
  const publicJwk = { ...(await crypto.subtle.exportKey("jwk", pair.publicKey)), kid, alg, use: "sig" };
  const privateJwk = { ...(await crypto.subtle.exportKey("jwk", pair.privateKey)), kid, alg, use: "sig" };
  delete (publicJwk as { key_ops?: unknown }).key_ops;
  delete (privateJwk as { key_ops?: unknown }).key_ops;
  delete (publicJwk as { ext?: unknown }).ext;
  delete (privateJwk as { ext?: unknown }).ext;
  return { kid, alg, privateKey: pair.privateKey, publicJwk, privateJwk };
}
