/**
 * Ends long-lived connections (SSE streams, exec sessions) whose sign-in session has ended: one timer for all of
 * them, asking the auth service whether each session still exists.
 */
import type { Identity } from "../auth/identity.ts";

export interface SessionLookup {
  /** Session end (epoch ms), or undefined once it ended (auth-service.ts). */
  sessionExpiresAt(sessionKey: string | undefined): number | undefined;
}

interface Watched {
  sessionKey: string;
  onExpired: () => void;
}

export class SessionGuard {
  readonly #watched = new Set<Watched>();
  readonly #sessions: SessionLookup;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(sessions: SessionLookup, intervalMs: number, now: () => number = Date.now) {
    this.#sessions = sessions;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /** Calls `onExpired` once the identity's session ends; returns the function that stops watching. */
  watch(identity: Identity, onExpired: () => void): () => void {
    // No session (dev mode, shared test identities): nothing can expire.
    if (identity.sessionKey === undefined) return () => {};
    const entry: Watched = { sessionKey: identity.sessionKey, onExpired };
    this.#watched.add(entry);
    this.#timer ??= setInterval(() => this.check(), this.#intervalMs);
    return () => this.#forget(entry);
  }

  /** One pass over every watched connection (the timer calls this; tests may too). */
  check(): void {
    const now = this.#now();
    for (const entry of [...this.#watched]) {
      const until = this.#sessions.sessionExpiresAt(entry.sessionKey);
      if (until === undefined || until <= now) {
        this.#forget(entry);
        entry.onExpired();
      }
    }
  }

  get size(): number {
    return this.#watched.size;
  }

  close(): void {
    this.#watched.clear();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #forget(entry: Watched): void {
    this.#watched.delete(entry);
    if (this.#watched.size === 0 && this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
