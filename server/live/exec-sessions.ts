/**
 * The exec sessions open on this server: caps per user, per cluster and in total (429 listing the user's own
 * sessions), and closing them all at shutdown.
 */
import { AppError } from "../http/errors.ts";
import type { ClusterExecConfig } from "../config/schema/clusters.ts";
import type { ExecLimits } from "./settings.ts";

export interface ExecSessionInfo {
  id: string;
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  startedAt: string;
}

export interface ActiveExec {
  info: ExecSessionInfo;
  owner: string;
  close(reason: string, message: string): void;
}

/** Global PERISCOPE_EXEC_* defaults with the cluster's `exec:` overrides on top (seconds → ms). */
export function execLimitsFor(global: ExecLimits, override: ClusterExecConfig | undefined): ExecLimits & { clusterMaxTotal: number | undefined } {
  const o = override ?? {};
  const idleMs = o.serverIdleSeconds !== undefined ? o.serverIdleSeconds * 1000 : global.idleMs;
  const warnMs = o.idleWarnSeconds !== undefined ? o.idleWarnSeconds * 1000 : global.idleWarnMs;
  return {
    enabled: o.enabled ?? global.enabled,
    idleMs,
    idleWarnMs: Math.min(warnMs, idleMs),
    heartbeatMs: o.heartbeatSeconds !== undefined ? o.heartbeatSeconds * 1000 : global.heartbeatMs,
    maxPerUser: o.maxSessionsPerUser ?? global.maxPerUser,
    maxTotal: global.maxTotal,
    clusterMaxTotal: o.maxSessionsTotal,
  };
}

export class ExecSessions {
  readonly #active = new Map<string, ActiveExec>();

  /** The user's open sessions (what a 429 shows them). */
  forUser(owner: string): ExecSessionInfo[] {
    return [...this.#active.values()].filter((s) => s.owner === owner).map((s) => ({ ...s.info }));
  }

  get size(): number {
    return this.#active.size;
  }

  /** Throws 429 when opening one more session for `owner` on `cluster` would pass a cap. */
  checkCaps(owner: string, cluster: string, limits: ReturnType<typeof execLimitsFor>): void {
    const mine = this.forUser(owner);
    const onCluster = [...this.#active.values()].filter((s) => s.info.cluster === cluster).length;
    const refuse = (code: string, message: string) =>
      new AppError(429, code, message, { details: { sessions: mine, limits: { perUser: limits.maxPerUser, total: limits.maxTotal, cluster: limits.clusterMaxTotal } }, headers: { "retry-after": "10" } });
    if (mine.length >= limits.maxPerUser) throw refuse("too_many_exec_sessions", `you already have ${mine.length} exec sessions open (the limit is ${limits.maxPerUser}); close one first`);
    if (limits.clusterMaxTotal !== undefined && onCluster >= limits.clusterMaxTotal) {
      throw refuse("cluster_exec_capacity", `cluster ${cluster} already has ${onCluster} exec sessions open (its limit is ${limits.clusterMaxTotal}); try again later`);
    }
    if (this.#active.size >= limits.maxTotal) throw refuse("exec_capacity", `the console already has ${this.#active.size} exec sessions open (the limit is ${limits.maxTotal}); try again later`);
  }

  add(session: ActiveExec): void {
    this.#active.set(session.info.id, session);
  }

  remove(id: string): void {
    this.#active.delete(id);
  }

  closeAll(reason: string, message: string): void {
    for (const s of [...this.#active.values()]) s.close(reason, message);
  }
}
