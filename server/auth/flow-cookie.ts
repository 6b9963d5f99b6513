/**
 * The in-flight sign-in (state, PKCE verifier, nonce, where to return) travels in a short-lived, HMAC-signed,
 * HttpOnly cookie scoped to /api/auth: no server memory per login attempt, and a forged or stale cookie fails.
 */
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";

export interface LoginFlow {
  state: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  /** Issued at, epoch ms. */
  issuedAt: number;
}

export const FLOW_COOKIE_PATH = "/api/auth";
export const FLOW_MAX_AGE_MS = 10 * 60_000;

export class FlowSigner {
  readonly #key: Uint8Array;
  constructor(key: Uint8Array = crypto.getRandomValues(new Uint8Array(32))) {
    this.#key = key;
  }

  seal(flow: LoginFlow): string {
    const body = encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify(flow)));
    const mac = encodeBase64urlNoPadding(hmac(SHA256, this.#key, new TextEncoder().encode(body)));
    return `${body}.${mac}`;
  }

  /** The flow, or undefined when the cookie is missing, forged, malformed or older than FLOW_MAX_AGE_MS. */
  open(value: string | undefined, nowMs: number): LoginFlow | undefined {
    if (!value) return undefined;
    const dot = value.indexOf(".");
    if (dot < 0) return undefined;
    const body = value.slice(0, dot);
    try {
      const mac = decodeBase64urlIgnorePadding(value.slice(dot + 1));
      if (!constantTimeEqual(mac, hmac(SHA256, this.#key, new TextEncoder().encode(body)))) return undefined;
      const flow = JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(body))) as Partial<LoginFlow>;
      if (typeof flow.state !== "string" || typeof flow.codeVerifier !== "string" || typeof flow.nonce !== "string") return undefined;
      if (typeof flow.returnTo !== "string" || typeof flow.issuedAt !== "number") return undefined;
      if (nowMs - flow.issuedAt > FLOW_MAX_AGE_MS || flow.issuedAt - nowMs > 60_000) return undefined;
      return flow as LoginFlow;
    } catch {
      return undefined;
    }
  }
}

/** Only same-site paths: `/x` but never `//host` or `/\host` (open-redirect guards). */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f]/.test(value) || value.startsWith("/api/auth/")) return "/";
  return value.slice(0, 2000);
}

export function sameString(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  return ea.length === eb.length && constantTimeEqual(ea, eb);
}
