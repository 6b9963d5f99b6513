/**
 * Authentication as the apiserver does it: bearer tokens (static users, service-account tokens, pluggable
 * verifiers such as EKS tokens) and verified client certificates (CN = user, O = groups).
 */
import type { ConnInfo } from "../platform/types.ts";
import type { UserInfo } from "./types.ts";

/** Returns the user for a token it recognises, undefined to let the next verifier try. */
export type TokenVerifier = (token: string) => UserInfo | undefined | Promise<UserInfo | undefined>;

export type AuthResult = { kind: "user"; user: UserInfo } | { kind: "none" } | { kind: "invalid" };

export class Authenticator {
  readonly #tokens = new Map<string, { user: UserInfo; expiresAt?: number }>();
  readonly #verifiers: TokenVerifier[] = [];

  /** A static token; with `expiresAt` it stops authenticating then (TokenRequest tokens). */
  addToken(token: string, user: { user: string; groups?: string[]; uid?: string; extra?: Record<string, string[]> }, expiresAt?: Date): void {
    const info: UserInfo = { username: user.user, groups: user.groups ?? [] };
    if (user.uid) info.uid = user.uid;
    if (user.extra) info.extra = user.extra;
    this.#tokens.set(token, expiresAt ? { user: info, expiresAt: expiresAt.getTime() } : { user: info });
  }

  removeToken(token: string): void {
    this.#tokens.delete(token);
  }

  addVerifier(verifier: TokenVerifier): void {
    this.#verifiers.push(verifier);
  }

  async authenticate(request: Request, conn: ConnInfo): Promise<AuthResult> {
    const header = request.headers.get("authorization");
    if (header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) return { kind: "invalid" };
      const token = m[1]!;
      const known = this.#tokens.get(token);
      if (known && (known.expiresAt === undefined || known.expiresAt > Date.now())) return { kind: "user", user: withAuthenticated(known.user) };
      if (known) return { kind: "invalid" };
      for (const verify of this.#verifiers) {
        const user = await verify(token);
        if (user) return { kind: "user", user: withAuthenticated(user) };
      }
      return { kind: "invalid" };
    }
    const cert = conn.clientCertificate;
    if (cert && cert.commonName) return { kind: "user", user: withAuthenticated({ username: cert.commonName, groups: cert.organizations }) };
    return { kind: "none" };
  }
}

/** Every authenticated user is in system:authenticated, as the apiserver adds it. */
export function withAuthenticated(user: UserInfo): UserInfo {
  const groups = user.groups.includes("system:authenticated") ? user.groups : [...user.groups, "system:authenticated"];
  return { ...user, groups };
}

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`],
  };
}
