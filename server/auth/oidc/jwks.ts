/**
 * The provider's signing keys. Cached; refetched when a token names a kid we do not know (key rotation), but at
 * most once per cool-down so a flood of forged kids cannot hammer the IdP; also refreshed when older than `ttlMs`.
 */
import type { FetchLike } from "./discovery.ts";
import { networkReason } from "./discovery.ts";

export type SigningAlg = "RS256" | "ES256";

interface StoredKey {
  kid: string | undefined;
  jwk: JsonWebKey & { kid?: string; use?: string; alg?: string };
  imported: Map<SigningAlg, CryptoKey>;
}

export class JwksError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JwksError";
  }
}

export interface JwksOptions {
  uri: string;
  fetch: FetchLike;
  now: () => number;
  ttlMs?: number;
  cooldownMs?: number;
}

export class JwksCache {
  readonly #options: Required<JwksOptions>;
  #keys: StoredKey[] = [];
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<void> | undefined;
  /** How many times the key set was fetched (for tests and health). */
  fetches = 0;

  constructor(options: JwksOptions) {
    this.#options = { ttlMs: 3_600_000, cooldownMs: 30_000, ...options };
  }

  /** The verification key for a token header, fetching or refetching the set when needed. */
  async keyFor(kid: string | undefined, alg: SigningAlg): Promise<CryptoKey> {
    const now = this.#options.now();
    if (now - this.#fetchedAt > this.#options.ttlMs) await this.#refresh();
    let key = this.#find(kid, alg);
    if (!key && this.#options.now() - this.#fetchedAt >= this.#options.cooldownMs) {
      await this.#refresh();
      key = this.#find(kid, alg);
    }
    if (!key) throw new JwksError(kid === undefined ? `no single ${alg} key in the provider's key set` : `unknown signing key id ${JSON.stringify(kid).slice(0, 80)}`);
    let imported = key.imported.get(alg);
    if (!imported) {
      imported = await importKey(key.jwk, alg);
      key.imported.set(alg, imported);
    }
    return imported;
  }

  #find(kid: string | undefined, alg: SigningAlg): StoredKey | undefined {
    const usable = this.#keys.filter((k) => fits(k.jwk, alg));
    if (kid !== undefined) return usable.find((k) => k.kid === kid);
    return usable.length === 1 ? usable[0] : undefined;
  }

  #refresh(): Promise<void> {
    this.#inflight ??= this.#load().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #load(): Promise<void> {
    this.fetches++;
    // Count the attempt even when it fails, so the cool-down also protects an unreachable IdP.
    this.#fetchedAt = this.#options.now();
    let response: Response;
    try {
      response = await this.#options.fetch(this.#options.uri, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new JwksError(`cannot fetch the provider's keys (${networkReason(error)})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new JwksError(`the provider's key set answered HTTP ${response.status}`);
    }
    let doc: unknown;
    try {
      doc = await response.json();
    } catch {
      throw new JwksError("the provider's key set is not JSON");
    }
    const keys = (doc as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw new JwksError("the provider's key set has no keys array");
    this.#keys = keys
      .filter((k): k is StoredKey["jwk"] => typeof k === "object" && k !== null && typeof (k as { kty?: unknown }).kty === "string")
      .map((jwk) => ({ kid: typeof jwk.kid === "string" ? jwk.kid : undefined, jwk, imported: new Map() }));
  }
}

function fits(jwk: StoredKey["jwk"], alg: SigningAlg): boolean {
  if (jwk.use !== undefined && jwk.use !== "sig") return false;
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  if (alg === "RS256") return jwk.kty === "RSA";
  return jwk.kty === "EC" && jwk.crv === "P-256";
}

async function importKey(jwk: StoredKey["jwk"], alg: SigningAlg): Promise<CryptoKey> {
  // Only the public members: a provider that (wrongly) publishes private parts must not make us import them.
  const pub: JsonWebKey = alg === "RS256" ? { kty: "RSA", n: jwk.n, e: jwk.e } : { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y };
  const params = alg === "RS256" ? { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } : { name: "ECDSA", namedCurve: "P-256" };
  try {
    return await crypto.subtle.importKey("jwk", pub, params, false, ["verify"]);
  } catch {
    throw new JwksError(`a ${alg} key in the provider's key set cannot be imported`);
  }
}
