/**
 * Server-side sessions in process memory (the chart runs one replica with Recreate). The browser holds a random
 * id; we keep only its SHA-256, so a heap dump or log line never yields a usable cookie. Idle and absolute
 * timeouts are enforced on every read; a sweeper drops the expired; the map is bounded in total and per subject
 * (oldest evicted first).
 */
import type { Identity } from "./identity.ts";
import { hashToken, randomToken } from "./tokens.ts";

export interface ProviderTokens {
  /** Kept only for the end-session `id_token_hint`. */
  idToken: string | undefined;
  accessToken: string | undefined;
  refreshToken: string | undefined;
  /** Access-token expiry, epoch ms; undefined when the provider did not say. */
  accessExpiresAt: number | undefined;
}

export interface Session {
  readonly key: string;
  identity: Identity;
  tokens: ProviderTokens;
  readonly createdAt: number;
  lastSeenAt: number;
  /** A refresh in flight, shared by concurrent requests of this session. */
  refreshing: Promise<boolean> | undefined;
}

export interface SessionStoreOptions {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  now: () => number;
  maxSessions?: number;
  maxPerSubject?: number;
}

export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #options: Required<SessionStoreOptions>;

  constructor(options: SessionStoreOptions) {
    this.#options = { maxSessions: 10_000, maxPerSubject: 50, ...options };
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** A new session; returns the id for the cookie (the only time it exists in clear). */
  create(identity: Identity, tokens: ProviderTokens): { id: string; session: Session } {
    const id = randomToken(32);
    const key = hashToken(id);
    const now = this.#options.now();
    const session: Session = { key, identity: { ...identity, sessionKey: key }, tokens, createdAt: now, lastSeenAt: now, refreshing: undefined };
    this.#evictFor(identity.subject);
    this.#sessions.set(key, session);
    session.identity.expiresAt = this.expiresAt(session);
    return { id, session };
  }

  /** The live session for a cookie value, or undefined (expired ones are removed on the way). */
  get(id: string | undefined): Session | undefined {
    if (!id || id.length > 200) return undefined;
    return this.peek(hashToken(id));
  }

  /** Marks activity (sliding idle timeout) and refreshes the identity's expiresAt. */
  touch(session: Session): void {
    session.lastSeenAt = this.#options.now();
    session.identity.expiresAt = this.expiresAt(session);
  }

  expiresAt(session: Session): number {
    return Math.min(session.lastSeenAt + this.#options.idleTimeoutMs, session.createdAt + this.#options.absoluteTimeoutMs);
  }

  delete(key: string): boolean {
    return this.#sessions.delete(key);
  }

  /** Ends every session of a subject ("logout everywhere"); returns them. */
  deleteSubject(subject: string): Session[] {
    const removed: Session[] = [];
    for (const [key, session] of this.#sessions) {
      if (session.identity.subject === subject) {
        this.#sessions.delete(key);
        removed.push(session);
      }
    }
    return removed;
  }

  /** The live session with this key (the hash, as in `Identity.sessionKey`), without touching it. */
  peek(key: string): Session | undefined {
    const session = this.#sessions.get(key);
    if (!session) return undefined;
    if (this.#expired(session, this.#options.now())) {
      this.#sessions.delete(key);
      return undefined;
    }
    return session;
  }

  countSubject(subject: string): number {
    let count = 0;
    for (const session of this.#sessions.values()) if (session.identity.subject === subject) count++;
    return count;
  }

  /** Drops expired sessions; returns how many. */
  sweep(): number {
    const now = this.#options.now();
    let removed = 0;
    for (const [key, session] of this.#sessions) {
      if (this.#expired(session, now)) {
        this.#sessions.delete(key);
        removed++;
      }
    }
    return removed;
  }

  #expired(session: Session, now: number): boolean {
    return now >= this.expiresAt(session);
  }

  #evictFor(subject: string): void {
    this.sweep();
    // Map iteration is insertion order, so the first match is the oldest.
    if (this.countSubject(subject) >= this.#options.maxPerSubject) {
      for (const [key, session] of this.#sessions) {
        if (session.identity.subject === subject) {
          this.#sessions.delete(key);
          break;
        }
      }
    }
    while (this.#sessions.size >= this.#options.maxSessions) {
      const oldest = this.#sessions.keys().next();
      if (oldest.done) break;
      this.#sessions.delete(oldest.value);
    }
  }
}
