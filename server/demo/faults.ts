/** Fault injection for tests: added latency, a rate of 5xx answers, dropped watches, forced 410 (compaction). */
import type { Store } from "./store.ts";
import type { OpenWatch } from "./watch.ts";
import { AppError } from "../http/errors.ts";
import { kubeError } from "./status.ts";

export interface FaultOptions {
  /** Milliseconds added before every API request is handled. */
  latencyMs?: number;
  /** 0..1: fraction of resource requests answered with `errorStatus` instead. */
  errorRate?: number;
  errorStatus?: number;
  /** Unread events after which a watch is closed, as the apiserver drops watchers that cannot keep up. */
  watchBufferLimit?: number;
}

export class Faults {
  latencyMs = 0;
  errorRate = 0;
  errorStatus = 500;
  watchBufferLimit = 10_000;
  #failNext = 0;
  readonly #store: Store;
  readonly #watches: Set<OpenWatch>;

  constructor(store: Store, watches: Set<OpenWatch>, options: FaultOptions = {}) {
    this.#store = store;
    this.#watches = watches;
    this.set(options);
  }

  set(options: FaultOptions): void {
    if (options.latencyMs !== undefined) this.latencyMs = options.latencyMs;
    if (options.errorRate !== undefined) this.errorRate = options.errorRate;
    if (options.errorStatus !== undefined) this.errorStatus = options.errorStatus;
    if (options.watchBufferLimit !== undefined) this.watchBufferLimit = options.watchBufferLimit;
  }

  /** The next `n` resource requests fail with `status` (deterministic, unlike errorRate). */
  failNext(n: number, status = 500): void {
    this.#failNext = n;
    this.errorStatus = status;
  }

  /** Cut every open watch connection mid-stream. Returns how many were dropped. */
  dropWatches(): number {
    const open = [...this.#watches];
    for (const w of open) w.drop();
    return open.length;
  }

  /** End every open watch cleanly (as a server-side watch timeout does). Returns how many were ended. */
  endWatches(): number {
    const open = [...this.#watches];
    for (const w of open) w.end();
    return open.length;
  }

  /** Forget all retained history: any older resourceVersion or continue token now gets 410 Expired. */
  forceExpire(): void {
    this.#store.compact();
  }

  reset(): void {
    this.latencyMs = 0;
    this.errorRate = 0;
    this.errorStatus = 500;
    this.watchBufferLimit = 10_000;
    this.#failNext = 0;
  }

  /** Applied before a resource request: wait, then maybe fail. */
  async before(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const fail = this.#failNext > 0 ? (this.#failNext--, true) : this.errorRate > 0 && Math.random() < this.errorRate;
    if (fail) {
      const status = this.errorStatus;
      if (status === 503 || status === 429) {
        // Both come with Retry-After, as the apiserver's overload and priority-and-fairness answers do.
        const reason = status === 503 ? "ServiceUnavailable" : "TooManyRequests";
        const message = status === 503 ? "the server is currently unable to handle the request (fault injected)" : "Too many requests, please try again later. (fault injected)";
        throw new AppError(status, reason, message, { details: { retryAfterSeconds: 1 }, headers: { "retry-after": "1" } });
      }
      throw kubeError(status, "InternalError", "Internal error occurred: fault injected by the simulator");
    }
  }
}
