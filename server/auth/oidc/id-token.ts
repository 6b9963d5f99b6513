/**
 * ID token verification (OIDC Core §3.1.3.7): algorithm allow-list (RS256, ES256 — never `none` or HMAC, which
 * would let a public key act as a shared secret), kid selection, signature over WebCrypto, then iss, aud, azp, exp,
 * nbf, iat and nonce with a small clock leeway. Reasons never include the token.
 */
import { JWSRegisteredHeaders, parseJWT } from "@oslojs/jwt";
import type { JwksCache, SigningAlg } from "./jwks.ts";

export const ALLOWED_ALGS: readonly SigningAlg[] = ["RS256", "ES256"];

export class IdTokenError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.name = "IdTokenError";
    this.reason = reason;
  }
}

export interface VerifyOptions {
  jwks: JwksCache;
  issuer: string;
  clientID: string;
  /** Expected nonce (login); undefined on refresh, where a nonce, if present, is not checked against the login one. */
  nonce: string | undefined;
  nowMs: number;
  leewaySeconds?: number;
}

export type IdTokenClaims = Record<string, unknown> & { sub: string; exp: number };

export async function verifyIdToken(token: string, options: VerifyOptions): Promise<IdTokenClaims> {
  let header: object;
  let payload: object;
  let signature: Uint8Array;
  let message: Uint8Array;
  try {
    [header, payload, signature, message] = parseJWT(token);
  } catch {
    throw new IdTokenError("malformed", "the ID token is not a well-formed JWT");
  }
  const headers = new JWSRegisteredHeaders(header);
  const alg = headers.hasAlgorithm() ? headers.algorithm() : "";
  if (!(ALLOWED_ALGS as readonly string[]).includes(alg)) {
    throw new IdTokenError("algorithm", `ID token algorithm ${JSON.stringify(alg).slice(0, 20)} is not allowed (RS256, ES256)`);
  }
  if ("crit" in header) throw new IdTokenError("critical", "the ID token carries critical header parameters we do not understand");
  const kid = headers.hasKeyId() ? headers.keyId() : undefined;
  const key = await options.jwks.keyFor(kid, alg as SigningAlg);
  const params = alg === "RS256" ? { name: "RSASSA-PKCS1-v1_5" } : { name: "ECDSA", hash: "SHA-256" };
  const valid = await crypto.subtle.verify(params, key, signature as Uint8Array<ArrayBuffer>, message as Uint8Array<ArrayBuffer>);
  if (!valid) throw new IdTokenError("signature", "the ID token signature does not verify");

  const claims = payload as Record<string, unknown>;
  const leeway = options.leewaySeconds ?? 60;
  const now = options.nowMs / 1000;
  if (claims.iss !== options.issuer) throw new IdTokenError("issuer", "the ID token was issued by another issuer");
  if (typeof claims.sub !== "string" || claims.sub === "") throw new IdTokenError("subject", "the ID token has no subject");
  const aud = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  if (!aud.includes(options.clientID)) throw new IdTokenError("audience", "the ID token is not meant for this client (aud)");
  if ((aud.length > 1 || claims.azp !== undefined) && claims.azp !== options.clientID) {
    throw new IdTokenError("audience", "the ID token's authorized party (azp) is not this client");
  }
  if (typeof claims.exp !== "number") throw new IdTokenError("expired", "the ID token has no expiry");
  if (now > claims.exp + leeway) throw new IdTokenError("expired", "the ID token has expired");
  if (typeof claims.nbf === "number" && now < claims.nbf - leeway) throw new IdTokenError("not_yet_valid", "the ID token is not valid yet (nbf)");
  if (typeof claims.iat === "number" && claims.iat > now + leeway) throw new IdTokenError("not_yet_valid", "the ID token was issued in the future (iat)");
  if (options.nonce !== undefined && claims.nonce !== options.nonce) throw new IdTokenError("nonce", "the ID token nonce does not match this sign-in");
  return claims as IdTokenClaims;
}
