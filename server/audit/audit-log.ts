/**
 * What handlers call: `begin` before a privileged Kubernetes call (resolves once the "attempted" row is durable)
 * and `finish` after it; `record` for one-shot events. Every event is also one JSON line on stdout.
 * When the store cannot write, privileged actions are refused with 503 `audit_unavailable` (fail closed) unless
 * the operator chose fail-open.
 */
import type { Identity } from "../auth/identity.ts";
import { AppError } from "../http/errors.ts";
import type { Logger } from "../http/log.ts";
import { actorOf, boundedReason } from "./event.ts";
import type { AuditActor, AuditEvent, AuditOutcome, AuditResource, AuditVerb, FinalOutcome, StoredAuditEvent } from "./event.ts";
import type { AuditSettings } from "./settings.ts";
import { AuditWriteError, openAuditStore } from "./store.ts";
import type { AuditStore, AuditStoreHealth } from "./store.ts";

export interface AuditSubject {
  requestId: string;
  /** The acting user; or `actor` for events without a session (a refused login). */
  identity?: Identity;
  actor?: AuditActor;
  verb: AuditVerb;
  cluster?: string;
  resource?: AuditResource;
  extra?: Record<string, unknown>;
}

export interface AuditAction {
  /** The "attempted" row (with seq and hash when persisted). */
  readonly attempted: AuditEvent;
  /** Writes the outcome row. Never throws: a failure is logged and shows in health. */
  finish(outcome: FinalOutcome, reason?: string, extra?: Record<string, unknown>): Promise<void>;
}

export type AuditHealth =
  | { enabled: false; state: "disabled"; failMode: "closed" | "open" }
  | ({ enabled: true; failMode: "closed" | "open" } & AuditStoreHealth);

export interface AuditLog {
  begin(subject: AuditSubject): Promise<AuditAction>;
  /** A one-shot event. Throws `audit_unavailable` like `begin` (callers recording after the fact may catch). */
  record(subject: AuditSubject & { outcome: FinalOutcome; reason?: string }): Promise<AuditEvent>;
  health(): AuditHealth;
  /** The store behind the query API; undefined when persistence is off. */
  readonly store: AuditStore | undefined;
  close(): Promise<void>;
}

export interface AuditLogOptions {
  log: Logger;
  store?: AuditStore;
  clock?: () => Date;
  failOpen?: boolean;
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { log, store } = options;
  const clock = options.clock ?? (() => new Date());
  const failOpen = options.failOpen ?? false;

  const build = (s: AuditSubject, outcome: AuditOutcome, reason?: string, extra?: Record<string, unknown>): AuditEvent => {
    const actor = s.actor ?? (s.identity ? actorOf(s.identity) : undefined);
    if (!actor) throw new Error("audit event without an actor");
    const event: AuditEvent = { time: clock().toISOString(), requestId: s.requestId, actor, verb: s.verb, outcome };
    if (s.cluster !== undefined) event.cluster = s.cluster;
    if (s.resource !== undefined) event.resource = s.resource;
    const r = boundedReason(reason);
    if (r !== undefined) event.reason = r;
    const merged = extra || s.extra ? { ...s.extra, ...extra } : undefined;
    if (merged) event.extra = merged;
    return event;
  };

  /** Persist (when enabled) and print the stdout line; returns the stored event or throws AuditWriteError. */
  const write = async (event: AuditEvent): Promise<AuditEvent> => {
    let stored: StoredAuditEvent | undefined;
    let error: AuditWriteError | undefined;
    if (store) {
      try {
        stored = await store.append(event);
      } catch (e) {
        error = e instanceof AuditWriteError ? e : new AuditWriteError(String(e), undefined, e);
      }
    }
    const line: Record<string, unknown> = { level: error ? "error" : "info", msg: "audit", ...(stored ?? event) };
    if (store) line.persisted = !error;
    if (error) line.auditError = error.message;
    log.record(line);
    if (error) throw error;
    return stored ?? event;
  };

  const unavailable = (error: AuditWriteError) =>
    new AppError(503, "audit_unavailable", `the audit log cannot be written, so this action is refused: ${error.message}`, {
      details: { failMode: "closed" },
    });

  const guarded = async (event: AuditEvent): Promise<AuditEvent> => {
    try {
      return await write(event);
    } catch (error) {
      if (!(error instanceof AuditWriteError)) throw error;
      if (failOpen) {
        log.error("audit row not persisted; continuing because PERISCOPE_AUDIT_FAIL_OPEN=true", { requestId: event.requestId, verb: event.verb });
        return event;
      }
      throw unavailable(error);
    }
  };

  return {
    store,
    async begin(subject) {
      const attempted = await guarded(build(subject, "attempted"));
      let finished = false;
      return {
        attempted,
        async finish(outcome, reason, extra) {
          if (finished) {
            log.warn("audit action finished twice", { requestId: subject.requestId, verb: subject.verb });
            return;
          }
          finished = true;
          try {
            await write(build(subject, outcome, reason, extra));
          } catch (error) {
            log.error("audit outcome row not persisted", { requestId: subject.requestId, verb: subject.verb, error: error instanceof Error ? error.message : String(error) });
          }
        },
      };
    },
    record(subject) {
      return guarded(build(subject, subject.outcome, subject.reason));
    },
    health() {
      const failMode = failOpen ? "open" : "closed";
      if (!store) return { enabled: false, state: "disabled", failMode };
      return { enabled: true, failMode, ...store.health() };
    },
    async close() {
      await store?.close();
    },
  };
}

/** Builds the audit log from settings: opens (and recovers) the store when persistence is enabled. */
export async function openAuditLog(options: { settings: AuditSettings; log: Logger; clock?: () => Date }): Promise<AuditLog> {
  const { settings, log, clock } = options;
  if (!settings.enabled) return createAuditLog({ log, clock, failOpen: settings.failOpen });
  const store = await openAuditStore({
    dir: settings.dir,
    retentionDays: settings.retentionDays,
    maxSizeBytes: settings.maxSizeMB * 1024 * 1024,
    clock,
    log,
  });
  const timer = setInterval(() => void store.maintain().catch(() => {}), 3_600_000);
  (timer as unknown as { unref?(): void }).unref?.();
  const audit = createAuditLog({ log, store, clock, failOpen: settings.failOpen });
  return {
    ...audit,
    async close() {
      clearInterval(timer);
      await audit.close();
    },
  };
}
