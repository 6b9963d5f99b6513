/**
 * What the live routes (watch, logs, exec, features) are built from. Created once in routes.ts.
 */
import type { Identity } from "../auth/identity.ts";
import type { ClusterRegistry } from "../clusters/registry.ts";
import type { Logger } from "../http/log.ts";
import type { StreamRegistry } from "../http/sse.ts";
import type { KindCatalog } from "../kinds/catalog.ts";
import type { Platform } from "../platform/types.ts";
import { ExecSessions } from "./exec-sessions.ts";
import { SessionGuard } from "./session-guard.ts";
import type { SessionLookup } from "./session-guard.ts";
import type { LiveSettings } from "./settings.ts";

/** The slice of server/audit's AuditLog the live routes use (one-shot events). */
export interface LiveAudit {
  record?(event: {
    requestId: string;
    identity: Identity;
    verb: "exec_open" | "exec_close" | "log_open";
    outcome: "success" | "failure" | "denied";
    reason?: string;
    cluster?: string;
    resource?: { group?: string; version?: string; resource?: string; namespace?: string; name?: string };
    extra?: Record<string, unknown>;
  }): Promise<unknown>;
}

export interface LiveDeps {
  clusters: ClusterRegistry;
  kinds: KindCatalog;
  log: Logger;
  streams: StreamRegistry;
  settings: LiveSettings;
  platform: Platform;
  audit: LiveAudit | undefined;
  guard: SessionGuard;
  exec: ExecSessions;
}

/** What the routes hand over; the session guard and exec registry are made here (and closed on shutdown). */
export type LiveDepsOptions = Omit<LiveDeps, "audit" | "guard" | "exec"> & {
  audit?: LiveAudit | undefined;
  sessions: SessionLookup;
  onShutdown(hook: (reason: string) => void): void;
};

export function createLiveDeps(o: LiveDepsOptions): LiveDeps {
  const guard = new SessionGuard(o.sessions, o.settings.sessionCheckMs);
  const exec = new ExecSessions();
  o.onShutdown((reason) => {
    exec.closeAll("server_shutdown", reason);
    guard.close();
  });
  const { sessions: _sessions, onShutdown: _onShutdown, ...shared } = o;
  return { ...shared, audit: o.audit, guard, exec };
}
