/**
 * Token buckets per client address for the sign-in routes. Keyed by the transport's peer address only (a
 * browser-supplied X-Forwarded-For would let an attacker pick fresh buckets); behind an ingress every user shares
 * the proxy's bucket, so the defaults are generous. Bounded: the stalest buckets are dropped first.
 */
export interface RateLimitOptions {
  /** Burst size. */
  capacity: number;
  /** Tokens regained per second. */
  refillPerSecond: number;
  now: () => number;
  maxKeys?: number;
}

export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #options: Required<RateLimitOptions>;

  constructor(options: RateLimitOptions) {
    this.#options = { maxKeys: 10_000, ...options };
  }

  /** Takes one token; returns the seconds to wait when none is left (0 = allowed). */
  take(key: string): number {
    const { capacity, refillPerSecond, now } = this.#options;
    const t = now();
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, at: t };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * refillPerSecond);
    bucket.at = t;
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#options.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / refillPerSecond);
  }
}
